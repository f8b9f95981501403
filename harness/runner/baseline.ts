/**
 * `--baseline`: compare a run with an earlier report and judge only what regressed. A failure is keyed
 * `<scenario name>::<check id>` (a failed step: `<scenario name>::step <n>`), so renaming a scenario
 * reads as new failures; that is the safe side for a release gate.
 */
import type { RunResult, ScenarioResult } from '../model.js';
import { summarise } from './run.js';

export function failureKeys(run: RunResult): Set<string> {
  const keys = new Set<string>();
  for (const scenario of run.scenarios) for (const key of scenarioFailures(scenario)) keys.add(key);
  return keys;
}

function scenarioFailures(scenario: ScenarioResult): string[] {
  const keys = scenario.checks.filter((c) => c.status === 'failed').map((c) => `${scenario.name}::${c.checkId}`);
  for (const step of scenario.steps) if (step.status !== 'passed') keys.push(`${scenario.name}::step ${step.index + 1}`);
  if (scenario.status === 'error') keys.push(`${scenario.name}::error`);
  return keys;
}

/** The run with its baseline block, and a verdict that counts only failures the baseline did not have. */
export function applyBaseline(run: RunResult, baseline: RunResult, file: string): RunResult {
  return applyBaselineKeys(run, failureKeys(baseline), file);
}

/** `applyBaseline` from the baseline's failure keys alone: merge-reports rebuilds them from the shards' blocks. */
export function applyBaselineKeys(run: RunResult, before: ReadonlySet<string>, file: string): RunResult {
  const now = failureKeys(run);
  const newFailures = [...now].filter((k) => !before.has(k)).sort();
  const fixed = [...before].filter((k) => !now.has(k)).sort();
  const regressed = new Set(newFailures);
  // Judge regressions only: a scenario contributes just its new failures to the verdict.
  const judged = run.scenarios.map((s) => ({
    ...s,
    checks: s.checks.filter((c) => c.status === 'passed' || regressed.has(`${s.name}::${c.checkId}`)),
    steps: s.steps.filter((st) => st.status === 'passed' || regressed.has(`${s.name}::step ${st.index + 1}`)),
    status: s.status === 'error' && !regressed.has(`${s.name}::error`) ? ('failed' as const) : s.status,
  }));
  const verdict = summarise(judged, run.failOn);
  return { ...run, summary: { ...run.summary, conformant: verdict.conformant }, baseline: { file, newFailures, fixed } };
}
