import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRunResult } from './fixture.js';
import { parseReportFormats, REPORT_FORMATS, REPORTERS, ReportWriteError, writeReports } from './reporter.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-reports-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('creates the folder and writes every requested format once', async () => {
    const out = join(dir, 'nested', 'reports');
    const files = await writeReports(makeRunResult(), ['json', 'junit', 'md', 'html', 'json'], out);
    expect(files).toEqual(['report.json', 'junit.xml', 'report.md', 'report.html'].map((f) => join(out, f)));
    for (const f of files) expect((await stat(f)).size).toBeGreaterThan(100);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('Not conformant');
  });

  it('registers one reporter per format', () => {
    for (const format of REPORT_FORMATS) expect(REPORTERS[format].format).toBe(format);
  });

  it('still writes the other formats when one fails, then reports the failure', async () => {
    const out = join(dir, 'blocked');
    // A directory where junit.xml should go makes that one write fail.
    await mkdir(join(out, 'junit.xml'), { recursive: true });
    const error = await writeReports(makeRunResult(), ['junit', 'md'], out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as ReportWriteError).failures.map((f) => f.format)).toEqual(['junit']);
    expect((error as ReportWriteError).written).toEqual([join(out, 'report.md')]);
  });
});

describe('parseReportFormats', () => {
  it('reads the CLI list', () => {
    expect(parseReportFormats('json,junit,html,md')).toEqual({ ok: true, formats: ['json', 'junit', 'html', 'md'] });
    expect(parseReportFormats(' markdown , JSON,json ')).toEqual({ ok: true, formats: ['md', 'json'] });
    expect(parseReportFormats('all')).toEqual({ ok: true, formats: [...REPORT_FORMATS] });
  });

  it('rejects unknown and empty lists', () => {
    expect(parseReportFormats('json,pdf')).toEqual({ ok: false, error: 'unknown report format "pdf" (known: json, junit, md, html)' });
    expect(parseReportFormats(' , ')).toEqual({ ok: false, error: 'no report format given' });
  });
});
