/** Entra's failure rules against the numbers Microsoft gives (E13 back-off; E17 quarantine thresholds and retries). */
import { describe, expect, it } from 'vitest';
import { errorRateQuarantine, escrowBackoff, quarantineRetryAfter, startupQuarantineReason } from './failures.js';

describe('Entra failure rules', () => {
  it('backs an escrowed object off about 30 min, 1 h, then 2 h (E13)', () => {
    expect([1, 2, 3, 4, 9].map(escrowBackoff)).toEqual(['about 30 minutes', 'about 1 hour', 'about 2 hours', 'about 2 hours', 'about 2 hours']);
  });

  it('retries a quarantined job 6 h, 12 h, 24 h after the failure, then daily (E17)', () => {
    expect([0, 1, 2, 3, 10].map(quarantineRetryAfter)).toEqual(['6 hours after the failure', '12 hours after the failure', '24 hours after the failure', 'every 24 hours', 'every 24 hours']);
  });

  it('quarantines at once for invalid credentials or a 404 start-up answer, not for other failures (E17)', () => {
    expect(startupQuarantineReason(401)).toMatch(/^invalid credentials/);
    expect(startupQuarantineReason(403)).toMatch(/^invalid credentials/);
    expect(startupQuarantineReason(404)).toMatch(/^SCIM compliance issue/);
    expect([200, 400, 429, 500, 503, undefined].map(startupQuarantineReason)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('quarantines on the error rate only as E17\'s worked examples say', () => {
    const job = (failures: number, successes: number, referenceFailures = 0) => errorRateQuarantine({ events: failures + successes, failures, referenceFailures });
    expect(job(4_000, 0)).toBe(false); // under the 5,000 minimum
    expect(job(45_000, 1_000_000)).toBe(true); // above 40,000 failures
    expect(job(30_000, 5_000)).toBe(true); // above 40%
    expect(job(20_000, 100_000)).toBe(false); // neither
    expect(job(40_000, 100_000, 21_000)).toBe(true); // 61,000 failures in all, references included
    expect(job(4_999, 0, 50_000)).toBe(false);
  });
});
