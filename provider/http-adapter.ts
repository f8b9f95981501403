/**
 * Serves the SCIM API on node:http straight from the core handler, with no framework in between (issue 12:
 * express's routing and response dressing were a third of a GET's cost). Requests under `/admin` go to the
 * admin console's express app; anything else gets a SCIM 404. The pieces that make a socket safe to serve
 * SCIM on (bounded body read, early answers, strict UTF-8, request-target parsing) live here and are shared
 * with express-adapter.ts, which mounts the same {@link serveScim} for callers of `provider.app`.
 * No request can crash the process: every failure ends as a SCIM error body.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SCIM_MEDIA_TYPE } from '../vocabulary/constants.js';
import { errorResponse, internalError, type ScimHandler } from './handler.js';
import type { ScimResponse } from './http-types.js';
import { badRequest, outsideBasePath } from './messages/error.js';
import { serializeBody } from './messages/serialized.js';
import { publicBaseUrl, socketProtocol } from './public-origin.js';

export interface ScimServeOptions {
  handler: ScimHandler;
  basePath: string;
  maxPayloadSize: number;
  /**
   * Whether the request's credentials would be accepted: when not, its body is never read (the core
   * answers the 401/403 without it), so an unauthenticated client cannot make the provider buffer a body.
   */
  admits?: (authorization: string | undefined) => boolean;
  /**
   * Origins (`http://host:port`) a client may name in its Host header and see in Location and meta.location,
   * such as a gateway's; besides these only the address the client connected to is echoed.
   */
  publicOrigins?: ReadonlySet<string>;
}

export interface HttpAdapterOptions extends ScimServeOptions {
  /** The admin console (an express app), handed every request under `/admin`. */
  admin?: RequestListener;
}

const ADMIN_PATH = '/admin';

/** How long a refused client may go on sending its body after the answer, before the socket is dropped. */
const LINGER_MS = 2_000;

/** The listener for `http.createServer`: SCIM under `basePath`, the admin console under `/admin`, else 404. */
export function createRequestListener(options: HttpAdapterOptions): RequestListener {
  return (req, res) => {
    // An exception thrown in a listener would end the process: it becomes a SCIM 500 instead.
    try {
      route(req, res, options);
    } catch (error) {
      answerInternalError(error, res);
    }
  };
}

function route(req: IncomingMessage, res: ServerResponse, options: HttpAdapterOptions): void {
  const target = req.url ?? '/';
  const url = requestTarget(target);
  if (url === undefined) {
    // Nothing can be routed, so nothing of a body is read: answer and close.
    if (hasBody(req)) lingerOnClose(req.socket);
    send(res, errorResponse(invalidTarget()), true);
    return;
  }
  const pathname = url.rawPath ?? targetPath(target, url);
  const below = pathBelow(pathname, options.basePath);
  if (below !== undefined) {
    serveScimGuarded(req, res, below, url, options, (error) => answerInternalError(error, res));
  } else if (options.admin !== undefined && pathBelow(pathname, ADMIN_PATH) !== undefined) {
    options.admin(req, res);
  } else {
    send(res, errorResponse(outsideBasePath(pathname, options.basePath)));
  }
}

/**
 * The path below `prefix` (`/` for the prefix itself), or undefined when `pathname` is not under it. Matched
 * as express mounts a router: case-insensitively, on whole segments.
 */
export function pathBelow(pathname: string, prefix: string): string | undefined {
  // The exact spelling first (what every client sends), without lower-casing both on every request.
  const under = pathname.startsWith(prefix) || (pathname.length >= prefix.length && pathname.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase());
  if (!under) return undefined;
  const rest = pathname.slice(prefix.length);
  if (rest === '') return '/';
  return rest.startsWith('/') ? rest : undefined;
}

/**
 * The path as sent: origin-form (`/scim/v2/Users/a%2Fb`) is cut at its query, not normalised (the URL parser
 * would resolve `..` segments and move the request to another route); absolute-form takes the URL's path.
 */
function targetPath(target: string, url: TargetQuery): string {
  if (!target.startsWith('/')) return url.pathname;
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}

/**
 * One SCIM request, answered from the core handler. `path` is below the base path; `url` is the parsed
 * request target, or undefined when it does not parse (answered 400 once the body is dealt with). Most SCIM
 * requests (every GET and DELETE) carry no body: they are answered at once, with no stream read and no
 * promise; a body is read only for a caller `admits` accepts, within the size cap.
 */
