/**
 * Okta on the wire: the declared headers, encoding and retry policy, one action's run (settings, outcome,
 * admin tasks), and what Okta remembers beyond `IdpState`: the profile it last pushed per user.
 */
import type { Area, Exchange, OutgoingRequest } from '../../vocabulary/exchange.js';
import type { IdpContext, IdpState } from '../profile.js';
import { IdpScimClient, type IdpClientOptions, type ScimResource } from '../scim-client.js';
import type { OktaConfig } from './config.js';
import { OKTA_DECLARATION, type OktaBehaviour } from './declaration.js';
import type { FlatProfile } from './mapping.js';

const TRAFFIC = OKTA_DECLARATION.traffic;

/** The declared traffic as the SCIM client takes it: headers, encoding, retries. */
const OKTA_CLIENT_OPTIONS: IdpClientOptions = {
  headers: { ...TRAFFIC.headers },
  bodyHeaders: { ...TRAFFIC.bodyHeaders },
  retry: TRAFFIC.retry,
  spaceAs: TRAFFIC.spaceAs,
};

/** User key → the mapped profile Okta last pushed (absent for users it has not pushed to). */
const pushedProfiles = new WeakMap<IdpState, Map<string, FlatProfile>>();

function pushedOf(state: IdpState): Map<string, FlatProfile> {
  let pushed = pushedProfiles.get(state);
  if (!pushed) {
    pushed = new Map();
    pushedProfiles.set(state, pushed);
  }
  return pushed;
}

/** One action's run: the client, the settings, and what Okta concluded. */
export class OktaRun {
  readonly client: IdpScimClient;
  readonly messages: string[] = [];
  ok = true;

  constructor(
    readonly ctx: IdpContext,
    readonly config: OktaConfig,
  ) {
    this.client = new IdpScimClient(ctx.http, OKTA_CLIENT_OPTIONS);
  }

  /** The profiles Okta last pushed, per user key. */
  get pushed(): Map<string, FlatProfile> {
    return pushedOf(this.ctx.state);
  }

  /** Every Okta request names the declared behaviour it enacts. */
  send(request: OutgoingRequest, area: Area, label: string, behaviour: OktaBehaviour): Promise<Exchange> {
    return this.client.send(request, area, label, behaviour);
  }

  note(message: string): void {
    this.messages.push(message);
  }

  /** A failed push: Okta shows it to the admin as a task ("Provisioning → Tasks"). */
  fail(message: string): false {
    this.ok = false;
    this.ctx.state.adminTasks.push(message);
    this.messages.push(message);
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
