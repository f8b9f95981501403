/** The fidelity report as terminal lines, Markdown (compare.md) and JSON (compare.json). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompareReport } from './compare.js';
import type { Difference } from './diff.js';

export type CompareFormat = 'md' | 'json';

export const COMPARE_FILES: Record<CompareFormat, string> = { md: 'compare.md', json: 'compare.json' };

export function parseCompareFormats(list: string): { ok: true; formats: CompareFormat[] } | { ok: false; error: string } {
  const formats: CompareFormat[] = [];
  for (const raw of list.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '')) {
    if (raw !== 'md' && raw !== 'json') return { ok: false, error: `--report takes md and json, got '${raw}'.` };
    if (!formats.includes(raw)) formats.push(raw);
  }
  return formats.length === 0 ? { ok: false, error: '--report names no format.' } : { ok: true, formats };
}

function verdict(report: CompareReport): string {
  const n = report.differences.length;
  return n === 0
    ? `no differences: the capture's ${report.requests} request(s) match what the ${report.idp} profile sends for the same ${report.actions.length} action(s).`
    : `${n} difference(s) in ${report.actions.filter((a) => a.differences.length > 0).length} of ${report.actions.length} action(s).`;
}

function where(d: Difference): string {
  return `request ${d.request} ${d.kind}`;
}

export function terminalLines(report: CompareReport): string[] {
  const lines = [`compare ${report.capture} with the ${report.idp} profile: ${report.requests} request(s), ${report.actions.length} action(s)`];
  for (const action of report.actions) {
    const mark = action.differences.length === 0 ? '✓' : '✗';
    lines.push(`  ${mark} ${action.index}. ${action.label} (${action.actual.length} request(s))`);
    if (action.profileOutcome && !action.profileOutcome.ok) lines.push(`      the profile reported the action as failed: ${action.profileOutcome.messages.join(' ')}`);
    for (const d of action.differences) lines.push(`      ${where(d)}: ${d.detail}`);
  }
  lines.push(verdict(report));
  return lines;
}

function cell(text: string | undefined): string {
  return text === undefined ? '—' : `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

export function markdown(report: CompareReport): string {
  const out = [`# Fidelity of ${report.capture} against the ${report.idp} profile`, '', verdict(report), ''];
  if (Object.keys(report.settings).length > 0) out.push(`Settings: \`${JSON.stringify(report.settings)}\``, '');
  for (const action of report.actions) {
    out.push(`## ${action.index}. ${action.label} ${action.differences.length === 0 ? '✓' : `✗ (${action.differences.length})`}`, '');
    if (action.note !== undefined) out.push(`Not recognised: ${action.note}.`, '');
    out.push('| # | profile sends | capture shows |', '|---|---|---|');
    for (let i = 0; i < Math.max(action.expected.length, action.actual.length); i += 1) out.push(`| ${i + 1} | ${cell(action.expected[i])} | ${cell(action.actual[i])} |`);
    out.push('');
    if (action.differences.length > 0) {
      out.push('| request | kind | profile | capture | detail |', '|---|---|---|---|---|');
      for (const d of action.differences) out.push(`| ${d.request} | ${d.kind} | ${cell(d.expected)} | ${cell(d.actual)} | ${d.detail.replace(/\|/g, '\\|')} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

/** Writes the chosen files into `dir` (created); returns their paths. */
export async function writeCompareReports(report: CompareReport, formats: CompareFormat[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const file = join(dir, COMPARE_FILES[format]);
    await writeFile(file, format === 'md' ? markdown(report) : `${JSON.stringify(report, null, 2)}\n`);
    written.push(file);
  }
  return written;
}
