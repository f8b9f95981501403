/**
 * Reading an exchange the way the checks need it: headers case-insensitively, the response body as JSON
 * (re-parsed from text when the recorder did not), and the query parameters a list request asked for,
 * whether they came in the URL or in a SearchRequest body.
 */
import { MESSAGE } from '../../vocabulary/constants.js';
import type { Exchange, HttpResponse } from '../model.js';
import { isObject, hasSchema, MAX_JSON_DEPTH, valueNestsDeeperThan, type JsonObject } from '../../vocabulary/json.js';

export function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export const hasResponse = (exchange: Exchange): exchange is Exchange & { response: HttpResponse } =>
  exchange.response !== undefined;

export const isSuccess = (exchange: Exchange) => exchange.response !== undefined && exchange.response.status >= 200 && exchange.response.status < 300;
export const isError = (exchange: Exchange) => exchange.response !== undefined && exchange.response.status >= 400;

export const method = (exchange: Exchange) => exchange.request.method.toUpperCase();

/** True when the response carries body text (whitespace does not count). */
export const hasBodyText = (exchange: Exchange) => (exchange.response?.body ?? '').trim() !== '';

/** The parsed response body: the recorded JSON, else the text parsed here; `undefined` if not JSON. */
export function responseJson(exchange: Exchange): unknown {
  if (exchange.responseJson !== undefined) return exchange.responseJson;
  // Not JSON (or not parsed by the recorder): parse the text once, not once per check.
  if (!parsedCache.has(exchange)) parsedCache.set(exchange, parseJsonText(exchange.response?.body));
  return parsedCache.get(exchange);
}

const parsedCache = new WeakMap<Exchange, unknown>();

export function requestJson(exchange: Exchange): unknown {
  if (exchange.requestJson !== undefined) return exchange.requestJson;
  return parseJsonText(exchange.request.body);
}

/** Parsed JSON, or undefined when the text is empty, not JSON, or nests deeper than {@link MAX_JSON_DEPTH}. */
export function parseJsonText(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  // A document cannot nest deeper than it has brackets: most bodies (a resource has ~15) need no walk at all.
  return bracketsAtMost(text, MAX_JSON_DEPTH) || !valueNestsDeeperThan(value, MAX_JSON_DEPTH) ? value : undefined;
}

/** Whether `text` holds at most `limit` opening brackets (`{` and `[`, in strings too: an overcount is safe). */
function bracketsAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at >= 0; at = text.indexOf(bracket, at + 1)) {
      count += 1;
      if (count > limit) return false;
    }
  }
  return true;
}

/** The response body when it is a JSON object. */
export function responseObject(exchange: Exchange): JsonObject | undefined {
  const json = responseJson(exchange);
  return isObject(json) ? json : undefined;
}

/** Parsed once per exchange: some 15 checks read the URL of every exchange. */
const urlCache = new WeakMap<Exchange, URL | null>();

/** The request URL parsed (treat as read-only); relative URLs are read against a placeholder origin. */
export function requestUrl(exchange: Exchange): URL | undefined {
  let url = urlCache.get(exchange);
  if (url === undefined) {
    try {
      url = new URL(exchange.request.url, 'http://target.invalid');
    } catch {
      url = null;
    }
    urlCache.set(exchange, url);
  }
  return url ?? undefined;
}

/** The query a list request made: URL parameters, or for `POST .search` the SearchRequest body. */
export interface ListQuery {
  filter: string | undefined;
  startIndex: number | undefined;
  count: number | undefined;
  attributes: string[] | undefined;
  excludedAttributes: string[] | undefined;
}

const toInteger = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return undefined;
};

const toList = (value: unknown): string[] | undefined => {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return undefined;
};

/** Read once per exchange (`isProjected` alone is asked by a dozen checks); callers treat it as read-only. */
const queryCache = new WeakMap<Exchange, ListQuery>();

export function listQuery(exchange: Exchange): ListQuery {
  let query = queryCache.get(exchange);
  if (!query) queryCache.set(exchange, (query = readListQuery(exchange)));
  return query;
}

function readListQuery(exchange: Exchange): ListQuery {
  const params = requestUrl(exchange)?.searchParams;
  const body = requestJson(exchange);
  const search = method(exchange) === 'POST' && isObject(body) && hasSchema(body, MESSAGE.searchRequest) ? body : undefined;
  const read = (name: string): unknown => {
    if (search && name in search) return search[name];
    return params?.get(name) ?? undefined;
  };
  const filter = read('filter');
  return {
    filter: typeof filter === 'string' ? filter : undefined,
    startIndex: toInteger(read('startIndex')),
    count: toInteger(read('count')),
    attributes: toList(read('attributes')),
    excludedAttributes: toList(read('excludedAttributes')),
  };
}

/** Whether the request asked for a projection (`attributes` / `excludedAttributes`, RFC 7644 §3.9). */
export function isProjected(exchange: Exchange): boolean {
  const q = listQuery(exchange);
  return (q.attributes?.length ?? 0) > 0 || (q.excludedAttributes?.length ?? 0) > 0;
}
