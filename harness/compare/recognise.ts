/**
 * Turns a capture's requests into the IdP actions that caused them (test connection, assign, update,
 * unassign, reassign, delete, pushGroup), and the directory those actions need, so a profile can perform them.
 */
import type { DirectorySpec } from '../../mock-idp/directory.js';
import type { IdpAction } from '../../mock-idp/profile.js';
import type { WireRequest } from './har.js';
import { blankLiterals, filterLiteral, filterOf, isObject, isUuid, requestJson, responseJson, route, type JsonObject, type Route } from './wire.js';

export type RequestKind =
  | 'probe'
  | 'list'
  | 'discovery'
  | 'userLookup'
  | 'groupLookup'
  | 'userCreate'
  | 'userRead'
  | 'userPut'
  | 'userPatch'
  | 'userDelete'
  | 'groupCreate'
  | 'groupRead'
  | 'groupPut'
  | 'groupPatch'
  | 'groupDelete'
  | 'other';

export interface RecognisedAction {
  /** What the profile is asked to perform; undefined when the requests were not recognised (`note` says why). */
  action: IdpAction | undefined;
  /** For an update: the directory edit made before it, as a scenario's `update: set` is applied by the runner. */
  set: Record<string, string | null> | undefined;
  /** `assign user1 (jane@example.com)`. */
  label: string;
  /** The capture's requests for this action, in order. */
  requests: WireRequest[];
  note: string | undefined;
}

/** A resource the target held before the capture began. */
export interface Seed {
  resource: 'Users' | 'Groups';
  body: JsonObject;
}

export interface Recognition {
  actions: RecognisedAction[];
  /** Created at the replay's provider first, so the profile links to them as the IdP did. */
  seeds: Seed[];
  /** The directory whose users carry the capture's values, so the profile's requests carry them too. */
  directory: DirectorySpec;
}

interface Classified {
  request: WireRequest;
  kind: RequestKind;
  route: Route;
}

/** The directory fields a SCIM user body fills (Directory.update's names). */
type Facts = Record<string, string | null>;

/** Attributes a user may simply not have: absent from a create means empty in the IdP, so the replay leaves them out too. */
const OPTIONAL = ['title', 'department', 'employeeNumber', 'mobilePhone'];

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export interface RecogniseOptions {
  /**
   * The IdP opens every activity with a probe for a random GUID (Entra), so a probe starts an action rather
   * than being a test connection of its own (OneLogin's lookup of a userName nobody has). `compare` learns
   * this from the profile itself ({@link opensWithProbe}).
   */
  activityProbes: boolean;
}

export function recognise(requests: WireRequest[], options: RecogniseOptions): Recognition {
  const classified = classifyAll(requests);
  const segments = segment(classified, options.activityProbes);
  const tracker = new Tracker();
  const fine = segments.map((s) => tracker.interpret(s));
  const actions = options.activityProbes ? byActivity(segments, fine) : fine;
  return { actions, seeds: tracker.seeds, directory: tracker.directory() };
}

/** Whether these requests (one action a profile performed) open with a probe for a user that cannot exist. */
export function opensWithProbe(requests: WireRequest[]): boolean {
  return classifyAll(requests)[0]?.kind === 'probe';
}

function classifyAll(requests: WireRequest[]): Classified[] {
  // A GUID in a filter that no request body carries is a probe for a user that cannot exist (Entra's
  // "random GUID" queries), not a lookup of someone the IdP is about to create.
  const bodies = requests.map((r) => r.body ?? '').join('\n');
  return requests.map((request) => {
    const r = route(request.url);
    const resource = r.resource?.toLowerCase();
    const m = request.method;
    const noun = resource === 'users' ? 'user' : resource === 'groups' ? 'group' : undefined;
    let kind: RequestKind = 'other';
    if (resource === 'serviceproviderconfig' || resource === 'schemas' || resource === 'resourcetypes') kind = m === 'GET' ? 'discovery' : 'other';
    else if (noun !== undefined && r.id === undefined) {
      if (m === 'GET') {
        const filter = filterOf(request.url);
        const literal = filterLiteral(filter);
        if (filter === undefined) kind = 'list';
        else if (literal !== undefined && isUuid(literal.value) && !bodies.includes(literal.value)) kind = 'probe';
        else kind = noun === 'user' ? 'userLookup' : 'groupLookup';
      } else if (m === 'POST') kind = noun === 'user' ? 'userCreate' : 'groupCreate';
    } else if (noun !== undefined) {
      const verb = ({ GET: 'Read', PUT: 'Put', PATCH: 'Patch', DELETE: 'Delete' } as const)[m as 'GET' | 'PUT' | 'PATCH' | 'DELETE'];
      if (verb !== undefined) kind = `${noun}${verb}`;
    }
    return { request, kind, route: r };
  });
}

