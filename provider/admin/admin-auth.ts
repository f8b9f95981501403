/**
 * Who may use the admin console: the holder of the admin credential, a random secret separate from the
 * SCIM bearer token. It is accepted two ways:
 * - HTTP Basic `admin:<credential>` (scripts, curl), on every `/admin/api/*` route;
 * - a session cookie set by `POST /admin/api/login` with the credential (the page's login form):
 *   `HttpOnly; SameSite=Strict; Path=/admin`, 12 hours, dropped by `POST /admin/api/logout`.
 * The `Bearer` scheme is never accepted here, whatever the token, and the SCIM API never accepts Basic or
 * the cookie, so neither credential opens the other door.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ADMIN_USER = 'admin';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type AdminPrincipal = 'basic' | 'session';

export class AdminAuth {
  private readonly digest: Buffer;
  /** sha256(session id) → expiry (ms since epoch); the raw id lives only in the browser's cookie. */
  private readonly sessions = new Map<string, number>();

  constructor(readonly credential: string = newAdminCredential()) {
    if (credential.length < 8) throw new Error('The admin credential must be at least 8 characters.');
    this.digest = sha256(credential);
  }

  /** True when `candidate` is the admin credential (constant-time). */
  check(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate), this.digest);
  }

  /** Who the request is, from its `Authorization` header and its session cookie value; null when neither holds. */
  authenticate(authorization: string | undefined, sessionId: string | undefined): AdminPrincipal | null {
    if (authorization !== undefined && authorization.trim() !== '') {
      // A request that presents an Authorization header is judged on it alone: Bearer (the SCIM token) never passes.
      return this.checkBasic(authorization) ? 'basic' : null;
    }
    if (sessionId !== undefined && this.validSession(sessionId)) return 'session';
    return null;
  }

  /** A new session id for a correct credential, else null. */
  login(candidate: string): string | null {
    if (!this.check(candidate)) return null;
    this.prune();
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(sha256(id).toString('hex'), Date.now() + SESSION_TTL_MS);
    return id;
  }

  logout(sessionId: string | undefined): void {
    if (sessionId !== undefined) this.sessions.delete(sha256(sessionId).toString('hex'));
  }

  private validSession(sessionId: string): boolean {
    const key = sha256(sessionId).toString('hex');
    const expires = this.sessions.get(key);
    if (expires === undefined) return false;
    if (expires <= Date.now()) {
      this.sessions.delete(key);
      return false;
    }
    return true;
  }

  private checkBasic(authorization: string): boolean {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization.trim());
    if (!match) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    // Check the password even for a wrong user name, so both take the same time.
    const passwordOk = this.check(password);
    return user === ADMIN_USER && passwordOk;
  }

  private prune(): void {
    const now = Date.now();
    for (const [key, expires] of this.sessions) if (expires <= now) this.sessions.delete(key);
  }
}

export function newAdminCredential(): string {
  return `scim_admin_${randomBytes(18).toString('base64url')}`;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
