/**
 * The crash test: the provider CLI on a data directory takes mixed traffic (creates, PUT, PATCH, deletes of
 * users and groups) from several clients, is killed with -9 mid-traffic, restarted on the same directory, and
 * what it serves is compared with what was acknowledged. Each client owns its resources and waits for each
 * answer, so its acknowledged state is exact; the one request it had in flight at the kill may or may not
 * have landed, so the restarted state must equal the acknowledged one with or without that request — nothing
 * lost, nothing half applied, nothing that no client asked for. The directory carries over to the next round.
 */
import { applied, canonical, modelFrom, mulberry32, newClient, nextOperation, type Client } from '../traffic.js';
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

/** Runs `rounds` kill-and-restart rounds on `dir`; throws on the first mismatch, with what differed. */
export async function runCrashTest(options: CrashRunOptions): Promise<CrashRound[]> {
  const seed = options.seed ?? Date.now() >>> 0;
  const random = mulberry32(seed);
  const clients: Client[] = Array.from({ length: options.clients ?? 5 }, (_, i) => newClient(`c${i}-`));
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
  // A refused write rejects its loop at once; it is reported when the traffic is awaited after the kill, with the
  // seed and data directory, not as an unhandled rejection that would end the process and leave the provider running.
  const traffic = Promise.all(clients.map((client) => drive(client, scim, random)));
  traffic.catch(() => undefined);
  // Traffic is flowing (a loaded CI machine starts slowly), then a random while more: every client is busy.
  const acknowledged = () => clients.reduce((n, c) => n + c.acknowledged, 0);
  for (const deadline = Date.now() + 20_000; acknowledged() < MIN_ACKNOWLEDGED && Date.now() < deadline; ) await sleep(10);
  await sleep(Math.floor(random() * 800));
  await provider.kill9();
  await traffic;
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

function countAll(clients: Client[]): { users: number; groups: number } {
  return {
    users: clients.reduce((n, c) => n + c.model.users.size, 0),
    groups: clients.reduce((n, c) => n + c.model.groups.size, 0),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