const GROUP_KINDS: ReadonlySet<RequestKind> = new Set(['groupLookup', 'groupCreate', 'groupRead', 'groupPut', 'groupPatch', 'groupDelete']);

/** Splits the capture where one action ends: each request either continues the action before it or opens one. */
function segment(all: Classified[], activityProbes: boolean): Classified[][] {
  const segments: Classified[][] = [];
  for (const c of all) {
    const current = segments.at(-1);
    if (current !== undefined && continues(current, c, activityProbes)) current.push(c);
    else segments.push([c]);
  }
  return segments;
}

function continues(seg: Classified[], c: Classified, activityProbes: boolean): boolean {
  const core = seg.filter((x) => x.kind !== 'probe');
  const last = core.at(-1);
  if (c.kind === 'probe') {
    // Entra's Test Connection probes /Users then /Groups: one action.
    const isGroups = c.route.resource?.toLowerCase() === 'groups';
    return core.length === 0 && isGroups && !seg.some((x) => x.route.resource?.toLowerCase() === 'groups');
  }
  // An activity's opening probe belongs to the activity that follows it; otherwise a probe stands alone.
  if (last === undefined) return activityProbes;
  switch (last.kind) {
    case 'list':
      // OneLogin finds a group by listing /Groups (no filter), then creates or patches it.
      if (core.length === 1 && isGroupsList(last) && GROUP_KINDS.has(c.kind) && c.kind !== 'groupLookup') return true;
      return c.kind === 'list' || c.kind === 'discovery';
    case 'discovery':
      return c.kind === 'list' || c.kind === 'discovery';
    case 'userLookup':
      // Create after no match; link (PUT) or update (PATCH) after a match.
      return c.kind === 'userCreate' || c.kind === 'userPut' || c.kind === 'userPatch';
    case 'userRead':
      return (c.kind === 'userPut' || c.kind === 'userPatch') && c.route.id === last.route.id;
    default:
      break;
  }
  if (!GROUP_KINDS.has(last.kind) || !GROUP_KINDS.has(c.kind)) return false;
  // A push ends with the group's whole state: a PUT, a DELETE, or the displayName replace Okta sends last.
  if (last.kind === 'groupPut' || last.kind === 'groupDelete' || (last.kind === 'groupPatch' && closesPush(last.request))) return false;
  if (c.kind === 'groupCreate') return last.kind === 'groupLookup';
  if (c.kind === 'groupLookup') return false;
  if (c.route.id === undefined || c.route.id !== groupIdOf(core)) return false;
  // One push never adds and removes the same member: a member touched again is the next push (OneLogin
  // sends one PATCH per member and nothing else, so nothing else marks where its pushes end).
  const touched = new Set(core.flatMap((x) => (x.kind === 'groupPatch' ? memberIds(x.request) : [])));
  return !memberIds(c.request).some((id) => touched.has(id));
}

/** The member ids a group PATCH adds or removes (value lists and `members[value eq "…"]` paths). */
function memberIds(request: WireRequest): string[] {
  return operations(requestJson(request)).flatMap((op) => {
    const path = op.path?.toLowerCase();
    if (path === 'members' && Array.isArray(op.value)) return op.value.flatMap((m) => (isObject(m) && typeof m.value === 'string' ? [m.value] : []));
    const literal = path?.startsWith('members[') ? /"((?:[^"\\]|\\.)*)"/.exec(op.path ?? '')?.[1] : undefined;
    return literal === undefined ? [] : [literal];
  });
}

function isGroupsList(c: Classified): boolean {
  return c.kind === 'list' && c.route.resource?.toLowerCase() === 'groups';
}

