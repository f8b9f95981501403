/**
 * Microsoft Entra ID's provisioning service (enterprise application, "Tenant URL" + "Secret Token"), as
 * shared/docs/idp-traffic.md describes it, corrected by shared/docs/idp-fidelity-audit.md (source tags):
 * - Every request: query spaces as `+` (E5, E6); bodies `Content-Type: application/scim+json; charset=utf-8` (E4).
 * - Test Connection: `GET /Users?filter=<matchingAttribute> eq "<random GUID>"`, and with group provisioning
 *   `GET /Groups?filter=displayName eq "<random GUID>"`, each 200 and empty (E2), with no User-Agent (E12).
 * - Every other activity starts with the same probes (E5), with the User-Agent; a failing probe stops it.
 * - Assign (provision on demand): match with `GET /Users?filter=<matchingAttribute> eq "<value>"`, then
 *   `POST /Users` (core + enterprise schemas), or link the match and PATCH what differs.
 * - Updates are always PATCH, every change in one request, with Entra's quirks (mapping.ts).
 * - Unassign: soft delete (`Replace active "False"`, or `Add` with `deprovisionOp: Add`, E10), or `DELETE` with
 *   `onUnassign: delete`; a user deleted
 *   in Entra is deleted at the target; reassign is `Replace active "True"`.
 * - Full sync: the initial cycle over everything in scope — match each, create the missing, update the
 *   rest — and out-of-scope users are disabled.
 * - Groups (with `provisionGroups`): `GET /Groups?excludedAttributes=members&filter=displayName eq "x"`,
 *   `POST /Groups`, members by `PATCH` `Add`/`Remove` with `path: "members"` and a value list whose members carry
 *   `"$ref": null` (E2), rename by
 *   `Replace displayName`, `DELETE /Groups/{id}` when the group is deleted in Entra.
 * - With the `aadOptscim062020` flag, PATCH bodies take the compliant shapes (mapping.ts `wireOperations`).
 * - 429 + Retry-After: waits and retries only the request that failed.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Area, Exchange } from '../../vocabulary/exchange.js';
import { SCHEMA } from '../../vocabulary/constants.js';
import type { OutgoingRequest } from '../../vocabulary/exchange.js';
import type { DirectoryUser } from '../directory.js';
import { pushedGroupFrom, type ActionOutcome, type IdpAction, type IdpContext, type IdpProfile, type IdpState } from '../profile.js';
import { filterString, IdpScimClient, scimId, statusOf, type ScimResource } from '../scim-client.js';
import {
  activeOperation,
  attributeOperations,
  createBody,
  desiredView,
  mappedAttributeByPath,
  patchBody,
  readActive,
  wireOperations,
  readView,
  type MappingOptions,
  type PatchOperation,
  type UserView,
} from './mapping.js';
import { readSettings, SETTING_DESCRIPTIONS, type EntraSettings } from './settings.js';

/** Entra retries throttled requests (429 + Retry-After) and only those. */
const RETRY = { retryOn: [429], maxAttempts: 5, defaultWaitMs: 1000 };

/** What Entra remembers beyond IdpState: its view of each provisioned user and of each group's members. */
interface EntraMemory {
  /** Directory key → the mapped values Entra believes the target holds (its "escrow"). */
  views: Map<string, UserView>;
  /** Manager set by an `update` action (user key, or null when cleared), for directories without one. */
  managers: Map<string, string | null>;
  /** Group name → member keys Entra has pushed. */
  members: Map<string, Set<string>>;
}

const memories = new WeakMap<IdpState, EntraMemory>();

function memoryOf(state: IdpState): EntraMemory {
  let memory = memories.get(state);
  if (!memory) {
    memory = { views: new Map(), managers: new Map(), members: new Map() };
    memories.set(state, memory);
  }
  return memory;
}

