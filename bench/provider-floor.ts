/**
 * `npx tsx bench/provider-floor.ts`: the reference provider's requests/s over HTTP for GET /Users/{id} and
 * `userName eq` on 10,000 users, as ratios against a bare node:http server answering a fixed ~500-byte JSON
 * body (Node's floor on this machine) and against SCIMMY, all measured in the same run (issue 12, item 5);
 * then a mixed workload (per connection a cycle of GET by id, `userName eq`, PATCH replace, a page of 50),
 * ours against SCIMMY. SCIMMY is installed by npm into a temporary folder for the run (bench/scimmy-install.ts).
 * The servers run in this process; the load comes from a child process (10 keep-alive connections on raw
 * sockets), so the client's own work does not share the servers' event loop. Besides req/s it prints the
 * servers' CPU time per request, which the machine's other load disturbs less.
 *
 *   npx tsx bench/provider-floor.ts [--users 10000] [--seconds 5] [--rounds 1] [--connections 10] [--no-scimmy]
 */
import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createProvider } from '../provider/provider.js';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { installScimmy } from './scimmy-install.js';

/** One request of a load: the generator adds Host, the target's headers and, with a body, its length and type. */
interface RequestSpec {
  method: string;
  /** Request target, e.g. `/scim/v2/Users/<id>`. */
  path: string;
  body?: string;
}

interface LoadSpec {
  port: number;
  headers: Record<string, string>;
  /** Connection `i` sends `cycles[i % cycles.length]` over and over, one request at a time. */
  cycles: RequestSpec[][];
  connections: number;
  seconds: number;
}

interface LoadResult {
  /** Answers counted after the warm-up. */
  requests: number;
  /** Answers including the warm-up's, to relate the servers' CPU time to. */
  all: number;
  non2xx: number;
  /** The first non-2xx answer's status line and body start, to say what went wrong. */
  firstNon2xx?: string;
  errors: number;
  seconds: number;
}

/** What one server answers a request with, in the load generator's words. */
interface Target {
  name: string;
  spec: Omit<LoadSpec, 'connections' | 'seconds'>;
}

const TOKEN = 'bench-floor-token-0123456789';
const WARMUP_MS = 1_000;

/** A SCIM User as a bare server would answer it: RFC 7643 §8.2's minimal example, about 500 bytes. */
const FIXED_BODY = JSON.stringify({
  schemas: [SCHEMA.user],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen@example.com',
  name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  active: true,
  emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z', version: 'W/"3694e05e9dff590"', location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646' },
});

// ---------------------------------------------------------------------------------------------- load generator

/**
 * `connections` keep-alive sockets, each sending its cycle's next request as soon as the previous answer is
 * complete; counts answers after a warm-up. Answers must carry Content-Length (all three servers send it).
 */
function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const cycles = spec.cycles.map((cycle) => cycle.map((request) => rawRequest(spec, request)));
  const result: LoadResult = { requests: 0, all: 0, non2xx: 0, errors: 0, seconds: spec.seconds };
  let counting = false;
  let running = true;
  const sockets = new Set<Socket>();
  const answered = (status: number, answer: string): void => {
    if (running) result.all += 1;
    if (!counting) return;
    result.requests += 1;
    if (status < 200 || status > 299) {
      result.non2xx += 1;
      result.firstNon2xx ??= answer.slice(0, 400);
    }
  };
  const open = (index: number): void => {
    if (!running) return;
    const cycle = cycles[index % cycles.length]!;
    const socket = connect(spec.port, '127.0.0.1');
    sockets.add(socket);
    socket.setNoDelay(true);
    // Each connection starts its cycle over when it reconnects: the server closed it, so nothing is in flight.
    let next = 0;
    const send = (): void => {
      socket.write(cycle[next]!);
      next = (next + 1) % cycle.length;
    };
    socket.on('connect', send);
    socket.on('data', readAnswers(socket, send, answered));
    socket.on('error', () => {
      if (counting) result.errors += 1;
    });
    socket.on('close', () => {
      sockets.delete(socket);
      open(index);
    });
  };
  for (let i = 0; i < spec.connections; i += 1) open(i);
  return new Promise((resolve) => {
    setTimeout(() => {
      counting = true;
      setTimeout(() => {
        counting = false;
        running = false;
        for (const socket of sockets) socket.destroy();
        resolve(result);
      }, spec.seconds * 1000);
    }, WARMUP_MS);
  });
}

