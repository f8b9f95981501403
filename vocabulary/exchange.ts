/**
 * The wire vocabulary every layer speaks: a request as an IdP profile or the harness asks for it, an HTTP
 * exchange as recorded, and the report's functional areas. Imports nothing.
 */

/** The functional areas of the report's IdP × area matrix. */
export const AREAS = [
  'discovery',
  'create',
  'read',
  'filter',
  'pagination',
  'update',
  'patch',
  'deactivate',
  'delete',
  'full-sync',
  'groups',
  'bulk',
  'errors',
  'auth',
  'roles',
] as const;
export type Area = (typeof AREAS)[number];

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Raw body text as sent, if any. */
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set when the body was longer than the reader's cap: only the first `truncatedAt` bytes are in `body`. */
  truncatedAt?: number;
}

/** One request/response pair as recorded (Authorization redacted). */
export interface Exchange {
  /** Stable within a run, e.g. `okta/assign.yaml#3.1`. */
  id: string;
  /** What caused it: `raw request`, or an IdP action such as `okta assign user1`. */
  label: string;
  /** For IdP traffic, the declared behaviour (`okta.pre-create-lookup`) this request enacts; reports show its evidence. */
  behaviour?: string;
  area: Area;
  idp: string | undefined;
  request: HttpRequest;
  /** Absent when the transport failed (timeout, reset, refused). */
  response: HttpResponse | undefined;
  /** Parsed JSON bodies, when they parse. */
  requestJson: unknown;
  responseJson: unknown;
  transportError: TransportError | undefined;
  /** Set when the first attempt failed on a connection the target had closed and an idempotent request was sent again: why. */
  retried?: { reason: string };
  startedAt: string;
  durationMs: number;
}

export interface TransportError {
  /** `blocked`: the harness itself refused to send it (a resource the run did not create, another host, interrupted). */
  kind: 'timeout' | 'network' | 'refused' | 'blocked';
  message: string;
}

export interface OutgoingRequest {
  method: string;
  /** Path below the base URL (`/Users`) or an absolute URL. */
  path: string;
  query?: Record<string, string | number | boolean> | URLSearchParams;
  headers?: Record<string, string>;
  /** A JSON value (serialised) or, with `rawBody`, text sent as is. */
  body?: unknown;
  rawBody?: string;
  /** `default` sends the target token; `none` sends no Authorization; any other string is sent as is. */
  auth?: 'default' | 'none' | string;
  /** IdP traffic: send exactly these headers (plus Authorization), none of the raw-request defaults. */
  exactHeaders?: boolean;
  /** Clean-up traffic: still sent after the session stopped. */
  cleanup?: boolean;
  /**
   * How a space in the query string goes on the wire: `%20` (default: Okta, OneLogin, the harness) or `+`
   * (form encoding, as captured Entra traffic shows: `filter=userName+eq+%22…%22`, audit E5/E6). Each IdP
   * profile owns its encoding; a literal `+` is `%2B` either way.
   */
  spaceAs?: '%20' | '+';
}

/**
 * The URL of a request: `path` below `baseUrl` (or absolute), `query` appended, spaces written as `spaceAs`
 * (URLSearchParams writes `+` and a literal `+` as %2B; `%20` rewrites only the spaces).
 */
export function requestUrl(baseUrl: string, path: string, query?: OutgoingRequest['query'], spaceAs: OutgoingRequest['spaceAs'] = '%20'): string {
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(Object.entries(query ?? {}).map(([k, v]) => [k, String(v)]));
  // The usual request (a plain path below a base URL the parser leaves as it is) is joined as text: the URL
  // parser would give the same string, and was a few percent of a 10,000-user sync.
  if (PLAIN_PATH.test(path) && !/%2e/i.test(path) && isCanonical(baseUrl)) {
    const search = params.toString();
    if (search === '') return `${baseUrl}${path}`;
    return `${baseUrl}${path}?${spaceAs === '%20' ? search.replace(/\+/g, '%20') : search}`;
  }
  const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(`${baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
  params.forEach((value, key) => url.searchParams.append(key, value));
  if (spaceAs === '%20') url.search = url.search.replace(/\+/g, '%20');
  return url.toString();
}

/** A path the URL parser keeps as written: from `/`, no query or fragment, no dot segments (nor `%2e`, above), nothing it would encode. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)+$/;

const canonicalBases = new Map<string, boolean>();

/** Whether the URL parser writes `baseUrl` back unchanged (lower-case scheme and host, no trailing slash or query). */
function isCanonical(baseUrl: string): boolean {
  let known = canonicalBases.get(baseUrl);
  if (known === undefined) {
    known = URL.canParse(baseUrl) && new URL(baseUrl).href === baseUrl && !baseUrl.endsWith('/') && !/[?#]/.test(baseUrl);
    if (canonicalBases.size > 100) canonicalBases.clear();
    canonicalBases.set(baseUrl, known);
  }
  return known;
}
