/**
 * Adapts the core handler to express: reads the raw body with a hard size cap (so an oversized body is
 * refused without buffering it), builds a `ScimRequest`, and writes the `ScimResponse` as
 * `application/scim+json`. No request can crash the process: every failure ends as a SCIM error body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { SCIM_MEDIA_TYPE } from '../vocabulary/constants.js';
import { errorResponse, internalError, type ScimHandler } from './handler.js';
import type { ScimResponse } from './http-types.js';
import { badRequest, notFound } from './messages/error.js';
import { publicOrigin } from './public-origin.js';

export interface ExpressAdapterOptions {
  handler: ScimHandler;
  basePath: string;
  maxPayloadSize: number;
  /** The admin console, mounted at `/admin`. */
  admin?: Router;
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

/** How long a refused client may go on sending its body after the answer, before the socket is dropped. */
const LINGER_MS = 2_000;


export function createExpressApp(options: ExpressAdapterOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(options.basePath, (req, res, next) => {
    // A rejection here would otherwise be unhandled, and Node ends the process on one.
    serve(req, res, options).catch(next);
  });
  if (options.admin) app.use('/admin', options.admin);
  app.use((req, res) => {
    send(res, errorResponse(notFound(`Nothing at '${req.path}'; the SCIM API is at '${options.basePath}'.`)));
  });
  app.use(answerInternalError);
  answerUnroutable(app);
  return app;
}

type Handle = (req: IncomingMessage, res: ServerResponse, done?: (error?: unknown) => void) => void;

/**
 * A target whose path does not parse (`GET http://[zz/… HTTP/1.1`) matches no layer, not even the 404
 * above, and express's final handler would answer it in HTML: it gets a SCIM 400 here. `handle` is how
 * express runs every request (`app(req, res)` calls it), untyped but stable since express 4.
 */
function answerUnroutable(app: Express): void {
  const routed = app as Express & { handle: Handle };
  const handle = routed.handle.bind(app);
  routed.handle = (req, res, done) => handle(req, res, done ?? ((error) => answerUnrouted(error, req, res)));
}

function answerUnrouted(error: unknown, req: IncomingMessage, res: ServerResponse): void {
  if (error !== undefined) answerInternalError(error, req, res, () => undefined);
  else if (!res.headersSent) send(res, errorResponse(invalidTarget()), true);
}

/**
 * Express's own error handler would answer HTML with the stack trace outside production: anything thrown
 * by a route (SCIM or admin) or by express itself gets a SCIM 500 body instead, the details only logged.
 * Express recognises an error handler by its four parameters, so `_next` stays.
 */
function answerInternalError(error: unknown, _req: IncomingMessage, res: ServerResponse, _next: NextFunction): void {
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

async function serve(req: Request, res: Response, options: ExpressAdapterOptions): Promise<void> {
  const admitted = options.admits?.(req.headers.authorization) ?? true;
  let read: ReadBody;
  try {
    read = admitted ? await readBody(req, options.maxPayloadSize) : { text: undefined, tooLarge: false, unread: hasBody(req) };
  } catch {
    // The client broke the stream (reset, bad chunked encoding): its fault, not a 500, and nothing to log.
    send(res, errorResponse(badRequest('invalidSyntax', 'The request body could not be read.')), true);
    return;
  }
  if (read.invalidUtf8) {
    send(res, errorResponse(badRequest('invalidSyntax', 'The request body is not valid UTF-8 (RFC 7644 §3.1, RFC 8259 §8.1).')));
    return;
  }
  const url = requestTarget(req.originalUrl);
  if (url === undefined) {
    send(res, errorResponse(invalidTarget()));
    return;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const response = options.handler({
    method: req.method.toUpperCase(),
    path: req.path,
    query: url.searchParams,
    rawQuery: url.search,
    headers,
    body: read.text,
    bodyTooLarge: read.tooLarge || undefined,
    baseUrl: `${publicOrigin(req, options.publicOrigins)}${options.basePath}`,
  });
  // The rest of a refused or unread body is not read: the connection cannot be reused.
  const early = read.tooLarge || read.unread;
  if (early && req.socket) lingerOnClose(req.socket);
  send(res, response, early);
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

const invalidTarget = () => badRequest('invalidSyntax', 'The request target is not a valid URI (RFC 9112 §3.2).');

/**
 * The target as a URL: origin-form resolves against a placeholder; absolute-form (`GET http://host:port/…`,
 * which RFC 9112 §3.2.2 makes servers accept) keeps its own authority, and can be unparseable (port 99999).
 */
function requestTarget(target: string): URL | undefined {
  try {
    return new URL(target, 'http://placeholder');
  } catch {
    return undefined;
  }
}

/** Plain node:http calls, so it also serves a response express never dressed (see answerUnroutable). */
function send(res: ServerResponse, response: ScimResponse, closeConnection = false): void {
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (closeConnection) res.setHeader('Connection', 'close');
  res.statusCode = response.status;
  if (response.body === undefined) {
    res.end();
    return;
  }
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', `${SCIM_MEDIA_TYPE}; charset=utf-8`);
  res.end(JSON.stringify(response.body));
}

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
