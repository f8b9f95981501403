/**
 * Turns a client-supplied value into the stored form its attribute definition demands, or refuses it
 * with a SCIM error naming the attribute. Tolerances for what real IdPs send live here and only here:
 * - booleans given as the strings "True"/"False" (any case), as Microsoft Entra sends them;
 * - a complex single-valued attribute given a bare string is read as its `value` (Entra's `manager`);
 * - `null` means "unassigned" (RFC 7643 §2.5) and is dropped.
 */
import { badRequest } from '../messages/error.js';
import type { AttributeDefinition } from '../schemas/definition.js';
import { findAttribute, isObject } from '../schemas/resource-schema.js';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The coerced value, or `undefined` when the input is null/empty and so unassigned. */
export function coerceAttribute(definition: AttributeDefinition, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (definition.multiValued) {
    if (!Array.isArray(value)) {
      throw badRequest('invalidValue', `Attribute '${path}' is multi-valued and must be an array.`);
    }
    const out = value.map((v, i) => coerceSingle(definition, v, `${path}[${i}]`)).filter((v) => v !== undefined);
    return out.length > 0 ? out : undefined;
  }
  if (Array.isArray(value)) {
    throw badRequest('invalidValue', `Attribute '${path}' is single-valued and must not be an array.`);
  }
  return coerceSingle(definition, value, path);
}

/** One value (one element, for multi-valued attributes). */
export function coerceSingle(definition: AttributeDefinition, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (definition.type) {
    case 'complex':
      return coerceComplex(definition, value, path);
    case 'boolean':
      return coerceBoolean(value, path);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw badRequest('invalidValue', `Attribute '${path}' must be an integer, got ${describe(value)}.`);
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw badRequest('invalidValue', `Attribute '${path}' must be a decimal number, got ${describe(value)}.`);
    case 'dateTime':
      if (typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return value;
      throw badRequest('invalidValue', `Attribute '${path}' must be an xsd:dateTime string, got ${describe(value)}.`);
    case 'binary':
      if (typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value)) return value;
      throw badRequest('invalidValue', `Attribute '${path}' must be base64-encoded binary, got ${describe(value)}.`);
    case 'string':
    case 'reference':
      if (typeof value !== 'string') {
        throw badRequest('invalidValue', `Attribute '${path}' must be a string, got ${describe(value)}.`);
      }
      return canonical(definition, value, path);
  }
}

function coerceBoolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw badRequest('invalidValue', `Attribute '${path}' must be a boolean, got ${describe(value)}.`);
}

function coerceComplex(definition: AttributeDefinition, value: unknown, path: string): Record<string, unknown> | undefined {
  const subs = definition.subAttributes ?? [];
  if (typeof value === 'string' && findAttribute(subs, 'value') && !definition.multiValued) {
    return { value };
  }
  if (!isObject(value)) {
    throw badRequest('invalidValue', `Attribute '${path}' is complex and must be an object, got ${describe(value)}.`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = findAttribute(subs, key);
    if (!sub) throw badRequest('invalidSyntax', `Attribute '${path}' has no sub-attribute '${key}'.`);
    const coerced = coerceAttribute(sub, raw, `${path}.${sub.name}`);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function canonical(definition: AttributeDefinition, value: string, path: string): string {
  if (!definition.strictCanonicalValues || !definition.canonicalValues) return value;
  const match = definition.canonicalValues.find((c) => c.toLowerCase() === value.toLowerCase());
  if (match === undefined) {
    throw badRequest(
      'invalidValue',
      `Attribute '${path}' must be one of ${definition.canonicalValues.map((c) => `'${c}'`).join(', ')}, got '${value}'.`,
    );
  }
  return match;
}

/** RFC 7643 §2.4: a multi-valued attribute's `primary` value "true" MUST appear no more than once. */
export function assertSinglePrimary(definition: AttributeDefinition, value: unknown, path: string): void {
  if (!definition.multiValued || !Array.isArray(value)) return;
  const primaries = value.filter((v) => isObject(v) && v.primary === true).length;
  if (primaries > 1) {
    throw badRequest('invalidValue', `Attribute '${path}' has ${primaries} values marked primary; at most one may be.`);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
