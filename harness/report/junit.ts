/**
 * junit.xml for CI test viewers (Jenkins, GitLab, GitHub test-report actions). Only elements and
 * attributes of the de-facto schema (Jenkins' junit-4.xsd) are used, because several viewers validate
 * strictly or drop what they do not know; scenario details that have no place there go into
 * `<properties>` and the failure text.
 *
 * Mapping: a scenario is a `<testsuite>`; each check result is a `<testcase>`; a failed step is an
 * extra testcase (its expectations are not checks but still failed); a scenario that could not run to
 * its end gets one `scenario error` testcase with an `<error>`.
 *
 * Not applicable (the target lacks a feature) is JUnit's `<skipped>`, with the reason as its message: it
 * neither passed nor failed, and every viewer counts and lists skipped tests apart from both. A scenario
 * that did not run and lists no checks gets one `scenario not applicable` testcase, so its suite is not
 * an empty one that viewers hide.
 *
 * A resource the clean-up left on the target is a failed testcase of the scenario that created it
 * (`clean-up: User … (id …)`, failure type `cleanup`). Suite-level `<system-out>` would have been the
 * quieter place, but GitLab's test report does not show it at all and Jenkins only deep in a suite's
 * page, while every viewer lists failed testcases first with their message: a user left behind on a
 * customer's staging server has to be seen. It does not change the conformance verdict (the exit code);
 * a resource kept on purpose with `--keep` is `<skipped>` instead. Leftovers only the final sweep found,
 * and an interrupted run, go into one more suite named after the run.
 *
 * The grouping the other reports lead with comes first here too, as two suites before the scenarios':
 * `readiness`, a testcase per IdP (failed when an action the IdP needs breaks, skipped when not tested), and
 * `root causes`, a testcase per cause, ranked, failed with what was observed, what is required and the fix.
 * They repeat failures the scenario suites already hold, but a viewer lists failed testcases first, and
 * "Okta breaks at Create Users" is what the reader came for. A step that failed only because an earlier
 * one did is `<skipped>` with "consequence of step N": not a failure of its own.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult, Exchange, IdpReadiness, Leftover, ReadinessItem, RootCause, RunResult, ScenarioResult, StepResult, Unmet } from '../model.js';
import {
  breaksVerdict,
  cleanupOf,
  exchangeIndex,
  formatDuration,
  formatValue,
  leftoverName,
  OUTCOME_TEXT,
  requestLine,
  rfcRefs,
  unattributedLeftovers,
  type RunLeftover,
  evidenceLines,
  stepEvidence,
} from './analysis.js';
import type { Reporter } from './reporter.js';
import { xmlAttrs, xmlText } from './xml.js';

export const JUNIT_REPORT_FILE = 'junit.xml';

/** Seconds with millisecond precision, as JUnit's `time` attributes expect. */
function seconds(ms: number): string {
  return (Number.isFinite(ms) ? Math.max(0, ms) / 1000 : 0).toFixed(3);
}

/** Ant's timestamp pattern has no zone or fractions; the values are UTC. */
function timestamp(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 19);
}

function exchangeLine(exchange: Exchange | undefined, id: string | undefined): string | undefined {
  if (!exchange) return id === undefined ? undefined : `exchange ${id} (not recorded)`;
  return `${exchange.label} — ${requestLine(exchange)} (${formatDuration(exchange.durationMs)})`;
}

function checkFailureText(check: CheckResult, exchanges: Map<string, Exchange>): string {
  const refs = rfcRefs(check.rfc).map((r) => r.href);
  const lines = [`${check.level} · ${check.rfc}${refs.length ? ` · ${refs.join(' ')}` : ''}`, check.title];
  for (const f of check.failures) {
    lines.push('', `${f.subject}: ${f.message}`);
    if (f.expected !== undefined || f.actual !== undefined) {
      lines.push(`  expected: ${formatValue(f.expected, 2000)}`, `  actual:   ${formatValue(f.actual, 2000)}`);
    }
    const ex = exchangeLine(f.exchangeId === undefined ? undefined : exchanges.get(f.exchangeId), f.exchangeId);
    if (ex) lines.push(`  exchange: ${ex}`);
  }
  return lines.join('\n');
}

