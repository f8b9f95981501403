/** The importer end to end: an Okta-shaped capture of the reference provider → a scenario that validates and replays. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support.js';
import { parse as parseYaml } from 'yaml';
import { createProvider, type RunningProvider } from '../../provider/provider.js';
import { EXIT } from '../cli.js';
import { loadScenarioText, type RequestStep } from '../scenario/index.js';
import { HarError, importCapture, readHar } from './index.js';
import { requestUrl } from '../../vocabulary/exchange.js';

const TOKEN = 'import-test-token-0123456789';
const OKTA_HEADERS = { 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json', 'Accept-Encoding': 'gzip, deflate' };
const USER = 'ana.silva@example.com';

interface HarEntryJson {
  _idp?: string;
  request: { method: string; url: string; headers: { name: string; value: string }[]; postData?: { mimeType: string; text: string } };
  response: { status: number; headers: { name: string; value: string }[]; content: { mimeType: string; text: string } };
}

/** Records what `fetch` sent and got as HAR 1.2 entries, the way a browser or proxy export would. */
class HarRecorder {
  readonly entries: HarEntryJson[] = [];
  constructor(private readonly idp: string | undefined) {}

  async send(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { ...OKTA_HEADERS, Authorization: `Bearer ${TOKEN}` };
    if (body !== undefined) headers['Content-Type'] = 'application/scim+json; charset=utf-8';
    const text = body === undefined ? undefined : JSON.stringify(body);
    const response = await fetch(url, { method, headers, ...(text === undefined ? {} : { body: text }) });
    const responseText = await response.text();
    this.entries.push({
      ...(this.idp === undefined ? {} : { _idp: this.idp }),
      request: {
        method,
        url,
        headers: [{ name: 'Host', value: new URL(url).host }, ...Object.entries(headers).map(([name, value]) => ({ name, value }))],
        ...(text === undefined ? {} : { postData: { mimeType: headers['Content-Type']!, text } }),
      },
      response: {
        status: response.status,
        headers: [...response.headers].map(([name, value]) => ({ name, value })),
        content: { mimeType: response.headers.get('content-type') ?? '', text: responseText },
      },
    });
    return { status: response.status, json: responseText === '' ? undefined : (JSON.parse(responseText) as unknown) };
  }

  har(): string {
    return JSON.stringify({ log: { version: '1.2', creator: { name: 'import.test', version: '1' }, entries: this.entries } }, null, 2);
  }
}

const cli = (...argv: string[]) => runCli(argv);

const idOf = (json: unknown) => (json as { id: string }).id;

