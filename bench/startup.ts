/**
 * `npm run bench` (start-up part): how long the compiled CLI takes to answer `--version` and `checks`, the commands a
 * CI job or a shell completion runs most, as the median of 10 spawns each, beside a bare `node -e ""`. Builds dist/
 * first when it is missing. Ratios against bare node keep the figures comparable across machines; the target is
 * well under 0.5 s for both.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MAIN = 'dist/harness/main.js';
const SPAWNS = 10;

if (!existsSync(new URL(`../${MAIN}`, import.meta.url))) {
  console.log(`${MAIN} missing: building first (npm run build)`);
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time of whole spawns (process start to exit), as a user or CI job sees it; one warm-up run first for the file cache. */
function time(args: string[]): number {
  const once = () => {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  once();
  return median(Array.from({ length: SPAWNS }, once));
}

console.log(`\nCLI start-up (compiled, median of ${SPAWNS} spawns)`);
const bare = time(['-e', '']);
const rows: [string, string[]][] = [
  ['node -e ""', ['-e', '']],
  [`node ${MAIN} --version`, [MAIN, '--version']],
  [`node ${MAIN} checks`, [MAIN, 'checks']],
];
for (const [label, args] of rows) {
  const ms = label === 'node -e ""' ? bare : time(args);
  console.log(`  ${label.padEnd(40)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / bare).toFixed(1).padStart(5)}× bare node`);
}
