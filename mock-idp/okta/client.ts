/**
 * Okta on the wire: its headers (../shared/docs/idp-traffic.md) and its retry policy, plus what Okta
 * remembers per app between actions beyond `IdpState` (the last profile it pushed, group members).
 */
import type { Area, Exchange } from '../../vocabulary/exchange.js';
import type { OutgoingRequest } from '../../vocabulary/exchange.js';
import type { IdpContext, IdpState } from '../profile.js';
import { IdpScimClient, type IdpClientOptions, type ScimResource } from '../scim-client.js';
import type { OktaConfig } from './config.js';
import type { FlatProfile } from './mapping.js';

export const OKTA_USER_AGENT = 'Okta SCIM Client 1.0.0';

export const OKTA_CLIENT_OPTIONS: IdpClientOptions = {
  headers: { Accept: 'application/scim+json', 'Accept-Charset': 'utf-8', 'User-Agent': OKTA_USER_AGENT },
  bodyHeaders: { 'Content-Type': 'application/scim+json; charset=utf-8' },
  // Okta waits out a 429's Retry-After and tries again; it never retries a 400 (nor other errors).
  retry: { retryOn: [429], maxAttempts: 5, defaultWaitMs: 60_000 },
};

/** Okta's memory of one app, beside the shared `IdpState`. */
interface OktaMemory {
  /** User key → the mapped profile Okta last pushed (absent for linked users until Okta pushes). */
  pushed: Map<string, FlatProfile>;
  /** Group name → member user keys as last pushed. */
  members: Map<string, Set<string>>;
}

const memories = new WeakMap<IdpState, OktaMemory>();

export function memoryOf(state: IdpState): OktaMemory {
  let memory = memories.get(state);
  if (!memory) {
    memory = { pushed: new Map(), members: new Map() };
    memories.set(state, memory);
  }
  return memory;
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

  get memory(): OktaMemory {
    return memoryOf(this.ctx.state);
  }

  send(request: OutgoingRequest, area: Area, label: string): Promise<Exchange> {
    return this.client.send(request, area, label);
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
