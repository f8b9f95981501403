/**
 * What report.html embeds: a view of the RunResult shaped for the page's script. Everything that needs
 * the harness's own rules — matrix membership, verdict wording, RFC links, curl commands, baseline
 * matching — is decided here in typed code, so the inline script only filters and renders.
 * Only exchanges a failure or a failed step points at are carried, which keeps a 5,000-check report
 * at a size a browser opens instantly.
 */
import { AREAS, type Area, type CheckResult, type Exchange, type IdpReadiness, type Leftover, type Level, type RootCause, type RunResult, type ScenarioResult, type Unmet } from '../model.js';
import {
  baselineChange,
  cellState,
  checkCells,
  cleanupLine,
  cleanupOf,
  exchangeIndex,
  failOnLabel,
  formatDuration,
  idpRow,
  leftoverName,
  levelCounts,
  matrixRows,
  matrixTallies,
  notApplicableGroups,
  OUTCOME_TEXT,
  rfcRefs,
  stepEvidence,
  unmatchedFixed,
  verdictText,
  type BaselineChange,
  type CellState,
  type LevelCount,
  type RfcRef,
  type StepEvidence,
} from './analysis.js';
import { toCurl } from './curl.js';

/** Bodies longer than this are cut in the page (report.json keeps them whole). */
export const BODY_LIMIT = 100_000;

export interface PageCell {
  state: CellState;
  passed: number;
  failed: Record<Level, number>;
  notApplicable: number;
}

export interface PageScenario {
  name: string;
  file: string;
  /** Matrix row: the IdP, or `core`. */
  idp: string;
  tags: string[];
  status: ScenarioResult['status'];
  error: string | null;
  duration: string;
  checks: number;
  failedChecks: number;
  notApplicableChecks: number;
  /** Each need the target lacks (a not-applicable scenario, or one `--require` failed). */
  notApplicable: Unmet[];
  /** Resources this scenario left on the target. */
  leftovers: number;
  /**
   * Steps that did not pass, with their messages. `consequenceOf` is set on a step that failed only because an
   * earlier one did: the page shows it greyed under its cause and counts it nowhere.
   */
  problems: {
    index: number;
    label: string;
    status: 'failed' | 'error';
    messages: string[];
    exchangeIds: string[];
    evidence: StepEvidence[];
    consequenceOf: { step: number; reason: string } | null;
  }[];
}

export interface PageFinding {
  subject: string;
  message: string;
  /** Pretty JSON of the value, `(absent)` for undefined; null when the check gave neither value. */
  expected: string | null;
  actual: string | null;
  exchangeId: string | null;
}

export interface PageRow {
  /** Position in `rows`; stable for a given report file, used in `#open=`. */
  id: number;
  scenario: number;
  checkId: string;
  level: Level;
  area: Area;
  title: string;
  status: CheckResult['status'];
  /** Why the check is not applicable; null otherwise. */
  reason: string | null;
  passes: number;
  rfc: string;
  refs: RfcRef[];
  /** `idp:area` keys of the matrix cells this result counts in. */
  cells: string[];
  change: BaselineChange | null;
  failures: PageFinding[];
}

export interface PageBody {
  text: string;
  /** Whether `text` parses as JSON (the page pretty-prints it then). */
  json: boolean;
  truncated: boolean;
}

export interface PageExchange {
  id: string;
  label: string;
  area: Area;
  method: string;
  url: string;
  requestHeaders: [string, string][];
  requestBody: PageBody | null;
  status: number | null;
  responseHeaders: [string, string][];
  responseBody: PageBody | null;
  transportError: string | null;
  startedAt: string;
  durationMs: number;
  curl: string;
}

export interface PageLeftover {
  /** The scenario that created it; null when only the final sweep found it. */
  scenario: string | null;
  type: Leftover['type'];
  id: string;
  name: string | null;
  /** `User alice (id 42)`. */
  label: string;
  outcome: Leftover['outcome'];
  outcomeText: string;
  reason: string;
}

/** A root cause as the page shows it: where its example exchange can be opened. */
export interface PageRootCause extends RootCause {
  /** The check result (`rows` id) whose failure points at the example exchange; null when none does. */
  exampleRow: number | null;
  /** The example exchange's id when the page carries it (in `exchanges`), else null. */
  exampleExchange: string | null;
}

