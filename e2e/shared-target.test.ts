/**
 * The whole suite pointed at endpoints that hold customer data, as an integrator points it at staging: the
 * reference provider started on its own (profile full, then docker-hub-legacy) and SCIMMY, a real server from npm. Each
 * gets 25 users and 3 groups first; afterwards they are there byte for byte and nothing else is, whatever the
 * concurrency and with two runs at once. Docker-only scenarios are not applicable where Docker's extension is
 * not published, and run where it is.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT, main } from '../harness/cli.js';
import type { RunResult } from '../harness/model.js';
import { createProvider, type RunningProvider } from '../provider/provider.js';
import { startScimmy, type ScimmyServer } from './scimmy/server.js';
import { diffSnapshots, seedTarget, snapshotTarget, type TargetSnapshot } from './support/target-snapshot.js';

// Whole-suite runs: several per test on a 2-core CI machine.
vi.setConfig({ testTimeout: 180_000 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-shared-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  code: number;
  out: string;
  report: RunResult;
}

let runs = 0;
async function run(url: string, token: string, ...extra: string[]): Promise<Outcome> {
  const out: string[] = [];
  const reports = join(dir, `run-${(runs += 1)}`);
  const code = await main(['run', 'scenarios', '--target', url, '--token', token, '--out', reports, '--report', 'json,junit', ...extra], {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    isTty: false,
    env: {},
  });
  return { code, out: out.join('\n'), report: JSON.parse(await readFile(join(reports, 'report.json'), 'utf8')) as RunResult };
}

const unchanged = (before: TargetSnapshot, after: TargetSnapshot) => {
  const diff = diffSnapshots(before, after);
  return { missing: diff.missing.map((e) => e.id), changed: diff.changed.map((e) => `${e.id}: ${e.before} → ${e.after}`), added: diff.added.map((e) => e.after) };
};
const NOTHING = { missing: [], changed: [], added: [] };
const notApplicable = (report: RunResult) => report.scenarios.filter((s) => s.status === 'not-applicable').map((s) => s.file).sort();
const verdicts = (report: RunResult) => Object.fromEntries(report.scenarios.map((s) => [s.file, s.status]));

describe('the reference provider, profile full, holding 25 users and 3 groups', () => {
  let running: RunningProvider;
  let url: string;
  let before: TargetSnapshot;
  beforeAll(async () => {
    running = await createProvider({ token: 'staging-token-0123', profile: 'full' }).listen(0);
    url = running.baseUrl;
    await seedTarget(url, 'staging-token-0123', { users: 25, groups: 3, tag: 'acme' });
    before = await snapshotTarget(url, 'staging-token-0123');
  });
  afterAll(() => running.close());

  it('passes at --concurrency 4, Docker-only scenarios not applicable with the reason, and leaves the target as it was', async () => {
    expect(before.users.size).toBe(25);
    expect(before.groups.size).toBe(3);
    const first = await run(url, 'staging-token-0123', '--concurrency', '4');
    expect(first.code, first.out).toBe(EXIT.conformant);
    expect(notApplicable(first.report)).toContain('scenarios/docker/default-role.yaml');
    expect(notApplicable(first.report)).toContain('scenarios/okta/docker-role-mapping.yaml');
    const docker = first.report.scenarios.find((s) => s.file === 'scenarios/entra/docker-guide.yaml')!;
    expect(docker.notApplicable).toEqual([{ feature: 'docker', reason: expect.stringMatching(/^the target does not publish urn:\S*docker\S* \(not in \/Schemas/), needed: 'declared' }]);
    expect(first.out).toMatch(/not applicable: \d+ scenario\(s\) need docker: the target does not publish/);
    expect(first.report.cleanup).toMatchObject({ leftovers: [], sweep: { ran: true, found: 0 } });
    expect(first.report.cleanup!.created).toBeGreaterThan(200);
    expect(first.report.cleanup!.deleted).toBe(first.report.cleanup!.created);
    expect(unchanged(before, await snapshotTarget(url, 'staging-token-0123'))).toEqual(NOTHING);

    // Twice in a row: seeded names repeat, run ids do not.
    const second = await run(url, 'staging-token-0123', '--concurrency', '4');
    expect(second.code, second.out).toBe(EXIT.conformant);
    expect(second.report.runId).not.toBe(first.report.runId);
    expect(verdicts(second.report)).toEqual(verdicts(first.report));
    expect(unchanged(before, await snapshotTarget(url, 'staging-token-0123'))).toEqual(NOTHING);
  });

  it('two runs at once (--concurrency 4 and 8) give the same verdicts as a lone run', async () => {
    const lone = await run(url, 'staging-token-0123', '--concurrency', '1', '--idp', 'onelogin,core');
    const [a, b] = await Promise.all([run(url, 'staging-token-0123', '--concurrency', '4', '--idp', 'onelogin,core'), run(url, 'staging-token-0123', '--concurrency', '8', '--idp', 'onelogin,core')]);
    expect(a.code, a.out).toBe(EXIT.conformant);
    expect(b.code, b.out).toBe(EXIT.conformant);
    expect(verdicts(a.report)).toEqual(verdicts(lone.report));
    expect(verdicts(b.report)).toEqual(verdicts(lone.report));
    expect(unchanged(before, await snapshotTarget(url, 'staging-token-0123'))).toEqual(NOTHING);
  });
});

// docker-hub-legacy (no Groups): the suite's group scenarios use plain names, which docker-hub's teams
// (`organization:team`) refuse; without Groups they are not applicable, as the title says.
describe('the reference provider, profile docker-hub-legacy, holding 25 members', () => {
  it('runs the Docker scenarios and passes; what needs Groups or the admin switches is not applicable', async () => {
    const running = await createProvider({ token: 'hub-token-0123456789', profile: 'docker-hub-legacy', verifiedDomains: ['example.com', 'acme.example.com'] }).listen(0);
    try {
      await seedTarget(running.baseUrl, 'hub-token-0123456789', { users: 25, groups: 3, tag: 'acme' });
      const before = await snapshotTarget(running.baseUrl, 'hub-token-0123456789');
      expect(before.users.size).toBe(25);
      const result = await run(running.baseUrl, 'hub-token-0123456789', '--concurrency', '4');
      expect(result.code, result.out).toBe(EXIT.conformant);
      const statuses = verdicts(result.report);
      for (const file of ['scenarios/docker/default-role.yaml', 'scenarios/okta/docker-role-mapping.yaml', 'scenarios/entra/docker-guide.yaml', 'scenarios/onelogin/setup.yaml']) {
        expect(statuses[file], file).toBe('passed');
      }
      expect(statuses['scenarios/okta/group-push.yaml']).toBe('not-applicable');
      expect(statuses['scenarios/docker/scim-disabled.yaml']).toBe('not-applicable');
      expect(result.report.cleanup!.sweep.note).toBe('nothing left over');
      expect(unchanged(before, await snapshotTarget(running.baseUrl, 'hub-token-0123456789'))).toEqual(NOTHING);
    } finally {
      await running.close();
    }
  });
});

describe('SCIMMY (scimmy + scimmy-routers from npm) holding 25 users and 3 groups', () => {
  let scimmy: ScimmyServer;
  afterAll(() => scimmy?.close());

  it('counts are equal before and after a full run, no customer record is modified, and its real deviations are named', async () => {
    scimmy = await startScimmy({ token: 'scimmy' });
    await seedTarget(scimmy.baseUrl, 'scimmy', { users: 25, groups: 3, tag: 'acme' });
    const before = await snapshotTarget(scimmy.baseUrl, 'scimmy');
    const result = await run(scimmy.baseUrl, 'scimmy', '--concurrency', '4');
    expect(result.code).toBe(EXIT.failures);
    expect(unchanged(before, await snapshotTarget(scimmy.baseUrl, 'scimmy'))).toEqual(NOTHING);
    expect(result.report.cleanup).toMatchObject({ leftovers: [], sweep: { found: 0 } });
    // SCIMMY answers a create without a Location header and echoes the requested count as itemsPerPage.
    const failed = new Set(result.report.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => c.checkId)));
    expect(failed).toContain('rfc7644.create.location');
    expect(failed).toContain('rfc7644.pagination.items-per-page');
    // It advertises etag.supported false: the ETag scenario is not applicable rather than failed.
    expect(result.report.scenarios.find((s) => s.file === 'scenarios/core/etags.yaml')!.status).toBe('not-applicable');
  });
});
