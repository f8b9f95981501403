/**
 * `{{ path }}` templates in scenario values. A string that is exactly one template yields the raw value
 * (a number stays a number, an object an object) so bodies can carry typed values; a template inside
 * other text is stringified. A reference that does not resolve is an error, never an empty string:
 * a silently empty filter would make a conformance check pass for the wrong reason.
 */
import { isPlainObject } from '../../vocabulary/json.js';

export interface TemplateResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: unknown;
}

export interface TemplateContext {
  /** Directory users by key (`user1`): email, givenName, familyName, userName, externalId, dockerRole, ... */
  users: Record<string, Record<string, unknown>>;
  /** Values saved by earlier steps. */
  vars: Record<string, unknown>;
  /** The previous response (in a request's `expect`: this step's response). */
  response?: TemplateResponse | undefined;
  /**
   * `id`: the run's id; `tag`: this scenario's tag (`sc-<id>-<n>`), already in every directory user's email and
   * userName. Put either in names a raw request creates, so runs on a shared target never collide.
   */
  /** `groupPrefix`: what `--group-prefix` puts before group names (empty by default), for raw requests that create groups. */
  run: { seed: number; id: string; tag: string; groupPrefix: string };
}

export const TEMPLATE_ROOTS = ['users', 'vars', 'response', 'run'] as const;

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    /** The reference as written between the braces, e.g. `users.user9.email`. */
    readonly reference: string,
    message: string,
  ) {
    super(message);
  }
}

type Part = { text: string } | { reference: string };

const OPEN = '{{';
const CLOSE = '}}';
const REFERENCE = /^[^\s{}]+$/;

/** Splits a string into text and references; throws `TemplateError` on unclosed or malformed templates. */
export function parseTemplate(text: string): Part[] {
  const parts: Part[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf(OPEN, cursor);
    if (open < 0) break;
    const close = text.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) throw new TemplateError(text.slice(open), `unclosed template '${text.slice(open)}': missing '}}'`);
    const reference = text.slice(open + OPEN.length, close).trim();
    if (!REFERENCE.test(reference)) {
      throw new TemplateError(reference, `malformed template '${text.slice(open, close + CLOSE.length)}': expected {{ path }}, e.g. {{ users.user1.email }}`);
    }
    if (open > cursor) parts.push({ text: text.slice(cursor, open) });
    parts.push({ reference });
    cursor = close + CLOSE.length;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor) });
  return parts;
}

/** The references in a string, for checks at load time. Throws `TemplateError` when malformed. */
export function templateReferences(text: string): string[] {
  return parseTemplate(text).flatMap((part) => ('reference' in part ? [part.reference] : []));
}

export function hasTemplate(text: string): boolean {
  return text.includes(OPEN);
}

/** Renders every string in `value` (deeply, through arrays and object values; keys are left alone). */
export function renderTemplate(value: unknown, context: TemplateContext): unknown {
  if (typeof value === 'string') return renderString(value, context);
  if (Array.isArray(value)) return value.map((item) => renderTemplate(item, context));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = renderTemplate(item, context);
    return out;
  }
  return value;
}

/** Renders where the result must be text (paths, headers): raw values are stringified. */
export function renderText(value: string, context: TemplateContext): string {
  const rendered = renderString(value, context);
  return typeof rendered === 'string' ? rendered : stringify(rendered);
}

function renderString(text: string, context: TemplateContext): unknown {
  if (!hasTemplate(text)) return text;
  const parts = parseTemplate(text);
  const [only] = parts;
  if (parts.length === 1 && only !== undefined && 'reference' in only) return structuredClone(resolve(only.reference, context));
  return parts.map((part) => ('text' in part ? part.text : stringify(resolve(part.reference, context)))).join('');
}

function resolve(reference: string, context: TemplateContext): unknown {
  const result = lookupPath(context, reference);
  if (result.found) return result.value;
  const root = reference.split('.')[0] ?? reference;
  if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
    throw new TemplateError(reference, `unknown reference '${reference}': it must start with ${TEMPLATE_ROOTS.join(', ')}`);
  }
  if (root === 'response' && context.response === undefined) {
    throw new TemplateError(reference, `unknown reference '${reference}': no response yet (no request has run before this step)`);
  }
  throw new TemplateError(reference, `unknown reference '${reference}': ${describeMiss(result)}`);
}

function describeMiss(miss: PathMiss): string {
  const where = miss.resolved === '' ? 'the context' : `'${miss.resolved}'`;
  if (Array.isArray(miss.container)) return `${where} has no index ${miss.missing} (length ${miss.container.length})`;
  if (isPlainObject(miss.container)) {
    const keys = Object.keys(miss.container);
    const shown = keys.length === 0 ? 'it is empty' : `has ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', ...' : ''}`;
    return `${where} has no '${miss.missing}' (${shown})`;
  }
  return `${where} is ${miss.container === undefined ? 'absent' : (JSON.stringify(miss.container) ?? String(miss.container))}, not an object`;
}

/** How values appear inside text: strings as they are, everything else as JSON. */
export function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

export type PathLookup = { found: true; value: unknown } | PathMiss;
export interface PathMiss {
  found: false;
  /** The part of the path that resolved. */
  resolved: string;
  /** The segment that did not. */
  missing: string;
  /** The value at `resolved`. */
  container: unknown;
}

/**
 * Follows a dotted path (`a.b.0.c`). Keys that contain dots are found too, as SCIM extension URNs do
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.department`): when a segment is not a
 * key, it is joined with the following ones until one is.
 */
export function lookupPath(root: unknown, path: string): PathLookup {
  if (path === '') return { found: true, value: root };
  return walk(root, path.split('.'), 0, '');
}

/** The value at a dotted path, or undefined when there is none. */
export function readPath(root: unknown, path: string): unknown {
  const result = lookupPath(root, path);
  return result.found ? result.value : undefined;
}

function walk(current: unknown, segments: string[], index: number, resolved: string): PathLookup {
  if (index === segments.length) return { found: true, value: current };
  const segment = segments[index] ?? '';
  const miss: PathMiss = { found: false, resolved, missing: segment, container: current };
  const join = (key: string) => (resolved === '' ? key : `${resolved}.${key}`);
  if (Array.isArray(current)) {
    if (!/^(0|[1-9][0-9]*)$/.test(segment)) return miss;
    const position = Number(segment);
    if (position >= current.length) return miss;
    return walk(current[position], segments, index + 1, join(segment));
  }
  if (!isPlainObject(current)) return miss;
  let deepest: PathMiss | undefined;
  for (let end = index + 1; end <= segments.length; end++) {
    const key = segments.slice(index, end).join('.');
    if (!Object.hasOwn(current, key) || current[key] === undefined) continue;
    const result = walk(current[key], segments, end, join(key));
    if (result.found) return result;
    deepest ??= result;
  }
  return deepest ?? miss;
}
