/**
 * Facts every report format derives from a `RunResult` the same way: the verdict wording, counts by
 * level, RFC links, request lines, baseline matching and the IdP × area matrix. Keeping them here means
 * the Markdown summary, the JUnit file and the HTML page never disagree about what failed or where.
 */
import { OUTCOME_ID_PATTERN } from '../checks/outcome.js';
import { AREAS, LEVELS, type Area, type CheckResult, type Exchange, type Level, type RunResult, type ScenarioResult } from '../model.js';

/** Matrix rows that always appear, in this order; any other IdP a run names goes before `core`. */
export const KNOWN_IDPS = ['okta', 'entra', 'onelogin'] as const;
/** The matrix row of scenarios that drive no IdP (raw RFC requests). */
export const CORE_ROW = 'core';

export function idpRow(scenario: Pick<ScenarioResult, 'idp'>): string {
  return scenario.idp ?? CORE_ROW;
}

export function matrixRows(run: RunResult): string[] {
  const extra = new Set<string>();
  for (const s of run.scenarios) {
    const row = idpRow(s);
    if (row !== CORE_ROW && !(KNOWN_IDPS as readonly string[]).includes(row)) extra.add(row);
  }
  return [...KNOWN_IDPS, ...[...extra].sort(), CORE_ROW];
}

export function cellKey(row: string, area: Area): string {
  return `${row}:${area}`;
}

/** Whether a failure at `level` breaks the verdict for this `failOn` threshold. */
export function breaksVerdict(level: Level, failOn: RunResult['failOn']): boolean {
  return level === 'MUST' || (failOn === 'should' && level === 'SHOULD');
}

export function failOnLabel(failOn: RunResult['failOn']): string {
  return failOn === 'must' ? 'MUST' : 'MUST + SHOULD';
}

export interface LevelCount {
  level: Level;
  passed: number;
  failed: number;
}

/** Check results by level, counted from the scenarios (the summary only keeps failures by level). */
export function levelCounts(run: RunResult): LevelCount[] {
  return LEVELS.map((level) => {
    let passed = 0;
    let failed = 0;
    for (const s of run.scenarios) {
      for (const c of s.checks) {
        if (c.level !== level) continue;
        if (c.status === 'failed') failed++;
        else passed++;
      }
    }
    return { level, passed, failed };
  });
}

export function verdictText(run: RunResult): string {
  const against = `against ${failOnLabel(run.failOn)}`;
  return run.summary.conformant ? `Conformant ${against}` : `Not conformant ${against}`;
}

export interface RfcRef {
  label: string;
  href: string;
}

const RFC_BASE = 'https://www.rfc-editor.org/rfc/rfc';

/**
 * Links for a check's `rfc` string. Checks write references the way the specs are quoted in prose
 * (`RFC 7644 §3.3`, `RFC 7644 §3.4.2.2, §3.12`, `RFC 7644 §4, RFC 7643 §5–7`), so each comma- or
 * semicolon-separated part becomes one link and a part without an RFC number inherits the previous
 * one (7644 when none came before: the protocol RFC is what most checks quote).
 */
export function rfcRefs(rfc: string): RfcRef[] {
  const refs: RfcRef[] = [];
  let current = '7644';
  for (const raw of rfc.split(/[,;]/)) {
    const part = raw.trim();
    if (!part) continue;
    const number = /RFC\s*-?\s*(\d{3,5})/i.exec(part)?.[1];
    if (number) current = number;
    const section = /(?:§|section[\s-]*|sec\.?\s*)\s*(\d+(?:\.\d+)*)/i.exec(part)?.[1];
    const appendix = /appendix\s+([A-Z](?:\.\d+)*)/i.exec(part)?.[1];
    if (!number && !section && !appendix) continue;
    const fragment = section ? `#section-${section}` : appendix ? `#appendix-${appendix.toUpperCase()}` : '';
    refs.push({ label: part, href: `${RFC_BASE}${current}${fragment}` });
  }
  return refs;
}

/** `POST http://host/scim/v2/Users → 201`, or the transport error when there was no response. */
export function requestLine(exchange: Exchange): string {
  const outcome = exchange.response
    ? String(exchange.response.status)
    : exchange.transportError
      ? `${exchange.transportError.kind}: ${exchange.transportError.message}`
      : 'no response';
  return `${exchange.request.method} ${exchange.request.url} → ${outcome}`;
}

export function exchangeIndex(run: RunResult): Map<string, Exchange> {
  const byId = new Map<string, Exchange>();
  for (const s of run.scenarios) for (const e of s.exchanges) byId.set(e.id, e);
  return byId;
}

/**
 * The matrix cells a check result belongs to: its own area, plus the areas of the exchanges its
 * failures point at (a `create` check can fail on the PATCH that read the user back).
 */