function failureMessage(check: CheckResult): string {
  const [first] = check.failures;
  if (!first) return `${check.checkId} failed`;
  const more = check.failures.length > 1 ? ` (+${check.failures.length - 1} more)` : '';
  return `${first.subject}: ${first.message}${more}`;
}

interface Case {
  xml: string;
  failure: boolean;
  error: boolean;
  skipped: boolean;
}

const PASSED = { failure: false, error: false, skipped: false };

/** A testcase whose only child is `inner` (a `<failure>`, `<error>` or `<skipped>`). */
function withChild(attrs: Record<string, string>, inner: string, kind: 'failure' | 'error' | 'skipped'): Case {
  return { ...PASSED, [kind]: true, xml: `<testcase${xmlAttrs(attrs)}>\n      ${inner}\n    </testcase>` };
}

function skipped(message: string, text?: string): string {
  const attrs = xmlAttrs({ message });
  return text === undefined ? `<skipped${attrs}/>` : `<skipped${attrs}>${xmlText(text)}</skipped>`;
}

/** Why a check did not apply: its own reason, else its scenario's (a scenario that did not run). */
function notApplicableReason(scenario: ScenarioResult, check: CheckResult): string {
  return check.reason ?? unmetText(scenario) ?? 'not applicable to this target';
}

function checkCase(scenario: ScenarioResult, check: CheckResult, exchanges: Map<string, Exchange>): Case {
  const attrs = { classname: scenario.name, name: `${check.checkId} — ${check.title}`, time: '0.000' };
  if (check.status === 'not-applicable') return withChild(attrs, skipped(`not applicable: ${notApplicableReason(scenario, check)}`), 'skipped');
  if (check.status !== 'failed') return { ...PASSED, xml: `<testcase${xmlAttrs(attrs)}/>` };
  const failure = `<failure${xmlAttrs({ message: failureMessage(check), type: check.level })}>${xmlText(checkFailureText(check, exchanges))}</failure>`;
  return withChild(attrs, failure, 'failure');
}

/** The target's reason, and why the scenario needs the feature when it says. */
function needText(need: Unmet): string {
  return need.needed ? `${need.reason} (needed: ${need.needed})` : need.reason;
}

/** `docker: the target's /Schemas …; bulk: …`, or undefined when the scenario recorded no unmet need. */
function unmetText(scenario: ScenarioResult): string | undefined {
  const needs = scenario.notApplicable ?? [];
  return needs.length ? needs.map((n) => `${n.feature}: ${needText(n)}`).join('; ') : undefined;
}

/** The one testcase of a not-applicable scenario that lists no checks. */
function notApplicableCase(scenario: ScenarioResult): Case {
  const attrs = { classname: scenario.name, name: 'scenario not applicable', time: seconds(scenario.durationMs) };
  const lines = (scenario.notApplicable ?? []).map((n) => `needs ${n.feature}: ${needText(n)}`);
  const message = `not applicable: ${unmetText(scenario) ?? scenario.error ?? 'the target lacks a feature this scenario needs'}`;
  return withChild(attrs, skipped(message, lines.length ? ['The scenario did not run.', ...lines].join('\n') : undefined), 'skipped');
}

function leftoverCase(classname: string, l: Leftover | RunLeftover, runId: string): Case {
  const attrs = { classname, name: `clean-up: ${leftoverName(l)}`, time: '0.000' };
  const message = `${leftoverName(l)} ${OUTCOME_TEXT[l.outcome]}: ${l.reason}`;
  if (l.outcome === 'kept') return withChild(attrs, skipped(message), 'skipped');
  const hint = runId ? `Every resource of this run carries "${runId}" in its name; search the target for it.` : undefined;
  const text = [`${l.type} ${l.id}${l.name === undefined ? '' : ` (${l.name})`} is still on the target: ${OUTCOME_TEXT[l.outcome]}.`, l.reason, hint];
  const failure = `<failure${xmlAttrs({ message, type: 'cleanup' })}>${xmlText(text.filter((t) => t !== undefined).join('\n'))}</failure>`;
  return withChild(attrs, failure, 'failure');
}

