import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import type { DirectorySpec } from './directory.js';
import { oktaProfile } from './okta.js';
import type { IdpAction } from './profile.js';
import { DOCKER_HUB, idpHarness, type IdpHarness, type SentRequest } from './test-support.js';

const GET_HEADERS = {
  accept: 'application/scim+json',
  'accept-charset': 'utf-8',
  authorization: 'Bearer idp-test-token',
  'user-agent': 'Okta SCIM Client 1.0.0',
};
const BODY_HEADERS = { ...GET_HEADERS, 'content-type': 'application/scim+json; charset=utf-8' };
const PATCH_OP = MESSAGE.patchOp;

/** A request as the test compares it: path below the base URL with its query string exactly as sent. */
function wire(r: SentRequest): { method: string; path: string; headers: Record<string, string>; body: unknown } {
  return { method: r.method, path: r.url.pathname.replace(/^\/scim\/v2/, '') + r.url.search, headers: r.headers, body: r.body };
}

const get = (path: string) => ({ method: 'GET', path, headers: GET_HEADERS, body: undefined });
const send = (method: string, path: string, body: unknown) => ({ method, path, headers: BODY_HEADERS, body });
const lookup = (userName: string) => get(`/Users?filter=userName%20eq%20%22${encodeURIComponent(userName)}%22&startIndex=1&count=100`);

let harness: IdpHarness | undefined;
afterEach(() => {
  harness?.close();
  harness = undefined;
});

function setup(options: Parameters<typeof idpHarness>[0] = {}): IdpHarness {
  harness = idpHarness(options);
  return harness;
}

function perform(h: IdpHarness, action: IdpAction) {
  return oktaProfile.perform(action, h.ctx);
}

/** The stored users (the provider's own view, no traffic). */
function storedUsers(h: IdpHarness): Record<string, unknown>[] {
  return [...h.provider.store.all('User')].map((r) => r.data);
}

function stored(h: IdpHarness, id: string): Record<string, unknown> {
  const found = h.provider.store.get('User', id);
  if (!found) throw new Error(`no user ${id}`);
  return found.data;
}

/** Creates a user at the target behind Okta's back (another admin, an earlier integration). */
async function seedUser(h: IdpHarness, body: Record<string, unknown>): Promise<string> {
  const exchange = await h.ctx.http.send({ method: 'POST', path: '/Users', body: { schemas: [SCHEMA.user], ...body } }, 'create', 'seed');
  h.take();
  return (exchange.responseJson as { id: string }).id;
}

function scimError(status: number, extra: Record<string, string> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ schemas: [MESSAGE.error], status: String(status), ...extra }), {
    status,
    headers: { 'Content-Type': 'application/scim+json', ...headers },
  });
}

function isPath(request: Request, method: string, pattern: RegExp): boolean {
  return request.method === method && pattern.test(new URL(request.url).pathname.replace(/^\/scim\/v2/, ''));
}

const ZOE: Partial<DirectorySpec> = {
  users: 2,
  overrides: { user1: { givenName: 'Zoé', familyName: 'Moreau', displayName: 'Zoé Moreau', email: 'zoe.moreau@example.com', userName: 'zoe.moreau@example.com' } },
};

const zoeBody = {
  schemas: [SCHEMA.user],
  userName: 'zoe.moreau@example.com',
  name: { givenName: 'Zoé', familyName: 'Moreau' },
  emails: [{ primary: true, value: 'zoe.moreau@example.com', type: 'work' }],
  displayName: 'Zoé Moreau',
  active: true,
};

/** Okta's create adds a generated password and `groups: []` to the mapped user (S1). */
const OKTA_PASSWORD = expect.stringMatching(/^[\w-]{20}aA1!$/);
const zoeCreate = { ...zoeBody, password: OKTA_PASSWORD, groups: [] };

