/**
 * Runs a set of loaded scenarios (optionally side by side) and assembles the `RunResult` every report
 * is written from: verdict against `--fail-on`, counts by level, and the baseline comparison.
 */
import { randomBytes } from 'node:crypto';
import type { Level, RunResult, RunSummary, ScenarioResult } from '../model.js';
import type { Scenario } from '../scenario/index.js';
import { runScenario, type TargetFailure } from './scenario-runner.js';
import type { TargetSpec } from './target.js';

export interface RunOptions {
  target: TargetSpec;
  seed: number;
  failOn: 'must' | 'should';
  concurrency: number;
  requestTimeoutMs: number;
  scenarioTimeoutMs: number;
  bail: boolean;
  maxRetryWaitMs?: number;
  toolVersion: string;
  /** Called as each scenario finishes, for progress output. */
  onScenario?: (result: ScenarioResult, done: number, total: number) => void;
}

export interface RunOutcome {
  run: RunResult;
  /** Set when the target could not be reached or refused the token: exit code 3. */
  targetFailure: TargetFailure | undefined;
}

export async function runScenarios(scenarios: Scenario[], options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const uniq = randomBytes(3).toString('hex');
  const results: (ScenarioResult | undefined)[] = new Array(scenarios.length).fill(undefined);
  let targetFailure: TargetFailure | undefined;
  let next = 0;
  let done = 0;
  let stop = false;

  const worker = async () => {
    while (!stop && next < scenarios.length) {
      const index = next;
      next += 1;
      const scenario = scenarios[index]!;
      const timeout = scenario.timeoutMs ?? options.scenarioTimeoutMs;
      const outcome = await runScenario(scenario, {
        target: options.target,
        seed: options.seed,
        requestTimeoutMs: options.requestTimeoutMs,
        scenarioTimeoutMs: timeout,
        uniq,
        maxRetryWaitMs: options.maxRetryWaitMs ?? 2000,
      });
      results[index] = outcome.result;
      done += 1;
      options.onScenario?.(outcome.result, done, scenarios.length);
      if (outcome.targetFailure) {
        // Every other scenario would fail the same way: stop and say so once.
        targetFailure ??= outcome.targetFailure;
        stop = true;
      }
      if (options.bail && outcome.result.status !== 'passed') stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, scenarios.length)) }, worker));

  const finished = results.filter((r): r is ScenarioResult => r !== undefined);
  const target = options.target;
  return {
    targetFailure,
    run: {
      tool: { name: 'scim-conformance', version: options.toolVersion },
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      target:
        target.kind === 'external'
          ? { kind: 'external', url: target.url, profile: undefined }
          : { kind: 'embedded', url: target.transport === 'in-process' ? 'in-process (msw)' : 'http://127.0.0.1 (port per scenario)', profile: profilesOf(scenarios) },
      // IdP-agnostic (core) scenarios replay no IdP profile.
      idps: [...new Set(scenarios.flatMap((s) => (s.idp === undefined ? [] : [s.idp])))].sort(),
      seed: options.seed,
      failOn: options.failOn,
      scenarios: finished,
      summary: summarise(finished, options.failOn),
    },
  };
}

function profilesOf(scenarios: Scenario[]): string {
  return [...new Set(scenarios.map((s) => s.provider.profile))].sort().join(', ');
}

export function summarise(scenarios: ScenarioResult[], failOn: 'must' | 'should'): RunSummary {
  const failedByLevel: Record<Level, number> = { MUST: 0, SHOULD: 0, MAY: 0 };
  let passedChecks = 0;
  let failedChecks = 0;
  for (const scenario of scenarios) {
    for (const check of scenario.checks) {
      if (check.status === 'failed') {
        failedByLevel[check.level] += 1;
        failedChecks += 1;
      } else passedChecks += 1;
    }
  }
  const count = (status: ScenarioResult['status']) => scenarios.filter((s) => s.status === status).length;
  // A failed step (an expectation of the scenario itself) or a scenario error always counts against the
  // verdict; check failures count from the `failOn` level up.
  const stepFailures = scenarios.some((s) => s.status === 'error' || s.steps.some((step) => step.status !== 'passed'));
  const checkFailures = failedByLevel.MUST > 0 || (failOn === 'should' && failedByLevel.SHOULD > 0);
  return {
    scenarios: { total: scenarios.length, passed: count('passed'), failed: count('failed'), error: count('error') },
    failedByLevel,
    passedChecks,
    failedChecks,
    conformant: !stepFailures && !checkFailures,
  };
}
