/**
 * RFC 7644 §3.7 `/Bulk` over HTTP: the RFC's bulkId example, failOnErrors, forward and unresolvable
 * references, and the maxOperations / maxPayloadSize limits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { create, expectScimError, expectScimJson, patchBody, startProvider, storeSnapshot, userBody, type ScimResult, type TestProvider } from './test-support.js';

type Json = Record<string, any>;

let t: TestProvider;
beforeEach(async () => {
  t = await startProvider();
});
afterEach(() => t.close());

function bulk(operations: Json[], extra: Json = {}): Json {
  return { schemas: [MESSAGE.bulkRequest], ...extra, Operations: operations };
}

async function bulkOk(body: Json, provider: TestProvider = t): Promise<Json[]> {
  const res = await provider.scim('POST', '/Bulk', { body });
  expect(res.status, res.text).toBe(200);
  expectScimJson(res);
  expect(res.body.schemas).toEqual([MESSAGE.bulkResponse]);
  expect(Array.isArray(res.body.Operations)).toBe(true);
  return res.body.Operations as Json[];
}

function byBulkId(results: Json[], bulkId: string): Json {
  const found = results.find((r) => r.bulkId === bulkId);
  expect(found, `result for bulkId ${bulkId}`).toBeDefined();
  return found!;
}

/**
 * A created-resource entry: status "201", location and version as the resource's own (`unchangedSince`
 * false when a later operation of the same request changed the resource, e.g. made it a group member,
 * so its version moved on).
 */
async function expectCreatedEntry(entry: Json, endpoint: string, unchangedSince = true): Promise<Json> {
  expect(entry.method).toBe('POST');
  expect(entry.status).toBe('201');
  expect(entry.response).toBeUndefined();
  expect(entry.location).toMatch(new RegExp(`^${t.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${endpoint}/[^/]+$`));
  const got = await t.scim('GET', entry.location.slice(t.baseUrl.length));
  expect(got.status, got.text).toBe(200);
  expect(got.body.meta.location).toBe(entry.location);
  expect(entry.version).toMatch(/^W\/".+"$/);
  if (unchangedSince) expect(entry.version).toBe(got.body.meta.version);
  else expect(entry.version).not.toBe(got.body.meta.version);
  return got.body;
}

/**
 * An error entry: status as a string, with an Error `response` whose status matches. RFC 7644 §3.7.3:
 * `location` is "REQUIRED in a response, except in the event of a POST failure".
 */
function expectErrorEntry(entry: Json, status: number, scimType: string | null): void {
  expect(entry.status).toBe(String(status));
  if (entry.method === 'POST') expect(entry.location).toBeUndefined();
  else expect(entry.location).toMatch(/\/Users\/|\/Groups\//);
  expect(entry.response.schemas).toEqual([MESSAGE.error]);
  expect(entry.response.status).toBe(String(status));
  if (scimType === null) expect(entry.response.scimType).toBeUndefined();
  else expect(entry.response.scimType).toBe(scimType);
  expect(typeof entry.response.detail).toBe('string');
  expect(entry.response.detail.length).toBeGreaterThan(0);
}

describe('RFC 7644 §3.7.2 example: a group referencing new users by bulkId', () => {
  it('creates Alice and the "Tour Guides" group with Alice as member', async () => {
    const results = await bulkOk({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'qwerty',
          data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'Alice' },
        },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'ytrewq',
          data: {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
            displayName: 'Tour Guides',
            members: [{ type: 'User', value: 'bulkId:qwerty' }],
          },
        },
      ],
    });
    expect(results).toHaveLength(2);
    // Joining the group changed Alice's representation (her groups), so her version moved on.
    const alice = await expectCreatedEntry(byBulkId(results, 'qwerty'), '/Users', false);
    const group = await expectCreatedEntry(byBulkId(results, 'ytrewq'), '/Groups');
    expect(alice.userName).toBe('Alice');
    expect(group.displayName).toBe('Tour Guides');
    expect(group.members).toEqual([expect.objectContaining({ value: alice.id, type: 'User', display: 'Alice' })]);
    const aliceNow = (await t.scim('GET', `/Users/${alice.id}`)).body;
    expect(aliceNow.groups).toEqual([expect.objectContaining({ value: group.id, display: 'Tour Guides' })]);
  });

  it('several users, a group of them, and later operations on a new user by bulkId path', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'alice', data: userBody('alice@example.com') },
        { method: 'POST', path: '/Users', bulkId: 'bob', data: userBody('bob@example.com') },
        { method: 'POST', path: '/Groups', bulkId: 'team', data: { schemas: [SCHEMA.group], displayName: 'Team', members: [{ value: 'bulkId:alice' }, { value: 'bulkId:bob' }] } },
        { method: 'PUT', path: '/Users/bulkId:bob', data: userBody('bob@example.com', { displayName: 'Bob' }) },
        { method: 'PATCH', path: '/Users/bulkId:alice', data: patchBody({ op: 'replace', path: 'active', value: false }) },
      ]),
    );
    expect(results).toHaveLength(5);
    // Both are changed again by the PUT and PATCH further down the request.
    const alice = await expectCreatedEntry(byBulkId(results, 'alice'), '/Users', false);
    const bob = await expectCreatedEntry(byBulkId(results, 'bob'), '/Users', false);
    const team = await expectCreatedEntry(byBulkId(results, 'team'), '/Groups');
    expect((team.members as Json[]).map((m) => m.value)).toEqual([alice.id, bob.id]);
    const put = results[3]!;
    expect(put).toMatchObject({ method: 'PUT', status: '200', location: bob.meta.location });
    const patch = results[4]!;
    expect(patch).toMatchObject({ method: 'PATCH', status: '200', location: alice.meta.location });
    const bobNow = (await t.scim('GET', `/Users/${bob.id}`)).body;
    expect(bobNow.displayName).toBe('Bob');
    expect(put.version).toBe(bobNow.meta.version);
    expect((await t.scim('GET', `/Users/${alice.id}`)).body.active).toBe(false);
  });
});

