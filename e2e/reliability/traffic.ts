/**
 * The mixed write traffic of the crash test and the soak: each client owns its users and groups (names carry
 * its prefix) and keeps a model of what the provider acknowledged, so what the provider holds can be compared
 * with it exactly. A shape can cap the live data and add one group that all clients change at once.
 */
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { asObject, type Json } from './durability/support.js';

export interface UserState {
  id: string;
  displayName: string;
  title: string;
  active: boolean;
}

export interface GroupState {
  id: string;
  /** Members by userName: ids of resources created by a request in flight are unknown. */
  members: Set<string>;
}

/** One client's resources, keyed by userName / group displayName (never changed, never reused). */
export interface Model {
  users: Map<string, UserState>;
  groups: Map<string, GroupState>;
  /** This client's users in the group all clients share (the soak's contended resource); empty without one. */
  shared: Set<string>;
}

export interface Operation {
  method: string;
  path: string;
  body?: unknown;
  /** The model after this request succeeded; `answer` is its response body (the id of a created resource). */
  apply(model: Model, answer: unknown): void;
}

export interface Client {
  prefix: string;
  model: Model;
  counter: number;
  /** The request sent and not answered when the connection died. */
  inFlight: Operation | undefined;
  acknowledged: number;
}

/** Optional limits and a contended resource; without them the mix is the crash test's. */
export interface TrafficShape {
  /** Live users / groups per client: at the cap a create becomes a delete, so the data stays bounded. */
  maxUsers?: number;
  maxGroups?: number;
  /** A group every client adds its own users to and removes them from, concurrently. */
  sharedGroupId?: string;
}

export function newClient(prefix: string): Client {
  return { prefix, model: emptyModel(), counter: 0, inFlight: undefined, acknowledged: 0 };
}

export function emptyModel(): Model {
  return { users: new Map(), groups: new Map(), shared: new Set() };
}

/** What the provider holds for the client with `prefix`, as a model (members by userName). */
export function modelFrom(prefix: string, users: Json[], groups: Json[], sharedGroupId?: string): Model {
  const model = emptyModel();
  const nameOf = new Map<string, string>();
  for (const user of users) {
    const userName = String(user.userName);
    if (!userName.startsWith(prefix)) continue;
    nameOf.set(String(user.id), userName);
    model.users.set(userName, { id: String(user.id), displayName: String(user.displayName), title: String(user.title), active: user.active === true });
  }
  for (const group of groups) {
    if (String(group.id) === sharedGroupId) {
      for (const value of memberValues(group)) if (nameOf.has(value)) model.shared.add(nameOf.get(value)!);
      continue;
    }
    const name = String(group.displayName);
    if (!name.startsWith(prefix)) continue;
    const members = memberValues(group).map((value) => nameOf.get(value) ?? `unknown:${value}`);
    model.groups.set(name, { id: String(group.id), members: new Set(members) });
  }
  return model;
}

function memberValues(group: Json): string[] {
  return Array.isArray(group.members) ? group.members.map((m) => String(asObject(m).value)) : [];
}

/** The model as comparable text, without ids (unknown for a create in flight). */
export function canonical(model: Model): string {
  const users = [...model.users].sort(([a], [b]) => a.localeCompare(b)).map(([name, u]) => [name, u.displayName, u.title, u.active]);
  const groups = [...model.groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, g]) => [name, [...g.members].sort()]);
  return JSON.stringify({ users, groups, shared: [...model.shared].sort() });
}

/** The model as it would be had `operation` succeeded. */
export function applied(model: Model, operation: Operation): Model {
  const copy = structuredClone(model);
  operation.apply(copy, { id: 'in-flight' });
  return copy;
}


/** A mix weighted towards writes on existing resources, with enough creates to keep some around. */
export function nextOperation(client: Client, random: () => number, shape: TrafficShape = {}): Operation {
  const users = [...client.model.users.keys()];
  const groups = [...client.model.groups.keys()];
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  const usersFull = users.length >= (shape.maxUsers ?? Infinity);
  const groupsFull = groups.length >= (shape.maxGroups ?? Infinity);
  if (users.length < 3 || roll < 0.2) return usersFull ? deleteUser(client.model, pick(users)) : createUser(client, random);
  if (roll < 0.35) return replaceUser(client.model, pick(users), random);
  if (roll < 0.5) return patchUser(client.model, pick(users), random);
  if (roll < 0.58) return deleteUser(client.model, pick(users));
  if (shape.sharedGroupId !== undefined && roll < 0.62) return patchShared(client.model, shape.sharedGroupId, pick(users));
  if (groups.length < 2 || roll < 0.66) return groupsFull ? deleteGroup(client.model, pick(groups)) : createGroup(client, users, random);
  if (roll < 0.8) return patchGroup(client.model, pick(groups), pick(users));
  if (roll < 0.9) return replaceGroup(client.model, pick(groups), users.filter(() => random() < 0.3));
  return deleteGroup(client.model, pick(groups));
}

