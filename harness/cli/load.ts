/** Scenario files named on the command line (or the bundled suites), loaded and validated, errors printed as file:line:column. */
import { relative } from 'node:path';
import { packageFile } from '../package-root.js';
import { discoverScenarios, formatErrors, loadScenarioFile, type Scenario } from '../scenario/index.js';
import type { Io } from './io.js';

/**
 * The package's own suites, as a path relative to the working directory (`scenarios` in a checkout,
 * `node_modules/scim-conformance/scenarios` once installed): reports name scenario files by it, and shards on
 * different CI machines with the same checkout layout agree on it.
 */
export function bundledSuites(cwd = process.cwd()): string {
  return relative(cwd, packageFile('scenarios')) || '.';
}

/** What to load: the paths named, plus the bundled suites when none is named or `bundled` asks for them. */
export function scenarioPaths(paths: string[], bundled = false): string[] {
  return paths.length === 0 || bundled ? [bundledSuites(), ...paths] : paths;
}

export async function loadAll(paths: string[], io: Io, options: { bundled?: boolean } = {}): Promise<Scenario[] | undefined> {
  const wanted = scenarioPaths(paths, options.bundled);
  let files: string[];
  try {
    files = await discoverScenarios(wanted);
  } catch (error) {
    io.err(`scim-conformance: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (files.length === 0) {
    io.err(`scim-conformance: no scenario files (*.yaml) under ${wanted.join(', ')}.`);
    return undefined;
  }
  const scenarios: Scenario[] = [];
  let bad = false;
  for (const file of files) {
    const loaded = await loadScenarioFile(file);
    if (loaded.ok) scenarios.push(loaded.scenario);
    else {
      bad = true;
      io.err(formatErrors(loaded.errors));
    }
  }
  return bad ? undefined : scenarios;
}
