/**
 * Slows credential guessing on the admin console: after `maxFailures` failed sign-ins (wrong credential
 * on `POST /admin/api/login`, or a rejected `Authorization` header) from one address within `windowMs`,
 * that address gets 429 with `Retry-After` until the oldest of those failures leaves the window. While
 * refused, its attempts are not checked and not counted, so the wait is bounded; a session already
 * signed in keeps working.
 */

export interface SignInLimitOptions {
  /** Default 5. */
  maxFailures?: number;
  /** Default 60 000 (one minute). */
  windowMs?: number;
  /** Addresses tracked at most; past it the longest-tracked is forgotten, so a spray of addresses cannot grow memory. */
  maxAddresses?: number;
  /** For tests; default `Date.now`. */
  now?: () => number;
}

export class SignInLimit {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(options: SignInLimitOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds `address` must wait before trying again, or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    const freeAt = recent[recent.length - this.maxFailures]! + this.windowMs;
    return Math.max(1, Math.ceil((freeAt - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    // Re-insert so the Map's order is least-recently-failed first, which is what gets forgotten first.
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.maxFailures));
    while (this.failures.size > this.maxAddresses) this.failures.delete(this.failures.keys().next().value as string);
  }

  /** A success clears the address's record: a typo before the right credential should not count later. */
  recordSuccess(address: string): void {
    this.failures.delete(address);
  }

  /** The address's failures still inside the window, oldest first; forgets the address when none are. */
  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(address);
    return recent;
  }
}
