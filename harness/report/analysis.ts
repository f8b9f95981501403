/**
 * Facts every report format derives from a `RunResult` the same way: the verdict wording, counts by
 * level, RFC links, request lines, baseline matching, the IdP × area matrix, what was not applicable and
 * what the clean-up left behind. Keeping them here means the Markdown summary, the JUnit file and the
 * HTML page never disagree about what failed, what did not apply, or where.
 */
import { evidenceFor, idpNames } from '../../mock-idp/index.js';
import { OUTCOME_ID_PATTERN } from '../checks/outcome.js';
import {
  AREAS,
  LEVELS,
  type Area,
  type CheckResult,
  type Exchange,
  type Leftover,
  type Level,
  type RunCleanup,
  type RunResult,
  type ScenarioResult,
  type StepResult,
} from '../model.js';

/** Matrix rows that always appear: the registered IdPs in registry order; any other IdP a run names goes before `core`. */
export const KNOWN_IDPS: readonly string[] = idpNames();
/** The matrix row of scenarios that drive no IdP (raw RFC requests). */
export const CORE_ROW = 'core';

export function idpRow(scenario: Pick<ScenarioResult, 'idp'>): string {
  return scenario.idp ?? CORE_ROW;
}

export function matrixRows(run: RunResult): string[] {
  const extra = new Set<string>();
  for (const s of run.scenarios) {
    const row = idpRow(s);
    if (row !== CORE_ROW && !KNOWN_IDPS.includes(row)) extra.add(row);
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
  /** Not applicable: neither passed nor failed, so counted apart from both. */
  notApplicable: number;
}

/** Check results by level, counted from the scenarios (the summary only keeps failures by level). */
export function levelCounts(run: RunResult): LevelCount[] {
  return LEVELS.map((level) => {
    const count: LevelCount = { level, passed: 0, failed: 0, notApplicable: 0 };
    for (const s of run.scenarios) {
      for (const c of s.checks) {
        if (c.level !== level) continue;
        if (c.status === 'failed') count.failed++;
        else if (c.status === 'passed') count.passed++;
        else count.notApplicable++;
      }
    }
    return count;
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

/** `na`: every check result of the cell was not applicable (the target lacks a feature); never a failure. */
export type CellState = 'pass' | 'warn' | 'fail' | 'na' | 'none';

export interface CellTally {
  passed: number;
  failed: Record<Level, number>;
  notApplicable: number;
}

export function cellState(t: CellTally): CellState {
  if (t.failed.MUST > 0) return 'fail';
  if (t.failed.SHOULD + t.failed.MAY > 0) return 'warn';
  if (t.passed > 0) return 'pass';
  return t.notApplicable > 0 ? 'na' : 'none';
}

/** Tallies of every cell of the matrix, keyed by `cellKey`; cells nothing ran in are absent. */
export function matrixTallies(run: RunResult): Map<string, CellTally> {
  const exchanges = exchangeIndex(run);
  const tallies = new Map<string, CellTally>();
  for (const s of run.scenarios) {
    for (const c of s.checks) {
      for (const key of checkCells(s, c, exchanges)) {
        let t = tallies.get(key);
        if (!t) tallies.set(key, (t = { passed: 0, failed: { MUST: 0, SHOULD: 0, MAY: 0 }, notApplicable: 0 }));
        if (c.status === 'failed') t.failed[c.level]++;
        else if (c.status === 'passed') t.passed++;
        else t.notApplicable++;
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

/**
 * The wording a set of reasons shares, or undefined when they share too little to stand on its own. The
 * runner appends each scenario's own detail to the target's reason (`… is false (needed: step 2 …)`),
 * so identical reasons are rare; their common start, cut back to a whole word and before an unclosed
 * parenthesis, is what a group of scenarios has in common.
 */
export function sharedReason(reasons: readonly string[]): string | undefined {
  const distinct = [...new Set(reasons)];
  if (distinct.length <= 1) return distinct[0];
  let prefix = distinct.reduce((p, r) => {
    let i = 0;
    while (i < p.length && i < r.length && p[i] === r[i]) i++;
    return p.slice(0, i);
  });
  const cutsWord = distinct.some((r) => /\w/.test(r[prefix.length] ?? '')) && /\w$/.test(prefix);
  if (cutsWord) prefix = prefix.slice(0, prefix.search(/\S*$/));
  const open = prefix.lastIndexOf('(');
  if (open >= 0 && !prefix.includes(')', open)) prefix = prefix.slice(0, open);
  prefix = prefix.replace(/[\s,;:\u2014-]+$/, '');
  // Under three words it is a coincidence of wording ("the target's"), not a shared reason.
  return prefix.split(/\s+/).length >= 3 ? prefix : undefined;
}

/** What a reason says beyond the shared part (its own detail), or the whole reason when nothing is shared. */
export function reasonDetail(reason: string, shared: string | undefined): string {
  if (shared === undefined || !reason.startsWith(shared)) return reason;
  return reason.slice(shared.length).trim();
}

export interface NotApplicableGroup {
  /** The missing feature (`groups`, `bulk`, `docker`…). */
  feature: string;
  /** What the group's reasons share (see `sharedReason`); undefined when they differ throughout. */
  reason: string | undefined;
  /** Each scenario lacking the feature, with its index in `run.scenarios` and its own detail of the reason. */
  scenarios: { scenario: ScenarioResult; index: number; detail: string }[];
}

/** Stands in for the reasons of a not-applicable scenario that recorded none. */
const UNRECORDED = 'unrecorded';

/**
 * Not-applicable scenarios grouped by the feature the target lacks, largest group first: "the target
 * has no Docker extension: 9 scenarios" says what to add to run them. A scenario lacking two features
 * is listed under both.
 */
export function notApplicableGroups(run: RunResult): NotApplicableGroup[] {
  const byFeature = new Map<string, { scenario: ScenarioResult; index: number; reason: string }[]>();
  run.scenarios.forEach((scenario, index) => {
    if (scenario.status !== 'not-applicable') return;
    const needs = scenario.notApplicable?.length
      ? scenario.notApplicable
      : [{ feature: UNRECORDED, reason: scenario.error ?? 'the run recorded no reason' }];
    for (const need of needs) {
      const list = byFeature.get(need.feature) ?? [];
      // The scenario's own side (why it needs the feature) is its detail; the target's reason is shared.
      list.push({ scenario, index, reason: 'needed' in need && need.needed ? `${need.reason} (needed: ${need.needed})` : need.reason });
      byFeature.set(need.feature, list);
    }
  });
  const groups = [...byFeature].map(([feature, list]): NotApplicableGroup => {
    const reason = sharedReason(list.map((e) => e.reason));
    return { feature, reason, scenarios: list.map((e) => ({ scenario: e.scenario, index: e.index, detail: reasonDetail(e.reason, reason) })) };
  });
  return groups.sort((a, b) => b.scenarios.length - a.scenarios.length || a.feature.localeCompare(b.feature));
}

export interface NotApplicableCheck {
  checkId: string;
  level: Level;
  title: string;
  reason: string;
  /** Names of the scenarios in which the check was not applicable for this reason. */
  scenarios: string[];
}

/** Not-applicable check results, one entry per check and reason, most scenarios first. */
export function notApplicableChecks(run: RunResult): NotApplicableCheck[] {
  const byKey = new Map<string, NotApplicableCheck>();
  for (const s of run.scenarios) {
    for (const c of s.checks) {
      if (c.status !== 'not-applicable') continue;
      const reason = c.reason ?? 'the run recorded no reason';
      const key = `${c.checkId}\u0000${reason}`;
      const entry = byKey.get(key) ?? { checkId: c.checkId, level: c.level, title: c.title, reason, scenarios: [] };
      entry.scenarios.push(s.name);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].sort((a, b) => b.scenarios.length - a.scenarios.length || a.checkId.localeCompare(b.checkId));
}

export type RunLeftover = RunCleanup['leftovers'][number];

/** The run's clean-up as the reports show it; `sweep` is unknown when only the scenarios' clean-ups were recorded. */
export type CleanupView = Omit<RunCleanup, 'sweep'> & { sweep: RunCleanup['sweep'] | undefined };

/**
 * The run's clean-up: `run.cleanup` when the runner summed it, otherwise the scenarios' own added up (a
 * run cut short may carry only those). Undefined when nothing was cleaned up (the embedded provider).
 */
export function cleanupOf(run: RunResult): CleanupView | undefined {
  if (run.cleanup) return run.cleanup;
  const scenarios = run.scenarios.filter((s) => s.cleanup !== undefined);
  if (scenarios.length === 0) return undefined;
  const leftovers = scenarios.flatMap((s) => s.cleanup!.leftovers.map((l) => ({ ...l, scenario: s.name })));
  return {
    created: scenarios.reduce((n, s) => n + s.cleanup!.created, 0),
    deleted: scenarios.reduce((n, s) => n + s.cleanup!.deleted, 0),
    kept: leftovers.length > 0 && leftovers.every((l) => l.outcome === 'kept'),
    leftovers,
    sweep: undefined,
  };
}

/** Leftovers no scenario's own clean-up lists: found only by the final sweep, or of a scenario not reported. */
export function unattributedLeftovers(run: RunResult): RunLeftover[] {
  const listed = (l: RunLeftover) =>
    run.scenarios.some((s) => s.name === l.scenario && s.cleanup?.leftovers.some((o) => o.type === l.type && o.id === l.id));
  return (run.cleanup?.leftovers ?? []).filter((l) => !listed(l));
}

/** `User isabella@example.com (id 2819…)`: what to look for at the target. */
export function leftoverName(l: Pick<Leftover, 'type' | 'id' | 'name'>): string {
  return l.name === undefined || l.name === '' ? `${l.type} id ${l.id}` : `${l.type} ${l.name} (id ${l.id})`;
}

export const OUTCOME_TEXT: Record<Leftover['outcome'], string> = {
  kept: 'kept (--keep)',
  deactivated: 'deactivated, not deleted',
  left: 'left in place',
};

/** `created 3, removed 2`, and the final sweep in words when it is known. */
export function cleanupLine(c: CleanupView): string {
  const sweep = c.sweep === undefined ? '' : c.sweep.ran ? `; final sweep: found ${c.sweep.found}, removed ${c.sweep.deleted} (${c.sweep.note})` : `; final sweep did not run: ${c.sweep.note}`;
  return `created ${c.created}, removed ${c.deleted}${c.kept ? ' (--keep: nothing removed on purpose)' : ''}${sweep}`;
}

/** Why we believe an IdP sent what a step sent: the declared behaviour and the sources it rests on. */
export interface StepEvidence {
  behaviour: string;
  title: string;
  audit: string | null;
  /** Set when the behaviour has no primary evidence (or the sources disagree): the profile's reasoning. */
  note: string | null;
  sources: { tag: string; title: string; url: string; kind: 'documented' | 'reported' }[];
}

/** The behaviours a step's IdP requests enacted, once each in the order sent, with their evidence. */
export function stepEvidence(step: Pick<StepResult, 'exchangeIds'>, exchanges: ReadonlyMap<string, Exchange>): StepEvidence[] {
  const ids = [...new Set(step.exchangeIds.map((id) => exchanges.get(id)?.behaviour).filter((b): b is string => b !== undefined))];
  return ids.map(behaviourEvidence);
}

/** One declared behaviour with its sources, or a stand-in saying no registered profile declares it. */
export function behaviourEvidence(id: string): StepEvidence {
  const found = evidenceFor(id);
  if (found === undefined) return { behaviour: id, title: 'not declared by any registered IdP profile', audit: null, note: null, sources: [] };
  const { behaviour } = found;
  return { behaviour: id, title: behaviour.title, audit: behaviour.audit ?? null, note: behaviour.note ?? null, sources: found.sources };
}

/** One line per behaviour for the text reports: `okta.x (O-7) Okta links…: S1 Title (documented) url`. */
export function evidenceLines(evidence: StepEvidence[]): string[] {
  return evidence.map((e) => `${e.behaviour}${e.audit ? ` (${e.audit})` : ''} ${e.title}: ${evidenceText(e)}`);
}

/** The sources in one line, `S1 Title (documented) url; …`, or that there is none and why. */
export function evidenceText(e: StepEvidence): string {
  return e.sources.length > 0 ? e.sources.map((s) => `${s.tag} ${s.title} (${s.kind}) ${s.url}`).join('; ') : `no primary evidence${e.note ? `: ${e.note}` : ''}`;
}