export const entraProfile: IdpProfile = {
  name: 'entra',
  title: 'Microsoft Entra ID',
  settings: SETTING_DESCRIPTIONS,
  perform: async (action, ctx) => {
    const read = readSettings(ctx.settings);
    if (!read.ok) return { ok: false, messages: [read.error] };
    return new EntraRun(ctx, read.settings).perform(action);
  },
  mappedUser: (key, ctx) => {
    const read = readSettings(ctx.settings);
    if (!read.ok) return undefined;
    const mapping: MappingOptions = { mappings: read.settings.attributeMappings, mapDockerRoles: read.settings.mapDockerRoles };
    const { active: _active, meta: _meta, ...mapped } = createBody(desiredView(ctx.directory.get(key), managerOf(key, ctx).id, mapping));
    return mapped;
  },
  pushedGroup: (name, ctx) => pushedGroupFrom(ctx.state, name, memoryOf(ctx.state).members),
};

/**
 * The user's manager (a directory key: the directory's, or the one an update set) and its id at the target,
 * which Entra knows only when it provisioned that manager.
 */
function managerOf(key: string, ctx: IdpContext): { manager: string | undefined; id: string | undefined } {
  const memory = memoryOf(ctx.state);
  const fromDirectory = (ctx.directory.get(key) as unknown as Record<string, unknown>).manager;
  const set = memory.managers.has(key) ? memory.managers.get(key) : fromDirectory;
  const manager = typeof set === 'string' && set !== '' ? set : undefined;
  return { manager, id: manager === undefined ? undefined : ctx.state.provisioned.get(manager) };
}

/** One action's worth of work, collecting what Entra would log. */
class EntraRun {
  private readonly client: IdpScimClient;
  /** Test Connection's client: no User-Agent (E12). */
  private readonly probeClient: IdpScimClient;
  private readonly memory: EntraMemory;
  private readonly mapping: MappingOptions;
  private readonly notes: string[] = [];
  private readonly failures: string[] = [];

  constructor(
    private readonly ctx: IdpContext,
    private readonly settings: EntraSettings,
  ) {
    this.client = new IdpScimClient(ctx.http, {
      headers: { 'User-Agent': settings.userAgent },
      // E4 (MicrosoftDocs/azure-docs #12728): the real header carries the charset.
      bodyHeaders: { 'Content-Type': 'application/scim+json; charset=utf-8' },
      retry: RETRY,
      // E5, E6: captured Entra queries write spaces as '+' (`filter=userName+eq+%22…%22`).
      spaceAs: '+',
    });
    // E12 (kortix-ai/suna #7297): Test Connection came without a User-Agent, which a WAF then refused.
    this.probeClient = new IdpScimClient(ctx.http, { headers: {}, bodyHeaders: {}, retry: RETRY, spaceAs: '+' });
    this.memory = memoryOf(ctx.state);
    this.mapping = { mappings: settings.attributeMappings, mapDockerRoles: settings.mapDockerRoles };
  }

  private get state(): IdpState {
    return this.ctx.state;
  }

  async perform(action: IdpAction): Promise<ActionOutcome> {
    // E5: the random-GUID queries are "part of what steps our service takes at the start of any activity".
    if (action.kind !== 'testConnection' && !(await this.probe(this.client, 'activity probe'))) return this.outcome();
    switch (action.kind) {
      case 'testConnection':
        await this.testConnection();
        break;
      case 'assign':
        for (const key of action.users) await this.assign(key);
        break;
      case 'update':
        await this.update(action.user, action.set);
        break;
      case 'unassign':
        for (const key of action.users) await this.unassign(key);
        break;
      case 'reassign':
        for (const key of action.users) await this.assign(key);
        break;
      case 'delete':
        for (const key of action.users) await this.deleteInEntra(key);
        break;
      case 'fullSync':
        await this.fullSync(action.assigned);
        break;
      case 'pushGroup':
        if (action.delete) await this.deleteGroup(action.name);
        else await this.pushGroup(action.name, action.members, action.renameTo);
        break;
    }
    return this.outcome();
  }

  /** What went wrong first: the runner shows the messages of a failed step in order. */
  private outcome(): ActionOutcome {
    return { ok: this.failures.length === 0, messages: [...this.failures, ...this.notes] };
  }

  // --- outcomes ---------------------------------------------------------------------------------------

