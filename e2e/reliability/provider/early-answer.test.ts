/**
 * Issue 11, finding 8: an unauthenticated body is never read (the 401 comes on the headers), an early
 * answer survives the client still sending, invalid UTF-8 is refused, and the Host header is not echoed.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userBody } from '../../../provider/test-support.js';
import { sendRaw } from './raw-http.js';
import { expectStillServing, seededProvider, type Seeded } from './support.js';

let s: Seeded;
beforeEach(async () => {
  s = await seededProvider();
});
afterEach(() => s.t.close());

const path = () => new URL(s.t.baseUrl).pathname;

/** Everything the server sends until it closes, read only once `paused` resolves (a slow reader). */
function collect(socket: Socket, paused: Promise<void>): Promise<string> {
  socket.pause();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    void paused.then(() => socket.resume());
  });
}

describe('early answers', () => {
  it('answers 401 on the headers, without waiting for (or buffering) a 1 MiB body', async () => {
    const socket = connect(s.t.running.port, '127.0.0.1');
    const first = new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
      socket.once('error', reject);
      setTimeout(() => reject(new Error('no answer before the body was sent')), 2_000);
    });
    socket.write(`POST ${path()}/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/scim+json\r\nContent-Length: 1048576\r\n\r\n`);
    try {
      expect(await first).toMatch(/^HTTP\/1\.1 401 /);
    } finally {
      socket.destroy();
    }
    await expectStillServing(s);
  });

  it('a 413 reaches a client that is still sending its body (no reset wiping the answer)', { timeout: 10_000 }, async () => {
    const socket = connect(s.t.running.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let sent!: () => void;
    const doneSending = new Promise<void>((resolve) => (sent = resolve));
    const answer = collect(socket, doneSending);
    const size = 4 * 1_048_576;
    socket.write(`POST ${path()}/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${s.t.provider.access.currentToken}\r\nContent-Type: application/scim+json\r\nContent-Length: ${size}\r\n\r\n`);
    // The server has answered on the headers by now; the body follows while the answer sits unread.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const chunk = Buffer.alloc(65_536, 'a');
    for (let written = 0; written < size; written += chunk.length) {
      if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
    }
    socket.end();
    sent();
    expect(await answer).toMatch(/^HTTP\/1\.1 413 /);
    await expectStillServing(s);
  });
});

describe('request bodies', () => {
  it('refuses invalid UTF-8 with 400 invalidSyntax instead of storing U+FFFD', async () => {
    const json = Buffer.from(JSON.stringify(userBody('utf8@example.com', { displayName: 'XX' })));
    const bytes = Buffer.from(json.toString('latin1').replace('XX', '\xff\xfe'), 'latin1');
    const res = await fetch(`${s.t.baseUrl}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.t.provider.access.currentToken}`, 'Content-Type': 'application/scim+json' },
      body: bytes,
    });
    const body = (await res.json()) as { scimType?: string };
    expect(res.status).toBe(400);
    expect(body.scimType).toBe('invalidSyntax');
    const stored = await s.t.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "utf8@example.com"')}`);
    expect(stored.body.totalResults).toBe(0);
    await expectStillServing(s);
  });
});

describe('the Host header', () => {
  it('is not echoed into Location and meta.location; the bound address is', async () => {
    const body = JSON.stringify(userBody('host@example.com'));
    const res = await sendRaw(
      s.t.running.port,
      `POST ${path()}/Users HTTP/1.1\r\nHost: evil.example:666\r\nAuthorization: Bearer ${s.t.provider.access.currentToken}\r\nContent-Type: application/scim+json`,
      body,
    );
    expect(res.status, res.body).toBe(201);
    expect(res.headers.location).toMatch(new RegExp(`^${s.t.baseUrl}/Users/`));
    expect(res.body).not.toContain('evil.example');
    const meta = (JSON.parse(res.body) as { meta: { location: string } }).meta;
    expect(meta.location).toBe(res.headers.location);
  });

  it('is echoed when it names the bound address under another name, or a configured public origin', async () => {
    s.t.provider.publicOrigins.add('http://gateway.example:8443');
    for (const host of [`localhost:${s.t.running.port}`, 'gateway.example:8443']) {
      const res = await sendRaw(s.t.running.port, `GET ${path()}/ServiceProviderConfig HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${s.t.provider.access.currentToken}`);
      expect(res.status, res.body).toBe(200);
      expect((JSON.parse(res.body) as { meta: { location: string } }).meta.location).toBe(`http://${host}${path()}/ServiceProviderConfig`);
    }
  });
});
