/**
 * The crash test: the provider CLI on a data directory takes mixed traffic (creates, PUT, PATCH, deletes of
 * users and groups) from several clients, is killed with -9 mid-traffic, restarted on the same directory, and
 * what it serves is compared with what was acknowledged. Each client owns its resources and waits for each
 * answer, so its acknowledged state is exact; the one request it had in flight at the kill may or may not
 * have landed, so the restarted state must equal the acknowledged one with or without that request — nothing
 * lost, nothing half applied, nothing that no client asked for. The directory carries over to the next round.
 */
import { SCHEMA, MESSAGE } from '../../../vocabulary/constants.js';
import { asObject, listAll, scimClient, startCli, TOKEN, type ChildProvider, type Json, type Scim } from './support.js';

export interface CrashRound {
  round: number;
  /** Requests answered 2xx before the kill. */
  acknowledged: number;
  /** Requests in flight at the kill, and how many of those the restarted provider shows as done. */
  inFlight: number;
  landed: number;
  users: number;
  groups: number;
}

export interface CrashRunOptions {
  dir: string;
  rounds: number;
  clients?: number;
  seed?: number;
  /** Called after each round that passed. */
  onRound?: (round: CrashRound) => void;
}

/** Writes acknowledged in a round before the kill may come. */
const MIN_ACKNOWLEDGED = 30;

interface UserState {
  id: string;
  displayName: string;
  title: string;
  active: boolean;
}

interface GroupState {
  id: string;
  /** Members by userName: ids of resources created by a request in flight are unknown. */
  members: Set<string>;
}

/** One client's resources, keyed by userName / group displayName (never changed, never reused). */
interface Model {
  users: Map<string, UserState>;
  groups: Map<string, GroupState>;
}

interface Operation {
  method: string;
  path: string;
  body?: unknown;
  /** The model after this request succeeded; `answer` is its response body (the id of a created resource). */
  apply(model: Model, answer: unknown): void;
}

interface Client {
  prefix: string;
  model: Model;
  counter: number;
  /** The request sent and not answered when the connection died. */
  inFlight: Operation | undefined;
  acknowledged: number;
}

/** Runs `rounds` kill-and-restart rounds on `dir`; throws on the first mismatch, with what differed. */
export async function runCrashTest(options: CrashRunOptions): Promise<CrashRound[]> {
  const seed = options.seed ?? Date.now() >>> 0;
  const random = mulberry32(seed);
  const clients: Client[] = Array.from({ length: options.clients ?? 5 }, (_, i) => ({
    prefix: `c${i}-`,
    model: { users: new Map(), groups: new Map() },
    counter: 0,
    inFlight: undefined,
    acknowledged: 0,
  }));
  const rounds: CrashRound[] = [];
  let provider = await startCli(options.dir, ['--token', TOKEN]);
  try {
    for (let round = 1; round <= options.rounds; round += 1) {
      const { acknowledged, inFlight } = await trafficThenKill(provider, clients, random);
      provider = await startCli(options.dir);
      const landed = await verify(scimClient(provider.baseUrl), clients, round, provider);
      const result = { round, acknowledged, inFlight, landed, ...countAll(clients) };
      rounds.push(result);
      options.onRound?.(result);
    }
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message}\n(seed ${seed}, data directory ${options.dir})`;
    throw error;
  } finally {
    await provider.stop();
  }
  return rounds;
}

async function trafficThenKill(provider: ChildProvider, clients: Client[], random: () => number): Promise<{ acknowledged: number; inFlight: number }> {
  const scim = scimClient(provider.baseUrl);
  for (const client of clients) client.acknowledged = 0;
  const loops = clients.map((client) => drive(client, scim, random));
  // Traffic is flowing (a loaded CI machine starts slowly), then a random while more: every client is busy.
  const acknowledged = () => clients.reduce((n, c) => n + c.acknowledged, 0);
  for (const deadline = Date.now() + 20_000; acknowledged() < MIN_ACKNOWLEDGED && Date.now() < deadline; ) await sleep(10);
  await sleep(Math.floor(random() * 800));
  await provider.kill9();
  await Promise.all(loops);
  return {
    acknowledged: acknowledged(),
    inFlight: clients.filter((c) => c.inFlight !== undefined).length,
  };
}

/** Sends one request after another until the connection dies; a 2xx moves the client's model forward. */
async function drive(client: Client, scim: Scim, random: () => number): Promise<void> {
  for (;;) {
    const operation = nextOperation(client, random);
    client.inFlight = operation;
    let answer;
    try {
      answer = await scim(operation.method, operation.path, operation.body);
    } catch {
      return;
    }
    client.inFlight = undefined;
    if (answer.status >= 500) throw new Error(`${operation.method} ${operation.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    if (answer.status >= 300) throw new Error(`${operation.method} ${operation.path} was refused (${answer.status}): ${JSON.stringify(answer.body)}`);
    operation.apply(client.model, answer.body);
    client.acknowledged += 1;
  }
}

