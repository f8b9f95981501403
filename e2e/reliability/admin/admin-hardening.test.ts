/**
 * Issue 11, finding 8 (admin side): the request log hides query values that may carry a secret and keeps
 * unauthenticated rows apart; a short --token is refused; admin sign-in is rate limited per address; the
 * console's same-origin check does not trust the Host header; --public-origin is checked and applied.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../provider/cli-main.js';
import { createProvider } from '../../../provider/provider.js';
import { startProvider, TEST_TOKEN, type TestProvider } from '../../../provider/test-support.js';
import { adminClient, expectAdminError } from '../../../provider/admin/test-support.js';
import { sendRaw } from '../provider/raw-http.js';

const ADMIN = 'admin-credential-0123456789';
let t: TestProvider | undefined;

/** The provider CLI's `main` with what it wrote to stderr (a refused start returns before listening). */
async function runCli(argv: string[]): Promise<{ code: number; stderr: string }> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.join(' '));
  try {
    return { code: await main(argv), stderr: errors.join('\n') };
  } finally {
    console.error = original;
  }
}

afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('request log over HTTP', () => {
  it('shows a token put in the URL as [redacted], keeping the parameter name and SCIM filters', async () => {
    t = await startProvider({ adminCredential: ADMIN });
    await t.scim('GET', `/Users?access_token=${TEST_TOKEN}&filter=userName%20eq%20%22a%22`);
    const res = await adminClient(t.origin, { basic: ADMIN })('GET', 'requests');
    expect(res.body.requests).toMatchObject([{ path: '/scim/v2/Users?access_token=[redacted]&filter=userName%20eq%20%22a%22', status: 200 }]);
    expect(res.text).not.toContain(TEST_TOKEN);
  });

  it('200 unauthenticated requests do not push out the authenticated ones', async () => {
    t = await startProvider({ adminCredential: ADMIN });
    for (let i = 0; i < 50; i += 1) await t.scim('GET', `/Users?startIndex=${i + 1}`);
    for (let i = 0; i < 200; i += 1) await t.scim('GET', '/Users', { token: 'not-the-token-at-all' });
    const list = (await adminClient(t.origin, { basic: ADMIN })('GET', 'requests')).body.requests as { status: number; path: string }[];
    expect(list.filter((e) => e.status === 200)).toHaveLength(50);
    expect(list.filter((e) => e.status === 200)[0]!.path).toBe('/scim/v2/Users?startIndex=1');
    expect(list.filter((e) => e.status === 401)).toHaveLength(10);
    expect(t.provider.requests.unauthenticatedCount).toBe(200);
  });
});

describe('short bearer token', () => {
  it.each(['', 'x', 'fifteen-chars-x', '   padded-15ch  '])('createProvider refuses %j', (token) => {
    expect(() => createProvider({ token })).toThrow(/at least 16 characters/);
  });

  it('accepts 16 characters', () => {
    expect(createProvider({ token: 'sixteen-chars-xx' }).access.currentToken).toBe('sixteen-chars-xx');
  });

  it.each(['', 'x'])('the CLI refuses --token %j with exit 2 and says why', async (token) => {
    const { code, stderr } = await runCli(['--port', '0', '--token', token]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--token refused: .*at least 16 characters/);
  });
});

describe('admin sign-in rate limit', () => {
  it('after 5 failed sign-ins within a minute: 429 with Retry-After, even for the right credential; sessions keep working', async () => {
    t = await startProvider({ adminCredential: ADMIN });
    const anonymous = adminClient(t.origin, null);
    const signedIn = await anonymous('POST', 'login', { body: { credential: ADMIN } });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (let i = 0; i < 5; i += 1) expectAdminError(await anonymous('POST', 'login', { body: { credential: `guess-${i}` } }), 401, 'invalid_credential');

    const refused = await anonymous('POST', 'login', { body: { credential: ADMIN } });
    expectAdminError(refused, 429, 'too_many_attempts');
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    expectAdminError(await adminClient(t.origin, { basic: ADMIN })('GET', 'state'), 429, 'too_many_attempts');
    expect((await adminClient(t.origin, { cookie })('GET', 'state')).status).toBe(200);
  });

  it('wrong HTTP Basic credentials count as failed sign-ins', async () => {
    t = await startProvider({ adminCredential: ADMIN });
    for (let i = 0; i < 5; i += 1) expectAdminError(await adminClient(t.origin, { basic: `guess-${i}-xxxxxxxx` })('GET', 'state'), 401, 'unauthorized');
    const refused = await adminClient(t.origin, { basic: ADMIN })('GET', 'state');
    expectAdminError(refused, 429, 'too_many_attempts');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('admin same-origin check', () => {
  /** A browser on a page of `site` posting to the console with the console's own CSRF header. */
  const signIn = (port: number, host: string, site: string) =>
    sendRaw(port, `POST /admin/api/login HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${site}\r\nX-Scim-Admin: 1\r\nContent-Type: application/json`, JSON.stringify({ credential: ADMIN }));

  it('refuses an Origin that only matches a forged Host header', async () => {
    t = await startProvider({ adminCredential: ADMIN });
    const res = await signIn(t.running.port, 'evil.example', 'http://evil.example');
    expect(res.status, res.body).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'cross_site_refused' });
  });

  it('accepts the bound address and a configured public origin, whose scheme wins over the socket\'s', async () => {
    t = await startProvider({ adminCredential: ADMIN, publicOrigins: ['https://scim.example.com'] });
    expect((await signIn(t.running.port, `127.0.0.1:${t.running.port}`, t.origin)).status).toBe(200);
    // A TLS-terminating proxy forwards Host: scim.example.com over plain http; browsers send the https Origin.
    const proxied = await signIn(t.running.port, 'scim.example.com', 'https://scim.example.com');
    expect(proxied.status, proxied.body).toBe(200);
    expect((await signIn(t.running.port, 'scim.example.com:443', 'https://scim.example.com')).status).toBe(200);
    expect((await signIn(t.running.port, 'scim.example.com', 'http://scim.example.com')).status).toBe(403);
    const scim = await sendRaw(t.running.port, `GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: scim.example.com\r\nAuthorization: Bearer ${TEST_TOKEN}`);
    expect((JSON.parse(scim.body) as { meta: { location: string } }).meta.location).toBe('https://scim.example.com/scim/v2/ServiceProviderConfig');
  });
});

describe('--public-origin', () => {
  it.each(['scim.example.com', 'https://scim.example.com/scim/v2', 'ftp://scim.example.com', 'https://user:pw@scim.example.com'])(
    'the CLI refuses %j with exit 2 and says what an origin looks like',
    async (origin) => {
      const { code, stderr } = await runCli(['--port', '0', '--public-origin', origin]);
      expect(code).toBe(2);
      expect(stderr).toContain(`--public-origin must be an http(s) origin such as https://scim.example.com:8443, got '${origin}'`);
    },
  );
});
