/**
 * Turns a client's value into what the attribute definition says it is: canonical attribute names,
 * real booleans, canonical values where they are enforced. Anything that cannot be made to fit is a 400.
 * Used by POST/PUT validation and by PATCH alike, so both accept and refuse exactly the same values.
 * Tolerances for what real IdPs send live here and only here (see README, "Tolerances").
 */
import { badRequest } from '../messages/error.js';
import type { Tolerances } from '../tolerances.js';
import type { AttributeDefinition } from '../schemas/definition.js';
import { findAttribute, isObject, type ScimObject } from '../schemas/resource-schema.js';
import { MAX_VALUES, tooManyValues } from './limits.js';

export interface CoerceOptions {
  /** Accept "true"/"false" in any case for boolean attributes (Entra ID without `aadOptscim062020`). */
  booleanStrings: boolean;
  /** Read a bare string given for a single-valued complex attribute as its `value` (Entra's `manager`). */
  bareStringComplex: boolean;
  /** The `scimType` for a sub-attribute the schema lacks: `invalidPath` in PATCH values, `invalidSyntax` in bodies. */
  unknownSubAttribute?: 'invalidPath' | 'invalidSyntax';
}

// xsd:dateTime (RFC 7643 §2.3.5): seconds required, fraction and offset optional.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** The whole attribute's value: an array for a multi-valued attribute (a lone value is wrapped), else one value. */
export function coerceValue(value: unknown, attribute: AttributeDefinition, where: string, options: CoerceOptions): unknown {
  if (!attribute.multiValued) return coerceElement(value, attribute, where, options);
  const list = Array.isArray(value) ? value : [value];
  // Refused before any value is looked at: past the cap, every step after this one would cost more than it may.
  if (list.length > MAX_VALUES) throw tooManyValues(`"${where}"`, list.length);
  return list.map((v, i) => coerceElement(v, attribute, `${where}[${i}]`, options));
}

/** One value of the attribute: the value itself, or one element when the attribute is multi-valued. */
export function coerceElement(value: unknown, attribute: AttributeDefinition, where: string, options: CoerceOptions): unknown {
  if (value === null || value === undefined) throw invalid(where, 'must not be null');
  switch (attribute.type) {
    case 'complex':
      return coerceComplex(value, attribute, where, options);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (options.booleanStrings && typeof value === 'string' && /^(true|false)$/i.test(value)) {
        return value.toLowerCase() === 'true';
      }
      throw invalid(where, 'must be a boolean');
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw invalid(where, 'must be an integer');
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalid(where, 'must be a number');
    case 'dateTime':
      if (typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return value;
      throw invalid(where, 'must be an ISO 8601 dateTime such as 2024-05-01T12:00:00Z');
    default:
      if (typeof value !== 'string') throw invalid(where, 'must be a string');
      return canonical(value, attribute, where);
  }
}

function coerceComplex(value: unknown, attribute: AttributeDefinition, where: string, options: CoerceOptions): ScimObject {
  const subAttributes = attribute.subAttributes ?? [];
  // Entra ID sets the enterprise `manager` to the bare id: a lone string means the `value` sub-attribute.
  if (options.bareStringComplex && typeof value === 'string' && !attribute.multiValued) {
    const valueSub = findAttribute(subAttributes, 'value');
    if (valueSub) return { [valueSub.name]: coerceElement(value, valueSub, `${where}.${valueSub.name}`, options) };
  }
  if (!isObject(value)) throw invalid(where, 'must be an object');
  const out: ScimObject = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = findAttribute(subAttributes, key);
    if (!sub) throw badRequest(options.unknownSubAttribute ?? 'invalidPath', `"${key}" is not a sub-attribute of ${where}.`);
    // readOnly sub-attributes (members.display, manager.displayName) are the server's to derive; Okta echoes
    // them back, so they are dropped, as PUT ignores them (RFC 7644 §3.5.1), rather than refused.
    if (sub.mutability === 'readOnly') continue;
    if (v === null) continue; // RFC 7643 §2.5: null is "unassigned"
    out[sub.name] = coerceValue(v, sub, `${where}.${sub.name}`, options);
  }
  return out;
}

/** Canonical values are only suggestions (RFC 7643 §2.3.1) unless the model marks them strict. */
function canonical(value: string, attribute: AttributeDefinition, where: string): string {
  if (!attribute.strictCanonicalValues || !attribute.canonicalValues) return value;
  const hit = attribute.canonicalValues.find((c) => c.toLowerCase() === value.toLowerCase());
  if (hit === undefined) throw invalid(where, `must be one of ${attribute.canonicalValues.map((c) => `"${c}"`).join(', ')}`);
  return hit;
}

function invalid(where: string, why: string) {
  return badRequest('invalidValue', `${where} ${why}.`);
}

/**
 * A whole attribute of a POST/PUT body: `null` (and an empty list) mean "unassigned" (RFC 7643 §2.5)
 * and give `undefined`; anything else is coerced.
 */
export function coerceAttribute(definition: AttributeDefinition, value: unknown, where: string, tolerances: Tolerances): unknown {
  if (value === null || value === undefined) return undefined;
  const options: CoerceOptions = { ...coerceOptions(tolerances), unknownSubAttribute: 'invalidSyntax' };
  if (!definition.multiValued) return coerceElement(value, definition, where, options);
  // Stricter than PATCH (which wraps a lone element): a whole representation must be well-formed.
  if (!Array.isArray(value)) throw invalid(where, 'is multi-valued and must be an array');
  const list = value.filter((v) => v !== null && v !== undefined);
  if (list.length === 0) return undefined;
  return coerceValue(list, definition, where, options);
}

/** RFC 7643 §2.4: a multi-valued attribute's `primary` value "true" MUST appear no more than once. */
export function assertSinglePrimary(definition: AttributeDefinition, value: unknown, where: string): void {
  if (!definition.multiValued || !Array.isArray(value)) return;
  const primaries = value.filter((v) => isObject(v) && v.primary === true).length;
  if (primaries > 1) throw invalid(where, `has ${primaries} values marked primary; at most one may be`);
}

export function coerceOptions(tolerances: Tolerances): CoerceOptions {
  return { booleanStrings: tolerances.booleanStrings, bareStringComplex: tolerances.bareStringComplex };
}
