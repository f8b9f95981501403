/**
 * report.json: the RunResult itself, machine-readable and the input of a later `--baseline`.
 * The published schema (report.schema.json, next to this file) is the single description of the
 * format: it validates reports read back, and its property order is the key order written, so two
 * runs of the same suite diff line by line however the engine happened to build its objects.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { RunResult } from '../model.js';
import type { Reporter } from './reporter.js';

export const JSON_REPORT_FILE = 'report.json';
export const REPORT_SCHEMA_URL = new URL('./report.schema.json', import.meta.url);

/** The subset of JSON Schema the key ordering walks; everything else in a node is ignored. */
interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  $defs?: Record<string, SchemaNode>;
}

let schemaCache: SchemaNode | undefined;

export function reportSchema(): SchemaNode {
  // Read synchronously once: the file is small and this keeps the writer's API free of set-up calls.
  schemaCache ??= JSON.parse(readFileSync(REPORT_SCHEMA_URL, 'utf8')) as SchemaNode;
  return schemaCache;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  const name = node.$ref?.startsWith('#/$defs/') ? node.$ref.slice('#/$defs/'.length) : undefined;
  return (name !== undefined && root.$defs?.[name]) || node;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A copy of `value` with keys in schema order. Maps (headers) are sorted by name; free-form JSON
 * (bodies, expected/actual) keeps its own order, because that order is part of what was observed.
 */
function ordered(value: unknown, node: SchemaNode | undefined, root: SchemaNode): unknown {
  if (!node) return value;
  const n = resolve(node, root);
  if (Array.isArray(value)) return n.items ? value.map((v) => ordered(v, n.items, root)) : value;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  if (n.properties) {
    for (const [key, child] of Object.entries(n.properties)) {
      if (value[key] !== undefined) out[key] = ordered(value[key], child, root);
    }
    // Keys the schema does not know stay (validation reports them) but cannot reorder the known ones.
    for (const key of Object.keys(value).filter((k) => !(k in n.properties!)).sort(byCodeUnit)) out[key] = value[key];
    return out;
  }
  if (isPlainObject(n.additionalProperties)) {
    const child = n.additionalProperties;
    for (const key of Object.keys(value).sort(byCodeUnit)) out[key] = ordered(value[key], child, root);
    return out;
  }
  return value;
}

/** The text of report.json: pretty, newline-terminated, keys in schema order. */
export function toReportJson(run: RunResult): string {
  const schema = reportSchema();
  return `${JSON.stringify(ordered(run, schema, schema), null, 2)}\n`;
}

export const jsonReporter: Reporter = {
  format: 'json',
  async write(run, outDir) {
    const file = join(outDir, JSON_REPORT_FILE);
    await writeFile(file, toReportJson(run), 'utf8');
    return [file];
  },
};

let validatorCache: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!validatorCache) {
    // ajv ships CommonJS; under NodeNext its default import is the module object, hence `.default`.
    const ajv = new Ajv2020.default({ allErrors: true, strict: true });
    addFormats.default(ajv);
    validatorCache = ajv.compile(reportSchema());
  }
  return validatorCache;
}

function describeError(e: ErrorObject): string {
  const at = e.instancePath || '(root)';
  if (e.keyword === 'additionalProperties') {
    return `${at} has unknown property "${String((e.params as { additionalProperty?: unknown }).additionalProperty)}"`;
  }
  if (e.keyword === 'enum') {
    return `${at} must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${at} ${e.message ?? 'is invalid'}`;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Checks a parsed value against report.schema.json; the error names up to five offending places. */
export function validateReport(value: unknown): ValidationResult<RunResult> {
  const validate = validator();
  if (validate(value)) return { ok: true, value: value as RunResult };
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, 5).map(describeError);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return { ok: false, error: `not a scim-conformance report: ${shown.join('; ')}${more}` };
}

/**
 * A version 1 report (written before run ids, interruption and not-applicable results) as version 2 reads
 * it: run id '', not interrupted, nothing not applicable. `--baseline old.json` must keep working across an
 * upgrade of the harness, and a report that lacks these fields made none of them true. Only absent fields
 * are added; whatever else is wrong is left for validation to report.
 */
export function upgradeReport(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const run: Record<string, unknown> = { runId: '', interrupted: false, ...value };
  if (isPlainObject(run.summary)) {
    const summary: Record<string, unknown> = { notApplicableChecks: 0, ...run.summary };
    if (isPlainObject(summary.scenarios)) summary.scenarios = { notApplicable: 0, ...summary.scenarios };
    run.summary = summary;
  }
  return run;
}

/**
 * Loads an earlier report.json (for `--baseline`), version 1 reports included (see `upgradeReport`). Never throws: a missing file, bad JSON and a
 * schema mismatch all come back as `{ ok: false, error }` with the file named, ready to print.
 */
export async function readReport(file: string): Promise<ValidationResult<RunResult>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    return { ok: false, error: `cannot read report ${file}: ${reason}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `report ${file} is not valid JSON: ${(error as Error).message}` };
  }
  const result = validateReport(upgradeReport(value));
  return result.ok ? result : { ok: false, error: `report ${file} is ${result.error}` };
}
