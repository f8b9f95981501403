/**
 * The provider core's msw adapter (express-adapter.ts is the socket one): msw intercepts `fetch` calls to a
 * reserved `*.embedded.invalid` origin and hands them to the embedded provider's handler, with no socket. Each embedded provider gets its
 * own origin, so scenarios running side by side never reach each other's provider. This is also the seam
 * for fault injection (429, 5xx, timeouts, resets) without a network.
 */
import { http, passthrough } from 'msw';
import { SCIM_MEDIA_TYPE } from '../vocabulary/constants.js';
import { setupServer } from 'msw/node';
import { errorResponse, type ScimHandler } from './handler.js';
import { notFound } from './messages/error.js';
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
  const headers: Record<string, string | undefined> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const path = url.pathname.startsWith(mount.basePath) ? url.pathname.slice(mount.basePath.length) || '/' : url.pathname;
  const scimRequest: ScimRequest = {
    method: request.method.toUpperCase(),
    path,
    query: url.searchParams,
    rawQuery: url.search,
    headers,
    body: text === '' ? undefined : text,
    baseUrl: `${url.origin}${mount.basePath}`,
  };
  const response = url.pathname.startsWith(mount.basePath)
    ? mount.handler(scimRequest)
    : errorResponse(notFound(`Nothing at '${url.pathname}'; the SCIM API is at '${mount.basePath}'.`));
  const out = new Headers(response.headers);
  if (response.body === undefined) return new Response(null, { status: response.status, headers: out });
  if (!out.has('Content-Type')) out.set('Content-Type', `${SCIM_MEDIA_TYPE}; charset=utf-8`);
  return new Response(JSON.stringify(response.body), { status: response.status, headers: out });
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