describe('Okta profile: settings', () => {
  it('documents every setting it understands', () => {
    expect(Object.keys(oktaProfile.settings).sort()).toEqual(
      ['deactivateMethod', 'mappings.docker', 'mappings.externalId', 'mappings.locale', 'provisioning.createUsers', 'provisioning.deactivateUsers', 'provisioning.updateAttributes', 'pushGroups', 'updateMethod'].sort(),
    );
  });

  it('refuses settings it does not know, sending nothing', async () => {
    const h = setup({ settings: { updateMethod: 'post', provisioning: { pushUsers: true } } });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages).toEqual(["Okta settings: unknown setting 'provisioning.pushUsers'; updateMethod must be 'put' or 'patch'."]);
    expect(h.take()).toEqual([]);
  });
});

describe('Okta profile: Test Connector Configuration', () => {
  it('lists /Users with startIndex=1&count=2 and Okta headers (no Content-Type without a body)', async () => {
    const h = setup({});
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([get('/Users?startIndex=1&count=2')]);
  });

  it('also lists /Groups?startIndex=1&count=100 with pushGroups', async () => {
    const h = setup({ settings: { pushGroups: true } });
    expect((await perform(h, { kind: 'testConnection' })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([get('/Users?startIndex=1&count=2'), get('/Groups?startIndex=1&count=100')]);
  });

  it('fails when the ListResponse lacks numeric paging fields', async () => {
    const h = setup({
      intercept: (request) =>
        isPath(request, 'GET', /^\/Users$/)
          ? new Response(JSON.stringify({ schemas: [MESSAGE.listResponse], totalResults: '0', Resources: [] }), { status: 200, headers: { 'Content-Type': 'application/scim+json' } })
          : undefined,
    });
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages.join(' ')).toMatch(/lacks numeric totalResults, startIndex, itemsPerPage/);
  });

  it('fails on a non-200 answer', async () => {
    const h = setup({ intercept: (request) => (isPath(request, 'GET', /^\/Users$/) ? scimError(401) : undefined) });
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/HTTP 401/);
  });
});

