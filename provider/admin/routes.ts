/**
 * The admin console over HTTP, mounted at `/admin` by the express adapter. It only adapts: authentication
 * (admin credential, see `admin-auth.ts`), the cross-site guard, JSON in and out, and Server-Sent Events
 * fed by `store.subscribe`, `organization.onChange` and the request log. What the console shows and does
 * lives in `console.ts`.
 *
 * | route | what |
 * |---|---|
 * | `GET /admin` | the page (one self-contained HTML document; its data comes from the API below) |
 * | `POST /admin/api/login` `{credential}` | sets the session cookie |
 * | `POST /admin/api/logout` | drops the session |
 * | `GET /admin/api/state` | organization state and SCIM Base URL |
 * | `GET /admin/api/members`, `GET /admin/api/requests` | members table, last 50 SCIM exchanges (+ last 10 unauthenticated, query values redacted) |
 * | `GET /admin/api/token` | the API token (only while SCIM is enabled) |
 * | `GET /admin/api/events` | SSE: `snapshot`, then `state`, `member`, `member-removed`, `request` |
 * | `POST /admin/api/organization/sso` `{configured}` | SAML SSO configured or not |
 * | `POST /admin/api/organization/domain` `{verified, domain?}` | verify the company domain, or remove it |
 * | `POST /admin/api/scim/enable`, `/disable`, `/token` | enable, disable, generate a new API token |
 *
 * Sign-in is rate limited per client address (`sign-in-limit.ts`): after 5 failed sign-ins (a wrong credential
 * on `/api/login` or a rejected `Authorization` header) within a minute, any further attempt from that address
 * gets 429 with `Retry-After` (seconds) until a minute has passed since the first of those 5.
 *
 * Every `POST` must carry `X-Scim-Admin: 1` (a custom header, which a cross-site form or a no-cors fetch
 * cannot send) and, when the browser says where it comes from (`Origin`, `Sec-Fetch-Site`), come from
 * this very origin; otherwise 403. Errors are JSON: `{ "error": code, "message": sentence }`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Router, type Request, type Response } from 'express';
import { AdminAuth, SESSION_TTL_MS, type AdminPrincipal } from './admin-auth.js';
import { applyAction, ConsoleError, consoleState, currentToken, memberRow, members, snapshot, type ConsoleAction, type ConsoleDeps } from './console.js';
import { renderConsolePage } from './page.js';
import { SignInLimit } from './sign-in-limit.js';
import { publicOrigin } from '../public-origin.js';

export const CSRF_HEADER = 'x-scim-admin';
const MAX_BODY = 8 * 1024;
const HEARTBEAT_MS = 15_000;

export interface AdminRouterOptions extends ConsoleDeps {
  auth: AdminAuth;
  /** Default: 5 failures per address per minute. */
  signInLimit?: SignInLimit;
  /** Origins besides the bound address that browsers may use (a gateway's); see provider/public-origin.ts. */
  publicOrigins?: ReadonlySet<string>;
}

interface Context {
  req: Request;
  res: Response;
  origin: string;
  principal: AdminPrincipal | null;
  sessionId: string | undefined;
  /** The client's address as the socket sees it (never a forwarded header, which a client can forge). */
  address: string;
}

type Route = { auth: boolean; handle: (ctx: Context) => void | Promise<void> };

