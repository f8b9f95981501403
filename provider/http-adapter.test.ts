/**
 * Issue 12: SCIM is served by a plain node:http listener straight from the core handler, the admin console by
 * express under `/admin`; `provider.app` (express) still serves the same SCIM answers for callers that mount it.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE } from '../vocabulary/constants.js';
import { sendRaw } from '../e2e/reliability/provider/raw-http.js';
import { pathBelow, requestTarget } from './http-adapter.js';
import { createProvider, type Provider } from './provider.js';
import { TEST_TOKEN } from './test-support.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const get = (port: number, target: string, token: string | null = TEST_TOKEN) =>
  sendRaw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}${token === null ? '' : `\r\nAuthorization: Bearer ${token}`}`);

function provider(adminConsole = true): Provider {
  return createProvider({ token: TEST_TOKEN, adminConsole });
}

describe('pathBelow (mounting as express does)', () => {
  it.each([
    ['/scim/v2', '/'],
    ['/scim/v2/', '/'],
    ['/scim/v2/Users/a%2Fb', '/Users/a%2Fb'],
    ['/SCIM/V2/Users', '/Users'],
    ['/scim/v2x/Users', undefined],
    ['/scim', undefined],
    ['/admin/scim/v2', undefined],
  ])('%s → %s', (pathname, below) => {
    expect(pathBelow(pathname, '/scim/v2')).toBe(below);
  });
});

describe('provider.listener (node:http)', () => {
  it('serves SCIM from the handler as application/scim+json', async () => {
    const port = await serve(provider().listener);
    const res = await get(port, '/scim/v2/ServiceProviderConfig');
    expect(res.status, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(JSON.parse(res.body).schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
  });

  it('answers a GET without a token 401 with the SCIM challenge', async () => {
    const port = await serve(provider().listener);
    const res = await get(port, '/scim/v2/Users', null);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="scim"');
    expect(JSON.parse(res.body).schemas).toEqual([MESSAGE.error]);
  });

  it('routes the path as sent: `..` is not resolved into another endpoint', async () => {
    const port = await serve(provider().listener);
    const res = await get(port, '/scim/v2/Users/../ServiceProviderConfig');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).schemas).toEqual([MESSAGE.error]);
  });

  it('outside the base path and /admin: a SCIM 404 naming the base path', async () => {
    const port = await serve(provider().listener);
    const res = await get(port, '/elsewhere?x=1');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(JSON.parse(res.body).detail).toBe("Nothing at '/elsewhere'; the SCIM API is at '/scim/v2'.");
  });

  it('hands /admin to the express console, or 404s it when the console is off', async () => {
    const on = await serve(provider(true).listener);
    const page = await get(on, '/admin', null);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const off = await serve(provider(false).listener);
    const missing = await get(off, '/admin', null);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).schemas).toEqual([MESSAGE.error]);
  });

  it('names the address the client connected to in Location, whatever Host says', async () => {
    const port = await serve(provider().listener);
    const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'loc@example.com' });
    const res = await sendRaw(
      port,
      `POST /scim/v2/Users HTTP/1.1\r\nHost: evil.example:${port}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/scim+json`,
      body,
    );
    expect(res.status, res.body).toBe(201);
    expect(res.headers.location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/scim/v2/Users/`));
  });
});

describe('provider.app (express) serves the same SCIM answers', () => {
  it('SCIM at the base path, a SCIM 404 elsewhere', async () => {
    const port = await serve(provider().app);
    const ok = await get(port, '/scim/v2/ServiceProviderConfig');
    expect(ok.status, ok.body).toBe(200);
    expect(ok.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    const missing = await get(port, '/elsewhere');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).detail).toBe("Nothing at '/elsewhere'; the SCIM API is at '/scim/v2'.");
  });
});

describe('requestTarget (the query split by hand where the URL parser would read it the same)', () => {
  it.each([
    '/scim/v2/Users',
    '/scim/v2/Users?',
    '/scim/v2/Users?filter=userName%20eq%20%22a%40b.c%22',
    '/scim/v2/Users?filter=userName+eq+%22x%22&startIndex=2&count=50&attributes=userName,emails',
    '/scim/v2/Users?a=%zz&b=%&c=1=2&&d',
    '/scim/v2/Users?q="raw"',
    "/scim/v2/Users?q='x'&r=<y>",
    '/scim/v2/Users?q=caf\u00e9',
    '/scim/v2/Users?q=a\\b',
    '/scim/v2/Users?q=1#frag',
    '/scim/v2/Users#frag?q=1',
    '//other.example/scim/v2/Users?q=1',
    '/\\other.example/scim/v2/Users?q=1',
    'http://127.0.0.1:8080/scim/v2/Users?q=1',
  ])('%s: the same query as new URL', (target) => {
    const url = new URL(target, 'http://placeholder');
    const parsed = requestTarget(target);
    expect(parsed?.search).toBe(url.search);
    expect([...(parsed?.searchParams ?? [])]).toEqual([...url.searchParams]);
  });

  it('is undefined for a target the URL parser refuses', () => {
    expect(requestTarget('http://x:99999/scim/v2/Users')).toBeUndefined();
  });
});