  private note(message: string): void {
    this.notes.push(message);
  }

  /** A failure Entra shows in its provisioning logs; the action fails. */
  private fail(message: string): void {
    this.failures.push(message);
    this.state.adminTasks.push(message);
  }

  private send(request: OutgoingRequest, area: Area, label: string): Promise<Exchange> {
    return this.client.send(request, area, label);
  }

  /** A PatchOp body with the operations as this tenant sends them (aadOptscim062020 or not). */
  private patchBody(operations: PatchOperation[]): Record<string, unknown> {
    return patchBody(wireOperations(operations, this.settings.aadOptscim062020));
  }

  private describe(exchange: Exchange): string {
    const detail = (exchange.responseJson as { detail?: unknown } | undefined)?.detail;
    return `${statusOf(exchange)}${typeof detail === 'string' ? ` (${detail})` : ''}`;
  }

  // --- test connection --------------------------------------------------------------------------------

  /**
   * E2: Test Connection "queries … for a user that doesn't exist, using a random GUID as the matching property
   * selected", and fetches "a random user and group" too (the group only with group provisioning on). E12: no
   * User-Agent. Each must answer 200 with an empty ListResponse.
   */
  private async testConnection(): Promise<void> {
    if (await this.probe(this.probeClient, 'test connection')) this.note('Entra Test Connection succeeded.');
  }

  /**
   * A user that does not exist, by a random GUID on the matching attribute, and with group provisioning a random
   * group (E2, E5): each must answer 200 with an empty ListResponse, or Entra stops there.
   */
  private async probe(client: IdpScimClient, label: 'test connection' | 'activity probe'): Promise<boolean> {
    const what = label === 'test connection' ? 'Entra Test Connection failed' : 'Entra stopped before doing anything: its start-of-activity probe failed';
    const probes: { path: string; filter: string }[] = [{ path: '/Users', filter: `${this.settings.matchingAttribute} eq ${filterString(randomUUID())}` }];
    if (this.settings.provisionGroups) probes.push({ path: '/Groups', filter: `displayName eq ${filterString(randomUUID())}` });
    for (const probe of probes) {
      const exchange = await client.send({ method: 'GET', path: probe.path, query: { filter: probe.filter } }, 'filter', label);
      if (exchange.response?.status !== 200) {
        this.fail(`${what}: GET ${probe.path}?filter=${probe.filter} answered ${this.describe(exchange)}; Entra expects 200 with an empty ListResponse.`);
        return false;
      }
      const body = exchange.responseJson as { totalResults?: unknown; Resources?: unknown } | undefined;
      const resources = Array.isArray(body?.Resources) ? body.Resources : [];
      if (body?.totalResults !== 0 || resources.length !== 0) {
        this.fail(`${what}: ${probe.filter} on a random GUID answered totalResults ${JSON.stringify(body?.totalResults)} with ${resources.length} resource(s); Entra expects an empty ListResponse.`);
        return false;
      }
    }
    return true;
  }

  // --- users ------------------------------------------------------------------------------------------

  private user(key: string): DirectoryUser {
    return this.ctx.directory.get(key);
  }

  /** The manager's id at the target, when the directory (or an update) gives one Entra provisioned. */
  private managerId(key: string): string | undefined {
    const { manager, id } = managerOf(key, this.ctx);
    if (manager !== undefined && id === undefined) {
      this.note(`Entra could not resolve the manager of ${key} (${manager} is not provisioned); it leaves the manager out.`);
    }
    return id;
  }

  private desired(key: string): UserView {
    return desiredView(this.user(key), this.managerId(key), this.mapping);
  }

  /**
   * Assign / reassign / provision on demand: a user Entra knows is reactivated (and brought up to date in
   * the same PATCH); one it does not know is matched, then linked or created.
   */
  private async assign(key: string): Promise<void> {
    this.state.assigned.add(key);
    const id = this.state.provisioned.get(key);
    if (id !== undefined) {
      const reactivate = this.state.deactivated.has(key);
      await this.pushChanges(key, id, reactivate, reactivate ? 'deactivate' : 'patch');
      return;
    }
    await this.matchAndProvision(key, 'create');
  }

