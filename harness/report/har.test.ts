/** `--report har`: report.har holds every exchange of the run (spooled, not held), redacted, with _idp/_scenario/_label. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { readHar } from '../har/read.js';
import type { Exchange, RunResult } from '../model.js';
import { makeRunResult } from './fixture.js';
import { attachHarSpool, HAR_REPORT_FILE, HAR_SPOOL_FILE, harReporter, openHarSpool } from './har.js';
import { parseReportFormats } from './reporter.js';

const ROOT = join(import.meta.dirname, '..', '..');

function exchangeCount(run: RunResult): number {
  return run.scenarios.reduce((n, s) => n + (s.exchangeCount?.total ?? s.exchanges.length), 0);
}

describe('--report har', () => {
  it('is asked for by name only: not a default, not part of all', () => {
    expect(parseReportFormats('har,json')).toEqual({ ok: true, formats: ['har', 'json'] });
    expect(parseReportFormats('all')).toEqual({ ok: true, formats: ['json', 'junit', 'md', 'html'] });
  });

  it('writes every exchange of a run, as many as the run counted and --keep-exchanges streamed', async () => {
    const out = await mkdtemp(join(tmpdir(), 'har-run-'));
    const lines: string[] = [];
    const code = await main(['run', join(ROOT, 'scenarios', 'okta', 'create-assign.yaml'), '--report', 'json,har', '--keep-exchanges', '--out', out, '--transport', 'in-process'], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      isTty: false,
      env: {},
    });
    expect(code, lines.join('\n')).toBe(0);
    expect(lines).toContain(`report: ${join(out, HAR_REPORT_FILE)}`);
    expect(existsSync(join(out, HAR_SPOOL_FILE))).toBe(false);
    const run = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunResult;
    const streamed = Number(/^exchanges: .* \((\d+)\)$/.exec(lines.find((l) => l.startsWith('exchanges: ')) ?? '')?.[1]);
    const read = await readHar(join(out, HAR_REPORT_FILE));
    if (!read.ok) throw new Error(read.error);
    expect(read.entries.length).toBeGreaterThan(0);
    expect(read.entries).toHaveLength(exchangeCount(run));
    expect(read.entries).toHaveLength(streamed);
    const okta = read.entries.filter((e) => e._idp === 'okta');
    expect(okta.length).toBeGreaterThan(0);
    for (const e of read.entries) expect(e._scenario).toMatch(/create-assign\.yaml$/);
    expect(okta[0]!._label).toMatch(/okta/);
    const text = await readFile(join(out, HAR_REPORT_FILE), 'utf8');
    expect(text).toContain('Bearer [redacted]');
    // Okta sends a generated password on every create (S1): never in the HAR.
    const creates = read.entries.filter((e) => e.request.method === 'POST' && e.request.postData?.text.includes('password'));
    expect(creates.length).toBeGreaterThan(0);
    for (const e of creates) expect((JSON.parse(e.request.postData!.text) as { password: string }).password).toBe('[redacted]');
  }, 60_000);

  it('writes what the spool holds, past what the run kept in memory, and removes the spool', async () => {
    const out = await mkdtemp(join(tmpdir(), 'har-spool-'));
    const run = makeRunResult();
    const kept = run.scenarios.flatMap((s) => s.exchanges);
    const template = kept[0] as Exchange;
    const spool = openHarSpool(out);
    for (let i = 0; i < 2500; i += 1) spool.write({ ...template, id: `scenarios/big.yaml#${i}`, request: { ...template.request, url: `${template.request.url}?secret=ext-token-abcdef` } });
    attachHarSpool(run, spool, { tokens: ['ext-token-abcdef'] });
    await harReporter.write(run, out);
    const read = await readHar(join(out, HAR_REPORT_FILE));
    expect(read.ok && read.entries.length).toBe(2500);
    expect(read.ok && read.entries[0]?._scenario).toBe('scenarios/big.yaml');
    expect(await readFile(join(out, HAR_REPORT_FILE), 'utf8')).not.toContain('ext-token-abcdef');
    expect(existsSync(spool.file)).toBe(false);
  });

  it('falls back to the kept exchanges without a spool (merge-reports, the library)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'har-kept-'));
    const run = makeRunResult();
    await harReporter.write(run, out);
    const read = await readHar(join(out, HAR_REPORT_FILE));
    expect(read.ok && read.entries.length).toBe(run.scenarios.reduce((n, s) => n + s.exchanges.length, 0));
  });
});