function rawRequest(spec: LoadSpec, request: RequestSpec): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers: Record<string, string> = { host: `127.0.0.1:${spec.port}`, ...spec.headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/scim+json';
    headers['content-length'] = String(body.length);
  }
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  const start = Buffer.from(`${request.method} ${request.path} HTTP/1.1\r\n${head.join('')}\r\n`);
  return body === undefined ? start : Buffer.concat([start, body]);
}

/** A parser for one socket's answers: each complete one is counted, and the next request sent. */
function readAnswers(socket: Socket, send: () => void, answered: (status: number, answer: string) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const header = pending.toString('latin1', 0, end);
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(header);
      if (!length) {
        socket.destroy(new Error(`an answer without Content-Length: ${header.split('\r\n')[0]}`));
        return;
      }
      const total = end + 4 + Number(length[1]);
      if (pending.length < total) return;
      const status = Number(header.slice(9, 12));
      // Only a failure's text is kept (decoding every answer would be client work the servers wait for).
      answered(status, status >= 200 && status <= 299 ? '' : pending.toString('utf8', 0, total));
      pending = pending.subarray(total);
      send();
    }
  };
}

/** Runs the load in a child process (this file with `--load`), so client and servers do not share a thread. */
function loadInChild(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--load'], { execArgv: process.execArgv, stdio: 'inherit' });
    // The spec goes over IPC: a mixed workload's request bodies could outgrow a command-line argument.
    child.send(spec);
    child.once('message', (message) => resolve(message as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------- servers

function listening(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function bareServer(): Promise<{ target: Target; close: () => void }> {
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/scim+json');
    res.end(FIXED_BODY);
  });
  const port = await listening(server);
  return { target: { name: 'bare node:http, fixed body', spec: { port, headers: {}, cycles: [[{ method: 'GET', path: '/' }]] } }, close: () => server.close() };
}

const userAt = (i: number) => ({
  schemas: [SCHEMA.user],
  userName: `user${i}@example.com`,
  name: { givenName: `Given${i}`, familyName: `Family${i % 97}` },
  emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }],
  active: true,
  password: `Pw-${i}-secret`,
});

/** What the bench asks of a SCIM server: where it is, and the id of each seeded user by index. */
interface ScimServer {
  name: string;
  port: number;
  basePath: string;
  ids: string[];
}

/** The reference provider, seeded through its handler (no HTTP), as `npm run provider` serves it. */
async function referenceProvider(users: number): Promise<{ server: ScimServer; close: () => Promise<void> }> {
  const provider = createProvider({ token: TOKEN });
  const ids: string[] = [];
  for (let i = 0; i < users; i += 1) {
    const res = provider.handler({
      method: 'POST',
      path: '/Users',
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(userAt(i)),
      baseUrl: 'http://bench/scim/v2',
    });
    if (res.status !== 201) throw new Error(`seeding the provider failed: ${JSON.stringify(res.body)}`);
    ids.push(String((res.body as { id: string }).id));
  }
  const running = await provider.listen(0);
  return { server: { name: 'reference provider', port: running.port, basePath: provider.basePath, ids }, close: () => running.close() };
}

const HEADERS = { authorization: `Bearer ${TOKEN}`, accept: 'application/scim+json' };

const userNameFilter = (i: number) => encodeURIComponent(`userName eq "user${i}@example.com"`);

/** GET by id and `userName eq` against a SCIM server, for the user seeded last (no early exit in a scan). */
function scimTargets(server: ScimServer): Target[] {
  const last = server.ids.length - 1;
  const { port, basePath } = server;
  return [
    { name: `${server.name}: GET /Users/{id}`, spec: { port, headers: HEADERS, cycles: [[{ method: 'GET', path: `${basePath}/Users/${server.ids[last]}` }]] } },
    {
      name: `${server.name}: userName eq (${server.ids.length} users)`,
      spec: { port, headers: HEADERS, cycles: [[{ method: 'GET', path: `${basePath}/Users?filter=${userNameFilter(last)}` }]] },
    },
  ];
}

