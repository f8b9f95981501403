/** Over a real socket the target sees the IdP's headers and nothing a browser-like fetch would add. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpTransport } from './node-http-transport.js';

let server: Server;
let base: string;
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('x'.repeat(5000));
      }
      res.writeHead(201, { 'content-type': 'application/scim+json', 'x-echo': 'a' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const transport = new NodeHttpTransport();

describe('NodeHttpTransport', () => {
  it('sends exactly the given headers, plus only what HTTP itself needs', async () => {
    const outcome = await transport.send(
      { method: 'POST', url: `${base}/Users`, headers: { Accept: 'application/scim+json', 'Content-Type': 'application/scim+json; charset=utf-8', Authorization: 'Bearer t' }, body: '{"a":"é"}' },
      { timeoutMs: 5000 },
    );
    expect(outcome.ok && outcome.response).toMatchObject({ status: 201, body: '{"id":"1"}', headers: { 'x-echo': 'a' } });
    const last = seen.at(-1)!;
    expect(Object.keys(last.headers).sort()).toEqual(['accept', 'authorization', 'connection', 'content-length', 'content-type', 'host']);
    expect(last.headers['content-length']).toBe(String(Buffer.byteLength('{"a":"é"}')));
    expect(last.body).toBe('{"a":"é"}');
  });

  it('sends no User-Agent when the IdP sends none (Entra Test Connection, E12)', async () => {
    await transport.send({ method: 'GET', url: `${base}/Users?filter=userName+eq+%22x%22`, headers: { Accept: 'application/scim+json' } }, { timeoutMs: 5000 });
    expect(seen.at(-1)!.headers['user-agent']).toBeUndefined();
    expect(seen.at(-1)!.headers['accept-language']).toBeUndefined();
  });

  it('times out the whole exchange, and cuts a body past the cap', async () => {
    const slow = await transport.send({ method: 'GET', url: `${base}/slow`, headers: {} }, { timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    const big = await transport.send({ method: 'GET', url: `${base}/big`, headers: {} }, { timeoutMs: 5000, maxBodyBytes: 100 });
    expect(big.ok && big.response.truncatedAt).toBe(100);
    expect(big.ok && big.response.body).toHaveLength(100);
  });

  it('reports a refused connection as refused', async () => {
    const refused = await transport.send({ method: 'GET', url: 'http://127.0.0.1:9/Users', headers: {} }, { timeoutMs: 2000 });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'refused' } });
  });
});