describe('Okta profile: Push New Users (assign)', () => {
  it('looks the login up (URL-encoded, spaces as %20) then POSTs the mapped user', async () => {
    const h = setup({ directory: ZOE });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent[0]!.url.search).toBe('?filter=userName%20eq%20%22zoe.moreau%40example.com%22&startIndex=1&count=100');
    expect(sent.map(wire)).toEqual([lookup('zoe.moreau@example.com'), send('POST', '/Users', zoeCreate)]);
    const id = h.state.provisioned.get('user1')!;
    expect(stored(h, id)).toMatchObject({ userName: 'zoe.moreau@example.com', active: true, name: { familyName: 'Moreau' } });
    expect(h.state.assigned.has('user1')).toBe(true);
    expect(outcome.messages).toEqual([`Okta created user1 (id ${id}).`]);
  });

  it('sends a password and groups: [] on create (S1), the same password for the same user, never read back', async () => {
    const h = setup({ directory: { users: 2 } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
    const [first, second] = h.take().filter((r) => r.method === 'POST').map((r) => r.body as { password: string; groups: unknown });
    expect(first).toMatchObject({ password: OKTA_PASSWORD, groups: [] });
    expect(first!.password).not.toBe(second!.password);
    const again = setup({ directory: { users: 2 } });
    await perform(again, { kind: 'assign', users: ['user1'] });
    expect((again.take().find((r) => r.method === 'POST')!.body as { password: string }).password).toBe(first!.password);
    expect(oktaProfile.mappedUser!('user1', again.ctx)).not.toHaveProperty('password');
    const read = await again.ctx.http.send({ method: 'GET', path: `/Users/${again.state.provisioned.get('user1')!}` }, 'read', 'read back');
    expect(read.responseJson).toMatchObject({ userName: again.directory.get('user1').userName });
    expect(read.responseJson).not.toHaveProperty('password');
  });

  it('sends the Docker extension only for users with role mapping', async () => {
    const h = setup({ directory: { users: 2, roles: { user1: 'editor' } }, provider: DOCKER_HUB });
    h.directory.update('user1', { dockerOrg: 'moby', dockerTeam: 'core' });
    await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
    const posts = h.take().filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.body).toMatchObject({
      schemas: [SCHEMA.user, SCHEMA.dockerUser],
      [SCHEMA.dockerUser]: { dockerRole: 'editor', dockerOrg: 'moby', dockerTeam: 'core' },
    });
    expect(posts[1]!.body).not.toHaveProperty([SCHEMA.dockerUser]);
    expect((posts[1]!.body as { schemas: string[] }).schemas).toEqual([SCHEMA.user]);
    expect(stored(h, h.state.provisioned.get('user1')!)[SCHEMA.dockerUser]).toMatchObject({ dockerRole: 'editor' });
  });

  it('maps externalId and locale when asked, and no Docker extension with mappings.docker off', async () => {
    const h = setup({ directory: { users: 1, roles: { user1: 'owner' } }, settings: { mappings: { docker: false, externalId: true, locale: true } } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const user = h.directory.get('user1');
    const post = h.take().find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      schemas: [SCHEMA.user],
      userName: user.userName,
      name: { givenName: user.givenName, familyName: user.familyName },
      emails: [{ primary: true, value: user.email, type: 'work' }],
      displayName: user.displayName,
      active: true,
      externalId: user.externalId,
      locale: 'en-US',
      password: OKTA_PASSWORD,
      groups: [],
    });
  });

  it('links an existing user found by userName (any case) instead of creating it', async () => {
    const h = setup({ directory: ZOE });
    const existing = await seedUser(h, { userName: 'Zoe.Moreau@Example.com', displayName: 'Set elsewhere', active: true });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([lookup('zoe.moreau@example.com')]);
    expect(h.state.provisioned.get('user1')).toBe(existing);
    expect(outcome.messages[0]).toBe(`Okta linked the existing user user1 (id ${existing}) instead of creating it.`);
    expect(storedUsers(h)).toHaveLength(1);
    expect(stored(h, existing).displayName).toBe('Set elsewhere');
  });

  it('reactivates an inactive existing user with a PUT of the whole user (updateMethod put)', async () => {
    const h = setup({ directory: ZOE });
    const existing = await seedUser(h, { userName: 'zoe.moreau@example.com', title: 'Kept by the PUT', active: false });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take().map(wire);
    expect(sent.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual(['GET /Users', `GET /Users/${existing}`, `PUT /Users/${existing}`]);
    expect(sent[2]).toEqual(send('PUT', `/Users/${existing}`, { ...zoeBody, id: existing, title: 'Kept by the PUT' }));
    expect(stored(h, existing)).toMatchObject({ active: true, title: 'Kept by the PUT', displayName: 'Zoé Moreau' });
    expect(h.state.deactivated.has('user1')).toBe(false);
  });

  it('reactivates an inactive existing user with a path-less PATCH (updateMethod patch)', async () => {
    const h = setup({ directory: ZOE, settings: { updateMethod: 'patch' } });
    const existing = await seedUser(h, { userName: 'zoe.moreau@example.com', active: false });
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      lookup('zoe.moreau@example.com'),
      send('PATCH', `/Users/${existing}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] }),
    ]);
    expect(stored(h, existing).active).toBe(true);
  });

  it('reads a 404 to the userName lookup as "no match" and creates (S1, audit O-4); a 500 still fails the push', async () => {
    const lookup = (status: number) => (request: Request) => (isPath(request, 'GET', /^\/Users$/) && new URL(request.url).searchParams.has('filter') ? scimError(status) : undefined);
    const h = setup({ directory: ZOE, intercept: lookup(404) });
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(h.state.provisioned.has('user1')).toBe(true);
    h.close();

    const broken = setup({ directory: ZOE, intercept: lookup(500) });
    const outcome = await perform(broken, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(broken.take().map((r) => r.method)).toEqual(['GET']);
    expect(broken.state.adminTasks[0]).toMatch(/the userName lookup answered HTTP 500/);
  });

  it('fails the push on 409 (admin task) and does not retry', async () => {
    // A target whose lookup misses the existing user: Okta POSTs and gets the 409.
    const h = setup({
      directory: ZOE,
      intercept: (request) =>
        isPath(request, 'GET', /^\/Users$/) && new URL(request.url).searchParams.has('filter')
          ? new Response(JSON.stringify({ schemas: [MESSAGE.listResponse], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }), { status: 200, headers: { 'Content-Type': 'application/scim+json' } })
          : undefined,
    });
    await seedUser(h, { userName: 'zoe.moreau@example.com' });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(h.state.adminTasks).toHaveLength(1);
    expect(h.state.adminTasks[0]).toMatch(/user1 .* failed: POST \/Users answered HTTP 409 \(uniqueness/);
    expect(h.state.provisioned.has('user1')).toBe(false);
  });

  it('waits out a 429 with Retry-After and retries: exactly two POSTs', async () => {
    let posts = 0;
    const h = setup({
      directory: ZOE,
      intercept: (request) => (isPath(request, 'POST', /^\/Users$/) && ++posts === 1 ? scimError(429, {}, { 'Retry-After': '1' }) : undefined),
    });
    const waits: number[] = [];
    h.ctx.http.sleep = async (ms) => {
      waits.push(ms);
    };
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent.map(wire)).toEqual([lookup('zoe.moreau@example.com'), send('POST', '/Users', zoeCreate), send('POST', '/Users', zoeCreate)]);
    expect(waits).toEqual([1000]);
    expect(storedUsers(h)).toHaveLength(1);
    expect(h.state.adminTasks).toEqual([]);
  });

  it('gives up after five 429s and records an admin task', async () => {
    const h = setup({ intercept: (request) => (isPath(request, 'POST', /^\/Users$/) ? scimError(429, {}, { 'Retry-After': '0' }) : undefined) });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().filter((r) => r.method === 'POST')).toHaveLength(5);
    expect(h.state.adminTasks).toHaveLength(1);
  });

  it('never retries a 400: exactly one request, the push fails', async () => {
    const h = setup({ directory: ZOE, intercept: (request) => (isPath(request, 'POST', /^\/Users$/) ? scimError(400, { scimType: 'invalidValue', detail: 'no' }) : undefined) });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(h.state.adminTasks[0]).toMatch(/HTTP 400 \(invalidValue: no\)/);
  });

  it('fails when the lookup fails, without POSTing', async () => {
    const h = setup({ intercept: (request) => (isPath(request, 'GET', /^\/Users$/) ? scimError(400, { scimType: 'invalidFilter' }) : undefined) });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['GET']);
    expect(h.state.adminTasks).toHaveLength(1);
  });

  it('fails when the create answers 200 instead of 201', async () => {
    const h = setup({ provider: { defect: 'create-200' } });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/answered HTTP 200; Okta expects 201 with an id/);
  });

  it('sends nothing for a user already provisioned and active', async () => {
    const h = setup({});
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
    expect(h.take()).toEqual([]);
  });
});

describe('Okta profile: Push Profile Updates (update)', () => {
  it('put: GET /Users/{id} then PUT of the whole user with active:true', async () => {
    const h = setup({ directory: ZOE });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    h.directory.update('user1', { familyName: 'Durand' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Durand' } });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      get(`/Users/${id}`),
      send('PUT', `/Users/${id}`, { ...zoeBody, id, name: { givenName: 'Zoé', familyName: 'Durand' }, displayName: 'Zoé Durand' }),
    ]);
    expect(stored(h, id)).toMatchObject({ name: { familyName: 'Durand' }, displayName: 'Zoé Durand', active: true });
  });

  it('put: keeps what the target holds beyond the mappings, and clears a mapped attribute Okta no longer has', async () => {
    const h = setup({ directory: { users: 1, roles: { user1: 'owner' } }, provider: DOCKER_HUB });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    await h.ctx.http.send({ method: 'PATCH', path: `/Users/${id}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'title', value: 'CTO' }] } }, 'patch', 'seed');
    h.take();
    h.directory.update('user1', { dockerRole: null });
    await perform(h, { kind: 'update', user: 'user1', set: { dockerRole: null } });
    const put = h.take().find((r) => r.method === 'PUT')!;
    expect(put.body).toMatchObject({ title: 'CTO', schemas: [SCHEMA.user] });
    expect(put.body).not.toHaveProperty([SCHEMA.dockerUser]);
  });

  it('patch: a path-less replace with only the changed attributes', async () => {
    const h = setup({ directory: ZOE, settings: { updateMethod: 'patch' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    h.directory.update('user1', { familyName: 'Durand' });
    expect((await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Durand' } })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { name: { familyName: 'Durand' }, displayName: 'Zoé Durand' } }] }),
    ]);
    expect(stored(h, id)).toMatchObject({ name: { givenName: 'Zoé', familyName: 'Durand' }, displayName: 'Zoé Durand', active: true });
  });

  it('patch: the email and the Docker role travel in the same value; a cleared attribute is a remove with a path', async () => {
    const h = setup({ directory: { ...ZOE, roles: { user1: 'member' } }, settings: { updateMethod: 'patch' }, provider: DOCKER_HUB });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    h.directory.update('user1', { email: 'zoe@example.com', dockerRole: 'owner' });
    await perform(h, { kind: 'update', user: 'user1', set: { email: 'zoe@example.com', dockerRole: 'owner' } });
    expect(h.take().map((r) => r.body)).toEqual([
      // The directory's userName follows the email, so the login changes with it.
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { userName: 'zoe@example.com', emails: [{ primary: true, value: 'zoe@example.com', type: 'work' }], [SCHEMA.dockerUser]: { dockerRole: 'owner' } } }] },
    ]);
    h.directory.update('user1', { dockerRole: null });
    await perform(h, { kind: 'update', user: 'user1', set: { dockerRole: null } });
    expect(h.take().map((r) => r.body)).toEqual([{ schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `${SCHEMA.dockerUser}:dockerRole` }] }]);
    // Docker Hub: a user whose role mapping is removed falls back to the default role.
    expect(stored(h, id)[SCHEMA.dockerUser]).toEqual({ dockerRole: 'member' });
  });

  it('sends nothing when no mapped attribute changed', async () => {
    const h = setup({});
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    h.directory.update('user1', { department: 'Finance' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { department: 'Finance' } });
    expect(outcome).toEqual({ ok: true, messages: ['No mapped attribute of user1 changed; Okta sends nothing.'] });
    expect(h.take()).toEqual([]);
  });

  it('patch on a linked user: sends what the edit touched', async () => {
    const h = setup({ directory: ZOE, settings: { updateMethod: 'patch' } });
    const existing = await seedUser(h, { userName: 'zoe.moreau@example.com' });
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    h.directory.update('user1', { givenName: 'Zoe' });
    await perform(h, { kind: 'update', user: 'user1', set: { givenName: 'Zoe' } });
    expect(h.take().map(wire)).toEqual([
      send('PATCH', `/Users/${existing}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { name: { givenName: 'Zoe' }, displayName: 'Zoe Moreau' } }] }),
    ]);
  });

  it('put: a 404 on the GET fails the push with an admin task, and nothing is recreated', async () => {
    const h = setup({});
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    await h.ctx.http.send({ method: 'DELETE', path: `/Users/${id}` }, 'delete', 'seed');
    h.take();
    h.directory.update('user1', { familyName: 'Gone' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Gone' } });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => `${r.method} ${r.url.pathname}`)).toEqual([`GET /scim/v2/Users/${id}`]);
    expect(h.state.adminTasks).toHaveLength(1);
    expect(h.state.adminTasks[0]).toMatch(new RegExp(`^Updating user1 \\(id ${id}\\) failed: GET /Users/${id} answered HTTP 404.*; the user is gone from the app\\.$`));
    expect(storedUsers(h)).toHaveLength(0);
  });

  it('patch: a 404 fails the push with an admin task', async () => {
    const h = setup({ settings: { updateMethod: 'patch' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    await h.ctx.http.send({ method: 'DELETE', path: `/Users/${id}` }, 'delete', 'seed');
    h.take();
    h.directory.update('user1', { familyName: 'Gone' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Gone' } });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['PATCH']);
    expect(h.state.adminTasks[0]).toMatch(/^Updating user1 .* PATCH \/Users\/.* answered HTTP 404.*gone from the app\.$/);
  });

  it('a 501 on PATCH fails: no fallback to PUT', async () => {
    const h = setup({ settings: { updateMethod: 'patch' }, intercept: (request) => (request.method === 'PATCH' ? scimError(501) : undefined) });
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    h.directory.update('user1', { familyName: 'X' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'X' } });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['PATCH']);
    expect(outcome.messages[0]).toMatch(/HTTP 501.*does not fall back to PUT/);
  });

  it('pushes nothing to a deactivated user', async () => {
    const h = setup({});
    await perform(h, { kind: 'assign', users: ['user1'] });
    await perform(h, { kind: 'unassign', users: ['user1'] });
    h.take();
    h.directory.update('user1', { familyName: 'X' });
    await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'X' } });
    expect(h.take()).toEqual([]);
  });
});

describe('Okta profile: deactivate, reactivate, delete', () => {
  it('unassign: PATCH replace {active:false} without path; the user stays readable', async () => {
    const h = setup({ directory: ZOE });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    const outcome = await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] }),
    ]);
    expect(stored(h, id).active).toBe(false);
    expect(h.state.deactivated.has('user1')).toBe(true);
    expect(h.state.assigned.has('user1')).toBe(false);
  });

  it('deactivateMethod put: GET then PUT of the whole user with active:false', async () => {
    const h = setup({ directory: ZOE, settings: { deactivateMethod: 'put' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(h.take().map(wire)).toEqual([get(`/Users/${id}`), send('PUT', `/Users/${id}`, { ...zoeBody, id, active: false })]);
    expect(stored(h, id).active).toBe(false);
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take().map(wire)).toEqual([get(`/Users/${id}`), send('PUT', `/Users/${id}`, { ...zoeBody, id, active: true })]);
    expect(stored(h, id).active).toBe(true);
  });

  it('reassign: PATCH replace {active:true}; attributes intact', async () => {
    const h = setup({ directory: ZOE });
    await perform(h, { kind: 'assign', users: ['user1'] });
    await perform(h, { kind: 'unassign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    const outcome = await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] })]);
    expect(stored(h, id)).toMatchObject({ active: true, userName: 'zoe.moreau@example.com', name: { givenName: 'Zoé', familyName: 'Moreau' }, displayName: 'Zoé Moreau' });
    expect(h.state.deactivated.has('user1')).toBe(false);
  });

  it('reassign of a never-provisioned user is the create flow', async () => {
    const h = setup({ directory: ZOE });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take().map(wire)).toEqual([lookup('zoe.moreau@example.com'), send('POST', '/Users', zoeCreate)]);
  });

  it('delete in Okta deactivates: PATCH active:false, never DELETE', async () => {
    const h = setup({ directory: ZOE });
    await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    const outcome = await perform(h, { kind: 'delete', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent.map(wire)).toEqual([send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] })]);
    expect(sent.some((r) => r.method === 'DELETE')).toBe(false);
    expect(stored(h, id).active).toBe(false);
    expect(outcome.messages.join(' ')).toMatch(/never sends DELETE/);
  });

  it('a 404 on deactivation fails with an admin task', async () => {
    const h = setup({});
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    await h.ctx.http.send({ method: 'DELETE', path: `/Users/${id}` }, 'delete', 'seed');
    h.take();
    const outcome = await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.state.adminTasks).toHaveLength(1);
    expect(h.state.deactivated.has('user1')).toBe(false);
  });
});

describe('Okta profile: To App settings turn traffic off', () => {
  it('createUsers off: assign sends nothing and leaves the assignment pending', async () => {
    const h = setup({ settings: { provisioning: { createUsers: false } } });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    expect(h.take()).toEqual([]);
    expect(h.state.assigned.has('user1')).toBe(true);
    expect(h.state.provisioned.size).toBe(0);
    await perform(h, { kind: 'fullSync', assigned: undefined });
    expect(h.take()).toEqual([]);
  });

  it('updateAttributes off: update and full sync send nothing to provisioned users', async () => {
    const h = setup({ settings: { provisioning: { updateAttributes: false } } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    h.directory.update('user1', { familyName: 'X' });
    await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'X' } });
    await perform(h, { kind: 'fullSync', assigned: undefined });
    expect(h.take()).toEqual([]);
  });

  it('deactivateUsers off: unassign, delete and reassign send nothing', async () => {
    const h = setup({ settings: { provisioning: { deactivateUsers: false } } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
    h.take();
    await perform(h, { kind: 'unassign', users: ['user1'] });
    await perform(h, { kind: 'delete', users: ['user2'] });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take()).toEqual([]);
    expect(storedUsers(h).every((u) => u.active === true)).toBe(true);
  });

  it('pushGroups off: pushGroup sends nothing', async () => {
    const h = setup({});
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1'] });
    expect(h.take()).toEqual([]);
  });
});

describe('Okta profile: full sync', () => {
  it('50 assigned users with 10 provisioned: 40 creates, 10 updates, the target holds exactly the 50', async () => {
    const h = setup({ directory: { users: 50 } });
    const keys = h.directory.keys();
    await perform(h, { kind: 'assign', users: keys.slice(0, 10) });
    h.take();
    const outcome = await perform(h, { kind: 'fullSync', assigned: keys });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    const count = (method: string, pattern: RegExp) => sent.filter((r) => r.method === method && pattern.test(r.url.pathname + r.url.search)).length;
    expect(count('GET', /\/Users\?filter=userName%20eq%20/)).toBe(40);
    expect(count('POST', /\/Users$/)).toBe(40);
    expect(count('GET', /\/Users\/[^/?]+$/)).toBe(10);
    expect(count('PUT', /\/Users\/[^/?]+$/)).toBe(10);
    expect(sent).toHaveLength(100);
    for (const r of sent) expect(r.headers['user-agent']).toBe('Okta SCIM Client 1.0.0');
    const userNames = storedUsers(h).map((u) => u.userName).sort();
    expect(userNames).toEqual(keys.map((k) => h.directory.get(k).userName).sort());
    expect(h.state.provisioned.size).toBe(50);
    expect(outcome.messages.at(-1)).toBe('Okta full sync over 50 assigned users: 40 created or linked, 10 updated.');
  });

  it('patch: the update flow of a full sync sends every mapped attribute', async () => {
    const h = setup({ directory: ZOE, settings: { updateMethod: 'patch' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    await perform(h, { kind: 'fullSync', assigned: ['user1'] });
    const { schemas: _s, active: _a, ...mapped } = zoeBody;
    expect(h.take().map(wire)).toEqual([send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: mapped }] })]);
  });

  it('deactivates a user left out of the assignments before the sync, as Okta did when it was unassigned', async () => {
    const h = setup({ directory: { users: 3 } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2', 'user3'] });
    const id2 = h.state.provisioned.get('user2')!;
    h.take();
    const outcome = await perform(h, { kind: 'fullSync', assigned: ['user1', 'user3'] });
    const sent = h.take().map(wire);
    expect(sent[0]).toEqual(send('PATCH', `/Users/${id2}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] }));
    expect(sent.slice(1).some((r) => r.path === `/Users/${id2}`)).toBe(false);
    expect(h.state.deactivated.has('user2')).toBe(true);
    expect(storedUsers(h).find((u) => u.id === id2)?.active).toBe(false);
    expect(outcome.messages.at(-1)).toBe('Okta full sync over 2 assigned users: 0 created or linked, 2 updated.');
  });

  it('reads the assignments as earlier actions left them when none are given', async () => {
    const h = setup({ directory: { users: 3 }, settings: { provisioning: { createUsers: false } } });
    await perform(h, { kind: 'assign', users: ['user1', 'user3'] });
    expect(h.take()).toEqual([]);
    const outcome = await perform(h, { kind: 'fullSync', assigned: undefined });
    expect(outcome.messages.at(-1)).toMatch(/2 skipped/);
  });
});

