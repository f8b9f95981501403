/** The JSON depth guards: the text scan and the parsed-value walk agree on where "too deep" starts. */
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan, valueNestsDeeperThan } from './json.js';

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON depth', () => {
  it('agrees with the text scan at the limit and one past it', () => {
    for (const depth of [1, 2, MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 10_000]) {
      for (const text of [arrays(depth), `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`]) {
        expect(valueNestsDeeperThan(JSON.parse(text), MAX_JSON_DEPTH)).toBe(nestsDeeperThan(text, MAX_JSON_DEPTH));
        expect(valueNestsDeeperThan(JSON.parse(text), MAX_JSON_DEPTH)).toBe(depth > MAX_JSON_DEPTH);
      }
    }
  });

  it('counts brackets inside strings as text, not nesting', () => {
    const text = JSON.stringify({ a: '['.repeat(500) });
    expect(valueNestsDeeperThan(JSON.parse(text), 2)).toBe(false);
    expect(nestsDeeperThan(text, 2)).toBe(false);
  });
});
