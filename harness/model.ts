/**
 * The values that flow through a run: scenario → driver → transport → target → checks → report.
 * Every module boundary of the harness speaks these types.
 */

/** RFC 2119 level of the sentence a check enforces. */
export type Level = 'MUST' | 'SHOULD' | 'MAY';
export const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];

/** The functional areas of the report's IdP × area matrix. */
export const AREAS = [
  'discovery',
  'create',
  'read',
  'filter',
  'pagination',
  'update',
  'patch',
  'deactivate',
  'delete',
  'full-sync',
  'groups',
  'bulk',
  'errors',
  'auth',
  'roles',
] as const;
export type Area = (typeof AREAS)[number];

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Raw body text as sent, if any. */
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request/response pair as recorded (Authorization redacted). */
export interface Exchange {
  /** Stable within a run, e.g. `okta/assign.yaml#3.1`. */
  id: string;
  /** What caused it: `raw request`, or an IdP action such as `okta assign user1`. */
  label: string;
  area: Area;
  idp: string | undefined;
  request: HttpRequest;
  /** Absent when the transport failed (timeout, reset, refused). */
  response: HttpResponse | undefined;
  /** Parsed JSON bodies, when they parse. */
  requestJson: unknown;
  responseJson: unknown;
  transportError: TransportError | undefined;
  startedAt: string;
  durationMs: number;
}

export interface TransportError {
  kind: 'timeout' | 'network' | 'refused';
  message: string;
}

/** The outcome of one check on one exchange (or on a flow). */
export interface Finding {
  checkId: string;
  passed: boolean;
  /** What was looked at, for the report, e.g. `Location header`. */
  subject: string;
  expected?: unknown;
  actual?: unknown;
  message: string;
  exchangeId: string | undefined;
}

export type ScenarioStatus = 'passed' | 'failed' | 'error';

/** One check's verdict within one scenario: failed if any finding failed. */
export interface CheckResult {
  checkId: string;
  level: Level;
  area: Area;
  rfc: string;
  title: string;
  status: 'passed' | 'failed';
  /** Failing findings in full; passing ones are only counted, to keep reports small. */
  failures: Finding[];
  passes: number;
}

export interface StepResult {
  index: number;
  /** Human text of the step, e.g. `okta assign user1` or `GET /Users?filter=...`. */
  label: string;
  status: 'passed' | 'failed' | 'error';
  /** Expectation failures and errors of the step itself, in words. */
  messages: string[];
  exchangeIds: string[];
}

export interface ScenarioResult {
  name: string;
  file: string;
  idp: string | undefined;
  tags: string[];
  status: ScenarioStatus;
  /** Why the scenario could not run to its end (scenario error, timeout, target unreachable). */
  error: string | undefined;
  durationMs: number;
  steps: StepResult[];
  exchanges: Exchange[];
  checks: CheckResult[];
}

export interface RunSummary {
  scenarios: { total: number; passed: number; failed: number; error: number };
  /** Failed check results by level (a check failing in two scenarios counts twice). */
  failedByLevel: Record<Level, number>;
  passedChecks: number;
  failedChecks: number;
  /** The verdict against `failOn`: conformant when nothing at or above that level failed. */
  conformant: boolean;
}

export interface RunResult {
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  target: { kind: 'embedded' | 'external'; url: string; profile: string | undefined };
  idps: string[];
  seed: number | undefined;
  failOn: 'must' | 'should';
  scenarios: ScenarioResult[];
  summary: RunSummary;
  /** With `--baseline`: check failures new since the baseline, and those fixed since. */
  baseline?: { file: string; newFailures: string[]; fixed: string[] };
}
