/**
 * The soak: many clients send mixed SCIM traffic (writes from the crash test's model, reads that must show
 * each client its own acknowledged writes, refusals that must stay refusals, one group all clients change
 * at once) to the provider CLI for a while; its heap after full collections is sampled throughout. At the
 * end what the provider holds must equal every client's model — and, with a data directory, again after a
 * kill -9 and a restart. Live data is capped per client, so a heap that keeps growing is a leak.
 */
import { rmSync } from 'node:fs';
import { SCHEMA } from '../../../vocabulary/constants.js';
import { canonical, modelFrom, mulberry32, newClient, nextOperation, type Client, type TrafficShape } from '../traffic.js';
import { asObject, listAll, scimClient, startProviderProcess, tempDataDir, TOKEN, type ChildProvider, type Json, type Scim } from '../durability/support.js';
import type { MemoryReport } from './measured-provider.js';

export interface SoakOptions {
  seconds: number;
  clients?: number;
  /** `data`: the durable store on a temporary directory (default), verified again after kill -9; `memory`: none. */
  store?: 'data' | 'memory';
  seed?: number;
  /** Live users and groups per client (default 20 and 4). */
  maxUsers?: number;
  maxGroups?: number;
  sampleEveryMs?: number;
  onSample?: (sample: MemorySample) => void;
}

export interface MemorySample {
  /** Milliseconds since the mixed traffic started (negative: during the fill). */
  atMs: number;
  requests: number;
  heapUsed: number;
  external: number;
  rss: number;
}

export interface SoakResult {
  seed: number;
  store: 'data' | 'memory';
  clients: number;
  seconds: number;
  writes: number;
  reads: number;
  /** Requests that had to be refused (unknown id, bad filter, wrong token) and were. */
  refusals: number;
  users: number;
  groups: number;
  sharedMembers: number;
  /** The heap once every client has its full live data and traffic has run a while; and at the end. */
  baseline: MemorySample;
  final: MemorySample;
  samples: MemorySample[];
  /** Whether the state was verified again after kill -9 and a restart (data store only). */
  restartVerified: boolean;
}

/**
 * How much the heap may grow from the baseline to the end with the same live data: a fixed slack for what
 * V8 goes on compiling (0.2–0.6 MB seen) plus a little per request. A leak of a request's headers and body
 * (~1 KB each) fails even the short run; a slow one needs the long run (see heapTrend).
 */
export const HEAP_ALLOWANCE = { bytes: 1.5 * 1024 * 1024, bytesPerRequest: 128 };

export function heapAllowance(result: SoakResult): number {
  return HEAP_ALLOWANCE.bytes + HEAP_ALLOWANCE.bytesPerRequest * (result.final.requests - result.baseline.requests);
}

export function heapStayedFlat(result: SoakResult): boolean {
  return result.final.heapUsed - result.baseline.heapUsed <= heapAllowance(result);
}

/**
 * The heap's trend from the baseline on, in bytes per request (least squares over the samples), printed by
 * `npm run soak` for a human to judge, not a pass mark: V8 keeps compiling code for minutes, which alone
 * shows as 8–15 bytes per request in a 60-second run. A store index that kept one empty set per deleted
 * group member added ~25 (found with this soak and a heap-snapshot diff; provider/store.test.ts pins it).
 */
export function heapTrend(result: SoakResult): { bytesPerRequest: number; samples: number } {
  const points = result.samples.filter((s) => s.atMs >= result.baseline.atMs);
  const n = points.length;
  if (n < 2) return { bytesPerRequest: 0, samples: n };
  const meanX = points.reduce((sum, p) => sum + p.requests, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.heapUsed, 0) / n;
  const covariance = points.reduce((sum, p) => sum + (p.requests - meanX) * (p.heapUsed - meanY), 0);
  const variance = points.reduce((sum, p) => sum + (p.requests - meanX) ** 2, 0);
  return { bytesPerRequest: variance === 0 ? 0 : covariance / variance, samples: n };
}

const SHARED_GROUP = 'soak-shared';