/** Steps in each connection's mixed cycle; each user of a connection is visited twice per cycle, with different values. */
const MIXED_STEPS = 8;

/**
 * The mixed workload: connection `c` cycles through {@link MIXED_STEPS} steps, each a GET by id, a `userName eq`
 * for the same user, a PATCH replacing its displayName and a page of 50 (`startIndex` moving through the
 * directory). Every connection has its own users, and a PATCH always changes the value (each user is patched
 * twice per cycle, to two values), so it is a real write that the next read must show.
 */
function mixedTarget(server: ScimServer, connections: number): Target {
  const users = server.ids.length;
  const { port, basePath } = server;
  const cycles: RequestSpec[][] = [];
  for (let c = 0; c < connections; c += 1) {
    const cycle: RequestSpec[] = [];
    for (let step = 0; step < MIXED_STEPS; step += 1) {
      const user = (c * 977 + (step % (MIXED_STEPS / 2)) * 131) % users;
      const patch = { schemas: [MESSAGE.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: `Mixed ${c}.${step}` }] };
      const startIndex = 1 + (((c * MIXED_STEPS + step) * 50) % Math.max(1, users - 50));
      cycle.push(
        { method: 'GET', path: `${basePath}/Users/${server.ids[user]}` },
        { method: 'GET', path: `${basePath}/Users?filter=${userNameFilter(user)}` },
        { method: 'PATCH', path: `${basePath}/Users/${server.ids[user]}`, body: JSON.stringify(patch) },
        { method: 'GET', path: `${basePath}/Users?startIndex=${startIndex}&count=50` },
      );
    }
    cycles.push(cycle);
  }
  return { name: `${server.name}: mixed (GET, eq, PATCH, page of 50)`, spec: { port, headers: HEADERS, cycles } };
}

