/**
 * `SpecValidators`: the JSON Schemas of `json-schemas.ts`, compiled once (on first use) by ajv, with
 * errors as readable strings. Compiling is the expensive part, so it happens once per process, not per
 * exchange.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { isXsdDateTime } from './datetime.js';
import { SPEC_SCHEMA_NAMES, SPEC_SCHEMAS, XSD_DATE_TIME_FORMAT, type SpecSchemaName } from './json-schemas.js';

/** One problem: `path` is the JSON Pointer of the attribute concerned (for a missing one, where it belongs). */
export interface ValidationIssue {
  path: string;
  message: string;
}

export interface ValidationOutcome {
  valid: boolean;
  /** `path: message`, e.g. `/status: must be string`. */
  errors: string[];
  issues: ValidationIssue[];
}

export interface SpecValidatorSet {
  readonly names: readonly SpecSchemaName[];
  validate(name: SpecSchemaName, value: unknown): ValidationOutcome;
  /**
   * Compiles every schema now rather than on the first validation: the judge's worker does it before it says it
   * is ready, so its first exchanges are not a third of a second behind the traffic.
   */
  prepare(): void;
}

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;

/**
 * ajv and ajv-formats are loaded on first validation, not at import: they are most of what loading the check
 * catalogue costs, and `scim-conformance checks` (which only lists it) should start fast. Both are CommonJS, so
 * `require` keeps `compileAll` synchronous.
 */
const require = createRequire(import.meta.url);

function loadAjv(): { Ajv: typeof Ajv2020; addFormats: FormatsPlugin } {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // ajv-formats' module object is the plugin itself, with a `default` copy; take whichever is callable.
  const formats = require('ajv-formats') as FormatsPlugin | { default: FormatsPlugin };
  return { Ajv, addFormats: typeof formats === 'function' ? formats : formats.default };
}

let compiled: Map<SpecSchemaName, ValidateFunction> | undefined;

function compileAll(): Map<SpecSchemaName, ValidateFunction> {
  const { Ajv: Ajv2020, addFormats } = loadAjv();
  // strictRequired is off: `if/then` branches require properties declared by the enclosing schema.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat(XSD_DATE_TIME_FORMAT, { type: 'string', validate: isXsdDateTime });
  for (const name of SPEC_SCHEMA_NAMES) ajv.addSchema(SPEC_SCHEMAS[name]);
  const map = new Map<SpecSchemaName, ValidateFunction>();
  for (const name of SPEC_SCHEMA_NAMES) {
    const id = SPEC_SCHEMAS[name].$id;
    const validate = typeof id === 'string' ? ajv.getSchema(id) : undefined;
    if (!validate) throw new Error(`JSON Schema ${name} did not compile`);
    map.set(name, validate);
  }
  return map;
}

function issueOf(error: ErrorObject): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { path: `${error.instancePath}/${escapePointer(params.missingProperty)}`, message: `is required but missing` };
  }
  let message = error.message ?? error.keyword;
  if (error.keyword === 'type' && (typeof params.type === 'string' || Array.isArray(params.type))) {
    const types = (Array.isArray(params.type) ? params.type : params.type.split(',')).map(String);
    message = `must be ${types.filter((t) => t !== 'null').join(' or ')}${types.includes('null') ? ' (or null)' : ''}`;
  }
  if (error.keyword === 'not' && error.instancePath.endsWith('/id')) {
    message = 'must not contain the reserved word "bulkId"';
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message += ` (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  }
  if (error.keyword === 'contains' && error.instancePath.endsWith('/schemas')) {
    message = 'must contain the resource or message URN';
  }
  return { path: error.instancePath, message };
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * allErrors reports both sides of a failed `anyOf`/`if` and the umbrella error itself; keep the
 * specific ones, and report each distinct problem once.
 */
function readable(errors: ErrorObject[] | null | undefined): ValidationIssue[] {
  // Items failing a `contains` are not errors themselves: the array as a whole lacks the value.
  const kept = (errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && !e.schemaPath.includes('/contains/'));
  const source = kept.length > 0 ? kept : (errors ?? []);
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of source) {
    const issue = issueOf(error);
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

export const formatIssue = (issue: ValidationIssue) => `${issue.path || '/'}: ${issue.message}`;

export const SpecValidators: SpecValidatorSet = {
  names: SPEC_SCHEMA_NAMES,
  prepare() {
    compiled ??= compileAll();
  },
  validate(name, value) {
    compiled ??= compileAll();
    const validate = compiled.get(name);
    if (!validate) throw new Error(`No JSON Schema named ${name}`);
    if (validate(value)) return { valid: true, errors: [], issues: [] };
    const issues = readable(validate.errors);
    return { valid: false, errors: issues.map(formatIssue), issues };
  },
};
