/** Hand-built runs for the readiness and root-cause tests: only the fields the analyses read, shaped as the runner records them. */
import type { CheckResult, Exchange, Finding, Level, RunResult, ScenarioResult, StepResult } from '../model.js';

let seq = 0;

export function exchange(method: string, path: string, status: number): Exchange {
  seq += 1;
  return {
    id: `x${seq}`,
    label: `${method} ${path}`,
    area: 'create',
    idp: undefined,
    request: { method, url: `http://127.0.0.1/scim/v2${path}`, headers: {} },
    response: { status, headers: {}, body: '' },
    requestJson: undefined,
    responseJson: undefined,
    transportError: undefined,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1,
  };
}

export function step(index: number, kind: string, exchanges: Exchange[], failed?: { messages: string[]; consequenceOf?: StepResult['consequenceOf'] }): StepResult {
  return {
    index,
    label: `${kind} #${index}`,
    kind,
    status: failed ? 'failed' : 'passed',
    messages: failed?.messages ?? [],
    exchangeIds: exchanges.map((e) => e.id),
    ...(failed?.consequenceOf ? { consequenceOf: failed.consequenceOf } : {}),
  };
}

export function failing(checkId: string, level: Level, findings: { exchange: Exchange | undefined; message: string; actual?: unknown }[]): CheckResult {
  const failures: Finding[] = findings.map((f) => ({ checkId, passed: false, subject: 's', message: f.message, actual: f.actual, exchangeId: f.exchange?.id }));
  return { checkId, level, area: 'create', rfc: 'RFC 7644 §3.3', title: `title of ${checkId}`, status: 'failed', failures, passes: 0 };
}

export function scenario(file: string, idp: string | undefined, parts: { steps?: StepResult[]; exchanges?: Exchange[]; checks?: CheckResult[]; tags?: string[]; status?: ScenarioResult['status'] }): ScenarioResult {
  const failed = (parts.checks ?? []).some((c) => c.status === 'failed') || (parts.steps ?? []).some((s) => s.status !== 'passed');
  return {
    name: `scenario ${file}`,
    file,
    idp,
    tags: parts.tags ?? [],
    status: parts.status ?? (failed ? 'failed' : 'passed'),
    error: undefined,
    durationMs: 1,
    steps: parts.steps ?? [],
    exchanges: parts.exchanges ?? [],
    checks: parts.checks ?? [],
  };
}

export function runOf(scenarios: ScenarioResult[], failOn: RunResult['failOn'] = 'must'): RunResult {
  return {
    tool: { name: 'scim-conformance', version: '0.0.0' },
    runId: 'abc123',
    interrupted: false,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1,
    target: { kind: 'embedded', url: 'in-process', profile: 'full' },
    idps: [...new Set(scenarios.flatMap((s) => (s.idp ? [s.idp] : [])))].sort(),
    seed: 1,
    failOn,
    scenarios,
    summary: { scenarios: { total: 0, passed: 0, failed: 0, error: 0, notApplicable: 0 }, notApplicableChecks: 0, failedByLevel: { MUST: 0, SHOULD: 0, MAY: 0 }, passedChecks: 0, failedChecks: 0, conformant: true },
  };
}
