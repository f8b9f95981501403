/**
 * The start-up check of a data directory, before the provider maps it: a torn last commit is dropped with a
 * note, never loaded half; damage that no crash makes stops the start with a {@link DataDirError}.
 *
 * What a crash can leave in LMDB's copy-on-write file: pages of a commit whose meta page never landed, past
 * the newest commit's last page (kill -9 mid-commit) — trimmed here; or, on a disk that lied about a flush,
 * a meta page naming pages that never landed (a file cut short, or a value failing its digest) — the commit
 * before it, which LMDB keeps intact, is opened instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, truncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DATA_FILE } from './environment.js';
import type { ProbeReport } from './probe.js';

export class DataDirError extends Error {
  override name = 'DataDirError';
}

type ProbeOutcome = { ok: true; report: ProbeReport } | { ok: false; why: string };

/** Notes on what was dropped (empty for a clean directory); throws {@link DataDirError} when it cannot start. */
export function checkDataDir(dir: string): string[] {
  const file = join(dir, DATA_FILE);
  if (!existsSync(file)) return [];
  const latest = probe(dir, 'latest');
  if (latest.ok && latest.report.damaged.length === 0) return trimUncommitted(file, latest.report);
  const problem = latest.ok ? damagedRecords(latest.report) : latest.why;
  const previous = probe(dir, 'previous');
  if (!previous.ok || !previous.report.recovered) {
    const also = previous.ok ? damagedRecords(previous.report) : previous.why;
    throw new DataDirError(
      `${file} is damaged beyond a torn last write: in the newest commit ${problem}; in the one before it ${also}. ` +
        'Nothing was loaded; move the directory aside (or restore a copy) and start again.',
    );
  }
  const torn = `${file}: the last write was torn (${problem}); it was dropped and the commit before it loaded.`;
  return [torn, ...trimUncommitted(file, previous.report)];
}

/** Bytes past the newest commit's last page belong to a commit that never completed: no meta names them. */
function trimUncommitted(file: string, report: ProbeReport): string[] {
  const needed = (report.lastPageNumber + 1) * report.pageSize;
  const size = statSync(file).size;
  if (size <= needed) return [];
  truncateSync(file, needed);
  return [`${file}: dropped ${size - needed} bytes after the last commit (a write that never completed).`];
}

/**
 * Compiled (dist/, an installed package) this module is `recovery.js` beside `probe.js`, which node runs as is:
 * tsx is only a dev dependency there. From source it is `recovery.ts` beside `probe.ts`, which the child runs
 * through tsx's loader, whatever runs this process (vitest, tsx). Decided by this file's own extension.
 */
const COMPILED = import.meta.url.endsWith('.js');
const PROBE = fileURLToPath(new URL(COMPILED ? './probe.js' : './probe.ts', import.meta.url));

/** `node --import <tsx>` from source only; resolved on first use so compiled code never looks for tsx. */
function probeArgs(): string[] {
  if (COMPILED) return [PROBE];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, PROBE];
}

function probe(dir: string, mode: 'latest' | 'previous'): ProbeOutcome {
  const child = spawnSync(process.execPath, [...probeArgs(), dir, mode], { encoding: 'utf8', timeout: 60_000 });
  if (child.error) throw new DataDirError(`Could not check ${dir}: ${child.error.message}`);
  if (child.signal === 'SIGBUS') return { ok: false, why: 'its pages lie past the end of the file: reading them raised SIGBUS' };
  if (child.signal !== null) return { ok: false, why: `reading it crashed (${child.signal})` };
  if (child.status !== 0) return { ok: false, why: `reading it failed: ${lastLine(child.stderr)}` };
  return { ok: true, report: JSON.parse(child.stdout) as ProbeReport };
}

function damagedRecords(report: ProbeReport): string {
  return `${report.damaged.length} record(s) fail their digest: ${report.damaged.slice(0, 3).join(', ')}`;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => /\S/.test(l));
  return lines.find((l) => /Error|MDB_/.test(l)) ?? lines.at(-1) ?? 'no output';
}