export function checkCells(scenario: ScenarioResult, check: CheckResult, exchanges: Map<string, Exchange>): string[] {
  const row = idpRow(scenario);
  const areas = new Set<Area>([check.area]);
  // An outcome check (`idp.*`) judges a flow's end state; the read-back it points at is the harness's own
  // GET, so it must not turn the IdP's `read` cell red where every read check passed.
  if (OUTCOME_ID_PATTERN.test(check.checkId)) return AREAS.filter((a) => areas.has(a)).map((a) => cellKey(row, a));
  for (const f of check.failures) {
    const e = f.exchangeId === undefined ? undefined : exchanges.get(f.exchangeId);
    if (e) areas.add(e.area);
  }
  return AREAS.filter((a) => areas.has(a)).map((a) => cellKey(row, a));
}

export type CellState = 'pass' | 'warn' | 'fail' | 'none';

export interface CellTally {
  passed: number;
  failed: Record<Level, number>;
}

export function cellState(t: CellTally): CellState {
  if (t.failed.MUST > 0) return 'fail';
  if (t.failed.SHOULD + t.failed.MAY > 0) return 'warn';
  return t.passed > 0 ? 'pass' : 'none';
}

/** Tallies of every cell of the matrix, keyed by `cellKey`; cells nothing ran in are absent. */
export function matrixTallies(run: RunResult): Map<string, CellTally> {
  const exchanges = exchangeIndex(run);
  const tallies = new Map<string, CellTally>();
  for (const s of run.scenarios) {
    for (const c of s.checks) {
      for (const key of checkCells(s, c, exchanges)) {
        let t = tallies.get(key);
        if (!t) tallies.set(key, (t = { passed: 0, failed: { MUST: 0, SHOULD: 0, MAY: 0 } }));
        if (c.status === 'failed') t.failed[c.level]++;
        else t.passed++;
      }
    }
  }
  return tallies;
}

/** The identifier the engine's baseline diff is expected to use for one check in one scenario. */
export function checkKey(scenario: Pick<ScenarioResult, 'name'>, checkId: string): string {
  return `${scenario.name}::${checkId}`;
}

/**
 * Whether a baseline entry names this check result. Besides `checkKey`, a bare check id (the check
 * in every scenario) and `<scenario file><sep><checkId>` are accepted, so the reports still mark
 * changes if the engine keys its diff slightly differently.
 */
export function baselineEntryMatches(entry: string, scenario: ScenarioResult, checkId: string): boolean {
  if (entry === checkId || entry === checkKey(scenario, checkId)) return true;
  if (!entry.endsWith(checkId) || entry.length === checkId.length) return false;
  const prefix = entry.slice(0, -checkId.length).replace(/(::|#|\/|:|\s*›\s*|\s+)$/, '');
  return prefix === scenario.name || prefix === scenario.file;
}

export type BaselineChange = 'new' | 'fixed';

/** The baseline change of one check result, if the run carries a baseline and names it. */
export function baselineChange(run: RunResult, scenario: ScenarioResult, check: CheckResult): BaselineChange | undefined {
  const b = run.baseline;
  if (!b) return undefined;
  if (check.status === 'failed' && b.newFailures.some((e) => baselineEntryMatches(e, scenario, check.checkId))) return 'new';
  if (check.status === 'passed' && b.fixed.some((e) => baselineEntryMatches(e, scenario, check.checkId))) return 'fixed';
  return undefined;
}

/** Fixed baseline entries that name no check of this run (the check or scenario no longer runs). */
export function unmatchedFixed(run: RunResult): string[] {
  const b = run.baseline;
  if (!b) return [];
  return b.fixed.filter(
    (e) => !run.scenarios.some((s) => s.checks.some((c) => c.status === 'passed' && baselineEntryMatches(e, s, c.checkId))),
  );
}

export interface FailingCheck {
  scenario: ScenarioResult;
  check: CheckResult;
  change: BaselineChange | undefined;
}

const LEVEL_RANK: Record<Level, number> = { MUST: 0, SHOULD: 1, MAY: 2 };

/** Failing check results, most important first: by level, new failures first, then run order. */
export function failingChecks(run: RunResult): FailingCheck[] {
  const list: (FailingCheck & { order: number })[] = [];
  let order = 0;
  for (const scenario of run.scenarios) {
    for (const check of scenario.checks) {
      order++;
      if (check.status !== 'failed') continue;
      list.push({ scenario, check, change: baselineChange(run, scenario, check), order });
    }
  }
  list.sort(
    (a, b) =>
      LEVEL_RANK[a.check.level] - LEVEL_RANK[b.check.level] ||
      Number(b.change === 'new') - Number(a.change === 'new') ||
      a.order - b.order,
  );
  return list.map(({ order: _order, ...rest }) => rest);
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A finding's expected/actual as one line of text. `undefined` is a real value here (a header that
 * was absent), so it gets a word instead of disappearing the way JSON.stringify would drop it.
 */
export function formatValue(value: unknown, max = 300): string {
  let text: string;
  if (value === undefined) text = '(absent)';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
