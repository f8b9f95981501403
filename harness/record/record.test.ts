/** `scim-conformance record`: an Okta stand-in through the recorder into a valid, token-free HAR; down targets, hostile requests, Ctrl-C. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { readHar, harValidator } from '../har/read.js';
import { targetPath } from './proxy.js';

const OKTA = { Accept: 'application/scim+json', 'Accept-Charset': 'utf-8', 'User-Agent': 'Okta SCIM Client 1.0.0' };
const ROOT = join(import.meta.dirname, '..', '..');

/** `record` run in-process until the returned stop() aborts it; the port and token are read off its output. */
async function startRecord(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const abort = new AbortController();
  const done = main(['record', '--listen', '0', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, env: {}, signal: abort.signal });
  let url: string | undefined;
  for (let i = 0; i < 200 && url === undefined; i += 1) {
    url = out.map((l) => /(?:SCIM base URL|Recording):\s+(http:\/\/\S+\/)/.exec(l)?.[1]).find(Boolean);
    if (url === undefined) await new Promise((r) => setTimeout(r, 25));
  }
  if (url === undefined) throw new Error(`record did not start: ${err.join('\n')}`);
  const token = out.map((l) => /^Bearer token:\s+(\S+)/.exec(l)?.[1]).find(Boolean);
  return {
    url,
    token,
    out,
    err,
    async stop() {
      abort.abort();
      return done;
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('scim-conformance record', () => {
  it('records an Okta stand-in against the embedded provider as valid HAR 1.2 without the token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'record-'));
    const file = join(dir, 'capture.har');
    const rec = await startRecord('--target', 'embedded', '--out', file, '--redact-field', 'name.familyName');
    const token = rec.token!;
    const auth = { Authorization: `Bearer ${token}` };
    const json = { 'Content-Type': 'application/scim+json; charset=utf-8' };
    const statuses: number[] = [];
    const userName = 'isa.idp@example.com';

    const lookup = await fetch(`${rec.url}Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`, { headers: { ...OKTA, ...auth } });
    statuses.push(lookup.status);
    expect(((await lookup.json()) as { totalResults: number }).totalResults).toBe(0);
    const created = await fetch(`${rec.url}Users`, {
      method: 'POST',
      headers: { ...OKTA, ...auth, ...json },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, name: { givenName: 'Isa', familyName: 'Idp' }, password: 'Hunter2-secret!', active: true }),
    });
    statuses.push(created.status);
    const id = ((await created.json()) as { id: string }).id;
    const patched = await fetch(`${rec.url}Users/${id}`, {
      method: 'PATCH',
      headers: { ...OKTA, ...auth, ...json },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }),
    });
    statuses.push(patched.status);
    // The whole base URL through a tunnel, and a token echoed in a query: still recorded, still redacted.
    const echoed = await fetch(`${rec.url}scim/v2/Users?filter=${encodeURIComponent(`userName eq "${token}"`)}`, { headers: { ...OKTA, ...auth } });
    statuses.push(echoed.status);
    expect(statuses).toEqual([200, 201, 200, 200]);

    expect(await rec.stop()).toBe(0);
    expect(rec.out.filter((l) => /^#\d+ /.test(l))).toEqual([
      expect.stringMatching(/^#1 GET \/scim\/v2\/Users → 200 \(\d+ ms\) okta$/),
      expect.stringMatching(/^#2 POST \/scim\/v2\/Users → 201 \(\d+ ms\) okta$/),
      expect.stringMatching(new RegExp(`^#3 PATCH /scim/v2/Users/${id} → 200 \\(\\d+ ms\\) okta$`)),
      expect.stringMatching(/^#4 GET \/scim\/v2\/Users → 200/),
    ]);
    expect(rec.out.at(-1)).toBe(`recorded 4 exchanges to ${file}`);

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain('Hunter2-secret!');
    expect(text).not.toContain('"Idp"');
    const validate = harValidator();
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    const read = await readHar(file);
    if (!read.ok) throw new Error(read.error);
    const { entries } = read;
    expect(read.har.log).toMatchObject({ version: '1.2', creator: { name: 'scim-conformance' } });
    expect(entries.map((e) => e.response.status)).toEqual(statuses);
    expect(entries.map((e) => e._idp)).toEqual(['okta', 'okta', 'okta', 'okta']);
    expect(entries.map((e) => e.request.method)).toEqual(['GET', 'POST', 'PATCH', 'GET']);
    const [first, second, third] = entries;
    expect(first!.request.url).toMatch(/\/scim\/v2\/Users\?filter=userName%20eq%20%22isa.idp%40example.com%22&startIndex=1&count=100$/);
    expect(first!.request.queryString).toContainEqual({ name: 'filter', value: `userName eq "${userName}"` });
    expect(first!.request.headers).toContainEqual({ name: 'Authorization', value: 'Bearer [redacted]' });
    expect(first!.request.headers).toContainEqual({ name: 'User-Agent', value: 'Okta SCIM Client 1.0.0' });
    expect(JSON.parse(second!.request.postData!.text)).toMatchObject({ userName, password: '[redacted]', name: { givenName: 'Isa', familyName: '[redacted]' } });
    expect(JSON.parse(second!.response.content.text!)).toMatchObject({ id, userName });
    expect(JSON.parse(third!.response.content.text!)).toMatchObject({ active: false });
    for (const e of entries) {
      expect(e.time).toBe(e.timings.send + e.timings.wait + e.timings.receive);
      expect(e.request.headersSize).toBe(-1);
      expect(e.response.redirectURL).toBe('');
    }
  });

  it('answers a down target with a SCIM 502 and records it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'record-'));
    const file = join(dir, 'down.har');
    const rec = await startRecord('--target', `http://127.0.0.1:${await freePort()}/scim/v2`, '--out', file);
    const answer = await fetch(`${rec.url}Users`, { headers: { ...OKTA, Authorization: 'Bearer down-target-token-123' } });
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '502' });
    expect(await rec.stop()).toBe(0);
    const read = await readHar(file);
    if (!read.ok) throw new Error(read.error);
    expect(read.entries).toHaveLength(1);
    expect(read.entries[0]).toMatchObject({ response: { status: 502 }, _idp: 'okta', _error: expect.stringContaining('unreachable') });
    expect(await readFile(file, 'utf8')).not.toContain('down-target-token-123');
  });

  it('survives malformed and abandoned requests', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'record-'));
    const file = join(dir, 'hostile.har');
    const rec = await startRecord('--target', 'embedded', '--out', file);
    const { port } = new URL(rec.url);
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('close', () => resolve(got));
        socket.on('error', () => resolve(got));
        setTimeout(() => socket.destroy(), 500);
      });
    expect(await raw('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    // A body promised and never sent, then a hang-up.
    await raw('POST /Users HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":');
    const after = await fetch(`${rec.url}ServiceProviderConfig`, { headers: { Authorization: `Bearer ${rec.token}` } });
    expect(after.status).toBe(200);
    expect(await rec.stop()).toBe(0);
    const read = await readHar(file);
    expect(read.ok && read.entries.at(-1)?.response.status).toBe(200);
  });

  it('maps paths below the listen root onto the target path, query byte for byte', () => {
    const target = new URL('https://example.com/scim/v2');
    expect(targetPath(target, '/Users?filter=userName+eq+%22a%22')).toBe('/scim/v2/Users?filter=userName+eq+%22a%22');
    expect(targetPath(target, '/scim/v2/Groups/1')).toBe('/scim/v2/Groups/1');
    expect(targetPath(target, '/')).toBe('/scim/v2');
    expect(targetPath(new URL('http://h:1/'), '/Users')).toBe('/Users');
  });

  it('rejects a missing target', async () => {
    const err: string[] = [];
    expect(await main(['record', '--listen', '0'], { out: () => undefined, err: (l) => err.push(l), isTty: false, env: {} })).toBe(2);
    expect(err.join('\n')).toContain('--target');
  });

  it('leaves a valid HAR of what was recorded even after kill -9', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'record-'));
    const file = join(dir, 'killed.har');
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'harness', 'main.ts'), 'record', '--target', 'embedded', '--listen', '0', '--out', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    for (let i = 0; i < 400 && !/Writing:/.test(out); i += 1) await new Promise((r) => setTimeout(r, 25));
    const url = /SCIM base URL:\s+(\S+)/.exec(out)?.[1];
    const token = /Bearer token:\s+(\S+)/.exec(out)?.[1];
    for (let i = 0; i < 3; i += 1) await fetch(`${url}Users`, { headers: { ...OKTA, Authorization: `Bearer ${token}` } });
    // Each exchange is on disk moments after its answer: wait for the third progress line, then give the rename a beat.
    for (let i = 0; i < 200 && !/#3 GET/.test(out); i += 1) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await exited;
    const read = await readHar(file);
    expect(read.ok && read.entries.length).toBe(3);
  }, 60_000);

  it('leaves a complete HAR when the process is stopped with SIGINT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'record-'));
    const file = join(dir, 'sigint.har');
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'harness', 'main.ts'), 'record', '--target', 'embedded', '--listen', '0', '--out', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.stderr.on('data', (d) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 400 && !/Writing:/.test(out); i += 1) await new Promise((r) => setTimeout(r, 25));
    const url = /SCIM base URL:\s+(\S+)/.exec(out)?.[1];
    const token = /Bearer token:\s+(\S+)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${url}Users`, { headers: { ...OKTA, Authorization: `Bearer ${token}` } })).status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain(`recorded 3 exchanges to ${file}`);
    const read = await readHar(file);
    expect(read.ok && read.entries.length).toBe(3);
    expect(await readFile(file, 'utf8')).not.toContain(token!);
  }, 60_000);
});
