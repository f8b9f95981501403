/**
 * Issue 13's "done when": a suite run whole and the same suite run as four shards, merged, give the same verdict,
 * the same counts and the same check results; and merge-reports refuses what could not have been one run.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import type { RunResult } from '../model.js';
import { applyBaseline } from '../runner/baseline.js';
import { runScenarios, summarise } from '../runner/run.js';
import { durationsFromReport, selectShard } from '../runner/shard.js';
import type { TargetSpec } from '../runner/target.js';
import type { Scenario } from '../scenario/index.js';
import { loadSuites, selfTestOptions } from '../self-test.js';
import { readReport } from './json.js';
import { mergeRuns, RUN_ID_SEPARATOR } from './merge.js';
import { writeReports } from './reporter.js';

/** Small core and Okta scenarios; under `no-www-authenticate` core/auth.yaml fails and the rest pass. */
const FILES = [
  'scenarios/core/auth.yaml',
  'scenarios/core/crud.yaml',
  'scenarios/core/discovery.yaml',
  'scenarios/core/errors.yaml',
  'scenarios/core/etags.yaml',
  'scenarios/okta/create-assign.yaml',
  'scenarios/okta/group-push.yaml',
  'scenarios/okta/link-existing-user.yaml',
  'scenarios/okta/quirk-429-retry.yaml',
  'scenarios/okta/settings-create-users-off.yaml',
];
const FAILING: TargetSpec = { kind: 'embedded', transport: 'in-process', defect: 'no-www-authenticate' };

let dir: string;
let scenarios: Scenario[];

async function run(selection: Scenario[], target: TargetSpec = FAILING, runId?: string): Promise<RunResult> {
  const outcome = await runScenarios(selection, selfTestOptions(target, { concurrency: 4, ...(runId ? { runId } : {}) }));
  return outcome.run;
}

/** Through report.json and back, as the shards' CI artifacts reach merge-reports. */
async function roundTrip(result: RunResult, name: string): Promise<RunResult> {
  const out = join(dir, name);
  await writeReports(result, ['json'], out);
  const read = await readReport(join(out, 'report.json'));
  if (!read.ok) throw new Error(read.error);
  return read.value;
}

/** Per check id across the run: how many results had each status, passes summed, failing findings counted. */
function checkTotals(result: RunResult): Record<string, { passed: number; failed: number; notApplicable: number; passes: number; failures: number }> {
  const totals: ReturnType<typeof checkTotals> = {};
  for (const s of result.scenarios) {
    for (const c of s.checks) {
      const t = (totals[c.checkId] ??= { passed: 0, failed: 0, notApplicable: 0, passes: 0, failures: 0 });
      if (c.status === 'passed') t.passed += 1;
      else if (c.status === 'failed') t.failed += 1;
      else t.notApplicable += 1;
      t.passes += c.passes;
      t.failures += c.failures.length;
    }
  }
  return totals;
}

const statuses = (result: RunResult) => Object.fromEntries(result.scenarios.map((s) => [s.file, s.status]));