  /** Entra's match step, then create or link-and-update. */
  private async matchAndProvision(key: string, area: 'create' | 'full-sync'): Promise<void> {
    const user = this.user(key);
    const desired = this.desired(key);
    const attribute = mappedAttributeByPath(this.settings.matchingAttribute)!;
    const value = desired[attribute.id];
    if (value === undefined) {
      this.fail(`Entra skipped ${key}: it has no value for the matching attribute ${attribute.path}.`);
      return;
    }
    const filter = `${attribute.path} eq ${filterString(value)}`;
    const found = await this.send({ method: 'GET', path: '/Users', query: { filter } }, 'filter', `match ${key}`);
    if (found.response?.status !== 200) {
      this.fail(`Entra could not match ${key}: GET /Users?filter=${filter} answered ${this.describe(found)}.`);
      return;
    }
    const list = found.responseJson as { Resources?: unknown } | undefined;
    const resources = (Array.isArray(list?.Resources) ? list.Resources : []) as ScimResource[];
    if (resources.length > 1) {
      this.fail(`Entra found ${resources.length} users matching ${filter} for ${key}; it provisions only when at most one matches.`);
      return;
    }
    const match = resources[0];
    if (match !== undefined) {
      const id = typeof match.id === 'string' ? match.id : undefined;
      if (id === undefined) {
        this.fail(`Entra matched ${key} but the target's user has no id.`);
        return;
      }
      this.state.provisioned.set(key, id);
      this.memory.views.set(key, readView(match, this.mapping));
      const active = readActive(match);
      if (active === false) this.state.deactivated.add(key);
      else this.state.deactivated.delete(key);
      this.note(`Entra matched ${key} (${user.userName}) to the existing user ${id}.`);
      // Entra fills in what the target lacks and replaces what differs; it does not clear what it finds.
      await this.pushChanges(key, id, active !== true, area === 'full-sync' ? 'full-sync' : 'patch', false, active === undefined ? 'Add' : 'Replace');
      return;
    }
    const created = await this.send({ method: 'POST', path: '/Users', body: createBody(desired) }, area, `create ${key}`);
    const id = scimId(created);
    if (created.response?.status !== 201 || id === undefined) {
      this.fail(`Entra could not create ${key} (${user.userName}): POST /Users answered ${this.describe(created)}${created.response?.status === 201 ? ' without an id' : ''}.`);
      return;
    }
    this.state.provisioned.set(key, id);
    this.state.deactivated.delete(key);
    this.memory.views.set(key, desired);
    this.note(`Entra created ${key} (${user.userName}) as ${id}.`);
  }

  /**
   * One PATCH with every difference between what Entra believes the target holds and the directory, plus
   * `active` "True" when the user must be (re)activated. Nothing is sent when nothing differs.
   */
  private async pushChanges(
    key: string,
    id: string,
    activate: boolean,
    area: Area,
    removals = true,
    activeOp: 'Add' | 'Replace' = 'Replace',
  ): Promise<void> {
    const desired = this.desired(key);
    const known = this.memory.views.get(key) ?? (await this.importUser(key, id));
    if (known === undefined) return;
    const operations: PatchOperation[] = attributeOperations(known, desired, { ...this.mapping, removals });
    if (activate) operations.push(activeOperation(true, this.settings.booleanStrings, activeOp));
    if (operations.length === 0) return;
    const exchange = await this.send(
      { method: 'PATCH', path: `/Users/${encodeURIComponent(id)}`, body: this.patchBody(operations) },
      area,
      `${activate ? 'reactivate' : 'update'} ${key}`,
    );
    const status = exchange.response?.status;
    if (status !== 200 && status !== 204) {
      const lost = status === 404 && this.state.deactivated.has(key) ? ' (the target lost a soft-deleted user: after a disable, a GET must still return it with active false)' : '';
      this.fail(`Entra could not update ${key} (${id}): PATCH answered ${this.describe(exchange)}${lost}.`);
      return;
    }
    this.memory.views.set(key, desired);
    if (activate) this.state.deactivated.delete(key);
    this.note(`Entra ${activate ? 'reactivated' : 'updated'} ${key} (${operations.map((o) => `${o.op} ${o.path}`).join(', ')}).`);
  }