describe('Okta profile: Push Groups', () => {
  it('POST with members: [], then PATCH add/remove with path members, rename without path, DELETE', async () => {
    const h = setup({ directory: { users: 3 }, settings: { pushGroups: true } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2', 'user3'] });
    const [id1, id2, id3] = ['user1', 'user2', 'user3'].map((k) => h.state.provisioned.get(k)!) as [string, string, string];
    const member = (key: string, id: string) => ({ value: id, display: h.directory.get(key).userName });
    h.take();

    expect((await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1', 'user2'] })).ok).toBe(true);
    const groupId = h.state.groups.get('Engineering')!;
    expect(h.take().map(wire)).toEqual([
      send('POST', '/Groups', { schemas: [SCHEMA.group], displayName: 'Engineering', members: [] }),
      send('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [member('user1', id1), member('user2', id2)] }] }),
    ]);

    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user2', 'user3'] });
    expect(h.take().map(wire)).toEqual([
      send('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [member('user3', id3)] }] }),
      send('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members', value: [member('user1', id1)] }] }),
    ]);
    const group = h.provider.store.get('Group', groupId)!.data as { members: { value: string }[]; displayName: string };
    expect(group.members.map((m) => m.value).sort()).toEqual([id2, id3].sort());

    const rename = { kind: 'pushGroup', name: 'Engineering', members: undefined, renameTo: 'Platform' } as unknown as IdpAction;
    expect((await perform(h, rename)).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([send('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: groupId, displayName: 'Platform' } }] })]);
    expect((h.provider.store.get('Group', groupId)!.data as { displayName: string }).displayName).toBe('Platform');
    expect(h.state.groups.get('Platform')).toBe(groupId);

    await perform(h, { kind: 'pushGroup', name: 'Platform', members: ['user2'] });
    expect(h.take().map((r) => (r.body as { Operations: { op: string }[] }).Operations[0]!.op)).toEqual(['remove']);

    const remove = { kind: 'pushGroup', name: 'Platform', delete: true, members: undefined } as unknown as IdpAction;
    expect((await perform(h, remove)).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([{ method: 'DELETE', path: `/Groups/${groupId}`, headers: GET_HEADERS, body: undefined }]);
    expect(h.provider.store.get('Group', groupId)).toBeUndefined();
    expect(h.state.groups.size).toBe(0);
  });

  it('leaves unprovisioned members out', async () => {
    const h = setup({ directory: { users: 2 }, settings: { pushGroups: true } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2'] });
    expect(outcome.ok).toBe(true);
    const add = h.take().find((r) => r.method === 'PATCH')!;
    expect((add.body as { Operations: { value: unknown[] }[] }).Operations[0]!.value).toHaveLength(1);
    expect(outcome.messages.join(' ')).toMatch(/user2 is not provisioned/);
  });

  it('a refused group create fails the push', async () => {
    const h = setup({ provider: { profile: 'docker-hub' }, settings: { pushGroups: true } });
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Ops', members: [] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['POST']);
    expect(h.state.adminTasks).toHaveLength(1);
  });
});

describe('Okta: the user as it maps it (full-sync attribute check)', () => {
  it('is the create body without active; undefined when Update User Attributes is off', () => {
    const h = setup({ directory: { seed: 3, users: 1, roles: { user1: 'editor' } } });
    const u = h.directory.get('user1');
    expect(oktaProfile.mappedUser!('user1', h.ctx)).toEqual({
      schemas: [SCHEMA.user, SCHEMA.dockerUser],
      userName: u.userName,
      name: { givenName: u.givenName, familyName: u.familyName },
      emails: [{ primary: true, value: u.email, type: 'work' }],
      displayName: u.displayName,
      [SCHEMA.dockerUser]: { dockerRole: 'editor' },
    });
    expect(oktaProfile.mappedUser!('user1', { ...h.ctx, settings: { provisioning: { updateAttributes: false } } })).toBeUndefined();
  });
});
