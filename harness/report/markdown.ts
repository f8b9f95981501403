/**
 * report.md: the run in a form meant to be pasted as a PR comment or a CI job summary. GitHub refuses
 * comments over 65,536 characters (and job summaries over 1 MiB), so the text is kept under a byte budget
 * whatever the size of the run. It reads top-down as a triage: the verdict and counts (never cut); one line
 * per IdP saying whether it will work (readiness); the root causes, ranked, the top ones in full with their
 * fix; then everything else folded in `<details>`: run details, what the clean-up left on the target
 * (open: someone has to remove it), the baseline, what was not applicable, the scenario table, failed steps
 * with the steps that failed only because of them nested as consequences (not counted), and failing checks,
 * each section cut with a closing "more" line when its share of the budget is spent.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exchange, ReadinessVerdict, RootCause, RunResult, ScenarioResult, StepResult } from '../model.js';
import {
  breaksVerdict,
  cleanupLine,
  cleanupOf,
  exchangeIndex,
  failingChecks,
  failOnLabel,
  formatDuration,
  formatValue,
  levelCounts,
  notApplicableChecks,
  notApplicableGroups,
  OUTCOME_TEXT,
  requestLine,
  rfcRefs,
  verdictText,
  type FailingCheck,
  type RunLeftover,
  evidenceLines,
  stepEvidence,
} from './analysis.js';
import type { Reporter } from './reporter.js';

export const MARKDOWN_REPORT_FILE = 'report.md';
export const DEFAULT_MARKDOWN_BUDGET = 60_000;

export interface MarkdownOptions {
  /** Upper bound of the output in UTF-8 bytes. */
  maxBytes?: number;
}

// C0 controls (but tab and line breaks) would be invisible or break rendering; show them as `\uXXXX`.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const visible = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Plain text inside a Markdown line: one line, markup characters backslash-escaped. */
export function mdText(text: string): string {
  return text
    .replace(CONTROL, visible)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_{}[\]<>|#~&!]/g, (c) => `\\${c}`);
}