  /** Entra's import of one user it provisioned, when it has no view of it (only for users linked elsewhere). */
  private async importUser(key: string, id: string): Promise<UserView | undefined> {
    const exchange = await this.send({ method: 'GET', path: `/Users/${encodeURIComponent(id)}` }, 'read', `import ${key}`);
    if (exchange.response?.status !== 200) {
      this.fail(`Entra could not read ${key} (${id}): GET answered ${this.describe(exchange)}.`);
      return undefined;
    }
    return readView(exchange.responseJson as ScimResource, this.mapping);
  }

  /**
   * An attribute change in the directory: the next incremental cycle PATCHes every in-scope user whose
   * mapped values changed, the edited user first. Users out of scope get nothing.
   */
  private async update(key: string, set: Record<string, unknown>): Promise<void> {
    if ('manager' in set) {
      const manager = set.manager;
      this.memory.managers.set(key, typeof manager === 'string' ? manager : null);
    }
    const inScope = (k: string) => this.state.assigned.has(k) && this.state.provisioned.has(k) && !this.state.deactivated.has(k);
    if (!inScope(key)) this.note(`Entra sends nothing for ${key}: it is not provisioned and in scope.`);
    const keys = [key, ...[...this.state.provisioned.keys()].filter((k) => k !== key)].filter(inScope);
    for (const k of keys) await this.pushChanges(k, this.state.provisioned.get(k)!, false, 'patch');
  }

  /** Out of scope: soft delete (or DELETE with `onUnassign: delete`). */
  private async unassign(key: string): Promise<void> {
    this.state.assigned.delete(key);
    await this.leaveScope(key, 'deactivate');
  }

  private async leaveScope(key: string, area: Area): Promise<void> {
    const id = this.state.provisioned.get(key);
    if (id === undefined) {
      this.note(`Entra sends nothing for ${key}: it was never provisioned.`);
      return;
    }
    if (this.settings.onUnassign === 'delete') {
      await this.deleteAtTarget(key, id);
      return;
    }
    if (this.state.deactivated.has(key)) {
      this.note(`Entra sends nothing for ${key}: it is already disabled.`);
      return;
    }
    await this.disable(key, id, area);
  }

  /** PATCH active false (`"False"` without the flag), with the configured op. */
  private async disable(key: string, id: string, area: Area): Promise<void> {
    const exchange = await this.send(
      { method: 'PATCH', path: `/Users/${encodeURIComponent(id)}`, body: this.patchBody([activeOperation(false, this.settings.booleanStrings, this.settings.deprovisionOp)]) },
      area,
      `disable ${key}`,
    );
    const status = exchange.response?.status;
    if (status !== 200 && status !== 204) {
      this.fail(`Entra could not disable ${key} (${id}): PATCH active ${this.settings.booleanStrings ? '"False"' : 'false'} answered ${this.describe(exchange)}.`);
      return;
    }
    this.state.deactivated.add(key);
    this.note(`Entra disabled ${key} (${id}).`);
  }

  /**
   * The user is deleted in Entra (E3): a deletion is first a soft delete, which Entra provisions as a disable; the
   * DELETE follows only when the user is purged (or 30 days later), `onDelete: purge`. A user unassigned earlier is
   * no longer managed by the app, so nothing is sent for it at all (E3 "Known limitations").
   */
  private async deleteInEntra(key: string): Promise<void> {
    const managed = this.state.assigned.delete(key);
    const id = this.state.provisioned.get(key);
    if (id === undefined) {
      this.note(`Entra sends nothing for ${key}: it was never provisioned.`);
      return;
    }
    if (!managed) {
      this.note(`Entra sends nothing for ${key}: it was unassigned earlier, so the app no longer manages it.`);
      return;
    }
    if (!this.state.deactivated.has(key)) await this.disable(key, id, 'deactivate');
    // The purge is its own event (the object is gone from Entra): its DELETE follows whatever the disable got.
    if (this.settings.onDelete === 'purge') await this.deleteAtTarget(key, id);
  }

