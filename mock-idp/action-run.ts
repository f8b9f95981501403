/** One IdP action in progress, as every profile shares it: the client built from declared traffic, the messages, the outcome. */
import type { Area, Exchange, OutgoingRequest } from '../vocabulary/exchange.js';
import type { TrafficDeclaration } from './declaration.js';
import type { ActionOutcome, IdpContext, IdpState } from './profile.js';
import { IdpScimClient, type IdpClientOptions } from './scim-client.js';

/**
 * The declared traffic as the SCIM client takes it. Header records are copied so a client never shares the
 * declaration's (readonly) objects; `overrides` replace whole fields, as a setting replaces the declared default.
 */
export function clientOptions(traffic: TrafficDeclaration, overrides: Partial<IdpClientOptions> = {}): IdpClientOptions {
  return { headers: { ...traffic.headers }, bodyHeaders: { ...traffic.bodyHeaders }, retry: traffic.retry, spaceAs: traffic.spaceAs, ...overrides };
}

/**
 * What one action of a profile holds while it runs. `B` is the profile's behaviour ids, so every request names
 * a behaviour that profile declares. Profiles add their settings and flows, and say failures in their own words.
 */
export abstract class ActionRun<B extends string> {
  readonly client: IdpScimClient;
  /** What the IdP concluded, in order. */
  readonly messages: string[] = [];
  ok = true;

  constructor(
    readonly ctx: IdpContext,
    options: IdpClientOptions,
  ) {
    this.client = new IdpScimClient(ctx.http, options);
  }

  get state(): IdpState {
    return this.ctx.state;
  }

  /** Every request names the declared behaviour it enacts. */
  send(request: OutgoingRequest, area: Area, label: string, behaviour: B): Promise<Exchange> {
    return this.client.send(request, area, label, behaviour);
  }

  note(message: string): void {
    this.messages.push(message);
  }

  /** A failure the real IdP also shows its admin (Okta's tasks, OneLogin's errors, Entra's logs): the action fails. */
  protected failWithTask(message: string): void {
    this.ok = false;
    this.state.adminTasks.push(message);
    this.messages.push(message);
  }

  outcome(): ActionOutcome {
    return { ok: this.ok, messages: this.messages };
  }
}
