/**
 * Issue 11, finding 2 (docker-hub): the userName email check is one pass, and accepts exactly what the regular
 * expression it replaced accepted (compared on every string of up to 6 characters over the characters that matter).
 */
import { describe, expect, it } from 'vitest';
import { isEmailAddress } from './email.js';

/** The check before issue 11: quadratic backtracking on "a@" + "."×n + "@x". */
const BACKTRACKING = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function* strings(alphabet: readonly string[], length: number, prefix = ''): Generator<string> {
  yield prefix;
  if (length === 0) return;
  for (const c of alphabet) yield* strings(alphabet, length - 1, prefix + c);
}

describe('isEmailAddress', () => {
  it('agrees with the old regular expression on every short string', () => {
    let compared = 0;
    const disagreements: string[] = [];
    for (const s of strings(['a', '@', '.', ' ', '\n', '\u00a0', 'é'], 6)) {
      if (isEmailAddress(s) !== BACKTRACKING.test(s)) disagreements.push(s);
      compared += 1;
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(100_000);
  });

  it.each(['bjensen@example.com', 'a.b+c@sub.example.co', 'x@y.z'])('accepts %j', (s) => expect(isEmailAddress(s)).toBe(true));

  it.each(['', 'example.com', '@example.com', 'a@b', 'a@.com', 'a@com.', 'a b@example.com', 'a@b@example.com'])('refuses %j', (s) =>
    expect(isEmailAddress(s)).toBe(false),
  );

  it('refuses the hostile names at any size (the regular expression took 13 s on the first)', () => {
    expect(isEmailAddress(`a@${'.'.repeat(100_000)}@x`)).toBe(false);
    expect(isEmailAddress(`a@${'.'.repeat(1_000_000)}`)).toBe(true);
    expect(isEmailAddress(`a@${'b.'.repeat(500_000)} `)).toBe(false);
  });
});