function stepLines(step: ScenarioResult['steps'][number], exchanges: Map<string, Exchange>): string[] {
  const lines = [`step ${step.index}: ${step.label} (${step.status})`, ...step.messages.map((m) => `  ${m}`)];
  for (const id of step.exchangeIds) {
    const ex = exchangeLine(exchanges.get(id), id);
    if (ex) lines.push(`  exchange: ${ex}`);
  }
  if (step.omittedExchanges) lines.push(`  (${step.omittedExchanges} more exchanges passed every check and were not kept)`);
  for (const line of evidenceLines(stepEvidence(step, exchanges))) lines.push(`  evidence: ${line}`);
  return lines;
}

/** A step that failed only because an earlier one did (its `consequenceOf`). */
const isConsequence = (step: StepResult) => step.status !== 'passed' && step.consequenceOf !== undefined;

/** The step could not do its work because an earlier one failed: skipped, with why, never a failure. */
function consequenceCase(scenario: ScenarioResult, step: StepResult): Case {
  const c = step.consequenceOf!;
  const attrs = { classname: scenario.name, name: `step ${step.index}: ${step.label}`, time: '0.000' };
  const text = [`consequence of step ${c.step}: ${c.reason}`, ...step.messages.map((m) => `  ${m}`)].join('\n');
  return withChild(attrs, skipped(`consequence of step ${c.step}: ${c.reason}`, text), 'skipped');
}

/** A testcase per failed step and per consequence, in step order. */
function stepCases(scenario: ScenarioResult, exchanges: Map<string, Exchange>): Case[] {
  const cases: Case[] = [];
  for (const step of scenario.steps) {
    if (isConsequence(step)) {
      cases.push(consequenceCase(scenario, step));
      continue;
    }
    if (step.status !== 'failed') continue;
    const message = step.messages[0] ?? 'step expectation failed';
    const more = step.messages.length > 1 ? ` (+${step.messages.length - 1} more)` : '';
    const attrs = xmlAttrs({ classname: scenario.name, name: `step ${step.index}: ${step.label}`, time: '0.000' });
    const body = xmlText(stepLines(step, exchanges).join('\n'));
    const failure = `<failure${xmlAttrs({ message: message + more, type: 'step' })}>${body}</failure>`;
    cases.push({ ...PASSED, failure: true, xml: `<testcase${attrs}>\n      ${failure}\n    </testcase>` });
  }
  return cases;
}

function errorCase(scenario: ScenarioResult, exchanges: Map<string, Exchange>): Case | undefined {
  const erroredSteps = scenario.steps.filter((s) => s.status === 'error' && !isConsequence(s));
  if (scenario.status !== 'error' && scenario.error === undefined && erroredSteps.length === 0) return undefined;
  const message = scenario.error ?? erroredSteps[0]?.messages[0] ?? 'scenario error';
  const lines = [message, ...erroredSteps.flatMap((s) => ['', ...stepLines(s, exchanges)])];
  const attrs = xmlAttrs({ classname: scenario.name, name: 'scenario error', time: seconds(scenario.durationMs) });
  const error = `<error${xmlAttrs({ message, type: 'ScenarioError' })}>${xmlText(lines.join('\n'))}</error>`;
  return { ...PASSED, error: true, xml: `<testcase${attrs}>\n      ${error}\n    </testcase>` };
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
}

/** A `<testsuite>` of these cases; properties come first, as junit-4.xsd orders them. */
function suiteXml(head: { name: string; time: number; started: string; id: number }, properties: [string, string][], cases: Case[]): Suite {
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const attrs = xmlAttrs({
    name: head.name,
    tests: cases.length,
    failures,
    errors,
    skipped: cases.filter((c) => c.skipped).length,
    time: seconds(head.time),
    timestamp: timestamp(head.started),
    id: head.id,
  });
  const props = properties.map(([name, value]) => `      <property${xmlAttrs({ name, value })}/>`).join('\n');
  const body = [`    <properties>\n${props}\n    </properties>`, ...cases.map((c) => `    ${c.xml}`)].join('\n');
  return { xml: `  <testsuite${attrs}>\n${body}\n  </testsuite>`, tests: cases.length, failures, errors };
}

