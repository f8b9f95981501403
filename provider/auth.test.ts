/**
 * Bearer-token access over HTTP (RFC 7644 §2, RFC 6750): 401 with `WWW-Authenticate` for a missing,
 * wrong or non-Bearer credential; token regeneration; SCIM switched off (403) keeps every user.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE } from '../vocabulary/constants.js';
import { ScimAccess } from './auth.js';
import { create, expectScimError, groupBody, patchBody, startProvider, storeSnapshot, TEST_TOKEN, userBody, type ScimCallOptions, type TestProvider } from './test-support.js';

let t: TestProvider;
let userId = '';
let groupId = '';

beforeAll(async () => {
  t = await startProvider();
  userId = (await create(t.scim, '/Users', userBody('kept@example.com', { displayName: 'Kept', active: true }))).id;
  groupId = (await create(t.scim, '/Groups', groupBody('Kept Group', [userId]))).id;
});
afterAll(() => t.close());

function expectChallenge(value: string | null): void {
  expect(value).not.toBeNull();
  expect(value!).toMatch(/^Bearer\b/i);
}

describe('401 Unauthorized', () => {
  it('the configured token is accepted', async () => {
    expect(t.provider.access.currentToken).toBe(TEST_TOKEN);
    const res = await t.scim('GET', '/Users', { token: TEST_TOKEN });
    expect(res.status, res.text).toBe(200);
  });

  it('no Authorization header → 401 with WWW-Authenticate: Bearer', async () => {
    const res = await t.scim('GET', '/Users', { token: null });
    expectScimError(res, 401, null);
    expectChallenge(res.headers.get('www-authenticate'));
  });

  it('applies to discovery endpoints too', async () => {
    for (const path of ['/ServiceProviderConfig', '/Schemas', '/ResourceTypes']) {
      const res = await t.scim('GET', path, { token: null });
      expectScimError(res, 401, null);
      expectChallenge(res.headers.get('www-authenticate'));
    }
  });

  it('a wrong token → 401 with an invalid_token challenge', async () => {
    const res = await t.scim('GET', `/Users/${userId}`, { token: 'not-the-token' });
    expectScimError(res, 401, null);
    expectChallenge(res.headers.get('www-authenticate'));
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('a token that is a prefix or extension of the real one → 401', async () => {
    expectScimError(await t.scim('GET', '/Users', { token: t.provider.access.currentToken.slice(0, -1) }), 401, null);
    expectScimError(await t.scim('GET', '/Users', { token: `${t.provider.access.currentToken}x` }), 401, null);
  });

  it('the Basic scheme → 401 with a Bearer challenge', async () => {
    const basic = `Basic ${Buffer.from(`admin:${t.provider.access.currentToken}`).toString('base64')}`;
    const res = await t.scim('GET', '/Users', { token: null, headers: { Authorization: basic } });
    expectScimError(res, 401, null);
    expectChallenge(res.headers.get('www-authenticate'));
  });

  it('the bare token without a scheme → 401', async () => {
    const res = await t.scim('GET', '/Users', { token: null, headers: { Authorization: t.provider.access.currentToken } });
    expectScimError(res, 401, null);
    expectChallenge(res.headers.get('www-authenticate'));
  });

  it('"Bearer" with no token → 401', async () => {
    const res = await t.scim('GET', '/Users', { token: null, headers: { Authorization: 'Bearer ' } });
    expectScimError(res, 401, null);
  });

  it('the scheme name is case-insensitive (RFC 7235 §2.1)', async () => {
    const res = await t.scim('GET', '/Users', { token: null, headers: { Authorization: `bearer ${t.provider.access.currentToken}` } });
    expect(res.status, res.text).toBe(200);
  });

  it('an unauthenticated write changes nothing', async () => {
    const before = storeSnapshot(t.provider);
    expectScimError(await t.scim('POST', '/Users', { token: 'wrong', body: userBody('intruder@example.com') }), 401, null);
    expectScimError(await t.scim('DELETE', `/Users/${userId}`, { token: null }), 401, null);
    expectScimError(
      await t.scim('PATCH', `/Users/${userId}`, { token: 'wrong', body: patchBody({ op: 'replace', path: 'active', value: false }) }),
      401,
      null,
    );
    expect(storeSnapshot(t.provider)).toBe(before);
  });
});

describe('token regeneration', () => {
  it('the old token is refused at once, the new one works', async () => {
    const old = t.provider.access.currentToken;
    expect((await t.scim('GET', '/Users', { token: old })).status).toBe(200);
    const fresh = t.provider.access.regenerate();
    expect(fresh).not.toBe(old);
    expect(t.provider.access.currentToken).toBe(fresh);
    const refused = await t.scim('GET', '/Users', { token: old });
    expectScimError(refused, 401, null);
    expectChallenge(refused.headers.get('www-authenticate'));
    const accepted = await t.scim('GET', `/Users/${userId}`, { token: fresh });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.userName).toBe('kept@example.com');
  });
});

describe('SCIM disabled', () => {
  const routes: [string, string, ScimCallOptions?][] = [
    ['GET', '/Users'],
    ['GET', '/Users/{user}'],
    ['POST', '/Users', { body: userBody('new@example.com') }],
    ['PUT', '/Users/{user}', { body: userBody('kept@example.com', { displayName: 'Changed' }) }],
    ['PATCH', '/Users/{user}', { body: patchBody({ op: 'replace', path: 'active', value: false }) }],
    ['DELETE', '/Users/{user}'],
    ['GET', '/Groups'],
    ['GET', '/Groups/{group}'],
    ['DELETE', '/Groups/{group}'],
    ['POST', '/Users/.search', { body: { schemas: [MESSAGE.searchRequest] } }],
    ['POST', '/.search', { body: { schemas: [MESSAGE.searchRequest] } }],
    ['POST', '/Bulk', { body: { schemas: [MESSAGE.bulkRequest], Operations: [{ method: 'DELETE', path: '/Users/{user}' }] } }],
    ['GET', '/ServiceProviderConfig'],
    ['GET', '/Schemas'],
    ['GET', '/ResourceTypes'],
  ];

  it('every route → 403 SCIM error; users stay in the store and are readable after re-enabling', async () => {
    const before = storeSnapshot(t.provider);
    t.provider.access.setEnabled(false);
    try {
      for (const [method, rawPath, options] of routes) {
        const path = rawPath.replace('{user}', userId).replace('{group}', groupId);
        const body = options?.body === undefined ? undefined : JSON.parse(JSON.stringify(options.body).replaceAll('{user}', userId));
        const res = await t.scim(method, path, { ...options, ...(body === undefined ? {} : { body }) });
        expect(res.status, `${method} ${path}: ${res.text}`).toBe(403);
        expectScimError(res, 403, null);
      }
      expect(storeSnapshot(t.provider)).toBe(before);
      expect(t.provider.store.get('User', userId)).toBeDefined();
    } finally {
      t.provider.access.setEnabled(true);
    }
    const res = await t.scim('GET', `/Users/${userId}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: userId, userName: 'kept@example.com', displayName: 'Kept', active: true });
    expect(res.body.groups).toEqual([expect.objectContaining({ value: groupId })]);
  });

  it('a wrong token while disabled is still 401, not 403', async () => {
    t.provider.access.setEnabled(false);
    try {
      expectScimError(await t.scim('GET', '/Users', { token: 'wrong' }), 401, null);
    } finally {
      t.provider.access.setEnabled(true);
    }
  });
});

/**
 * The token check compares a fixed-width buffer in constant time rather than a digest per request (issue 12):
 * exactly the token passes, every near miss is refused, and nothing is remembered between requests.
 */