describe('operations on existing resources', () => {
  it('PUT, PATCH and DELETE report their statuses, with version checks', async () => {
    const a = await create(t.scim, '/Users', userBody('a@example.com'));
    const b = await create(t.scim, '/Users', userBody('b@example.com'));
    const results = await bulkOk(
      bulk([
        { method: 'PUT', path: `/Users/${a.id}`, version: a.meta.version, data: userBody('a@example.com', { nickName: 'A' }) },
        { method: 'PATCH', path: `/Users/${b.id}`, data: patchBody({ op: 'add', path: 'nickName', value: 'B' }) },
        { method: 'DELETE', path: `/Users/${b.id}` },
        { method: 'DELETE', path: '/Users/does-not-exist' },
      ]),
    );
    expect(results.map((r) => [r.method, r.status])).toEqual([
      ['PUT', '200'],
      ['PATCH', '200'],
      ['DELETE', '204'],
      ['DELETE', '404'],
    ]);
    expectErrorEntry(results[3]!, 404, null);
    expect((await t.scim('GET', `/Users/${a.id}`)).body.nickName).toBe('A');
    expect((await t.scim('GET', `/Users/${b.id}`)).status).toBe(404);
  });
});

describe('failOnErrors', () => {
  it('failOnErrors: 1 stops after the first error; later operations are not run', async () => {
    await create(t.scim, '/Users', userBody('taken@example.com'));
    const results = await bulkOk(
      bulk(
        [
          { method: 'POST', path: '/Users', bulkId: 'ok', data: userBody('first@example.com') },
          { method: 'POST', path: '/Users', bulkId: 'dup', data: userBody('TAKEN@example.com') },
          { method: 'POST', path: '/Users', bulkId: 'never', data: userBody('never@example.com') },
        ],
        { failOnErrors: 1 },
      ),
    );
    expect(results.map((r) => r.bulkId)).toEqual(['ok', 'dup']);
    await expectCreatedEntry(results[0]!, '/Users');
    expectErrorEntry(results[1]!, 409, 'uniqueness');
    expect(t.provider.store.findByUserName('User', 'never@example.com')).toBeUndefined();
    expect(t.provider.store.count('User')).toBe(2);
  });

  it('without failOnErrors every operation runs, errors included', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [SCHEMA.user] } },
        { method: 'POST', path: '/Users', bulkId: 'good', data: userBody('good@example.com') },
        { method: 'POST', path: '/Users', bulkId: 'wrongType', data: userBody('w@example.com', { active: 'maybe' }) },
      ]),
    );
    expect(results).toHaveLength(3);
    expectErrorEntry(byBulkId(results, 'bad'), 400, 'invalidValue');
    await expectCreatedEntry(byBulkId(results, 'good'), '/Users');
    expectErrorEntry(byBulkId(results, 'wrongType'), 400, 'invalidValue');
    expect(t.provider.store.count('User')).toBe(1);
  });

  it('failOnErrors: 2 allows one error and stops at the second', async () => {
    const results = await bulkOk(
      bulk(
        [
          { method: 'POST', path: '/Users', bulkId: 'e1', data: { schemas: [SCHEMA.user] } },
          { method: 'POST', path: '/Users', bulkId: 'ok', data: userBody('ok@example.com') },
          { method: 'POST', path: '/Users', bulkId: 'e2', data: { schemas: [SCHEMA.user] } },
          { method: 'POST', path: '/Users', bulkId: 'never', data: userBody('never@example.com') },
        ],
        { failOnErrors: 2 },
      ),
    );
    expect(results.map((r) => r.bulkId)).toEqual(['e1', 'ok', 'e2']);
    expect(t.provider.store.count('User')).toBe(1);
  });
});

