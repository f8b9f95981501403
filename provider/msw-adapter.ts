/**
 * The provider core's in-process adapter (http-adapter.ts is the socket one): msw intercepts `fetch` calls to a
 * reserved `*.embedded.invalid` origin and hands them to the embedded provider's handler, with no socket. Each embedded provider gets its
 * own origin, so scenarios running side by side never reach each other's provider. This is also the seam
 * for fault injection (429, 5xx, timeouts, resets) without a network.
 */
import { http, passthrough } from 'msw';
import { SCIM_MEDIA_TYPE } from '../vocabulary/constants.js';
import { setupServer } from 'msw/node';
import { errorResponse, type ScimHandler } from './handler.js';
import { outsideBasePath } from './messages/error.js';
import { serializeBody } from './messages/serialized.js';
import type { ScimRequest } from './http-types.js';

export type Interceptor = (request: Request) => Promise<Response | undefined> | Response | undefined;

interface Mount {
  basePath: string;
  handler: ScimHandler;
  /** Runs before the provider; a Response it returns is answered instead (fault injection). */
  interceptor: Interceptor | undefined;
}

const mounts = new Map<string, Mount>();
let server: ReturnType<typeof setupServer> | undefined;
let counter = 0;

function ensureServer(): void {
  if (server) return;
  const created = setupServer(
    http.all('*', async ({ request }) => {
      const url = new URL(request.url);
      const mount = mounts.get(url.origin);
      if (!mount) return passthrough();
      const injected = mount.interceptor ? await mount.interceptor(request) : undefined;
      if (injected) return injected;
      return answer(mount, request, url);
    }),
  );
  created.listen({ onUnhandledRequest: 'bypass' });
  server = created;
}

async function answer(mount: Mount, request: Request, url: URL): Promise<Response> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // serve() drops a GET or HEAD body, as the socket adapter does.
  const text = await request.text();
  const answered = serve(mount, { method: request.method, url, headers, body: text === '' ? undefined : text });
  return new Response(answered.body ?? null, { status: answered.status, headers: answered.headers });
}

/** A request as text, the way a socket would carry it; header names in any case. */
export interface InProcessRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The answer as text: header names lower-cased, the body serialised as the socket adapter would send it. */
export interface InProcessResponse {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * Answers a request to a mounted embedded provider straight from its handler, without fetch or msw (the
 * harness's in-process transport: msw's per-request machinery cost more than the provider and the checks
 * together on a 10,000-user sync). Undefined when no embedded provider is mounted at the URL's origin.
 * The fault-injection interceptor is msw's alone: embedded faults wrap the handler instead.
 */
export function dispatchInProcess(request: InProcessRequest): InProcessResponse | undefined {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return undefined;
  }
  const mount = mounts.get(url.origin);
  if (!mount) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return serve(mount, { method: request.method, url, headers, body: request.body === '' ? undefined : request.body });
}

function serve(mount: Mount, request: { method: string; url: URL; headers: Record<string, string>; body: string | undefined }): InProcessResponse {
  const { url } = request;
  const path = url.pathname.startsWith(mount.basePath) ? url.pathname.slice(mount.basePath.length) || '/' : url.pathname;
  const scimRequest: ScimRequest = {
    method: request.method.toUpperCase(),
    path,
    query: url.searchParams,
    rawQuery: url.search,
    headers: request.headers,
    body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
    baseUrl: `${url.origin}${mount.basePath}`,
  };
  const response = url.pathname.startsWith(mount.basePath)
    ? mount.handler(scimRequest)
    : errorResponse(outsideBasePath(url.pathname, mount.basePath));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name.toLowerCase()] = String(value);
  if (response.body === undefined) return { status: response.status, headers, body: undefined };
  headers['content-type'] ??= `${SCIM_MEDIA_TYPE}; charset=utf-8`;
  return { status: response.status, headers, body: serializeBody(response.body) };
}

export interface InProcessMount {
  /** The SCIM base URL to send requests to, e.g. `http://p3.embedded.invalid/scim/v2`. */
  baseUrl: string;
  setInterceptor(interceptor: Interceptor | undefined): void;
  unmount(): void;
}

export function mountInProcess(handler: ScimHandler, basePath: string): InProcessMount {
  ensureServer();
  counter += 1;
  const origin = `http://p${counter}.embedded.invalid`;
  const mount: Mount = { basePath, handler, interceptor: undefined };
  mounts.set(origin, mount);
  return {
    baseUrl: `${origin}${basePath}`,
    setInterceptor: (interceptor) => {
      mount.interceptor = interceptor;
    },
    unmount: () => {
      mounts.delete(origin);
    },
  };
}
