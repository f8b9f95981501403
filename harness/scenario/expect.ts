/**
 * Matching a response (or any value) against scenario expectations. Expectations arrive already rendered;
 * every failure is a sentence naming the path, what was expected and what was there, because these
 * sentences go straight into the report.
 */
import { isPlainObject } from '../../vocabulary/json.js';
import { lookupPath, stringify } from './template.js';
import { JSON_TYPES, MATCHER_OPERATORS, type JsonType, type Matcher, type MatcherOperator, type ResponseExpectation } from './types.js';

export interface ResponseView {
  status: number;
  /** Any case; compared case-insensitively. */
  headers: Record<string, string>;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
}

/** Path that addresses the whole body in `expect.body`. */
export const WHOLE_BODY = '$';

const OPERATORS: ReadonlySet<string> = new Set(MATCHER_OPERATORS);

/** True for an object written as matcher operators, e.g. `{ present: true }` (the schema's rule). */
export function isOperatorObject(raw: unknown): raw is Record<string, unknown> {
  return isPlainObject(raw) && Object.keys(raw).some((key) => OPERATORS.has(key));
}

export function toMatcher(raw: unknown): Matcher {
  return isOperatorObject(raw) ? { kind: 'operators', operators: raw } : { kind: 'literal', value: raw };
}

/** Every unmet expectation, in words; empty when all are met. */
export function matchExpectations(expect: ResponseExpectation, response: ResponseView): string[] {
  const failures: string[] = [];
  if (expect.status !== undefined && !expect.status.includes(response.status)) {
    const wanted = expect.status.length === 1 ? String(expect.status[0]) : `one of ${expect.status.join(', ')}`;
    failures.push(`status: expected ${wanted}, got ${response.status}`);
  }
  const headers = lowerCaseKeys(response.headers);
  for (const [name, matcher] of Object.entries(expect.headers)) {
    failures.push(...matchValue(`header ${name}`, matcher, headers[name.toLowerCase()]));
  }
  for (const [path, matcher] of Object.entries(expect.body)) {
    const actual = path === WHOLE_BODY ? response.json : readValue(response.json, path);
    const messages = matchValue(path === WHOLE_BODY ? 'body' : `body.${path}`, matcher, actual);
    // An absent value is usually explained by a body that is not JSON at all; say so.
    const hint = response.json === undefined ? ' (the response body is empty or not JSON)' : '';
    failures.push(...messages.map((message) => message + hint));
  }
  return failures;
}

/** Failures of one value against one matcher, each prefixed with `label`. */
export function matchValue(label: string, matcher: Matcher, actual: unknown): string[] {
  if (matcher.kind === 'literal') {
    return deepEqual(actual, matcher.value) ? [] : [`${label}: expected ${describe(matcher.value)}, got ${describe(actual)}`];
  }
  const failures: string[] = [];
  for (const operator of MATCHER_OPERATORS) {
    if (!Object.hasOwn(matcher.operators, operator)) continue;
    const failure = applyOperator(operator, matcher.operators[operator], actual);
    if (failure !== undefined) failures.push(`${label}: ${failure}`);
  }
  return failures;
}

