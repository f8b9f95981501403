/**
 * Who may speak SCIM to the provider: the organization's bearer API token (Docker Hub's "API token"),
 * which an admin can regenerate, and the SCIM on/off switch. Disabling SCIM refuses traffic but leaves
 * every provisioned user in place, as Docker Hub does.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ScimError } from './messages/error.js';

export type AccessEvent = { kind: 'token-regenerated' } | { kind: 'scim-enabled' } | { kind: 'scim-disabled' };

export class ScimAccess {
  private token: string;
  private check: TokenCheck;
  private enabled = true;
  private readonly listeners = new Set<(event: AccessEvent) => void>();
  /** Installed by the {@link Organization}: why SCIM may not be switched on now (unmet prerequisites). */
  private enableGuard: (() => string | undefined) | undefined;

  constructor(token?: string) {
    this.token = token ?? newToken();
    this.check = new TokenCheck(this.token);
  }

  get currentToken(): string {
    return this.token;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** A new token; the old one stops working at once. */
  regenerate(): string {
    this.token = newToken();
    // A new check object, not a changed one: nothing of the old token is compared against from here on.
    this.check = new TokenCheck(this.token);
    this.emit({ kind: 'token-regenerated' });
    return this.token;
  }

  /** Throws {@link ScimLockedError} when switching on while the organization's prerequisites are unmet. */
  setEnabled(enabled: boolean): void {
    if (this.enabled === enabled) return;
    const locked = enabled ? this.enableGuard?.() : undefined;
    if (locked !== undefined) throw new ScimLockedError(locked);
    this.enabled = enabled;
    this.emit({ kind: enabled ? 'scim-enabled' : 'scim-disabled' });
  }

  onChange(listener: (event: AccessEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  guardEnable(guard: () => string | undefined): void {
    this.enableGuard = guard;
  }

  /** Throws the 401/403 a client should see; returns normally when the request may proceed. */
  authorize(authorization: string | undefined): void {
    if (!authorization) {
      throw new ScimError(401, undefined, 'Authorization header with a bearer token is required.', { 'WWW-Authenticate': 'Bearer realm="scim"' });
    }
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (!match) {
      throw new ScimError(401, undefined, 'Authorization must use the Bearer scheme.', {
        'WWW-Authenticate': 'Bearer realm="scim", error="invalid_request"',
      });
    }
    if (!this.check.matches(match[1]!.trim())) {
      throw new ScimError(401, undefined, 'The bearer token is not valid (it may have been regenerated).', {
        'WWW-Authenticate': 'Bearer realm="scim", error="invalid_token"',
      });
    }
    if (!this.enabled) {
      throw new ScimError(403, undefined, 'SCIM provisioning is disabled for this organization; provisioned users are kept but no changes are accepted.');
    }
  }

  private emit(event: AccessEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

export class ScimLockedError extends Error {
  override name = 'ScimLockedError';
}

/**
 * Docker Hub's organization security settings: SCIM is locked until SAML SSO is configured and the company
 * domain verified; then it can be enabled. Unsetting a prerequisite while SCIM is on switches it off (users
 * stay). The defaults (prerequisites met, SCIM on) are what every conformance run relies on.
 */
export interface OrganizationOptions {
  /** Shown in the admin console; default `acme`. */
  name?: string;
  /** Default true. */
  ssoConfigured?: boolean;
  /** Default true. */
  domainVerified?: boolean;
  /** The company domain (verified or awaiting verification); default `example.com`. */
  domain?: string;
  /** Default true; forced off when a prerequisite is unmet. */
  scimEnabled?: boolean;
  /** When the token was issued; default now. A provider restored from its data directory passes the saved one. */
  tokenIssuedAt?: string;
}

export interface OrganizationState {
  name: string;
  ssoConfigured: boolean;
  domainVerified: boolean;
  domain: string;
  scimEnabled: boolean;
  /** True while a prerequisite is unmet; `lockReasons` says which. */
  scimLocked: boolean;
  lockReasons: string[];
  /** When the current API token was issued (creation or the last "Generate new token"). */
  tokenIssuedAt: string;
}

export type OrganizationEvent =
  | AccessEvent
  | { kind: 'prerequisite-changed'; prerequisite: 'ssoConfigured' | 'domainVerified'; met: boolean; scimDisabled: boolean; message: string };

/** What a prerequisite change did: `scimDisabled` when it switched SCIM off, with a sentence saying so. */
export interface PrerequisiteChange {
  scimDisabled: boolean;
  message: string;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export class Organization {
  readonly name: string;
  private sso: boolean;
  private verified: boolean;
  private companyDomain: string;
  private issuedAt: string;
  private readonly listeners = new Set<(event: OrganizationEvent) => void>();

  constructor(
    readonly access: ScimAccess,
    options: OrganizationOptions = {},
  ) {
    this.name = options.name ?? 'acme';
    this.sso = options.ssoConfigured ?? true;
    this.verified = options.domainVerified ?? true;
    this.companyDomain = normalizeDomain(options.domain ?? 'example.com');
    this.issuedAt = options.tokenIssuedAt ?? new Date().toISOString();
    if (options.scimEnabled === true && this.lockReasons().length > 0) {
      throw new ScimLockedError(`SCIM cannot start enabled: ${this.lockReasons().join('; ')}.`);
    }
    access.setEnabled(options.scimEnabled ?? this.lockReasons().length === 0);
    access.guardEnable(() => {
      const reasons = this.lockReasons();
      return reasons.length === 0 ? undefined : `SCIM is locked until its prerequisites are met: ${reasons.join('; ')}.`;
    });
    access.onChange((event) => {
      if (event.kind === 'token-regenerated') this.issuedAt = new Date().toISOString();
      this.emit(event);
    });
  }

  get state(): OrganizationState {
    const lockReasons = this.lockReasons();
    return {
      name: this.name,
      ssoConfigured: this.sso,
      domainVerified: this.verified,
      domain: this.companyDomain,
      scimEnabled: this.access.isEnabled,
      scimLocked: lockReasons.length > 0,
      lockReasons,
      tokenIssuedAt: this.issuedAt,
    };
  }

  lockReasons(): string[] {
    const reasons: string[] = [];
    if (!this.sso) reasons.push('SAML SSO is not configured');
    if (!this.verified) reasons.push(`the company domain (${this.companyDomain}) is not verified`);
    return reasons;
  }

  setSsoConfigured(configured: boolean): PrerequisiteChange {
    if (this.sso === configured) return { scimDisabled: false, message: `SAML SSO is ${configured ? 'already' : 'not'} configured.` };
    this.sso = configured;
    return this.prerequisiteChanged('ssoConfigured', configured, configured ? 'SAML SSO is configured.' : 'SAML SSO connection removed.');
  }

  /** Verifies `domain` (or the current company domain); throws `RangeError` for something that is not a domain name. */
  verifyDomain(domain: string = this.companyDomain): PrerequisiteChange {
    const normalized = normalizeDomain(domain);
    if (!DOMAIN.test(normalized)) throw new RangeError(`'${domain}' is not a domain name (e.g. example.com).`);
    const changed = !this.verified || normalized !== this.companyDomain;
    this.companyDomain = normalized;
    this.verified = true;
    if (!changed) return { scimDisabled: false, message: `${normalized} is already verified.` };
    return this.prerequisiteChanged('domainVerified', true, `Domain ${normalized} verified.`);
  }

  unverifyDomain(): PrerequisiteChange {
    if (!this.verified) return { scimDisabled: false, message: `${this.companyDomain} is not verified.` };
    this.verified = false;
    return this.prerequisiteChanged('domainVerified', false, `Verification of ${this.companyDomain} removed.`);
  }

  /** Throws {@link ScimLockedError} while a prerequisite is unmet. */
  enableScim(): void {
    this.access.setEnabled(true);
  }

  /** Stops SCIM traffic (403); every provisioned user stays. */
  disableScim(): void {
    this.access.setEnabled(false);
  }

  /** "Generate new token": the old token stops working at once. */
  regenerateToken(): string {
    return this.access.regenerate();
  }

  onChange(listener: (event: OrganizationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private prerequisiteChanged(prerequisite: 'ssoConfigured' | 'domainVerified', met: boolean, what: string): PrerequisiteChange {
    const scimDisabled = !met && this.access.isEnabled;
    if (scimDisabled) this.access.setEnabled(false);
    const message = scimDisabled ? `${what} SCIM has been disabled because a prerequisite is no longer met; provisioned users are kept.` : what;
    this.emit({ kind: 'prerequisite-changed', prerequisite, met, scimDisabled, message });
    return { scimDisabled, message };
  }

  private emit(event: OrganizationEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

function newToken(): string {
  return `dckr_scim_${randomBytes(24).toString('base64url')}`;
}

/**
 * How many bytes every token check compares, whatever the token's length (a longer token widens it to its own
 * length): the check's time depends on what the client sent, never on the token's content or length.
 */
const COMPARED_BYTES = 256;

/**
 * A constant-time comparison of a presented token with the current one, without a digest per request (a
 * sha256 of the presented token was ~2 µs of every SCIM request, issue 12). The presented value is written
 * into a zeroed buffer of a fixed width and compared in full with the token's bytes, zero-padded alike, by
 * `timingSafeEqual`: no early exit, so no prefix leaks; the byte lengths must also be equal, so a prefix or a
 * value padded with NULs never matches. Nothing is cached between requests: each check reads the current
 * token, so a regenerated token (a new TokenCheck) is refused on the very next request.
 */
class TokenCheck {
  private readonly expected: Buffer;
  private readonly length: number;
  /** Reused for each presented value (checks run one at a time) and zeroed after it: no credential stays in it. */
  private readonly scratch: Buffer;

  constructor(token: string) {
    this.length = Buffer.byteLength(token, 'utf8');
    this.expected = Buffer.alloc(Math.max(COMPARED_BYTES, this.length));
    this.expected.write(token, 0, 'utf8');
    this.scratch = Buffer.alloc(this.expected.length);
  }

  matches(presented: string): boolean {
    // Writes whole characters only, at most the buffer's length: a longer value is compared by its start and
    // then refused by its length.
    this.scratch.write(presented, 0, 'utf8');
    const same = timingSafeEqual(this.scratch, this.expected);
    const sameLength = Buffer.byteLength(presented, 'utf8') === this.length;
    this.scratch.fill(0);
    return same && sameLength;
  }
}
