/**
 * Adapts the core handler to express: reads the raw body with a hard size cap (so an oversized body is
 * refused without buffering it), builds a `ScimRequest`, and writes the `ScimResponse` as
 * `application/scim+json`.
 */
import type { IncomingMessage } from 'node:http';
import express, { type Express, type Request, type Response, type Router } from 'express';
import { SCIM_MEDIA_TYPE } from '../vocabulary/constants.js';
import { errorResponse, type ScimHandler } from './handler.js';
import type { ScimResponse } from './http-types.js';
import { notFound } from './messages/error.js';

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
  app.use(options.basePath, (req, res) => {
    void serve(req, res, options);
  });
  if (options.admin) app.use('/admin', options.admin);
  app.use((req, res) => {
    send(res, errorResponse(notFound(`Nothing at '${req.path}'; the SCIM API is at '${options.basePath}'.`)));
  });
  return app;
}

async function serve(req: Request, res: Response, options: ExpressAdapterOptions): Promise<void> {
  let read: ReadBody;
  try {
    read = await readBody(req, options.maxPayloadSize);
  } catch (error) {
    send(res, errorResponse(error), true);
    return;
  }
  const url = new URL(req.originalUrl, 'http://placeholder');
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

function send(res: Response, response: ScimResponse, closeConnection = false): void {
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (closeConnection) res.setHeader('Connection', 'close');
  res.status(response.status);
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