export function createAdminRouter(options: AdminRouterOptions): Router {
  const { auth } = options;
  const limit = options.signInLimit ?? new SignInLimit();
  const deps: ConsoleDeps = options;
  /** Open event streams, so a logout can close the ones of its session. */
  const streams = new Set<{ sessionId: string | undefined; end: () => void }>();

  const action = (name: ConsoleAction) => async (ctx: Context) => {
    const body = await readJson(ctx.req);
    const result = applyAction(deps, name, body);
    json(ctx.res, 200, { ...result, state: consoleState(deps, ctx.origin) });
  };

  const routes: Record<string, Partial<Record<'GET' | 'POST', Route>>> = {
    '/': {
      GET: { auth: false, handle: ({ res }) => page(res) },
    },
    '/api/login': {
      POST: {
        auth: false,
        handle: async ({ req, res, address }) => {
          const body = await readJson(req);
          if (typeof body !== 'object' || body === null || typeof (body as { credential?: unknown }).credential !== 'string') {
            throw new ConsoleError(400, 'invalid_request', "Send { \"credential\": \"...\" } with the admin credential.");
          }
          const session = auth.login((body as { credential: string }).credential);
          if (session === null) limit.recordFailure(address);
          else limit.recordSuccess(address);
          if (session === null) throw new ConsoleError(401, 'invalid_credential', 'That is not the admin credential (the SCIM API token is not accepted here).');
          res.setHeader('Set-Cookie', cookie(cookieName(req), session, SESSION_TTL_MS / 1000));
          json(res, 200, { message: 'Signed in.' });
        },
      },
    },
    '/api/logout': {
      POST: {
        auth: false,
        handle: ({ req, res, sessionId }) => {
          auth.logout(sessionId);
          for (const stream of streams) if (sessionId !== undefined && stream.sessionId === sessionId) stream.end();
          res.setHeader('Set-Cookie', cookie(cookieName(req), '', 0));
          json(res, 200, { message: 'Signed out.' });
        },
      },
    },
    '/api/state': { GET: { auth: true, handle: ({ res, origin }) => json(res, 200, consoleState(deps, origin)) } },
    '/api/members': { GET: { auth: true, handle: ({ res }) => json(res, 200, { members: members(deps) }) } },
    '/api/requests': { GET: { auth: true, handle: ({ res }) => json(res, 200, { requests: deps.requests.list() }) } },
    '/api/token': { GET: { auth: true, handle: ({ res }) => json(res, 200, { token: currentToken(deps) }) } },
    '/api/events': { GET: { auth: true, handle: (ctx) => events(ctx) } },
    '/api/organization/sso': { POST: { auth: true, handle: action('sso') } },
    '/api/organization/domain': { POST: { auth: true, handle: action('domain') } },
    '/api/scim/enable': { POST: { auth: true, handle: action('enable') } },
    '/api/scim/disable': { POST: { auth: true, handle: action('disable') } },
    '/api/scim/token': { POST: { auth: true, handle: action('regenerate') } },
  };

  function events({ res, origin, sessionId }: Context): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write('retry: 2000\n\n');
    send('snapshot', snapshot(deps, origin));
    const unsubscribe = [
      deps.store.subscribe((event) => {
        if (event.kind === 'deleted') {
          if (event.resourceType === 'User') send('member-removed', { id: event.id });
        } else if (event.resource.resourceType === 'User') {
          send('member', { kind: event.kind, member: memberRow(event.resource) });
        }
      }),
      deps.organization.onChange((event) => {
        send('state', { state: consoleState(deps, origin), event: event.kind, notice: event.kind === 'prerequisite-changed' ? event.message : null });
      }),
      deps.requests.subscribe((entry) => send('request', entry)),
    ];
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const stream = { sessionId, end: () => res.end() };
    streams.add(stream);
    res.once('close', () => {
      clearInterval(heartbeat);
      for (const stop of unsubscribe) stop();
      streams.delete(stream);
    });
  }

  const router = Router();
  router.use((req, res) => {
    void dispatch(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof ConsoleError) json(res, error.status, { error: error.code, message: error.message });
      else json(res, 500, { error: 'internal_error', message: error instanceof Error ? error.message : String(error) });
    });
  });

  async function dispatch(req: Request, res: Response): Promise<void> {
    const methods = routes[req.path];
    if (!methods) throw new ConsoleError(404, 'not_found', `Nothing at '/admin${req.path}'.`);
    const streaming = req.path === '/api/events';
    const method = req.method === 'HEAD' && !streaming ? 'GET' : req.method;
    const route = methods[method as 'GET' | 'POST'];
    if (!route) {
      const allowed = Object.keys(methods).flatMap((m) => (m === 'GET' && !streaming ? ['GET', 'HEAD'] : [m]));
      res.setHeader('Allow', allowed.join(', '));
      throw new ConsoleError(405, 'method_not_allowed', `${req.method} is not allowed on '/admin${req.path}'; use ${allowed.join(' or ')}.`);
    }
    const sessionId = cookies(req.headers.cookie)[cookieName(req)];
    const address = req.socket.remoteAddress ?? 'unknown';
    const presented = req.headers.authorization !== undefined && req.headers.authorization.trim() !== '';
    if (presented || (req.path === '/api/login' && method === 'POST')) refuseWhileLimited(res, limit, address);
    const principal = auth.authenticate(req.headers.authorization, sessionId);
    if (presented) {
      if (principal === null) limit.recordFailure(address);
      else limit.recordSuccess(address);
    }
    if (route.auth && principal === null) {
      const wantsChallenge = req.get(CSRF_HEADER) === undefined && !(req.get('accept') ?? '').includes('text/event-stream');
      if (wantsChallenge) res.setHeader('WWW-Authenticate', 'Basic realm="SCIM admin console", charset="UTF-8"');
      throw new ConsoleError(
        401,
        'unauthorized',
        'The admin console needs the admin credential: HTTP Basic admin:<credential> or a session from POST /admin/api/login. The SCIM API token is not accepted here.',
      );
    }
    // The same rule as the SCIM API's Location: a forged Host cannot make a cross-site Origin look same-site.
    const origin = publicOrigin(req, options.publicOrigins);
    if (req.method === 'POST') refuseCrossSite(req, origin);
    await route.handle({ req, res, origin, principal, sessionId, address });
  }

  return router;
}

