/** FetchTransport's deadline lives exactly as long as its exchange: nothing pending once the body is read or the request failed. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchTransport, type DeadlineTimers } from './fetch-transport.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (req.url === '/big') return void res.end('x'.repeat(5000));
    res.writeHead(200, { 'content-type': 'application/scim+json' });
    res.end('{"id":"1"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Real timers, counted: how many were set, and how many are still pending (neither fired nor cleared). */
function countingTimers(): DeadlineTimers & { set_: number; pending: Set<unknown> } {
  const pending = new Set<unknown>();
  const timers = {
    set_: 0,
    pending,
    set(callback: () => void, ms: number): unknown {
      timers.set_ += 1;
      const handle: ReturnType<typeof setTimeout> = setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clear(handle: unknown): void {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
      pending.delete(handle);
    },
  };
  return timers;
}

describe('FetchTransport deadline', () => {
  it('clears its timer once the body has been read', async () => {
    const timers = countingTimers();
    const outcome = await new FetchTransport('http', timers).send({ method: 'GET', url: `${base}/Users/1`, headers: {} }, { timeoutMs: 60_000 });
    expect(outcome).toMatchObject({ ok: true, response: { status: 200, body: '{"id":"1"}' } });
    expect(timers.set_).toBe(1);
    expect(timers.pending.size).toBe(0);
  });

  it('clears it when the body is cut at the cap', async () => {
    const timers = countingTimers();
    const outcome = await new FetchTransport('http', timers).send({ method: 'GET', url: `${base}/big`, headers: {} }, { timeoutMs: 60_000, maxBodyBytes: 100 });
    expect(outcome.ok && outcome.response.truncatedAt).toBe(100);
    expect(timers.pending.size).toBe(0);
  });

  it('clears it when the request fails', async () => {
    const timers = countingTimers();
    // A port just freed, not a well-known closed one: fetch refuses ports like 9 itself ("bad port"), before any socket.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await new FetchTransport('http', timers).send({ method: 'GET', url: `http://127.0.0.1:${port}/Users`, headers: {} }, { timeoutMs: 60_000 });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(timers.set_).toBe(1);
    expect(timers.pending.size).toBe(0);
  });

  it('still times out the exchange, described as before', async () => {
    const timers = countingTimers();
    const outcome = await new FetchTransport('http', timers).send({ method: 'GET', url: `${base}/slow`, headers: {} }, { timeoutMs: 200 });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'No response within 200 ms.' } });
    expect(timers.pending.size).toBe(0);
  });

  it('times out with the default timers too', async () => {
    const outcome = await new FetchTransport().send({ method: 'GET', url: `${base}/slow`, headers: {} }, { timeoutMs: 200 });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'No response within 200 ms.' } });
  });
});
