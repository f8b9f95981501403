// Prints vitest's JSON result as one plain closing line ("N passed, N failed, N skipped").
import { readFileSync } from 'node:fs';

try {
  const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) process.exitCode = 1;
} catch (error) {
  console.log(`Tests: 0 passed, 1 failed (no test report: ${error.message})`);
  process.exitCode = 1;
}