describe('bulkId references', () => {
  it('a reference to a bulkId created later in the request is resolved', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'POST', path: '/Groups', bulkId: 'group', data: { schemas: [SCHEMA.group], displayName: 'Early', members: [{ type: 'User', value: 'bulkId:late' }] } },
        { method: 'POST', path: '/Users', bulkId: 'late', data: userBody('late@example.com') },
      ]),
    );
    expect(results).toHaveLength(2);
    const user = await expectCreatedEntry(byBulkId(results, 'late'), '/Users', false);
    const group = await expectCreatedEntry(byBulkId(results, 'group'), '/Groups');
    expect((group.members as Json[]).map((m) => m.value)).toEqual([user.id]);
  });

  it('an unresolvable bulkId → an error entry for that operation, nothing created by it', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'real', data: userBody('real@example.com') },
        { method: 'POST', path: '/Groups', bulkId: 'group', data: { schemas: [SCHEMA.group], displayName: 'Ghosts', members: [{ value: 'bulkId:nobody' }] } },
      ]),
    );
    expect(results).toHaveLength(2);
    await expectCreatedEntry(byBulkId(results, 'real'), '/Users');
    const entry = byBulkId(results, 'group');
    expect(entry.method).toBe('POST');
    expectErrorEntry(entry, 409, 'invalidValue');
    expect(t.provider.store.count('Group')).toBe(0);
  });

  it('a reference to a POST that failed → an error entry', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'POST', path: '/Users', bulkId: 'broken', data: { schemas: [SCHEMA.user] } },
        { method: 'POST', path: '/Groups', bulkId: 'group', data: { schemas: [SCHEMA.group], displayName: 'G', members: [{ value: 'bulkId:broken' }] } },
      ]),
    );
    expectErrorEntry(byBulkId(results, 'broken'), 400, 'invalidValue');
    expectErrorEntry(byBulkId(results, 'group'), 409, 'invalidValue');
    expect(t.provider.store.count('Group')).toBe(0);
  });

  it('circular references (RFC 7644 §3.7.1 example) are refused with 409 entries', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'POST', path: '/Groups', bulkId: 'qwerty', data: { schemas: [SCHEMA.group], displayName: 'Group A', members: [{ type: 'Group', value: 'bulkId:ytrewq' }] } },
        { method: 'POST', path: '/Groups', bulkId: 'ytrewq', data: { schemas: [SCHEMA.group], displayName: 'Group B', members: [{ type: 'Group', value: 'bulkId:qwerty' }] } },
      ]),
    );
    expect(results).toHaveLength(2);
    for (const entry of results) expectErrorEntry(entry, 409, 'invalidValue');
    expect(t.provider.store.count('Group')).toBe(0);
  });
});

