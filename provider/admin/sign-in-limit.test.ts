/** The admin sign-in rate limit on its own, with a fake clock. */
import { describe, expect, it } from 'vitest';
import { SignInLimit } from './sign-in-limit.js';

function limitAt(start = 1_000_000): { limit: SignInLimit; advance: (ms: number) => void } {
  let now = start;
  return { limit: new SignInLimit({ now: () => now }), advance: (ms) => (now += ms) };
}

describe('SignInLimit', () => {
  it('allows 5 failures in a minute, then asks to wait until the first of them is a minute old', () => {
    const { limit, advance } = limitAt();
    for (let i = 0; i < 5; i += 1) {
      expect(limit.retryAfterSeconds('10.0.0.1')).toBe(0);
      limit.recordFailure('10.0.0.1');
      advance(1000);
    }
    expect(limit.retryAfterSeconds('10.0.0.1')).toBe(55);
    expect(limit.retryAfterSeconds('10.0.0.2')).toBe(0);
    advance(54_000);
    expect(limit.retryAfterSeconds('10.0.0.1')).toBe(1);
    advance(1000);
    expect(limit.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('does not count failures spread over more than a minute', () => {
    const { limit, advance } = limitAt();
    for (let i = 0; i < 20; i += 1) {
      expect(limit.retryAfterSeconds('a')).toBe(0);
      limit.recordFailure('a');
      advance(15_000);
    }
  });

  it('a success clears the record', () => {
    const { limit } = limitAt();
    for (let i = 0; i < 4; i += 1) limit.recordFailure('a');
    limit.recordSuccess('a');
    limit.recordFailure('a');
    expect(limit.retryAfterSeconds('a')).toBe(0);
  });

  it('tracks a bounded number of addresses', () => {
    let now = 0;
    const limit = new SignInLimit({ maxAddresses: 3, now: () => now });
    for (const address of ['a', 'b', 'c', 'd']) for (let i = 0; i < 5; i += 1) limit.recordFailure(address);
    now += 1;
    expect(['a', 'b', 'c', 'd'].map((a) => limit.retryAfterSeconds(a) > 0)).toEqual([false, true, true, true]);
  });
});