let dir: string;
let running: RunningProvider;
let harText: string;
let recordedStatuses: number[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-import-'));
  running = await createProvider({ token: TOKEN }).listen(0);
  const base = running.baseUrl;
  const okta = new HarRecorder('okta');
  const lookup = `${base}/Users?filter=userName%20eq%20%22${encodeURIComponent(USER)}%22&startIndex=1&count=100`;
  await okta.send('GET', lookup);
  const created = await okta.send('POST', `${base}/Users`, {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: USER,
    name: { givenName: 'Ana', familyName: 'Silva' },
    emails: [{ primary: true, value: USER, type: 'work' }],
    displayName: 'Ana Silva',
    externalId: '00u1abcdEFGH',
    active: true,
  });
  const userId = idOf(created.json);
  await okta.send('GET', `${base}/Users/${userId}`);
  await okta.send('GET', lookup);
  await okta.send('PATCH', `${base}/Users/${userId}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', value: { active: false } }],
  });
  const group = await okta.send('POST', `${base}/Groups`, {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'Engineering',
    members: [{ value: userId, display: USER }],
  });
  await okta.send('GET', `${base}/Groups?filter=displayName%20eq%20%22Engineering%22`);
  await okta.send('DELETE', `${base}/Groups/${idOf(group.json)}`);
  await okta.send('DELETE', `${base}/Users/${userId}`);
  await okta.send('GET', `${base}/Users/${userId}`);
  // Not SCIM: a capture taken in a browser holds the IdP console's own calls too.
  okta.entries.push({
    _idp: 'okta',
    request: { method: 'GET', url: `${running.origin}/api/v1/apps`, headers: [] },
    response: { status: 200, headers: [], content: { mimeType: 'application/json', text: '[]' } },
  });
  harText = okta.har();
  recordedStatuses = okta.entries.slice(0, -1).map((e) => e.response.status);
  await writeFile(join(dir, 'okta.har'), harText);
});

afterAll(async () => {
  await running.close();
});

describe('import a HAR capture', () => {
  it('makes a scenario the loader accepts, one step per SCIM entry, the rest skipped with a reason', () => {
    const { yaml, summary } = importCapture(readHar(harText, 'okta.har'), { file: 'okta.har', date: new Date('2025-01-02T00:00:00Z') });
    const loaded = loadScenarioText(yaml, 'imported.yaml');
    expect(loaded.ok, loaded.ok ? '' : loaded.errors.map((e) => e.format()).join('\n')).toBe(true);
    if (!loaded.ok) return;
    const scenario = loaded.scenario;
    expect(scenario.idp).toBe('okta');
    expect(scenario.tags).toEqual(['imported']);
    expect(scenario.steps).toHaveLength(recordedStatuses.length);
    expect(summary.skipped).toEqual([expect.objectContaining({ entry: recordedStatuses.length, reason: expect.stringContaining('not a SCIM endpoint') })]);
    expect(summary.baseUrl).toBe(running.baseUrl);
    expect(yaml).toMatch(/^# Imported from okta\.har on 2025-01-02/);

    const steps = scenario.steps as RequestStep[];
    expect(steps.map((s) => s.expect?.status)).toEqual(recordedStatuses.map((s) => [s]));
    // The IdP's own headers travel; its credential and the connection's do not.
    expect(steps[1]!.headers).toEqual({ 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json', 'Content-Type': 'application/scim+json; charset=utf-8' });
    expect(steps[0]!.path).toBe('/Users');
  });

  it('refers to the created user by a saved variable and makes names run-unique, lookups included', () => {
    const { yaml, summary } = importCapture(readHar(harText, 'okta.har'), { file: 'okta.har' });
    const loaded = loadScenarioText(yaml, 'imported.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join('\n'));
    const steps = loaded.scenario.steps as RequestStep[];
    const [lookup, create, read, lookupAfter, patch, groupCreate, groupLookup, groupDelete, userDelete] = steps;
    expect(create!.save).toEqual({ user1: 'body.id' });
    expect(read!.path).toBe('/Users/{{ vars.user1 }}');
    expect(patch!.path).toBe('/Users/{{ vars.user1 }}');
    expect(userDelete!.path).toBe('/Users/{{ vars.user1 }}');
    expect(groupCreate!.save).toEqual({ group1: 'body.id' });
    expect(groupDelete!.path).toBe('/Groups/{{ vars.group1 }}');
    expect((groupCreate!.body as { members: { value: string }[] }).members[0]!.value).toBe('{{ vars.user1 }}');

    const unique = 'ana.silva.{{ run.tag }}@example.com';
    expect(lookup!.query).toEqual({ filter: `userName eq "${unique}"`, startIndex: '1', count: '100' });
    expect(create!.body).toMatchObject({ userName: unique, emails: [{ value: unique }], externalId: '00u1abcdEFGH.{{ run.tag }}' });
    expect(groupCreate!.body).toMatchObject({ displayName: '{{ run.groupPrefix }}Engineering {{ run.tag }}' });
    expect(groupLookup!.query).toEqual({ filter: 'displayName eq "{{ run.groupPrefix }}Engineering {{ run.tag }}"' });

    // Stable shapes: the lookups are scoped to this run's names, so their counts hold on any target.
    expect(lookup!.expect!.body).toMatchObject({ totalResults: { kind: 'literal', value: 0 } });
    expect(lookupAfter!.expect!.body).toMatchObject({
      totalResults: { kind: 'literal', value: 1 },
      'Resources.0.id': { kind: 'literal', value: '{{ vars.user1 }}' },
      'Resources.0.userName': { kind: 'literal', value: unique },
    });
    expect(create!.expect!.body).toMatchObject({ userName: { kind: 'literal', value: unique }, active: { kind: 'literal', value: true } });
    expect(create!.expect!.body.id).toBeUndefined();
    expect(Object.keys(create!.expect!.body).some((k) => k.startsWith('meta.') && k !== 'meta.resourceType')).toBe(false);
    expect(read!.expect!.body).toMatchObject({ id: { kind: 'literal', value: '{{ vars.user1 }}' } });

    expect(summary.idsParameterised).toBe(2);
    expect(summary.valuesMadeUnique).toBe(3);
  });

  it('replays against the embedded reference provider with exit 0, twice in a row, reproducing every recorded status', async () => {
    const file = join(dir, 'okta.yaml');
    const made = await cli('import', join(dir, 'okta.har'), '--out', file);
    expect(made.code, made.err).toBe(EXIT.conformant);
    expect(made.out).toMatch(/11 entries → 10 step\(s\).*2 id\(s\)\/ETag\(s\) parameterised, 3 value\(s\) made run-unique, 1 entry skipped/);
    expect(made.out).toContain('not a SCIM endpoint');
    expect((await cli('validate', file)).code).toBe(EXIT.conformant);

    for (const round of [1, 2]) {
      const out = join(dir, `replay-${round}`);
      const run = await cli('run', file, '--transport', 'in-process', '--out', out, '--report', 'json');
      expect(run.code, `${run.out}\n${run.err}`).toBe(EXIT.conformant);
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as {
        scenarios: { steps: { status: string; exchangeIds: string[] }[]; exchanges: { id: string; response?: { status: number } }[] }[];
      };
      const [scenario] = report.scenarios;
      const statusById = new Map(scenario!.exchanges.map((e) => [e.id, e.response?.status]));
      expect(scenario!.steps.map((s) => s.status)).toEqual(recordedStatuses.map(() => 'passed'));
      expect(scenario!.steps.map((s) => statusById.get(s.exchangeIds[0]!))).toEqual(recordedStatuses);
    }
  });

  it('replays twice against one shared target that holds a user with the captured userName: run-unique names never collide', async () => {
    const file = join(dir, 'shared.yaml');
    expect((await cli('import', join(dir, 'okta.har'), '--out', file)).code).toBe(EXIT.conformant);
    const someoneElse = await fetch(`${running.baseUrl}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: USER }),
    });
    expect(someoneElse.status).toBe(201);
    for (const round of [1, 2]) {
      const run = await cli('run', file, '--target', running.baseUrl, '--token', TOKEN, '--out', join(dir, `shared-${round}`), '--report', 'json');
      expect(run.code, `${run.out}\n${run.err}`).toBe(EXIT.conformant);
    }
    // The other user is untouched.
    const still = await fetch(`${running.baseUrl}/Users/${idOf(await someoneElse.json())}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(still.status).toBe(200);
  });

  it('prints the scenario on stdout without --out and refuses to overwrite without --force', async () => {
    const printed = await cli('import', join(dir, 'okta.har'), '--name', 'Okta assigns Ana');
    expect(printed.code).toBe(EXIT.conformant);
    expect(parseYaml(printed.out)).toMatchObject({ name: 'Okta assigns Ana', idp: 'okta' });
    expect(printed.err).toContain('1 entry skipped');

    const file = join(dir, 'exists.yaml');
    await writeFile(file, 'keep me');
    const refused = await cli('import', join(dir, 'okta.har'), '--out', file);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.err).toContain('--force');
    expect(await readFile(file, 'utf8')).toBe('keep me');
    expect((await cli('import', join(dir, 'okta.har'), '--out', file, '--force')).code).toBe(EXIT.conformant);
    expect(await readFile(file, 'utf8')).toContain('tags:');
  });

  it('exits 2 with file: reason for input that is not a HAR capture', async () => {
    const notJson = join(dir, 'notes.txt');
    await writeFile(notJson, 'GET /Users HTTP/1.1\n');
    const res = await cli('import', notJson);
    expect(res.code).toBe(EXIT.usage);
    expect(res.err).toMatch(/notes\.txt: not JSON, so not a HAR capture/);

    const notHar = join(dir, 'other.json');
    await writeFile(notHar, JSON.stringify({ entries: [] }));
    const res2 = await cli('import', notHar);
    expect(res2.code).toBe(EXIT.usage);
    expect(res2.err).toBe(`${notHar}: not a HAR capture: no top-level "log" object`);

    const badEntry = join(dir, 'bad-entry.har');
    await writeFile(badEntry, JSON.stringify({ log: { entries: [{ request: { method: 'GET' }, response: { status: 200 } }] } }));
    expect((await cli('import', badEntry)).err).toBe(`${badEntry}: log.entries[0]: "request.url" is not a string`);

    const noScim = join(dir, 'no-scim.har');
    await writeFile(noScim, JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'https://idp.example.com/login', headers: [] }, response: { status: 200, headers: [] } }] } }));
    const res3 = await cli('import', noScim);
    expect(res3.code).toBe(EXIT.usage);
    expect(res3.err).toMatch(/no-scim\.har: none of its 1 entries is a SCIM request/);

    expect((await cli('import', join(dir, 'missing.har'))).err).toMatch(/missing\.har: cannot read the file/);
    expect(() => readHar('[1]', 'x.har')).toThrow(HarError);
  });
});

describe('ETags', () => {
  it('an If-Match that names an ETag an earlier response gave refers to it, saved from that response', () => {
    const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'c0ffee00-1111-2222-3333-444455556666', userName: 'eve@example.com', meta: { version: 'W/"v1"' } };
    const har = {
      log: {
        entries: [
          {
            request: { method: 'POST', url: 'https://t.example/scim/v2/Users', headers: [], postData: { mimeType: 'application/scim+json', text: JSON.stringify({ userName: 'eve@example.com' }) } },
            response: { status: 201, headers: [{ name: 'ETag', value: 'W/"v1"' }], content: { mimeType: 'application/scim+json', text: JSON.stringify(user) } },
          },
          {
            request: { method: 'DELETE', url: `https://t.example/scim/v2/Users/${user.id}`, headers: [{ name: 'If-Match', value: 'W/"v1"' }] },
            response: { status: 204, headers: [], content: { mimeType: '', text: '' } },
          },
        ],
      },
    };
    const { yaml, summary } = importCapture(readHar(JSON.stringify(har), 'e.har'), { file: 'e.har' });
    const loaded = loadScenarioText(yaml, 'e.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join('\n'));
    const [create, remove] = loaded.scenario.steps as RequestStep[];
    expect(create!.save).toEqual({ user1: 'body.id', etag1: 'headers.ETag' });
    expect(remove).toMatchObject({ path: '/Users/{{ vars.user1 }}', headers: { 'If-Match': '{{ vars.etag1 }}' } });
    expect(loaded.scenario.requires.map((r) => r.feature)).toContain('etag');
    expect(summary.idsParameterised).toBe(2);
  });
});

