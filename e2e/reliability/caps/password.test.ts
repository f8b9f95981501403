/**
 * Issue 11, finding 3: `filter=password …` was refused but `sortBy=password` ordered users by their stored
 * cleartext, so any token holder could binary-search a password. `returned: never` attributes are now neither
 * filterable nor sortable (400 invalidValue, as for an unknown sortBy: RFC 7644 §3.4.2.3 says results SHALL be
 * ordered by sortBy, so ignoring it would hand back an order the client did not ask for), and passwords are
 * stored as salted hashes (SHA-256 in memory, as here; scrypt on a durable store: provider/password-store.test.ts);
 * PUT and PATCH still set them, and nothing returns them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../../../vocabulary/constants.js';
import { create, expectScimError, patchBody, startProvider, userBody, type ScimResult, type TestProvider } from '../../../provider/test-support.js';
import { verifyPassword } from '../../../provider/types/password.js';

let t: TestProvider;
let ids: string[];
beforeAll(async () => {
  t = await startProvider();
  ids = [];
  for (const [name, password] of [['amy', 'zzzz'], ['bob', 'aaaa'], ['cat', 'mmmm']] as const) {
    ids.push((await create(t.scim, '/Users', userBody(`${name}@example.com`, { password }))).id as string);
  }
});
afterAll(() => t.close());

const stored = (id: string) => t.provider.store.get('User', id)?.data.password;

function revealsNothing(res: ScimResult): void {
  expect(res.text).not.toMatch(/"password"|\$scrypt\$|\$sha256\$|zzzz|aaaa|mmmm/i);
}

describe('sortBy on a never-returned attribute → 400 invalidValue', () => {
  it.each([
    ['GET /Users', 'GET', '/Users?sortBy=password'],
    ['GET /Users, any case', 'GET', '/Users?sortBy=PassWord&sortOrder=descending'],
    ['GET /Users, with the schema URN', 'GET', `/Users?sortBy=${encodeURIComponent(`${SCHEMA.user}:password`)}`],
    ['GET / (all resource types)', 'GET', '/?sortBy=password'],
  ])('%s', async (_, method, path) => {
    const res = await t.scim(method, path);
    expectScimError(res, 400, 'invalidValue');
    expect(res.body.detail).toContain('never returned');
    revealsNothing(res);
  });

  it.each(['/Users/.search', '/.search'])('POST %s', async (path) => {
    const res = await t.scim('POST', path, { body: { schemas: [MESSAGE.searchRequest], sortBy: 'password' } });
    expectScimError(res, 400, 'invalidValue');
    revealsNothing(res);
  });

  it('filtering on it stays refused (invalidFilter), and sorting by other attributes still works', async () => {
    expectScimError(await t.scim('GET', `/Users?filter=${encodeURIComponent('password gt "m"')}`), 400, 'invalidFilter');
    const sorted = await t.scim('GET', '/Users?sortBy=userName&sortOrder=descending');
    expect(sorted.status).toBe(200);
    expect(sorted.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['cat@example.com', 'bob@example.com', 'amy@example.com']);
    revealsNothing(sorted);
  });
});

describe('passwords are stored as salted hashes', () => {
  it('POST stores a hash of the password, not the password; two equal passwords hash differently', async () => {
    const [amy] = ids;
    expect(stored(amy!)).toMatch(/^\$sha256\$/);
    expect(verifyPassword(stored(amy!), 'zzzz')).toBe(true);
    const twin = await create(t.scim, '/Users', userBody('twin@example.com', { password: 'zzzz' }));
    expect(stored(twin.id)).not.toBe(stored(amy!));
  });

  it('PUT with a password sets it; PUT without one keeps it', async () => {
    const id = ids[1]!;
    const set = await t.scim('PUT', `/Users/${id}`, { body: userBody('bob@example.com', { password: 'new-bob', displayName: 'Bob' }) });
    expect(set.status, set.text).toBe(200);
    revealsNothing(set);
    expect(verifyPassword(stored(id), 'new-bob')).toBe(true);
    const hash = stored(id);
    const kept = await t.scim('PUT', `/Users/${id}`, { body: userBody('bob@example.com', { displayName: 'Robert' }) });
    expect(kept.status, kept.text).toBe(200);
    expect(stored(id)).toBe(hash);
  });

  it('PATCH with a path or a value object sets it; a PATCH of something else keeps it', async () => {
    const id = ids[2]!;
    const byPath = await t.scim('PATCH', `/Users/${id}`, { body: patchBody({ op: 'replace', path: 'password', value: 'by-path' }) });
    expect(byPath.status, byPath.text).toBe(200);
    revealsNothing(byPath);
    expect(verifyPassword(stored(id), 'by-path')).toBe(true);
    const byValue = await t.scim('PATCH', `/Users/${id}`, { body: patchBody({ op: 'replace', value: { password: 'by-value' } }) });
    expect(byValue.status, byValue.text).toBe(200);
    expect(verifyPassword(stored(id), 'by-value')).toBe(true);
    const hash = stored(id);
    const other = await t.scim('PATCH', `/Users/${id}`, { body: patchBody({ op: 'replace', path: 'displayName', value: 'Cat' }) });
    expect(other.status, other.text).toBe(200);
    expect(stored(id)).toBe(hash);
  });

  it('no read returns it, in any form', async () => {
    for (const path of [`/Users/${ids[0]}`, `/Users/${ids[0]}?attributes=password`, '/Users?attributes=password,userName', '/']) {
      const res = await t.scim('GET', path);
      expect(res.status, path).toBe(200);
      revealsNothing(res);
    }
  });
});
