/**
 * The values that flow through a run: scenario → driver → transport → target → checks → report.
 * Every module boundary of the harness speaks these types.
 */

/** RFC 2119 level of the sentence a check enforces. */
export type Level = 'MUST' | 'SHOULD' | 'MAY';
export const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];

export { AREAS, type Area, type Exchange, type HttpRequest, type HttpResponse, type TransportError } from '../vocabulary/exchange.js';
import type { Area, Exchange } from '../vocabulary/exchange.js';

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

/** `not-applicable`: the target does not advertise something the scenario needs; it did not run. */
export type ScenarioStatus = 'passed' | 'failed' | 'error' | 'not-applicable';

/** One check's verdict within one scenario: failed if any finding failed. */
export interface CheckResult {
  checkId: string;
  level: Level;
  area: Area;
  rfc: string;
  title: string;
  /** `not-applicable`: the check needs an optional feature the target does not advertise (see `reason`). */
  status: 'passed' | 'failed' | 'not-applicable';
  /** Why a check is not applicable. */
  reason?: string;
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
  /** The step's exchanges that were kept (all of them unless the scenario sent more than its budget). */
  exchangeIds: string[];
  /** Exchanges of the step that passed every check and were not kept (harness/runner/exchange-log.ts). */
  omittedExchanges?: number;
  /** The step's kind: an IdP action (`testConnection`, `assign`, `fullSync`, `pushGroup`…) or `request`, `expect`, `admin`. */
  kind?: string;
  /**
   * Set when the step could not do its work because an earlier step failed (a value it needed was never saved, a
   * resource it acts on was never created): that step's index and why. A consequence, not a problem of its own.
   */
  consequenceOf?: { step: number; reason: string };
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
  /** The exchanges kept: every one, or past the budget only those evidence points at (see `exchangeCount`). */
  exchanges: Exchange[];
  /** Set when not every exchange was kept: how many were sent, and how many passed every check and were dropped. */
  exchangeCount?: { total: number; omitted: number };
  checks: CheckResult[];
  /** Set when `status` is `not-applicable`: each need the target lacks, and why. */
  notApplicable?: Unmet[];
  /** What the scenario created at an external target and what became of it (absent on the embedded provider). */
  cleanup?: CleanupResult;
}

/** A feature a scenario needs (or a check depends on) that the target does not offer. */
export interface Unmet {
  /** A feature name (`groups`, `bulk`, `schema:<urn>`, `admin`…: harness/runner/features.ts). */
  feature: string;
  /** The target's side, in words, with where that was read: `ServiceProviderConfig bulk.supported is false`. */
  reason: string;
  /** The scenario's side: why it needs the feature (`declared`, `step 3 (pushGroup)`); absent for checks. */
  needed?: string;
}

/** A resource the run created and could not remove (or kept, with --keep). */
export interface Leftover {
  type: 'User' | 'Group';
  id: string;
  /** userName or displayName, when known. */
  name: string | undefined;
  /** `kept` (--keep), `deactivated` (DELETE refused, active set to false) or `left` (neither worked). */
  outcome: 'kept' | 'deactivated' | 'left';
  reason: string;
}

export interface CleanupResult {
  /** Resources this scenario created (its ledger). */
  created: number;
  /** Removed by DELETE (or already gone). */
  deleted: number;
  /** Not removed; empty when the clean-up was complete. */
  leftovers: Leftover[];
}

/** What a target advertises, as read once per run (or per embedded profile) from its discovery endpoints. */
export interface TargetFeature {
  feature: string;
  supported: boolean;
  /** Where the answer came from, e.g. `ServiceProviderConfig patch.supported`. */
  source: string;
}
export interface RunSummary {
  scenarios: { total: number; passed: number; failed: number; error: number; notApplicable: number };
  /** Check results not applicable (an optional feature the target lacks), besides passed and failed. */
  notApplicableChecks: number;
  /** Failed check results by level (a check failing in two scenarios counts twice). */
  failedByLevel: Record<Level, number>;
  passedChecks: number;
  failedChecks: number;
  /** The verdict against `failOn`: conformant when nothing at or above that level failed. */
  conformant: boolean;
}