/** A PATCH whose every operation sets the name (path-less `{id, displayName}` or `path: displayName`). */
function closesPush(request: WireRequest): boolean {
  const ops = operations(requestJson(request));
  return ops.length > 0 && ops.every((op) => (op.path === undefined && isObject(op.value) && 'displayName' in op.value) || op.path?.toLowerCase() === 'displayname');
}

function groupIdOf(core: Classified[]): string | undefined {
  let id: string | undefined;
  for (const c of core) {
    if (c.kind === 'groupCreate') id = stringField(responseJson(c.request), 'id') ?? id;
    else if (c.kind === 'groupLookup') id = firstResourceId(c.request) ?? id;
    else if (c.route.id !== undefined) id = c.route.id;
  }
  return id;
}

/**
 * An IdP that opens every activity with a probe (Entra) handles several users in one activity after one probe:
 * the segments up to the next probe are one action, their users together, when they are the same kind of action.
 */
function byActivity(segments: Classified[][], fine: RecognisedAction[]): RecognisedAction[] {
  const out: RecognisedAction[] = [];
  segments.forEach((seg, i) => {
    const action = fine[i]!;
    const previous = out.at(-1);
    const merged = seg[0]?.kind !== 'probe' && previous !== undefined ? mergeUsers(previous, action) : undefined;
    if (merged !== undefined) out[out.length - 1] = merged;
    else out.push(action);
  });
  return out;
}

function mergeUsers(a: RecognisedAction, b: RecognisedAction): RecognisedAction | undefined {
  const x = a.action;
  const y = b.action;
  if (x === undefined || y === undefined || x.kind !== y.kind) return undefined;
  if (x.kind !== 'assign' && x.kind !== 'unassign' && x.kind !== 'reassign' && x.kind !== 'delete') return undefined;
  const users = [...x.users, ...(y as { users: string[] }).users];
  return { ...a, action: { kind: x.kind, users }, label: `${x.kind} ${users.join(', ')}`, requests: [...a.requests, ...b.requests] };
}

interface PatchOp {
  op: string;
  path: string | undefined;
  value: unknown;
}

export function operations(body: JsonObject | undefined): PatchOp[] {
  const ops = body?.Operations;
  if (!Array.isArray(ops)) return [];
  return ops.filter(isObject).map((o) => ({ op: typeof o.op === 'string' ? o.op : '', path: typeof o.path === 'string' ? o.path : undefined, value: o.value }));
}