/** Undefined when met; otherwise "expected ..., got ...". */
function applyOperator(operator: MatcherOperator, expected: unknown, actual: unknown): string | undefined {
  const got = describe(actual);
  switch (operator) {
    case 'equals':
      return deepEqual(actual, expected) ? undefined : `expected ${describe(expected)}, got ${got}`;
    case 'equalsIgnoreCase': {
      if (typeof expected !== 'string') return misuse(operator, 'a string', expected);
      const ok = typeof actual === 'string' && actual.toLowerCase() === expected.toLowerCase();
      return ok ? undefined : `expected ${describe(expected)} ignoring case, got ${got}`;
    }
    case 'matches': {
      if (typeof expected !== 'string') return misuse(operator, 'a regular expression', expected);
      let pattern: RegExp;
      try {
        pattern = new RegExp(expected);
      } catch (error) {
        return `invalid regular expression /${expected}/: ${(error as Error).message}`;
      }
      const text = typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean' ? String(actual) : undefined;
      return text !== undefined && pattern.test(text) ? undefined : `expected to match /${expected}/, got ${got}`;
    }
    case 'present': {
      if (typeof expected !== 'boolean') return misuse(operator, 'true or false', expected);
      // SCIM treats null as unassigned (RFC 7643 §2.5), the same as absent.
      const present = actual !== undefined && actual !== null;
      if (present === expected) return undefined;
      return expected ? `expected present, got ${got}` : `expected absent, got ${got}`;
    }
    case 'length': {
      const wanted = asNumber(expected);
      if (wanted === undefined || !Number.isInteger(wanted) || wanted < 0) return misuse(operator, 'a whole number', expected);
      if (!Array.isArray(actual) && typeof actual !== 'string') return `expected length ${wanted}, got ${got} (not an array or string)`;
      return actual.length === wanted ? undefined : `expected length ${wanted}, got length ${actual.length}: ${got}`;
    }
    case 'contains': {
      if (Array.isArray(actual)) {
        return actual.some((item) => includes(item, expected)) ? undefined : `expected an element ${describe(expected)}, got ${got}`;
      }
      if (typeof actual === 'string' && typeof expected === 'string') {
        return actual.includes(expected) ? undefined : `expected to contain ${describe(expected)}, got ${got}`;
      }
      return `expected an array or string containing ${describe(expected)}, got ${got}`;
    }
    case 'oneOf': {
      if (!Array.isArray(expected)) return misuse(operator, 'a list', expected);
      return expected.some((option) => deepEqual(actual, option)) ? undefined : `expected one of ${expected.map(describe).join(', ')}, got ${got}`;
    }
    case 'gte':
    case 'lte': {
      const bound = asNumber(expected);
      if (bound === undefined) return misuse(operator, 'a number', expected);
      const symbol = operator === 'gte' ? '>=' : '<=';
      if (typeof actual !== 'number') return `expected a number ${symbol} ${bound}, got ${got}`;
      const ok = operator === 'gte' ? actual >= bound : actual <= bound;
      return ok ? undefined : `expected ${symbol} ${bound}, got ${got}`;
    }
    case 'typeOf': {
      if (typeof expected !== 'string' || !(JSON_TYPES as readonly string[]).includes(expected)) {
        return misuse(operator, JSON_TYPES.join('|'), expected);
      }
      if (hasType(actual, expected as JsonType)) return undefined;
      return `expected type ${expected}, got ${actual === undefined ? got : `${jsonType(actual)} ${got}`}`;
    }
  }
}

function misuse(operator: MatcherOperator, needs: string, value: unknown): string {
  return `matcher '${operator}' needs ${needs}, got ${describe(value)}`;
}

/** Thresholds may come from templates over text (headers, saved strings): accept numeric strings. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function hasType(value: unknown, type: JsonType): boolean {
  if (type === 'integer') return Number.isInteger(value);
  return jsonType(value) === type || (type === 'number' && jsonType(value) === 'integer');
}

function jsonType(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Array `contains`: an object matches an element holding at least its fields, recursively. */
function includes(element: unknown, expected: unknown): boolean {
  if (isPlainObject(expected) && isPlainObject(element)) {
    return Object.entries(expected).every(([key, value]) => Object.hasOwn(element, key) && includes(element[key], value));
  }
  return deepEqual(element, expected);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

const MAX_SHOWN = 200;

/** A value as shown in messages: JSON, shortened; `absent` for undefined. */
export function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value) ?? stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}

function readValue(json: unknown, path: string): unknown {
  const result = lookupPath(json, path);
  return result.found ? result.value : undefined;
}

export function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * Values for `save`: `status`, `headers.<name>` (any case), `body` or `body.<path>`. A missing value is an
 * error rather than undefined, so a later `{{ vars.x }}` never silently renders from nothing.
 */
export function saveValues(save: Record<string, string>, response: ResponseView): { values: Record<string, unknown>; errors: string[] } {
  const values: Record<string, unknown> = {};
  const errors: string[] = [];
  const headers = lowerCaseKeys(response.headers);
  for (const [name, source] of Object.entries(save)) {
    const [root = '', ...rest] = source.split('.');
    const path = rest.join('.');
    let value: unknown;
    if (root === 'status') value = response.status;
    else if (root === 'headers') value = headers[path.toLowerCase()];
    else if (root === 'body') value = path === '' ? response.json : readValue(response.json, path);
    if (value === undefined) errors.push(`save ${name}: ${source} is absent in the response`);
    else values[name] = value;
  }
  return { values, errors };
}
