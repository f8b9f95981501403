/**
 * What a scenario keeps of its exchanges, so memory stays bounded however many it sends: every exchange while
 * there are few (the first `budget`, which is every exchange of an ordinary scenario), and beyond that only
 * the ones evidence points at — a failing check's, a failed step's last few — while the rest are counted,
 * and written to a sink first when the run keeps every exchange (`--keep-exchanges`).
 */
import type { Exchange } from '../model.js';

export interface ExchangeLogOptions {
  /** Exchanges kept whole before only evidence is kept (default {@link DEFAULT_BUDGET}). */
  budget?: number;
  /** Recent exchanges held until it is known whether evidence points at them (default {@link DEFAULT_WINDOW}). */
  window?: number;
  /** Receives every exchange as it is recorded, before any is dropped. */
  sink?: (exchange: Exchange) => void;
}

/** More than the largest ordinary scenario sends (a 50-user full sync: ~250), so those reports keep everything. */
const DEFAULT_BUDGET = 1000;
/**
 * A judge pins the exchange it just read as soon as it finds it failing, and a failed step pins its last few:
 * both happen within a few exchanges of the one pinned. Spec checks judged in a worker thread may be further
 * behind: the exchanges they have not judged yet are held beyond the window ({@link ExchangeLog.hold}).
 */
const DEFAULT_WINDOW = 64;
/** How many of a failed step's last exchanges are kept as its evidence. */
const FAILED_STEP_EVIDENCE = 5;

export class ExchangeLog {
  private readonly kept: Exchange[] = [];
  private readonly recent: Exchange[] = [];
  private readonly pinned = new Set<string>();
  /** Exchanges still being judged: held past the window until the judge says whether evidence points at them. */
  private readonly unsettled = new Set<string>();
  private readonly sequenceOf = new Map<string, number>();
  private readonly budget: number;
  private readonly windowSize: number;
  private count = 0;
  private dropped = 0;

  constructor(private readonly options: ExchangeLogOptions = {}) {
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.windowSize = options.window ?? DEFAULT_WINDOW;
  }

  /** Records the exchange; its position (1, 2, …) is what {@link range} counts in. */
  add(exchange: Exchange): number {
    this.count += 1;
    this.options.sink?.(exchange);
    this.sequenceOf.set(exchange.id, this.count);
    if (this.kept.length < this.budget && this.recent.length === 0) {
      this.kept.push(exchange);
      return this.count;
    }
    this.recent.push(exchange);
    this.trim();
    return this.count;
  }

  /**
   * The exchange is being judged (spec checks in a worker thread may answer many exchanges later): it stays held
   * until {@link settle}, so a failing finding still finds it however far the judge lags.
   */
  hold(exchangeId: string): void {
    if (this.sequenceOf.has(exchangeId)) this.unsettled.add(exchangeId);
  }

  /** The exchange is judged (and pinned if a finding points at it): the window may let it go. */
  settle(exchangeId: string): void {
    if (this.unsettled.delete(exchangeId)) this.trim();
  }

  /** Keeps this exchange whole if it is still held: evidence points at it. */
  pin(exchangeId: string | undefined): void {
    if (exchangeId !== undefined && this.sequenceOf.has(exchangeId)) this.pinned.add(exchangeId);
  }

  /** Keeps the last `n` exchanges recorded (a failed step's evidence). */
  pinLast(n = FAILED_STEP_EVIDENCE): void {
    for (const exchange of this.recent.slice(-n)) this.pinned.add(exchange.id);
  }

  /** Exchanges recorded so far (kept or not). */
  get total(): number {
    return this.count;
  }

  /** Exchanges that were not kept. */
  get omitted(): number {
    return this.dropped;
  }

  /** The exchanges kept so far in the order they were sent, and those still held in the window (read-only). */
  exchanges(): Exchange[] {
    return [...this.kept, ...this.recent];
  }

  /** The scenario is over: what the window still holds is kept if pinned or within budget, else dropped. */
  finish(): void {
    this.unsettled.clear();
    for (const exchange of this.recent.splice(0)) this.retire(exchange);
  }

  /** Lets the oldest exchanges beyond the window go, in order, up to the first one still being judged. */
  private trim(): void {
    while (this.recent.length > this.windowSize && !this.unsettled.has(this.recent[0]!.id)) this.retire(this.recent.shift()!);
  }

  /** The ids of kept exchanges recorded at positions `from`…`to` (inclusive), and how many there were not kept. */
  range(from: number, to: number): { ids: string[]; omitted: number } {
    const held = this.exchanges();
    const at = (e: Exchange) => this.sequenceOf.get(e.id) ?? 0;
    // Positions rise through `held`: the first exchange at or after `from` by binary search, then a walk to `to`.
    let low = 0;
    for (let high = held.length; low < high; ) {
      const middle = (low + high) >>> 1;
      if (at(held[middle]!) < from) low = middle + 1;
      else high = middle;
    }
    const ids: string[] = [];
    for (let i = low; i < held.length && at(held[i]!) <= to; i += 1) ids.push(held[i]!.id);
    return { ids, omitted: Math.max(0, to - from + 1 - ids.length) };
  }

  private retire(exchange: Exchange): void {
    if (this.kept.length < this.budget || this.pinned.has(exchange.id)) {
      this.kept.push(exchange);
      return;
    }
    this.dropped += 1;
    // Only kept exchanges are looked up by position later; a dropped one's position is not needed.
    this.sequenceOf.delete(exchange.id);
  }
}
