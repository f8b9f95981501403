import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, LEVELS, type RunResult } from '../model.js';
import { makeLargeRunResult, makeRunResult } from './fixture.js';
import { jsonReporter, readReport, reportSchema, toReportJson, upgradeReport, validateReport } from './json.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-report-json-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh ajv on the published schema, independent of the module's own validator. */
function compileSchema() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(JSON.stringify(reportSchema())));
}

describe('report.schema.json', () => {
  const schema = reportSchema() as Record<string, unknown> & { $defs: Record<string, { enum?: unknown[] }> };

  it('is a 2020-12 schema with an $id and descriptions, accepted by ajv in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof schema.$id).toBe('string');
    expect(typeof schema.description).toBe('string');
    expect(() => compileSchema()).not.toThrow();
  });

  it('has the enums of harness/model.ts', () => {
    expect(schema.$defs.Area?.enum).toEqual([...AREAS]);
    expect(schema.$defs.Level?.enum).toEqual([...LEVELS]);
  });

  it('validates the written report of a realistic run', async () => {
    const [file] = await jsonReporter.write(makeRunResult(), dir);
    const validate = compileSchema();
    const parsed: unknown = JSON.parse(await readFile(file!, 'utf8'));
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
  });

  it('validates runs without baseline, with hostile text, interrupted, against the embedded provider and with thousands of checks', () => {
    const validate = compileSchema();
    const runs = [
      makeRunResult({ withoutBaseline: true }),
      makeRunResult({ hostile: true }),
      makeRunResult({ interrupted: true }),
      makeRunResult({ embedded: true }),
      makeLargeRunResult(2000),
    ];
    for (const run of runs) {
      expect(validate(JSON.parse(toReportJson(run))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('rejects what is not a RunResult', () => {
    const validate = compileSchema();
    const run = JSON.parse(toReportJson(makeRunResult())) as Record<string, unknown>;
    expect(validate({ ...run, failOn: 'may' })).toBe(false);
    expect(validate({ ...run, extra: 1 })).toBe(false);
    const { summary: _summary, ...noSummary } = run;
    expect(validate(noSummary)).toBe(false);
  });

  it('describes the not-applicable results, the clean-up and what the target advertises', () => {
    const validate = compileSchema();
    const run = JSON.parse(toReportJson(makeRunResult())) as RunResult;
    expect(run.scenarios.filter((s) => s.status === 'not-applicable')).toHaveLength(3);
    expect(run.target.features?.length).toBeGreaterThan(0);
    expect(run.cleanup?.leftovers).toHaveLength(1);
    expect(validate(run), JSON.stringify(validate.errors)).toBe(true);
    const copy = () => JSON.parse(JSON.stringify(run)) as RunResult;

    // A not-applicable scenario must say why; so must a not-applicable check.
    const noReasons = copy();
    delete noReasons.scenarios[3]!.notApplicable;
    expect(validate(noReasons)).toBe(false);
    const emptyReasons = copy();
    emptyReasons.scenarios[3]!.notApplicable = [];
    expect(validate(emptyReasons)).toBe(false);
    const checkWithoutReason = copy();
    const naCheck = checkWithoutReason.scenarios[1]!.checks.find((c) => c.status === 'not-applicable')!;
    delete naCheck.reason;
    expect(validate(checkWithoutReason)).toBe(false);

    const badOutcome = copy();
    (badOutcome.cleanup!.leftovers[0] as { outcome: string }).outcome = 'forgotten';
    expect(validate(badOutcome)).toBe(false);
    const noSweep = copy() as unknown as { cleanup: Record<string, unknown> };
    delete noSweep.cleanup.sweep;
    expect(validate(noSweep)).toBe(false);
    const badFeature = copy() as unknown as { target: { features: Record<string, unknown>[] } };
    badFeature.target.features[0]!.supported = 'yes';
    expect(validate(badFeature)).toBe(false);
    // A transport error the harness raised itself (a request it refused to send) is a kind of its own.
    const blocked = copy();
    blocked.scenarios[2]!.exchanges[1]!.transportError = { kind: 'blocked', message: 'not created by this run' };
    expect(validate(blocked), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('report.json', () => {
  it('is the RunResult, pretty and newline-terminated', () => {
    const run = makeRunResult();
    const text = toReportJson(run);
    expect(text).toMatch(/^\{\n {2}"tool": \{/);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(run)));
  });

  it('writes keys in schema order whatever order the objects were built in', () => {
    const run = makeRunResult();
    // Reverses every object's keys except inside recorded JSON values, whose order is kept on purpose.
    const FREE = new Set(['requestJson', 'responseJson', 'expected', 'actual']);
    const reverse = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reverse);
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, FREE.has(k) ? v : reverse(v)]));
    };
    const shuffled = reverse(JSON.parse(JSON.stringify(run))) as RunResult;
    const a = toReportJson(run);
    expect(toReportJson(shuffled)).toBe(a);
    expect(Object.keys(JSON.parse(a) as object)).toEqual([
      'tool',
      'runId',
      'startedAt',
      'durationMs',
      'interrupted',
      'target',
      'idps',
      'seed',
      'failOn',
      'scenarios',
      'summary',
      'readiness',
      'rootCauses',
      'cleanup',
      'baseline',
    ]);
    const parsed = JSON.parse(a) as RunResult;
    expect(Object.keys(parsed.summary)).toEqual(['scenarios', 'failedByLevel', 'passedChecks', 'failedChecks', 'notApplicableChecks', 'conformant']);
    expect(Object.keys(parsed.scenarios[3]!)).toEqual(['name', 'file', 'idp', 'tags', 'status', 'notApplicable', 'durationMs', 'steps', 'exchanges', 'checks']);
    expect(Object.keys(parsed.cleanup!.leftovers[0]!)).toEqual(['scenario', 'type', 'id', 'name', 'outcome', 'reason']);
  });

  it('sorts header maps but keeps the order of recorded bodies', () => {
    const text = toReportJson(makeRunResult());
    const parsed = JSON.parse(text) as RunResult;
    const exchange = parsed.scenarios[0]!.exchanges[0]!;
    const names = Object.keys(exchange.request.headers);
    expect(names).toEqual([...names].sort());
    expect(Object.keys(exchange.requestJson as object).slice(0, 3)).toEqual(['schemas', 'userName', 'name']);
  });
});

describe('readReport', () => {
  it('loads a report written earlier', async () => {
    const run = makeRunResult();
    const [file] = await jsonReporter.write(run, dir);
    const result = await readReport(file!);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.summary).toEqual(run.summary);
  });

  it('explains a missing file, bad JSON and a schema mismatch', async () => {
    const missing = await readReport(join(dir, 'nope.json'));
    expect(missing).toEqual({ ok: false, error: expect.stringContaining('no such file') });

    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"tool": ');
    expect(await readReport(broken)).toEqual({ ok: false, error: expect.stringContaining('not valid JSON') });

    const wrong = join(dir, 'wrong.json');
    const run = JSON.parse(toReportJson(makeRunResult())) as RunResult;
    (run.scenarios[0]!.checks[0] as unknown as { level: string }).level = 'MUSTN';
    await writeFile(wrong, JSON.stringify(run));
    const result = await readReport(wrong);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(wrong);
      expect(result.error).toContain('/scenarios/0/checks/0/level must be one of "MUST", "SHOULD", "MAY"');
    }
  });

  it('reads a version 1 report (before run ids and not-applicable results) as one where nothing was not applicable', async () => {
    // What an earlier version wrote: an embedded run, none of the fields issue 9 added.
    const v1 = JSON.parse(toReportJson(makeRunResult({ embedded: true }))) as Record<string, unknown> & { scenarios: RunResult['scenarios']; summary: Record<string, unknown> };
    delete v1.runId;
    delete v1.interrupted;
    v1.scenarios = v1.scenarios.filter((s) => s.status !== 'not-applicable').map((s) => ({ ...s, checks: s.checks.filter((c) => c.status !== 'not-applicable') }));
    const { notApplicableChecks: _n, ...summary } = v1.summary;
    const { notApplicable: _m, ...counts } = summary.scenarios as Record<string, number>;
    v1.summary = { ...summary, scenarios: counts };
    // The current schema alone refuses it: the upgrade is what makes it readable.
    expect(validateReport(v1).ok).toBe(false);

    const file = join(dir, 'v1.json');
    await writeFile(file, JSON.stringify(v1));
    const result = await readReport(file);
    expect(result.ok, result.ok ? '' : result.error).toBe(true);
    if (result.ok) {
      expect(result.value.runId).toBe('');
      expect(result.value.interrupted).toBe(false);
      expect(result.value.summary.notApplicableChecks).toBe(0);
      expect(result.value.summary.scenarios).toEqual({ ...counts, notApplicable: 0 });
      expect(result.value.scenarios).toHaveLength(3);
    }
  });

  it('upgrades only what is absent and leaves other values to validation', () => {
    expect(upgradeReport({ runId: 'abc', interrupted: true, summary: { notApplicableChecks: 4, scenarios: { notApplicable: 2 } } })).toEqual({
      runId: 'abc',
      interrupted: true,
      summary: { notApplicableChecks: 4, scenarios: { notApplicable: 2 } },
    });
    expect(upgradeReport('text')).toBe('text');
    expect(validateReport(upgradeReport({ runId: 7 })).ok).toBe(false);
  });

  it('accepts a UTF-8 BOM', async () => {
    const file = join(dir, 'bom.json');
    await writeFile(file, `\uFEFF${toReportJson(makeRunResult())}`);
    expect((await readReport(file)).ok).toBe(true);
  });

  it('validateReport names unknown properties', () => {
    const result = validateReport({ ...JSON.parse(toReportJson(makeRunResult())), verdict: 'pass' });
    expect(result).toEqual({ ok: false, error: expect.stringContaining('(root) has unknown property "verdict"') });
  });
});
