/**
 * Who may speak SCIM to the provider: the organization's bearer API token (Docker Hub's "API token"),
 * which an admin can regenerate, and the SCIM on/off switch. Disabling SCIM refuses traffic but leaves
 * every provisioned user in place, as Docker Hub does.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ScimError } from './messages/error.js';

export type AccessEvent = { kind: 'token-regenerated' } | { kind: 'scim-enabled' } | { kind: 'scim-disabled' };

export class ScimAccess {
  private token: string;
  private digest: Buffer;
  private enabled = true;
  private readonly listeners = new Set<(event: AccessEvent) => void>();

  constructor(token?: string) {
    this.token = token ?? newToken();
    this.digest = sha256(this.token);
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
    this.digest = sha256(this.token);
    this.emit({ kind: 'token-regenerated' });
    return this.token;
  }

  setEnabled(enabled: boolean): void {
    if (this.enabled === enabled) return;
    this.enabled = enabled;
    this.emit({ kind: enabled ? 'scim-enabled' : 'scim-disabled' });
  }

  onChange(listener: (event: AccessEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Throws the 401/403 a client should see; returns normally when the request may proceed. */
  authorize(authorization: string | undefined): void {
    const challenge = { 'WWW-Authenticate': 'Bearer realm="scim"' };
    if (!authorization) throw new ScimError(401, undefined, 'Authorization header with a bearer token is required.', challenge);
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (!match) {
      throw new ScimError(401, undefined, 'Authorization must use the Bearer scheme.', {
        'WWW-Authenticate': 'Bearer realm="scim", error="invalid_request"',
      });
    }
    // Compare digests, not the tokens: equal length always, and no early exit that leaks a prefix.
    if (!timingSafeEqual(sha256(match[1]!.trim()), this.digest)) {
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

function newToken(): string {
  return `dckr_scim_${randomBytes(24).toString('base64url')}`;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
