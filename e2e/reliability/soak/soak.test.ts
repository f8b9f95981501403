/**
 * Issue 11, soak (short form; `npm run soak` runs 60 s): 20 clients of mixed traffic on the durable store —
 * every read shows the client's acknowledged writes, refusals stay refusals, the heap after full GC stays
 * flat, and everything acknowledged is there at the end and after kill -9 and a restart.
 */
import { expect, it } from 'vitest';
import { heapAllowance, runSoak } from './soak-run.js';

it('20 clients for 8 s: nothing acknowledged lost, reads consistent, heap flat', { timeout: 120_000 }, async () => {
  const result = await runSoak({ seconds: 8, clients: 20 });
  const summary = JSON.stringify({ ...result, samples: result.samples.length });
  expect(result.restartVerified).toBe(true);
  expect(result.writes, summary).toBeGreaterThan(0);
  expect(result.reads, summary).toBeGreaterThan(0);
  expect(result.refusals, summary).toBeGreaterThan(0);
  expect(result.users, summary).toBeGreaterThan(0);
  const growth = result.final.heapUsed - result.baseline.heapUsed;
  expect(growth, `the heap grew by ${growth} bytes, allowed ${heapAllowance(result)}: ${summary}`).toBeLessThanOrEqual(heapAllowance(result));
});