function stringField(body: JsonObject | undefined, name: string): string | undefined {
  const value = body?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function firstResource(request: WireRequest): JsonObject | undefined {
  const resources = responseJson(request)?.Resources;
  return Array.isArray(resources) && isObject(resources[0]) ? resources[0] : undefined;
}

function firstResourceId(request: WireRequest): string | undefined {
  return stringField(firstResource(request), 'id');
}

/** SCIM booleans as IdPs send them: `false`, or Entra's `"False"`. */
function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/** What the capture says about its people and groups so far, read action by action. */
class Tracker {
  private readonly keyByUserName = new Map<string, string>();
  private readonly keyById = new Map<string, string>();
  private readonly created = new Map<string, Facts>();
  private readonly current = new Map<string, Facts>();
  private readonly deactivated = new Set<string>();
  private readonly groupById = new Map<string, string>();
  private readonly members = new Map<string, Set<string>>();

  /** What existed at the target before the capture began (users and groups the IdP linked to): created before the replay. */
  readonly seeds: Seed[] = [];

  directory(): DirectorySpec {
    return { seed: 1, users: this.created.size, overrides: Object.fromEntries(this.created) };
  }

  /**
   * A lookup that matched a user the capture did not create: the IdP linked to it (and pushed its profile).
   * The user found is seeded at the replay's provider so the profile finds it too.
   */
  private link(userName: string, found: JsonObject, writes: Classified[], result: Result): RecognisedAction {
    const key = this.keyFor(userName);
    const write = writes.find((c) => c.kind === 'userPut');
    const facts = userFacts(write === undefined ? found : (requestJson(write.request) ?? found), true);
    this.created.set(key, facts);
    this.current.set(key, facts);
    const id = stringField(found, 'id');
    if (id !== undefined) this.keyById.set(id, key);
    const { id: _id, meta: _meta, ...body } = found;
    this.seeds.push({ resource: 'Users', body });
    this.deactivated.delete(key);
    return result({ kind: 'assign', users: [key] }, `assign ${this.who(key)} (linked)`);
  }

  interpret(seg: Classified[]): RecognisedAction {
    const requests = seg.map((c) => c.request);
    const core = seg.filter((c) => c.kind !== 'probe');
    const result = (action: IdpAction | undefined, label: string, extra: { set?: Facts; note?: string } = {}): RecognisedAction => ({
      action,
      label,
      requests,
      set: extra.set,
      note: extra.note,
    });
    const unrecognised = (note: string) => result(undefined, `unrecognised: ${describe(core.length > 0 ? core : seg)}`, { note });
    const first = core[0];
    if (first === undefined || core.every((c) => c.kind === 'list' || c.kind === 'discovery')) return result({ kind: 'testConnection' }, 'testConnection');
    if (GROUP_KINDS.has(first.kind) || isGroupsList(first)) return this.group(core, result, unrecognised);
    if (first.kind === 'userLookup') {
      const literal = filterLiteral(filterOf(first.request.url));
      const create = core.find((c) => c.kind === 'userCreate');
      if (create !== undefined) return this.create(create, literal?.value, result);
      if (core.length === 1) {
        const known = literal !== undefined && this.keyByUserName.has(literal.value.toLowerCase());
        // OneLogin tests its connection with the lookup of a userName nobody has.
        return known ? unrecognised('a lookup with nothing after it') : result({ kind: 'testConnection' }, 'testConnection');
      }
      const key = literal === undefined ? undefined : this.keyByUserName.get(literal.value.toLowerCase());
      if (key !== undefined) return this.modify(key, core.slice(1), result, unrecognised);
      const found = firstResource(first.request);
      if (found === undefined || literal === undefined) return unrecognised('a write after a lookup that found no user the capture knows');
      return this.link(literal.value, found, core.slice(1), result);
    }
    if (first.kind === 'userRead' || first.kind === 'userPut' || first.kind === 'userPatch' || first.kind === 'userDelete') {
      const key = first.route.id === undefined ? undefined : this.keyById.get(first.route.id);
      if (key === undefined) return unrecognised(`user id ${first.route.id ?? '?'} was not created in this capture`);
      if (first.kind === 'userDelete') return result({ kind: 'delete', users: [key] }, `delete ${this.who(key)}`);
      return this.modify(key, core, result, unrecognised);
    }
    return unrecognised('no IdP action starts with this request');
  }

  private who(key: string): string {
    const userName = this.current.get(key)?.userName;
    return userName ? `${key} (${userName})` : key;
  }

  private keyFor(userName: string): string {
    const known = this.keyByUserName.get(userName.toLowerCase());
    if (known !== undefined) return known;
    const key = `user${this.keyByUserName.size + 1}`;
    this.keyByUserName.set(userName.toLowerCase(), key);
    return key;
  }

  private create(create: Classified, lookedUp: string | undefined, result: Result): RecognisedAction {
    const body = requestJson(create.request);
    const userName = stringField(body, 'userName') ?? lookedUp ?? `unknown${this.keyByUserName.size + 1}`;
    const key = this.keyFor(userName);
    const facts = userFacts(body ?? {}, true);
    if (!this.created.has(key)) this.created.set(key, facts);
    this.current.set(key, { ...(this.current.get(key) ?? {}), ...facts });
    const id = stringField(responseJson(create.request), 'id');
    if (id !== undefined) this.keyById.set(id, key);
    this.deactivated.delete(key);
    return result({ kind: 'assign', users: [key] }, `assign ${this.who(key)}`);
  }

  /** A PUT or PATCH of a provisioned user: deactivation, reactivation or a profile update, read from `active` and what changed. */
  private modify(key: string, core: Classified[], result: Result, unrecognised: (note: string) => RecognisedAction): RecognisedAction {
    const write = core.find((c) => c.kind === 'userPut' || c.kind === 'userPatch');
    if (write === undefined) return unrecognised('a read with no write after it');
    const body = requestJson(write.request) ?? {};
    let active: boolean | undefined;
    let facts: Facts;
    if (write.kind === 'userPut') {
      active = bool(body.active);
      facts = userFacts(body, false);
    } else {
      facts = {};
      for (const op of operations(body)) {
        if (op.path?.toLowerCase() === 'active') active = bool(op.value);
        else if (op.path === undefined && isObject(op.value)) {
          if ('active' in op.value) active = bool(op.value.active);
          for (const [path, value] of Object.entries(op.value)) setFact(facts, path, value);
        } else if (op.path !== undefined) setFact(facts, op.path, op.op.toLowerCase() === 'remove' ? null : op.value);
      }
    }
    if (active === false && !this.deactivated.has(key)) {
      this.deactivated.add(key);
      return result({ kind: 'unassign', users: [key] }, `unassign ${this.who(key)}`);
    }
    if (active === true && this.deactivated.has(key)) {
      this.deactivated.delete(key);
      return result({ kind: 'reassign', users: [key] }, `reassign ${this.who(key)}`);
    }
    const before = this.current.get(key) ?? {};
    const set: Facts = {};
    for (const [field, value] of Object.entries(facts)) if ((before[field] ?? null) !== value) set[field] = value;
    this.current.set(key, { ...before, ...set });
    return result({ kind: 'update', user: key, set }, `update ${this.who(key)}${Object.keys(set).length > 0 ? ` (${Object.keys(set).join(', ')})` : ''}`, { set });
  }

  private group(core: Classified[], result: Result, unrecognised: (note: string) => RecognisedAction): RecognisedAction {
    let name: string | undefined;
    let first = false;
    for (const c of core) {
      if (c.kind === 'groupLookup') name = filterLiteral(filterOf(c.request.url))?.value ?? name;
      if (c.kind === 'groupCreate') {
        name = stringField(requestJson(c.request), 'displayName') ?? name;
        first = true;
      }
    }
    const id = groupIdOf(core);
    if (name === undefined && id !== undefined) name = this.groupById.get(id) ?? listedName(core, id);
    if (name === undefined) return unrecognised(`group id ${id ?? '?'} was not pushed in this capture`);
    if (id !== undefined && !this.groupById.has(id)) {
      // A lookup that found the group links it: Okta then pushes its whole membership, as after a create.
      first = true;
      this.groupById.set(id, name);
      // The replay's provider must hold it too, or the profile would create it instead of linking.
      const found = core.filter((c) => c.kind === 'groupLookup').map((c) => firstResource(c.request)).find((r) => r !== undefined);
      if (found !== undefined) this.seeds.push({ resource: 'Groups', body: { schemas: [GROUP_SCHEMA], displayName: name } });
    }
    const members = new Set(this.members.get(name) ?? []);
    let changed = first;
    let renameTo: string | undefined;
    let deleted = false;
    const keys = (value: unknown) => (Array.isArray(value) ? value : []).flatMap((m) => (isObject(m) && typeof m.value === 'string' && this.keyById.has(m.value) ? [this.keyById.get(m.value)!] : []));
    for (const c of core) {
      const body = requestJson(c.request) ?? {};
      if (c.kind === 'groupDelete') deleted = true;
      if (c.kind === 'groupCreate' && Array.isArray(body.members)) for (const k of keys(body.members)) members.add(k);
      if (c.kind === 'groupPut') {
        members.clear();
        for (const k of keys(body.members)) members.add(k);
        changed = true;
        const displayName = stringField(body, 'displayName');
        if (displayName !== undefined && displayName !== name) renameTo = displayName;
      }
      if (c.kind !== 'groupPatch') continue;
      for (const op of operations(body)) {
        const verb = op.op.toLowerCase();
        const path = op.path?.toLowerCase();
        if (path === 'members') {
          changed = true;
          if (verb === 'replace') members.clear();
          if (verb === 'remove') {
            if (op.value === undefined) members.clear();
            for (const k of keys(op.value)) members.delete(k);
          } else for (const k of keys(op.value)) members.add(k);
        } else if (path?.startsWith('members[') && verb === 'remove') {
          changed = true;
          const literal = /"((?:[^"\\]|\\.)*)"/.exec(op.path ?? '')?.[1];
          const k = literal === undefined ? undefined : this.keyById.get(literal);
          if (k !== undefined) members.delete(k);
        } else if (path === undefined && isObject(op.value) && typeof op.value.displayName === 'string' && op.value.displayName !== name) renameTo = op.value.displayName;
        else if (path === 'displayname' && typeof op.value === 'string' && op.value !== name) renameTo = op.value;
      }
    }
    if (deleted) {
      this.members.delete(name);
      return result({ kind: 'pushGroup', name, members: undefined, delete: true }, `pushGroup ${name} (delete)`);
    }
    this.members.delete(name);
    this.members.set(renameTo ?? name, members);
    if (renameTo !== undefined && id !== undefined) this.groupById.set(id, renameTo);
    const list = changed ? [...members] : undefined;
    const label = `pushGroup ${name}${renameTo !== undefined ? ` → ${renameTo}` : ''}${list !== undefined ? ` [${list.join(', ')}]` : ''}`;
    return result({ kind: 'pushGroup', name, members: list, ...(renameTo === undefined ? {} : { renameTo }) }, label);
  }
}

