/**
 * One settings reader for every profile: a scenario's `settings` block checked against the profile's
 * declared schema and completed with its declared defaults. The scenario loader already rejects bad
 * settings with file and line; this guards the profiles when tests or other code drive them directly.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { settingsSchema, type IdpDeclaration } from './declaration.js';

export type SettingsRead<T> = { ok: true; settings: T } | { ok: false; error: string };

const compiled = new WeakMap<IdpDeclaration, ValidateFunction>();
let shared: Ajv2020 | undefined;

/**
 * One ajv for every profile's settings: each instance compiles JSON Schema's meta-schema before its first schema
 * (~35 ms), so one per profile paid that three times in a run of all three IdPs.
 */
function settingsAjv(): Ajv2020 {
  if (shared === undefined) {
    // Required here, on first use, not imported: every module naming an IdP loads this registry, and the CLI's
    // quick commands (`checks`, `--help`) should not pay for ajv. CommonJS, so this stays synchronous.
    const { Ajv2020: Ajv } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    // useDefaults fills what a scenario left out, nested objects included; strict catches a malformed declaration.
    shared = new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true });
  }
  return shared;
}

function validatorFor(declaration: IdpDeclaration): ValidateFunction {
  let validate = compiled.get(declaration);
  if (validate === undefined) {
    validate = settingsAjv().compile(settingsSchema(declaration));
    compiled.set(declaration, validate);
  }
  return validate;
}

/**
 * The settings with defaults, typed as the profile's own settings interface `T` (the schema has just
 * checked every value, so the cast restates what was validated), or one sentence naming every problem.
 */
export function readDeclaredSettings<T>(declaration: IdpDeclaration, raw: Record<string, unknown>): SettingsRead<T> {
  const copy = structuredClone(raw);
  const validate = validatorFor(declaration);
  if (validate(copy)) return { ok: true, settings: copy as T };
  const problems = (validate.errors ?? []).map((e) => describe(declaration, e));
  return { ok: false, error: `Invalid ${declaration.title} settings: ${[...new Set(problems)].join('; ')}.` };
}

function describe(declaration: IdpDeclaration, error: ErrorObject): string {
  const at = error.instancePath.slice(1).replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = at === '' ? String(params.additionalProperty) : `${at}.${String(params.additionalProperty)}`;
      const known = at === '' ? ` (${declaration.title} understands ${Object.keys(declaration.settings).join(', ')})` : '';
      return `unknown setting '${name}'${known}`;
    }
    case 'enum':
      return `${at} must be ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'type':
      return `${at} must be ${params.type === 'boolean' ? 'true or false' : `a${params.type === 'object' || params.type === 'array' ? 'n' : ''} ${String(params.type)}`}`;
    default:
      return `${at || 'settings'} ${error.message ?? 'is invalid'}`;
  }
}
