/** Scenario files named on the command line (or the bundled suites), loaded and validated, errors printed as file:line:column. */
import { discoverScenarios, formatErrors, loadScenarioFile, type Scenario } from '../scenario/index.js';
import type { Io } from './io.js';

export async function loadAll(paths: string[], io: Io): Promise<Scenario[] | undefined> {
  let files: string[];
  try {
    files = await discoverScenarios(paths.length > 0 ? paths : ['scenarios']);
  } catch (error) {
    io.err(`scim-conformance: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (files.length === 0) {
    io.err(`scim-conformance: no scenario files (*.yaml) under ${paths.join(', ') || 'scenarios'}.`);
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

