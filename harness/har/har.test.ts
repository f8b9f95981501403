/** HAR model, redaction, IdP recognition, the always-complete writer and the reader's errors. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDP_PROFILES } from '../../mock-idp/index.js';
import type { Exchange } from '../../vocabulary/exchange.js';
import { exchangeToEntry, harQueryString, type HarEntry } from './har.js';
import { parseHar, readHar } from './read.js';
import { recogniseIdp, signaturesOf } from './recognise.js';
import { createRedactor, REDACTED } from './redact.js';
import { openHarFileWriter, writeHarStream } from './write.js';

const TOKEN = 'secret-token-0123456789';

function exchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    id: 'scenarios/okta/assign.yaml#3',
    label: 'okta assign user1',
    area: 'create',
    idp: 'okta',
    request: {
      method: 'POST',
      url: `http://127.0.0.1:1/scim/v2/Users?attributes=userName&echo=${TOKEN}`,
      headers: { Authorization: 'Bearer [redacted]', 'Content-Type': 'application/scim+json', 'X-Tenant': 'acme' },
      body: JSON.stringify({ userName: 'a@example.com', password: 'hunter22', note: `token ${TOKEN}`, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '42' } }),
    },
    response: { status: 201, headers: { 'Content-Type': 'application/scim+json' }, body: '{"id":"1","userName":"a@example.com"}' },
    requestJson: undefined,
    responseJson: undefined,
    transportError: undefined,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 12,
    ...overrides,
  };
}

describe('exchangeToEntry', () => {
  it('maps a run exchange onto HAR 1.2 with _idp, _scenario and _label', () => {
    const entry = exchangeToEntry(exchange());
    expect(entry.request.postData?.mimeType).toBe('application/scim+json');
    expect(entry.response.status).toBe(201);
    expect(entry).toMatchObject({ _idp: 'okta', _scenario: 'scenarios/okta/assign.yaml', _label: 'okta assign user1', time: 12, cache: {} });
    expect(parseHar(JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry] } })).ok).toBe(true);
  });

  it('writes a failed transport as status 0 with the reason in _error', () => {
    const entry = exchangeToEntry(exchange({ response: undefined, transportError: { kind: 'refused', message: 'ECONNREFUSED' } }));
    expect(entry.response.status).toBe(0);
    expect(entry._error).toBe('refused: ECONNREFUSED');
  });

  it('reads the query string as decoded pairs', () => {
    expect(harQueryString('http://x/Users?filter=userName+eq+%22a%22&count=1')).toEqual([
      { name: 'filter', value: 'userName eq "a"' },
      { name: 'count', value: '1' },
    ]);
  });
});

describe('createRedactor', () => {
  it('replaces the token everywhere, Authorization by scheme, chosen headers, password always and chosen fields', () => {
    const redactor = createRedactor({ tokens: [TOKEN], headers: ['x-tenant'], fields: ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber'] });
    const entry = redactor.entry(exchangeToEntry(exchange({ request: { ...exchange().request, headers: { Authorization: `Bearer ${TOKEN}`, 'X-Tenant': 'acme', 'X-Echo': TOKEN } } })));
    const text = JSON.stringify(entry);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('"42"');
    expect(entry.request.headers).toEqual([
      { name: 'Authorization', value: `Bearer ${REDACTED}` },
      { name: 'X-Tenant', value: REDACTED },
      { name: 'X-Echo', value: REDACTED },
    ]);
    expect(entry.request.queryString).toContainEqual({ name: 'echo', value: REDACTED });
    expect(JSON.parse(entry.request.postData!.text)).toMatchObject({ userName: 'a@example.com', password: REDACTED });
  });

  it('redacts a PATCH value whose path names a redacted field, in any case, and flat extension keys', () => {
    const redactor = createRedactor({ fields: ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber'] });
    const body = JSON.stringify({
      Operations: [
        { op: 'Replace', path: 'PASSWORD', value: 'hunter22' },
        { op: 'add', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: 'hunter23' },
        { op: 'Add', value: { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': '42' } },
        { op: 'replace', path: 'active', value: false },
      ],
    });
    expect(redactor.text('x')).toBe('x');
    const entry = redactor.entry(exchangeToEntry(exchange({ request: { method: 'PATCH', url: 'http://x/Users/1', headers: {}, body } })));
    const ops = (JSON.parse(entry.request.postData!.text) as { Operations: { value: unknown }[] }).Operations;
    expect(ops.map((o) => o.value)).toEqual([REDACTED, REDACTED, { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': REDACTED }, false]);
  });

  it('leaves a body without redacted fields byte for byte', () => {
    const body = '{ "userName" : "a" }';
    const entry = createRedactor().entry(exchangeToEntry(exchange({ request: { method: 'POST', url: 'http://x/Users', headers: {}, body } })));
    expect(entry.request.postData?.text).toBe(body);
  });
});

describe('recogniseIdp', () => {
  const get = (headers: Record<string, string>, url = 'http://x/Users') => recogniseIdp({ method: 'GET', url, headers });

  it('tells each registered IdP by the User-Agent its profile declares', () => {
    for (const profile of IDP_PROFILES) {
      const ua = Object.entries(profile.declaration.traffic.headers).find(([n]) => n.toLowerCase() === 'user-agent')?.[1];
      if (ua) expect(get({ 'User-Agent': ua })).toBe(profile.declaration.name);
    }
    expect(get({ 'user-agent': 'Okta SCIM Client 1.0.0' })).toBe('okta');
    expect(get({ 'User-Agent': 'Okta SCIM Client 2.3.1' })).toBe('okta');
    expect(get({ 'User-Agent': 'OneLogin SCIM' })).toBe('onelogin');
    expect(get({ 'User-Agent': 'Microsoft-Entra-Provisioning/1.0 (scim-conformance mock-idp)' })).toBe('entra');
  });

  it("uses Entra's quirks when the User-Agent says nothing", () => {
    expect(get({}, 'http://x/Users?filter=userName+eq+%22a%22')).toBe('entra');
    expect(recogniseIdp({ method: 'PATCH', url: 'http://x/Users/1', headers: {}, body: '{"Operations":[{"op":"Replace","path":"active","value":"False"}]}' })).toBe('entra');
    expect(recogniseIdp({ method: 'PATCH', url: 'http://x/Users/1', headers: {}, body: '{"Operations":[{"op":"replace","path":"active","value":false}]}' })).toBeUndefined();
    expect(get({ 'User-Agent': 'curl/8.0' }, 'http://x/Users?filter=userName%20eq%20%22a%22')).toBeUndefined();
  });

  it('recognises a newly registered profile from its declaration alone', () => {
    const base = IDP_PROFILES[0]!.declaration;
    const signatures = signaturesOf([...IDP_PROFILES.map((p) => p.declaration), { ...base, name: 'pingone', traffic: { ...base.traffic, headers: { 'User-Agent': 'PingOne-SCIM/3.1' } } }]);
    expect(recogniseIdp({ method: 'GET', url: 'http://x/Users', headers: { 'User-Agent': 'PingOne-SCIM/3.2' } }, signatures)).toBe('pingone');
  });
});

describe('writing and reading', () => {
  it('keeps the file a complete HAR after every add, and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'har-'));
    const file = join(dir, 'capture.har');
    const writer = openHarFileWriter(file, '9.9.9');
    expect((await readHar(file)).ok).toBe(true);
    for (let i = 0; i < 20; i += 1) writer.add(exchangeToEntry(exchange({ id: `f.yaml#${i}` })));
    await writer.flush();
    const read = await readHar(file);
    if (!read.ok) throw new Error(read.error);
    expect(read.entries).toHaveLength(20);
    expect(read.har.log.creator).toEqual({ name: 'scim-conformance', version: '9.9.9' });
  });

  it('streams entries into a file that appears complete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'har-'));
    const file = join(dir, 'report.har');
    async function* many(): AsyncGenerator<HarEntry> {
      for (let i = 0; i < 3; i += 1) yield exchangeToEntry(exchange());
    }
    expect(await writeHarStream(file, many(), '1.0.0')).toBe(3);
    const read = await readHar(file);
    expect(read.ok && read.entries.length).toBe(3);
  });

  it('says which file and why when it is not HAR 1.2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'har-'));
    const file = join(dir, 'bad.har');
    await writeFile(file, '{ nope');
    expect(await readHar(file)).toMatchObject({ ok: false, error: expect.stringMatching(/bad\.har: not JSON/) });
    await writeFile(file, JSON.stringify({ log: { version: '1.1', creator: { name: 'x', version: '1' }, entries: [] } }));
    expect(await readHar(file)).toMatchObject({ ok: false, error: expect.stringMatching(/bad\.har: not a HAR 1\.2 file: .*log\.version is "1\.1"/) });
    await writeFile(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [{ request: {} }] } }));
    const missing = await readHar(file);
    expect(missing).toMatchObject({ ok: false, error: expect.stringContaining('/log/entries/0') });
    expect(await readHar(join(dir, 'absent.har'))).toMatchObject({ ok: false, error: expect.stringContaining('cannot read') });
    expect(await readFile(file, 'utf8')).toContain('1.2');
  });
});