export interface RunResult {
  tool: { name: string; version: string };
  /** Short id carried by every resource the run created (userNames, group names): `{{ run.id }}`. */
  runId: string;
  /** True when the run was stopped (Ctrl-C, SIGTERM) before every scenario ran. */
  interrupted: boolean;
  startedAt: string;
  durationMs: number;
  target: {
    kind: 'embedded' | 'external';
    url: string;
    profile: string | undefined;
    /** External target: what it advertises (read once per run). */
    features?: TargetFeature[];
  };
  /** External target: the run's clean-up: resources created, removed, and left behind (with why). */
  cleanup?: RunCleanup;
  idps: string[];
  seed: number | undefined;
  failOn: 'must' | 'should';
  scenarios: ScenarioResult[];
  summary: RunSummary;
  /** With `--require`: features whose absence fails the run instead of making scenarios not applicable. */
  required?: string[];
  /** With `--baseline`: check failures new since the baseline, and those fixed since. */
  baseline?: { file: string; newFailures: string[]; fixed: string[] };
  /** With `--shard i/n`: which slice of the selection this run was; merge-reports wants every one of 1..n once. */
  shard?: { index: number; total: number };
  /** Per IdP suite run: will that IdP work with the target, in its own terms (harness/report/readiness.ts). */
  readiness?: IdpReadiness[];
  /** Failed results grouped by cause, most damaging first (harness/report/root-causes.ts). */
  rootCauses?: RootCause[];
}

/** `works`: every IdP action passed; `works-with-warnings`: only SHOULD/MAY problems; `breaks`: an action the IdP needs failed. */
export type ReadinessVerdict = 'works' | 'works-with-warnings' | 'breaks' | 'not-tested';

/** An IdP action (or a part of the suite) that failed or warned, in the IdP's terms. */
export interface ReadinessItem {
  /** The step kind behind it: `testConnection`, `assign`, `update`, `unassign`, `fullSync`, `pushGroup`… */
  action: string;
  /** The IdP's own name for it, e.g. "Push Profile Updates", "Provision on demand", "Group Push". */
  label: string;
  /** Why, in a few words: "PUT rejected with 400", "no Location header on 201". */
  why: string;
  /** Scenario files where it happened. */
  scenarios: string[];
  /** Ids of the root causes (RootCause.id) behind it. */
  rootCauses: string[];
}

export interface IdpReadiness {
  /** `okta`, `entra`, `onelogin`. */
  idp: string;
  /** The IdP's display name, e.g. "Okta", "Microsoft Entra ID". */
  title: string;
  verdict: ReadinessVerdict;
  /** One line: "Okta: breaks at Push Profile Updates (PUT rejected)". */
  headline: string;
  broken: ReadinessItem[];
  warnings: ReadinessItem[];
  scenarios: { total: number; passed: number; failed: number; notApplicable: number };
}

/** One cause of failures across the run: a check (or a step failure) and what the endpoint did. */
export interface RootCause {
  /** Stable within a run: the check id, or `step:<kind>` for step failures without a failing check. */
  id: string;
  checkId: string | undefined;
  level: Level;
  title: string;
  /** What the endpoint did, e.g. "answered 201 without a Location header". */
  observed: string;
  /** What the RFC or the IdP needs, with the reference (quote or behaviour). */
  required: string;
  /** How a server developer fixes it (the check's hint). */
  hint: string;
  /** `idpActions`: the IdP actions it breaks (readiness); `failures`: every failed result or step grouped under it. */
  impact: { idpActions: number; scenarios: number; failures: number; idps: string[] };
  /** One exchange that shows it: scenario file, exchange id, `METHOD URL`, and the status answered (none: no response). */
  example?: { scenario: string; exchangeId: string; request: string; status: number | undefined };
  scenarios: string[];
}

export interface RunCleanup {
  created: number;
  deleted: number;
  /** `--keep`: nothing was removed on purpose. */
  kept: boolean;
  leftovers: (Leftover & { scenario: string | undefined })[];
  /** The final sweep for the run id: what it found and removed, or why it could not run. */
  sweep: { ran: boolean; found: number; deleted: number; note: string };
}
