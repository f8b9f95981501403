/**
 * How two attribute values order, by the attribute's definition (RFC 7644 §3.4.2.2): strings
 * lexicographically and case-insensitively unless `caseExact`, dateTimes chronologically, numbers
 * numerically, `false` before `true`. Filters and `sortBy` share it so they can never disagree.
 */
import type { AttributeDefinition } from '../schemas/definition.js';
import { isObject } from '../schemas/resource-schema.js';

/** A value reduced to what comparison uses: folded string, epoch milliseconds, number or boolean. */
export type Comparable = string | number | boolean;

/**
 * The comparable form of `value` for `attribute`, or `undefined` when it is missing or not of the
 * attribute's type (such a value matches no comparison).
 */
export function comparable(value: unknown, attribute: AttributeDefinition): Comparable | undefined {
  switch (attribute.type) {
    case 'string':
    case 'reference':
      if (typeof value !== 'string') return undefined;
      return attribute.caseExact ? value : value.toLowerCase();
    case 'binary':
      // Base64 is case-sensitive whatever the definition says (RFC 7643 §2.3.6).
      return typeof value === 'string' ? value : undefined;
    case 'boolean':
      return toBoolean(value);
    case 'integer':
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'dateTime':
      if (typeof value === 'string') return parseDateTime(value);
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
      return undefined;
    case 'complex': {
      // A complex value stands for its `value` sub-attribute, as in filters (`emails co "x"`).
      const sub = attribute.subAttributes?.find((s) => s.name === 'value');
      return sub && isObject(value) ? comparable(value.value, sub) : undefined;
    }
  }
}

/** Negative, zero or positive; both sides must come from `comparable` for the same attribute. */
export function compareComparable(a: Comparable, b: Comparable): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  // Only reachable with mixed inputs; any fixed order keeps sorting total.
  return typeof a < typeof b ? -1 : 1;
}

/**
 * Negative when `a` orders before `b`, zero when they are equal for `attribute`, positive otherwise.
 * A value that is missing or not of the attribute's type orders after every proper value.
 */
export function compareValues(a: unknown, b: unknown, attribute: AttributeDefinition): number {
  const ca = comparable(a, attribute);
  const cb = comparable(b, attribute);
  if (ca === undefined || cb === undefined) return ca === cb ? 0 : ca === undefined ? 1 : -1;
  return compareComparable(ca, cb);
}

/** SCIM booleans, plus the strings `"true"`/`"false"` in any case, which Entra ID sends. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

// xsd:dateTime (RFC 7643 §2.3.5), also taken without seconds or as a bare date.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Epoch milliseconds of an xsd:dateTime, or `undefined` if it is not one. No zone means UTC. */
export function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  // Date.parse reads a zoneless date-time as *local* time; the provider must not depend on its host's zone.
  const hasTime = text.length > 10;
  const ms = Date.parse(hasTime && match[1] === undefined ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}
