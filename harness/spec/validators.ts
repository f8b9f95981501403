/**
 * `SpecValidators`: the JSON Schemas of `json-schemas.ts` as ajv validators, compiled ahead of time
 * (validators.generated.ts, made by codegen.ts), with errors as readable strings.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { SPEC_SCHEMA_NAMES, type SpecSchemaName } from './json-schemas.js';
import * as generated from './validators.generated.js';

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
}

/** Each schema's validator, compiled ahead of time (codegen.ts): compiling them took ~0.2 s of every run. */
const VALIDATORS: ReadonlyMap<SpecSchemaName, ValidateFunction> = new Map(SPEC_SCHEMA_NAMES.map((name) => [name, generated[name] as ValidateFunction]));

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
  validate(name, value) {
    const validate = VALIDATORS.get(name);
    if (!validate) throw new Error(`No JSON Schema named ${name}`);
    if (validate(value)) return { valid: true, errors: [], issues: [] };
    const issues = readable(validate.errors);
    return { valid: false, errors: issues.map(formatIssue), issues };
  },
};