/** The displayName of group `id` in a `GET /Groups` list the segment opened with. */
function listedName(core: Classified[], id: string): string | undefined {
  for (const c of core.filter(isGroupsList)) {
    const resources = responseJson(c.request)?.Resources;
    const found = (Array.isArray(resources) ? resources : []).find((r) => isObject(r) && r.id === id);
    if (isObject(found) && typeof found.displayName === 'string') return found.displayName;
  }
  return undefined;
}

type Result = (action: IdpAction | undefined, label: string, extra?: { set?: Facts; note?: string }) => RecognisedAction;

function describe(seg: Classified[]): string {
  return seg.map((c) => `${c.request.method} ${blankLiterals(c.route.template)}`).join(', ');
}

/** A full SCIM user body as directory fields; `create` also records the optional attributes it lacks as empty. */
function userFacts(body: JsonObject, create: boolean): Facts {
  const facts: Facts = {};
  for (const [path, value] of Object.entries(body)) {
    if (isObject(value) && path !== ENTERPRISE && path !== 'name') continue;
    if (path === 'name' && isObject(value)) for (const [k, v] of Object.entries(value)) setFact(facts, `name.${k}`, v);
    else if (path === ENTERPRISE && isObject(value)) for (const [k, v] of Object.entries(value)) setFact(facts, `${ENTERPRISE}:${k}`, v);
    else setFact(facts, path, value);
  }
  if (create) for (const field of OPTIONAL) if (!(field in facts)) facts[field] = null;
  return facts;
}

