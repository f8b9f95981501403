/**
 * What report.html embeds: a view of the RunResult shaped for the page's script. Everything that needs
 * the harness's own rules — matrix membership, verdict wording, RFC links, curl commands, baseline
 * matching — is decided here in typed code, so the inline script only filters and renders.
 * Only exchanges a failure or a failed step points at are carried, which keeps a 5,000-check report
 * at a size a browser opens instantly.
 */
import { AREAS, type Area, type Exchange, type Level, type RunResult, type ScenarioResult } from '../model.js';
import {
  baselineChange,
  cellState,
  checkCells,
  exchangeIndex,
  failOnLabel,
  formatDuration,
  idpRow,
  levelCounts,
  matrixRows,
  matrixTallies,
  rfcRefs,
  unmatchedFixed,
  verdictText,
  type BaselineChange,
  type CellState,
  type LevelCount,
  type RfcRef,
} from './analysis.js';
import { toCurl } from './curl.js';

/** Bodies longer than this are cut in the page (report.json keeps them whole). */
export const BODY_LIMIT = 100_000;

export interface PageCell {
  state: CellState;
  passed: number;
  failed: Record<Level, number>;
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
  /** Steps that did not pass, with their messages. */
  problems: { index: number; label: string; status: 'failed' | 'error'; messages: string[]; exchangeIds: string[] }[];
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
  status: 'passed' | 'failed';
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

export interface PageData {
  version: 1;
  title: string;
  verdict: { conformant: boolean; text: string; failOn: RunResult['failOn']; failOnLabel: string };
  meta: {
    tool: string;
    version: string;
    startedAt: string;
    duration: string;
    target: RunResult['target'];
    idps: string[];
    seed: number | null;
  };
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

  // Failures first (MUST before SHOULD before MAY, new before known), then passes, each in run order.
  const order = rows.map((r, i) => ({ r, i }));
  order.sort((a, b) => {
    const fa = a.r.status === 'failed' ? 0 : 1;
    const fb = b.r.status === 'failed' ? 0 : 1;
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
  for (const [key, tally] of matrixTallies(run)) cells[key] = { state: cellState(tally), passed: tally.passed, failed: tally.failed };

  const pageExchanges: Record<string, PageExchange> = {};
  for (const id of wanted) {
    const e = exchanges.get(id);
    if (e) pageExchanges[id] = pageExchange(e);
  }

  const tags = [...new Set(run.scenarios.flatMap((s) => s.tags))].sort();

  return {
    version: 1,
    // Without the scheme: the page should contain no literal URL but the RFC links.
    title: `${run.summary.conformant ? '✓' : '✗'} ${run.tool.name} — ${run.target.url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}`,
    verdict: { conformant: run.summary.conformant, text: verdictText(run), failOn: run.failOn, failOnLabel: failOnLabel(run.failOn) },
    meta: {
      tool: run.tool.name,
      version: run.tool.version,
      startedAt: run.startedAt,
      duration: formatDuration(run.durationMs),
      target: run.target,
      idps: run.idps,
      seed: run.seed ?? null,
    },
    summary: run.summary,
    levels: levelCounts(run),
    matrix: { rows: matrixRows(run), areas: [...AREAS], cells },
    scenarios: run.scenarios.map((s) => ({
      name: s.name,
      file: s.file,
      idp: idpRow(s),
      tags: s.tags,
      status: s.status,
      error: s.error ?? null,
      duration: formatDuration(s.durationMs),
      checks: s.checks.length,
      failedChecks: s.checks.filter((c) => c.status === 'failed').length,
      problems: s.steps
        .filter((st): st is typeof st & { status: 'failed' | 'error' } => st.status !== 'passed')
        .map((st) => ({ index: st.index, label: st.label, status: st.status, messages: st.messages, exchangeIds: st.exchangeIds })),
    })),
    tags,
    rows: order.map(({ r }, id) => ({ id, ...r })),
    exchanges: pageExchanges,
    baseline: run.baseline
      ? { file: run.baseline.file, newFailures: run.baseline.newFailures, fixed: run.baseline.fixed, fixedElsewhere: unmatchedFixed(run) }
      : null,
  };
}
