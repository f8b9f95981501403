/**
 * Runs a set of loaded scenarios (optionally side by side) and assembles the `RunResult` every report
 * is written from: verdict against `--fail-on`, counts by level, the baseline comparison, and on an external
 * target what the run read of it, what it created and what (if anything) it could not remove.
 */
import type { Leftover, Level, RunCleanup, RunResult, RunSummary, ScenarioResult } from '../model.js';
import { analyseRun } from '../report/readiness.js';
import type { Scenario } from '../scenario/index.js';
import { sweep } from './cleanup.js';
import { newRunId, runMarker, scenarioTag } from './identity.js';
import type { ExchangeLogOptions } from './exchange-log.js';
import { runScenario } from './scenario-runner.js';
import { Session } from './session.js';
import { discoverTarget, type TargetDiscovery, type TargetFailure } from './target-discovery.js';
import { openTarget, type TargetSpec } from './target.js';

/**
 * What a run uses when not told otherwise, for the CLI and the library alike. Okta (S4) and Entra (E13) give an
 * endpoint 60 s per request; a stricter limit would fail a target they accept.
 */
export const RUN_DEFAULTS = { seed: 1, failOn: 'must', concurrency: 4, requestTimeoutMs: 60_000, scenarioTimeoutMs: 120_000 } as const;

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
  /** A fixed run id (`--run-id`), e.g. to find a kept run's resources; default: a new random one. */
  runId?: string;
  /** `--group-prefix`: put before every group name the run creates (a target's naming rule, e.g. Docker's `acme:`). */
  groupPrefix?: string;
  /** Features whose absence fails instead of making a scenario not applicable (`--require`). */
  required?: string[];
  /** `--keep`: leave what the run created on the external target. */
  keep?: boolean;
  /** Aborting it (Ctrl-C, SIGTERM) stops the run: no new scenario starts, running ones stop and clean up. */
  signal?: AbortSignal;
  /** What each scenario keeps of its exchanges, and where every one goes first (`--keep-exchanges`). */
  exchanges?: ExchangeLogOptions;
  /** Exchanges of a scenario judged inline before the rest go to a worker thread (default 2,500, or from the start when the scenario foresees more; 0: from the first, waiting for the worker to load; Infinity: never). */
  offloadChecksAfter?: number;
  /** Called as each scenario finishes, for progress output. */
  onScenario?: (result: ScenarioResult, done: number, total: number) => void;
}

export interface RunOutcome {
  run: RunResult;
  /** Set when the target could not be reached or refused the token: exit code 3. */
  targetFailure: TargetFailure | undefined;
  /** What the target failure was, in words. */
  targetFailureMessage?: string;
}

export async function runScenarios(scenarios: Scenario[], options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const runId = options.runId ?? newRunId();
  const results: (ScenarioResult | undefined)[] = new Array(scenarios.length).fill(undefined);
  const discovery = options.target.kind === 'external' ? await discoverExternal(options) : undefined;
  let targetFailure: TargetFailure | undefined = discovery?.failure?.kind;
  let next = 0;
  let done = 0;
  let stop = discovery?.failure !== undefined;

  const worker = async () => {
    while (!stop && !options.signal?.aborted && next < scenarios.length) {
      const index = next;
      next += 1;
      const scenario = scenarios[index]!;
      const outcome = await runScenario(scenario, {
        target: options.target,
        seed: options.seed,
        requestTimeoutMs: options.requestTimeoutMs,
        scenarioTimeoutMs: scenario.timeoutMs ?? options.scenarioTimeoutMs,
        runId,
        tag: scenarioTag(runId, index + 1),
        ...(options.groupPrefix ? { groupPrefix: options.groupPrefix } : {}),
        maxRetryWaitMs: options.maxRetryWaitMs ?? 2000,
        ...(discovery ? { discovery } : {}),
        ...(options.required ? { required: options.required } : {}),
        keep: options.keep ?? false,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.exchanges ? { exchanges: options.exchanges } : {}),
        ...(options.offloadChecksAfter !== undefined ? { offloadChecksAfter: options.offloadChecksAfter } : {}),
      });
      results[index] = outcome.result;
      done += 1;
      options.onScenario?.(outcome.result, done, scenarios.length);
      if (outcome.targetFailure) {
        // Every other scenario would fail the same way: stop and say so once.
        targetFailure ??= outcome.targetFailure;
        stop = true;
      }
      if (options.bail && outcome.result.status !== 'passed' && outcome.result.status !== 'not-applicable') stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, scenarios.length)) }, worker));

  const finished = results.filter((r): r is ScenarioResult => r !== undefined);
  const target = options.target;
  const cleanup = target.kind === 'external' && discovery && !discovery.failure ? await runCleanup(finished, runId, discovery, options) : undefined;
  const run: RunResult = {
    tool: { name: 'scim-conformance', version: options.toolVersion },
    runId,
    interrupted: options.signal?.aborted === true,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    target:
      target.kind === 'external'
        ? { kind: 'external', url: target.url, profile: undefined, ...(discovery && !discovery.failure ? { features: discovery.features.list() } : {}) }
        : { kind: 'embedded', url: target.transport === 'in-process' ? 'in-process (msw)' : 'http://127.0.0.1 (port per scenario)', profile: profilesOf(scenarios) },
    ...(cleanup ? { cleanup } : {}),
    // IdP-agnostic (core) scenarios replay no IdP profile.
    idps: [...new Set(scenarios.flatMap((s) => (s.idp === undefined ? [] : [s.idp])))].sort(),
    seed: options.seed,
    failOn: options.failOn,
    ...(options.required && options.required.length > 0 ? { required: options.required } : {}),
    scenarios: finished,
    summary: summarise(finished, options.failOn),
  };
  return {
    targetFailure,
    ...(discovery?.failure ? { targetFailureMessage: discovery.failure.message } : {}),
    // Readiness per IdP and the ranked root causes are read from the finished scenarios (harness/report/readiness.ts).
    run: { ...run, ...analyseRun(run) },
  };
}

