/** The bundled suites: what `run`/`validate` load with no path, from any working directory, and how paths add to them. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from './test-support.js';
import { bundledSuites, scenarioPaths } from './load.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));


describe('bundled suites', () => {
  let elsewhere: string;
  beforeAll(async () => {
    elsewhere = await mkdtemp(join(tmpdir(), 'scim-bundled-'));
    await writeFile(
      join(elsewhere, 'mine.yaml'),
      'name: my own check\nsteps:\n  - request: { method: GET, path: /ServiceProviderConfig }\n    expect: { status: 200 }\n',
    );
  });
  afterAll(() => rm(elsewhere, { recursive: true, force: true }));

  it('are named relative to the working directory', () => {
    expect(bundledSuites(ROOT)).toBe('scenarios');
    expect(resolve('/tmp/x', bundledSuites('/tmp/x'))).toBe(join(ROOT, 'scenarios'));
  });

  it('are what no path means; paths replace them unless --bundled adds them back', () => {
    expect(scenarioPaths([])).toEqual([bundledSuites()]);
    expect(scenarioPaths(['mine'])).toEqual(['mine']);
    expect(scenarioPaths(['mine'], true)).toEqual([bundledSuites(), 'mine']);
  });

  it('run --list from another folder shows the bundled Okta suite without running it', async () => {
    const { code, stdout } = await runBin(['run', '--list', '--idp', 'okta'], elsewhere);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ scenario\(s\) would run: okta \d+\.$/);
    expect(lines.slice(0, -1).every((l) => /scenarios\/\w+\/\S+\.yaml\s+okta\s/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThan(10);
  }, 60_000);

  it('a path of the user\'s own runs alone, or beside the bundled suites with --bundled', async () => {
    const alone = await runBin(['run', '--list', 'mine.yaml'], elsewhere);
    expect(alone.code).toBe(0);
    expect(alone.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^mine\.yaml\s+core\s+my own check$/), '1 scenario(s) would run: core 1.']);
    const both = await runBin(['run', '--list', '--bundled', '--idp', 'core', 'mine.yaml'], elsewhere);
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('mine.yaml');
    expect(both.stdout).toMatch(/scenarios\/core\//);
  }, 60_000);

  it('validate with no path checks the bundled suites', async () => {
    const { code, stdout } = await runBin(['validate'], elsewhere);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d{2,} scenario file\(s\) valid\.$/m);
  }, 60_000);
});