describe('the token check (ScimAccess.authorize)', () => {
  const bearer = (token: string) => `Bearer ${token}`;
  const accepted = (access: ScimAccess, header: string | undefined) => {
    try {
      access.authorize(header);
      return true;
    } catch {
      return false;
    }
  };

  it('accepts exactly the token; a prefix, an extension, NUL padding or a changed byte are refused', () => {
    const token = 'exact-token-0123456789';
    const access = new ScimAccess(token);
    expect(accepted(access, bearer(token))).toBe(true);
    for (const near of [token.slice(0, -1), `${token}x`, `${token}\0`, `${token}\0\0\0`, `${token.slice(0, -1)}8`, `x${token}`, token.toUpperCase()]) {
      expect(accepted(access, bearer(near)), JSON.stringify(near)).toBe(false);
    }
    expect(accepted(access, bearer(token)), 'a refusal leaves nothing behind that changes the next check').toBe(true);
  });

  it('tokens longer than the compared width, and non-ASCII ones, compare in full', () => {
    const long = `long-${'0123456789'.repeat(40)}`;
    const access = new ScimAccess(long);
    expect(accepted(access, bearer(long))).toBe(true);
    expect(accepted(access, bearer(`${long.slice(0, -1)}X`))).toBe(false);
    expect(accepted(access, bearer(long.slice(0, 256)))).toBe(false);
    const accented = new ScimAccess('jeton-privé-ünïcödé-0123');
    expect(accepted(accented, bearer('jeton-privé-ünïcödé-0123'))).toBe(true);
    expect(accepted(accented, bearer('jeton-prive-unicode-0123'))).toBe(false);
    // Same UTF-8 length, different bytes: 'é' is two bytes, as is 'ß'.
    expect(accepted(accented, bearer('jeton-privß-ünïcödé-0123'))).toBe(false);
  });

  it('a regenerated token is refused on the very next check, right after the old one was accepted', () => {
    const access = new ScimAccess('before-regenerate-0123456789');
    expect(accepted(access, bearer('before-regenerate-0123456789'))).toBe(true);
    const fresh = access.regenerate();
    expect(accepted(access, bearer('before-regenerate-0123456789'))).toBe(false);
    expect(accepted(access, bearer(fresh))).toBe(true);
  });

  it('disabling SCIM answers 403 on the very next check, right after an accepted one; enabling restores it', () => {
    const access = new ScimAccess('before-disable-0123456789');
    access.authorize(bearer('before-disable-0123456789'));
    access.setEnabled(false);
    expect(() => access.authorize(bearer('before-disable-0123456789'))).toThrow(expect.objectContaining({ status: 403 }));
    access.setEnabled(true);
    expect(accepted(access, bearer('before-disable-0123456789'))).toBe(true);
  });
});

describe('over one keep-alive connection', () => {
  it('regenerating or disabling takes effect on the next request of a connection whose last one was accepted', async () => {
    const base = new URL(t.baseUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const get = (token: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get({ host: base.hostname, port: base.port, path: `${base.pathname}/Users/${userId}`, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
          sockets.add(req.socket);
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
      });
    try {
      const old = t.provider.access.currentToken;
      expect(await get(old)).toBe(200);
      const fresh = t.provider.access.regenerate();
      expect(await get(old)).toBe(401);
      expect(await get(fresh)).toBe(200);
      t.provider.access.setEnabled(false);
      try {
        expect(await get(fresh)).toBe(403);
      } finally {
        t.provider.access.setEnabled(true);
      }
      expect(await get(fresh)).toBe(200);
      expect(sockets.size, 'every request went over the one connection').toBe(1);
    } finally {
      agent.destroy();
    }
  });
});
