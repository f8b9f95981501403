/** `--shard i/n`: a deterministic, balanced slice of the selected scenarios, so CI machines can split one run. */
import { isAbsolute, posix, relative } from 'node:path';
import type { RunResult } from '../model.js';

export interface Shard {
  /** 1-based: `2/4` is the second of four. */
  index: number;
  total: number;
}

/** Parses `i/n` (1 ≤ i ≤ n); an error says what was wrong, ready to print after `--shard`. */
export function parseShard(text: string): Shard | { error: string } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return { error: `--shard must be i/n (e.g. 2/4: the second of four shards), got '${text}'` };
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(total)) return { error: `--shard ${text}: numbers too large` };
  if (total < 1) return { error: `--shard ${text}: the number of shards must be at least 1` };
  if (index < 1 || index > total) return { error: `--shard ${text}: the shard must be between 1 and ${total} (shards count from 1)` };
  return { index, total };
}

/**
 * The identity of a scenario across machines: its file as seen from the checkout root, with '/' separators and no
 * leading './'. `Scenario.file` (and so `ScenarioResult.file`) is the path as discovered, relative to the working
 * directory when the paths given were relative (`scenarios/core/crud.yaml`); an absolute path differs from one
 * CI machine to the next, so it is made relative to the working directory, which a CI matrix shares in layout.
 */
export function scenarioKey(file: string, cwd: string = process.cwd()): string {
  const local = isAbsolute(file) ? relative(cwd, file) : file;
  const normalised = posix.normalize(local.replaceAll('\\', '/'));
  return normalised.startsWith('./') ? normalised.slice(2) : normalised;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * How long each scenario took in an earlier report (by `scenarioKey`), the weights of a balanced split. A scenario
 * listed twice (it cannot be in a valid report) keeps its longer time, the cautious side for balancing.
 */
export function durationsFromReport(run: RunResult): Map<string, number> {
  const durations = new Map<string, number>();
  for (const scenario of run.scenarios) {
    if (!Number.isFinite(scenario.durationMs) || scenario.durationMs < 0) continue;
    const key = scenarioKey(scenario.file);
    durations.set(key, Math.max(durations.get(key) ?? 0, scenario.durationMs));
  }
  return durations;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Every shard's scenarios at once (index 0 is shard 1), in key order. Greedy longest-processing-time: heaviest
 * first (ties by key), each to the least-loaded shard; equal loads go to the shard holding fewer scenarios, then
 * to the lowest index. Without durations every scenario weighs 1, which makes this round-robin by key. A scenario
 * the durations do not know (new since that report) weighs the median of the known ones in this selection: a
 * guess that neither starves nor floods a shard. The fewer-scenarios tie-break keeps scenarios that took 0 ms
 * (in-process, not applicable) spread out instead of all landing on shard 1.
 */
export function partition<T extends { file: string; name: string }>(scenarios: readonly T[], total: number, durations?: ReadonlyMap<string, number>): T[][] {
  if (!Number.isSafeInteger(total) || total < 1) throw new RangeError(`shard count must be a whole number ≥ 1, got ${total}`);
  // The name breaks ties between two scenarios of one file, so the order is total whatever the input order.
  const keyed = scenarios.map((scenario) => ({ scenario, key: scenarioKey(scenario.file), name: scenario.name }));
  const known = durations === undefined ? [] : keyed.flatMap((k) => {
    const d = durations.get(k.key);
    return d !== undefined && Number.isFinite(d) && d >= 0 ? [d] : [];
  });
  const fallback = known.length > 0 ? median(known) : 1;
  const weightOf = (key: string): number => {
    if (known.length === 0) return 1;
    const d = durations?.get(key);
    return d !== undefined && Number.isFinite(d) && d >= 0 ? d : fallback;
  };
  const ordered = keyed
    .map((k) => ({ ...k, weight: weightOf(k.key) }))
    .sort((a, b) => b.weight - a.weight || byCodeUnit(a.key, b.key) || byCodeUnit(a.name, b.name));
  const shards = Array.from({ length: total }, () => ({ load: 0, members: [] as typeof ordered }));
  for (const item of ordered) {
    let best = 0;
    for (let i = 1; i < total; i += 1) {
      const s = shards[i]!;
      const b = shards[best]!;
      if (s.load < b.load || (s.load === b.load && s.members.length < b.members.length)) best = i;
    }
    shards[best]!.load += item.weight;
    shards[best]!.members.push(item);
  }
  return shards.map((s) => s.members.sort((a, b) => byCodeUnit(a.key, b.key) || byCodeUnit(a.name, b.name)).map((m) => m.scenario));
}

/**
 * The scenarios of shard `shard.index` of `shard.total`, in key order (the order a whole run discovers them in),
 * the same on every machine whatever order the scenarios came in. Every scenario is in exactly one shard.
 */
export function selectShard<T extends { file: string; name: string }>(scenarios: readonly T[], shard: Shard, durations?: ReadonlyMap<string, number>): T[] {
  if (!Number.isSafeInteger(shard.index) || shard.index < 1 || shard.index > shard.total) {
    throw new RangeError(`shard ${shard.index}/${shard.total} is out of range`);
  }
  return partition(scenarios, shard.total, durations)[shard.index - 1]!;
}