describe('order of operations (one pass over the request order, parked operations woken as they resolve)', () => {
  it('an operation waiting for a later POST runs after the rest of that pass: a DELETE further down goes first', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'PATCH', path: '/Users/bulkId:x', data: patchBody({ op: 'add', path: 'nickName', value: 'X' }) },
        { method: 'POST', path: '/Users', bulkId: 'x', data: userBody('x@example.com') },
        { method: 'DELETE', path: '/Users/bulkId:x' },
      ]),
    );
    expect(results.map((r) => [r.method, r.status])).toEqual([
      ['PATCH', '404'],
      ['POST', '201'],
      ['DELETE', '204'],
    ]);
  });

  it('an operation woken later in the request runs in the same pass, after the POST that woke it', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [SCHEMA.group], displayName: 'G', members: [{ value: 'bulkId:u' }] } },
        { method: 'POST', path: '/Users', bulkId: 'u', data: userBody('u@example.com') },
        { method: 'PATCH', path: '/Groups/bulkId:g', data: patchBody({ op: 'replace', path: 'displayName', value: 'G2' }) },
      ]),
    );
    expect(results.map((r) => r.status)).toEqual(['201', '201', '200']);
    const group = await expectCreatedEntry(byBulkId(results, 'g'), '/Groups', false);
    expect(group.displayName).toBe('G2');
  });

  it('a failed POST fails its dependants at once, naming it, even when they wait for another POST too', async () => {
    const results = await bulkOk(
      bulk([
        { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [SCHEMA.group], displayName: 'G', members: [{ value: 'bulkId:bad' }, { value: 'bulkId:good' }] } },
        { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [SCHEMA.user] } },
        { method: 'POST', path: '/Users', bulkId: 'good', data: userBody('good@example.com') },
      ]),
    );
    expectErrorEntry(byBulkId(results, 'g'), 409, 'invalidValue');
    expect(byBulkId(results, 'g').response.detail).toContain("'bad'");
    expect(byBulkId(results, 'good').status).toBe('201');
  });

  it('a POST referencing its own bulkId is circular → 409', async () => {
    const results = await bulkOk(
      bulk([{ method: 'POST', path: '/Groups', bulkId: 'self', data: { schemas: [SCHEMA.group], displayName: 'S', members: [{ type: 'Group', value: 'bulkId:self' }] } }]),
    );
    expectErrorEntry(results[0]!, 409, 'invalidValue');
    expect(t.provider.store.count('Group')).toBe(0);
  });
});

describe('request-level errors', () => {
  async function refused(provider: TestProvider, body: unknown, status: number, scimType: string | null): Promise<ScimResult> {
    const before = storeSnapshot(provider.provider);
    const res = await provider.scim('POST', '/Bulk', { body });
    expectScimError(res, status, scimType);
    expect(storeSnapshot(provider.provider)).toBe(before);
    return res;
  }

  it('more than maxOperations → 413, nothing run', async () => {
    const small = await startProvider({ limits: { maxOperations: 2 } });
    try {
      const ops = ['a', 'b', 'c'].map((n) => ({ method: 'POST', path: '/Users', bulkId: n, data: userBody(`${n}@example.com`) }));
      await refused(small, bulk(ops), 413, null);
      expect(small.provider.store.count('User')).toBe(0);
      // Exactly maxOperations is fine.
      const ok = await bulkOk(bulk(ops.slice(0, 2)), small);
      expect(ok).toHaveLength(2);
    } finally {
      await small.close();
    }
  });

  it('a body over maxPayloadSize → 413, nothing run', async () => {
    const small = await startProvider({ limits: { maxPayloadSize: 2048 } });
    try {
      const ops = Array.from({ length: 20 }, (_, i) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `u${i}`,
        data: userBody(`user${i}@example.com`, { displayName: 'x'.repeat(100) }),
      }));
      const body = bulk(ops);
      expect(JSON.stringify(body).length).toBeGreaterThan(2048);
      await refused(small, body, 413, null);
      expect(small.provider.store.count('User')).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('a body without the BulkRequest schema → 400 invalidSyntax', async () => {
    await refused(t, { Operations: [{ method: 'POST', path: '/Users', bulkId: 'x', data: userBody('x@example.com') }] }, 400, 'invalidSyntax');
  });

  it('an unknown method in an operation → 400 invalidSyntax', async () => {
    await refused(t, bulk([{ method: 'GET', path: '/Users', bulkId: 'x' }]), 400, 'invalidSyntax');
  });

  it('GET /Bulk → 405 with Allow: POST', async () => {
    const res = await t.scim('GET', '/Bulk');
    expectScimError(res, 405, null);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
