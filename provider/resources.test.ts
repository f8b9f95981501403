/**
 * RFC 7644 §3.3–3.6 over HTTP with the RFC 7643 §8 examples: create, read, replace, delete, uniqueness,
 * group membership.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { ENTERPRISE_USER, example, FULL_USER, GROUP, MINIMAL_USER } from './fixtures/rfc7643-examples.js';
import {
  create,
  expectScimError,
  expectScimJson,
  groupBody,
  startProvider,
  storeSnapshot,
  userBody,
  type ScimResult,
  type TestProvider,
} from './test-support.js';
import { verifyPassword } from './types/password.js';

type Json = Record<string, any>;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** What a client may set: the example without `id`, `meta`, `groups` (read-only) and `password` (never returned). */
function writable(resource: Json): Json {
  const { id: _id, meta: _meta, groups: _groups, password: _password, ...rest } = structuredClone(resource);
  const ext = rest[SCHEMA.enterpriseUser] as Json | undefined;
  if (ext?.manager) delete ext.manager.displayName; // readOnly sub-attribute (RFC 7643 §4.3)
  return rest;
}

let t: TestProvider;
beforeEach(async () => {
  t = await startProvider();
});
afterEach(() => t.close());

/** RFC 7644 §3.3: 201, `Location` = `meta.location`, `ETag` = `meta.version`, server-assigned `id` and `meta`. */
function expectCreated(res: ScimResult, endpoint: string, resourceType: string, before: number): void {
  expect(res.status, res.text).toBe(201);
  expectScimJson(res);
  const body = res.body;
  expect(typeof body.id).toBe('string');
  expect(body.id.length).toBeGreaterThan(0);
  expect(body.meta.location).toBe(`${t.baseUrl}${endpoint}/${body.id}`);
  expect(res.headers.get('location')).toBe(body.meta.location);
  expect(body.meta.version).toMatch(/^W\/".+"$/);
  expect(res.headers.get('etag')).toBe(body.meta.version);
  expect(body.meta.resourceType).toBe(resourceType);
  expect(body.meta.created).toMatch(ISO_DATE_TIME);
  expect(body.meta.lastModified).toMatch(ISO_DATE_TIME);
  const created = Date.parse(body.meta.created);
  expect(created).toBeGreaterThanOrEqual(before - 1000);
  expect(created).toBeLessThanOrEqual(Date.now() + 1000);
  expect(Date.parse(body.meta.lastModified)).toBeGreaterThanOrEqual(created);
}

async function getOk(path: string): Promise<ScimResult> {
  const res = await t.scim('GET', path);
  expect(res.status, res.text).toBe(200);
  expectScimJson(res);
  expect(res.headers.get('etag')).toBe(res.body.meta.version);
  return res;
}

