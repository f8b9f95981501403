/** The HAR 1.2 model (http://www.softwareishard.com/blog/har-12-spec/) as recorded and read back, plus our `_idp`/`_scenario`/`_label` fields. */
import type { Exchange } from '../../vocabulary/exchange.js';

export const HAR_VERSION = '1.2';
export const HAR_CREATOR_NAME = 'scim-conformance';

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export type HarHeader = HarNameValue;
export type HarQueryParam = HarNameValue;

export interface HarPostData {
  mimeType: string;
  text: string;
  comment?: string;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarHeader[];
  queryString: HarQueryParam[];
  postData?: HarPostData;
  /** Always -1: the raw header block is not kept. */
  headersSize: number;
  /** Bytes of the body as sent (0 without one). */
  bodySize: number;
  comment?: string;
}

export interface HarContent {
  /** Length of the decoded body in bytes. */
  size: number;
  mimeType: string;
  text?: string;
  comment?: string;
}

export interface HarResponse {
  /** 0 when no answer came (the target was down and the harness's own transport failed). */
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarHeader[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  /** Bytes of the body as received on the wire (compressed when it was), -1 when unknown. */
  bodySize: number;
  comment?: string;
}

export interface HarTimings {
  send: number;
  wait: number;
  receive: number;
  blocked?: number;
  dns?: number;
  connect?: number;
  ssl?: number;
}

export interface HarEntry {
  startedDateTime: string;
  /** Total milliseconds: send + wait + receive. */
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  comment?: string;
  /** The IdP that sent it (`okta`, `entra`, `onelogin`, … as registered in mock-idp/index.ts), when it can be told. */
  _idp?: string;
  /** Run HARs: the scenario file the exchange belongs to. */
  _scenario?: string;
  /** Run HARs: what caused it (`okta assign user1`, `raw request`). */
  _label?: string;
  /** Set when no answer came from the target: why (the proxy answered 502/504 itself, or the run's transport failed). */
  _error?: string;
}

export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

export interface HarLog {
  version: string;
  creator: HarCreator;
  entries: HarEntry[];
  comment?: string;
}

export interface HarFile {
  log: HarLog;
}

/** The document around `entries`. */
export function harDocument(entries: HarEntry[], toolVersion: string, comment?: string): HarFile {
  return { log: { version: HAR_VERSION, creator: { name: HAR_CREATOR_NAME, version: toolVersion }, entries, ...(comment ? { comment } : {}) } };
}

/** Headers as HAR lists them; a value node:http joined with `, ` stays one entry (HAR allows repeats, but we cannot split them back). */
export function harHeaders(headers: Record<string, string | string[] | undefined>): HarHeader[] {
  const out: HarHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push({ name, value: v });
  }
  return out;
}

/** The query of a URL as HAR's decoded name/value list (`+` read as a space, as form encoding means it). */
export function harQueryString(url: string): HarQueryParam[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const query = url.slice(q + 1).split('#')[0] ?? '';
  const out: HarQueryParam[] = [];
  for (const [name, value] of new URLSearchParams(query)) out.push({ name, value });
  return out;
}

/** The header value (case-insensitive name), first one when repeated. */
export function headerValue(headers: readonly HarHeader[] | Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (Array.isArray(headers)) return (headers as readonly HarHeader[]).find((h) => h.name.toLowerCase() === lower)?.value;
  for (const [k, v] of Object.entries(headers as Record<string, string>)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** The media type HAR wants for a body: the Content-Type as sent, or a neutral one when none was. */
export function mimeTypeOf(headers: readonly HarHeader[] | Record<string, string>, fallback = 'application/octet-stream'): string {
  return headerValue(headers, 'content-type') ?? fallback;
}

/**
 * One exchange of a run as a HAR entry. Exchanges are recorded with Authorization already redacted
 * (harness/runner/session.ts); further redaction (tokens in text, fields) is the caller's.
 */
export function exchangeToEntry(exchange: Exchange): HarEntry {
  const { request, response } = exchange;
  const requestBody = request.body;
  const entry: HarEntry = {
    startedDateTime: exchange.startedAt,
    time: Math.max(0, exchange.durationMs),
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(request.headers),
      queryString: harQueryString(request.url),
      ...(requestBody !== undefined ? { postData: { mimeType: mimeTypeOf(request.headers), text: requestBody } } : {}),
      headersSize: -1,
      bodySize: requestBody === undefined ? 0 : Buffer.byteLength(requestBody),
    },
    response: response
      ? {
          status: response.status,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: harHeaders(response.headers),
          content: {
            size: Buffer.byteLength(response.body),
            mimeType: mimeTypeOf(response.headers, ''),
            text: response.body,
            ...(response.truncatedAt !== undefined ? { comment: `truncated: only the first ${response.truncatedAt} bytes were kept` } : {}),
          },
          redirectURL: '',
          headersSize: -1,
          bodySize: response.truncatedAt ?? Buffer.byteLength(response.body),
        }
      : noResponse(),
    cache: {},
    // The transport measures one span; all of it is waiting as far as HAR's phases go.
    timings: { send: 0, wait: Math.max(0, exchange.durationMs), receive: 0 },
    ...(exchange.idp !== undefined ? { _idp: exchange.idp } : {}),
    _scenario: exchange.id.split('#')[0] ?? exchange.id,
    _label: exchange.label,
    ...(exchange.transportError ? { _error: `${exchange.transportError.kind}: ${exchange.transportError.message}` } : {}),
  };
  return entry;
}

/** HAR has no "no response": browsers write status 0 with empty content, and so do we. */
export function noResponse(): HarResponse {
  return { status: 0, statusText: '', httpVersion: '', cookies: [], headers: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1 };
}