export interface PageData {
  version: 1;
  /** Per IdP: will it work with the target (empty for a report from before readiness). */
  readiness: IdpReadiness[];
  /** Causes of the run's failures, most damaging first (empty for a report from before root causes). */
  rootCauses: PageRootCause[];
  title: string;
  verdict: { conformant: boolean; text: string; failOn: RunResult['failOn']; failOnLabel: string };
  meta: {
    tool: string;
    version: string;
    /** Empty for a report from before run ids. */
    runId: string;
    interrupted: boolean;
    startedAt: string;
    duration: string;
    /** With `features`: what an external target advertises. */
    target: RunResult['target'];
    idps: string[];
    seed: number | null;
    /** Features made mandatory with `--require`. */
    required: string[];
  };
  /** External target: what the run created, removed and left behind; null on the embedded provider. */
  cleanup: { line: string; created: number; deleted: number; kept: boolean; leftovers: PageLeftover[] } | null;
  /** Not-applicable scenarios grouped by the feature the target lacks (indexes into `scenarios`). */
  notApplicable: { feature: string; reason: string | null; scenarios: { index: number; detail: string }[] }[];
  summary: RunResult['summary'];
  levels: LevelCount[];
  matrix: { rows: string[]; areas: Area[]; cells: Record<string, PageCell> };
  scenarios: PageScenario[];
  tags: string[];
  rows: PageRow[];
  exchanges: Record<string, PageExchange>;
  baseline: { file: string; newFailures: string[]; fixed: string[]; fixedElsewhere: string[] } | null;
}

