/**
 * The `docker-hub` profile over HTTP: email userNames on verified domains, the Docker role-mapping
 * extension (`dockerRole` default `member`, `dockerOrg`, `dockerTeam`), deactivation; and `docker-hub-legacy`
 * without Groups. Teams, PUT semantics and existing accounts: provider/docker/*.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { create, expectScimError, patchBody, startProvider, storeSnapshot, userBody, type ScimCallOptions, type TestProvider } from './test-support.js';

type Json = Record<string, any>;

const DOCKER = 'urn:ietf:params:scim:schemas:extension:docker:2.0:User';

let t: TestProvider;
beforeEach(async () => {
  t = await startProvider({ profile: 'docker-hub', verifiedDomains: ['example.com'] });
});
afterEach(() => t.close());

function member(userName: string, docker?: Json, extra: Json = {}): Json {
  return {
    schemas: docker ? [SCHEMA.user, DOCKER] : [SCHEMA.user],
    userName,
    name: { givenName: 'Moby', familyName: 'Dock' },
    ...extra,
    ...(docker ? { [DOCKER]: docker } : {}),
  };
}

async function fails(method: string, path: string, options: ScimCallOptions, status: number, scimType: string | null): Promise<void> {
  const before = storeSnapshot(t.provider);
  expectScimError(await t.scim(method, path, options), status, scimType);
  expect(storeSnapshot(t.provider)).toBe(before);
}

it('this suite runs against the docker-hub profile', () => {
  expect(t.provider.profile.name).toBe('docker-hub');
});

describe('userName is an email on a verified domain', () => {
  it('an email on example.com is accepted', async () => {
    const res = await t.scim('POST', '/Users', { body: member('moby@example.com') });
    expect(res.status, res.text).toBe(201);
    expect(res.body.userName).toBe('moby@example.com');
    expect(res.body.name).toEqual({ givenName: 'Moby', familyName: 'Dock' });
  });

  it('the domain is compared case-insensitively', async () => {
    const res = await t.scim('POST', '/Users', { body: member('Moby.Dock@EXAMPLE.COM') });
    expect(res.status, res.text).toBe(201);
  });

  it('a userName that is not an email → 400 invalidValue', async () => {
    await fails('POST', '/Users', { body: member('moby') }, 400, 'invalidValue');
    await fails('POST', '/Users', { body: member('moby@') }, 400, 'invalidValue');
    await fails('POST', '/Users', { body: member('moby dock@example.com') }, 400, 'invalidValue');
  });

  it('an email on an unverified domain → 400 invalidValue', async () => {
    await fails('POST', '/Users', { body: member('moby@other.org') }, 400, 'invalidValue');
    await fails('POST', '/Users', { body: member('moby@sub.example.com') }, 400, 'invalidValue');
  });

  it('PUT and PATCH cannot move userName off the verified domain', async () => {
    const user = await create(t.scim, '/Users', member('stay@example.com'));
    await fails('PUT', `/Users/${user.id}`, { body: member('stay@other.org') }, 400, 'invalidValue');
    await fails('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'replace', path: 'userName', value: 'not-an-email' }) }, 400, 'invalidValue');
  });

  it('the email userName is unique case-insensitively → 409 uniqueness', async () => {
    await create(t.scim, '/Users', member('unique@example.com'));
    await fails('POST', '/Users', { body: member('UNIQUE@example.com') }, 409, 'uniqueness');
  });
});

describe('dockerRole', () => {
  it('defaults to member in the Docker extension', async () => {
    const res = await t.scim('POST', '/Users', { body: member('default@example.com') });
    expect(res.status, res.text).toBe(201);
    expect(res.body[DOCKER]).toEqual({ dockerRole: 'member' });
    expect(res.body.schemas).toEqual([SCHEMA.user, DOCKER]);
    const got = await t.scim('GET', `/Users/${res.body.id}`);
    expect(got.body[DOCKER]).toEqual({ dockerRole: 'member' });
  });

  it.each(['member', 'editor', 'owner'])('%s is set on create', async (role) => {
    const res = await t.scim('POST', '/Users', { body: member(`${role}@example.com`, { dockerRole: role }) });
    expect(res.status, res.text).toBe(201);
    expect(res.body[DOCKER].dockerRole).toBe(role);
    expect((await t.scim('GET', `/Users/${res.body.id}`)).body[DOCKER].dockerRole).toBe(role);
  });

  it('an unknown role (admin) → 400 invalidValue, nothing created', async () => {
    await fails('POST', '/Users', { body: member('admin@example.com', { dockerRole: 'admin' }) }, 400, 'invalidValue');
    expect(t.provider.store.count('User')).toBe(0);
  });

  it('is changed by PUT, and reset to member when PUT omits it', async () => {
    const user = await create(t.scim, '/Users', member('put@example.com', { dockerRole: 'editor' }));
    const owner = await t.scim('PUT', `/Users/${user.id}`, { body: member('put@example.com', { dockerRole: 'owner' }) });
    expect(owner.status, owner.text).toBe(200);
    expect(owner.body[DOCKER].dockerRole).toBe('owner');
    const omitted = await t.scim('PUT', `/Users/${user.id}`, { body: member('put@example.com') });
    expect(omitted.status, omitted.text).toBe(200);
    expect(omitted.body[DOCKER].dockerRole).toBe('member');
  });

  it('PUT with an unknown role → 400 invalidValue, role unchanged', async () => {
    const user = await create(t.scim, '/Users', member('putbad@example.com', { dockerRole: 'editor' }));
    await fails('PUT', `/Users/${user.id}`, { body: member('putbad@example.com', { dockerRole: 'admin' }) }, 400, 'invalidValue');
    expect((await t.scim('GET', `/Users/${user.id}`)).body[DOCKER].dockerRole).toBe('editor');
  });

  it('is changed by PATCH with the URN-qualified path', async () => {
    const user = await create(t.scim, '/Users', member('patch@example.com'));
    const res = await t.scim('PATCH', `/Users/${user.id}`, {
      body: { schemas: [MESSAGE.patchOp], Operations: [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:docker:2.0:User:dockerRole', value: 'owner' }] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body[DOCKER].dockerRole).toBe('owner');
    expect((await t.scim('GET', `/Users/${user.id}`)).body[DOCKER].dockerRole).toBe('owner');
  });

  it('PATCH to an unknown role → 400 invalidValue, role unchanged', async () => {
    const user = await create(t.scim, '/Users', member('patchbad@example.com', { dockerRole: 'editor' }));
    await fails('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'replace', path: `${DOCKER}:dockerRole`, value: 'admin' }) }, 400, 'invalidValue');
    expect((await t.scim('GET', `/Users/${user.id}`)).body[DOCKER].dockerRole).toBe('editor');
  });

  it('PATCH removing the role falls back to member', async () => {
    const user = await create(t.scim, '/Users', member('remove@example.com', { dockerRole: 'owner' }));
    const res = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'remove', path: `${DOCKER}:dockerRole` }) });
    expect(res.status, res.text).toBe(200);
    expect(res.body[DOCKER].dockerRole).toBe('member');
  });
});

describe('dockerOrg and dockerTeam', () => {
  it('are stored and returned', async () => {
    const res = await t.scim('POST', '/Users', { body: member('team@example.com', { dockerRole: 'editor', dockerOrg: 'moby', dockerTeam: 'builders' }) });
    expect(res.status, res.text).toBe(201);
    expect(res.body[DOCKER]).toEqual({ dockerRole: 'editor', dockerOrg: 'moby', dockerTeam: 'builders' });
    const got = await t.scim('GET', `/Users/${res.body.id}`);
    expect(got.body[DOCKER]).toEqual({ dockerRole: 'editor', dockerOrg: 'moby', dockerTeam: 'builders' });
    const filtered = await t.scim('GET', `/Users?filter=${encodeURIComponent(`${DOCKER}:dockerTeam eq "builders"`)}`);
    expect(filtered.status, filtered.text).toBe(200);
    expect((filtered.body.Resources as Json[]).map((r) => r.id)).toEqual([res.body.id]);
  });

  it('are changed by PATCH', async () => {
    const user = await create(t.scim, '/Users', member('org@example.com', { dockerOrg: 'moby' }));
    const res = await t.scim('PATCH', `/Users/${user.id}`, {
      body: patchBody({ op: 'replace', path: `${DOCKER}:dockerOrg`, value: 'whale' }, { op: 'add', path: `${DOCKER}:dockerTeam`, value: 'ops' }),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body[DOCKER]).toEqual({ dockerRole: 'member', dockerOrg: 'whale', dockerTeam: 'ops' });
  });
});

describe('deactivate and reactivate through PATCH active', () => {
  it('Okta body: active false then true; the user stays readable while inactive', async () => {
    const user = await create(t.scim, '/Users', member('active@example.com', undefined, { active: true }));
    const off = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'replace', value: { active: false } }) });
    expect(off.status, off.text).toBe(200);
    expect(off.body.active).toBe(false);
    const got = await t.scim('GET', `/Users/${user.id}`);
    expect(got.status).toBe(200);
    expect(got.body.active).toBe(false);
    expect(got.body[DOCKER]).toEqual({ dockerRole: 'member' });
    const on = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'replace', value: { active: true } }) });
    expect(on.status, on.text).toBe(200);
    expect(on.body.active).toBe(true);
  });

  it('Entra body: Replace active "False"', async () => {
    const user = await create(t.scim, '/Users', member('entra@example.com', { dockerRole: 'owner' }, { active: true }));
    const off = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'Replace', path: 'active', value: 'False' }) });
    expect(off.status, off.text).toBe(200);
    expect(off.body.active).toBe(false);
    expect(off.body[DOCKER].dockerRole).toBe('owner');
  });
});

describe('docker-hub-legacy: no Groups ("Group management is currently not supported", seed D5)', () => {
  let legacy: TestProvider;
  beforeEach(async () => {
    legacy = await startProvider({ profile: 'docker-hub-legacy', verifiedDomains: ['example.com'] });
  });
  afterEach(() => legacy.close());

  it('/Groups is a 404 SCIM error, also in Bulk', async () => {
    expectScimError(await legacy.scim('GET', '/Groups'), 404, null);
    expectScimError(await legacy.scim('POST', '/Groups', { body: { schemas: [SCHEMA.group], displayName: 'acme:backend' } }), 404, null);
    const res = await legacy.scim('POST', '/Bulk', {
      body: {
        schemas: [MESSAGE.bulkRequest],
        Operations: [{ method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [SCHEMA.group], displayName: 'acme:g' } }],
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.Operations[0].status).toBe('404');
    expect(res.body.Operations[0].response.schemas).toEqual([MESSAGE.error]);
  });

  it('a Group schema in a User body is an unknown schema → 400 invalidValue', async () => {
    const res = await legacy.scim('POST', '/Users', { body: userBody('g@example.com', { schemas: [SCHEMA.user, SCHEMA.group] }) });
    expectScimError(res, 400, 'invalidValue');
  });

  it('dockerTeam is stored only: there is no team to create', async () => {
    const res = await legacy.scim('POST', '/Users', { body: member('solo@example.com', { dockerTeam: 'backend' }) });
    expect(res.status, res.text).toBe(201);
    expect(res.body[DOCKER]).toEqual({ dockerRole: 'member', dockerTeam: 'backend' });
    expect(res.body.groups).toBeUndefined();
  });

  it('keeps the Docker Hub API semantics: a PUT without active deactivates', async () => {
    const user = (await legacy.scim('POST', '/Users', { body: member('legacy@example.com', undefined, { active: true }) })).body;
    const res = await legacy.scim('PUT', `/Users/${user.id}`, { body: member('legacy@example.com') });
    expect(res.status, res.text).toBe(200);
    expect(res.body.active).toBe(false);
  });
});
