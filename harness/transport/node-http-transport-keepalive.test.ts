/** A keep-alive connection the target closed while the harness was busy: retried when idempotent, explained when not. */
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpTransport } from './node-http-transport.js';

// The target runs in its own thread and closes its idle connections on cue, as a server's keep-alive timeout
// would, while this thread is blocked (as a long check pass blocks the harness) and so cannot notice. On cue
// rather than by a timer, so that the close never races this thread's free moments between two requests.
const TARGET = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const seen = [];
const idle = new Set();
let connections = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    seen.push(req.method + ' ' + req.url);
    if (req.url === '/reset') return void req.socket.resetAndDestroy();
    // Connection set by hand so Node announces no 'Keep-Alive: timeout=5'; the routes below announce their own.
    const headers = { 'content-type': 'application/scim+json', connection: 'keep-alive' };
    if (req.url === '/announces-1s') headers['keep-alive'] = 'timeout=1';
    if (req.url === '/announces-2s') headers['keep-alive'] = 'timeout=2, max=100';
    res.on('finish', () => idle.add(req.socket));
    res.writeHead(200, headers);
    res.end('{"id":"1"}');
  });
});
server.on('connection', (socket) => {
  connections++;
  socket.on('data', () => idle.delete(socket));
  socket.on('close', () => idle.delete(socket));
});
parentPort.on('message', (message) => {
  if (message.type === 'report') return void parentPort.postMessage({ seen: seen.splice(0), connections });
  for (const socket of idle) socket.destroy();
  idle.clear();
  const done = new Int32Array(message.done);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

let worker: Worker;
let base: string;
const transports: NodeHttpTransport[] = [];

beforeAll(async () => {
  worker = new Worker(TARGET, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => worker.terminate());
afterEach(() => {
  for (const t of transports.splice(0)) t.close();
});

/** What the target received since the last call, and how many connections it has accepted in all. */
function target(): Promise<{ seen: string[]; connections: number }> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage({ type: 'report' });
  });
}

/**
 * The target closes its idle connections while this thread is blocked, as checking thousands of exchanges
 * blocks the harness: nothing here (timers, socket events) runs until it is done, so the close goes unnoticed.
 */
function targetClosesIdleWhileBusy(): void {
  const done = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ type: 'close-idle', done: done.buffer });
  expect(Atomics.wait(done, 0, 0, 10_000)).not.toBe('timed-out');
}

/** Blocks this thread for a while, as a long check pass does, so that pooled sockets age with no timer running. */
function busy(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A transport whose own idle limit is out of the way unless a test sets one. */
function transport(idleMs = 60_000): NodeHttpTransport {
  const t = new NodeHttpTransport({ idleMs });
  transports.push(t);
  return t;
}

/** One request that leaves its connection in the pool, then a turn of the event loop so the agent takes it back. */
async function warm(t: NodeHttpTransport, path = '/Users/1'): Promise<void> {
  const first = await t.send({ method: 'GET', url: `${base}${path}`, headers: {} }, { timeoutMs: 5000 });
  expect(first).toMatchObject({ ok: true, response: { status: 200 } });
  expect(first.retried).toBeUndefined();
  await new Promise((resolve) => setImmediate(resolve));
  await target();
}

describe('NodeHttpTransport on a connection the target closed while idle', () => {
  it.each(['GET', 'DELETE'])('retries an idempotent %s once on a fresh connection and records why', async (method) => {
    const t = transport();
    await warm(t);
    const before = (await target()).connections;
    targetClosesIdleWhileBusy();
    const outcome = await t.send({ method, url: `${base}/Users/1`, headers: {} }, { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: true, response: { status: 200, body: '{"id":"1"}' } });
    expect(outcome.retried?.reason).toMatch(/the target had closed the keep-alive connection \(reused after \d+ ms idle\): .*(ECONNRESET|EPIPE|socket hang up)/);
    const after = await target();
    expect(after.seen).toEqual([`${method} /Users/1`]);
    expect(after.connections).toBe(before + 1);
  });

  it.each(['POST', 'PATCH'])('does not retry a non-idempotent %s, and says what happened', async (method) => {
    const t = transport();
    await warm(t);
    targetClosesIdleWhileBusy();
    const outcome = await t.send({ method, url: `${base}/Users`, headers: { 'Content-Type': 'application/scim+json' }, body: '{}' }, { timeoutMs: 5000 });
    expect(outcome.ok).toBe(false);
    expect(outcome.retried).toBeUndefined();
    expect(!outcome.ok && outcome.error.kind).toBe('network');
    expect(!outcome.ok && outcome.error.message).toContain('The target closed an idle keep-alive connection as the request was sent');
    expect(!outcome.ok && outcome.error.message).toContain(
      `${method} is not retried because it is not idempotent (RFC 9110 §9.2.2) — the target may or may not have acted on it.`,
    );
    expect((await target()).seen).toEqual([]);
  });

  it('does not retry when a fresh connection is reset: the failure is the request, not a stale socket', async () => {
    const outcome = await transport().send({ method: 'GET', url: `${base}/reset`, headers: {} }, { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'network', message: expect.stringContaining('ECONNRESET') } });
    expect(outcome.retried).toBeUndefined();
    expect((await target()).seen).toEqual(['GET /reset']);
  });

  it('does not reuse a connection idle past its limit by the clock, even when its timer could not fire', async () => {
    const t = transport(100);
    await warm(t);
    const before = (await target()).connections;
    busy(400);
    const outcome = await t.send({ method: 'POST', url: `${base}/Users`, headers: {}, body: '{}' }, { timeoutMs: 5000 });
    // Not a retry: the stale socket was discarded before the request could take it, so even a POST goes through.
    expect(outcome).toMatchObject({ ok: true, response: { status: 200 } });
    expect(outcome.retried).toBeUndefined();
    expect((await target()).connections).toBe(before + 1);
  });

  it("honours the target's Keep-Alive: timeout, less a margin", async () => {
    // timeout=1 leaves nothing after the one-second margin: the connection is not kept at all.
    const t = transport();
    await warm(t, '/announces-1s');
    const before = (await target()).connections;
    const next = await t.send({ method: 'POST', url: `${base}/announces-1s`, headers: {}, body: '{}' }, { timeoutMs: 5000 });
    expect(next).toMatchObject({ ok: true });
    expect((await target()).connections).toBe(before + 1);

    // timeout=2 allows one second idle: past it the socket is discarded, not reused (the harness's own limit is a minute).
    const u = transport();
    await warm(u, '/announces-2s');
    const start = (await target()).connections;
    busy(1100);
    const late = await u.send({ method: 'POST', url: `${base}/announces-2s`, headers: {}, body: '{}' }, { timeoutMs: 5000 });
    expect(late).toMatchObject({ ok: true });
    expect(late.retried).toBeUndefined();
    expect((await target()).connections).toBe(start + 1);
  });

  it('reuses a connection within its limit', async () => {
    const t = transport();
    await warm(t);
    const before = (await target()).connections;
    const again = await t.send({ method: 'POST', url: `${base}/Users`, headers: {}, body: '{}' }, { timeoutMs: 5000 });
    expect(again).toMatchObject({ ok: true });
    expect((await target()).connections).toBe(before);
  });
});
