/** `run` reads its settings from the config file, flags win over it, and a bad config stops the run with file:line:column. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from './test-support.js';
import { EXIT, main } from '../cli.js';
import type { RunResult } from '../model.js';
import { configAsFlags, overlay, type RunFlags } from './run-config.js';


async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`), isTty: false, env: { MY_SCIM_TOKEN: 'from-the-environment-0123' } });
  return { code, out, err };
}


describe('flags over the config file', () => {
  it('a flag given replaces the config value, a target on the command line drops the config transport', () => {
    const { flags } = configAsFlags({ idps: ['okta'], concurrency: 2, transport: 'in-process', reports: ['json', 'md'], out: '/p/reports' }, '/p');
    expect(flags).toEqual({ idp: 'okta', concurrency: '2', transport: 'in-process', report: 'json,md', out: 'reports' });
    expect(overlay({ idp: 'entra', concurrency: undefined }, flags)).toEqual({ idp: 'entra', concurrency: '2', transport: 'in-process', report: 'json,md', out: 'reports' });
    expect(overlay<RunFlags>({ target: 'https://x.example/scim/v2' }, flags).transport).toBeUndefined();
  });
});

describe('run with a config file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scim-run-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('what init writes is picked up from the working folder and run accepts it', async () => {
    expect((await runBin(['init', '--ci', 'none'], dir)).code).toBe(0);
    const listed = await runBin(['run', '--list', '--idp', 'core'], dir);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain('config scim-conformance.config.yaml');
    expect(listed.stdout).toMatch(/scenario\(s\) would run: core \d+\./);
  }, 60_000);

  it('selects, writes where the config says, and the command line overrides it', async () => {
    const file = join(dir, 'ci.yaml');
    await writeFile(file, [`paths: [${resolve('scenarios/okta')}]`, 'idps: [okta]', 'grep: update', 'transport: in-process', 'reports: [json]', 'out: out-from-config', 'failOn: should'].join('\n'));
    const listed = await cli('run', '--config', file, '--list');
    expect(listed.out.trim().split('\n').at(-1)).toBe('2 scenario(s) would run: okta 2.');
    expect((await cli('run', '--config', file, '--list', '--grep', 'put$|update-put')).out).toContain('1 scenario(s) would run');
    const ran = await cli('run', '--config', file);
    expect(ran.out).toContain('(fail-on SHOULD)');
    const report = JSON.parse(await readFile(join(dir, 'out-from-config', 'report.json'), 'utf8')) as RunResult;
    expect(report.failOn).toBe('should');
    expect(report.scenarios).toHaveLength(2);
    const overridden = await cli('run', '--config', file, '--fail-on', 'must', '--out', join(dir, 'flag-out'));
    expect(overridden.out).toContain('(fail-on MUST)');
    expect(overridden.out).toContain(join(dir, 'flag-out', 'report.json'));
  }, 120_000);

  it('reads the token from the variable tokenEnv names, and says which one is missing', async () => {
    const file = join(dir, 'external.yaml');
    await writeFile(file, 'target: http://127.0.0.1:9/scim/v2\ntokenEnv: OTHER_TOKEN\n');
    const missing = await cli('run', '--config', file, '--list');
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('the environment variable OTHER_TOKEN');
    await writeFile(file, 'target: http://127.0.0.1:9/scim/v2\ntokenEnv: MY_SCIM_TOKEN\n');
    const found = await cli('run', '--config', file, '--list', '--idp', 'core');
    expect(found.code).toBe(0);
  });

  it('a bad config stops the run with file:line:column, before anything runs', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'idps: [okta]\nconcurrency: "four"\n');
    const bad = await cli('run', '--config', file);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:2:14: concurrency`));
    const missing = await cli('run', '--config', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('nope.yaml');
  });
});