/** Runs the soak; throws with the seed and what differed on the first wrong answer or lost write. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const seed = options.seed ?? Date.now() >>> 0;
  const store = options.store ?? 'data';
  const dir = store === 'data' ? tempDataDir() : undefined;
  const start = () => startProviderProcess({ data: dir, entry: 'e2e/reliability/soak/measured-provider.ts', nodeArgs: ['--expose-gc'], ipc: true, args: ['--token', TOKEN] });
  let provider: ChildProvider | undefined;
  try {
    provider = await start();
    const soak = new Soak(provider, seed, options);
    const result = await soak.run();
    if (dir !== undefined) {
      await provider.kill9();
      provider = await start();
      await verifyState(scimClient(provider.baseUrl), soak.clients, soak.sharedGroupId, 'after kill -9 and a restart');
    }
    return { ...result, store, restartVerified: dir !== undefined };
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message}\n(soak seed ${seed}; provider stderr: ${provider?.stderr() || 'empty'})`;
    throw error;
  } finally {
    await provider?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

class Soak {
  readonly clients: Client[];
  sharedGroupId = '';
  private readonly scim: Scim;
  private readonly random: () => number;
  private readonly shape: TrafficShape;
  private readonly samples: MemorySample[] = [];
  private writes = 0;
  private reads = 0;
  private refusals = 0;
  private trafficStart = Date.now();
  private stopAt = 0;
  private failure: Error | undefined;

  constructor(
    private readonly provider: ChildProvider,
    private readonly seed: number,
    private readonly options: SoakOptions,
  ) {
    this.scim = scimClient(provider.baseUrl);
    this.random = mulberry32(seed);
    this.clients = Array.from({ length: options.clients ?? 20 }, (_, i) => newClient(`s${i}-`));
    this.shape = { maxUsers: options.maxUsers ?? 20, maxGroups: options.maxGroups ?? 4 };
  }

  async run(): Promise<Omit<SoakResult, 'store' | 'restartVerified'>> {
    const created = await this.scim('POST', '/Groups', { schemas: [SCHEMA.group], displayName: SHARED_GROUP });
    if (created.status !== 201) throw new Error(`creating the shared group answered ${created.status}: ${JSON.stringify(created.body)}`);
    this.sharedGroupId = String(asObject(created.body).id);
    this.shape.sharedGroupId = this.sharedGroupId;
    await Promise.all(this.clients.map((client) => this.fill(client)));

    const total = this.options.seconds * 1000;
    // A fifth of the run (at least two seconds) lets JIT, caches and the request log settle before the baseline.
    const warmUp = Math.max(2_000, total / 5);
    this.trafficStart = Date.now();
    this.stopAt = this.trafficStart + total;
    const loops = this.clients.map((client) => this.drive(client));
    // A sampling failure stops the traffic like a wrong answer does (never an unhandled rejection).
    const sampler = this.sample(warmUp).catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    });
    await Promise.all([...loops, sampler]);
    if (this.failure) throw this.failure;
    const final = await this.measure();
    await verifyState(this.scim, this.clients, this.sharedGroupId, 'at the end of the traffic');
    const baseline = this.samples.find((s) => s.atMs >= warmUp && s !== final);
    // Without a sample after the warm-up the heap was never compared: that is a failed soak, not a flat heap.
    if (baseline === undefined) throw new Error(`No heap sample was taken between the warm-up (${warmUp} ms) and the end: make the soak longer.`);
    const counts = countAll(this.clients);
    return {
      seed: this.seed,
      clients: this.clients.length,
      seconds: this.options.seconds,
      writes: this.writes,
      reads: this.reads,
      refusals: this.refusals,
      ...counts,
      baseline,
      final,
      samples: this.samples,
    };
  }

  /** Each client starts with its full share of live data, so the data stays the same size from the baseline on. */
  private async fill(client: Client): Promise<void> {
    while (client.model.users.size < this.shape.maxUsers! || client.model.groups.size < this.shape.maxGroups! / 2) {
      const operation = nextOperation(client, this.random, { ...this.shape, maxUsers: Infinity, maxGroups: Infinity });
      if (operation.method !== 'POST') continue;
      await this.write(client, operation);
    }
  }

  private async drive(client: Client): Promise<void> {
    try {
      while (Date.now() < this.stopAt && this.failure === undefined) {
        if (this.random() < 0.35) await this.read(client);
        else await this.write(client, nextOperation(client, this.random, this.shape));
      }
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    }
  }

  private async write(client: Client, operation: ReturnType<typeof nextOperation>): Promise<void> {
    const answer = await this.scim(operation.method, operation.path, operation.body);
    if (answer.status >= 300) throw new Error(`${client.prefix}: ${operation.method} ${operation.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    operation.apply(client.model, answer.body);
    this.writes += 1;
  }

  /** A read whose answer is known from the client's own model, or a request that must be refused. */
  private async read(client: Client): Promise<void> {
    const users = [...client.model.users];
    const [userName, user] = users[Math.floor(this.random() * users.length)]!;
    const roll = this.random();
    this.reads += 1;
    if (roll < 0.4) return this.expectUser(client, `/Users/${user.id}`, userName, (body) => asObject(body));
    if (roll < 0.7) return this.expectUser(client, `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, userName, (body) => onlyResource(body));
    if (roll < 0.85) return this.expectSharedMembers(client);
    this.reads -= 1;
    this.refusals += 1;
    if (roll < 0.9) return this.expectStatus('GET', `/Users/no-such-user-${client.counter}`, 404, this.scim);
    if (roll < 0.95) return this.expectStatus('GET', '/Users?filter=userName%20eq', 400, this.scim);
    return this.expectStatus('GET', '/Users', 401, scimClient(this.provider.baseUrl, 'not-the-soak-token-0123456789'));
  }

  private async expectUser(client: Client, path: string, userName: string, resource: (body: unknown) => Json): Promise<void> {
    const answer = await this.scim('GET', path);
    if (answer.status !== 200) throw new Error(`${client.prefix}: GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const seen = resource(answer.body);
    const expected = client.model.users.get(userName)!;
    const actual = { id: String(seen.id), displayName: String(seen.displayName), title: String(seen.title), active: seen.active === true };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new Error(`${client.prefix}: GET ${path} does not show the acknowledged writes.\nexpected ${JSON.stringify(expected)}\nseen     ${JSON.stringify(actual)}`);
    }
  }

  /** Only this client changes its own members of the shared group, so its share must be exactly its model's. */
  private async expectSharedMembers(client: Client): Promise<void> {
    const answer = await this.scim('GET', `/Groups/${this.sharedGroupId}`);
    if (answer.status !== 200) throw new Error(`GET the shared group answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const ids = new Set(Array.isArray(asObject(answer.body).members) ? (asObject(answer.body).members as unknown[]).map((m) => String(asObject(m).value)) : []);
    const mine = [...client.model.users].filter(([, u]) => ids.has(u.id)).map(([name]) => name).sort();
    const expected = [...client.model.shared].sort();
    if (JSON.stringify(mine) !== JSON.stringify(expected)) {
      throw new Error(`${client.prefix}: the shared group lost or invented a member.\nexpected ${JSON.stringify(expected)}\nseen     ${JSON.stringify(mine)}`);
    }
  }

  private async expectStatus(method: string, path: string, status: number, scim: Scim): Promise<void> {
    const answer = await scim(method, path);
    if (answer.status !== status) throw new Error(`${method} ${path} answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`);
  }

  private async sample(warmUp: number): Promise<void> {
    const every = this.options.sampleEveryMs ?? Math.max(500, Math.min(5_000, (this.options.seconds * 1000) / 12));
    let next = this.trafficStart;
    let baselineTaken = false;
    while (Date.now() < this.stopAt && this.failure === undefined) {
      const elapsed = Date.now() - this.trafficStart;
      const due: boolean = !baselineTaken && elapsed >= warmUp;
      if (due || Date.now() >= next) {
        await this.measure();
        baselineTaken ||= due;
        next = Date.now() + every;
      }
      await sleep(50);
    }
  }

  private async measure(): Promise<MemorySample> {
    const report = await askMemory(this.provider);
    const sample = { atMs: Date.now() - this.trafficStart, requests: this.writes + this.reads + this.refusals, heapUsed: report.heapUsed, external: report.external, rss: report.rss };
    this.samples.push(sample);
    this.options.onSample?.(sample);
    return sample;
  }
}

