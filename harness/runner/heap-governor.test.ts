/** The heap governor asks for a full collection only past its floor and once the heap has grown past the last one's live size. */
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HeapGovernor } from './heap-governor.js';

describe('HeapGovernor', () => {
  it('never collects below its floor', () => {
    const governor = new HeapGovernor(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 5; i += 1) governor.tick();
    expect(governor.collections).toBe(0);
  });

  it('collects past the floor, then not again until the heap has grown 40 % past what the collection left', () => {
    const governor = new HeapGovernor(1);
    governor.tick();
    expect(governor.collections).toBe(1);
    governor.tick();
    expect(governor.collections).toBe(1);
    // Hold 70 % more than the collection left (strings, kept, so nothing is optimised away).
    const live = getHeapStatistics().used_heap_size;
    const held: string[][] = [];
    while (getHeapStatistics().used_heap_size < live * 1.7) held.push(Array.from({ length: 10_000 }, (_, i) => `held ${held.length} ${i} ${'x'.repeat(i % 64)}`));
    governor.tick();
    expect(governor.collections).toBe(2);
    expect(held.length).toBeGreaterThan(0);
  });
});
