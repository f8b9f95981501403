/** `--shard i/n`: every scenario in exactly one shard, the same split on every machine, balanced by duration. */
import { describe, expect, it } from 'vitest';
import type { RunResult, ScenarioResult } from '../model.js';
import { durationsFromReport, parseShard, partition, scenarioKey, selectShard } from './shard.js';

interface Item {
  file: string;
  name: string;
}

const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ file: `scenarios/s${String(i).padStart(2, '0')}.yaml`, name: `scenario ${i}` }));

/** A small seeded generator, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffle<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('parseShard', () => {
  it('reads i/n, 1-based', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, total: 1 });
    expect(parseShard(' 4 / 4 ')).toEqual({ index: 4, total: 4 });
  });
  it.each(['0/4', '5/4', 'x', '1/0', '', '1/', '/4', '-1/4', '1.5/4', '2/4/8', '99999999999999999999/1'])('refuses %j', (text) => {
    const parsed = parseShard(text);
    expect(parsed).toHaveProperty('error');
    expect((parsed as { error: string }).error).toContain('--shard');
  });
  it('says why', () => {
    expect(parseShard('0/4')).toEqual({ error: expect.stringContaining('between 1 and 4') });
    expect(parseShard('1/0')).toEqual({ error: expect.stringContaining('at least 1') });
  });
});

describe('scenarioKey', () => {
  it('is the path from the checkout root with / separators', () => {
    expect(scenarioKey('scenarios/core/crud.yaml')).toBe('scenarios/core/crud.yaml');
    expect(scenarioKey('./scenarios/core/crud.yaml')).toBe('scenarios/core/crud.yaml');
    expect(scenarioKey('scenarios\\core\\crud.yaml')).toBe('scenarios/core/crud.yaml');
    expect(scenarioKey('/ci/machine-7/checkout/scenarios/core/crud.yaml', '/ci/machine-7/checkout')).toBe('scenarios/core/crud.yaml');
  });
});

describe('selectShard', () => {
  it('puts every scenario in exactly one shard, for n = 1..5', () => {
    for (const count of [0, 1, 3, 7, 12, 23]) {
      const all = items(count);
      for (let n = 1; n <= 5; n += 1) {
        const shards = Array.from({ length: n }, (_, i) => selectShard(all, { index: i + 1, total: n }));
        const seen = shards.flat().map((s) => s.file);
        expect(new Set(seen).size).toBe(seen.length);
        expect([...seen].sort()).toEqual(all.map((s) => s.file).sort());
        // Without durations: round-robin by key, so shard sizes differ by at most one.
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('partitions with durations too, unknown scenarios included', () => {
    const all = items(17);
    const durations = new Map(all.slice(0, 11).map((s, i) => [s.file, (i * 37) % 13 * 100] as const));
    for (let n = 1; n <= 5; n += 1) {
      const seen = Array.from({ length: n }, (_, i) => selectShard(all, { index: i + 1, total: n }, durations)).flat().map((s) => s.file);
      expect([...seen].sort()).toEqual(all.map((s) => s.file).sort());
    }
  });

  it('is the same whatever order the scenarios come in', () => {
    const all = items(19);
    const random = rng(7);
    const durations = new Map(all.map((s) => [s.file, Math.floor(random() * 5000)] as const));
    durations.delete(all[3]!.file);
    for (const d of [undefined, durations]) {
      for (let n = 1; n <= 5; n += 1) {
        const expected = Array.from({ length: n }, (_, i) => selectShard(all, { index: i + 1, total: n }, d).map((s) => s.file));
        for (let trial = 0; trial < 5; trial += 1) {
          const shuffled = shuffle(all, random);
          expect(Array.from({ length: n }, (_, i) => selectShard(shuffled, { index: i + 1, total: n }, d).map((s) => s.file))).toEqual(expected);
        }
      }
    }
  });

  it('is the same whether paths are written ./a or a (machines run from the same layout)', () => {
    const all = items(9);
    const dotted = all.map((s) => ({ ...s, file: `./${s.file}` }));
    expect(selectShard(dotted, { index: 2, total: 3 }).map((s) => scenarioKey(s.file))).toEqual(selectShard(all, { index: 2, total: 3 }).map((s) => s.file));
  });

  it('without durations is round-robin by key', () => {
    const all = items(7);
    expect(selectShard(shuffle(all, rng(3)), { index: 1, total: 3 }).map((s) => s.file)).toEqual([all[0]!.file, all[3]!.file, all[6]!.file]);
    expect(selectShard(all, { index: 2, total: 3 }).map((s) => s.file)).toEqual([all[1]!.file, all[4]!.file]);
  });

  it('balances by duration within the LPT bound (4/3 − 1/3n of the optimum)', () => {
    const random = rng(42);
    for (let trial = 0; trial < 40; trial += 1) {
      const n = 2 + (trial % 3);
      const all = items(6 + (trial % 4));
      const durations = new Map(all.map((s) => [s.file, 1 + Math.floor(random() * 1000)] as const));
      const loads = partition(all, n, durations).map((shard) => shard.reduce((sum, s) => sum + durations.get(s.file)!, 0));
      const optimum = bestMakespan(all.map((s) => durations.get(s.file)!), n);
      expect(Math.max(...loads)).toBeLessThanOrEqual((4 / 3 - 1 / (3 * n)) * optimum + 1e-9);
    }
  });

  it('weighs a scenario the durations do not know as the median known one', () => {
    const all = items(4);
    // Known: 100, 100, 1000 → median 100; the unknown s03 is light, so it joins a light shard, not the heavy one.
    const durations = new Map([[all[0]!.file, 1000], [all[1]!.file, 100], [all[2]!.file, 100]]);
    const [one, two] = partition(all, 2, durations);
    expect(one!.map((s) => s.file)).toEqual([all[0]!.file]);
    expect(two!.map((s) => s.file)).toEqual([all[1]!.file, all[2]!.file, all[3]!.file]);
  });

  it('spreads scenarios that took no time instead of piling them on shard 1', () => {
    const all = items(8);
    const durations = new Map(all.map((s) => [s.file, 0] as const));
    expect(partition(all, 4, durations).map((s) => s.length)).toEqual([2, 2, 2, 2]);
  });

  it('refuses an out-of-range shard', () => {
    expect(() => selectShard(items(3), { index: 0, total: 2 })).toThrow(RangeError);
    expect(() => selectShard(items(3), { index: 3, total: 2 })).toThrow(RangeError);
  });
});

describe('durationsFromReport', () => {
  it('keys each scenario of a report by its file', () => {
    const scenario = (file: string, durationMs: number) => ({ file, durationMs }) as ScenarioResult;
    const run = { scenarios: [scenario('./scenarios/a.yaml', 1200), scenario('scenarios/b.yaml', 0)] } as RunResult;
    expect([...durationsFromReport(run)]).toEqual([['scenarios/a.yaml', 1200], ['scenarios/b.yaml', 0]]);
  });
});

/** The optimal makespan by exhaustive search (small inputs only): the yardstick of the balance test. */
function bestMakespan(weights: number[], n: number): number {
  const loads = new Array<number>(n).fill(0);
  const sorted = [...weights].sort((a, b) => b - a);
  let best = Number.POSITIVE_INFINITY;
  const place = (i: number): void => {
    const current = Math.max(...loads);
    if (current >= best) return;
    if (i === sorted.length) {
      best = current;
      return;
    }
    const tried = new Set<number>();
    for (let k = 0; k < n; k += 1) {
      // Shards with equal loads are interchangeable: trying one of them is enough.
      if (tried.has(loads[k]!)) continue;
      tried.add(loads[k]!);
      loads[k]! += sorted[i]!;
      place(i + 1);
      loads[k]! -= sorted[i]!;
    }
  };
  place(0);
  return best;
}
