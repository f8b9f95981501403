/**
 * Okta on the wire: the declared headers, encoding and retry policy, one action's run (settings, outcome,
 * admin tasks), and what Okta remembers beyond `IdpState`: the profile it last pushed per user.
 */
import type { Exchange } from '../../vocabulary/exchange.js';
import { ActionRun, clientOptions } from '../action-run.js';
import { profileMemory, type IdpContext } from '../profile.js';
import type { ScimResource } from '../scim-client.js';
import type { OktaConfig } from './config.js';
import { OKTA_DECLARATION, type OktaBehaviour } from './declaration.js';
import type { FlatProfile } from './mapping.js';

/** One action's run: the client, the settings, and what Okta concluded. */
export class OktaRun extends ActionRun<OktaBehaviour> {
  constructor(
    ctx: IdpContext,
    readonly config: OktaConfig,
  ) {
    super(ctx, clientOptions(OKTA_DECLARATION.traffic));
  }

  /** User key → the mapped profile Okta last pushed (absent for users it has not pushed to), kept per state. */
  get pushed(): Map<string, FlatProfile> {
    return profileMemory(this.state, 'okta.pushedProfiles', () => new Map<string, FlatProfile>());
  }

  /** A failed push: Okta shows it to the admin as a task ("Provisioning → Tasks"). */
  fail(message: string): false {
    this.failWithTask(message);
    return false;
  }
}

export function json(exchange: Exchange): ScimResource | undefined {
  const body = exchange.responseJson;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as ScimResource) : undefined;
}

/** `HTTP 409 (uniqueness: userName taken)` or the transport failure. */
export function answer(exchange: Exchange): string {
  if (!exchange.response) return `no response (${exchange.transportError?.message ?? 'transport failure'})`;
  const body = json(exchange);
  const scimType = typeof body?.scimType === 'string' ? body.scimType : undefined;
  const detail = typeof body?.detail === 'string' ? body.detail : undefined;
  const extra = [scimType, detail].filter((s) => s !== undefined).join(': ');
  return `HTTP ${exchange.response.status}${extra ? ` (${extra})` : ''}`;
}

/** 200, or 204 as Okta accepts for PATCH (S1). */
export function succeeded(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return status === 200 || status === 204;
}
