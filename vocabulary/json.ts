/** Narrowing helpers for parsed JSON, so no layer indexes into `unknown` blindly. */

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of `key` matched case-insensitively (RFC 7643 §2.1: attribute names are case insensitive). */
export function getCaseless(object: JsonObject, key: string): unknown {
  if (key in object) return object[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(object)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function hasCaseless(object: JsonObject, key: string): boolean {
  const lower = key.toLowerCase();
  return Object.keys(object).some((k) => k.toLowerCase() === lower);
}

/** The `schemas` URNs of a body, lower-cased for comparison; empty when absent or malformed. */
export function schemaUrns(value: unknown): string[] {
  if (!isObject(value) || !Array.isArray(value.schemas)) return [];
  return value.schemas.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase());
}

export const hasSchema = (value: unknown, urn: string) => schemaUrns(value).includes(urn.toLowerCase());

/** Short, bounded rendering of a value for findings. */
export function preview(value: unknown, max = 200): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** An object literal (or JSON.parse result), not a class instance: what a template or mapping may walk into. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * How deep JSON may nest before the harness stops treating it as JSON: SCIM resources nest a few levels,
 * and recursive walks (checks, report writers) must never meet a stack-overflowing document from a target.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether a parsed JSON value nests arrays/objects deeper than `limit`. Recursion stops at `limit`, so a hostile
 * document cannot overflow the stack here; it visits nodes, not characters, so it is several times cheaper than
 * scanning the text (V8's JSON.parse itself is iterative and parses any depth).
 */
export function valueNestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit <= 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (valueNestsDeeperThan(item, limit - 1)) return true;
    return false;
  }
  for (const key in value) if (valueNestsDeeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  return false;
}

/** Whether JSON text nests arrays/objects deeper than `limit`: one linear scan, no recursion, strings skipped. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}