/** An external target is read once for the whole run. */
async function discoverExternal(options: RunOptions): Promise<TargetDiscovery> {
  const target = await openTarget(options.target, { profile: 'full', verifiedDomains: [] });
  try {
    return await discoverTarget(new Session(target.baseUrl, target.token, target.transport, options.requestTimeoutMs, 'run#discovery'), false);
  } finally {
    await target.close();
  }
}

/** Sums the scenarios' clean-ups and sweeps the target for anything else carrying the run's marker. */
async function runCleanup(results: ScenarioResult[], runId: string, discovery: TargetDiscovery, options: RunOptions): Promise<RunCleanup> {
  const leftovers: RunCleanup['leftovers'] = results.flatMap((r) => (r.cleanup?.leftovers ?? []).map((l) => ({ ...l, scenario: r.file })));
  const created = results.reduce((n, r) => n + (r.cleanup?.created ?? 0), 0);
  const deleted = results.reduce((n, r) => n + (r.cleanup?.deleted ?? 0), 0);
  const keep = options.keep ?? false;
  if (keep) return { created, deleted, kept: true, leftovers, sweep: { ran: false, found: 0, deleted: 0, note: 'skipped: --keep' } };
  const target = await openTarget(options.target, { profile: 'full', verifiedDomains: [] });
  try {
    const session = new Session(target.baseUrl, target.token, target.transport, options.requestTimeoutMs, 'run#sweep');
    const offers = { filter: discovery.features.unmet('filter') === undefined, groups: discovery.features.unmet('groups') === undefined };
    const swept = await sweep(session, runMarker(runId), offers);
    const { leftovers: sweptLeft, ...summary } = swept;
    // A user a scenario could only deactivate is found again by the sweep: report it once, as the scenario left it.
    const known = new Set(leftovers.map((l) => `${l.type}/${l.id}`));
    const more = sweptLeft.filter((l: Leftover) => !known.has(`${l.type}/${l.id}`)).map((l) => ({ ...l, scenario: undefined }));
    return { created, deleted, kept: false, leftovers: [...leftovers, ...more], sweep: summary };
  } finally {
    await target.close();
  }
}

function profilesOf(scenarios: Scenario[]): string {
  return [...new Set(scenarios.map((s) => s.provider.profile))].sort().join(', ');
}

export function summarise(scenarios: ScenarioResult[], failOn: 'must' | 'should'): RunSummary {
  const failedByLevel: Record<Level, number> = { MUST: 0, SHOULD: 0, MAY: 0 };
  let passedChecks = 0;
  let failedChecks = 0;
  let notApplicableChecks = 0;
  for (const scenario of scenarios) {
    for (const check of scenario.checks) {
      if (check.status === 'failed') {
        failedByLevel[check.level] += 1;
        failedChecks += 1;
      } else if (check.status === 'not-applicable') notApplicableChecks += 1;
      else passedChecks += 1;
    }
  }
  const count = (status: ScenarioResult['status']) => scenarios.filter((s) => s.status === status).length;
  // A failed step (an expectation of the scenario itself) or a scenario error always counts against the
  // verdict; check failures count from the `failOn` level up. Not applicable counts for nothing either way.
  // A scenario that failed with unmet needs lacks a feature `--require` demands.
  const stepFailures = scenarios.some((s) => s.status === 'error' || (s.status === 'failed' && (s.notApplicable ?? []).length > 0) || s.steps.some((step) => step.status !== 'passed'));
  const checkFailures = failedByLevel.MUST > 0 || (failOn === 'should' && failedByLevel.SHOULD > 0);
  return {
    scenarios: { total: scenarios.length, passed: count('passed'), failed: count('failed'), error: count('error'), notApplicable: count('not-applicable') },
    failedByLevel,
    passedChecks,
    failedChecks,
    notApplicableChecks,
    conformant: !stepFailures && !checkFailures,
  };
}