/** 429 with `Retry-After` while `address` has used up its failed sign-ins; its attempt is then not even checked. */
function refuseWhileLimited(res: Response, limit: SignInLimit, address: string): void {
  const wait = limit.retryAfterSeconds(address);
  if (wait === 0) return;
  res.setHeader('Retry-After', String(wait));
  throw new ConsoleError(429, 'too_many_attempts', `Too many failed sign-ins from this address; try again in ${wait} s.`);
}

function refuseCrossSite(req: Request, origin: string): void {
  if (req.get(CSRF_HEADER) !== '1') {
    throw new ConsoleError(403, 'cross_site_refused', `State-changing admin requests must send the header 'X-Scim-Admin: 1'.`);
  }
  const from = req.get('origin');
  if (from !== undefined && from !== origin) {
    throw new ConsoleError(403, 'cross_site_refused', `Cross-site request refused: Origin '${from}' is not '${origin}'.`);
  }
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ConsoleError(403, 'cross_site_refused', `Cross-site request refused (Sec-Fetch-Site: ${site}).`);
  }
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function page(res: Response): void {
  const nonce = randomBytes(16).toString('base64');
  res.status(200);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(renderConsolePage(nonce));
}

function json(res: Response, status: number, body: unknown): void {
  res.status(status);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** The parsed JSON body, or undefined for an empty one; 413/415/400 `ConsoleError`s otherwise. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY) {
    req.resume();
    throw new ConsoleError(413, 'payload_too_large', `Admin request bodies are limited to ${MAX_BODY} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) {
      req.resume();
      throw new ConsoleError(413, 'payload_too_large', `Admin request bodies are limited to ${MAX_BODY} bytes.`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ConsoleError(415, 'unsupported_media_type', `Send the body as application/json (got '${req.headers['content-type'] ?? 'no Content-Type'}').`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConsoleError(400, 'invalid_json', `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** One cookie per provider port: browsers share cookies across ports of the same host. */
function cookieName(req: Request): string {
  return `scim_admin_${req.socket.localPort ?? 0}`;
}

function cookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeSeconds)}`;
}

function cookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
