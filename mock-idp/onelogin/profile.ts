/**
 * OneLogin's "SCIM Provisioner with SAML (SCIM v2 Core)" app: what it sends for each provisioning event and
 * how it reads the answers. Traffic per action (headers: the admin's Custom Headers + Authorization):
 *
 * | action | requests |
 * |---|---|
 * | testConnection | `GET /Users?filter=userName eq "<a GUID no user has>"`; 200 (empty list) or 404 pass |
 * | assign / reassign (new) | `GET /Users?filter=userName eq "<scimusername>"`, then `POST /Users` (rendered template), or link the user found |
 * | assign / reassign (suspended) | `PUT /Users/{id}` rendered template + `active: true` |
 * | update (user has app access) | `PUT /Users/{id}` rendered template (full replace) |
 * | unassign / delete | per `onUnassign`: suspend → `PUT /Users/{id}` template + `active: false`; delete → `DELETE /Users/{id}`; nothing → none |
 * | fullSync (Reapply Mappings) | a user left out of `assigned` gets `onUnassign` first; then every assigned user: `PUT` when provisioned (linked ones too), else the create flow |
 * | pushGroup | `GET /Groups` (+ `POST /Groups` when missing), then one `PATCH /Groups/{id}` per member added or removed |
 *
 * A failed push (any answer OneLogin does not take as success) becomes an admin-visible provisioning error.
 */
import { createHash } from 'node:crypto';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import type { Area, Exchange } from '../../vocabulary/exchange.js';
import type { OutgoingRequest } from '../../vocabulary/exchange.js';
import { pushedGroupFrom, syncAssignments, type ActionOutcome, type IdpAction, type IdpContext, type IdpProfile, type IdpState } from '../profile.js';
import { filterString, IdpScimClient, scimId, statusOf, type RetryPolicy, type ScimResource } from '../scim-client.js';
import { readSettings, SETTING_DESCRIPTIONS, type OneLoginConfig } from './settings.js';
import { renderTemplate } from './template.js';

/**
 * Not documented by OneLogin: the profile honours `Retry-After` on 429 and 503, three attempts in all,
 * and never retries anything else (a failed task then waits for the admin's Retry).
 */
export const ONELOGIN_RETRY: RetryPolicy = { retryOn: [429, 503], maxAttempts: 3, defaultWaitMs: 1000 };

export const oneloginProfile: IdpProfile = {
  name: 'onelogin',
  title: 'OneLogin',
  settings: SETTING_DESCRIPTIONS,
  perform: async (action, ctx) => {
    const { config, errors } = readSettings(ctx.settings);
    if (errors.length > 0) return { ok: false, messages: errors.map((e) => `OneLogin settings: ${e}`) };
    return new OneLoginRun(ctx, config).perform(action);
  },
  mappedUser: (key, ctx) => {
    const { config, errors } = readSettings(ctx.settings);
    if (errors.length > 0) return undefined;
    const rendered = renderTemplate(config.template, { user: ctx.directory.get(key), parameters: config.parameters }).value;
    return typeof rendered === 'object' && rendered !== null && !Array.isArray(rendered) ? (rendered as Record<string, unknown>) : undefined;
  },
  pushedGroup: (name, ctx) => pushedGroupFrom(ctx.state, name, memoryOf(ctx.state).groupMembers),
};

/** What OneLogin remembers beyond the shared IdpState: the members it last pushed, per group. */
interface OneLoginMemory {
  groupMembers: Map<string, Set<string>>;
}

const memories = new WeakMap<IdpState, OneLoginMemory>();

function memoryOf(state: IdpState): OneLoginMemory {
  let memory = memories.get(state);
  if (!memory) {
    memory = { groupMembers: new Map() };
    memories.set(state, memory);
  }
  return memory;
}

