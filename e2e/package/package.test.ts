/** The published package as a user gets it: packed, installed into an empty project, run through npx and imported. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface PackResult {
  filename: string;
  files: { path: string }[];
}

let temp: string;
let project: string;
let packed: PackResult;

/** A child's outcome; npm's own variables are dropped so the child sees the temp project, not this checkout's script run. */
function inProject(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)));
  const child = spawnSync(command, args, { cwd: project, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/**
 * `npx --no`: the installed bin or a failure, never a download of whatever the registry calls scim-conformance.
 * `--` because npx would otherwise read a bare `--version` after `--no` as its own flag.
 */
const cli = (...args: string[]) => inProject('npx', ['--no', '--', 'scim-conformance', ...args]);

describe('the npm package', () => {
  beforeAll(() => {
    temp = mkdtempSync(join(tmpdir(), 'scim-conformance-package-'));
    // `npm pack` runs prepack (`npm run build`), so this also proves a clean build from the sources.
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', temp], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    // prepack's build output goes to npm's stdout before the JSON: take the JSON array at the end.
    packed = (JSON.parse(out.slice(out.lastIndexOf('\n[') + 1)) as PackResult[])[0]!;
    project = join(temp, 'project');
    mkdirSync(project);
    inProject('npm', ['init', '-y']);
    // --prefer-offline, not --offline: the tarballs are in the npm cache the checkout's own `npm ci` filled, but
    // `npm ci` installs from the lock file and never fetches registry metadata, which resolving this tarball's
    // version ranges needs; on a clean CI machine --offline fails with ENOTCACHED (tried). Cached metadata,
    // where there is some, is still used without a request.
    const install = inProject('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(temp, packed.filename)]);
    if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
  }, 240_000);

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('ships the compiled runtime, the suites and the docs, and no tests or sources', () => {
    const files = packed.files.map((f) => f.path);
    expect(files.filter((f) => /\.test\./.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['bin/scim-conformance.js', 'dist/harness/main.js', 'dist/harness/api.d.ts', 'dist/harness/report/report.schema.json', 'scenarios/scenario.schema.json', 'scenarios/core/crud.yaml', 'LICENSE', 'README.md']));
    // The config schema that `init`'s config file points editors at (./node_modules/scim-conformance/schemas/…).
    expect(files).toContain('schemas/config.schema.json');
    expect(files.filter((f) => !/^(dist|scenarios|schemas|bin)\//.test(f)).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
  });

  it('runs without tsx: the installed tree has none, and dist never imports it', () => {
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);
    const main = inProject(process.execPath, ['node_modules/scim-conformance/dist/harness/main.js', '--version']);
    expect(main.stdout.trim()).toBe(VERSION);
  });

  it('npx scim-conformance --version prints the package version', () => {
    const result = cli('--version');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
  });

  it('npx scim-conformance checks --json lists the catalogue', () => {
    const result = cli('checks', '--json');
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { id: string }[]).length).toBeGreaterThan(40);
  });

  it('npx scim-conformance validate with no path validates the bundled suites', () => {
    const result = cli('validate');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/scenario file\(s\) valid/);
  });

  it('npx scim-conformance run passes the core suite in-process and writes report.json', () => {
    const result = cli('run', 'node_modules/scim-conformance/scenarios/core', '--transport', 'in-process', '--out', 'r');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(project, 'r', 'report.json'), 'utf8')) as { tool: { version: string }; summary: { conformant: boolean } };
    expect(report.tool.version).toBe(VERSION);
    expect(report.summary.conformant).toBe(true);
  });

  it('run --idp entra --target --token tests an endpoint started from the package (its own provider command)', async () => {
    const token = 'package-test-token-0123456789';
    const provider = spawn('npx', ['--no', '--', 'scim-conformance', 'provider', '--port', '0', '--token', token], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const url = await new Promise<string>((found, failed) => {
        let seen = '';
        provider.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          seen += chunk;
          const match = /SCIM base URL: (\S+)/.exec(seen);
          if (match) found(match[1]!);
        });
        provider.on('exit', (code) => failed(new Error(`provider exited ${code}: ${seen}`)));
      });
      const result = cli('run', '--idp', 'entra', '--target', url, '--token', token, '--report', 'json', '--out', 'ext');
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/CONFORMANT \(fail-on MUST\): \d+\/\d+ scenarios passed/);
      expect(result.stdout).toMatch(/clean-up: created \d+, removed \d+; sweep for run \w+: nothing left over/);
    } finally {
      // npx starts node as its child: the whole process group goes.
      process.kill(-provider.pid!, 'SIGTERM');
    }
  }, 120_000);

  it('the library API works from a plain .mjs file', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { createProvider, run, CHECKS } from 'scim-conformance';
const provider = createProvider();
const running = await provider.listen(0);
const response = await fetch(running.baseUrl + '/ServiceProviderConfig', { headers: { authorization: 'Bearer ' + provider.access.currentToken } });
await running.close();
const result = await run({ paths: ['node_modules/scim-conformance/scenarios/core/discovery.yaml'], transport: 'in-process' });
console.log(JSON.stringify({ status: response.status, checks: CHECKS.length, ok: result.ok, exitCode: result.ok ? result.exitCode : undefined }));
process.exit(0);
`,
    );
    const result = inProject(process.execPath, ['use.mjs']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toEqual({ status: 200, checks: expect.any(Number), ok: true, exitCode: 0 });
  });

  it('the judge worker a long scenario starts loads from the installed package and judges there', () => {
    // The worker file is resolved beside the runner at run time: a build or `files` that left it out (or a
    // dependency it could not load) would only show as a slower run (its work falls back to the main thread), so
    // its loading is checked directly — and a judgement by the precompiled validators, which need ajv's runtime
    // helpers and ajv-formats from the package's dependencies.
    writeFileSync(
      join(project, 'worker.mjs'),
      `import { Worker } from 'node:worker_threads';
const worker = new Worker(new URL('./node_modules/scim-conformance/dist/harness/runner/judge-worker.js', import.meta.url));
const messages = [];
worker.on('message', (message) => {
  messages.push(message);
  if (message.kind !== 'judged') return;
  console.log(JSON.stringify(messages));
  void worker.terminate();
});
worker.once('error', (error) => { console.error(error); process.exit(1); });
worker.postMessage({ kind: 'setup', checks: ['rfc7644.query.list-response'], notApplicable: [] });
worker.postMessage({ kind: 'context', id: 0, context: { baseUrl: 'http://t.invalid/scim/v2', schemas: undefined, resourceTypes: undefined } });
// A query answered with Resources as an object, not an array: the ListResponse schema fails it.
const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: {} });
const exchange = {
  id: 'x#1', label: 'query', area: 'filter', idp: undefined,
  request: { method: 'GET', url: 'http://t.invalid/scim/v2/Users?filter=userName%20eq%20%22a%22', headers: {} },
  response: { status: 200, headers: { 'content-type': 'application/scim+json' }, body },
  requestJson: undefined, responseJson: undefined, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1,
};
worker.postMessage({ kind: 'judge', items: [{ seq: 1, context: 0, exchange }] });
`,
    );
    const result = inProject(process.execPath, ['worker.mjs']);
    expect(result.status, result.stderr).toBe(0);
    const [ready, judged] = JSON.parse(result.stdout.trim()) as [unknown, { judged: number; failures: { seq: number; finding: { checkId: string; message: string } }[] }];
    expect(ready).toEqual({ kind: 'ready' });
    expect(judged.judged).toBe(1);
    expect(judged.failures.map((f) => [f.seq, f.finding.checkId])).toEqual([[1, 'rfc7644.query.list-response']]);
    expect(judged.failures[0]!.finding.message).toMatch(/Resources/);
  });
});
