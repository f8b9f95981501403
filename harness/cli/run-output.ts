/** What `run` prints while and after it runs: progress lines, not-applicable groups, clean-up. */
import type { RunResult, ScenarioResult } from '../model.js';
import type { Scenario } from '../scenario/index.js';
import { notApplicableGroups } from '../report/analysis.js';
import { short } from '../report/root-causes.js';
import type { Io } from './io.js';

/**
 * CI logs get one plain line per scenario. A terminal gets a live counter instead, and full lines only for
 * scenarios that did not pass, so the failures stay on screen.
 */
export function progressPrinter(io: Io, total: number): (result: ScenarioResult, done: number) => void {
  const live = io.isTty && io.status !== undefined;
  let notPassing = 0;
  return (result, done) => {
    const quiet = result.status === 'passed' || result.status === 'not-applicable';
    if (!quiet) notPassing += 1;
    if (live && quiet) {
      io.status!(`[${done}/${total}] ${notPassing} not passing · last: ${result.file}`);
      if (done === total) io.status!('');
      return;
    }
    if (live) io.status!('');
    const mark = { passed: 'PASS', failed: 'FAIL', error: 'ERROR', 'not-applicable': 'N/A' }[result.status];
    const failed = result.checks.filter((c) => c.status === 'failed').map((c) => c.checkId);
    const steps = result.steps.filter((st) => st.status !== 'passed');
    const detail = [
      failed.length > 0 ? `checks: ${failed.join(', ')}` : '',
      steps.length > 0 ? `steps: ${steps.map((st) => `#${st.index + 1} ${st.label}: ${st.messages[0] ?? st.status}`).join('; ')}` : '',
      result.error ?? '',
      (result.notApplicable ?? []).map((u) => `needs ${u.feature}${u.needed ? ` (${u.needed})` : ''}: ${u.reason}`).join('; '),
      (result.cleanup?.leftovers ?? []).length > 0 ? `left on the target: ${result.cleanup!.leftovers.map((l) => `${l.type} ${l.name ?? l.id} (${l.outcome})`).join(', ')}` : '',
    ].filter(Boolean).join(' | ');
    io.out(`[${String(done).padStart(String(total).length)}/${total}] ${mark.padEnd(5)} ${result.file} (${result.durationMs} ms)${detail ? `  ${detail}` : ''}`);
    if (live && done < total) io.status!(`[${done}/${total}] ${notPassing} not passing`);
  };
}

/** Not-applicable scenarios grouped by the feature the target lacks: one line each, with the reason. */
export function notApplicableLines(run: RunResult): string[] {
  return notApplicableGroups(run).map(({ feature, reason, scenarios }) => {
    const files = scenarios.map((s) => s.scenario.file).join(', ');
    return `not applicable: ${scenarios.length} scenario(s) need ${feature}: ${reason ?? 'see the report for each reason'} (${files})`;
  });
}

/** What the run created on an external target and whether any of it is still there. */
export function cleanupLines(run: RunResult): string[] {
  const cleanup = run.cleanup;
  if (!cleanup) return [];
  const lines = [
    cleanup.kept
      ? `kept (--keep): ${cleanup.leftovers.length} resource(s) left on the target for inspection, marked ${run.runId}`
      : `clean-up: created ${cleanup.created}, removed ${cleanup.deleted}; sweep for run ${run.runId}: ${cleanup.sweep.note}`,
  ];
  for (const l of cleanup.leftovers) lines.push(`  ${l.outcome === 'kept' ? 'kept' : 'LEFT ON TARGET'}: ${l.type} ${l.id}${l.name ? ` (${l.name})` : ''}${l.outcome === 'deactivated' ? ', deactivated' : ''}: ${l.reason}${l.scenario ? ` [${l.scenario}]` : ''}`);
  return lines;
}

/** `run --list`: one line per selected scenario, in run order, then a count per suite. */
export function listLines(scenarios: readonly Scenario[]): string[] {
  const width = Math.max(...scenarios.map((s) => s.file.length));
  const lines = scenarios.map((s) => `${s.file.padEnd(width)}  ${(s.idp ?? 'core').padEnd(8)}  ${s.tags.length > 0 ? `[${s.tags.join(', ')}] ` : ''}${s.name}`);
  const perSuite = new Map<string, number>();
  for (const s of scenarios) perSuite.set(s.idp ?? 'core', (perSuite.get(s.idp ?? 'core') ?? 0) + 1);
  lines.push(`${scenarios.length} scenario(s) would run: ${[...perSuite].map(([suite, n]) => `${suite} ${n}`).join(', ')}.`);
  return lines;
}

/** How many root causes the terminal shows; the reports list every one. */
export const TOP_CAUSES = 5;

/**
 * Before the verdict: one readiness headline per IdP suite, then the top root causes with how to fix each. A run
 * where everything works prints only the headlines ("Okta: works"): nothing to fix, nothing more to read.
 */
export function readinessLines(run: RunResult): string[] {
  const lines = (run.readiness ?? []).map((r) => r.headline);
  const causes = (run.rootCauses ?? []).slice(0, TOP_CAUSES);
  if (causes.length === 0) return lines;
  lines.push('Top root causes:');
  causes.forEach((c, i) => {
    const n = c.impact.scenarios;
    const where = `${n} scenario${n === 1 ? '' : 's'}`;
    const actions = c.impact.idpActions;
    // impact.idpActions counts the IdP actions it breaks (harness/report/root-causes.ts); otherwise say how often it failed.
    const failures = c.impact.failures;
    const impact = actions > 0 ? `breaks ${actions} IdP action${actions === 1 ? '' : 's'} in ${where}` : `${failures} failure${failures === 1 ? '' : 's'} in ${where}`;
    lines.push(`${i + 1}. ${c.level} ${c.id} — ${short(c.observed, 110).replace(/\.$/, '')} (${impact}).`);
    lines.push(`   Fix: ${short(c.hint, 200)}`);
  });
  return lines;
}