/** SCIMMY + scimmy-routers, installed into a temporary folder and started as e2e/scimmy starts it, seeded over HTTP. */
async function scimmyServer(users: number): Promise<{ server: ScimServer; close: () => Promise<void> }> {
  const source = await installScimmy();
  console.log(`SCIMMY: ${source.description}`);
  const server = await source.startScimmy({ token: TOKEN });
  const ids: string[] = [];
  const post = async (i: number): Promise<void> => {
    const res = await fetch(`${server.baseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(userAt(i)),
    });
    const body = (await res.json()) as { id?: string };
    if (res.status !== 201 || body.id === undefined) throw new Error(`seeding SCIMMY failed: ${res.status} ${JSON.stringify(body)}`);
    ids[i] = body.id;
  };
  for (let i = 0; i < users; i += 10) await Promise.all(Array.from({ length: Math.min(10, users - i) }, (_, k) => post(i + k)));
  const url = new URL(server.baseUrl);
  return {
    server: { name: 'SCIMMY', port: Number(url.port), basePath: url.pathname, ids },
    close: async () => {
      await server.close();
      source.dispose();
    },
  };
}

// ------------------------------------------------------------------------------------------------------- main

interface Measured {
  /** Requests per second. */
  rate: number;
  /**
   * This process's CPU time per answer, in µs: what one request costs the server whatever the machine's other
   * load (the servers run here, the client does not), where req/s also depends on the client getting a core.
   */
  cpuMicros: number;
}

/**
 * `lenient`: socket errors are counted in the note instead of failing the bench — for SCIMMY, whose mixed
 * workload (seconds per request) has seen connections reset in a second round; our servers must have none.
 */
async function measure(target: Target, connections: number, seconds: number, lenient = false): Promise<Measured & { errors: number }> {
  const cpu = process.cpuUsage();
  const result = await loadInChild({ ...target.spec, connections, seconds });
  const used = process.cpuUsage(cpu);
  if (result.non2xx > 0 || (result.errors > 0 && !lenient)) {
    throw new Error(`${target.name}: ${result.non2xx} non-2xx answers, ${result.errors} socket errors; first: ${result.firstNon2xx ?? 'none'}`);
  }
  return { rate: result.requests / result.seconds, cpuMicros: (used.user + used.system) / Math.max(1, result.all), errors: result.errors };
}

const socketErrors = (measured: { errors: number }) => (measured.errors > 0 ? ` (${measured.errors} socket errors)` : '');

function report(target: Target, measured: Measured, note: string): void {
  console.log(`  ${target.name.padEnd(52)} ${format(measured.rate)} req/s ${measured.cpuMicros.toFixed(0).padStart(6)} µs CPU/req  ${note}`);
}

const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);
const percent = (n: number, of: number) => `${((n / of) * 100).toFixed(1).padStart(5)} %`;

/** One round's floor and the provider's single-request figures (GET by id, `userName eq`), for the summary. */
interface RoundFigures {
  floor: Measured;
  ours: Measured[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Medians over the rounds, since one round on a shared machine can say anything: the req/s ratio to the floor,
 * and CPU µs per request, ours and the floor's, with their quotient (the floor's CPU per request over ours),
 * which is what the req/s ratio tends to on a quiet machine, where each server is bound by its own CPU time.
 */
function reportSummary(targets: Target[], rounds: RoundFigures[]): void {
  if (rounds.length < 2) return;
  console.log(`
Medians over ${rounds.length} rounds:`);
  for (const [i, target] of targets.entries()) {
    const ratio = median(rounds.map((r) => r.ours[i]!.rate / r.floor.rate));
    const cpu = median(rounds.map((r) => r.ours[i]!.cpuMicros));
    const floorCpu = median(rounds.map((r) => r.floor.cpuMicros));
    const cpuRatio = median(rounds.map((r) => r.floor.cpuMicros / r.ours[i]!.cpuMicros));
    console.log(
      `  ${target.name.padEnd(52)} ${percent(ratio, 1)} of the floor's req/s; CPU/req ${cpu.toFixed(0)} µs vs the floor's ${floorCpu.toFixed(0)} µs (${percent(cpuRatio, 1)})`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '1' },
      connections: { type: 'string', default: '10' },
      'no-scimmy': { type: 'boolean', default: false },
    },
  });
  const [users, seconds, rounds, connections] = [values.users, values.seconds, values.rounds, values.connections].map(Number) as [number, number, number, number];
  console.log(`Seeding ${users} users…`);
  const bare = await bareServer();
  const provider = await referenceProvider(users);
  const scimmy = values['no-scimmy'] ? undefined : await scimmyServer(users);
  const summary: RoundFigures[] = [];
  try {
    for (let round = 1; round <= rounds; round += 1) {
      console.log(`\nRound ${round}: ${connections} keep-alive connections, ${seconds} s each (after ${WARMUP_MS / 1000} s warm-up)`);
      const floor = await measure(bare.target, connections, seconds);
      report(bare.target, floor, '(the floor)');
      const ours: Measured[] = [];
      for (const target of scimTargets(provider.server)) {
        const measured = await measure(target, connections, seconds);
        ours.push(measured);
        report(target, measured, `${percent(measured.rate, floor.rate)} of the floor`);
      }
      summary.push({ floor, ours });
      for (const [i, target] of (scimmy ? scimTargets(scimmy.server) : []).entries()) {
        const measured = await measure(target, connections, seconds, true);
        report(target, measured, `${percent(measured.rate, floor.rate)} of the floor; provider ${(ours[i]!.rate / measured.rate).toFixed(1)}×${socketErrors(measured)}`);
      }
      // Last: the mixed workload writes, so the single-request figures above always read the seeded users.
      const mixedOurs = mixedTarget(provider.server, connections);
      const oursMixed = await measure(mixedOurs, connections, seconds);
      report(mixedOurs, oursMixed, `${percent(oursMixed.rate, floor.rate)} of the floor`);
      if (scimmy) {
        const mixedScimmy = mixedTarget(scimmy.server, connections);
        const measured = await measure(mixedScimmy, connections, seconds, true);
        report(mixedScimmy, measured, `${percent(measured.rate, floor.rate)} of the floor; provider ${(oursMixed.rate / measured.rate).toFixed(1)}×${socketErrors(measured)}`);
      }
    }
    reportSummary(scimTargets(provider.server), summary);
  } finally {
    bare.close();
    await provider.close();
    await scimmy?.close();
  }
}

if (process.argv.includes('--load')) {
  process.once('message', (spec) => {
    void runLoad(spec as LoadSpec).then((result) => process.send?.(result, () => process.exit(0)));
  });
} else {
  await main();
}