/** Everything the provider holds against every client's model, and the shared group against their shares. */
async function verifyState(scim: Scim, clients: Client[], sharedGroupId: string, when: string): Promise<void> {
  const users = await listAll(scim, '/Users');
  const groups = await listAll(scim, '/Groups');
  for (const client of clients) {
    const expected = canonical(client.model);
    const seen = canonical(modelFrom(client.prefix, users, groups, sharedGroupId));
    if (seen !== expected) throw new Error(`${client.prefix}: the provider does not hold what was acknowledged ${when}.\nacknowledged: ${expected}\nheld:         ${seen}`);
  }
  const shared = groups.find((g) => String(g.id) === sharedGroupId);
  const members = Array.isArray(shared?.members) ? shared.members.length : -1;
  const expected = clients.reduce((n, c) => n + c.model.shared.size, 0);
  if (members !== expected) throw new Error(`The shared group has ${members} members ${when}; the clients acknowledged ${expected}.`);
  const ours = users.filter((u) => clients.some((c) => String(u.userName).startsWith(c.prefix))).length;
  if (ours !== users.length) throw new Error(`${users.length - ours} users ${when} that no client created.`);
}

function askMemory(provider: ChildProvider): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error('the provider did not report its memory within 10 s')), 10_000);
    const onMessage = (message: unknown) => {
      const report = message as MemoryReport;
      if (report?.kind !== 'memory') return;
      if (!report.collected) finish(new Error('the provider runs without --expose-gc: its heap cannot be compared'));
      else finish(undefined, report);
    };
    const finish = (error?: Error, report?: MemoryReport) => {
      clearTimeout(timer);
      provider.child.off('message', onMessage);
      if (error) reject(error);
      else resolve(report!);
    };
    provider.child.on('message', onMessage);
    provider.child.send('measure');
  });
}

function onlyResource(body: unknown): Json {
  const resources = asObject(body).Resources;
  if (!Array.isArray(resources) || resources.length !== 1) throw new Error(`expected exactly one resource, got ${JSON.stringify(body)}`);
  return asObject(resources[0]);
}

function countAll(clients: Client[]): { users: number; groups: number; sharedMembers: number } {
  return {
    users: clients.reduce((n, c) => n + c.model.users.size, 0),
    groups: clients.reduce((n, c) => n + c.model.groups.size, 0),
    sharedMembers: clients.reduce((n, c) => n + c.model.shared.size, 0),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
