/**
 * The report writers behind `--report json,junit,md,html`. Each takes a finished `RunResult` and writes
 * its file(s) into the output folder; none of them reads anything but the run, so they can run in any
 * order and a failure of one does not stop the others from being attempted.
 */
import { mkdir } from 'node:fs/promises';
import type { RunResult } from '../model.js';
import { harReporter } from './har.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';

export const REPORT_FORMATS = ['json', 'junit', 'md', 'html'] as const;
/** Written only when asked for by name (`--report har`): not a default, not part of `all`. */
export const OPTIONAL_REPORT_FORMATS = ['har'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number] | (typeof OPTIONAL_REPORT_FORMATS)[number];

export interface Reporter {
  format: ReportFormat;
  /** Writes into an existing `outDir`; resolves to the paths of the files written. */
  write(run: RunResult, outDir: string): Promise<string[]>;
}

export const REPORTERS: Readonly<Record<ReportFormat, Reporter>> = {
  json: jsonReporter,
  junit: junitReporter,
  md: markdownReporter,
  html: htmlReporter,
  har: harReporter,
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value) || (OPTIONAL_REPORT_FORMATS as readonly string[]).includes(value);
}

export type ParsedFormats = { ok: true; formats: ReportFormat[] } | { ok: false; error: string };

/** Parses the CLI's `--report json,junit,html,md` list (also `markdown`, `xml`; `all` for every format). */
export function parseReportFormats(list: string): ParsedFormats {
  const aliases: Record<string, ReportFormat> = { markdown: 'md', xml: 'junit' };
  const formats: ReportFormat[] = [];
  for (const raw of list.split(',')) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if (name === 'all') {
      for (const f of REPORT_FORMATS) if (!formats.includes(f)) formats.push(f);
      continue;
    }
    const format = aliases[name] ?? name;
    if (!isReportFormat(format)) {
      return { ok: false, error: `unknown report format "${raw.trim()}" (known: ${REPORT_FORMATS.join(', ')})` };
    }
    if (!formats.includes(format)) formats.push(format);
  }
  if (formats.length === 0) return { ok: false, error: 'no report format given' };
  return { ok: true, formats };
}

export class ReportWriteError extends Error {
  constructor(
    readonly failures: { format: ReportFormat; error: unknown }[],
    readonly written: string[],
  ) {
    super(
      `could not write ${failures.map((f) => `${f.format} report (${f.error instanceof Error ? f.error.message : String(f.error)})`).join(', ')}`,
    );
    this.name = 'ReportWriteError';
  }
}

/**
 * Creates `outDir` and writes every requested format (each once, in the order given). All formats are
 * attempted even when one fails, since a broken HTML writer should not cost CI its JUnit file; the
 * failures are then thrown together as a `ReportWriteError` that also lists what was written.
 */
export async function writeReports(run: RunResult, formats: readonly ReportFormat[], outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const failures: { format: ReportFormat; error: unknown }[] = [];
  for (const format of new Set(formats)) {
    try {
      written.push(...(await REPORTERS[format].write(run, outDir)));
    } catch (error) {
      failures.push({ format, error });
    }
  }
  if (failures.length > 0) throw new ReportWriteError(failures, written);
  return written;
}
