/**
 * junit.xml for CI test viewers (Jenkins, GitLab, GitHub test-report actions). Only elements and
 * attributes of the de-facto schema (Jenkins' junit-4.xsd) are used, because several viewers validate
 * strictly or drop what they do not know; scenario details that have no place there go into
 * `<properties>` and the failure text.
 *
 * Mapping: a scenario is a `<testsuite>`; each check result is a `<testcase>`; a failed step is an
 * extra testcase (its expectations are not checks but still failed); a scenario that could not run to
 * its end gets one `scenario error` testcase with an `<error>`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult, Exchange, RunResult, ScenarioResult } from '../model.js';
import { exchangeIndex, formatDuration, formatValue, requestLine, rfcRefs } from './analysis.js';
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
}

function checkCase(scenario: ScenarioResult, check: CheckResult, exchanges: Map<string, Exchange>): Case {
  const open = `<testcase${xmlAttrs({ classname: scenario.name, name: `${check.checkId} — ${check.title}`, time: '0.000' })}`;
  if (check.status !== 'failed') return { xml: `${open}/>`, failure: false, error: false };
  const failure = `<failure${xmlAttrs({ message: failureMessage(check), type: check.level })}>${xmlText(checkFailureText(check, exchanges))}</failure>`;
  return { xml: `${open}>\n      ${failure}\n    </testcase>`, failure: true, error: false };
}

function stepLines(step: ScenarioResult['steps'][number], exchanges: Map<string, Exchange>): string[] {
  const lines = [`step ${step.index}: ${step.label} (${step.status})`, ...step.messages.map((m) => `  ${m}`)];
  for (const id of step.exchangeIds) {
    const ex = exchangeLine(exchanges.get(id), id);
    if (ex) lines.push(`  exchange: ${ex}`);
  }
  return lines;
}

function stepCases(scenario: ScenarioResult, exchanges: Map<string, Exchange>): Case[] {
  return scenario.steps
    .filter((s) => s.status === 'failed')
    .map((step) => {
      const message = step.messages[0] ?? 'step expectation failed';
      const more = step.messages.length > 1 ? ` (+${step.messages.length - 1} more)` : '';
      const attrs = xmlAttrs({ classname: scenario.name, name: `step ${step.index}: ${step.label}`, time: '0.000' });
      const body = xmlText(stepLines(step, exchanges).join('\n'));
      const failure = `<failure${xmlAttrs({ message: message + more, type: 'step' })}>${body}</failure>`;
      return { xml: `<testcase${attrs}>\n      ${failure}\n    </testcase>`, failure: true, error: false };
    });
}

function errorCase(scenario: ScenarioResult, exchanges: Map<string, Exchange>): Case | undefined {
  const erroredSteps = scenario.steps.filter((s) => s.status === 'error');
  if (scenario.status !== 'error' && scenario.error === undefined && erroredSteps.length === 0) return undefined;
  const message = scenario.error ?? erroredSteps[0]?.messages[0] ?? 'scenario error';
  const lines = [message, ...erroredSteps.flatMap((s) => ['', ...stepLines(s, exchanges)])];
  const attrs = xmlAttrs({ classname: scenario.name, name: 'scenario error', time: seconds(scenario.durationMs) });
  const error = `<error${xmlAttrs({ message, type: 'ScenarioError' })}>${xmlText(lines.join('\n'))}</error>`;
  return { xml: `<testcase${attrs}>\n      ${error}\n    </testcase>`, failure: false, error: true };
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
}

function suite(run: RunResult, scenario: ScenarioResult, id: number, exchanges: Map<string, Exchange>): Suite {
  const cases = [...scenario.checks.map((c) => checkCase(scenario, c, exchanges)), ...stepCases(scenario, exchanges)];
  const err = errorCase(scenario, exchanges);
  if (err) cases.push(err);
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const started = scenario.exchanges[0]?.startedAt ?? run.startedAt;
  const properties = [
    ['file', scenario.file],
    ['idp', scenario.idp ?? 'core'],
    ['tags', scenario.tags.join(', ')],
    ['status', scenario.status],
  ]
    .map(([name, value]) => `      <property${xmlAttrs({ name, value })}/>`)
    .join('\n');
  const attrs = xmlAttrs({
    name: scenario.name,
    tests: cases.length,
    failures,
    errors,
    skipped: 0,
    time: seconds(scenario.durationMs),
    timestamp: timestamp(started),
    id,
  });
  const body = [`    <properties>\n${properties}\n    </properties>`, ...cases.map((c) => `    ${c.xml}`)].join('\n');
  return { xml: `  <testsuite${attrs}>\n${body}\n  </testsuite>`, tests: cases.length, failures, errors };
}

export function toJUnitXml(run: RunResult): string {
  const exchanges = exchangeIndex(run);
  const suites = run.scenarios.map((s, i) => suite(run, s, i, exchanges));
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