/** The restarted provider against each client's model, with and without its request in flight; returns how many landed. */
async function verify(scim: Scim, clients: Client[], round: number, provider: ChildProvider): Promise<number> {
  const users = await listAll(scim, '/Users');
  const groups = await listAll(scim, '/Groups');
  expectDistinctVersions([...users, ...groups], round);
  let landed = 0;
  for (const client of clients) {
    const actual = modelFrom(client.prefix, users, groups);
    const without = canonical(client.model);
    const withInFlight = client.inFlight ? canonical(applied(client.model, client.inFlight)) : without;
    const seen = canonical(actual);
    if (seen !== without && seen !== withInFlight) {
      throw new Error(
        `Round ${round}, client ${client.prefix}: the restarted provider does not hold what was acknowledged.\n` +
          `acknowledged: ${without}\nwith the request in flight (${client.inFlight?.method} ${client.inFlight?.path}): ${withInFlight}\n` +
          `restarted: ${seen}\nprovider stderr:\n${provider.stderr()}`,
      );
    }
    if (client.inFlight && seen === withInFlight && seen !== without) landed += 1;
    client.model = actual;
    client.inFlight = undefined;
  }
  return landed;
}

/** Versions come from one counter: a repeat means the counter restarted below what was saved (ETag reuse). */
function expectDistinctVersions(resources: Json[], round: number): void {
  const versions = resources.map((r) => String(asObject(r.meta).version));
  const repeated = versions.filter((v, i) => versions.indexOf(v) !== i);
  if (repeated.length > 0) throw new Error(`Round ${round}: versions repeat after the restart: ${repeated.slice(0, 5).join(', ')}`);
}

function modelFrom(prefix: string, users: Json[], groups: Json[]): Model {
  const model: Model = { users: new Map(), groups: new Map() };
  const nameOf = new Map<string, string>();
  for (const user of users) {
    const userName = String(user.userName);
    if (!userName.startsWith(prefix)) continue;
    nameOf.set(String(user.id), userName);
    model.users.set(userName, { id: String(user.id), displayName: String(user.displayName), title: String(user.title), active: user.active === true });
  }
  for (const group of groups) {
    const name = String(group.displayName);
    if (!name.startsWith(prefix)) continue;
    const members = Array.isArray(group.members) ? group.members.map((m) => nameOf.get(String(asObject(m).value)) ?? `unknown:${String(asObject(m).value)}`) : [];
    model.groups.set(name, { id: String(group.id), members: new Set(members) });
  }
  return model;
}

/** The model as comparable text, without ids (unknown for a create in flight). */
function canonical(model: Model): string {
  const users = [...model.users].sort(([a], [b]) => a.localeCompare(b)).map(([name, u]) => [name, u.displayName, u.title, u.active]);
  const groups = [...model.groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, g]) => [name, [...g.members].sort()]);
  return JSON.stringify({ users, groups });
}

function applied(model: Model, operation: Operation): Model {
  const copy = structuredClone(model);
  operation.apply(copy, { id: 'in-flight' });
  return copy;
}

function countAll(clients: Client[]): { users: number; groups: number } {
  return {
    users: clients.reduce((n, c) => n + c.model.users.size, 0),
    groups: clients.reduce((n, c) => n + c.model.groups.size, 0),
  };
}

/** A mix weighted towards writes on existing resources, with enough creates to keep some around. */
function nextOperation(client: Client, random: () => number): Operation {
  const users = [...client.model.users.keys()];
  const groups = [...client.model.groups.keys()];
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  if (users.length < 3 || roll < 0.2) return createUser(client, random);
  if (roll < 0.35) return replaceUser(client.model, pick(users), random);
  if (roll < 0.5) return patchUser(client.model, pick(users), random);
  if (roll < 0.58) return deleteUser(client.model, pick(users));
  if (groups.length < 2 || roll < 0.66) return createGroup(client, users, random);
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
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
