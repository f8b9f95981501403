#!/usr/bin/env node
// The `scim-conformance` command: the compiled CLI in an installed package, the TypeScript sources in a checkout.
// Either way the CLI runs in this process (no child), so Ctrl-C and SIGTERM reach the run itself and it can clean up
// what it created before it exits.
import { existsSync } from 'node:fs';

const source = new URL('../harness/main.ts', import.meta.url);
if (existsSync(source)) {
  // A source checkout (tests, `npm run scim-conformance`): run the sources through tsx's loader, no build needed.
  // Imported only here: tsx is a dev dependency, absent from an installed package.
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  // An installed package ships dist/ and no sources (package.json "files").
  await import('../dist/harness/main.js');
}
