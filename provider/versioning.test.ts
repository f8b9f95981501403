/**
 * RFC 7644 §3.14 over HTTP: weak ETags equal to `meta.version`, new on every write; `If-Match` guards
 * writes (412), `If-None-Match` makes reads conditional (304).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE } from '../vocabulary/constants.js';
import { create, expectScimError, groupBody, patchBody, startProvider, storeSnapshot, userBody, type ScimResult, type TestProvider } from './test-support.js';

type Json = Record<string, any>;

const WEAK_ETAG = /^W\/"[^"]+"$/;

let t: TestProvider;
beforeEach(async () => {
  t = await startProvider();
});
afterEach(() => t.close());

function etag(res: ScimResult): string {
  const value = res.headers.get('etag');
  expect(value, `ETag on ${res.status}`).toMatch(WEAK_ETAG);
  expect(res.body?.meta?.version).toBe(value);
  return value!;
}

async function newUser(userName = 'v@example.com'): Promise<{ id: string; etag: string; body: Json }> {
  const res = await t.scim('POST', '/Users', { body: userBody(userName, { displayName: 'Version One' }) });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, etag: etag(res), body: res.body };
}

describe('ETags', () => {
  it('every resource response carries a weak ETag equal to meta.version', async () => {
    const user = await newUser();
    const got = await t.scim('GET', `/Users/${user.id}`);
    expect(got.status).toBe(200);
    expect(etag(got)).toBe(user.etag);
    const put = await t.scim('PUT', `/Users/${user.id}`, { body: userBody('v@example.com', { displayName: 'Two' }) });
    expect(put.status, put.text).toBe(200);
    etag(put);
    const patched = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'replace', path: 'displayName', value: 'Three' }) });
    expect(patched.status, patched.text).toBe(200);
    etag(patched);
    const group = await t.scim('POST', '/Groups', { body: groupBody('G', [user.id]) });
    expect(group.status).toBe(201);
    etag(group);
  });

  it('list responses carry meta.version on every resource', async () => {
    await newUser('a@example.com');
    await newUser('b@example.com');
    const list = await t.scim('GET', '/Users');
    for (const r of list.body.Resources as Json[]) expect(r.meta.version).toMatch(WEAK_ETAG);
  });

  it('changes on every write (PUT, PATCH) and not on reads', async () => {
    const user = await newUser();
    const seen = new Set([user.etag]);
    const reread = await t.scim('GET', `/Users/${user.id}`);
    expect(etag(reread)).toBe(user.etag);
    const put = await t.scim('PUT', `/Users/${user.id}`, { body: userBody('v@example.com', { displayName: 'Two' }) });
    const e2 = etag(put);
    expect(seen.has(e2)).toBe(false);
    seen.add(e2);
    const patch = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'replace', path: 'displayName', value: 'Three' }) });
    const e3 = etag(patch);
    expect(seen.has(e3)).toBe(false);
    seen.add(e3);
    const patch2 = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'replace', path: 'active', value: false }) });
    expect(seen.has(etag(patch2))).toBe(false);
  });

  it('a group’s ETag changes when a member is deleted (its members changed)', async () => {
    const user = await newUser();
    const other = await newUser('other@example.com');
    const group = await create(t.scim, '/Groups', groupBody('G', [user.id, other.id]));
    expect((await t.scim('DELETE', `/Users/${user.id}`)).status).toBe(204);
    const after = await t.scim('GET', `/Groups/${group.id}`);
    expect(etag(after)).not.toBe(group.meta.version);
  });

  it('a user’s ETag changes when its group memberships (the groups attribute) change', async () => {
    const user = await newUser();
    const before = await t.scim('GET', `/Users/${user.id}`);
    expect(before.body.groups).toBeUndefined();
    await create(t.scim, '/Groups', groupBody('Joined', [user.id]));
    const after = await t.scim('GET', `/Users/${user.id}`);
    expect(after.body.groups).toHaveLength(1);
    expect(etag(after)).not.toBe(etag(before));
    // A cache holding the old representation must not be told it is still current.
    const conditional = await t.scim('GET', `/Users/${user.id}`, { headers: { 'If-None-Match': etag(before) } });
    expect(conditional.status).toBe(200);
    expect(conditional.body.groups).toHaveLength(1);
  });
});

describe('If-Match', () => {
  const stale = 'W/"999999"';

  it('PUT with a stale ETag → 412, nothing changed', async () => {
    const user = await newUser();
    const before = storeSnapshot(t.provider);
    const res = await t.scim('PUT', `/Users/${user.id}`, { body: userBody('v@example.com', { displayName: 'Lost' }), headers: { 'If-Match': stale } });
    expectScimError(res, 412, null);
    expect(storeSnapshot(t.provider)).toBe(before);
  });

  it('PATCH with a stale ETag → 412, nothing changed', async () => {
    const user = await newUser();
    const before = storeSnapshot(t.provider);
    const res = await t.scim('PATCH', `/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: 'displayName', value: 'Lost' }),
      headers: { 'If-Match': stale },
    });
    expectScimError(res, 412, null);
    expect(storeSnapshot(t.provider)).toBe(before);
  });

  it('DELETE with a stale ETag → 412, the resource is still there', async () => {
    const user = await newUser();
    const before = storeSnapshot(t.provider);
    expectScimError(await t.scim('DELETE', `/Users/${user.id}`, { headers: { 'If-Match': stale } }), 412, null);
    expect(storeSnapshot(t.provider)).toBe(before);
    expect((await t.scim('GET', `/Users/${user.id}`)).status).toBe(200);
  });

  it('the ETag of an earlier version is stale after a write', async () => {
    const user = await newUser();
    const put = await t.scim('PUT', `/Users/${user.id}`, { body: userBody('v@example.com', { displayName: 'Two' }), headers: { 'If-Match': user.etag } });
    expect(put.status, put.text).toBe(200);
    const before = storeSnapshot(t.provider);
    expectScimError(
      await t.scim('PUT', `/Users/${user.id}`, { body: userBody('v@example.com', { displayName: 'Three' }), headers: { 'If-Match': user.etag } }),
      412,
      null,
    );
    expect(storeSnapshot(t.provider)).toBe(before);
  });

  it('a matching ETag lets PUT, PATCH and DELETE through', async () => {
    const user = await newUser();
    const put = await t.scim('PUT', `/Users/${user.id}`, { body: userBody('v@example.com', { displayName: 'Two' }), headers: { 'If-Match': user.etag } });
    expect(put.status, put.text).toBe(200);
    expect(put.body.displayName).toBe('Two');
    const patch = await t.scim('PATCH', `/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: 'displayName', value: 'Three' }),
      headers: { 'If-Match': etag(put) },
    });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.body.displayName).toBe('Three');
    const del = await t.scim('DELETE', `/Users/${user.id}`, { headers: { 'If-Match': etag(patch) } });
    expect(del.status).toBe(204);
    expect((await t.scim('GET', `/Users/${user.id}`)).status).toBe(404);
  });

  it('If-Match: * and a list containing the current ETag match', async () => {
    const user = await newUser();
    const star = await t.scim('PATCH', `/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: 'displayName', value: 'Star' }),
      headers: { 'If-Match': '*' },
    });
    expect(star.status, star.text).toBe(200);
    const list = await t.scim('PATCH', `/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: 'displayName', value: 'Listed' }),
      headers: { 'If-Match': `${stale}, ${etag(star)}` },
    });
    expect(list.status, list.text).toBe(200);
  });

  it('a stale version in a Bulk operation → 412 for that operation only', async () => {
    const user = await newUser();
    const res = await t.scim('POST', '/Bulk', {
      body: {
        schemas: [MESSAGE.bulkRequest],
        Operations: [
          { method: 'PATCH', path: `/Users/${user.id}`, version: stale, data: patchBody({ op: 'replace', path: 'displayName', value: 'Lost' }) },
          { method: 'PATCH', path: `/Users/${user.id}`, version: user.etag, data: patchBody({ op: 'replace', path: 'displayName', value: 'Kept' }) },
        ],
      },
    });
    expect(res.status, res.text).toBe(200);
    const [first, second] = res.body.Operations as Json[];
    expect(first!.status).toBe('412');
    expect(first!.response.status).toBe('412');
    expect(second!.status).toBe('200');
    expect((await t.scim('GET', `/Users/${user.id}`)).body.displayName).toBe('Kept');
  });
});

describe('If-None-Match', () => {
  it('GET with the current ETag → 304 with no body and the ETag', async () => {
    const user = await newUser();
    const res = await t.scim('GET', `/Users/${user.id}`, { headers: { 'If-None-Match': user.etag } });
    expect(res.status).toBe(304);
    expect(res.text).toBe('');
    expect(res.headers.get('etag')).toBe(user.etag);
  });

  it('GET with an old ETag → 200 with the current representation', async () => {
    const user = await newUser();
    const patched = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'replace', path: 'displayName', value: 'New' }) });
    expect(patched.status, patched.text).toBe(200);
    const res = await t.scim('GET', `/Users/${user.id}`, { headers: { 'If-None-Match': user.etag } });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('New');
    expect(etag(res)).toBe(etag(patched));
  });

  it('GET with If-None-Match: * on an existing resource → 304', async () => {
    const user = await newUser();
    const res = await t.scim('GET', `/Users/${user.id}`, { headers: { 'If-None-Match': '*' } });
    expect(res.status).toBe(304);
    expect(res.text).toBe('');
  });
});
