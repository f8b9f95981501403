/** Merges the report.json of CI shards (`run --shard i/n`) into the one RunResult a whole run would have written. */
import type { RunCleanup, RunResult } from '../model.js';
import { applyBaselineKeys, failureKeys } from '../runner/baseline.js';
import { summarise } from '../runner/run.js';
import { scenarioKey } from '../runner/shard.js';
import { analyseRun } from './readiness.js';

export interface MergeOptions {
  /** What to call each run in errors (its report file), same order as the runs; default `report 1`, `report 2`… */
  sources?: readonly string[];
  /**
   * Judge the merged run at this level instead of the shards' own (which may then differ). Honest because every
   * check result is stored with its level whatever `--fail-on` was, and `--fail-on` changes nothing in how a run
   * runs (not even `--bail`, which stops on scenario status): it only turns counts into a verdict.
   */
  failOn?: 'must' | 'should';
}

export type MergeResult = { ok: true; run: RunResult } | { ok: false; error: string };

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Joins the run ids of shards that ran under different ids: `3fa2c1+9b0e7d` (sorted), as `merge-reports --help` says. */
export const RUN_ID_SEPARATOR = '+';

/**
 * One RunResult from shard runs, exactly as the whole run would have been judged: the summary and verdict come
 * from the runner's own `summarise` (and the baseline's own `applyBaselineKeys`) over every scenario, never
 * from adding up the shards' verdicts. Refuses, with the reports named, what could not have been one run:
 * different tool versions, `--fail-on` levels, targets, seeds, `--require` lists, `--keep`, baselines; a
 * scenario in two reports (the same shard given twice, or overlapping splits); an external target one shard
 * never reached (its report lists no scenarios at all, which would read as a pass); no input.
 */
export function mergeRuns(runs: readonly RunResult[], options: MergeOptions = {}): MergeResult {
  const first = runs[0];
  if (first === undefined) return { ok: false, error: 'no reports to merge' };
  const name = (i: number) => options.sources?.[i] ?? `report ${i + 1}`;
  const refuse = (error: string): MergeResult => ({ ok: false, error });
  const differing = <V>(label: string, value: (run: RunResult) => V, show: (v: V) => string = String): string | undefined => {
    const shown = runs.map((run) => show(value(run)));
    if (shown.every((s) => s === shown[0])) return undefined;
    return `${label}: ${runs.map((_, i) => `${name(i)} has ${shown[i]}`).join(', ')}`;
  };

  const mismatch =
    differing('the reports come from different tools', (r) => `${r.tool.name} ${r.tool.version}`) ??
    (options.failOn === undefined ? differing('the shards ran with different --fail-on levels (give --fail-on to judge them at one level)', (r) => r.failOn) : undefined) ??
    differing('the shards tested different targets', (r) => `${r.target.kind} ${r.target.url}`) ??
    differing('the shards ran with different --seed values', (r) => (r.seed === undefined ? 'no seed' : `seed ${r.seed}`)) ??
    differing('the shards ran with different --require lists', (r) => `[${[...new Set(r.required ?? [])].sort().join(', ')}]`) ??
    differing('the shards ran with and without --keep', (r) => (r.cleanup?.kept ? '--keep' : 'no --keep'));
  if (mismatch) return refuse(`cannot merge: ${mismatch}`);

  if (first.target.kind === 'external') {
    // A shard that could not reach the target (or was refused the token) ran nothing and says "conformant"
    // with zero scenarios; merged, its share of the suite would silently vanish from the verdict.
    const unreached = runs.findIndex((r) => r.target.features === undefined);
    if (unreached >= 0) return refuse(`cannot merge: ${name(unreached)} never reached ${first.target.url} (no discovery recorded, no scenario ran); rerun that shard`);
    const features = differing('the target advertised different features to the shards (it changed during the run?)', (r) =>
      JSON.stringify([...(r.target.features ?? [])].sort((a, b) => byCodeUnit(a.feature, b.feature)).map((f) => [f.feature, f.supported])),
    );
    if (features) return refuse(`cannot merge: ${features}`);
  }

  const shards = shardCompleteness(runs, name);
  if (shards) return refuse(`cannot merge: ${shards}`);

  const owner = new Map<string, number>();
  for (const [i, run] of runs.entries()) {
    for (const scenario of run.scenarios) {
      const key = scenarioKey(scenario.file);
      const seen = owner.get(key);
      if (seen !== undefined) {
        return refuse(
          seen === i
            ? `cannot merge: ${name(i)} lists ${key} twice`
            : `cannot merge: ${key} is in both ${name(seen)} and ${name(i)} (the same shard given twice, or shards of different splits)`,
        );
      }
      owner.set(key, i);
    }
  }

  const before = baselineKeys(runs, name);
  if (typeof before === 'string') return refuse(`cannot merge: ${before}`);

  // Shards in a stable order (by their first scenario), whatever order the files were named in.
  const order = runs
    .map((run, i) => ({ run, i, first: run.scenarios.map((s) => scenarioKey(s.file)).sort(byCodeUnit)[0] }))
    .sort((a, b) => (a.first === undefined ? 1 : 0) - (b.first === undefined ? 1 : 0) || byCodeUnit(a.first ?? '', b.first ?? '') || byCodeUnit(a.run.runId, b.run.runId) || a.i - b.i)
    .map((o) => o.run);

  const scenarios = runs
    .flatMap((r) => r.scenarios)
    .map((s) => ({ s, key: scenarioKey(s.file) }))
    .sort((a, b) => byCodeUnit(a.key, b.key))
    .map(({ s }) => s);
  const failOn = options.failOn ?? first.failOn;
  const starts = runs.map((r) => Date.parse(r.startedAt));
  const start = Math.min(...starts);
  const end = Math.max(...runs.map((r, i) => starts[i]! + r.durationMs));
  const profiles = [...new Set(runs.flatMap((r) => (r.target.profile ? r.target.profile.split(', ') : [])))].sort();
  const required = first.required;
  const cleanup = mergeCleanup(order);

  const merged: RunResult = {
    tool: first.tool,
    runId: [...new Set(order.map((r) => r.runId).filter((id) => id !== ''))].sort(byCodeUnit).join(RUN_ID_SEPARATOR),
    interrupted: runs.some((r) => r.interrupted),
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    target: {
      kind: first.target.kind,
      url: first.target.url,
      // The embedded target's profile is the set of profiles the scenarios asked for, as the runner lists them.
      profile: profiles.length > 0 ? profiles.join(', ') : undefined,
      ...(first.target.features ? { features: first.target.features } : {}),
    },
    ...(cleanup ? { cleanup } : {}),
    idps: [...new Set(runs.flatMap((r) => r.idps))].sort(),
    seed: first.seed,
    failOn,
    ...(required && required.length > 0 ? { required } : {}),
    scenarios,
    summary: summarise(scenarios, failOn),
  };
  // Recomputed over every scenario, as the runner computes them for a whole run, never joined from the shards' own.
  const analysed: RunResult = { ...merged, ...analyseRun(merged) };
  return { ok: true, run: before ? applyBaselineKeys(analysed, before.keys, before.file) : analysed };
}

