import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type Captured } from './cli/test-support.js';
import { createProvider, type RunningProvider } from '../provider/provider.js';
import { EXIT, main } from './cli.js';
import { validateReport } from './report/json.js';

const SUITE = `
name: create and delete
tags: [smoke]
directory: { seed: 2, users: 1 }
steps:
  - request:
      method: POST
      path: /Users
      body: { schemas: [urn:ietf:params:scim:schemas:core:2.0:User], userName: "{{ users.user1.email }}" }
    expect: { status: 201 }
    save: { id: body.id }
  - request: { method: GET, path: "/Users/{{ vars.id }}" }
    expect: { status: 200 }
`;

const LEFT_BEHIND = `
name: creates and leaves a user
tags: [external]
directory: { seed: 2, users: 1 }
steps:
  - request:
      method: POST
      path: /Users
      body: { schemas: [urn:ietf:params:scim:schemas:core:2.0:User], userName: "left-{{ run.id }}@example.com" }
    expect: { status: 201 }
`;

const cli = (...argv: string[]) => runCli(argv);

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-cli-'));
  await writeFile(join(dir, 'ok.yaml'), SUITE);
  await writeFile(join(dir, 'left.yaml'), LEFT_BEHIND);
  await writeFile(join(dir, 'bad.yaml'), 'name: bad\nsteps:\n  - asign: user1\n');
});

describe('scim-conformance CLI', () => {
  it('runs a suite against the embedded provider, writes all four reports and exits 0', async () => {
    const out = join(dir, 'out-ok');
    const res = await cli('run', join(dir, 'ok.yaml'), '--out', out);
    expect(res.code, res.err).toBe(EXIT.conformant);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    const report = validateReport(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')));
    expect(report.ok).toBe(true);
    // A core suite replays no IdP profile.
    expect(report.ok && report.value.idps).toEqual([]);
    expect(res.out).toContain('CONFORMANT');
  });

  it('--keep-exchanges writes every exchange of the run to exchanges.ndjson, one JSON object a line', async () => {
    const out = join(dir, 'out-keep');
    const res = await cli('run', join(dir, 'ok.yaml'), '--out', out, '--report', 'json', '--keep-exchanges');
    expect(res.code, res.err).toBe(EXIT.conformant);
    const lines = (await readFile(join(out, 'exchanges.ndjson'), 'utf8')).trimEnd().split('\n');
    const exchanges = lines.map((line) => JSON.parse(line) as { id: string; request: { method: string; headers: Record<string, string> }; response: { status: number } });
    expect(res.out).toContain(`exchanges: ${join(out, 'exchanges.ndjson')} (${lines.length})`);
    expect(exchanges.filter((e) => e.id.includes('ok.yaml#') && !e.id.includes('discovery')).map((e) => [e.request.method, e.response.status])).toEqual([
      ['POST', 201],
      ['GET', 200],
    ]);
    // Every request carried the embedded provider's token; the file holds only its redacted form.
    for (const e of exchanges) expect(e.request.headers.Authorization).toBe('Bearer [redacted]');
  });

  it('exits 1 when the provider commits a defect a MUST check catches', async () => {
    const res = await cli('run', join(dir, 'ok.yaml'), '--defect', 'no-location', '--out', join(dir, 'out-defect'), '--report', 'json');
    expect(res.code).toBe(EXIT.failures);
    expect(res.out).toContain('rfc7644.create.location');
  });

  it('exits 2 with file:line:column for a bad scenario, before running anything', async () => {
    const res = await cli('validate', join(dir, 'bad.yaml'));
    expect(res.code).toBe(EXIT.usage);
    expect(res.err).toMatch(/bad\.yaml:3:5: .*asign/);
    const run = await cli('run', dir, '--out', join(dir, 'never'));
    expect(run.code).toBe(EXIT.usage);
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli('run', '--fail-on', 'sometimes')).code).toBe(EXIT.usage);
    expect((await cli('run', '--target', 'http://127.0.0.1:9')).code).toBe(EXIT.usage);
    expect((await cli('run', '--no-such-flag')).code).toBe(EXIT.usage);
    expect((await cli('frobnicate')).code).toBe(EXIT.usage);
  });

  it('exits 3 when the target is unreachable', async () => {
    const res = await cli('run', join(dir, 'ok.yaml'), '--target', 'http://127.0.0.1:9/scim/v2', '--token', 't', '--out', join(dir, 'out-unreachable'), '--report', 'json');
    expect(res.code).toBe(EXIT.target);
  });

  it('on a terminal shows a live counter and prints lines only for scenarios that did not pass', async () => {
    const out: string[] = [];
    const status: string[] = [];
    const io = { out: (l: string) => out.push(l), err: () => {}, isTty: true, status: (t: string) => status.push(t), env: {} };
    const ok = await main(['run', join(dir, 'ok.yaml'), '--out', join(dir, 'out-tty'), '--report', 'json'], io);
    expect(ok).toBe(EXIT.conformant);
    expect(out.some((l) => l.includes('PASS'))).toBe(false);
    expect(status[0]).toMatch(/^\[1\/1\] 0 not passing/);
    expect(status.at(-1)).toBe('');
    out.length = 0;
    await main(['run', join(dir, 'ok.yaml'), '--defect', 'no-location', '--out', join(dir, 'out-tty2'), '--report', 'json'], io);
    expect(out.some((l) => /FAIL .*ok\.yaml/.test(l))).toBe(true);
  });

  it('prints the check catalogue', async () => {
    const res = await cli('checks');
    expect(res.code).toBe(EXIT.conformant);
    expect(res.out).toContain('rfc7644.create.location');
  });
});