/** One SCIM attribute path (as a PATCH or a body names it) onto the directory field it comes from. */
function setFact(facts: Facts, path: string, value: unknown): void {
  const p = path.toLowerCase();
  const text = typeof value === 'string' ? value : value === null ? null : undefined;
  const multi = (type: string) => {
    const list = Array.isArray(value) ? value.filter(isObject) : [];
    const chosen = list.find((v) => v.type === type) ?? list.find((v) => v.primary === true) ?? list[0];
    return typeof chosen?.value === 'string' ? chosen.value : undefined;
  };
  const simple: Record<string, string> = {
    username: 'userName',
    displayname: 'displayName',
    title: 'title',
    locale: 'locale',
    externalid: 'externalId',
    'name.givenname': 'givenName',
    'name.familyname': 'familyName',
    [`${ENTERPRISE}:department`.toLowerCase()]: 'department',
    [`${ENTERPRISE}:employeenumber`.toLowerCase()]: 'employeeNumber',
  };
  const field = simple[p];
  if (field !== undefined) {
    if (text !== undefined) facts[field] = text;
    return;
  }
  if (p === 'emails') {
    const email = multi('work');
    if (email !== undefined) facts.email = email;
  } else if (p === 'phonenumbers') {
    const phone = multi('mobile');
    if (phone !== undefined) facts.mobilePhone = phone;
  } else if (p.startsWith('emails[') && p.endsWith('.value') && text !== undefined) facts.email = text;
  else if (p.startsWith('phonenumbers[') && p.includes('mobile') && p.endsWith('.value') && text !== undefined) facts.mobilePhone = text;
}