  private async deleteAtTarget(key: string, id: string): Promise<void> {
    const exchange = await this.send({ method: 'DELETE', path: `/Users/${encodeURIComponent(id)}` }, 'delete', `delete ${key}`);
    const status = exchange.response?.status;
    if (status !== 204 && status !== 200 && status !== 404) {
      this.fail(`Entra could not delete ${key} (${id}): DELETE answered ${this.describe(exchange)}.`);
      return;
    }
    this.state.provisioned.delete(key);
    this.state.deactivated.delete(key);
    this.memory.views.delete(key);
    for (const members of this.memory.members.values()) members.delete(key);
    this.note(status === 404 ? `Entra found ${key} (${id}) already gone at the target.` : `Entra deleted ${key} (${id}).`);
  }

  /** The initial cycle: match every user in scope, create the missing, update the rest; disable the out-of-scope. */
  private async fullSync(assigned: string[] | undefined): Promise<void> {
    if (assigned !== undefined) this.state.assigned = new Set(assigned);
    const inScope = this.ctx.directory.keys().filter((k) => this.state.assigned.has(k));
    for (const key of inScope) {
      this.memory.views.delete(key);
      await this.matchAndProvision(key, 'full-sync');
    }
    for (const key of [...this.state.provisioned.keys()]) {
      if (!this.state.assigned.has(key)) await this.leaveScope(key, 'full-sync');
    }
    this.note(`Entra's initial cycle went over ${inScope.length} user(s) in scope.`);
  }

  // --- groups -----------------------------------------------------------------------------------------

