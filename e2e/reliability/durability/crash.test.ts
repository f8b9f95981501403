/**
 * Issue 11, durable store: kill -9 mid-traffic loses no acknowledged write and applies nothing half. Two rounds
 * here; `npm run crash-test` runs twenty in a row (crash-main.ts).
 */
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { runCrashTest } from './crash-run.js';
import { tempDataDir } from './support.js';

const dir = tempDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('every acknowledged write survives kill -9 mid-traffic, twice in a row', { timeout: 60_000 }, async () => {
  const rounds = await runCrashTest({ dir, rounds: 2 });
  for (const round of rounds) {
    expect(round.acknowledged, JSON.stringify(round)).toBeGreaterThanOrEqual(30);
  }
});
