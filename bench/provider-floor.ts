/**
 * `npx tsx bench/provider-floor.ts`: the reference provider's requests/s over HTTP for GET /Users/{id} and
 * `userName eq` on 10,000 users, as ratios against a bare node:http server answering a fixed ~500-byte JSON
 * body (Node's floor on this machine) and against SCIMMY, all measured in the same run (issue 12, item 5).
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
import { SCHEMA } from '../vocabulary/constants.js';

interface LoadSpec {
  port: number;
  /** Request target, e.g. `/scim/v2/Users/<id>`. */
  path: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

interface LoadResult {
  /** Answers counted after the warm-up. */
  requests: number;
  /** Answers including the warm-up's, to relate the servers' CPU time to. */
  all: number;
  non2xx: number;
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
 * `connections` keep-alive sockets, each sending the next request as soon as the previous answer is complete;
 * counts answers after a warm-up. Answers must carry Content-Length (all three servers send it).
 */
function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const head = Object.entries({ host: `127.0.0.1:${spec.port}`, ...spec.headers }).map(([name, value]) => `${name}: ${value}\r\n`);
  const request = Buffer.from(`GET ${spec.path} HTTP/1.1\r\n${head.join('')}\r\n`);
  const result: LoadResult = { requests: 0, all: 0, non2xx: 0, errors: 0, seconds: spec.seconds };
  let counting = false;
  let running = true;
  const sockets = new Set<Socket>();
  const answered = (status: number): void => {
    if (running) result.all += 1;
    if (!counting) return;
    result.requests += 1;
    if (status < 200 || status > 299) result.non2xx += 1;
  };
  const open = (): void => {
    if (!running) return;
    const socket = connect(spec.port, '127.0.0.1');
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(request));
    socket.on('data', readAnswers(socket, request, answered));
    socket.on('error', () => {
      if (counting) result.errors += 1;
    });
    socket.on('close', () => {
      sockets.delete(socket);
      open();
    });
  };
  for (let i = 0; i < spec.connections; i += 1) open();
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

/** A parser for one socket's answers: each complete one is counted, and the next request sent. */
function readAnswers(socket: Socket, request: Buffer, answered: (status: number) => void): (chunk: Buffer) => void {
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
      answered(Number(header.slice(9, 12)));
      pending = pending.subarray(total);
      socket.write(request);
    }
  };
}

/** Runs the load in a child process (this file with `--load`), so client and servers do not share a thread. */
function loadInChild(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--load', JSON.stringify(spec)], { execArgv: process.execArgv, stdio: 'inherit' });
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
  return { target: { name: 'bare node:http, fixed body', spec: { port, path: '/', headers: {} } }, close: () => server.close() };
}

const userAt = (i: number) => ({
  schemas: [SCHEMA.user],
  userName: `user${i}@example.com`,
  name: { givenName: `Given${i}`, familyName: `Family${i % 97}` },
  emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }],
  active: true,
  password: `Pw-${i}-secret`,
});

/** The reference provider, seeded through its handler (no HTTP), as `npm run provider` serves it. */
async function referenceProvider(users: number): Promise<{ targets: Target[]; close: () => Promise<void> }> {
  const provider = createProvider({ token: TOKEN });
  let lastId = '';
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
    lastId = String((res.body as { id: string }).id);
  }
  const running = await provider.listen(0);
  return { targets: scimTargets('reference provider', running.port, provider.basePath, lastId, users), close: () => running.close() };
}

/** GET by id and `userName eq` against a SCIM server, for the user seeded last (no early exit in a scan). */
function scimTargets(name: string, port: number, basePath: string, id: string, users: number): Target[] {
  const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/scim+json' };
  const filter = encodeURIComponent(`userName eq "user${users - 1}@example.com"`);
  return [
    { name: `${name}: GET /Users/{id}`, spec: { port, path: `${basePath}/Users/${id}`, headers } },
    { name: `${name}: userName eq (${users} users)`, spec: { port, path: `${basePath}/Users?filter=${filter}`, headers } },
  ];
}

/** SCIMMY + scimmy-routers, as e2e/scimmy starts it, seeded over HTTP. */
async function scimmyServer(users: number): Promise<{ targets: Target[]; close: () => Promise<void> }> {
  const { startScimmy } = await import('../e2e/scimmy/server.js');
  const server = await startScimmy({ token: TOKEN });
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
  return { targets: scimTargets('SCIMMY', Number(url.port), url.pathname, ids[users - 1]!, users), close: () => server.close() };
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

async function measure(target: Target, connections: number, seconds: number): Promise<Measured> {
  const cpu = process.cpuUsage();
  const result = await loadInChild({ ...target.spec, connections, seconds });
  const used = process.cpuUsage(cpu);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${target.name}: ${result.non2xx} non-2xx answers, ${result.errors} socket errors`);
  }
  return { rate: result.requests / result.seconds, cpuMicros: (used.user + used.system) / Math.max(1, result.all) };
}

function report(target: Target, measured: Measured, note: string): void {
  console.log(`  ${target.name.padEnd(52)} ${format(measured.rate)} req/s ${measured.cpuMicros.toFixed(0).padStart(6)} µs CPU/req  ${note}`);
}

const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);
const percent = (n: number, of: number) => `${((n / of) * 100).toFixed(1).padStart(5)} %`;

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
  try {
    for (let round = 1; round <= rounds; round += 1) {
      console.log(`\nRound ${round}: ${connections} keep-alive connections, ${seconds} s each (after ${WARMUP_MS / 1000} s warm-up)`);
      const floor = await measure(bare.target, connections, seconds);
      report(bare.target, floor, '(the floor)');
      const ours: Measured[] = [];
      for (const target of provider.targets) {
        const measured = await measure(target, connections, seconds);
        ours.push(measured);
        report(target, measured, `${percent(measured.rate, floor.rate)} of the floor`);
      }
      for (const [i, target] of (scimmy?.targets ?? []).entries()) {
        const measured = await measure(target, connections, seconds);
        report(target, measured, `${percent(measured.rate, floor.rate)} of the floor; provider ${(ours[i]!.rate / measured.rate).toFixed(1)}×`);
      }
    }
  } finally {
    bare.close();
    await provider.close();
    await scimmy?.close();
  }
}

const loadIndex = process.argv.indexOf('--load');
if (loadIndex >= 0) {
  const result = await runLoad(JSON.parse(process.argv[loadIndex + 1]!) as LoadSpec);
  process.send?.(result, () => process.exit(0));
} else {
  await main();
}
