/**
 * Adapts the core handler to express: reads the raw body with a hard size cap (so an oversized body is
 * refused without buffering it), builds a `ScimRequest`, and writes the `ScimResponse` as
 * `application/scim+json`. No request can crash the process: every failure ends as a SCIM error body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { SCIM_MEDIA_TYPE } from '../vocabulary/constants.js';
import { errorResponse, internalError, type ScimHandler } from './handler.js';
import type { ScimResponse } from './http-types.js';
import { badRequest, notFound } from './messages/error.js';

export interface ExpressAdapterOptions {
  handler: ScimHandler;
  basePath: string;
  maxPayloadSize: number;
  /** The admin console, mounted at `/admin`. */
  admin?: Router;
}


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
  let read: ReadBody;
  try {
    read = await readBody(req, options.maxPayloadSize);
  } catch {
    // The client broke the stream (reset, bad chunked encoding): its fault, not a 500, and nothing to log.
    send(res, errorResponse(badRequest('invalidSyntax', 'The request body could not be read.')), true);
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
    baseUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}${options.basePath}`,
  });
  // The rest of a refused body is not read: the connection cannot be reused.
  send(res, response, read.tooLarge);
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
    req.on('end', () => resolve({ text: size === 0 ? undefined : Buffer.concat(chunks).toString('utf8'), tooLarge: false }));
    req.on('error', reject);
  });
}
