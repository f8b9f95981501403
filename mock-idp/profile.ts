/**
 * What an IdP profile is: a declaration (settings, traffic, behaviours and their evidence: declaration.ts)
 * plus the actions that turn scenario steps into that IdP's exact HTTP exchanges, read back as the real IdP
 * would (link an existing user, record a failed push, retry a 429...). The runner knows only this
 * interface; adding an IdP is one folder plus one line in `mock-idp/index.ts`.
 */
import type { Area, Exchange, OutgoingRequest } from '../vocabulary/exchange.js';
import type { IdpDeclaration } from './declaration.js';
import type { Directory } from './directory.js';

export type IdpAction =
  | { kind: 'testConnection' }
  | { kind: 'assign'; users: string[] }
  | { kind: 'update'; user: string; set: Record<string, unknown> }
  | { kind: 'unassign'; users: string[] }
  | { kind: 'reassign'; users: string[] }
  | { kind: 'delete'; users: string[] }
  | { kind: 'fullSync'; assigned: string[] | undefined }
  /** `members` undefined leaves membership as it was; `renameTo` renames; `delete` deletes the group. */
  | { kind: 'pushGroup'; name: string; members: string[] | undefined; renameTo?: string | undefined; delete?: boolean };

/** What the IdP remembers between actions, as the real one does. */
export interface IdpState {
  /** Users assigned to the app in the IdP. */
  assigned: Set<string>;
  /** Directory key → SCIM id at the target, for users the IdP has provisioned (or linked). */
  provisioned: Map<string, string>;
  /** Users the IdP has deactivated/suspended at the target. */
  deactivated: Set<string>;
  /** Group name → SCIM id. */
  groups: Map<string, string>;
  /** Group name → directory keys of the members the IdP pushed to it (what it believes the target holds). */
  pushedMembers: Map<string, Set<string>>;
  /** Failed pushes the real IdP would surface to the admin (Okta "tasks", Entra provisioning logs). */
  adminTasks: string[];
}

export function newIdpState(): IdpState {
  return { assigned: new Set(), provisioned: new Map(), deactivated: new Set(), groups: new Map(), pushedMembers: new Map(), adminTasks: [] };
}

/** Each profile's memory beyond `IdpState`, per state: it lives as long as the state (a scenario) does. */
const profileMemories = new WeakMap<IdpState, Map<object | string, unknown>>();

/**
 * What a profile remembers beside `state` under `key`, made by `init` the first time. A key is one profile's
 * own and always names the same type, which is what makes the one cast here sound.
 */
export function profileMemory<T>(state: IdpState, key: object | string, init: () => T): T {
  let memories = profileMemories.get(state);
  if (!memories) {
    memories = new Map();
    profileMemories.set(state, memories);
  }
  if (!memories.has(key)) memories.set(key, init());
  return memories.get(key) as T;
}

export interface IdpSender {
  /**
   * Sends one request with the target's base URL and token and records the exchange; `behaviour` is the
   * declared behaviour (`<idp>.<slug>`) the request enacts, which reports link to its evidence.
   */
  send(request: OutgoingRequest, area: Area, label: string, behaviour?: string): Promise<Exchange>;
  /** Waits, as an IdP honouring `Retry-After` does (the runner may shorten it). */
  sleep(ms: number): Promise<void>;
}

export interface IdpContext {
  directory: Directory;
  state: IdpState;
  /** The scenario's `settings` block, validated by the profile. */
  settings: Record<string, unknown>;
  http: IdpSender;
}

export interface ActionOutcome {
  /** False when the IdP would report the action as failed (the step fails). */
  ok: boolean;
  /** What the IdP concluded, in its own terms, e.g. "Okta linked the existing user user1 (id …)". */
  messages: string[];
}

export interface IdpProfile {
  declaration: IdpDeclaration;
  perform(action: IdpAction, ctx: IdpContext): Promise<ActionOutcome>;
  /**
   * The user as this IdP maps it: the attributes its create would carry now (without `active`), which a
   * full sync leaves at the target. Undefined when the IdP would not have pushed the current values
   * (e.g. Okta with Update User Attributes off) or the settings are invalid.
   */
  mappedUser?(key: string, ctx: IdpContext): Record<string, unknown> | undefined;
  /**
   * A pushed group as this IdP believes the target holds it after its pushes: its SCIM id and the directory
   * keys of the members it pushed. Undefined when the IdP has not pushed (or has deleted) a group by that name.
   */
  pushedGroup?(name: string, ctx: IdpContext): PushedGroup | undefined;
}

export interface PushedGroup {
  id: string;
  members: string[];
}

/**
 * A full sync that names its assignments (`fullSync: { assigned }`): every key must be in the directory (an
 * unknown one throws before any traffic); a user that lost its assignment since the last action goes to
 * `deprovision` first, as the IdP deprovisioned it when the assignment was removed; then the IdP's
 * assignments are exactly `assigned`. Without `assigned` they stay as earlier actions left them.
 */
export async function syncAssignments(ctx: IdpContext, assigned: string[] | undefined, deprovision: (dropped: string[]) => Promise<void>): Promise<void> {
  if (assigned === undefined) return;
  for (const key of assigned) ctx.directory.get(key);
  const kept = new Set(assigned);
  const dropped = [...ctx.state.assigned].filter((key) => !kept.has(key));
  if (dropped.length > 0) await deprovision(dropped);
  ctx.state.assigned.clear();
  for (const key of assigned) ctx.state.assigned.add(key);
}

/** The shared {@link IdpProfile.pushedGroup}: the group's id and pushed members from `IdpState`. */
export function pushedGroupFrom(state: IdpState, name: string): PushedGroup | undefined {
  const id = state.groups.get(name);
  return id === undefined ? undefined : { id, members: [...(state.pushedMembers.get(name) ?? [])].sort() };
}
