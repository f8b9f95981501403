/** How `compare` reads one request: its SCIM path below any base URL, its id-free template, its raw query with literals blanked, its JSON body. */
import { parseJsonText as parseJson } from '../checks/exchange-view.js';
import { isObject, type JsonObject } from '../../vocabulary/json.js';
import type { WireRequest } from './har.js';

/** The SCIM endpoints (RFC 7644 §3.2); whatever precedes the first of them is the base URL, which differs between a capture and a replay. */
const ENDPOINTS = ['users', 'groups', 'serviceproviderconfig', 'schemas', 'resourcetypes', 'bulk', 'me', '.search'];

export interface Route {
  /** `Users`, `Groups`... as written; undefined when the path names no SCIM endpoint. */
  resource: string | undefined;
  /** The resource id (`/Users/{id}`), decoded. */
  id: string | undefined;
  /** The path below the base with the id replaced: `/Users/{id}`. */
  template: string;
}

export function route(url: string): Route {
  const segments = new URL(url).pathname.split('/').filter((s) => s !== '');
  const at = segments.findIndex((s) => ENDPOINTS.includes(s.toLowerCase()));
  if (at < 0) return { resource: undefined, id: undefined, template: `/${segments.join('/')}` };
  const resource = segments[at]!;
  const rest = segments.slice(at + 1);
  const id = rest[0] === undefined ? undefined : decodeURIComponent(rest[0]);
  // Only Users and Groups carry server-assigned ids; /Schemas/<urn> and /ResourceTypes/User are fixed names.
  const isId = id !== undefined && ['users', 'groups'].includes(resource.toLowerCase());
  const template = ['', resource, ...(isId ? ['{id}', ...rest.slice(1)] : rest)].join('/');
  return { resource, id: isId ? id : undefined, template };
}

/** The value of the `filter` parameter, decoded (`+` and `%20` both read as a space). */
export function filterOf(url: string): string | undefined {
  return new URL(url).searchParams.get('filter') ?? undefined;
}

/** The string literal of a simple filter (`userName eq "x"` → x), JSON-unescaped. */
export function filterLiteral(filter: string | undefined): { attribute: string; value: string } | undefined {
  const match = filter === undefined ? null : /^\s*([\w.:$-]+)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i.exec(filter);
  if (!match) return undefined;
  try {
    return { attribute: match[1]!, value: JSON.parse(match[2]!) as string };
  } catch {
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The raw query string with every quoted literal blanked (`%22…%22` or `"…"`), kept otherwise byte for byte:
 * the values are the people's, the encoding (`+` or `%20`, parameter names and order) is the IdP's.
 */
export function querySkeleton(url: string): string {
  const search = new URL(url).search.replace(/^\?/, '');
  return search.replace(/(%22|")(?:(?!%22|").)*?(%22|")/gi, '$1…$2');
}

/** What separates two skeletons that decode alike: how the spaces were written. */
export function spaceEncoding(skeleton: string): string | undefined {
  const plus = skeleton.includes('+');
  const pct = /%20/i.test(skeleton);
  return plus && !pct ? '+' : pct && !plus ? '%20' : plus && pct ? 'mixed + and %20' : undefined;
}

/** Lenient: undefined for no body, text that is not JSON, or JSON nested past the harness's limit. */
export { parseJsonText as parseJson } from '../checks/exchange-view.js';
export { isObject, type JsonObject } from '../../vocabulary/json.js';

export function requestJson(request: WireRequest): JsonObject | undefined {
  const body = parseJson(request.body);
  return isObject(body) ? body : undefined;
}

export function responseJson(request: WireRequest): JsonObject | undefined {
  const body = parseJson(request.responseBody);
  return isObject(body) ? body : undefined;
}

/** `members[value eq "abc"]` → `members[value eq "…"]`: the literal is data, the form is the IdP's. */
export function blankLiterals(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
}
