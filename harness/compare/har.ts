/** A small typed HAR 1.2 reader and writer for `compare`: only the fields a fidelity comparison reads (the full reader lives in harness/har/). */

/** One request (and its answer) as `compare` sees it, from a capture or from a profile's replay. */
export interface WireRequest {
  method: string;
  /** Absolute URL exactly as sent: its raw query string is what encoding checks read. */
  url: string;
  /** Header names lower-cased; a repeated header keeps its values joined by `, `. */
  headers: Record<string, string>;
  body: string | undefined;
  status: number | undefined;
  responseBody: string | undefined;
}

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: { name: string; value: string }[];
    cookies: [];
    headersSize: number;
    bodySize: number;
    postData?: { mimeType: string; text: string };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: [];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  /** Which IdP sent it, when the capture tool knew (this project's extension). */
  _idp?: string;
}

export interface Har {
  log: { version: string; creator: { name: string; version: string }; entries: HarEntry[] };
}

export interface Capture {
  requests: WireRequest[];
  /** The `_idp` the entries name, when they all name the same one. */
  idp: string | undefined;
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses HAR JSON text; the error names the first entry and field that is not HAR 1.2. */
export function readHar(text: string): Read<Capture> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const entries = field(field(parsed, 'log'), 'entries');
  if (!Array.isArray(entries)) return { ok: false, error: 'not a HAR file: log.entries is missing' };
  const requests: WireRequest[] = [];
  const idps = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const request = field(entry, 'request');
    const method = field(request, 'method');
    const url = field(request, 'url');
    if (typeof method !== 'string' || typeof url !== 'string' || !URL.canParse(url)) {
      return { ok: false, error: `log.entries[${i}].request needs a method and an absolute url` };
    }
    const headers = readHeaders(field(request, 'headers'));
    if (headers === undefined) return { ok: false, error: `log.entries[${i}].request.headers is not a list of {name, value}` };
    const response = field(entry, 'response');
    const status = field(response, 'status');
    const idp = field(entry, '_idp');
    if (typeof idp === 'string') idps.add(idp);
    requests.push({
      method: method.toUpperCase(),
      url,
      headers,
      body: nonEmpty(field(field(request, 'postData'), 'text')),
      // HAR writes 0 for a request that got no answer.
      status: typeof status === 'number' && status > 0 ? status : undefined,
      responseBody: nonEmpty(field(field(response, 'content'), 'text')),
    });
  }
  return { ok: true, value: { requests, idp: idps.size === 1 ? [...idps][0] : undefined } };
}

/** Writes requests as HAR 1.2 (tests make captures with it; a real capture comes from a proxy or browser). */
export function toHar(requests: WireRequest[], idp?: string): Har {
  const started = Date.parse('2026-01-01T00:00:00Z');
  return {
    log: {
      version: '1.2',
      creator: { name: 'scim-conformance compare', version: '1' },
      entries: requests.map((r, i) => {
        const url = new URL(r.url);
        const contentType = r.headers['content-type'] ?? 'application/scim+json';
        return {
          startedDateTime: new Date(started + i * 1000).toISOString(),
          time: 1,
          request: {
            method: r.method,
            url: r.url,
            httpVersion: 'HTTP/1.1',
            headers: Object.entries(r.headers).map(([name, value]) => ({ name, value })),
            queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
            cookies: [],
            headersSize: -1,
            bodySize: r.body === undefined ? 0 : Buffer.byteLength(r.body),
            ...(r.body === undefined ? {} : { postData: { mimeType: contentType, text: r.body } }),
          },
          response: {
            status: r.status ?? 0,
            statusText: '',
            httpVersion: 'HTTP/1.1',
            headers: [],
            cookies: [],
            content: { size: r.responseBody === undefined ? 0 : Buffer.byteLength(r.responseBody), mimeType: 'application/scim+json', ...(r.responseBody === undefined ? {} : { text: r.responseBody }) },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
          },
          cache: {},
          timings: { send: 0, wait: 1, receive: 0 },
          ...(idp === undefined ? {} : { _idp: idp }),
        };
      }),
    },
  };
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function readHeaders(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (!Array.isArray(value)) return undefined;
  const headers: Record<string, string> = {};
  for (const header of value) {
    const name = field(header, 'name');
    const v = field(header, 'value');
    if (typeof name !== 'string' || typeof v !== 'string') return undefined;
    // HTTP/2 captures carry pseudo-headers (:authority, :path); they are not request headers an IdP chose.
    if (name.startsWith(':')) continue;
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? v : `${headers[key]}, ${v}`;
  }
  return headers;
}
