/**
 * report.md: the run in a form meant to be pasted as a PR comment or a CI job summary. GitHub refuses
 * comments over 65,536 characters, so the text is kept under a byte budget: the verdict, counts and
 * scenario table come first, then failing checks most important first until the budget is spent, and
 * a closing line says how many were left out.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exchange, RunResult, ScenarioResult } from '../model.js';
import {
  breaksVerdict,
  exchangeIndex,
  failingChecks,
  failOnLabel,
  formatDuration,
  formatValue,
  levelCounts,
  requestLine,
  rfcRefs,
  verdictText,
  type FailingCheck,
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

const STATUS_ICON: Record<ScenarioResult['status'], string> = { passed: '✅ passed', failed: '❌ failed', error: '⚠️ error' };

function headerSection(run: RunResult): string {
  const icon = run.summary.conformant ? '✅' : '❌';
  const s = run.summary.scenarios;
  const target = [run.target.kind, run.target.profile && `profile ${run.target.profile}`].filter(Boolean).join(', ');
  const meta = [
    `${mdText(run.tool.name)} ${mdText(run.tool.version)}`,
    `target ${mdCode(run.target.url)} (${mdText(target)})`,
    `IdPs: ${run.idps.length ? run.idps.map((i) => mdText(i)).join(', ') : 'none'}`,
    run.seed === undefined ? undefined : `seed ${run.seed}`,
    formatDuration(run.durationMs),
  ].filter(Boolean);
  const rows = levelCounts(run).map((c) => `| ${c.level} | ${c.failed} | ${c.passed} |`);
  return [
    `## ${icon} SCIM conformance: ${verdictText(run)}`,
    '',
    `${run.summary.failedChecks} failed and ${run.summary.passedChecks} passed check results in ${s.total} scenarios ` +
      `(${s.passed} passed, ${s.failed} failed, ${s.error} error). The run fails on ${failOnLabel(run.failOn)} failures.`,
    '',
    meta.join(' · '),
    '',
    '| level | failed | passed |',
    '|---|--:|--:|',
    ...rows,
  ].join('\n');
}

function baselineSection(run: RunResult): string | undefined {
  const b = run.baseline;
  if (!b) return undefined;
  const list = (items: string[]) => [
    ...items.slice(0, 20).map((i) => `- ${mdCode(i)}`),
    ...(items.length > 20 ? [`- …and ${items.length - 20} more`] : []),
  ];
  const lines = [
    `### Compared with baseline ${mdCode(b.file)}`,
    '',
    `🆕 ${b.newFailures.length} new failure${b.newFailures.length === 1 ? '' : 's'} · 🎉 ${b.fixed.length} fixed`,
  ];
  if (b.newFailures.length) lines.push('', '**New failures**', '', ...list(b.newFailures));
  if (b.fixed.length) lines.push('', '**Fixed**', '', ...list(b.fixed));
  return lines.join('\n');
}

function scenarioRow(s: ScenarioResult): string {
  const failed = s.checks.filter((c) => c.status === 'failed');
  const shown = failed.slice(0, 5).map((c) => `${mdCode(c.checkId, { inTable: true, max: 80 })} (${c.level})`);
  if (failed.length > shown.length) shown.push(`+${failed.length - shown.length} more`);
  const notes = [...shown];
  if (s.error !== undefined) notes.push(`error: ${mdText(s.error.length > 160 ? `${s.error.slice(0, 159)}…` : s.error)}`);
  const idp = s.idp === undefined ? 'core' : mdText(s.idp);
  return `| ${STATUS_ICON[s.status]} | ${mdText(s.name)} | ${idp} | ${s.checks.length - failed.length}/${s.checks.length} | ${notes.join(', ') || '—'} |`;
}

const STATUS_ORDER: Record<ScenarioResult['status'], number> = { error: 0, failed: 1, passed: 2 };

function problemLines(run: RunResult): string[] {
  const lines: string[] = [];
  for (const s of run.scenarios) {
    if (s.error !== undefined) lines.push(`- ⚠️ **${mdText(s.name)}**: ${mdText(s.error)}`);
    for (const step of s.steps) {
      if (step.status === 'passed') continue;
      const why = step.messages.length ? step.messages.map(mdText).join('; ') : step.status;
      lines.push(`- ${step.status === 'error' ? '⚠️' : '❌'} **${mdText(s.name)}** step ${step.index} ${mdCode(step.label, { max: 120 })}: ${why}`);
    }
  }
  return lines;
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
  let i = 0;
  for (; i < blocks.length; i++) {
    const cost = bytes(blocks[i]!) + 2;
    if (cost > budget.left) break;
    out.push(blocks[i]!);
    budget.left -= cost;
  }
  return blocks.length - i;
}

export function toMarkdown(run: RunResult, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MARKDOWN_BUDGET;
  // Room for the "N more" lines that may have to be added after a section is cut.
  const reserve = 400;
  const budget = { left: maxBytes - reserve };
  // The verdict is the point of the summary: it is never cut, whatever the budget.
  const header = headerSection(run);
  const out: string[] = [header];
  budget.left -= bytes(header) + 2;
  const baseline = baselineSection(run);
  if (baseline) fill(out, [baseline], budget);

  // The scenario table may use at most 40% of what is left, so failing checks always get space.
  const scenarios = [...run.scenarios].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  const tableHead = '### Scenarios\n\n| status | scenario | idp | checks passed | failed checks |\n|---|---|---|--:|---|';
  const tableBudget = { left: Math.floor(budget.left * 0.4) - bytes(tableHead) };
  const rows: string[] = [];
  let rowsLeft = scenarios.length;
  for (const s of scenarios) {
    const row = scenarioRow(s);
    if (bytes(row) + 1 > tableBudget.left) break;
    rows.push(row);
    tableBudget.left -= bytes(row) + 1;
    rowsLeft--;
  }
  const more = rowsLeft > 0 ? `\n\n…and ${rowsLeft} more scenarios (see report.html).` : '';
  const table = `${tableHead}\n${rows.join('\n')}${more}`;
  out.push(table);
  budget.left -= bytes(table) + 2;

  const problems = problemLines(run);
  if (problems.length) {
    const head = '### Scenario errors and failed steps';
    const kept: string[] = [];
    const problemBudget = { left: Math.floor(budget.left * 0.25) - bytes(head) };
    const cut = fill(kept, problems, problemBudget);
    const block = [head, '', ...kept, ...(cut ? [`- …and ${cut} more`] : [])].join('\n');
    out.push(block);
    budget.left -= bytes(block) + 2;
  }

  const exchanges = exchangeIndex(run);
  const failing = failingChecks(run);
  if (failing.length) {
    const head = `### Failing checks (${failing.length})`;
    out.push(head);
    budget.left -= bytes(head) + 2;
    const cut = fill(out, failing.map((f) => checkSection(f, run, exchanges)), budget);
    if (cut > 0) out.push(`…and ${cut} more failing check${cut === 1 ? '' : 's'} not shown here: see report.html or report.json.`);
  }
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