function scenarioCases(run: RunResult, scenario: ScenarioResult, exchanges: Map<string, Exchange>): Case[] {
  const cases = [...scenario.checks.map((c) => checkCase(scenario, c, exchanges)), ...stepCases(scenario, exchanges)];
  if (scenario.status === 'not-applicable' && cases.length === 0) cases.push(notApplicableCase(scenario));
  const err = errorCase(scenario, exchanges);
  if (err) cases.push(err);
  for (const l of scenario.cleanup?.leftovers ?? []) cases.push(leftoverCase(scenario.name, l, run.runId));
  return cases;
}

function suite(run: RunResult, scenario: ScenarioResult, id: number, exchanges: Map<string, Exchange>): Suite {
  const properties: [string, string][] = [
    ['file', scenario.file],
    ['idp', scenario.idp ?? 'core'],
    ['tags', scenario.tags.join(', ')],
    ['status', scenario.status],
  ];
  const unmet = unmetText(scenario);
  if (unmet !== undefined) properties.push(['not-applicable', unmet]);
  if (scenario.cleanup) properties.push(['cleanup', `created ${scenario.cleanup.created}, removed ${scenario.cleanup.deleted}, left ${scenario.cleanup.leftovers.length}`]);
  if (run.runId) properties.push(['run-id', run.runId]);
  const started = scenario.exchanges[0]?.startedAt ?? run.startedAt;
  return suiteXml({ name: scenario.name, time: scenario.durationMs, started, id }, properties, scenarioCases(run, scenario, exchanges));
}

/**
 * The run's own suite, only when there is something no scenario suite can carry: an interruption (so a
 * partial run cannot look complete in a viewer), leftovers only the final sweep found, or a sweep that
 * could not run.
 */
function runSuite(run: RunResult, id: number): Suite | undefined {
  const name = `run${run.runId ? ` ${run.runId}` : ''}`;
  const cases: Case[] = [];
  if (run.interrupted) {
    const message = 'the run was interrupted (Ctrl-C or SIGTERM) before every scenario ran';
    const text = `Only ${run.scenarios.length} scenario${run.scenarios.length === 1 ? '' : 's'} reported; the counts do not cover the whole suite.`;
    const error = `<error${xmlAttrs({ message, type: 'Interrupted' })}>${xmlText(text)}</error>`;
    cases.push(withChild({ classname: name, name: 'run interrupted', time: seconds(run.durationMs) }, error, 'error'));
  }
  for (const l of unattributedLeftovers(run)) cases.push(leftoverCase(l.scenario ?? name, l, run.runId));
  const sweep = cleanupOf(run)?.sweep;
  if (sweep && !sweep.ran) cases.push(withChild({ classname: name, name: 'final sweep', time: '0.000' }, skipped(`final sweep did not run: ${sweep.note}`), 'skipped'));
  if (cases.length === 0) return undefined;
  const properties: [string, string][] = [['target', run.target.url], ['interrupted', String(run.interrupted)]];
  if (run.runId) properties.push(['run-id', run.runId]);
  return suiteXml({ name, time: run.durationMs, started: run.startedAt, id }, properties, cases);
}

function itemLine(kind: string, item: ReadinessItem): string {
  const where = item.scenarios.length ? ` (${item.scenarios.join(', ')})` : '';
  const causes = item.rootCauses.length ? ` [root causes: ${item.rootCauses.join(', ')}]` : '';
  return `${kind}: ${item.label} — ${item.why}${where}${causes}`;
}

/** One IdP's readiness: fails when the IdP breaks, skipped when not tested; warnings in the text of a pass. */
function readinessCase(r: IdpReadiness): Case {
  const attrs = { classname: 'readiness', name: r.title, time: '0.000' };
  const s = r.scenarios;
  const lines = [
    r.headline,
    `scenarios: ${s.total} (${s.passed} passed, ${s.failed} failed, ${s.notApplicable} not applicable)`,
    ...r.broken.map((i) => itemLine('breaks', i)),
    ...r.warnings.map((i) => itemLine('warning', i)),
  ];
  if (r.verdict === 'breaks') {
    return withChild(attrs, `<failure${xmlAttrs({ message: r.headline, type: 'readiness' })}>${xmlText(lines.join('\n'))}</failure>`, 'failure');
  }
  if (r.verdict === 'not-tested') return withChild(attrs, skipped(r.headline, lines.join('\n')), 'skipped');
  // junit-4.xsd lets a passing testcase carry system-out: the warnings stay readable without failing it.
  return { ...PASSED, xml: `<testcase${xmlAttrs(attrs)}>\n      <system-out>${xmlText(lines.join('\n'))}</system-out>\n    </testcase>` };
}