export function serveScim(req: IncomingMessage, res: ServerResponse, path: string, url: TargetQuery | undefined, options: ScimServeOptions): Promise<void> | undefined {
  if (!hasBody(req)) {
    answer(req, res, path, url, NO_BODY, options);
    return undefined;
  }
  const admitted = options.admits?.(req.headers.authorization) ?? true;
  if (!admitted) {
    answer(req, res, path, url, { text: undefined, tooLarge: false, unread: true }, options);
    return undefined;
  }
  return readBody(req, options.maxPayloadSize).then(
    (read) => answer(req, res, path, url, read, options),
    // The client broke the stream (reset, bad chunked encoding): its fault, not a 500, and nothing to log.
    () => send(res, errorResponse(badRequest('invalidSyntax', 'The request body could not be read.')), true),
  );
}

function answer(req: IncomingMessage, res: ServerResponse, path: string, url: TargetQuery | undefined, read: ReadBody, options: ScimServeOptions): void {
  if (read.invalidUtf8) {
    send(res, errorResponse(badRequest('invalidSyntax', 'The request body is not valid UTF-8 (RFC 7644 §3.1, RFC 8259 §8.1).')));
    return;
  }
  if (url === undefined) {
    send(res, errorResponse(invalidTarget()));
    return;
  }
  const response = options.handler({
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    query: url.searchParams,
    rawQuery: url.search,
    headers: flatHeaders(req),
    body: read.text,
    bodyTooLarge: read.tooLarge || undefined,
    baseUrl: publicBaseUrl({ socket: req.socket, protocol: socketProtocol(req.socket), headers: req.headers }, options.publicOrigins, options.basePath),
  });
  // The rest of a refused or unread body is not read: the connection cannot be reused.
  const early = read.tooLarge || read.unread === true;
  if (early) lingerOnClose(req.socket);
  send(res, response, early);
}

/**
 * Runs {@link serveScim} so that nothing it throws, synchronously or later, escapes: an unhandled rejection
 * would end the process. `fail` answers the error (a SCIM 500 here; express's error handler in express-adapter.ts).
 */
export function serveScimGuarded(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: TargetQuery | undefined,
  options: ScimServeOptions,
  fail: (error: unknown) => void,
): void {
  try {
    serveScim(req, res, path, url, options)?.catch(fail);
  } catch (error) {
    fail(error);
  }
}

/** Node joins repeated headers itself except a few (set-cookie) into arrays: the core takes one string each. */
function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  // Only set-cookie comes as an array (node:http's rule), and a SCIM client rarely sends it: then node's own
  // object already is one string per name, and copying it was a measurable part of a GET (issue 12).
  if (req.headers['set-cookie'] === undefined) return req.headers as Record<string, string | undefined>;
  const headers: Record<string, string | undefined> = {};
  for (const name in req.headers) {
    const value = req.headers[name];
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Once the early answer is flushed, half-closes and discards what the client still sends until it stops
 * (its FIN) or LINGER_MS pass. Closing a socket with unread data makes the kernel send a reset, and a
 * reset can wipe the answer from the client's receive buffer before it has read it. Node calls
 * `destroySoon` when a `Connection: close` response has finished.
 */
function lingerOnClose(socket: Socket): void {
  socket.destroySoon = () => {
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => socket.destroy());
    socket.end();
    socket.resume();
  };
}

export const invalidTarget = () => badRequest('invalidSyntax', 'The request target is not a valid URI (RFC 9112 §3.2).');

/** What serving a request needs of its target besides the path: the query, parsed and as sent. */
export interface TargetQuery {
  searchParams: URLSearchParams;
  /** `?…` as the URL parser gives it (percent-encoded where it encodes), or empty. */
  search: string;
  /** The URL parser's path (for an absolute-form target). */
  pathname: string;
  /** The path as sent, when split by hand; else {@link targetPath} works it out. */
  rawPath?: string;
}

