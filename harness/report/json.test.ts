import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, LEVELS, type RunResult } from '../model.js';
import { makeLargeRunResult, makeRunResult } from './fixture.js';
import { jsonReporter, readReport, reportSchema, toReportJson, validateReport } from './json.js';

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

  it('validates runs without baseline, with hostile text and with thousands of checks', () => {
    const validate = compileSchema();
    for (const run of [makeRunResult({ withoutBaseline: true }), makeRunResult({ hostile: true }), makeLargeRunResult(2000)]) {
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
    expect(Object.keys(JSON.parse(a) as object)).toEqual(['tool', 'startedAt', 'durationMs', 'target', 'idps', 'seed', 'failOn', 'scenarios', 'summary', 'baseline']);
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