describe('opt-in suites (tag scale)', () => {
  let root: string;
  beforeAll(async () => {
    // A quick request scenario stands in for a 10,000-user sync: only the selection is under test.
    root = await mkdtemp(join(tmpdir(), 'scim-cli-scale-'));
    await mkdir(join(root, 'scale'));
    await writeFile(join(root, 'everyday.yaml'), SUITE);
    await writeFile(join(root, 'scale', 'big.yaml'), SUITE.replace('name: create and delete', 'name: big sync').replace('tags: [smoke]', 'tags: [smoke, scale]'));
  });

  const ran = async (...args: string[]): Promise<{ res: Captured; names: string[] }> => {
    const out = join(root, `out-${args.join('-').replace(/[^a-z0-9]+/gi, '_')}`);
    const res = await cli('run', ...args, '--out', out, '--report', 'json');
    const names = res.code === EXIT.usage ? [] : (JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { scenarios: { name: string }[] }).scenarios.map((s) => s.name);
    return { res, names: names.sort() };
  };

  it('are not run from a folder above them, or for another tag, and the run says so', async () => {
    const { res, names } = await ran(root);
    expect(res.code, res.err).toBe(EXIT.conformant);
    expect(names).toEqual(['create and delete']);
    expect(res.err).toContain('1 scenario(s) tagged scale not run; ask for them with --tag scale, or name their file or folder.');
    expect((await ran(root, '--tag', 'smoke')).names).toEqual(['create and delete']);
  });

  it('run with --tag scale, or when their folder or file is named', async () => {
    expect((await ran(root, '--tag', 'scale')).names).toEqual(['big sync']);
    expect((await ran(join(root, 'scale'))).names).toEqual(['big sync']);
    const file = await ran(join(root, 'scale', 'big.yaml'), join(root, 'everyday.yaml'));
    expect(file.names).toEqual(['big sync', 'create and delete']);
    expect(file.res.err).not.toContain('not run');
  });

  it('are a usage error when nothing else is selected, after saying why', async () => {
    const { res } = await ran(root, '--grep', 'big');
    expect(res.code).toBe(EXIT.usage);
    expect(res.err).toMatch(/tagged scale not run[\s\S]*no scenario matches/);
  });
});

describe('profiles', () => {
  it('prints each IdP profile with settings, traffic and every behaviour with its evidence', async () => {
    const all = await cli('profiles');
    expect(all.code).toBe(EXIT.conformant);
    for (const heading of ['# Okta (idp: okta)', '(idp: entra)', '(idp: onelogin)', '## Settings', '## Behaviours', '## Sources']) expect(all.out).toContain(heading);
    expect(all.out).toMatch(/evidence: S1 .*\(documented\) https:\/\/developer\.okta\.com/);
  });

  it('prints one IdP as JSON with each behaviour resolved to its sources', async () => {
    const { code, out } = await cli('profiles', 'entra', '--json');
    expect(code).toBe(EXIT.conformant);
    const parsed = JSON.parse(out) as { name: string; behaviours: { id: string; primaryEvidence: boolean; evidence: { url: string }[] }[] }[];
    expect(parsed.map((p) => p.name)).toEqual(['entra']);
    const documented = parsed[0]?.behaviours.filter((b) => b.primaryEvidence) ?? [];
    expect(documented.length).toBeGreaterThan(5);
    expect(documented.every((b) => b.id.startsWith('entra.') && b.evidence.length > 0 && b.evidence.every((e) => e.url.startsWith('https://')))).toBe(true);
  });

  it('refuses an unknown IdP as a usage error naming the profiles', async () => {
    const { code, err } = await cli('profiles', 'ping');
    expect(code).toBe(EXIT.usage);
    expect(err).toContain("unknown IdP 'ping'; profiles: okta, entra, onelogin");
  });
});