  private groupExternalId(name: string): string {
    const hex = createHash('sha1').update(`entra-group:${this.ctx.directory.seed}:${name}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  private groupsOff(): boolean {
    if (this.settings.provisionGroups) return false;
    this.fail(`Entra does not provision groups: "Provision Microsoft Entra ID Groups" is off (settings.provisionGroups).`);
    return true;
  }

  /**
   * `members` undefined leaves the membership Entra last pushed as it is. A rename (the group's name changed
   * in Entra) is its own PATCH, `Replace displayName`, before any member change (Microsoft's SCIM tutorial,
   * "Update Group [Non-member attributes]").
   */
  private async pushGroup(given: string, requested: string[] | undefined, renameTo: string | undefined): Promise<void> {
    if (this.groupsOff()) return;
    let name = given;
    if (renameTo !== undefined && renameTo !== given) {
      if (!(await this.renameGroup(given, renameTo))) return;
      name = renameTo;
    }
    const members = requested ?? [...(this.memory.members.get(name) ?? [])];
    // Members of a group in scope are in scope: Entra provisions them before referencing them.
    for (const key of members) {
      if (!this.state.provisioned.has(key)) await this.assign(key);
    }
    const id = this.state.groups.get(name) ?? (await this.findOrCreateGroup(name));
    if (id === undefined) return;
    const current = this.memory.members.get(name) ?? new Set<string>();
    const wanted = members.filter((k) => this.state.provisioned.has(k));
    const adds = wanted.filter((k) => !current.has(k));
    const removes = [...current].filter((k) => !wanted.includes(k) && this.state.provisioned.has(k));
    // E2 (Microsoft's SCIM tutorial, "Update Group [Add Members]"): each member value carries `"$ref": null`.
    const value = (keys: string[]) => keys.map((k) => ({ $ref: null, value: this.state.provisioned.get(k)! }));
    const operations: PatchOperation[] = [];
    if (adds.length > 0) operations.push({ op: 'Add', path: 'members', value: value(adds) });
    if (removes.length > 0) operations.push({ op: 'Remove', path: 'members', value: value(removes) });
    if (operations.length === 0) {
      this.memory.members.set(name, current);
      return;
    }
    const exchange = await this.send({ method: 'PATCH', path: `/Groups/${encodeURIComponent(id)}`, body: this.patchBody(operations) }, 'groups', `members of ${name}`);
    const status = exchange.response?.status;
    if (status !== 200 && status !== 204) {
      this.fail(`Entra could not update the members of group ${name} (${id}): PATCH answered ${this.describe(exchange)}.`);
      return;
    }
    this.memory.members.set(name, new Set(wanted));
    this.note(`Entra updated group ${name}: ${adds.length} added, ${removes.length} removed.`);
  }

  private async renameGroup(name: string, renameTo: string): Promise<boolean> {
    const id = this.state.groups.get(name);
    if (id === undefined) {
      this.fail(`Entra cannot rename group ${name}: it never provisioned it.`);
      return false;
    }
    const exchange = await this.send(
      { method: 'PATCH', path: `/Groups/${encodeURIComponent(id)}`, body: this.patchBody([{ op: 'Replace', path: 'displayName', value: renameTo }]) },
      'groups',
      `rename group ${name}`,
    );
    const status = exchange.response?.status;
    if (status !== 200 && status !== 204) {
      this.fail(`Entra could not rename group ${name} (${id}) to ${renameTo}: PATCH answered ${this.describe(exchange)}.`);
      return false;
    }
    this.state.groups.delete(name);
    this.state.groups.set(renameTo, id);
    this.memory.members.set(renameTo, this.memory.members.get(name) ?? new Set());
    this.memory.members.delete(name);
    this.note(`Entra renamed group ${name} to ${renameTo}.`);
    return true;
  }

  /** The group was deleted in Entra (or left scope): DELETE /Groups/{id} (Microsoft's SCIM tutorial, "Delete Group"). */
  private async deleteGroup(name: string): Promise<void> {
    if (this.groupsOff()) return;
    const id = this.state.groups.get(name);
    if (id === undefined) {
      this.note(`Entra sends nothing for group ${name}: it never provisioned it.`);
      return;
    }
    const exchange = await this.send({ method: 'DELETE', path: `/Groups/${encodeURIComponent(id)}` }, 'groups', `delete group ${name}`);
    const status = exchange.response?.status;
    if (status !== 204 && status !== 200 && status !== 404) {
      this.fail(`Entra could not delete group ${name} (${id}): DELETE answered ${this.describe(exchange)}.`);
      return;
    }
    this.state.groups.delete(name);
    this.memory.members.delete(name);
    this.note(status === 404 ? `Entra found group ${name} (${id}) already gone at the target.` : `Entra deleted group ${name} (${id}).`);
  }

  private async findOrCreateGroup(name: string): Promise<string | undefined> {
    const found = await this.send(
      { method: 'GET', path: '/Groups', query: { excludedAttributes: 'members', filter: `displayName eq ${filterString(name)}` } },
      'groups',
      `match group ${name}`,
    );
    if (found.response?.status !== 200) {
      this.fail(`Entra could not match group ${name}: GET /Groups answered ${this.describe(found)}.`);
      return undefined;
    }
    const list = found.responseJson as { Resources?: unknown } | undefined;
    const resources = (Array.isArray(list?.Resources) ? list.Resources : []) as ScimResource[];
    if (resources.length > 1) {
      this.fail(`Entra found ${resources.length} groups named ${name}; it provisions only when at most one matches.`);
      return undefined;
    }
    const match = resources[0];
    if (match !== undefined && typeof match.id === 'string') {
      this.state.groups.set(name, match.id);
      this.memory.members.set(name, new Set());
      this.note(`Entra matched group ${name} to the existing group ${match.id}.`);
      return match.id;
    }
    const created = await this.send(
      {
        method: 'POST',
        path: '/Groups',
        body: { schemas: [SCHEMA.group], externalId: this.groupExternalId(name), displayName: name, meta: { resourceType: 'Group' } },
      },
      'groups',
      `create group ${name}`,
    );
    const id = scimId(created);
    if (created.response?.status !== 201 || id === undefined) {
      this.fail(`Entra could not create group ${name}: POST /Groups answered ${this.describe(created)}.`);
      return undefined;
    }
    this.state.groups.set(name, id);
    this.memory.members.set(name, new Set());
    this.note(`Entra created group ${name} as ${id}.`);
    return id;
  }
}