async function shardsOf(whole: RunResult, total: number, target: TargetSpec = FAILING): Promise<RunResult[]> {
  const durations = durationsFromReport(whole);
  const shards: RunResult[] = [];
  for (let index = 1; index <= total; index += 1) {
    const slice = selectShard(scenarios, { index, total }, durations);
    shards.push(await roundTrip(await run(slice, target), `shard-${total}-${index}-${target.kind === 'embedded' ? target.defect ?? 'clean' : 'ext'}`));
  }
  return shards;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-merge-'));
  scenarios = await loadSuites(FILES);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('four shards merged = one whole run', () => {
  let whole: RunResult;
  let shards: RunResult[];
  let merged: RunResult;

  beforeAll(async () => {
    whole = await roundTrip(await run(scenarios), 'whole');
    shards = await shardsOf(whole, 4);
    const result = mergeRuns(shards);
    if (!result.ok) throw new Error(result.error);
    merged = result.run;
  });

  it('splits the suite four ways', () => {
    expect(shards.map((s) => s.scenarios.length).reduce((a, b) => a + b, 0)).toBe(FILES.length);
    expect(shards.every((s) => s.scenarios.length > 0)).toBe(true);
  });

  it('has the same verdict and summary', () => {
    expect(whole.summary.conformant).toBe(false);
    expect(merged.summary).toEqual(whole.summary);
  });

  it('has the same check results, check by check', () => {
    expect(checkTotals(merged)).toEqual(checkTotals(whole));
    expect(checkTotals(merged)['rfc7644.auth.www-authenticate']?.failed).toBe(1);
  });

  it('has the same readiness per IdP and the same ranked root causes, recomputed over every scenario', () => {
    expect(whole.rootCauses?.[0]?.id).toBe('rfc7644.auth.www-authenticate');
    expect(whole.readiness?.map((r) => r.idp)).toEqual(['okta']);
    expect(merged.readiness).toEqual(whole.readiness);
    // The example's URL names the in-process host of the scenario's own provider, numbered per run: not the merge's doing.
    const host = (causes: RunResult['rootCauses']) => JSON.parse(JSON.stringify(causes ?? []).replace(/p\d+\.embedded\.invalid/g, 'p.embedded.invalid')) as unknown;
    expect(host(merged.rootCauses)).toEqual(host(whole.rootCauses));
    expect(merged.rootCauses?.length).toBe(whole.rootCauses?.length);
  });

  it('has the same scenarios, statuses and order', () => {
    expect(statuses(merged)).toEqual(statuses(whole));
    expect(merged.scenarios.map((s) => s.file)).toEqual(whole.scenarios.map((s) => s.file));
  });

  it('describes the run as a whole run would', () => {
    expect(merged.target).toEqual(whole.target);
    expect(merged.idps).toEqual(whole.idps);
    expect([merged.tool, merged.failOn, merged.seed, merged.interrupted]).toEqual([whole.tool, whole.failOn, whole.seed, false]);
    expect(merged.runId).toBe([...new Set(shards.map((s) => s.runId))].sort().join(RUN_ID_SEPARATOR));
    const starts = shards.map((s) => Date.parse(s.startedAt));
    expect(merged.startedAt).toBe(new Date(Math.min(...starts)).toISOString());
    expect(merged.durationMs).toBe(Math.max(...shards.map((s, i) => starts[i]! + s.durationMs)) - Math.min(...starts));
  });

  it('gives the same result whatever order the reports come in', () => {
    const reversed = mergeRuns([...shards].reverse());
    expect(reversed).toEqual({ ok: true, run: merged });
  });

  it('writes all four formats, and its report.json reads back', async () => {
    const out = join(dir, 'merged');
    const written = await writeReports(merged, ['json', 'junit', 'html', 'md'], out);
    expect(written).toHaveLength(4);
    const read = await readReport(join(out, 'report.json'));
    expect(read.ok).toBe(true);
  });

  it('is judged the same at --fail-on should, recomputed from the stored levels', () => {
    const should = mergeRuns(shards, { failOn: 'should' });
    expect(should.ok && should.run.summary).toEqual(summarise(whole.scenarios, 'should'));
    expect(should.ok && should.run.failOn).toBe('should');
  });

  it('keeps the shared run id when the shards share one', () => {
    const same = mergeRuns(shards.map((s) => ({ ...s, runId: 'ci42' })));
    expect(same.ok && same.run.runId).toBe('ci42');
  });
});

describe('a clean target: two shards merged are conformant, as the whole run', () => {
  it('agrees', async () => {
    const clean: TargetSpec = { kind: 'embedded', transport: 'in-process', defect: undefined };
    const whole = await roundTrip(await run(scenarios, clean), 'whole-clean');
    const result = mergeRuns(await shardsOf(whole, 2, clean));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(whole.summary.conformant).toBe(true);
    expect(result.run.summary).toEqual(whole.summary);
    expect(checkTotals(result.run)).toEqual(checkTotals(whole));
  });
});

describe('baselined shards', () => {
  it('merge to the verdict, new failures and fixed list of the whole run against the same baseline', async () => {
    // The baseline fails create.location everywhere; the current run fixes that and breaks WWW-Authenticate.
    const baseline = await run(scenarios, { kind: 'embedded', transport: 'in-process', defect: 'no-location' });
    const whole = applyBaseline(await run(scenarios), baseline, 'old/report.json');
    const shards = await Promise.all(
      [1, 2, 3].map(async (index) => roundTrip(applyBaseline(await run(selectShard(scenarios, { index, total: 3 })), baseline, 'old/report.json'), `baselined-${index}`)),
    );
    const result = mergeRuns(shards);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(whole.baseline!.fixed.length).toBeGreaterThan(0);
    const auth = scenarios.find((s) => s.file === 'scenarios/core/auth.yaml')!.name;
    expect(whole.baseline!.newFailures).toContain(`${auth}::rfc7644.auth.www-authenticate`);
    expect(whole.baseline!.newFailures.every((k) => k.startsWith(`${auth}::`))).toBe(true);
    expect(result.run.baseline).toEqual(whole.baseline);
    expect(result.run.summary).toEqual(whole.summary);

    const mixed = mergeRuns([shards[0]!, { ...shards[1]!, baseline: undefined }, shards[2]!], { sources: ['a.json', 'b.json', 'c.json'] });
    expect(mixed).toEqual({ ok: false, error: expect.stringContaining('b.json was run without --baseline') });
    const other = mergeRuns([shards[0]!, { ...shards[1]!, baseline: { ...shards[1]!.baseline!, fixed: [] } }, shards[2]!], { sources: ['a.json', 'b.json', 'c.json'] });
    expect(other).toEqual({ ok: false, error: expect.stringContaining('different baselines') });
  });
});

describe('refusals', () => {
  let a: RunResult;
  let b: RunResult;
  const sources = { sources: ['a.json', 'b.json'] };

  beforeAll(async () => {
    a = await run(scenarios.slice(0, 1));
    b = await run(scenarios.slice(1, 2));
    expect(mergeRuns([a, b], sources).ok).toBe(true);
  });

  it('refuses nothing to merge', () => {
    expect(mergeRuns([])).toEqual({ ok: false, error: 'no reports to merge' });
  });

  it('refuses the same shard twice, naming both reports', () => {
    expect(mergeRuns([a, b, a], { sources: ['a.json', 'b.json', 'c.json'] })).toEqual({
      ok: false,
      error: expect.stringContaining(`${a.scenarios[0]!.file} is in both a.json and c.json`),
    });
    // The same file written ./x and x is the same scenario.
    expect(mergeRuns([a, { ...b, scenarios: [{ ...a.scenarios[0]!, file: `./${a.scenarios[0]!.file}` }] }], sources).ok).toBe(false);
  });

  it.each([
    ['tool versions', (r: RunResult): RunResult => ({ ...r, tool: { ...r.tool, version: '9.9.9' } }), 'different tools: a.json has scim-conformance self-test, b.json has scim-conformance 9.9.9'],
    ['--fail-on levels', (r: RunResult): RunResult => ({ ...r, failOn: 'should' }), 'different --fail-on levels'],
    ['target kinds', (r: RunResult): RunResult => ({ ...r, target: { ...r.target, kind: 'external' } }), 'different targets'],
    ['target URLs', (r: RunResult): RunResult => ({ ...r, target: { ...r.target, url: 'http://127.0.0.1 (port per scenario)' } }), 'different targets'],
    ['seeds', (r: RunResult): RunResult => ({ ...r, seed: 2 }), 'different --seed values'],
    ['--require lists', (r: RunResult): RunResult => ({ ...r, required: ['groups'] }), 'different --require lists'],
  ])('refuses different %s', (_what, change, message) => {
    expect(mergeRuns([a, change(b)], sources)).toEqual({ ok: false, error: expect.stringContaining(message) });
  });

  it('judges shards of different --fail-on levels only at a level given', () => {
    const result = mergeRuns([a, { ...b, failOn: 'should' }], { ...sources, failOn: 'should' });
    expect(result.ok && result.run.failOn).toBe('should');
  });

  it('refuses an external target one shard never reached (it lists no scenario and would read as a pass)', () => {
    const external = (r: RunResult, reached: boolean): RunResult => ({
      ...r,
      target: { kind: 'external', url: 'https://scim.example.com/v2', profile: undefined, ...(reached ? { features: [{ feature: 'groups', supported: true, source: 'ResourceTypes' }] } : {}) },
    });
    expect(mergeRuns([external(a, true), { ...external(b, false), scenarios: [] }], sources)).toEqual({ ok: false, error: expect.stringContaining('b.json never reached https://scim.example.com/v2') });
    expect(mergeRuns([external(a, true), external(b, true)], sources).ok).toBe(true);
  });

  it('wants every shard of one split once, when the reports say which shard they were', () => {
    const as = (r: RunResult, index: number, total: number): RunResult => ({ ...r, shard: { index, total } });
    expect(mergeRuns([as(a, 1, 2), as(b, 2, 2)], sources).ok).toBe(true);
    const merged = mergeRuns([as(a, 1, 2), as(b, 2, 2)], sources);
    expect(merged.ok && merged.run.shard).toBeUndefined();
    expect(mergeRuns([as(a, 1, 3), as(b, 2, 3)], sources)).toEqual({ ok: false, error: expect.stringContaining('shard 3/3 missing') });
    expect(mergeRuns([as(a, 1, 2), as(b, 1, 2)], sources)).toEqual({ ok: false, error: expect.stringContaining('a.json and b.json are both shard 1/2') });
    expect(mergeRuns([as(a, 1, 2), as(b, 2, 3)], sources)).toEqual({ ok: false, error: expect.stringContaining('different splits') });
    expect(mergeRuns([as(a, 1, 2), b], sources)).toEqual({ ok: false, error: expect.stringContaining('b.json is not a shard report') });
  });

  it('carries an interrupted shard: no verdict for the merged run either', () => {
    const result = mergeRuns([a, { ...b, interrupted: true }], sources);
    expect(result.ok && result.run.interrupted).toBe(true);
  });
});

describe('scim-conformance merge-reports', () => {
  interface Captured {
    code: number;
    out: string[];
    err: string;
  }
  async function cli(...argv: string[]): Promise<Captured> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, env: {} });
    return { code, out, err: err.join('\n') };
  }
  const runCli = (out: string, files: string[]) =>
    cli('run', ...files, '--transport', 'in-process', '--defect', 'no-www-authenticate', '--run-id', 'ci7', '--report', 'json', '--out', join(dir, out));

  it('merges two shard reports into the four formats with the verdict line `run` prints for the whole', async () => {
    const whole = await runCli('cli-whole', FILES.slice(0, 4));
    const one = await runCli('cli-1', [FILES[0]!, FILES[2]!]);
    const two = await runCli('cli-2', [FILES[1]!, FILES[3]!]);
    expect([whole.code, one.code, two.code]).toEqual([1, 1, 0]);

    const out = join(dir, 'cli-merged');
    const merged = await cli('merge-reports', join(dir, 'cli-1', 'report.json'), join(dir, 'cli-2'), '--out', out);
    expect(merged.err).toBe('');
    expect(merged.code).toBe(1);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    expect(merged.out.at(-1)).toBe(whole.out.at(-1));
    expect(merged.out.at(-1)).toMatch(/^NOT CONFORMANT \(fail-on MUST\): 3\/4 scenarios passed; failed checks MUST 1, SHOULD 0, MAY 0 \(run ci7\)$/);

    // The passing shard alone is conformant: exit 0; --report picks the formats.
    const alone = await cli('merge-reports', join(dir, 'cli-2'), '--out', join(dir, 'cli-alone'), '--report', 'json,md');
    expect(alone.code).toBe(0);
    expect((await readdir(join(dir, 'cli-alone'))).sort()).toEqual(['report.json', 'report.md']);
  });

  it('refuses a shard given twice, and unreadable input, with exit 2 and the file named', async () => {
    const first = join(dir, 'cli-1', 'report.json');
    const twice = await cli('merge-reports', first, first, '--out', join(dir, 'cli-twice'));
    expect(twice.code).toBe(2);
    expect(twice.err).toContain(`is in both ${first} and ${first}`);
    await expect(readdir(join(dir, 'cli-twice'))).rejects.toThrow();

    const bogus = join(dir, 'bogus.json');
    await writeFile(bogus, '{"tool": 1}');
    const bad = await cli('merge-reports', first, bogus);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`report ${bogus} is not a scim-conformance report`);
    const missing = await cli('merge-reports', join(dir, 'nope.json'));
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('no such file')]);
  });

  it('explains itself and refuses bad usage', async () => {
    const help = await cli('merge-reports', '--help');
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toContain('Usage: scim-conformance merge-reports');
    expect((await cli('merge-reports')).code).toBe(2);
    expect((await cli('merge-reports', 'x.json', '--fail-on', 'may')).code).toBe(2);
    expect((await cli('merge-reports', 'x.json', '--shard', '1/2')).code).toBe(2);
  });
});