/** A code span that survives any content; in tables `|` must be escaped even inside code. */
export function mdCode(text: string, options: { inTable?: boolean; max?: number } = {}): string {
  const max = options.max ?? 300;
  let t = text.replace(CONTROL, visible).replace(/[\r\n]+/g, ' ');
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  if (options.inTable) t = t.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

const STATUS_ICON: Record<ScenarioResult['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  error: '⚠️ error',
  'not-applicable': '➖ not applicable',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Cuts free text from the target (reasons, notes) that would otherwise take a whole budget. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function countsLine(run: RunResult): string {
  const s = run.summary.scenarios;
  const na = run.summary.notApplicableChecks;
  const checks = `${run.summary.failedChecks} failed and ${run.summary.passedChecks} passed check results${na ? ` (${na} not applicable)` : ''}`;
  return (
    `${checks} in ${s.total} scenarios (${s.passed} passed, ${s.failed} failed, ${s.error} error, ${s.notApplicable} not applicable). ` +
    `The run fails on ${failOnLabel(run.failOn)} failures.`
  );
}

function metaLine(run: RunResult): string {
  const target = [run.target.kind, run.target.profile && `profile ${run.target.profile}`].filter(Boolean).join(', ');
  return [
    `${mdText(run.tool.name)} ${mdText(run.tool.version)}`,
    run.runId ? `run ${mdCode(run.runId)}` : undefined,
    `target ${mdCode(run.target.url)} (${mdText(target)})`,
    `IdPs: ${run.idps.length ? run.idps.map((i) => mdText(i)).join(', ') : 'none'}`,
    run.required?.length ? `required: ${run.required.map((f) => mdCode(f)).join(', ')}` : undefined,
    run.seed === undefined ? undefined : `seed ${run.seed}`,
    formatDuration(run.durationMs),
  ]
    .filter(Boolean)
    .join(' · ');
}

function levelTable(run: RunResult): string[] {
  const counts = levelCounts(run);
  // The column only appears when something was not applicable, so embedded runs read as before.
  if (!counts.some((c) => c.notApplicable > 0)) {
    return ['| level | failed | passed |', '|---|--:|--:|', ...counts.map((c) => `| ${c.level} | ${c.failed} | ${c.passed} |`)];
  }
  return [
    '| level | failed | passed | not applicable |',
    '|---|--:|--:|--:|',
    ...counts.map((c) => `| ${c.level} | ${c.failed} | ${c.passed} | ${c.notApplicable} |`),
  ];
}

/** The verdict, the interruption and the one-line counts: what a job summary must show before anything else. */
function headerSection(run: RunResult): string {
  const icon = run.summary.conformant ? '✅' : '❌';
  const lines = [`## ${icon} SCIM conformance: ${verdictText(run)}${run.interrupted ? ' (interrupted)' : ''}`, ''];
  if (run.interrupted) {
    lines.push(
      `> ⛔ **Interrupted**: the run was stopped (Ctrl-C or SIGTERM) before every scenario ran; these counts cover only the ${plural(run.scenarios.length, 'scenario')} that ran.`,
      '',
    );
  }
  lines.push(countsLine(run));
  return lines.join('\n');
}

/** Run metadata, the clean-up in one line when it left nothing, and counts by level: reference, folded. */
function runDetailsBody(run: RunResult): string {
  const lines = [clip(metaLine(run), 2000), ''];
  const cleanup = cleanupOf(run);
  // A clean clean-up is one line here; anything left behind gets its own (open) section.
  if (cleanup && cleanup.leftovers.length === 0) lines.push(`🧹 Clean-up: ${mdText(cleanupLine(cleanup))}; nothing left behind.`, '');
  lines.push(...levelTable(run));
  return lines.join('\n');
}

const READINESS_MARK: Record<ReadinessVerdict, string> = { works: '✅', 'works-with-warnings': '⚠️', breaks: '❌', 'not-tested': '➖' };

/** One line per IdP: will it work with this target, in its own words. At most a sixth of the budget. */
function readinessSection(run: RunResult, budget: { left: number }): string | undefined {
  const list = run.readiness ?? [];
  if (list.length === 0) return undefined;
  const head = '### Readiness';
  const lines = list.map((r) => `- ${READINESS_MARK[r.verdict]} ${mdText(clip(r.headline, 400))}`);
  const share = { left: Math.floor(budget.left / 6) - bytes(head) };
  const kept: string[] = [];
  const cut = fillLines(kept, lines, share);
  const block = [head, '', ...kept, ...(cut ? [`- … ${cut} more IdPs (see report.html)`] : [])].join('\n');
  budget.left -= bytes(block) + 2;
  return block;
}

/** `breaks 3 IdP actions in 2 scenarios (okta, entra)`; a cause that breaks no IdP action counts its failures. */
export function impactText(rc: RootCause): string {
  const i = rc.impact;
  const what = i.idpActions > 0 ? `breaks ${plural(i.idpActions, 'IdP action')}` : plural(i.failures, 'failure');
  const idps = i.idps.length ? ` (${i.idps.map((x) => mdText(x)).join(', ')})` : '';
  return `${what} in ${plural(i.scenarios, 'scenario')}${idps}`;
}

/** How many root causes are shown in full; the rest get one line each, as far as the budget goes. */
export const ROOT_CAUSES_IN_FULL = 5;

function rootCauseFull(rc: RootCause, rank: number, run: RunResult): string {
  const icon = breaksVerdict(rc.level, run.failOn) ? '❌' : '⚠️';
  const lines = [
    `${rank}. ${icon} **${rc.level}** ${mdCode(rc.checkId ?? rc.id, { max: 120 })} — ${mdText(clip(rc.title, 300))}`,
    `   - Observed: ${mdText(clip(rc.observed, 600))}`,
    `   - Required: ${mdText(clip(rc.required, 600))}`,
    `   - **Fix:** ${mdText(clip(rc.hint, 600))}`,
    `   - Impact: ${impactText(rc)}`,
  ];
  const ex = rc.example;
  if (ex) {
    const line = `${ex.request}${ex.status === undefined ? '' : ` → ${ex.status}`}`;
    lines.push(`   - Example: ${mdCode(line, { max: 400 })} (scenario **${mdText(clip(ex.scenario, 200))}**)`);
  }
  return lines.join('\n');
}

function rootCauseLine(rc: RootCause, rank: number, run: RunResult): string {
  const icon = breaksVerdict(rc.level, run.failOn) ? '❌' : '⚠️';
  return `${rank}. ${icon} **${rc.level}** ${mdCode(rc.checkId ?? rc.id, { max: 120 })} — ${mdText(clip(rc.observed, 200))} · ${impactText(rc)}`;
}

/** Root causes as ranked by the run (most damaging first): the top ones in full, then one line each. At most 40% of the budget. */
function rootCausesSection(run: RunResult, budget: { left: number }): string | undefined {
  const causes = run.rootCauses ?? [];
  if (causes.length === 0) return undefined;
  const head = `### Root causes (${causes.length})`;
  const blocks = causes.map((rc, i) => (i < ROOT_CAUSES_IN_FULL ? rootCauseFull(rc, i + 1, run) : rootCauseLine(rc, i + 1, run)));
  const share = { left: Math.floor(budget.left * 0.4) - bytes(head) };
  const kept: string[] = [];
  const cut = fillLines(kept, blocks, share);
  const block = [head, '', ...kept, ...(cut ? [`… ${cut} more root causes (see report.html or report.json)`] : [])].join('\n');
  budget.left -= bytes(block) + 2;
  return block;
}

/** A `<details>` block GitHub renders folded (the blank lines let Markdown work inside it). */
function fold(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function leftoverLine(l: RunLeftover): string {
  const where = l.scenario === undefined ? 'found by the final sweep' : `scenario **${mdText(l.scenario)}**`;
  const name = l.name === undefined || l.name === '' ? '' : ` ${mdCode(l.name, { max: 120 })}`;
  return `- **${l.type}**${name} (id ${mdCode(l.id, { max: 120 })}): ${OUTCOME_TEXT[l.outcome]} — ${mdText(clip(l.reason, 400))} (${where})`;
}

/** Resources left on the target: the heading and totals always, the list as far as its share of the budget goes. */
function leftoversSection(run: RunResult, budget: { left: number }): string | undefined {
  const cleanup = cleanupOf(run);
  if (!cleanup || cleanup.leftovers.length === 0) return undefined;
  const n = cleanup.leftovers.length;
  const kept = cleanup.leftovers.every((l) => l.outcome === 'kept');
  const summary = kept ? `🗃️ Kept on the target with --keep (${n})` : `⚠️ Left behind on the target (${n})`;
  const head = [
    `Clean-up: ${mdText(cleanupLine(cleanup))}; left behind: ${plural(n, 'resource')}.` +
      (run.runId ? ` Every resource of this run carries ${mdCode(run.runId)} in its name: search the target for it.` : ''),
    '',
  ].join('\n');
  const items: string[] = [];
  const share = { left: Math.floor((budget.left - bytes(head) - bytes(fold(summary, '', true))) * 0.4) };
  const cut = fill(items, cleanup.leftovers.map(leftoverLine), share);
  // Open: someone has to remove these from a server that is not ours, so they are not folded away.
  const block = fold(summary, [head, ...items, ...(cut ? [`- …and ${cut} more (report.json lists them all)`] : [])].join('\n'), !kept);
  budget.left -= bytes(block) + 2;
  return block;
}

function groupLines(run: RunResult): string[] {
  return notApplicableGroups(run).map((g) => {
    const reason = g.reason === undefined ? '' : ` — ${mdText(clip(g.reason, 300))}`;
    const shown = g.scenarios.slice(0, 10).map((e) => `  - ${mdText(e.scenario.name)}${e.detail ? ` ${mdText(clip(e.detail, 200))}` : ''}`);
    const more = g.scenarios.length > shown.length ? [`  - …and ${g.scenarios.length - shown.length} more`] : [];
    return [`- ${mdCode(g.feature, { max: 120 })}${reason}: **${plural(g.scenarios.length, 'scenario')}**`, ...shown, ...more].join('\n');
  });
}

function naCheckLines(run: RunResult): string[] {
  return notApplicableChecks(run).map((c) => {
    const where = c.scenarios.length === 1 ? mdText(c.scenarios[0]!) : plural(c.scenarios.length, 'scenario');
    return `- ${mdCode(c.checkId, { max: 120 })} (${c.level}) — ${mdText(clip(c.reason, 300))}: ${where}`;
  });
}

/** Scenarios and checks that did not apply, grouped by the missing feature; at most a quarter of the budget. */
function notApplicableSection(run: RunResult, budget: { left: number }): string | undefined {
  const groups = groupLines(run);
  const checks = naCheckLines(run);
  if (groups.length === 0 && checks.length === 0) return undefined;
  const scenarios = run.scenarios.filter((s) => s.status === 'not-applicable').length;
  const results = notApplicableChecks(run).reduce((n, c) => n + c.scenarios.length, 0);
  const counts = [scenarios ? plural(scenarios, 'scenario') : '', results ? plural(results, 'check result') : ''].filter(Boolean).join(', ');
  const summary = `➖ Not applicable (${counts})`;
  const lines = ['The target does not advertise what these need: they did not run, and count as neither passed nor failed.'];
  const share = { left: Math.floor(budget.left * 0.25) - bytes(lines.join('\n')) - bytes(fold(summary, '')) };
  if (groups.length) {
    const kept: string[] = [];
    const cut = fill(kept, groups, share);
    lines.push('', ...kept, ...(cut ? [`- …and ${cut} more missing features (see report.html)`] : []));
  }
  if (checks.length) {
    const kept: string[] = [];
    const cut = fill(kept, checks, share);
    lines.push('', '**Checks not applicable**', '', ...kept, ...(cut ? [`- …and ${cut} more`] : []));
  }
  const block = fold(summary, lines.join('\n'));
  budget.left -= bytes(block) + 2;
  return block;
}

/** What the target advertises, folded away: reference, not news. */
function featuresSection(run: RunResult): string | undefined {
  const features = run.target.features;
  if (!features?.length) return undefined;
  const required = new Set(run.required ?? []);
  const rows = features.map((f) => {
    const mark = `${f.supported ? '✅ yes' : '➖ no'}${required.has(f.feature) ? ' · required' : ''}`;
    return `| ${mdCode(f.feature, { inTable: true, max: 120 })} | ${mark} | ${mdText(clip(f.source, 200))} |`;
  });
  const advertised = features.filter((f) => f.supported).length;
  return fold(`What the target advertises (${advertised} of ${features.length} features)`, ['| feature | advertised | read from |', '|---|---|---|', ...rows].join('\n'));
}

function baselineSection(run: RunResult): string | undefined {
  const b = run.baseline;
  if (!b) return undefined;
  const list = (items: string[]) => [
    ...items.slice(0, 20).map((i) => `- ${mdCode(i)}`),
    ...(items.length > 20 ? [`- …and ${items.length - 20} more`] : []),
  ];
  const lines = [`Baseline ${mdCode(b.file)}`];
  if (b.newFailures.length) lines.push('', '**New failures**', '', ...list(b.newFailures));
  if (b.fixed.length) lines.push('', '**Fixed**', '', ...list(b.fixed));
  return fold(`Compared with baseline: 🆕 ${b.newFailures.length} new failure${b.newFailures.length === 1 ? '' : 's'} · 🎉 ${b.fixed.length} fixed`, lines.join('\n'));
}

function scenarioRow(s: ScenarioResult): string {
  const failed = s.checks.filter((c) => c.status === 'failed');
  const passed = s.checks.filter((c) => c.status === 'passed').length;
  const na = s.checks.length - failed.length - passed;
  const shown = failed.slice(0, 5).map((c) => `${mdCode(c.checkId, { inTable: true, max: 80 })} (${c.level})`);
  if (failed.length > shown.length) shown.push(`+${failed.length - shown.length} more`);
  const notes = [...shown];
  if (s.status === 'not-applicable') notes.push(`needs ${(s.notApplicable ?? []).map((u) => mdCode(u.feature, { inTable: true, max: 80 })).join(', ') || 'a feature the target lacks'}`);
  else if (na > 0) notes.push(`${na} not applicable`);
  if (s.error !== undefined) notes.push(`error: ${mdText(clip(s.error, 160))}`);
  const left = s.cleanup?.leftovers.length ?? 0;
  if (left > 0) notes.push(`left ${left} on the target`);
  const idp = s.idp === undefined ? 'core' : mdText(s.idp);
  // Not-applicable checks neither passed nor failed: "passed/judged" leaves them out of both.
  const ratio = s.status === 'not-applicable' && passed + failed.length === 0 ? '—' : `${passed}/${passed + failed.length}`;
  return `| ${STATUS_ICON[s.status]} | ${mdText(s.name)} | ${idp} | ${ratio} | ${notes.join(', ') || '—'} |`;
}

const STATUS_ORDER: Record<ScenarioResult['status'], number> = { error: 0, failed: 1, passed: 2, 'not-applicable': 3 };

/** A step that failed only because an earlier one did: a consequence, never counted as a problem of its own. */
const isConsequence = (step: StepResult) => step.status !== 'passed' && step.consequenceOf !== undefined;

function consequenceText(step: StepResult): string {
  const c = step.consequenceOf!;
  return `step ${step.index} ${mdCode(step.label, { max: 120 })}: consequence of step ${c.step}: ${mdText(clip(c.reason, 300))}`;
}

interface Problems {
  /** One block per scenario error or failed step, its consequences nested under it. */
  blocks: string[];
  failedSteps: number;
  errors: number;
  consequences: number;
}

function problemBlocks(run: RunResult): Problems {
  const out: Problems = { blocks: [], failedSteps: 0, errors: 0, consequences: 0 };
  const exchanges = exchangeIndex(run);
  for (const s of run.scenarios) {
    if (s.error !== undefined) {
      out.errors++;
      out.blocks.push(`- ⚠️ **${mdText(s.name)}**: ${mdText(clip(s.error, 600))}`);
    }
    const failed = s.steps.filter((st) => st.status !== 'passed');
    const causes = new Set(failed.filter((st) => !isConsequence(st)).map((st) => st.index));
    for (const step of failed) {
      if (isConsequence(step)) {
        out.consequences++;
        // Listed under its cause below; standing alone only when the cause is not a failed step of this scenario.
        if (!causes.has(step.consequenceOf!.step)) out.blocks.push(`- ↪ **${mdText(s.name)}** ${consequenceText(step)}`);
        continue;
      }
      out.failedSteps++;
      const why = step.messages.length ? step.messages.map((m) => mdText(clip(m, 600))).join('; ') : step.status;
      const lines = [`- ${step.status === 'error' ? '⚠️' : '❌'} **${mdText(s.name)}** step ${step.index} ${mdCode(step.label, { max: 120 })}: ${why}`];
      for (const line of evidenceLines(stepEvidence(step, exchanges))) lines.push(`  - evidence: ${mdText(line)}`);
      if (step.omittedExchanges) lines.push(`  - ${step.omittedExchanges} more exchanges of this step passed every check and were not kept`);
      for (const c of failed) if (isConsequence(c) && c.consequenceOf!.step === step.index) lines.push(`  - ↪ ${consequenceText(c)}`);
      out.blocks.push(lines.join('\n'));
    }
  }
  return out;
}

function exchangeText(exchange: Exchange | undefined, id: string | undefined): string | undefined {
  if (exchange) return `${mdCode(requestLine(exchange), { max: 400 })} (${mdText(exchange.label)}, ${formatDuration(exchange.durationMs)})`;
  return id === undefined ? undefined : `exchange ${mdCode(id)} (not recorded)`;
}

function checkSection(item: FailingCheck, run: RunResult, exchanges: Map<string, Exchange>): string {
  const { check, scenario, change } = item;
  const icon = breaksVerdict(check.level, run.failOn) ? '❌' : '⚠️';
  const refs = rfcRefs(check.rfc);
  const rfc = refs.length ? refs.map((r) => `[${mdText(r.label)}](${r.href})`).join(', ') : mdText(check.rfc);
  const badge = change === 'new' ? ' · 🆕 new' : '';
  const lines = [
    `#### ${icon} ${mdCode(check.checkId, { max: 120 })} · ${check.level} · ${rfc}${badge}`,
    '',
    `${mdText(check.title)} — scenario **${mdText(scenario.name)}** (${scenario.idp === undefined ? 'core' : mdText(scenario.idp)})`,
    '',
  ];
  for (const f of check.failures) {
    lines.push(`- **${mdText(f.subject)}**: ${mdText(f.message)}`);
    if (f.expected !== undefined || f.actual !== undefined) {
      lines.push(`  - expected: ${mdCode(formatValue(f.expected))}`, `  - actual: ${mdCode(formatValue(f.actual))}`);
    }
    const request = exchangeText(f.exchangeId === undefined ? undefined : exchanges.get(f.exchangeId), f.exchangeId);
    if (request) lines.push(`  - request: ${request}`);
  }
  if (check.failures.length === 0) lines.push('- (no failing finding recorded)');
  return lines.join('\n');
}

/**
 * Adds blocks while they fit in `budget` bytes (counting the blank line between blocks) and returns
 * how many did not.
 */
function fill(out: string[], blocks: string[], budget: { left: number }): number {
  return fillWith(out, blocks, budget, 2);
}

/** `fill` for lines of one list (one line break between them). */
function fillLines(out: string[], lines: string[], budget: { left: number }): number {
  return fillWith(out, lines, budget, 1);
}

function fillWith(out: string[], blocks: string[], budget: { left: number }, separator: number): number {
  let i = 0;
  for (; i < blocks.length; i++) {
    const cost = bytes(blocks[i]!) + separator;
    if (cost > budget.left) break;
    out.push(blocks[i]!);
    budget.left -= cost;
  }
  return blocks.length - i;
}

/**
 * The report, in reading order: the verdict and counts; readiness per IdP; root causes, ranked; then
 * everything else folded in `<details>` (run details, leftovers (open), baseline, not applicable,
 * scenarios, failed steps with their consequences, failing checks, what the target advertises).
 */
export function toMarkdown(run: RunResult, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MARKDOWN_BUDGET;
  // Room for the "N more" lines that may have to be added after a section is cut, and the fold wrappers.
  const reserve = 600;
  const budget = { left: maxBytes - reserve };
  // The verdict is the point of the summary: it is never cut, whatever the budget.
  const header = headerSection(run);
  const out: string[] = [header];
  budget.left -= bytes(header) + 2;
  // Closing the report but reserved first: small tables the reader may need to make sense of the rest.
  const features = featuresSection(run);
  if (features) budget.left -= bytes(features) + 2;
  const details = fold('Run details and counts by level', runDetailsBody(run));
  budget.left -= bytes(details) + 2;

  const readiness = readinessSection(run, budget);
  if (readiness) out.push(readiness);
  const causes = rootCausesSection(run, budget);
  if (causes) out.push(causes);
  out.push(details);

  const leftovers = leftoversSection(run, budget);
  if (leftovers) out.push(leftovers);
  const baseline = baselineSection(run);
  if (baseline) fill(out, [baseline], budget);
  const notApplicable = notApplicableSection(run, budget);
  if (notApplicable) out.push(notApplicable);

  // The scenario table may use at most 40% of what is left, so failing checks always get space.
  const scenarios = [...run.scenarios].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  const tableSummary = `Scenarios (${run.scenarios.length})`;
  const tableHead = '| status | scenario | idp | checks passed | failed checks, notes |\n|---|---|---|--:|---|';
  const tableBudget = { left: Math.floor(budget.left * 0.4) - bytes(tableHead) - bytes(fold(tableSummary, '')) };
  const rows: string[] = [];
  const rowsLeft = fillLines(rows, scenarios.map(scenarioRow), tableBudget);
  const more = rowsLeft > 0 ? `\n\n…and ${rowsLeft} more scenarios (see report.html).` : '';
  const table = fold(tableSummary, `${tableHead}\n${rows.join('\n')}${more}`);
  out.push(table);
  budget.left -= bytes(table) + 2;

  const problems = problemBlocks(run);
  if (problems.blocks.length) {
    const counted = [plural(problems.failedSteps, 'failed step'), problems.errors ? plural(problems.errors, 'scenario error') : ''].filter(Boolean).join(', ');
    const summary = `Scenario errors and failed steps (${counted}${problems.consequences ? `; ${plural(problems.consequences, 'consequence')}, not counted` : ''})`;
    const kept: string[] = [];
    const problemBudget = { left: Math.floor(budget.left * 0.25) - bytes(fold(summary, '')) };
    const cut = fillLines(kept, problems.blocks, problemBudget);
    const block = fold(summary, [...kept, ...(cut ? [`- …and ${cut} more`] : [])].join('\n'));
    out.push(block);
    budget.left -= bytes(block) + 2;
  }

  const exchanges = exchangeIndex(run);
  const failing = failingChecks(run);
  if (failing.length) {
    const summary = `Failing checks (${failing.length})`;
    budget.left -= bytes(fold(summary, '')) + 2;
    const kept: string[] = [];
    const cut = fill(kept, failing.map((f) => checkSection(f, run, exchanges)), budget);
    if (cut > 0) kept.push(`…and ${cut} more failing check${cut === 1 ? '' : 's'} not shown here: see report.html or report.json.`);
    out.push(fold(summary, kept.join('\n\n')));
  }
  if (features) out.push(features);
  return `${out.join('\n\n')}\n`;
}

export const markdownReporter: Reporter = {
  format: 'md',
  async write(run, outDir) {
    const file = join(outDir, MARKDOWN_REPORT_FILE);
    await writeFile(file, toMarkdown(run), 'utf8');
    return [file];
  },
};
