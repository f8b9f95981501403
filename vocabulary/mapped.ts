/**
 * After a full sync the target must hold each user as the IdP maps it. The IdP profile says what it maps
 * (`IdpProfile.mappedUser`: the body of its create); this compares that with the user read back, as an
 * admin checking the app would: every mapped value present, extra attributes and server-set ones ignored.
 */
import { isObject } from './json.js';

export interface MappedDifference {
  /** e.g. `name.familyName`, `emails[value eq "a@b.c"]`, `urn:…:enterprise:2.0:User.department`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

/** Written by the IdP but not mapped values: the server sets or transforms them, or another check judges them. */
const NOT_MAPPED = new Set(['schemas', 'meta', 'active', 'password', 'groups', 'id']);

/** Attributes the RFC makes case-insensitive (caseExact false) whose case a server may normalise. */
const CASE_INSENSITIVE = /^(userName|emails(\[[^\]]*\])?\.value)$/i;

type Json = Record<string, unknown>;

/** `path expected X, got Y; …`, as outcome messages list them; `words` reword it (e.g. `['was', 'now']`). */
export function describeDifferences(differences: MappedDifference[], words: [string, string] = ['expected', 'got']): string {
  return differences.map((d) => `${d.path} ${words[0]} ${JSON.stringify(d.expected)}, ${words[1]} ${d.actual === undefined ? 'absent' : JSON.stringify(d.actual)}`).join('; ');
}

export function mappedDifferences(mapped: Json, resource: Json): MappedDifference[] {
  const differences: MappedDifference[] = [];
  for (const [key, value] of Object.entries(mapped)) {
    if (NOT_MAPPED.has(key)) continue;
    compare(value, member(resource, key), key, differences);
  }
  return differences;
}

/** Attribute names are case-insensitive (RFC 7643 §2.1). */
function member(object: unknown, key: string): unknown {
  if (!isObject(object)) return undefined;
  if (key in object) return object[key];
  const found = Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : object[found];
}

function sameString(path: string, expected: string, actual: unknown): boolean {
  if (typeof actual !== 'string') return false;
  return CASE_INSENSITIVE.test(path) ? expected.toLowerCase() === actual.toLowerCase() : expected === actual;
}

function compare(expected: unknown, actual: unknown, path: string, out: MappedDifference[]): void {
  if (expected === null || expected === undefined) return;
  // RFC 7643 §2.5: an empty value and an unassigned one are the same state; OneLogin renders missing values as "".
  if (expected === '') return;
  if (typeof expected === 'string') {
    if (!sameString(path, expected, actual)) out.push({ path, expected, actual });
    return;
  }
  if (typeof expected !== 'object') {
    if (expected !== actual) out.push({ path, expected, actual });
    return;
  }
  if (Array.isArray(expected)) {
    const list = Array.isArray(actual) ? actual : [];
    for (const element of expected) compareElement(element, list, path, out);
    return;
  }
  const target = isObject(actual) ? actual : undefined;
  for (const [key, value] of Object.entries(expected as Json)) {
    compare(value, member(target, key), `${path}.${key}`, out);
  }
}

/** A multi-valued element is found by its `value` (and `type` when the IdP sends one), not by position. */
function compareElement(element: unknown, list: unknown[], path: string, out: MappedDifference[]): void {
  if (!isObject(element)) {
    if (element !== '' && !list.includes(element)) out.push({ path, expected: element, actual: list });
    return;
  }
  const value = element.value;
  if (value === undefined || value === '') return;
  const label = `${path}[value eq ${JSON.stringify(value)}]`;
  const match = list.find(
    (candidate) =>
      isObject(candidate) &&
      (typeof value === 'string' ? sameString(`${path}.value`, value, candidate.value) : candidate.value === value) &&
      (typeof element.type !== 'string' || element.type === '' || (typeof candidate.type === 'string' && candidate.type.toLowerCase() === element.type.toLowerCase())),
  );
  if (match === undefined) out.push({ path: label, expected: element, actual: list.length === 0 ? undefined : list });
}
