/**
 * For the runner's outcome-check tests: one scenario, given as YAML, run against a provider that gets
 * something wrong, and the verdict of one check in the terms the tests compare.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScimHandler } from '../../provider/handler.js';
import type { ScimRequest } from '../../provider/http-types.js';
import { createProvider } from '../../provider/provider.js';
import type { CheckResult, RunResult, ScenarioResult } from '../model.js';
import { loadSuites, selfTestOptions } from '../self-test.js';
import { runScenarios, type RunOptions } from './run.js';
import { HARNESS_USER_AGENT } from './session.js';
import type { TargetSpec } from './target.js';

export type Bend = (handler: ScimHandler) => ScimHandler;

/** Loads `yaml` from a file of its own (as the CLI would) and runs it against `target`: the whole run's result. */
export async function runYamlRun(yaml: string, target: TargetSpec, options: Partial<Omit<RunOptions, 'target'>> = {}): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'scim-runner-'));
  try {
    await writeFile(join(dir, 'scenario.yaml'), yaml);
    return (await runScenarios(await loadSuites([join(dir, 'scenario.yaml')]), selfTestOptions(target, options))).run;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runYaml(yaml: string, target: TargetSpec): Promise<ScenarioResult> {
  return (await runYamlRun(yaml, target)).scenarios[0]!;
}

/** The scenario against the embedded provider in process, with one of its defects switched on (or none). */
export function runWithDefect(yaml: string, defect?: string): Promise<ScenarioResult> {
  return runYaml(yaml, { kind: 'embedded', transport: 'in-process', defect });
}

/** The scenario against a fresh provider over HTTP whose handler `bend` alters, as `--target URL --token T` would reach it. */
export async function runBent(yaml: string, bend: Bend): Promise<ScenarioResult> {
  const running = await createProvider({ token: 'harness-test-token-0123', wrapHandler: bend }).listen(0);
  try {
    return await runYaml(yaml, { kind: 'external', url: running.baseUrl, token: 'harness-test-token-0123' });
  } finally {
    await running.close();
  }
}

/** Whether a request is the harness's own (a read-back, a full sync's end state), not the IdP's. */
export const fromHarness = (request: ScimRequest): boolean => request.headers['user-agent'] === HARNESS_USER_AGENT;

/** A target that answers DELETE of anything under `prefix` with 204 and deletes nothing. */
export const keepDeleted = (prefix: string): Bend => (handler) => (request) =>
  request.method === 'DELETE' && request.path.startsWith(prefix) ? { status: 204, headers: {}, body: undefined } : handler(request);

/** One check's verdict: its status (undefined when it never ran), passes, and failures with their messages. */
export function verdict(checks: CheckResult[], id: string) {
  const found = checks.find((c) => c.checkId === id);
  return { status: found?.status, passes: found?.passes ?? 0, messages: found?.failures.map((f) => f.message) ?? [], failures: found?.failures ?? [] };
}
