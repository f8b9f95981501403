/**
 * Issue 15 against a real partial server (SCIMMY, from npm): the report answers "will Okta, Entra and OneLogin work,
 * and what do I fix first?" — a readiness line per IdP first, itemsPerPage and Location ranked among the top root
 * causes with their fix, and steps that only failed because an earlier one did shown as its consequences.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCheck } from '../../harness/checks/catalogue.js';
import type { RunResult } from '../../harness/model.js';
import { runCli, type Captured } from '../../harness/cli/test-support.js';
import { startScimmy, type ScimmyServer } from './server.js';

// A slice of every IdP suite and core: enough for each IdP's create/update/deactivate paths, quick enough for npm test.
const FILES = [
  'scenarios/okta/create-assign.yaml',
  'scenarios/okta/deactivate-unassign.yaml',
  'scenarios/entra/provision-on-demand.yaml',
  'scenarios/entra/reactivate.yaml',
  'scenarios/onelogin/create.yaml',
  'scenarios/core/crud.yaml',
];

describe('the report against SCIMMY', () => {
  let server: ScimmyServer;
  let out: string;
  let cli: Captured;
  let run: RunResult;

  beforeAll(async () => {
    server = await startScimmy();
    out = await mkdtemp(join(tmpdir(), 'scimmy-readiness-'));
    cli = await runCli(['run', ...FILES, '--target', server.baseUrl, '--token', server.token, '--out', out]);
    run = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunResult;
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await rm(out, { recursive: true, force: true });
  });

  it('ends the terminal output with a readiness line per IdP and the top root causes, each with its fix', () => {
    expect(cli.code).toBe(1);
    const lines = cli.out.split('\n');
    const top = lines.indexOf('Top root causes:');
    expect(top).toBeGreaterThan(2);
    expect(lines.slice(top - 3, top).map((l) => l.split(':')[0])).toEqual(['Okta', 'Microsoft Entra ID', 'OneLogin']);
    const causes = lines.slice(top + 1).filter((l) => /^\d\. /.test(l));
    expect(causes.length).toBe(Math.min(5, run.rootCauses!.length));
    expect(causes.length).toBeGreaterThanOrEqual(2);
    expect(causes.slice(0, 3).join('\n')).toMatch(/rfc7644\.pagination\.items-per-page/);
    expect(causes.slice(0, 3).join('\n')).toMatch(/rfc7644\.create\.location/);
    expect(lines.slice(top + 1).filter((l) => /^ {3}Fix: /.test(l))).toHaveLength(causes.length);
    expect(lines.at(-1)).toMatch(/^NOT CONFORMANT/);
  });

  it('ranks itemsPerPage and Location among the top root causes in report.json, with the catalogue\'s hints', () => {
    const ids = run.rootCauses!.slice(0, 5).map((c) => c.id);
    expect(ids).toContain('rfc7644.pagination.items-per-page');
    expect(ids).toContain('rfc7644.create.location');
    const location = run.rootCauses!.find((c) => c.id === 'rfc7644.create.location')!;
    expect(location.hint).toBe(findCheck('rfc7644.create.location')!.hint);
    expect(location.example?.request).toMatch(/^POST .*\/Users$/);
    expect(run.readiness!.map((r) => r.idp)).toEqual(['okta', 'entra', 'onelogin']);
    // SCIMMY 1.3.5 refuses Entra's string booleans (active "False") with 400: Entra cannot disable users; Okta and
    // OneLogin get through, with the spec violations above as warnings.
    const verdicts = Object.fromEntries(run.readiness!.map((r) => [r.idp, r.verdict]));
    expect(verdicts).toEqual({ okta: 'works-with-warnings', entra: 'breaks', onelogin: 'works-with-warnings' });
    expect(run.readiness!.find((r) => r.idp === 'entra')!.headline).toMatch(/^Microsoft Entra ID: breaks at Disable \(soft delete on unassign\) \(PATCH rejected with 400/);
  });

  it('shows the steps that needed a value the failed create never saved as its consequences', () => {
    const crud = run.scenarios.find((s) => s.file.endsWith('core/crud.yaml'))!;
    const consequences = crud.steps.filter((s) => s.consequenceOf !== undefined);
    expect(consequences.length).toBeGreaterThan(0);
    for (const step of consequences) expect(step.consequenceOf!.reason).toMatch(/^vars\.\w+ was never saved: step 0 /);
    expect(crud.steps.filter((s) => s.status !== 'passed' && s.consequenceOf === undefined).map((s) => s.index)).toEqual([0]);
  });

  it('leads the Markdown report with readiness and root causes, under a CI job summary\'s size', async () => {
    const md = await readFile(join(out, 'report.md'), 'utf8');
    const head = md.split('\n').slice(0, 12).join('\n');
    expect(head).toMatch(/### Readiness\n\n- (❌|⚠️|✅) Okta: /);
    expect(md.indexOf('### Root causes')).toBeLessThan(md.indexOf('<details>'));
    expect(md).toContain('**Fix:**');
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(md).toMatch(/consequences?, not counted/);
  });
});
