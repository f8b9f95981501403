// `npm run build`: compiles the package's runtime to dist/ (tsconfig.build.json) and copies the files that code reads beside itself.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/**
 * Read at run time through `new URL('./x', import.meta.url)`, so they must sit next to their compiled module. tsc does
 * not copy them: it emits only JSON files that are imported (scenarios/scenario.schema.json, through
 * harness/scenario/schema.ts's `with { type: 'json' }`, lands in dist/scenarios/ by itself).
 */
const ASSETS = ['harness/report/report.schema.json'];

// From scratch: a module deleted from the sources must not live on in the tarball.
rmSync(dist, { recursive: true, force: true });
// tsc's own entry, run by this node: no shell, no npx lookup, the same on every platform.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
for (const asset of ASSETS) {
  mkdirSync(dirname(join(dist, asset)), { recursive: true });
  copyFileSync(join(root, asset), join(dist, asset));
}
