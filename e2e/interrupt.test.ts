/**
 * Ctrl-C in the middle of a run against a shared target: the CLI (a real process, started as users start it)
 * stops sending, removes what the run created, writes its reports marked interrupted and exits 130; the
 * target holds exactly what it held before. A second signal quits at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunResult } from '../harness/model.js';
import { createProvider, type Provider, type RunningProvider } from '../provider/provider.js';
import { diffSnapshots, seedTarget, snapshotTarget } from './support/target-snapshot.js';

// A real process: its start-up (tsx compiling the CLI) and the clean-up take seconds on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });

let dir: string;
let provider: Provider;
let running: RunningProvider;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-interrupt-'));
  provider = createProvider({ token: 'staging-token-0123', profile: 'full' });
  running = await provider.listen(0);
  await seedTarget(running.baseUrl, 'staging-token-0123', { users: 5, groups: 1, tag: 'acme' });
});
afterAll(async () => {
  await running.close();
  await rm(dir, { recursive: true, force: true });
});

/** The CLI as `npx scim-conformance` runs it, its output collected. */
function cli(out: string): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['bin/scim-conformance.js', 'run', 'scenarios', '--target', running.baseUrl, '--token', 'staging-token-0123', '--out', out, '--report', 'json,md', '--concurrency', '4'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}

/** Resolves once the run has created something at the target that it has not removed yet. */
async function midScenario(): Promise<void> {
  const seeded = 5;
  for (let i = 0; i < 600; i += 1) {
    if (provider.store.count('User') > seeded + 3) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the run never created anything');
}

describe('an interrupted run', () => {
  it('on SIGINT stops, cleans up what it created, writes reports marked interrupted and exits 130', async () => {
    const before = await snapshotTarget(running.baseUrl, 'staging-token-0123');
    const out = join(dir, 'sigint');
    const run = cli(out);
    await midScenario();
    run.child.kill('SIGINT');
    const code = await run.exit;
    expect(code, run.output()).toBe(130);
    expect(run.output()).toMatch(/SIGINT: stopping; removing what the run created/);
    expect(run.output()).toMatch(/INTERRUPTED, no verdict \(ran \d+ of \d+ scenarios\)/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunResult;
    expect(report.interrupted).toBe(true);
    expect(report.scenarios.length).toBeLessThan(81);
    expect(report.scenarios.some((s) => s.status === 'error' && /interrupted/.test(s.error ?? ''))).toBe(true);
    expect(report.cleanup!.created).toBeGreaterThan(0);
    expect(report.cleanup!.leftovers).toEqual([]);
    const diff = diffSnapshots(before, await snapshotTarget(running.baseUrl, 'staging-token-0123'));
    expect({ missing: diff.missing.length, changed: diff.changed.length, added: diff.added.map((a) => a.after) }).toEqual({ missing: 0, changed: 0, added: [] });
  });

  it('on SIGTERM does the same', async () => {
    const out = join(dir, 'sigterm');
    const run = cli(out);
    await midScenario();
    run.child.kill('SIGTERM');
    expect(await run.exit, run.output()).toBe(130);
    expect(provider.store.count('User')).toBe(5);
    expect(provider.store.count('Group')).toBe(1);
  });
});
