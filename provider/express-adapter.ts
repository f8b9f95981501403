/**
 * The admin console's express app (the SCIM API is served without express, by http-adapter.ts): the console's
 * router at `/admin`, SCIM 404 and 500 bodies for everything express would otherwise answer in HTML, and the
 * SCIM API at the base path too (the same {@link serveScim}), so `provider.app` alone is still a whole provider.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Router } from 'express';
import { errorResponse } from './handler.js';
import { answerInternalError, invalidTarget, requestTarget, send, serveScimGuarded, type ScimServeOptions } from './http-adapter.js';
import { outsideBasePath } from './messages/error.js';

export interface ExpressAdapterOptions extends ScimServeOptions {
  /** The admin console, mounted at `/admin`. */
  admin?: Router;
}

export function createExpressApp(options: ExpressAdapterOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(options.basePath, (req, res, next) => serveScimGuarded(req, res, req.path, requestTarget(req.originalUrl), options, next));
  if (options.admin) app.use('/admin', options.admin);
  app.use((req, res) => {
    send(res, errorResponse(outsideBasePath(req.path, options.basePath)));
  });
  app.use(answerError);
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
  routed.handle = (req, res, done) => handle(req, res, done ?? ((error) => answerUnrouted(error, res)));
}

function answerUnrouted(error: unknown, res: ServerResponse): void {
  if (error !== undefined) answerInternalError(error, res);
  else if (!res.headersSent) send(res, errorResponse(invalidTarget()), true);
}

/**
 * Express's own error handler would answer HTML with the stack trace outside production: anything thrown
 * by a route (SCIM or admin) or by express itself gets a SCIM 500 body instead, the details only logged.
 * Express recognises an error handler by its four parameters, so `_req` and `_next` stay.
 */
function answerError(error: unknown, _req: IncomingMessage, res: ServerResponse, _next: NextFunction): void {
  answerInternalError(error, res);
}