/** A query the URL parser would leave as it is: printable ASCII but for what it percent-encodes, and no fragment. */
const PLAIN_QUERY = /^[!$%&(-;=?-[\]-~]*$/;

/**
 * The target's query: origin-form resolves against a placeholder; absolute-form (`GET http://host:port/…`,
 * which RFC 9112 §3.2.2 makes servers accept) keeps its own authority, and can be unparseable (port 99999).
 * The usual target (`/path?query`, the query percent-encoded as every client sends it) is split by hand: the
 * URL parser would give the same query and was a measurable part of a GET (issue 12); anything else, a
 * target it could read differently (`//host`, a backslash, a fragment, characters it encodes), goes through it.
 */
export function requestTarget(target: string): TargetQuery | undefined {
  const mark = target.indexOf('?');
  const path = mark < 0 ? target : target.slice(0, mark);
  const query = mark < 0 ? '' : target.slice(mark + 1);
  if (path.startsWith('/') && !path.startsWith('//') && !path.includes('\\') && !path.includes('#') && (query === '' || PLAIN_QUERY.test(query))) {
    return { searchParams: new URLSearchParams(query), search: query === '' ? '' : `?${query}`, pathname: path, rawPath: path };
  }
  try {
    return new URL(target, 'http://placeholder');
  } catch {
    return undefined;
  }
}

/**
 * A thrown exception becomes a SCIM 500 (details only logged): headers already set for the failed answer are
 * dropped; if the answer has started there is nothing coherent left to say, and the socket is dropped.
 */
export function answerInternalError(error: unknown, res: ServerResponse): void {
  try {
    const response = errorResponse(internalError(error));
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    send(res, response, true);
  } catch {
    res.destroy();
  }
}

const CONTENT_TYPE = `${SCIM_MEDIA_TYPE}; charset=utf-8`;

/** Response headers the core sets on a resource or list answer (handler.ts), spelled as it spells them. */
const CORE_HEADERS = new Set(['ETag', 'Location']);

/** Writes a core response as `application/scim+json` with plain node:http calls. */
export function send(res: ServerResponse, response: ScimResponse, closeConnection = false): void {
  if (!closeConnection && sendPlain(res, response)) return;
  for (const name in response.headers) res.setHeader(name, response.headers[name]!);
  if (closeConnection) res.setHeader('Connection', 'close');
  res.statusCode = response.status;
  if (response.body === undefined) {
    res.end();
    return;
  }
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', CONTENT_TYPE);
  res.end(serializeBody(response.body));
}

/**
 * The usual answer (a 200 or 201 with a body and only the core's own headers, on a response nothing else has
 * dressed) in one `writeHead` call with its Content-Length, rather than a `setHeader` per header, each
 * validated and kept in a map node then walks again (issue 12). The same header fields and values as
 * {@link send}'s general path, Content-Length among them (only listed before Date rather than after it; the
 * order of differently named fields carries no meaning, RFC 9110 §5.3). False when the answer is anything
 * else: a HEAD, a 204/304 or an error, whose framing node decides, or a header the general path must merge.
 */
function sendPlain(res: ServerResponse, response: ScimResponse): boolean {
  const { status, body, headers } = response;
  if (body === undefined || (status !== 200 && status !== 201) || res.req.method === 'HEAD') return false;
  if (res.hasHeader('Content-Type') || res.hasHeader('Content-Length')) return false;
  const fields: string[] = [];
  for (const name in headers) {
    if (!CORE_HEADERS.has(name)) return false;
    fields.push(name, headers[name]!);
  }
  const text = serializeBody(body);
  fields.push('Content-Type', CONTENT_TYPE, 'Content-Length', String(Buffer.byteLength(text, 'utf8')));
  res.writeHead(status, fields);
  res.end(text);
  return true;
}

/** What a request without a body reads: one frozen object for every GET rather than a new one each. */
const NO_BODY: ReadBody = Object.freeze({ text: undefined, tooLarge: false });

interface ReadBody {
  text: string | undefined;
  /** Reading stopped at maxPayloadSize; `text` is then undefined. */
  tooLarge: boolean;
  /** The body was not valid UTF-8; `text` is then undefined. */
  invalidUtf8?: boolean;
  /** A body was sent but left unread (the caller is not admitted). */
  unread?: boolean;
}

/** The body as text, or `tooLarge` as soon as it is declared or grows past the limit (nothing more is kept). */
function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ text: undefined, tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.removeAllListeners('end');
        chunks.length = 0;
        req.resume();
        resolve({ text: undefined, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size === 0 ? { text: undefined, tooLarge: false } : decode(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** Strict: a lenient decode would store U+FFFD in place of what the client sent, and answer 2xx. */
function decode(bytes: Buffer): ReadBody {
  try {
    // ignoreBOM keeps a BOM in the text, as before, so JSON parsing refuses it rather than skipping it.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), tooLarge: false };
  } catch {
    return { text: undefined, tooLarge: false, invalidUtf8: true };
  }
}