function pretty(value: unknown): string {
  if (value === undefined) return '(absent)';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function body(text: string | undefined, parsed: unknown): PageBody | null {
  if (text === undefined || text === '') return null;
  const truncated = text.length > BODY_LIMIT;
  return { text: truncated ? text.slice(0, BODY_LIMIT) : text, json: parsed !== undefined && !truncated, truncated };
}

function pageExchange(e: Exchange): PageExchange {
  return {
    id: e.id,
    label: e.label,
    area: e.area,
    method: e.request.method,
    url: e.request.url,
    requestHeaders: Object.entries(e.request.headers),
    requestBody: body(e.request.body, e.requestJson),
    status: e.response?.status ?? null,
    responseHeaders: e.response ? Object.entries(e.response.headers) : [],
    responseBody: e.response ? body(e.response.body, e.responseJson) : null,
    transportError: e.transportError ? `${e.transportError.kind}: ${e.transportError.message}` : null,
    startedAt: e.startedAt,
    durationMs: e.durationMs,
    curl: toCurl(e.request),
  };
}

const LEVEL_RANK: Record<Level, number> = { MUST: 0, SHOULD: 1, MAY: 2 };
/** Failures first, then passes; not applicable last: nothing was judged there. */
const STATUS_RANK: Record<CheckResult['status'], number> = { failed: 0, passed: 1, 'not-applicable': 2 };

function pageCleanup(run: RunResult): PageData['cleanup'] {
  const c = cleanupOf(run);
  if (!c) return null;
  const leftovers = c.leftovers.map((l) => ({
    scenario: l.scenario ?? null,
    type: l.type,
    id: l.id,
    name: l.name ?? null,
    label: leftoverName(l),
    outcome: l.outcome,
    outcomeText: OUTCOME_TEXT[l.outcome],
    reason: l.reason,
  }));
  return { line: cleanupLine(c), created: c.created, deleted: c.deleted, kept: c.kept, leftovers };
}

function pageScenario(s: ScenarioResult, exchanges: ReadonlyMap<string, Exchange>): PageScenario {
  return {
    name: s.name,
    file: s.file,
    idp: idpRow(s),
    tags: s.tags,
    status: s.status,
    error: s.error ?? null,
    duration: formatDuration(s.durationMs),
    checks: s.checks.length,
    failedChecks: s.checks.filter((c) => c.status === 'failed').length,
    notApplicableChecks: s.checks.filter((c) => c.status === 'not-applicable').length,
    notApplicable: s.notApplicable ?? [],
    leftovers: s.cleanup?.leftovers.length ?? 0,
    problems: s.steps
      .filter((st): st is typeof st & { status: 'failed' | 'error' } => st.status !== 'passed')
      .map((st) => ({
        index: st.index,
        label: st.label,
        status: st.status,
        messages: st.messages,
        exchangeIds: st.exchangeIds,
        evidence: stepEvidence(st, exchanges),
        consequenceOf: st.consequenceOf ?? null,
      })),
  };
}

/**
 * Where a root cause's example opens: the failing check result of its scenario (matched by name or file)
 * whose finding points at the exchange, else any that does; the exchange alone when no check points at it
 * (a failed step's), which the page opens in the list of failed steps.
 */
function exampleTarget(
  rc: RootCause,
  run: RunResult,
  rows: readonly PageRow[],
  exchanges: Record<string, PageExchange>,
): Pick<PageRootCause, 'exampleRow' | 'exampleExchange'> {
  const ex = rc.example;
  if (!ex) return { exampleRow: null, exampleExchange: null };
  const points = (r: PageRow) => r.status === 'failed' && r.failures.some((f) => f.exchangeId === ex.exchangeId);
  const inScenario = (r: PageRow) => {
    const s = run.scenarios[r.scenario];
    return s !== undefined && (s.name === ex.scenario || s.file === ex.scenario);
  };
  const row = rows.find((r) => points(r) && inScenario(r)) ?? rows.find(points);
  return { exampleRow: row?.id ?? null, exampleExchange: exchanges[ex.exchangeId] ? ex.exchangeId : null };
}

export function buildPageData(run: RunResult): PageData {
  const exchanges = exchangeIndex(run);
  const wanted = new Set<string>();
  const rows: Omit<PageRow, 'id'>[] = [];

  run.scenarios.forEach((s, scenarioIndex) => {
    for (const c of s.checks) {
      for (const f of c.failures) if (f.exchangeId !== undefined) wanted.add(f.exchangeId);
      rows.push({
        scenario: scenarioIndex,
        checkId: c.checkId,
        level: c.level,
        area: c.area,
        title: c.title,
        status: c.status,
        reason: c.status === 'not-applicable' ? (c.reason ?? 'the run recorded no reason') : null,
        passes: c.passes,
        rfc: c.rfc,
        refs: rfcRefs(c.rfc),
        cells: checkCells(s, c, exchanges),
        change: baselineChange(run, s, c) ?? null,
        failures: c.failures.map((f) => {
          const given = f.expected !== undefined || f.actual !== undefined;
          return {
            subject: f.subject,
            message: f.message,
            expected: given ? pretty(f.expected) : null,
            actual: given ? pretty(f.actual) : null,
            exchangeId: f.exchangeId ?? null,
          };
        }),
      });
    }
    for (const step of s.steps) if (step.status !== 'passed') for (const id of step.exchangeIds) wanted.add(id);
  });

  // Failures first (MUST before SHOULD before MAY, new before known), then passes, then not applicable, each in run order.
  const order = rows.map((r, i) => ({ r, i }));
  order.sort((a, b) => {
    const fa = STATUS_RANK[a.r.status];
    const fb = STATUS_RANK[b.r.status];
    if (fa !== fb) return fa - fb;
    if (fa === 0) {
      const byLevel = LEVEL_RANK[a.r.level] - LEVEL_RANK[b.r.level];
      if (byLevel) return byLevel;
      const byNew = Number(b.r.change === 'new') - Number(a.r.change === 'new');
      if (byNew) return byNew;
    }
    return a.i - b.i;
  });

  const cells: Record<string, PageCell> = {};
  for (const [key, tally] of matrixTallies(run)) {
    cells[key] = { state: cellState(tally), passed: tally.passed, failed: tally.failed, notApplicable: tally.notApplicable };
  }

  // A root cause's example is the exchange its link opens, so the page must carry it.
  for (const rc of run.rootCauses ?? []) if (rc.example) wanted.add(rc.example.exchangeId);
  const sorted = order.map(({ r }, id) => ({ id, ...r }));

  const pageExchanges: Record<string, PageExchange> = {};
  for (const id of wanted) {
    const e = exchanges.get(id);
    if (e) pageExchanges[id] = pageExchange(e);
  }

  const tags = [...new Set(run.scenarios.flatMap((s) => s.tags))].sort();

  const rootCauses = (run.rootCauses ?? []).map((rc): PageRootCause => ({ ...rc, ...exampleTarget(rc, run, sorted, pageExchanges) }));

  return {
    version: 1,
    readiness: run.readiness ?? [],
    rootCauses,
    // Without the scheme: the page should contain no literal URL but the RFC links.
    title: `${run.summary.conformant ? '✓' : '✗'} ${run.tool.name} — ${run.target.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}`,
    verdict: { conformant: run.summary.conformant, text: verdictText(run), failOn: run.failOn, failOnLabel: failOnLabel(run.failOn) },
    meta: {
      tool: run.tool.name,
      version: run.tool.version,
      runId: run.runId,
      interrupted: run.interrupted,
      startedAt: run.startedAt,
      duration: formatDuration(run.durationMs),
      target: run.target,
      idps: run.idps,
      seed: run.seed ?? null,
      required: run.required ?? [],
    },
    cleanup: pageCleanup(run),
    notApplicable: notApplicableGroups(run).map((g) => ({
      feature: g.feature,
      reason: g.reason ?? null,
      scenarios: g.scenarios.map((e) => ({ index: e.index, detail: e.detail })),
    })),
    summary: run.summary,
    levels: levelCounts(run),
    matrix: { rows: matrixRows(run), areas: [...AREAS], cells },
    scenarios: run.scenarios.map((s) => pageScenario(s, exchanges)),
    tags,
    rows: sorted,
    exchanges: pageExchanges,
    baseline: run.baseline
      ? { file: run.baseline.file, newFailures: run.baseline.newFailures, fixed: run.baseline.fixed, fixedElsewhere: unmatchedFixed(run) }
      : null,
  };
}