describe('an external target', () => {
  let running: RunningProvider;
  const provider = createProvider({ token: 'external-token-0123' });

  beforeAll(async () => {
    running = await provider.listen(0);
  });
  afterAll(async () => {
    await running.close();
  });

  it('exits 3 when the token is refused', async () => {
    const res = await cli('run', join(dir, 'ok.yaml'), '--target', running.baseUrl, '--token', 'wrong', '--out', join(dir, 'out-auth'), '--report', 'json');
    expect(res.code).toBe(EXIT.target);
  });

  it('deletes what each scenario created, so a shared target is left as it was', async () => {
    const res = await cli('run', join(dir, 'left.yaml'), '--target', running.baseUrl, '--token', 'external-token-0123', '--out', join(dir, 'out-ext'), '--report', 'json');
    expect(res.code, res.out + res.err).toBe(EXIT.conformant);
    expect(provider.store.count('User')).toBe(0);
  });
});

describe('an external target that refuses DELETE', () => {
  // The harness's own DELETEs (clean-up) are refused; its PATCH deactivates instead.
  const provider = createProvider({
    token: 'stubborn-token-0123',
    wrapHandler: (handler) => (request) =>
      request.method === 'DELETE' && request.headers['user-agent'] === 'scim-conformance'
        ? { status: 405, headers: { allow: 'GET, PATCH' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '405' } }
        : handler(request),
  });
  let running: RunningProvider;
  beforeAll(async () => {
    running = await provider.listen(0);
  });
  afterAll(() => running.close());

  it('says at the end what it left on the target and why, with the run id; --keep lists what it kept', async () => {
    const res = await cli('run', join(dir, 'left.yaml'), '--target', running.baseUrl, '--token', 'stubborn-token-0123', '--out', join(dir, 'out-stubborn'), '--report', 'json', '--run-id', 'abc123');
    expect(res.code, res.out + res.err).toBe(EXIT.conformant);
    // The userName carries the run id but not the scenario marker, so the sweep does not look for it again.
    expect(res.out).toMatch(/^clean-up: created 1, removed 0; sweep for run abc123: nothing left over$/m);
    expect(res.out).toMatch(/^ {2}LEFT ON TARGET: User \S+ \(left-abc123@example\.com\), deactivated: DELETE answered 405; set active to false instead \[\S+left\.yaml\]$/m);
    expect(res.out).toMatch(/\(run abc123\)$/m);
    expect([...provider.store.all('User')].map((u) => u.data.active)).toEqual([false]);

    const kept = await cli('run', join(dir, 'left.yaml'), '--target', running.baseUrl, '--token', 'stubborn-token-0123', '--out', join(dir, 'out-keep'), '--report', 'json', '--keep', '--run-id', 'def456');
    expect(kept.out).toMatch(/^kept \(--keep\): 1 resource\(s\) left on the target for inspection, marked def456$/m);
    expect(kept.out).toMatch(/^ {2}kept: User \S+ \(left-def456@example\.com\): kept for inspection \(--keep\)/m);
  });

  it('refuses a malformed --run-id or an unknown --require feature as usage errors', async () => {
    expect((await cli('run', join(dir, 'ok.yaml'), '--run-id', 'NOT OK')).code).toBe(EXIT.usage);
    const unknown = await cli('run', join(dir, 'ok.yaml'), '--require', 'grops');
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toMatch(/--require: unknown feature 'grops'/);
  });
});

describe('--baseline', () => {
  it('judges only regressions: known failures pass, new ones fail', async () => {
    const first = join(dir, 'base-1');
    expect((await cli('run', join(dir, 'ok.yaml'), '--defect', 'no-location', '--out', first, '--report', 'json')).code).toBe(EXIT.failures);
    const same = await cli('run', join(dir, 'ok.yaml'), '--defect', 'no-location', '--baseline', join(first, 'report.json'), '--out', join(dir, 'base-2'), '--report', 'json');
    expect(same.code).toBe(EXIT.conformant);
    const worse = await cli('run', join(dir, 'ok.yaml'), '--defect', 'create-200', '--baseline', join(first, 'report.json'), '--out', join(dir, 'base-3'), '--report', 'json');
    expect(worse.code).toBe(EXIT.failures);
    const report = JSON.parse(await readFile(join(dir, 'base-3', 'report.json'), 'utf8')) as { baseline: { newFailures: string[]; fixed: string[] } };
    expect(report.baseline.newFailures).toContain('create and delete::rfc7644.create.status');
    expect(report.baseline.fixed).toContain('create and delete::rfc7644.create.location');
  });

  it('refuses a baseline that is not a report', async () => {
    await writeFile(join(dir, 'not-a-report.json'), '{"hello": 1}');
    const res = await cli('run', join(dir, 'ok.yaml'), '--baseline', join(dir, 'not-a-report.json'));
    expect(res.code).toBe(EXIT.usage);
    expect(res.err).toContain('not-a-report.json');
  });
});
