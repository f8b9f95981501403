/**
 * Issue 14's loop end to end, through the CLI as an integrator runs it: a stand-in IdP script talks to
 * `record --target embedded`; the capture is valid HAR without the token; `import` turns it into a scenario that
 * `validate` accepts and that replays against the reference provider with exit 0, twice.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../harness/cli.js';
import { readHar } from '../harness/har/read.js';

const OKTA = { Accept: 'application/scim+json', 'Accept-Charset': 'utf-8', 'User-Agent': 'Okta SCIM Client 1.0.0' };
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[], signal?: AbortSignal): Promise<{ code: number; out: string[]; err: string[]; done: Promise<number> }> {
  const out: string[] = [];
  const err: string[] = [];
  const done = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, env: {}, ...(signal ? { signal } : {}) });
  return signal ? { code: -1, out, err, done } : { code: await done, out, err, done };
}

describe('record → import → replay', () => {
  it('a stand-in Okta, recorded, imported and replayed against the reference provider, passes twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'record-import-'));
    dirs.push(dir);
    const capture = join(dir, 'capture.har');
    const abort = new AbortController();
    const rec = await cli(['record', '--target', 'embedded', '--listen', '0', '--out', capture], abort.signal);
    let base: string | undefined;
    for (let i = 0; i < 200 && base === undefined; i += 1) {
      base = rec.out.map((l) => /(?:SCIM base URL|Recording):\s+(http:\/\/\S+\/)/.exec(l)?.[1]).find(Boolean);
      if (base === undefined) await new Promise((r) => setTimeout(r, 25));
    }
    const token = rec.out.map((l) => /^Bearer token:\s+(\S+)/.exec(l)?.[1]).find(Boolean)!;
    expect(base, rec.err.join('\n')).toBeDefined();
    const headers = { ...OKTA, Authorization: `Bearer ${token}` };
    const json = { ...headers, 'Content-Type': 'application/scim+json; charset=utf-8' };
    const userName = 'stand.in@example.com';

    // What Okta sends to provision one user and deactivate them (audit O-series: lookup, create, PATCH active false).
    const lookup = await fetch(`${base}Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`, { headers });
    expect(lookup.status).toBe(200);
    const created = await fetch(`${base}Users`, { method: 'POST', headers: json, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, name: { givenName: 'Stand', familyName: 'In' }, emails: [{ value: userName, primary: true, type: 'work' }], active: true }) });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    expect((await fetch(`${base}Users/${id}`, { headers })).status).toBe(200);
    const patched = await fetch(`${base}Users/${id}`, { method: 'PATCH', headers: json, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }) });
    expect(patched.status).toBe(200);
    abort.abort();
    expect(await rec.done).toBe(0);

    const text = await readFile(capture, 'utf8');
    expect(text).not.toContain(token);
    const read = await readHar(capture);
    expect(read.ok && read.entries.map((e) => [e.request.method, e.response.status, e._idp])).toEqual([
      ['GET', 200, 'okta'],
      ['POST', 201, 'okta'],
      ['GET', 200, 'okta'],
      ['PATCH', 200, 'okta'],
    ]);

    const scenario = join(dir, 'replay.yaml');
    const imported = await cli(['import', capture, '--out', scenario]);
    expect(imported.code, imported.err.join('\n')).toBe(0);
    const yaml = await readFile(scenario, 'utf8');
    expect(yaml).toContain('{{ vars.');
    expect(yaml).toContain('{{ run.tag }}');
    expect((await cli(['validate', scenario])).code).toBe(0);
    for (const round of [1, 2]) {
      const replay = await cli(['run', scenario, '--transport', 'in-process', '--report', 'json', '--out', join(dir, `replay-${round}`)]);
      expect(replay.code, [...replay.out, ...replay.err].join('\n')).toBe(0);
      const report = JSON.parse(await readFile(join(dir, `replay-${round}`, 'report.json'), 'utf8')) as { scenarios: { steps: { status: string }[] }[] };
      expect(report.scenarios[0]!.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    }
  }, 120_000);
});
