/**
 * `npm run crash-test [-- ROUNDS]`: the durable store's crash test, twenty kill -9 rounds in a row on one data
 * directory (see crash-run.ts); the normal test suite runs two.
 */
import { rmSync } from 'node:fs';
import { runCrashTest } from './crash-run.js';
import { tempDataDir } from './support.js';

const rounds = Number(process.argv[2] ?? 20);
const dir = tempDataDir();
let passed = 0;
try {
  await runCrashTest({
    dir,
    rounds,
    onRound: (r) => {
      passed += 1;
      console.log(
        `round ${r.round}/${rounds}: ${r.acknowledged} writes acknowledged, all back after kill -9; ` +
          `${r.inFlight} in flight (${r.landed} landed); ${r.users} users, ${r.groups} groups`,
      );
    },
  });
  rmSync(dir, { recursive: true, force: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
console.log(`crash-test: ${passed} passed, ${rounds - passed} failed`);
