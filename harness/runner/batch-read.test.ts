/** How the harness's many-at-once reads are cut: at most 20 values, and a filter short enough for any server's URL. */
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, MAX_FILTER_CHARS, slices } from './batch-read.js';

const filterOf = (values: string[]) => encodeURIComponent(values.map((v) => `userName eq ${JSON.stringify(v)}`).join(' or '));

describe('batch slices', () => {
  it('cuts short values into slices of 20, in order', () => {
    const values = Array.from({ length: 45 }, (_, i) => `u${i}@example.com`);
    const cut = slices(values, 'userName', (v) => v);
    expect(cut.map((s) => s.length)).toEqual([BATCH_SIZE, BATCH_SIZE, 5]);
    expect(cut.flat()).toEqual(values);
  });

  it('cuts long values into shorter slices whose encoded filter fits the budget', () => {
    const values = Array.from({ length: 45 }, (_, i) => `someone.with.a.rather.long.name.${i}.sc-abc123-1@subsidiary.example.com`);
    const cut = slices(values, 'userName', (v) => v);
    expect(cut.length).toBeGreaterThan(3);
    for (const slice of cut) expect(filterOf(slice).length).toBeLessThanOrEqual(MAX_FILTER_CHARS);
    // As full as the budget allows: one more value would not have fitted.
    for (const [i, slice] of cut.slice(0, -1).entries()) expect(filterOf([...slice, cut[i + 1]![0]!]).length).toBeGreaterThan(MAX_FILTER_CHARS);
    expect(cut.flat()).toEqual(values);
  });

  it('sends a value longer than the budget alone', () => {
    const huge = `${'x'.repeat(2_000)}@example.com`;
    expect(slices(['a@example.com', huge, 'b@example.com'], 'userName', (v) => v)).toEqual([['a@example.com'], [huge], ['b@example.com']]);
  });
});
