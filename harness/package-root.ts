/** Where the package's own files are (package.json, bundled scenarios), from source (tsx) or compiled (dist/) alike. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The nearest folder above this module whose package.json names this package: `harness/..` in a checkout,
 * `dist/harness/../..` once built. Found by walking up, not by a fixed `../`, because the two layouts differ.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'scim-conformance') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`scim-conformance: cannot find the package's own package.json above ${fileURLToPath(import.meta.url)}.`);
    dir = up;
  }
}

/** A file of the package, e.g. `package.json` or `scenarios/okta`. */
export function packageFile(relative: string): string {
  return join(packageRoot(), relative);
}