function createUser(client: Client, random: () => number): Operation {
  const userName = `${client.prefix}u${client.counter++}@example.com`;
  const state = { displayName: `v${Math.floor(random() * 1000)}`, title: 'new', active: true };
  return {
    method: 'POST',
    path: '/Users',
    body: { schemas: [SCHEMA.user], userName, ...state },
    apply: (model, answer) => void model.users.set(userName, { id: String(asObject(answer).id), ...state }),
  };
}

function replaceUser(model: Model, userName: string, random: () => number): Operation {
  const state = { displayName: `v${Math.floor(random() * 1000)}`, title: `put${Math.floor(random() * 1000)}`, active: random() < 0.7 };
  return {
    method: 'PUT',
    path: `/Users/${model.users.get(userName)!.id}`,
    body: { schemas: [SCHEMA.user], userName, ...state },
    apply: (m) => void m.users.set(userName, { ...m.users.get(userName)!, ...state }),
  };
}

function patchUser(model: Model, userName: string, random: () => number): Operation {
  const title = `patch${Math.floor(random() * 1000)}`;
  const active = random() < 0.7;
  return {
    method: 'PATCH',
    path: `/Users/${model.users.get(userName)!.id}`,
    body: { schemas: [MESSAGE.patchOp], Operations: [{ op: 'replace', value: { title, active } }] },
    apply: (m) => void m.users.set(userName, { ...m.users.get(userName)!, title, active }),
  };
}

function deleteUser(model: Model, userName: string): Operation {
  return {
    method: 'DELETE',
    path: `/Users/${model.users.get(userName)!.id}`,
    // A deleted user leaves every group it was in.
    apply: (m) => {
      m.users.delete(userName);
      m.shared.delete(userName);
      for (const group of m.groups.values()) group.members.delete(userName);
    },
  };
}

function createGroup(client: Client, users: string[], random: () => number): Operation {
  const displayName = `${client.prefix}g${client.counter++}`;
  const members = users.filter(() => random() < 0.4);
  return {
    method: 'POST',
    path: '/Groups',
    body: { schemas: [SCHEMA.group], displayName, members: members.map((u) => ({ value: client.model.users.get(u)!.id })) },
    apply: (model, answer) => void model.groups.set(displayName, { id: String(asObject(answer).id), members: new Set(members) }),
  };
}

function patchGroup(model: Model, displayName: string, userName: string): Operation {
  const group = model.groups.get(displayName)!;
  const id = model.users.get(userName)!.id;
  const remove = group.members.has(userName);
  const operation = remove ? { op: 'remove', path: `members[value eq "${id}"]` } : { op: 'add', path: 'members', value: [{ value: id }] };
  return {
    method: 'PATCH',
    path: `/Groups/${group.id}`,
    body: { schemas: [MESSAGE.patchOp], Operations: [operation] },
    apply: (m) => {
      const members = m.groups.get(displayName)!.members;
      if (remove) members.delete(userName);
      else members.add(userName);
    },
  };
}

/** Adds the user to the shared group or removes it, by the same PATCH forms IdPs send. */
function patchShared(model: Model, groupId: string, userName: string): Operation {
  const id = model.users.get(userName)!.id;
  const remove = model.shared.has(userName);
  const operation = remove ? { op: 'remove', path: `members[value eq "${id}"]` } : { op: 'add', path: 'members', value: [{ value: id }] };
  return {
    method: 'PATCH',
    path: `/Groups/${groupId}`,
    body: { schemas: [MESSAGE.patchOp], Operations: [operation] },
    apply: (m) => void (remove ? m.shared.delete(userName) : m.shared.add(userName)),
  };
}

function replaceGroup(model: Model, displayName: string, members: string[]): Operation {
  return {
    method: 'PUT',
    path: `/Groups/${model.groups.get(displayName)!.id}`,
    body: { schemas: [SCHEMA.group], displayName, members: members.map((u) => ({ value: model.users.get(u)!.id })) },
    apply: (m) => void (m.groups.get(displayName)!.members = new Set(members)),
  };
}

function deleteGroup(model: Model, displayName: string): Operation {
  return {
    method: 'DELETE',
    path: `/Groups/${model.groups.get(displayName)!.id}`,
    apply: (m) => void m.groups.delete(displayName),
  };
}

/** A small seeded generator, so a failing round can be replayed with its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
