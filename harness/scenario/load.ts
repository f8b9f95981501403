/**
 * Reading scenario files: YAML with source positions → schema → meaning → normalised `Scenario`.
 * Every problem comes back as `file:line:column: reason`; nothing here throws for a bad file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ScenarioError } from './errors.js';
import { normalise } from './normalise.js';
import { createLocator, displayPath, type Locator } from './positions.js';
import type { RawScenario } from './raw.js';
import { validateAgainstSchema, type Issue } from './schema.js';
import { checkSemantics } from './semantics.js';
import { parseScenarioYaml } from './syntax.js';
import type { Scenario } from './types.js';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

export async function loadScenarioFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [new ScenarioError(path, 1, 1, `cannot read the file: ${(error as Error).message}`)] };
  }
  return loadScenarioText(text, path);
}

export function loadScenarioText(text: string, file: string): LoadResult {
  const parsed = parseScenarioYaml(text, file);
  if (!parsed.ok) return { ok: false, errors: sortedErrors(parsed.errors) };
  const { document, lineCounter } = parsed;

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { ok: false, errors: [new ScenarioError(file, 1, 1, `cannot read the YAML: ${(error as Error).message}`)] };
  }
  const locator = createLocator(document, lineCounter);
  const toErrors = (issues: Issue[]) => sortedErrors(issues.map((issue) => issueError(issue, file, locator)));

  const schemaIssues = validateAgainstSchema(data);
  if (schemaIssues.length > 0) return { ok: false, errors: toErrors(schemaIssues) };
  // From here on the schema has vouched for the shape.
  const raw = data as RawScenario;
  const semanticIssues = checkSemantics(raw);
  if (semanticIssues.length > 0) return { ok: false, errors: toErrors(semanticIssues) };
  return { ok: true, scenario: normalise(raw, file, locator) };
}

/** A schema or meaning issue at its YAML position (shared with the config file loader). */
export function issueError(issue: Issue, file: string, locator: Locator): ScenarioError {
  const { line, column } = locator.position(issue.path, { key: issue.atKey === true });
  const where = displayPath(issue.path);
  return new ScenarioError(file, line, column, where === '' ? issue.message : `${where}: ${issue.message}`);
}

/** Errors once each, in file order. */
export function sortedErrors(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors
    .filter((error) => {
      const key = error.format();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

const SCENARIO_FILE = /\.ya?ml$/i;

/**
 * Scenario files under the given files and folders (recursively), sorted so runs are reproducible.
 * A file named explicitly is taken whatever its extension; a path that does not exist is an error.
 */
export async function discoverScenarios(paths: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new Error(`scenario path not found: ${path}`);
    }
    if (info.isDirectory()) for (const file of await walk(path)) found.add(file);
    else found.add(path);
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    // Hidden folders and installed packages are never scenario suites.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && SCENARIO_FILE.test(entry.name)) files.push(path);
  }
  return files;
}
