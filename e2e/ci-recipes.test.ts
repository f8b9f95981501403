/**
 * The README's CI recipes, run command by command as their CI would, against the embedded provider: a scratch
 * project with scim-conformance on its PATH (this checkout's bin) and a config narrowing the selection, so every
 * step's output is the next step's input exactly as in CI (job summary, JUnit, shard reports and their merge).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { RunResult } from '../harness/model.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** A fenced block of the README by the name in its info string (```yaml recipe=github). */
function recipe(name: string): string {
  const match = new RegExp('```\\w+ recipe=' + name + '\\n([\\s\\S]*?)```').exec(README);
  if (!match) throw new Error(`README has no recipe=${name} block`);
  return match[1]!;
}

interface Step {
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  needs?: string;
  strategy?: { matrix: { shard: number[] } };
  steps: Step[];
}

let project: string;
let summary: string;

/** One CI shell step in the scratch project; `npm ci` is what the scratch project's bin link stands for. */
function sh(script: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((done, reject) => {
    const child = spawn('bash', ['-eo', 'pipefail', '-c', script], {
      cwd: project,
      env: { ...process.env, ...env, PATH: `${join(project, 'node_modules', '.bin')}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summary, SCIM_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => done({ code, out }));
  });
}

/** GitHub's `${{ … }}` expressions the recipes use: the matrix value, and secrets (none in a fork or here). */
const expand = (text: string, shard: number | undefined) => text.replace(/\$\{\{\s*matrix\.shard\s*\}\}/g, String(shard)).replace(/\$\{\{\s*secrets\.\w+\s*\}\}/g, '');

/** Runs a GitHub job's steps in order; an upload step checks that what it would upload exists. */
async function runGithubJob(job: Job, shard?: number): Promise<void> {
  for (const step of job.steps) {
    if (step.uses?.startsWith('actions/upload-artifact')) {
      const paths = expand(step.with?.path ?? '', shard).split('\n').map((p) => p.trim()).filter(Boolean);
      for (const path of paths) expect(existsSync(join(project, path)), `upload ${path}`).toBe(true);
      continue;
    }
    if (step.run === undefined || step.run.trim() === 'npm ci') continue;
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, shard)]));
    const done = await sh(expand(step.run, shard), env);
    expect(done.code, `${step.run}\n${done.out}`).toBe(0);
  }
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'scim-ci-recipe-'));
  summary = join(project, 'step-summary.md');
  await writeFile(join(project, 'package.json'), '{ "name": "ci-recipe-project", "private": true }\n');
  await mkdir(join(project, 'node_modules', '.bin'), { recursive: true });
  const bin = join(ROOT, 'bin', 'scim-conformance.js');
  await chmod(bin, 0o755);
  await symlink(bin, join(project, 'node_modules', '.bin', 'scim-conformance'));
  // The recipes run the bundled suites; here a handful of them, in-process, keeps the test to seconds.
  await writeFile(join(project, 'scim-conformance.config.yaml'), `paths: [${join(ROOT, 'scenarios', 'okta')}, ${join(ROOT, 'scenarios', 'core')}]\ngrep: "update|filter"\ntransport: in-process\n`);
});
afterAll(() => rm(project, { recursive: true, force: true }));

describe('CI recipes from the README', () => {
  it('GitHub Actions, one job: the run, the job summary, the artifacts', async () => {
    const workflow = parseYaml(recipe('github')) as { jobs: Record<string, Job> };
    await writeFile(summary, '');
    await runGithubJob(Object.values(workflow.jobs)[0]!);
    const text = await readFile(summary, 'utf8');
    expect(text).toMatch(/conformant/i);
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
  }, 120_000);

  it('GitHub Actions, shards in a matrix: every shard, then one merged verdict equal to the whole run', async () => {
    const workflow = parseYaml(recipe('github-shards')) as { jobs: Record<string, Job> };
    const [shardJob, mergeJob] = [workflow.jobs.shard!, workflow.jobs.merge!];
    expect(mergeJob.needs).toBe('shard');
    await rm(join(project, 'reports'), { recursive: true, force: true });
    for (const shard of shardJob.strategy!.matrix.shard) await runGithubJob(shardJob, shard);
    await writeFile(summary, '');
    await runGithubJob(mergeJob);
    const merged = JSON.parse(await readFile(join(project, 'reports', 'report.json'), 'utf8')) as RunResult;
    const whole = await sh('npx scim-conformance run --report json --out whole');
    expect(whole.code).toBe(0);
    const wholeRun = JSON.parse(await readFile(join(project, 'whole', 'report.json'), 'utf8')) as RunResult;
    expect(merged.summary).toEqual(wholeRun.summary);
    expect(merged.scenarios.map((s) => s.file).sort()).toEqual(wholeRun.scenarios.map((s) => s.file).sort());
    expect(await readFile(summary, 'utf8')).toMatch(/conformant/i);
  }, 240_000);

  it('GitLab CI: the script, the after_script, the JUnit report it registers', async () => {
    const job = Object.values(parseYaml(recipe('gitlab')) as Record<string, { script: string[]; after_script: string[]; artifacts: { reports: { junit: string } } }>)[0]!;
    await rm(join(project, 'reports'), { recursive: true, force: true });
    for (const line of [...job.script, ...job.after_script]) {
      if (line.trim() === 'npm ci') continue;
      const done = await sh(line);
      expect(done.code, `${line}\n${done.out}`).toBe(0);
    }
    expect(await readFile(join(project, job.artifacts.reports.junit), 'utf8')).toMatch(/^<\?xml[\s\S]*<testsuites/);
  }, 120_000);

  it('a plain shell step: exit code 0 and the reports it names', async () => {
    await rm(join(project, 'reports'), { recursive: true, force: true });
    const done = await sh(recipe('shell'));
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain('scim-conformance exited 0');
    expect(existsSync(join(project, 'reports', 'junit.xml'))).toBe(true);
    expect(existsSync(join(project, 'reports', 'report.md'))).toBe(true);
  }, 120_000);
});