/**
 * The failure keys of the baseline the shards were compared with, rebuilt from each shard's block: a shard's
 * `fixed` lists the baseline's failures it did not have (other shards' scenarios included), its `newFailures`
 * those it had that the baseline did not, so baseline = fixed ∪ (its failures − newFailures). Every shard must
 * give the same set; then the merged run is compared with it exactly as `--baseline` compares a whole run.
 * A string is the reason to refuse; undefined: no shard was baselined.
 */
function baselineKeys(runs: readonly RunResult[], name: (i: number) => string): { file: string; keys: Set<string> } | string | undefined {
  const baselined = runs.map((r) => r.baseline !== undefined);
  if (baselined.every((b) => !b)) return undefined;
  const without = baselined.findIndex((b) => !b);
  if (without >= 0) return `${name(without)} was run without --baseline and ${name(baselined.indexOf(true))} with it; rerun the shards alike`;
  const sets = runs.map((run) => {
    const block = run.baseline!;
    const added = new Set(block.newFailures);
    return new Set([...block.fixed, ...[...failureKeys(run)].filter((k) => !added.has(k))]);
  });
  const files = new Set(runs.map((r) => r.baseline!.file));
  const reference = sets[0]!;
  const other = sets.findIndex((s) => s.size !== reference.size || [...s].some((k) => !reference.has(k)));
  if (other >= 0) {
    return `${name(0)} and ${name(other)} were compared with different baselines (${[...files].join(', ')}); rerun the shards against one --baseline file`;
  }
  return { file: runs[0]!.baseline!.file, keys: reference };
}

/** Shards' clean-ups summed; each swept for its own run id, so a note that differs is kept per run id. */
function mergeCleanup(runs: readonly RunResult[]): RunCleanup | undefined {
  const cleanups = runs.flatMap((r) => (r.cleanup ? [{ runId: r.runId, cleanup: r.cleanup }] : []));
  const firstCleanup = cleanups[0];
  if (firstCleanup === undefined) return undefined;
  const notes = cleanups.map((c) => c.cleanup.sweep.note);
  return {
    created: cleanups.reduce((n, c) => n + c.cleanup.created, 0),
    deleted: cleanups.reduce((n, c) => n + c.cleanup.deleted, 0),
    kept: firstCleanup.cleanup.kept,
    leftovers: cleanups.flatMap((c) => c.cleanup.leftovers),
    sweep: {
      ran: cleanups.every((c) => c.cleanup.sweep.ran),
      found: cleanups.reduce((n, c) => n + c.cleanup.sweep.found, 0),
      deleted: cleanups.reduce((n, c) => n + c.cleanup.sweep.deleted, 0),
      note: notes.every((n) => n === notes[0]) ? notes[0]! : cleanups.map((c) => `${c.runId || 'run'}: ${c.cleanup.sweep.note}`).join('; '),
    },
  };
}

/**
 * Shard reports say which slice they were (`run --shard i/n`): all of them must come from one split and cover
 * 1..n exactly once, or the merged verdict would silently judge part of the suite. Reports without a shard
 * record (whole runs, or from before it was recorded) are merged as given.
 */
function shardCompleteness(runs: readonly RunResult[], name: (i: number) => string): string | undefined {
  const marked = runs.map((run, i) => ({ shard: run.shard, i })).filter((r) => r.shard !== undefined);
  if (marked.length === 0) return undefined;
  if (marked.length !== runs.length) return `${runs.map((r, i) => (r.shard ? undefined : name(i))).filter(Boolean).join(', ')} is not a shard report, the others are`;
  const totals = new Set(marked.map((r) => r.shard!.total));
  if (totals.size > 1) return `the shards come from different splits (${marked.map((r) => `${name(r.i)} is ${r.shard!.index}/${r.shard!.total}`).join(', ')})`;
  const total = marked[0]!.shard!.total;
  const seen = new Map<number, number>();
  for (const { shard, i } of marked) {
    const earlier = seen.get(shard!.index);
    if (earlier !== undefined) return `${name(earlier)} and ${name(i)} are both shard ${shard!.index}/${total}`;
    seen.set(shard!.index, i);
  }
  const missing = Array.from({ length: total }, (_, k) => k + 1).filter((k) => !seen.has(k));
  return missing.length > 0 ? `shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${total}`).join(', ')} missing: merge every shard of the split` : undefined;
}
