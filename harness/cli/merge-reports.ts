/** `scim-conformance merge-reports`: the report.json of CI shards → one set of reports and one verdict, as a whole run. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../model.js';
import { JSON_REPORT_FILE, readReport } from '../report/json.js';
import { mergeRuns, RUN_ID_SEPARATOR } from '../report/merge.js';
import { parseReportFormats, writeReports } from '../report/reporter.js';
import { EXIT, startCommand, type Io } from './io.js';
import { cleanupLines, notApplicableLines, readinessLines } from './run-output.js';

export const MERGE_REPORTS_USAGE = `Usage: scim-conformance merge-reports <report.json|DIR>... [options]

Merges the report.json of the shards of one run (run --shard i/n on each CI machine) into one set of
reports with one verdict, judged exactly as the whole run would have been. A folder stands for its report.json.

Refused (exit 2), naming the reports: different tool versions, --fail-on levels, targets, seeds, --require
lists or --keep; shards compared with different baselines or only some with --baseline; a scenario in two
reports (the same shard given twice, or shards of different splits); an external target a shard never reached.
Not detectable: a shard left out altogether. Merge every shard.

The merged run id is the shards' run id when they share one (run --run-id), else their ids sorted and joined
with '${RUN_ID_SEPARATOR}' (3fa2c1${RUN_ID_SEPARATOR}9b0e7d): each resource a shard created carries its own shard's id.
The run started when the first shard started and lasted until the last one ended.

Options:
  --out DIR             where the merged reports go (default: reports/)
  --report LIST         json,junit,html,md (default: all four)
  --fail-on LEVEL       must or should: judge the merged run at this level (default: the shards' own)

Exit codes: 0 conformant, 1 failures at or above --fail-on, 2 usage error or a report unreadable or refused,
130 a shard was interrupted (no verdict).`;

export async function mergeReportsCommand(args: string[], io: Io): Promise<number> {
  const started = startCommand('merge-reports', args, { out: { type: 'string' }, report: { type: 'string' }, 'fail-on': { type: 'string' } }, MERGE_REPORTS_USAGE, io);
  if (typeof started === 'number') return started;
  const { values: v, positionals, usageError: usageError } = started;
  if (positionals.length === 0) return usageError('name the report.json of every shard.');
  const failOn = v['fail-on']?.toLowerCase();
  if (failOn !== undefined && failOn !== 'must' && failOn !== 'should') return usageError(`--fail-on must be 'must' or 'should', got '${v['fail-on']}'.`);
  const formats = parseReportFormats(v.report ?? 'json,junit,html,md');
  if (!formats.ok) return usageError(formats.error);

  const files: string[] = [];
  const runs: RunResult[] = [];
  for (const path of positionals) {
    // A CI artifact is usually the shard's whole reports/ folder.
    const file = (await isDirectory(path)) ? join(path, JSON_REPORT_FILE) : path;
    const read = await readReport(file);
    if (!read.ok) {
      io.err(`scim-conformance merge-reports: ${read.error}`);
      return EXIT.usage;
    }
    files.push(file);
    runs.push(read.value);
  }
  const merged = mergeRuns(runs, { sources: files, ...(failOn !== undefined ? { failOn } : {}) });
  if (!merged.ok) {
    io.err(`scim-conformance merge-reports: ${merged.error}`);
    return EXIT.usage;
  }
  const run = merged.run;

  const outDir = v.out ?? 'reports';
  try {
    for (const file of await writeReports(run, formats.formats, outDir)) io.out(`report: ${file}`);
  } catch (error) {
    io.err(`scim-conformance: could not write reports to ${outDir}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
  for (const line of [...notApplicableLines(run), ...cleanupLines(run), ...readinessLines(run)]) io.out(line);
  io.out(`merged ${runs.length} report(s): ${runs.map((r, i) => `${files[i]} (${r.scenarios.length})`).join(', ')}`);
  // The line `run` ends with, word for word, so a CI log reads the same sharded or whole. Only an interrupted
  // shard differs: how many scenarios the whole selection held is not in any report.
  const s = run.summary;
  const applicable = s.scenarios.total - s.scenarios.notApplicable;
  const verdict = run.interrupted ? `INTERRUPTED, no verdict (ran ${s.scenarios.total} scenarios; a shard was interrupted)` : s.conformant ? 'CONFORMANT' : 'NOT CONFORMANT';
  io.out(
    `${verdict} (fail-on ${run.failOn.toUpperCase()}${run.baseline ? ', regressions only' : ''}): ` +
      `${s.scenarios.passed}/${applicable} scenarios passed${s.scenarios.notApplicable > 0 ? `, ${s.scenarios.notApplicable} not applicable` : ''}; ` +
      `failed checks MUST ${s.failedByLevel.MUST}, SHOULD ${s.failedByLevel.SHOULD}, MAY ${s.failedByLevel.MAY} (run ${run.runId})`,
  );
  if (run.interrupted) return EXIT.interrupted;
  return s.conformant ? EXIT.conformant : EXIT.failures;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    // readReport says what is wrong with a path that cannot be read.
    return false;
  }
}