describe('queries the harness would encode differently', () => {
  const entry = (url: string, status = 200, body: unknown = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 3, Resources: [] }) => ({
    request: { method: 'GET', url, headers: [] },
    response: { status, headers: [], content: { mimeType: 'application/scim+json', text: JSON.stringify(body) } },
  });
  const har = (...entries: unknown[]) => readHar(JSON.stringify({ log: { entries } }), 'q.har');

  it("keeps a '+'-encoded filter as a query map sent again with '+' (spaceAs), byte for byte", () => {
    const { yaml, summary } = importCapture(har(entry('https://t.example/scim/v2/Users?filter=userName+eq+%22bob%40example.com%22')), { file: 'q.har' });
    const loaded = loadScenarioText(yaml, 'q.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join('\n'));
    expect((loaded.scenario.steps[0] as RequestStep).query).toEqual({ filter: 'userName eq "bob@example.com"' });
    expect((loaded.scenario.steps[0] as RequestStep).spaceAs).toBe('+');
    expect(summary.warnings.join('\n')).not.toContain("as '+'");
    expect(requestUrl('https://t.example/scim/v2', '/Users', (loaded.scenario.steps[0] as RequestStep).query, '+')).toBe('https://t.example/scim/v2/Users?filter=userName+eq+%22bob%40example.com%22');
    // Not scoped to anything the capture created: the count is the target's, so it is not expected.
    expect(yaml).toContain('totalResults not expected');
    expect((loaded.scenario.steps[0] as RequestStep).expect!.body.totalResults).toBeUndefined();
  });

  it('keeps a repeated parameter in the path as recorded', () => {
    const { yaml } = importCapture(har(entry('https://t.example/scim/v2/Users?attributes=userName&attributes=active')), { file: 'q.har' });
    const loaded = loadScenarioText(yaml, 'q.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join('\n'));
    expect((loaded.scenario.steps[0] as RequestStep).path).toBe('/Users?attributes=userName&attributes=active');
  });
});
