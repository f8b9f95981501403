/**
 * Issue 11, finding 1 (and "internal error messages returned to clients"): no request ends the provider's
 * process. A target the URL parser rejects once threw inside the express adapter's un-awaited `serve()`;
 * the rejection was unhandled and Node exited, taking the in-memory store with it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MESSAGE } from '../../../vocabulary/constants.js';
import { TEST_TOKEN } from '../../../provider/test-support.js';
import type { ScimHandler } from '../../../provider/handler.js';
import { sendRaw, type RawResponse } from './raw-http.js';
import { expectStillServing, seededProvider, type Seeded } from './support.js';

function expectRawScimError(res: RawResponse, status: number, scimType: string | null): Record<string, unknown> {
  expect(res.status, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body.schemas).toEqual([MESSAGE.error]);
  expect(body.status).toBe(String(status));
  expect(body.scimType).toBe(scimType ?? undefined);
  return body;
}

describe('a request target the URL parser rejects', () => {
  let s: Seeded;
  beforeEach(async () => {
    s = await seededProvider();
  });
  afterEach(() => s.t.close());

  // Port 99999 is the reproduction; `[zz` is a host no parser accepts, so no express layer matched it.
  for (const target of ['http://x:99999/scim/v2/Users', 'http://x:99999/scim/v2/ServiceProviderConfig', 'http://[zz/scim/v2/Users']) {
    it(`GET ${target} without a token → SCIM 400, and the provider keeps serving`, async () => {
      const res = await sendRaw(s.t.running.port, `GET ${target} HTTP/1.1\r\nHost: x`);
      expectRawScimError(res, 400, 'invalidSyntax');
      await expectStillServing(s);
    });
  }

  it('the same with a token and a body (POST) → SCIM 400, nothing created', async () => {
    const before = s.t.provider.store.count('User');
    const res = await sendRaw(
      s.t.running.port,
      `POST http://x:99999/scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/scim+json`,
      JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'raw@example.com' }),
    );
    expectRawScimError(res, 400, 'invalidSyntax');
    expect(s.t.provider.store.count('User')).toBe(before);
    await expectStillServing(s);
  });

  it('a valid absolute-form target is still served (RFC 9112 §3.2.2)', async () => {
    const res = await sendRaw(s.t.running.port, `GET ${s.t.baseUrl}/Users/${s.userId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_TOKEN}`);
    expect(res.status, res.body).toBe(200);
  });
});

describe('an exception inside the provider', () => {
  const SECRET = 'secret-internal-detail /var/lib/provider';
  let s: Seeded;
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(async () => {
    // Throws on one marked request only, as a bug in a handler layer would.
    const wrapHandler = (handler: ScimHandler): ScimHandler => (request) => {
      if (request.headers['x-explode'] !== undefined) throw new Error(SECRET);
      return handler(request);
    };
    s = await seededProvider({ wrapHandler });
    logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    logged.mockRestore();
    await s.t.close();
  });

  it('→ SCIM 500 whose body does not reveal the message (it goes to the log), and the provider keeps serving', async () => {
    const res = await s.t.scim('GET', '/Users', { headers: { 'X-Explode': '1' } });
    expect(res.status, res.text).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.body.schemas).toEqual([MESSAGE.error]);
    expect(res.body.status).toBe('500');
    expect(res.text).not.toContain('secret');
    expect(logged).toHaveBeenCalled();
    await expectStillServing(s);
  });
});
