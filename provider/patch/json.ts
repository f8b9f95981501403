/** Helpers over parsed JSON (never class instances), shared by the PATCH modules. */
import { isObject } from '../schemas/resource-schema.js';

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/** RFC 7643 §2.5: null and an empty array are the same state as no value at all. */
export function isAssigned(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/** A multi-valued attribute's elements, tolerating a lone value stored where an array belongs. */
export function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return isAssigned(value) ? [value] : [];
}