/** The userName OneLogin's connection test looks up: a GUID no user has, the same for the same seed. */
export function connectionTestUserName(seed: number): string {
  const hex = createHash('sha256').update(`onelogin-test-connection:${seed}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

class OneLoginRun {
  private readonly client: IdpScimClient;
  private readonly messages: string[] = [];
  /** Placeholders that named no OneLogin field or parameter (rendered ""), named in failure messages. */
  private readonly unknownPlaceholders = new Set<string>();
  private ok = true;

  constructor(
    private readonly ctx: IdpContext,
    private readonly config: OneLoginConfig,
  ) {
    this.client = new IdpScimClient(ctx.http, { headers: config.headers, bodyHeaders: {}, retry: ONELOGIN_RETRY });
  }

  private get state(): IdpState {
    return this.ctx.state;
  }

  async perform(action: IdpAction): Promise<ActionOutcome> {
    switch (action.kind) {
      case 'testConnection':
        await this.testConnection();
        break;
      case 'assign':
      case 'reassign':
        for (const key of action.users) await this.grant(key);
        break;
      case 'update':
        await this.update(action.user);
        break;
      case 'unassign':
        for (const key of action.users) await this.revoke(key, 'lost access to the app');
        break;
      case 'delete':
        for (const key of action.users) await this.revoke(key, 'was deleted in OneLogin');
        break;
      case 'fullSync':
        await this.fullSync(action.assigned);
        break;
      case 'pushGroup':
        if (action.renameTo !== undefined || action.delete) {
          this.ok = false;
          // shared/docs/idp-traffic.md: OneLogin's group provisioning is member add/remove on existing groups only.
          this.messages.push(`OneLogin does not push a group ${action.delete ? 'deletion' : 'rename'}: it provisions group membership only (PATCH /Groups/{id} member add/remove).`);
          break;
        }
        await this.pushGroup(action.name, action.members);
        break;
    }
    return { ok: this.ok, messages: this.messages };
  }

  // --- actions ---------------------------------------------------------------------------------------

  private async testConnection(): Promise<void> {
    const userName = connectionTestUserName(this.ctx.directory.seed);
    const { exchange, resources } = await this.client.findUsers(`userName eq ${filterString(userName)}`, {}, 'test connection');
    if (resources !== undefined || exchange.response?.status === 404) {
      this.note(`OneLogin connected: the lookup of a user that does not exist answered ${statusOf(exchange)}.`);
      return;
    }
    this.fail(undefined, 'test connection', exchange);
  }

  /** The user is given access to the app (assign, reassign): create, link or reactivate. */
  private async grant(key: string): Promise<void> {
    this.ctx.directory.get(key);
    const wasAssigned = this.state.assigned.has(key);
    this.state.assigned.add(key);
    const id = this.state.provisioned.get(key);
    if (id === undefined) return this.create(key, false);
    if (this.state.deactivated.has(key)) return this.put(key, id, true, 'reactivate');
    if (wasAssigned) {
      this.note(`${key} already has access and is provisioned (id ${id}); OneLogin sends nothing.`);
      return;
    }
    // Access removed with "Do nothing", now granted again: OneLogin pushes the user as it is.
    return this.put(key, id, undefined, 'update');
  }

  private async update(key: string): Promise<void> {
    if (!this.state.assigned.has(key)) {
      this.note(`${key} has no access to the app; OneLogin does not push the profile change.`);
      return;
    }
    const id = this.state.provisioned.get(key);
    if (id === undefined) return this.create(key, false);
    return this.put(key, id, this.state.deactivated.has(key) ? true : undefined, 'update');
  }

  /** Access removed or user deleted in OneLogin: the drop-down "When users are deleted in OneLogin…". */
  private async revoke(key: string, why: string): Promise<void> {
    this.ctx.directory.get(key);
    this.state.assigned.delete(key);
    const id = this.state.provisioned.get(key);
    if (id === undefined) {
      this.note(`${key} ${why}; it was never provisioned, so OneLogin sends nothing.`);
      return;
    }
    switch (this.config.onUnassign) {
      case 'nothing':
        this.note(`${key} ${why}; onUnassign is "Do nothing", so OneLogin sends nothing.`);
        return;
      case 'suspend':
        if (this.state.deactivated.has(key)) {
          this.note(`${key} ${why}; it is already suspended.`);
          return;
        }
        return this.put(key, id, false, 'suspend');
      case 'delete': {
        const exchange = await this.send({ method: 'DELETE', path: userPath(id) }, 'delete', `delete ${key}`);
        const status = exchange.response?.status;
        if (status === 204 || status === 200 || status === 404) {
          this.state.provisioned.delete(key);
          this.state.deactivated.delete(key);
          this.note(`${key} ${why}; OneLogin deleted it at the target (${statusOf(exchange)}).`);
          return;
        }
        return this.fail(key, 'delete', exchange);
      }
    }
  }

  /**
   * Users → Apply to All → Reapply Mappings: every assigned user is sent again. A user left out of
   * `assigned` lost access since the last sync, and OneLogin applied onUnassign to it then.
   */
  private async fullSync(assigned: string[] | undefined): Promise<void> {
    await syncAssignments(this.ctx, assigned, async (dropped) => {
      for (const key of dropped) await this.revoke(key, 'lost access to the app');
    });
    const keys = this.ctx.directory.keys().filter((key) => this.state.assigned.has(key));
    for (const key of keys) {
      const id = this.state.provisioned.get(key);
      if (id === undefined) await this.create(key, true);
      else await this.put(key, id, this.state.deactivated.has(key) ? true : undefined, 'update');
    }
    this.note(`Reapply Mappings sent ${keys.length} assigned users.`);
  }

  /** `members` undefined leaves the membership OneLogin last pushed as it is. */
  private async pushGroup(name: string, requested: string[] | undefined): Promise<void> {
    if (!this.config.provisionGroups) {
      this.ok = false;
      this.messages.push(`Group provisioning is off for this app (settings.provisionGroups); OneLogin cannot push group ${name}.`);
      return;
    }
    const memory = memoryOf(this.state);
    let id = this.state.groups.get(name);
    if (id === undefined) {
      const found = await this.findGroup(name);
      if (found === null) return;
      if (found !== undefined) {
        id = found.id;
        const keysById = new Map([...this.state.provisioned].map(([key, userId]) => [userId, key]));
        const current = new Set(found.memberIds.map((m) => keysById.get(m)).filter((k): k is string => k !== undefined));
        memory.groupMembers.set(name, current);
      } else {
        const exchange = await this.send(
          { method: 'POST', path: '/Groups', body: { schemas: [SCHEMA.group], displayName: name } },
          'groups',
          `create group ${name}`,
        );
        const created = scimId(exchange);
        const status = exchange.response?.status;
        if ((status !== 201 && status !== 200) || created === undefined) return this.fail(undefined, `create group ${name}`, exchange);
        id = created;
        memory.groupMembers.set(name, new Set());
      }
      this.state.groups.set(name, id);
    }
    const before = memory.groupMembers.get(name) ?? new Set<string>();
    const members = requested ?? [...before];
    const after = new Set(before);
    const wanted = new Set(members);
    const changes: { key: string; op: 'add' | 'remove' }[] = [
      ...members.filter((key) => !before.has(key)).map((key) => ({ key, op: 'add' as const })),
      ...[...before].filter((key) => !wanted.has(key)).map((key) => ({ key, op: 'remove' as const })),
    ];
    for (const { key, op } of changes) {
      const userId = this.state.provisioned.get(key);
      if (userId === undefined) {
        this.ok = false;
        this.messages.push(`${key} is not provisioned to the app, so OneLogin cannot ${op === 'add' ? 'add it to' : 'remove it from'} group ${name}.`);
        this.state.adminTasks.push(`OneLogin: ${op} ${key} in group ${name}: the user is not provisioned.`);
        continue;
      }
      const operation =
        op === 'add'
          ? { op: 'add', path: 'members', value: [{ value: userId }] }
          : { op: 'remove', path: `members[value eq ${filterString(userId)}]` };
      const exchange = await this.send(
        { method: 'PATCH', path: `/Groups/${encodeURIComponent(id)}`, body: { schemas: [MESSAGE.patchOp], Operations: [operation] } },
        'groups',
        `${op} ${key} ${op === 'add' ? 'to' : 'from'} group ${name}`,
      );
      const status = exchange.response?.status;
      if (status === 200 || status === 204) {
        if (op === 'add') after.add(key);
        else after.delete(key);
      } else this.fail(key, `${op} member of group ${name}`, exchange);
    }
    memory.groupMembers.set(name, after);
    if (changes.length === 0) this.note(`Group ${name} already has these members; OneLogin sends no PATCH.`);
  }

  // --- flows -----------------------------------------------------------------------------------------

  /** `GET /Users?filter=userName eq "<scimusername>"`, then POST, or link the user found (and PUT when reapplying). */
  private async create(key: string, reapply: boolean): Promise<void> {
    const user = this.ctx.directory.get(key);
    const scimUserName = this.render(key, '{$parameters.scimusername}');
    const { exchange, resources } = await this.client.findUsers(`userName eq ${filterString(scimUserName)}`, {}, `find ${key}`);
    const notFound = exchange.response?.status === 404 || (resources !== undefined && resources.length === 0);
    if (!notFound) {
      const found = resources?.[0];
      const foundId = typeof found?.id === 'string' ? found.id : undefined;
      if (foundId === undefined) return this.fail(key, 'look up', exchange);
      this.state.provisioned.set(key, foundId);
      this.state.deactivated.delete(key);
      this.note(`OneLogin linked ${key} to the existing user ${JSON.stringify(found?.userName)} (id ${foundId})${found?.active === false ? ', which the target reports inactive' : ''}.`);
      if (reapply) await this.put(key, foundId, undefined, 'update');
      return;
    }
    const body = this.render(key, this.config.template);
    const created = await this.send({ method: 'POST', path: '/Users', body }, 'create', `create ${key}`);
    const id = scimId(created);
    const status = created.response?.status;
    if ((status === 201 || status === 200) && id !== undefined) {
      this.state.provisioned.set(key, id);
      this.state.deactivated.delete(key);
      this.note(`OneLogin created ${key} (${user.email}) as id ${id}.`);
      return;
    }
    this.fail(key, 'create', created);
  }

  /** `PUT /Users/{id}` with the rendered template; `active` is added for suspend (false) and reactivate (true). */
  private async put(key: string, id: string, active: boolean | undefined, what: 'update' | 'suspend' | 'reactivate'): Promise<void> {
    const rendered = this.render(key, this.config.template);
    const body = active === undefined ? rendered : { ...rendered, active };
    const exchange = await this.send({ method: 'PUT', path: userPath(id), body }, 'update', `${what} ${key}`);
    const status = exchange.response?.status;
    if (status !== undefined && status >= 200 && status < 300) {
      if (active === false) this.state.deactivated.add(key);
      if (active === true) this.state.deactivated.delete(key);
      this.note(`OneLogin ${what === 'update' ? 'updated' : what === 'suspend' ? 'suspended' : 'reactivated'} ${key} (${statusOf(exchange)}).`);
      return;
    }
    this.fail(key, what, exchange);
  }

  // --- plumbing --------------------------------------------------------------------------------------

  private async findGroup(name: string): Promise<{ id: string; memberIds: string[] } | undefined | null> {
    const exchange = await this.send({ method: 'GET', path: '/Groups' }, 'groups', `find group ${name}`);
    if (exchange.response?.status !== 200) {
      this.fail(undefined, `list groups for ${name}`, exchange);
      return null;
    }
    const list = (exchange.responseJson as { Resources?: unknown } | undefined)?.Resources;
    const groups = Array.isArray(list) ? (list as ScimResource[]) : [];
    const group = groups.find((g) => typeof g.displayName === 'string' && g.displayName.toLowerCase() === name.toLowerCase());
    if (group === undefined || typeof group.id !== 'string') return undefined;
    const members = Array.isArray(group.members) ? (group.members as { value?: unknown }[]) : [];
    return { id: group.id, memberIds: members.map((m) => m.value).filter((v): v is string => typeof v === 'string') };
  }

  private render<T>(key: string, template: T): T {
    const rendered = renderTemplate(template, { user: this.ctx.directory.get(key), parameters: this.config.parameters });
    for (const placeholder of rendered.unknown) this.unknownPlaceholders.add(placeholder);
    return rendered.value;
  }

  private send(request: OutgoingRequest, area: Area, label: string): Promise<Exchange> {
    return this.client.send(request, area, label);
  }

  private note(message: string): void {
    this.messages.push(message);
  }

  private fail(key: string | undefined, what: string, exchange: Exchange): void {
    this.ok = false;
    const unknown = [...this.unknownPlaceholders];
    const hint = unknown.length > 0 ? ` The template has placeholders OneLogin cannot fill (rendered ""): ${unknown.join(', ')}.` : '';
    const message = `OneLogin could not ${what}${key ? ` ${key}` : ''}: ${describe(exchange)}.${hint}`;
    this.messages.push(message);
    this.state.adminTasks.push(message);
  }
}

function userPath(id: string): string {
  return `/Users/${encodeURIComponent(id)}`;
}

function describe(exchange: Exchange): string {
  const body = exchange.responseJson as { scimType?: unknown; detail?: unknown } | undefined;
  const scimType = typeof body?.scimType === 'string' ? ` ${body.scimType}` : '';
  const detail = typeof body?.detail === 'string' ? ` (${body.detail})` : '';
  return `${statusOf(exchange)}${scimType}${detail}`;
}