function rootCauseCase(rc: RootCause, rank: number, run: RunResult): Case {
  const i = rc.impact;
  const impact = `${i.idpActions > 0 ? `breaks ${i.idpActions} IdP action${i.idpActions === 1 ? '' : 's'}` : `${i.failures} failure${i.failures === 1 ? '' : 's'}`} in ${i.scenarios} scenario${i.scenarios === 1 ? '' : 's'}${i.idps.length ? ` (${i.idps.join(', ')})` : ''}`;
  const attrs = { classname: 'root causes', name: `${rank}. ${rc.checkId ?? rc.id} — ${rc.title}`, time: '0.000' };
  const ex = rc.example;
  const lines = [
    `${rc.level}${breaksVerdict(rc.level, run.failOn) ? '' : ' (does not fail the run)'} · ${rc.checkId ?? rc.id}`,
    `observed: ${rc.observed}`,
    `required: ${rc.required}`,
    `fix: ${rc.hint}`,
    `impact: ${impact}; ${i.failures} failure${i.failures === 1 ? '' : 's'}`,
    ...(ex ? [`example: ${ex.request}${ex.status === undefined ? '' : ` → ${ex.status}`} (scenario ${ex.scenario}, exchange ${ex.exchangeId})`] : []),
    ...(rc.scenarios.length ? [`scenarios: ${rc.scenarios.join(', ')}`] : []),
  ];
  const failure = `<failure${xmlAttrs({ message: `${rc.observed} — fix: ${rc.hint}`, type: rc.level })}>${xmlText(lines.join('\n'))}</failure>`;
  return withChild(attrs, failure, 'failure');
}

/** The grouping suites, first in the file: readiness per IdP, then root causes as ranked. */
function groupingSuites(run: RunResult): Suite[] {
  const suites: Suite[] = [];
  const runId: [string, string][] = run.runId ? [['run-id', run.runId]] : [];
  if (run.readiness?.length) {
    suites.push(suiteXml({ name: 'readiness', time: 0, started: run.startedAt, id: suites.length }, [['idps', run.readiness.map((r) => `${r.idp}: ${r.verdict}`).join(', ')], ...runId], run.readiness.map(readinessCase)));
  }
  if (run.rootCauses?.length) {
    suites.push(suiteXml({ name: 'root causes', time: 0, started: run.startedAt, id: suites.length }, [['count', String(run.rootCauses.length)], ...runId], run.rootCauses.map((rc, i) => rootCauseCase(rc, i + 1, run))));
  }
  return suites;
}

export function toJUnitXml(run: RunResult): string {
  const exchanges = exchangeIndex(run);
  const grouping = groupingSuites(run);
  const suites = [...grouping, ...run.scenarios.map((s, i) => suite(run, s, grouping.length + i, exchanges))];
  const own = runSuite(run, suites.length);
  if (own) suites.push(own);
  const sum = (k: 'tests' | 'failures' | 'errors') => suites.reduce((n, s) => n + s[k], 0);
  const attrs = xmlAttrs({
    name: `${run.tool.name} ${run.tool.version}`,
    tests: sum('tests'),
    failures: sum('failures'),
    errors: sum('errors'),
    time: seconds(run.durationMs),
  });
  const inner = suites.map((s) => s.xml).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs}>${inner ? `\n${inner}\n` : ''}</testsuites>\n`;
}

export const junitReporter: Reporter = {
  format: 'junit',
  async write(run, outDir) {
    const file = join(outDir, JUNIT_REPORT_FILE);
    await writeFile(file, toJUnitXml(run), 'utf8');
    return [file];
  },
};
