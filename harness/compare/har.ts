/** What `compare` reads of a capture (through the one capture reader, harness/har/capture.ts), and a writer its tests make captures with. */
import { HarError, readCapture, type Capture as CapturedCapture } from '../har/capture.js';

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

/** Parses HAR JSON text with the one capture reader (harness/har/capture.ts); the error names the entry and field. */
export function readHar(text: string, file = 'capture'): Read<Capture> {
  let capture: CapturedCapture;
  try {
    capture = readCapture(text, file);
  } catch (error) {
    if (error instanceof HarError) return { ok: false, error: error.reason };
    throw error;
  }
  const idps = new Set(capture.entries.flatMap((e) => (e.idp === undefined ? [] : [e.idp])));
  const requests = capture.entries.map(
    (e): WireRequest => ({
      method: e.method,
      url: e.url,
      headers: joinedHeaders(e.requestHeaders),
      body: nonEmpty(e.requestText),
      // HAR writes 0 for a request that got no answer.
      status: e.status > 0 ? e.status : undefined,
      responseBody: nonEmpty(e.responseText),
    }),
  );
  return { ok: true, value: { requests, idp: idps.size === 1 ? [...idps][0] : undefined } };
}

/** Names lower-cased; a repeated header keeps its values joined by `, `, as HTTP reads it. */
function joinedHeaders(headers: readonly { name: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of headers) {
    // HTTP/2 captures carry pseudo-headers (:authority, :path); they are not request headers an IdP chose.
    if (name.startsWith(':')) continue;
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

const nonEmpty = (text: string | undefined) => (text === undefined || text === '' ? undefined : text);

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
