/**
 * Issue 11, finding 8 (admin side): the request log hides query values that may carry a secret and keeps
 * unauthenticated rows apart; a short --token is refused; admin sign-in is rate limited per address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../provider/cli-main.js';
import { createProvider } from '../../../provider/provider.js';
import { startProvider, TEST_TOKEN, type TestProvider } from '../../../provider/test-support.js';
import { adminClient, expectAdminError } from '../../../provider/admin/test-support.js';

const ADMIN = 'admin-credential-0123456789';
let t: TestProvider | undefined;

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
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      expect(await main(['--port', '0', '--token', token])).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/--token refused: .*at least 16 characters/);
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