describe('RFC 7643 §8 examples round-trip', () => {
  it('§8.1 minimal user: POST → 201 with the server id and meta; GET returns the same', async () => {
    const before = Date.now();
    const res = await t.scim('POST', '/Users', { body: example(MINIMAL_USER) });
    expectCreated(res, '/Users', 'User', before);
    expect(res.body.id).not.toBe(MINIMAL_USER.id);
    expect(res.body.meta.created).not.toBe(MINIMAL_USER.meta.created);
    expect(res.body.meta.version).not.toBe(MINIMAL_USER.meta.version);
    expect(res.body).toEqual({ ...writable(MINIMAL_USER), id: res.body.id, meta: res.body.meta });
    const got = await getOk(`/Users/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });

  it('§8.2 full user "Babs Jensen": every writable attribute comes back, password does not', async () => {
    const before = Date.now();
    const res = await t.scim('POST', '/Users', { body: example(FULL_USER) });
    expectCreated(res, '/Users', 'User', before);
    expect(res.body.id).not.toBe(FULL_USER.id);
    expect(res.body).not.toHaveProperty('password');
    // The example's `groups` are read-only and name groups that do not exist here: ignored.
    expect(res.body).not.toHaveProperty('groups');
    expect(res.body).toEqual({ ...writable(FULL_USER), id: res.body.id, meta: res.body.meta });
    const got = await getOk(`/Users/${res.body.id}`);
    expect(got.body).toEqual(res.body);
    expect(got.body).not.toHaveProperty('password');
  });

  it('§8.3 enterprise user: the extension round-trips (manager.displayName is read-only)', async () => {
    const before = Date.now();
    const res = await t.scim('POST', '/Users', { body: example(ENTERPRISE_USER) });
    expectCreated(res, '/Users', 'User', before);
    expect(res.body.schemas).toEqual([SCHEMA.user, SCHEMA.enterpriseUser]);
    expect(res.body[SCHEMA.enterpriseUser]).toEqual({
      employeeNumber: '701984',
      costCenter: '4130',
      organization: 'Universal Studios',
      division: 'Theme Park',
      department: 'Tour Operations',
      manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d' },
    });
    expect(res.body).toEqual({ ...writable(ENTERPRISE_USER), id: res.body.id, meta: res.body.meta });
    const got = await getOk(`/Users/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });

  it('§8.4 group "Tour Guides": members (value, $ref, display) round-trip with their type', async () => {
    const babs = await create(t.scim, '/Users', example(FULL_USER));
    const mandy = await create(t.scim, '/Users', userBody('mandy@example.com', { displayName: 'Mandy Pepperidge' }));
    const body = example(GROUP);
    body.members = [
      { value: babs.id, $ref: babs.meta.location, display: 'Babs Jensen' },
      { value: mandy.id, $ref: mandy.meta.location, display: 'Mandy Pepperidge' },
    ];
    const before = Date.now();
    const res = await t.scim('POST', '/Groups', { body });
    expectCreated(res, '/Groups', 'Group', before);
    expect(res.body.id).not.toBe(GROUP.id);
    expect(res.body.schemas).toEqual([SCHEMA.group]);
    expect(res.body.displayName).toBe('Tour Guides');
    expect(res.body.members).toEqual([
      { value: babs.id, $ref: babs.meta.location, display: 'Babs Jensen', type: 'User' },
      { value: mandy.id, $ref: mandy.meta.location, display: 'Mandy Pepperidge', type: 'User' },
    ]);
    const got = await getOk(`/Groups/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });
});

describe('create and read', () => {
  it('password is never returned: not by POST, GET, list, nor when asked for', async () => {
    const created = await t.scim('POST', '/Users', { body: example(FULL_USER) });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain('t1meMa$heen');
    const id = created.body.id;
    for (const path of [`/Users/${id}`, `/Users/${id}?attributes=password`, '/Users', '/Users?attributes=password,userName']) {
      const res = await t.scim('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain('t1meMa$heen');
      expect(res.text, path).not.toContain('"password"');
    }
    // It was stored, though (writeOnly, not dropped), as a salted hash rather than the cleartext (SHA-256 in
    // memory; provider/password-store.test.ts pins scrypt on a durable store).
    const stored = t.provider.store.get('User', id)?.data.password;
    expect(stored).toMatch(/^\$sha256\$/);
    expect(verifyPassword(stored, 't1meMa$heen')).toBe(true);
  });

  it('GET /Users lists created users as a ListResponse', async () => {
    const a = await create(t.scim, '/Users', userBody('a@example.com'));
    const b = await create(t.scim, '/Users', userBody('b@example.com'));
    const res = await t.scim('GET', '/Users');
    expect(res.status).toBe(200);
    expectScimJson(res);
    expect(res.body.schemas).toEqual([MESSAGE.listResponse]);
    expect(res.body.totalResults).toBe(2);
    expect(res.body.itemsPerPage).toBe(2);
    expect(res.body.startIndex).toBe(1);
    expect((res.body.Resources as Json[]).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect((res.body.Resources as Json[]).find((r) => r.id === a.id)).toEqual(a);
  });

  it('GET of an unknown id is a 404 SCIM error', async () => {
    expectScimError(await t.scim('GET', '/Users/2819c223-7f76-453a-919d-413861904646'), 404, null);
    expectScimError(await t.scim('GET', '/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a'), 404, null);
  });

  it('readOnly id, meta and groups in a POST body are ignored (Okta sends groups: [], Entra meta)', async () => {
    const res = await t.scim('POST', '/Users', {
      body: userBody('ro@example.com', { id: 'client-chosen', groups: [], meta: { resourceType: 'Group', created: '2000-01-01T00:00:00Z' } }),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.groups).toBeUndefined();
    expect(res.body.id).not.toBe('client-chosen');
    expect(res.body.meta.resourceType).toBe('User');
    expect(res.body.meta.created).not.toBe('2000-01-01T00:00:00Z');
  });
});

describe('PUT replaces', () => {
  it('omitted attributes are cleared, readOnly meta and groups in the body are ignored', async () => {
    const created = await create(t.scim, '/Users', example(FULL_USER));
    const body = example(FULL_USER) as Json;
    body.id = created.id;
    delete body.nickName;
    delete body.phoneNumbers;
    body.displayName = 'Barbara Jensen';
    body.meta = { resourceType: 'Group', created: '2000-01-01T00:00:00Z', version: 'W/"bogus"' };
    const res = await t.scim('PUT', `/Users/${created.id}`, { body });
    expect(res.status, res.text).toBe(200);
    expectScimJson(res);
    expect(res.body.id).toBe(created.id);
    expect(res.body.displayName).toBe('Barbara Jensen');
    expect(res.body).not.toHaveProperty('nickName');
    expect(res.body).not.toHaveProperty('phoneNumbers');
    expect(res.body).not.toHaveProperty('groups');
    expect(res.body).not.toHaveProperty('password');
    expect(res.body.meta.resourceType).toBe('User');
    expect(res.body.meta.created).toBe(created.meta.created);
    expect(res.body.meta.location).toBe(created.meta.location);
    expect(res.body.meta.version).not.toBe(created.meta.version);
    expect(res.body.meta.version).not.toBe('W/"bogus"');
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
    expect(Date.parse(res.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(created.meta.lastModified));
    const expected = writable(FULL_USER);
    delete expected.nickName;
    delete expected.phoneNumbers;
    expected.displayName = 'Barbara Jensen';
    expect(res.body).toEqual({ ...expected, id: created.id, meta: res.body.meta });
    expect((await getOk(`/Users/${created.id}`)).body).toEqual(res.body);
  });

  it('a different id in the body is readOnly and ignored (RFC 7644 §3.5.1)', async () => {
    const created = await create(t.scim, '/Users', userBody('bjensen@example.com'));
    // The example's own id, as a client that copied it would send it.
    const res = await t.scim('PUT', `/Users/${created.id}`, { body: example(MINIMAL_USER) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.id).toBe(created.id);
    expectScimError(await t.scim('GET', `/Users/${MINIMAL_USER.id}`), 404, null);
  });

  it('PUT of an unknown id is a 404 SCIM error and creates nothing', async () => {
    const before = storeSnapshot(t.provider);
    expectScimError(await t.scim('PUT', '/Users/does-not-exist', { body: userBody('x@example.com') }), 404, null);
    expect(storeSnapshot(t.provider)).toBe(before);
  });

  it('PUT without the required userName is 400 invalidValue and changes nothing', async () => {
    const created = await create(t.scim, '/Users', userBody('keep@example.com', { displayName: 'Keep' }));
    const before = storeSnapshot(t.provider);
    expectScimError(await t.scim('PUT', `/Users/${created.id}`, { body: { schemas: [SCHEMA.user], displayName: 'Lost' } }), 400, 'invalidValue');
    expect(storeSnapshot(t.provider)).toBe(before);
    expect((await getOk(`/Users/${created.id}`)).body).toEqual(created);
  });

  it('PUT replaces a group, members included', async () => {
    const a = await create(t.scim, '/Users', userBody('a@example.com'));
    const b = await create(t.scim, '/Users', userBody('b@example.com'));
    const group = await create(t.scim, '/Groups', groupBody('Team', [a.id]));
    const res = await t.scim('PUT', `/Groups/${group.id}`, { body: groupBody('Team 2', [b.id]) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.displayName).toBe('Team 2');
    expect((res.body.members as Json[]).map((m) => m.value)).toEqual([b.id]);
    expect((await getOk(`/Users/${a.id}`)).body.groups).toBeUndefined();
    expect((await getOk(`/Users/${b.id}`)).body.groups).toEqual([expect.objectContaining({ value: group.id, display: 'Team 2', type: 'direct' })]);
  });
});

describe('DELETE', () => {
  it('→ 204 with no body, then GET → 404 and the user is gone from lists', async () => {
    const created = await create(t.scim, '/Users', userBody('gone@example.com'));
    const res = await t.scim('DELETE', `/Users/${created.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectScimError(await t.scim('GET', `/Users/${created.id}`), 404, null);
    expectScimError(await t.scim('DELETE', `/Users/${created.id}`), 404, null);
    const list = await t.scim('GET', '/Users');
    expect(list.body.totalResults).toBe(0);
    expect(t.provider.store.count('User')).toBe(0);
  });

  it('the userName of a deleted user can be used again', async () => {
    const first = await create(t.scim, '/Users', userBody('reuse@example.com'));
    expect((await t.scim('DELETE', `/Users/${first.id}`)).status).toBe(204);
    const second = await create(t.scim, '/Users', userBody('reuse@example.com'));
    expect(second.id).not.toBe(first.id);
  });
});

describe('userName uniqueness (case-insensitive)', () => {
  it('POST with a userName differing only in case → 409 uniqueness, nothing created', async () => {
    await create(t.scim, '/Users', example(MINIMAL_USER));
    const before = storeSnapshot(t.provider);
    expectScimError(await t.scim('POST', '/Users', { body: userBody('BJensen@Example.COM') }), 409, 'uniqueness');
    expect(storeSnapshot(t.provider)).toBe(before);
    expect(t.provider.store.count('User')).toBe(1);
  });

  it('PUT onto another user’s userName → 409 uniqueness, nothing changed', async () => {
    await create(t.scim, '/Users', userBody('taken@example.com'));
    const other = await create(t.scim, '/Users', userBody('other@example.com'));
    const before = storeSnapshot(t.provider);
    expectScimError(await t.scim('PUT', `/Users/${other.id}`, { body: userBody('TAKEN@example.com') }), 409, 'uniqueness');
    expect(storeSnapshot(t.provider)).toBe(before);
  });

  it('a user may change the case of its own userName', async () => {
    const user = await create(t.scim, '/Users', userBody('self@example.com'));
    const res = await t.scim('PUT', `/Users/${user.id}`, { body: userBody('Self@Example.com') });
    expect(res.status, res.text).toBe(200);
    expect(res.body.userName).toBe('Self@Example.com');
  });
});

describe('groups and memberships', () => {
  it('members get their display and type; the User’s groups reflects the membership', async () => {
    const babs = await create(t.scim, '/Users', example(FULL_USER));
    const mandy = await create(t.scim, '/Users', userBody('mandy@example.com', { displayName: 'Mandy Pepperidge' }));
    const group = await create(t.scim, '/Groups', groupBody('Tour Guides', [babs.id, mandy.id]));
    expect(group.members).toHaveLength(2);
    expect(group.members[0]).toMatchObject({ value: babs.id, display: 'Babs Jensen', type: 'User' });
    expect(group.members[1]).toMatchObject({ value: mandy.id, display: 'Mandy Pepperidge', type: 'User' });
    const user = (await getOk(`/Users/${babs.id}`)).body;
    expect(user.groups).toHaveLength(1);
    expect(user.groups[0]).toMatchObject({ value: group.id, display: 'Tour Guides', type: 'direct' });
  });

  it('a group can be a member of a group (type Group)', async () => {
    const inner = await create(t.scim, '/Groups', groupBody('Inner'));
    const outer = await create(t.scim, '/Groups', groupBody('Outer', [inner.id]));
    expect(outer.members).toEqual([expect.objectContaining({ value: inner.id, type: 'Group', display: 'Inner' })]);
  });

  it('deleting a user removes it from every group', async () => {
    const babs = await create(t.scim, '/Users', userBody('babs@example.com'));
    const mandy = await create(t.scim, '/Users', userBody('mandy@example.com'));
    const g1 = await create(t.scim, '/Groups', groupBody('One', [babs.id, mandy.id]));
    const g2 = await create(t.scim, '/Groups', groupBody('Two', [babs.id]));
    expect((await t.scim('DELETE', `/Users/${babs.id}`)).status).toBe(204);
    const one = (await getOk(`/Groups/${g1.id}`)).body;
    expect((one.members as Json[]).map((m) => m.value)).toEqual([mandy.id]);
    const two = (await getOk(`/Groups/${g2.id}`)).body;
    expect(two.members ?? []).toEqual([]);
    const filtered = await t.scim('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${babs.id}"`)}`);
    expect(filtered.status, filtered.text).toBe(200);
    expect(filtered.body.totalResults).toBe(0);
  });

  it('deleting a group removes it from its members’ groups', async () => {
    const user = await create(t.scim, '/Users', userBody('member@example.com'));
    const group = await create(t.scim, '/Groups', groupBody('Short-lived', [user.id]));
    expect((await getOk(`/Users/${user.id}`)).body.groups).toHaveLength(1);
    expect((await t.scim('DELETE', `/Groups/${group.id}`)).status).toBe(204);
    expect((await getOk(`/Users/${user.id}`)).body.groups).toBeUndefined();
  });

  it('an unknown member id → 400 invalidValue, no group created', async () => {
    const user = await create(t.scim, '/Users', userBody('real@example.com'));
    const before = storeSnapshot(t.provider);
    expectScimError(await t.scim('POST', '/Groups', { body: groupBody('Ghosts', [user.id, '902c246b-6245-4190-8e05-00816be7344a']) }), 400, 'invalidValue');
    expect(storeSnapshot(t.provider)).toBe(before);
    expect(t.provider.store.count('Group')).toBe(0);
  });

  it('a member whose type contradicts what it is → 400 invalidValue, nothing changed', async () => {
    const user = await create(t.scim, '/Users', userBody('typed@example.com'));
    const before = storeSnapshot(t.provider);
    const body = groupBody('Typed', [], { members: [{ value: user.id, type: 'Group' }] });
    expectScimError(await t.scim('POST', '/Groups', { body }), 400, 'invalidValue');
    expect(storeSnapshot(t.provider)).toBe(before);
  });

  it('Group displayName is required → 400 invalidValue', async () => {
    const before = storeSnapshot(t.provider);
    expectScimError(await t.scim('POST', '/Groups', { body: { schemas: [SCHEMA.group] } }), 400, 'invalidValue');
    expect(storeSnapshot(t.provider)).toBe(before);
  });
});
