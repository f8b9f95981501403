/**
 * Issue 12: SCIM is served by a plain node:http listener straight from the core handler, the admin console by
 * express under `/admin`; `provider.app` (express) still serves the same SCIM answers for callers that mount it.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
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

/** Sends each request in turn over one keep-alive socket, reading each answer by its Content-Length. */
function keepAlive(port: number, heads: string[]): Promise<{ status: number; headers: Record<string, string>; body: string }[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const answers: { status: number; headers: Record<string, string>; body: string }[] = [];
    let pending = Buffer.alloc(0);
    const next = () => {
      const head = heads[answers.length];
      if (head === undefined) {
        socket.destroy();
        resolve(answers);
      } else socket.write(`${head}\r\n\r\n`);
    };
    socket.on('connect', next);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = pending.toString('latin1', 0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      const length = Number(headers['content-length'] ?? 0);
      if (pending.length < end + 4 + length) return;
      answers.push({ status: Number(lines[0]!.slice(9, 12)), headers, body: pending.toString('utf8', end + 4, end + 4 + length) });
      pending = pending.subarray(end + 4 + length);
      next();
    });
  });
}

describe('the usual answer, written in one writeHead (issue 12)', () => {
  const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'écrit@example.com', displayName: 'Zoë Ünïcode ✓' };

  it('a 201 and a 200 carry ETag, Location (201), Content-Type with charset and the body’s byte length', async () => {
    const p = provider();
    const port = await serve(p.listener);
    const body = JSON.stringify(user);
    const created = await sendRaw(port, `POST /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/scim+json`, body);
    expect(created.status, created.body).toBe(201);
    const id = (JSON.parse(created.body) as { id: string }).id;
    expect(created.headers.location).toBe(`http://127.0.0.1:${port}/scim/v2/Users/${id}`);
    for (const res of [created, await get(port, `/scim/v2/Users/${id}`)]) {
      const parsed = JSON.parse(res.body) as { meta: { version: string }; displayName: string };
      expect(parsed.displayName).toBe(user.displayName);
      expect(res.headers['content-type']).toBe('application/scim+json; charset=utf-8');
      expect(res.headers.etag).toBe(parsed.meta.version);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
      expect(res.headers['transfer-encoding']).toBeUndefined();
    }
  });

  it('keep-alive answers are framed by Content-Length; HEAD and 304 keep node’s own framing', async () => {
    const p = provider();
    const port = await serve(p.listener);
    const auth = `Host: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TEST_TOKEN}`;
    const id = (p.handler({ method: 'POST', path: '/Users', query: new URLSearchParams(), headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(user), baseUrl: 'http://x/scim/v2' }).body as { id: string }).id;
    const [list, one, head, again] = await keepAlive(port, [
      `GET /scim/v2/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)} HTTP/1.1\r\n${auth}`,
      `GET /scim/v2/Users/${id} HTTP/1.1\r\n${auth}`,
      `HEAD /scim/v2/Users/${id} HTTP/1.1\r\n${auth}`,
      `GET /scim/v2/Users/${id} HTTP/1.1\r\n${auth}`,
    ]);
    expect((JSON.parse(list!.body) as { totalResults: number }).totalResults).toBe(1);
    expect(list!.headers.etag).toBeUndefined();
    expect(one!.status).toBe(200);
    expect(head!.status).toBe(200);
    expect(head!.body).toBe('');
    expect(head!.headers.etag).toBe(one!.headers.etag);
    expect(head!.headers['content-length']).toBeUndefined();
    expect(again!.body).toBe(one!.body);
    const [notModified] = await keepAlive(port, [`GET /scim/v2/Users/${id} HTTP/1.1\r\n${auth}\r\nIf-None-Match: ${one!.headers.etag}`]);
    expect(notModified!.status).toBe(304);
    expect(notModified!.headers['content-length']).toBeUndefined();
  });
});

describe('the base URL remembered per connection (issue 12)', () => {
  it('follows each request’s Host on one connection, and a public origin added while it is open', async () => {
    const p = provider();
    const port = await serve(p.listener);
    const get = (host: string) => `GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${TEST_TOKEN}`;
    const location = (answer: { body: string } | undefined) => (JSON.parse(answer!.body) as { meta: { location: string } }).meta.location;
    const local = `http://127.0.0.1:${port}/scim/v2/ServiceProviderConfig`;
    const first = await keepAlive(port, [get(`127.0.0.1:${port}`), get('gateway.example:8443'), get(`127.0.0.1:${port}`), get(`localhost:${port}`), get(`127.0.0.1:${port}`)]);
    expect(first.map(location)).toEqual([local, local, local, `http://localhost:${port}/scim/v2/ServiceProviderConfig`, local]);
    p.publicOrigins.add('http://gateway.example:8443');
    const second = await keepAlive(port, [get(`127.0.0.1:${port}`), get('gateway.example:8443'), get(`127.0.0.1:${port}`), get('GATEWAY.example:8443')]);
    expect(second.map(location)).toEqual([local, 'http://gateway.example:8443/scim/v2/ServiceProviderConfig', local, 'http://gateway.example:8443/scim/v2/ServiceProviderConfig']);
  });
});
