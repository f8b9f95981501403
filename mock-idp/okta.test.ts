/**
 * Okta's wire, pinned: every request as the profile sends it against the embedded reference provider. Each
 * quirk test names the source tags of ../shared/docs/idp-fidelity-audit.md it rests on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { behaviourById, settingsSchema } from './declaration.js';
import type { DirectorySpec } from './directory.js';
import { oktaProfile } from './okta.js';
import type { IdpAction } from './profile.js';
import { DOCKER_HUB, idpHarness, type IdpHarness, type SentRequest } from './test-support.js';

const GET_HEADERS = {
  accept: 'application/scim+json',
  'accept-charset': 'utf-8',
  authorization: 'Bearer idp-test-token-0123',
  'user-agent': 'Okta SCIM Client 1.0.0',
};
const BODY_HEADERS = { ...GET_HEADERS, 'content-type': 'application/scim+json; charset=utf-8' };
const PATCH_OP = MESSAGE.patchOp;
const OIN = { appKind: 'oin' };

/** A request as the test compares it: path below the base URL with its query string exactly as sent. */
function wire(r: SentRequest): { method: string; path: string; headers: Record<string, string>; body: unknown } {
  return { method: r.method, path: r.url.pathname.replace(/^\/scim\/v2/, '') + r.url.search, headers: r.headers, body: r.body };
}

const get = (path: string) => ({ method: 'GET', path, headers: GET_HEADERS, body: undefined });
const send = (method: string, path: string, body: unknown) => ({ method, path, headers: BODY_HEADERS, body });
const lookup = (userName: string) => get(`/Users?filter=userName%20eq%20%22${encodeURIComponent(userName)}%22&startIndex=1&count=100`);
const groupLookup = (name: string) => get(`/Groups?filter=displayName%20eq%20%22${encodeURIComponent(name)}%22&startIndex=1&count=100`);
const patch = (operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });
/** `METHOD /path` without the query, for flows whose bodies another test pins. */
const line = (r: SentRequest) => `${r.method} ${r.url.pathname.replace(/^\/scim\/v2/, '')}`;

let harness: IdpHarness | undefined;
afterEach(() => {
  harness?.close();
  harness = undefined;
});

function setup(options: Parameters<typeof idpHarness>[0] = {}): IdpHarness {
  harness?.close();
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

function storedGroup(h: IdpHarness, id: string): { displayName: string; members: { value: string }[] } {
  const found = h.provider.store.get('Group', id);
  if (!found) throw new Error(`no group ${id}`);
  const data = found.data as { displayName: string; members?: { value: string }[] };
  return { displayName: data.displayName, members: data.members ?? [] };
}

/** Creates a resource at the target behind Okta's back (another admin, an earlier integration, JIT). */
async function seed(h: IdpHarness, path: '/Users' | '/Groups', body: Record<string, unknown>): Promise<string> {
  const schemas = [path === '/Users' ? SCHEMA.user : SCHEMA.group];
  const exchange = await h.ctx.http.send({ method: 'POST', path, body: { schemas, ...body } }, 'create', 'seed');
  h.take();
  return (exchange.responseJson as { id: string }).id;
}

/** The user as the target returns it to a GET (what Okta's PUT echoes). */
async function read(h: IdpHarness, id: string): Promise<Record<string, unknown>> {
  const exchange = await h.ctx.http.send({ method: 'GET', path: `/Users/${id}` }, 'read', 'read back');
  h.take();
  return exchange.responseJson as Record<string, unknown>;
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

/** Docker's guide maps username, given name, family name and email: no displayName (D1, D5). */
const zoeBody = {
  schemas: [SCHEMA.user],
  userName: 'zoe.moreau@example.com',
  name: { givenName: 'Zoé', familyName: 'Moreau' },
  emails: [{ primary: true, value: 'zoe.moreau@example.com', type: 'work' }],
  active: true,
};

/** Okta's create adds a generated password and `groups: []` to the mapped user (S1). */
const OKTA_PASSWORD = expect.stringMatching(/^[\w-]{20}aA1!$/);
const zoeCreate = { ...zoeBody, password: OKTA_PASSWORD, groups: [] };

/** Assigns user1 (Zoé) and forgets the traffic; returns her id. */
async function assignZoe(h: IdpHarness): Promise<string> {
  await perform(h, { kind: 'assign', users: ['user1'] });
  h.take();
  return h.state.provisioned.get('user1')!;
}

describe('Okta profile: declaration and settings', () => {
  it("declares its settings with Docker's guide as the defaults: wizard app, four mappings, no displayName (D1, D5)", () => {
    const { declaration } = oktaProfile;
    expect(Object.keys(declaration.settings)).toEqual(['provisioning', 'appKind', 'pushGroups', 'mappings']);
    const schema = settingsSchema(declaration) as { properties: Record<string, { default: unknown }> };
    expect(schema.properties.appKind!.default).toBe('wizard');
    expect(schema.properties.mappings!.default).toEqual({ displayName: false, docker: true, externalId: false, locale: false });
    expect(declaration.groupSetting).toBe('pushGroups');
  });

  it('cites only declared sources, with a note wherever evidence is missing', () => {
    const { declaration } = oktaProfile;
    for (const behaviour of declaration.behaviours) {
      expect(behaviour.id).toMatch(/^okta\.[a-z-]+(\.[a-z-]+)*$/);
      for (const tag of behaviour.sources) expect(declaration.sources, `${behaviour.id} cites ${tag}`).toHaveProperty([tag]);
      if (behaviour.sources.length === 0) expect(behaviour.note, behaviour.id).toBeDefined();
      for (const setting of behaviour.settings ?? []) {
        // `provisioning.createUsers` names a property of a nested settings object.
        const [top, nested] = setting.split('.') as [string, string | undefined];
        const at = nested === undefined ? ['properties', top] : ['properties', top, 'properties', nested];
        expect(settingsSchema(declaration), `${behaviour.id} names ${setting}`).toHaveProperty(at);
      }
    }
    for (const tag of declaration.traffic.sources) expect(declaration.sources).toHaveProperty([tag]);
    expect(new Set(declaration.behaviours.map((b) => b.id)).size).toBe(declaration.behaviours.length);
  });

  it('refuses settings it does not know (the removed updateMethod too), sending nothing', async () => {
    const h = setup({ settings: { updateMethod: 'patch', provisioning: { pushUsers: true }, appKind: 'template' } });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/^Invalid Okta settings: unknown setting 'updateMethod'.*unknown setting 'provisioning.pushUsers'.*appKind must be "wizard" or "oin"\.$/);
    expect(h.take()).toEqual([]);
  });

  it('names a declared behaviour on every request, and enacts every declared behaviour, in both app kinds', async () => {
    const enacted = new Set<string>();
    for (const appKind of ['wizard', 'oin']) {
      const h = setup({ directory: { users: 4 }, settings: { appKind, pushGroups: true } });
      const existing = await seed(h, '/Users', { userName: h.directory.get('user4').userName, active: false });
      await seed(h, '/Groups', { displayName: 'Existing' });
      const tour: IdpAction[] = [
        { kind: 'testConnection' },
        { kind: 'assign', users: ['user1', 'user2', 'user3', 'user4'] },
        { kind: 'update', user: 'user1', set: { familyName: 'Changed' } },
        { kind: 'unassign', users: ['user2'] },
        { kind: 'reassign', users: ['user2'] },
        { kind: 'delete', users: ['user3'] },
        { kind: 'fullSync', assigned: undefined },
        { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2'] },
        { kind: 'pushGroup', name: 'Ops', members: ['user2', 'user4'] },
        { kind: 'pushGroup', name: 'Ops', members: undefined, renameTo: 'Platform' },
        { kind: 'pushGroup', name: 'Existing', members: ['user1'] },
        { kind: 'pushGroup', name: 'Platform', members: undefined, delete: true },
      ];
      h.directory.update('user1', { familyName: 'Changed' });
      for (const action of tour) expect((await perform(h, action)).ok, `${appKind} ${action.kind}`).toBe(true);
      expect(h.state.provisioned.get('user4')).toBe(existing);
      for (const request of h.sent.filter((r) => r.label !== 'seed')) {
        expect(request.behaviour, `${request.method} ${request.url.pathname}`).toBeDefined();
        expect(behaviourById(oktaProfile.declaration, request.behaviour!), request.behaviour).toBeDefined();
        enacted.add(request.behaviour!);
      }
    }
    expect([...enacted].sort()).toEqual(oktaProfile.declaration.behaviours.map((b) => b.id).sort());
  });
});

describe('Okta profile: Test Connector Configuration', () => {
  it('lists /Users with startIndex=1&count=2 and Okta headers, no Content-Type without a body (S3, S6)', async () => {
    const h = setup({});
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([get('/Users?startIndex=1&count=2')]);
  });

  it('also lists /Groups?startIndex=1&count=100 with pushGroups (S3)', async () => {
    const h = setup({ settings: { pushGroups: true } });
    expect((await perform(h, { kind: 'testConnection' })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([get('/Users?startIndex=1&count=2'), get('/Groups?startIndex=1&count=100')]);
  });

  it('fails when the ListResponse lacks numeric paging fields (S1)', async () => {
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
  it("looks the login up (spaces as %20) then POSTs Docker's four mappings, a password and groups: [] (S1, S3, D5)", async () => {
    const h = setup({ directory: ZOE });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent[0]!.url.search).toBe('?filter=userName%20eq%20%22zoe.moreau%40example.com%22&startIndex=1&count=100');
    expect(sent.map(wire)).toEqual([lookup('zoe.moreau@example.com'), send('POST', '/Users', zoeCreate)]);
    const id = h.state.provisioned.get('user1')!;
    expect(stored(h, id)).toMatchObject({ userName: 'zoe.moreau@example.com', active: true, name: { familyName: 'Moreau' } });
    expect(stored(h, id)).not.toHaveProperty('displayName');
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
    const user = await read(again, again.state.provisioned.get('user1')!);
    expect(user).toMatchObject({ userName: again.directory.get('user1').userName });
    expect(user).not.toHaveProperty('password');
  });

  it('sends displayName only when mapped, as Okta\'s default app profile does (S1)', async () => {
    const h = setup({ directory: ZOE, settings: { mappings: { displayName: true } } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    expect(h.take().find((r) => r.method === 'POST')!.body).toEqual({ ...zoeCreate, displayName: 'Zoé Moreau' });
  });

  it('sends the Docker extension only for users with role mapping (D1)', async () => {
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

  it('maps externalId and locale when asked, and no Docker extension with mappings.docker off (S1)', async () => {
    const h = setup({ directory: { users: 1, roles: { user1: 'owner' } }, settings: { mappings: { docker: false, externalId: true, locale: true } } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const user = h.directory.get('user1');
    expect(h.take().find((r) => r.method === 'POST')!.body).toEqual({
      schemas: [SCHEMA.user],
      userName: user.userName,
      name: { givenName: user.givenName, familyName: user.familyName },
      emails: [{ primary: true, value: user.email, type: 'work' }],
      active: true,
      externalId: user.externalId,
      locale: 'en-US',
      password: OKTA_PASSWORD,
      groups: [],
    });
  });

  it('links an existing user found by userName (any case) and PUTs its profile at once, without meta (S1, S3)', async () => {
    const h = setup({ directory: ZOE });
    const existing = await seed(h, '/Users', { userName: 'Zoe.Moreau@Example.com', displayName: 'Set elsewhere', title: 'Kept', active: true });
    const found = await read(h, existing);
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const { meta: _meta, ...echoed } = found;
    expect(h.take().map(wire)).toEqual([lookup('zoe.moreau@example.com'), send('PUT', `/Users/${existing}`, { ...echoed, ...zoeBody })]);
    expect(h.state.provisioned.get('user1')).toBe(existing);
    expect(outcome.messages[0]).toBe(`Okta linked the existing user user1 (id ${existing}) instead of creating it, and pushes its profile.`);
    expect(storedUsers(h)).toHaveLength(1);
    // displayName is not mapped in Docker's guide: the PUT echoes it, Okta does not manage it.
    expect(stored(h, existing)).toMatchObject({ userName: 'zoe.moreau@example.com', displayName: 'Set elsewhere', title: 'Kept', name: { givenName: 'Zoé' } });
  });

  it('reactivates an inactive match with the active:true of that PUT, in both app kinds (S3; O-8)', async () => {
    for (const settings of [{}, OIN]) {
      const h = setup({ directory: ZOE, settings });
      const existing = await seed(h, '/Users', { userName: 'zoe.moreau@example.com', title: 'Returning', active: false });
      expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
      expect(h.take().map(line)).toEqual(['GET /Users', `PUT /Users/${existing}`]);
      expect(stored(h, existing)).toMatchObject({ active: true, title: 'Returning', name: { familyName: 'Moreau' } });
      expect(h.state.deactivated.has('user1')).toBe(false);
    }
  });

  it('reads a 404 to the userName lookup as "no match" and creates (S1); a 500 still fails the push', async () => {
    const lookupAnswers = (status: number) => (request: Request) => (isPath(request, 'GET', /^\/Users$/) && new URL(request.url).searchParams.has('filter') ? scimError(status) : undefined);
    const h = setup({ directory: ZOE, intercept: lookupAnswers(404) });
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(h.state.provisioned.has('user1')).toBe(true);

    const broken = setup({ directory: ZOE, intercept: lookupAnswers(500) });
    const outcome = await perform(broken, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(broken.take().map((r) => r.method)).toEqual(['GET']);
    expect(broken.state.adminTasks[0]).toMatch(/the userName lookup answered HTTP 500/);
  });

  it('fails the push on 409 (admin task) and does not retry (S1)', async () => {
    // A target whose lookup misses the existing user: Okta POSTs and gets the 409.
    const h = setup({
      directory: ZOE,
      intercept: (request) =>
        isPath(request, 'GET', /^\/Users$/) && new URL(request.url).searchParams.has('filter')
          ? new Response(JSON.stringify({ schemas: [MESSAGE.listResponse], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }), { status: 200, headers: { 'Content-Type': 'application/scim+json' } })
          : undefined,
    });
    await seed(h, '/Users', { userName: 'zoe.moreau@example.com' });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(h.state.adminTasks).toHaveLength(1);
    expect(h.state.adminTasks[0]).toMatch(/user1 .* failed: POST \/Users answered HTTP 409 \(uniqueness/);
    expect(h.state.provisioned.has('user1')).toBe(false);
  });

  it('waits out a 429 with Retry-After and retries: exactly two POSTs (S10)', async () => {
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
    expect(h.take().map(wire)).toEqual([lookup('zoe.moreau@example.com'), send('POST', '/Users', zoeCreate), send('POST', '/Users', zoeCreate)]);
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
    await assignZoe(h);
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
    expect(h.take()).toEqual([]);
  });
});

describe('Okta profile: Push Profile Updates (update)', () => {
  it('GETs the user, then PUTs what the GET returned, meta and groups echoed, with the mapped values (S1, S3)', async () => {
    const h = setup({ directory: ZOE });
    const id = await assignZoe(h);
    const before = await read(h, id);
    h.directory.update('user1', { familyName: 'Durand' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Durand' } });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([get(`/Users/${id}`), send('PUT', `/Users/${id}`, { ...before, ...zoeBody, name: { givenName: 'Zoé', familyName: 'Durand' } })]);
    expect(before).toHaveProperty('meta');
    expect(stored(h, id)).toMatchObject({ name: { familyName: 'Durand' }, active: true });
  });

  it('OIN apps update the profile by GET + PUT too: Okta never sends a profile-update PATCH (S1, S5)', async () => {
    const h = setup({ directory: ZOE, settings: OIN });
    const id = await assignZoe(h);
    h.directory.update('user1', { givenName: 'Zoe' });
    await perform(h, { kind: 'update', user: 'user1', set: { givenName: 'Zoe' } });
    const sent = h.take();
    expect(sent.map(line)).toEqual([`GET /Users/${id}`, `PUT /Users/${id}`]);
    expect(sent.every((r) => r.behaviour === 'okta.user.update-put')).toBe(true);
  });

  it("leaves an unmapped displayName as the target holds it, and sets a mapped one (D5, S1)", async () => {
    const h = setup({ directory: ZOE });
    const id = await assignZoe(h);
    await h.ctx.http.send({ method: 'PATCH', path: `/Users/${id}`, body: patch([{ op: 'add', path: 'displayName', value: 'Zoé from JIT' }]) }, 'patch', 'seed');
    h.directory.update('user1', { familyName: 'Durand', displayName: 'Zoé Durand' });
    await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Durand' } });
    expect(stored(h, id)).toMatchObject({ displayName: 'Zoé from JIT', name: { familyName: 'Durand' } });

    const mapped = setup({ directory: ZOE, settings: { mappings: { displayName: true } } });
    const mappedId = await assignZoe(mapped);
    mapped.directory.update('user1', { familyName: 'Durand', displayName: 'Zoé Durand' });
    await perform(mapped, { kind: 'update', user: 'user1', set: { familyName: 'Durand' } });
    expect(mapped.take().find((r) => r.method === 'PUT')!.body).toMatchObject({ displayName: 'Zoé Durand' });
    expect(stored(mapped, mappedId).displayName).toBe('Zoé Durand');
  });

  it('keeps what the target holds beyond the mappings, and clears a mapped attribute Okta no longer has (D1)', async () => {
    const h = setup({ directory: { users: 1, roles: { user1: 'owner' } }, provider: DOCKER_HUB });
    const id = await assignZoe(h);
    await h.ctx.http.send({ method: 'PATCH', path: `/Users/${id}`, body: patch([{ op: 'add', path: 'title', value: 'CTO' }]) }, 'patch', 'seed');
    h.take();
    h.directory.update('user1', { dockerRole: null });
    await perform(h, { kind: 'update', user: 'user1', set: { dockerRole: null } });
    const put = h.take().find((r) => r.method === 'PUT')!;
    expect(put.body).toMatchObject({ title: 'CTO', schemas: [SCHEMA.user] });
    expect(put.body).not.toHaveProperty([SCHEMA.dockerUser]);
  });

  it('sends nothing when no mapped attribute changed', async () => {
    const h = setup({});
    await assignZoe(h);
    h.directory.update('user1', { department: 'Finance', displayName: 'Not mapped' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { department: 'Finance', displayName: 'Not mapped' } });
    expect(outcome).toEqual({ ok: true, messages: ['No mapped attribute of user1 changed; Okta sends nothing.'] });
    expect(h.take()).toEqual([]);
  });

  it('a 404 on the GET fails the push with an admin task, and nothing is recreated', async () => {
    const h = setup({});
    const id = await assignZoe(h);
    await h.ctx.http.send({ method: 'DELETE', path: `/Users/${id}` }, 'delete', 'seed');
    h.take();
    h.directory.update('user1', { familyName: 'Gone' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Gone' } });
    expect(outcome.ok).toBe(false);
    expect(h.take().map(line)).toEqual([`GET /Users/${id}`]);
    expect(h.state.adminTasks).toHaveLength(1);
    expect(h.state.adminTasks[0]).toMatch(new RegExp(`^Updating user1 \\(id ${id}\\) failed: GET /Users/${id} answered HTTP 404.*; the user is gone from the app\\.$`));
    expect(storedUsers(h)).toHaveLength(0);
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
  it('wizard apps deactivate and reactivate by GET + PUT of the whole user with active false/true (S1, S4, D5)', async () => {
    const h = setup({ directory: ZOE });
    const id = await assignZoe(h);
    const before = await read(h, id);
    expect((await perform(h, { kind: 'unassign', users: ['user1'] })).ok).toBe(true);
    const sent = h.take();
    expect(sent.map(wire)).toEqual([get(`/Users/${id}`), send('PUT', `/Users/${id}`, { ...before, ...zoeBody, active: false })]);
    expect(sent.map((r) => r.behaviour)).toEqual(['okta.user.deactivate-put', 'okta.user.deactivate-put']);
    expect(stored(h, id).active).toBe(false);
    expect(h.state.deactivated.has('user1')).toBe(true);
    expect(h.state.assigned.has('user1')).toBe(false);

    await perform(h, { kind: 'reassign', users: ['user1'] });
    const again = h.take();
    expect(again.map(line)).toEqual([`GET /Users/${id}`, `PUT /Users/${id}`]);
    expect(again[1]!.body).toMatchObject({ ...zoeBody, active: true });
    expect(stored(h, id)).toMatchObject({ active: true, name: { givenName: 'Zoé', familyName: 'Moreau' } });
  });

  it('OIN apps deactivate and reactivate by a path-less PATCH replace of active (S1)', async () => {
    const h = setup({ directory: ZOE, settings: OIN });
    const id = await assignZoe(h);
    await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(h.take().map(wire)).toEqual([send('PATCH', `/Users/${id}`, patch([{ op: 'replace', value: { active: false } }]))]);
    expect(stored(h, id).active).toBe(false);
    const outcome = await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([send('PATCH', `/Users/${id}`, patch([{ op: 'replace', value: { active: true } }]))]);
    expect(stored(h, id)).toMatchObject({ active: true, userName: 'zoe.moreau@example.com', name: { givenName: 'Zoé', familyName: 'Moreau' } });
    expect(h.state.deactivated.has('user1')).toBe(false);
  });

  it('OIN: a 501 to the PATCH fails with no fallback to PUT (S6)', async () => {
    const h = setup({ settings: OIN, intercept: (request) => (request.method === 'PATCH' ? scimError(501) : undefined) });
    await assignZoe(h);
    const outcome = await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['PATCH']);
    expect(outcome.messages[0]).toMatch(/HTTP 501.*does not fall back to PUT/);
  });

  it('reassign of a never-provisioned user is the create flow', async () => {
    const h = setup({ directory: ZOE });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take().map(wire)).toEqual([lookup('zoe.moreau@example.com'), send('POST', '/Users', zoeCreate)]);
  });

  it('delete in Okta deactivates (PUT or PATCH by app kind), never DELETE (S1, S4)', async () => {
    for (const [settings, methods] of [[{}, ['GET', 'PUT']], [OIN, ['PATCH']]] as const) {
      const h = setup({ directory: ZOE, settings });
      await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
      const id = h.state.provisioned.get('user1')!;
      h.take();
      const outcome = await perform(h, { kind: 'delete', users: ['user1'] });
      expect(outcome.ok).toBe(true);
      const sent = h.take();
      expect(sent.map((r) => r.method)).toEqual(methods);
      expect(sent.every((r) => r.behaviour === 'okta.user.delete-deactivates')).toBe(true);
      expect(stored(h, id).active).toBe(false);
      expect(outcome.messages.join(' ')).toMatch(/never sends DELETE/);
    }
  });

  it('a 404 on deactivation fails with an admin task', async () => {
    const h = setup({});
    const id = await assignZoe(h);
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
    await assignZoe(h);
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
    await assignZoe(h);
    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1'] });
    expect(h.take()).toEqual([]);
  });
});

describe('Okta profile: full sync', () => {
  it('50 assigned users with 10 provisioned: 40 lookups and creates, 10 GET + PUT (S1, D5)', async () => {
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
    expect(storedUsers(h).map((u) => u.userName).sort()).toEqual(keys.map((k) => h.directory.get(k).userName).sort());
    expect(h.state.provisioned.size).toBe(50);
    expect(outcome.messages.at(-1)).toBe('Okta full sync over 50 assigned users: 40 created or linked, 10 updated.');
  });

  it('deactivates a user left out of the assignments before the sync, as Okta did when it was unassigned', async () => {
    const h = setup({ directory: { users: 3 } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2', 'user3'] });
    const id2 = h.state.provisioned.get('user2')!;
    h.take();
    const outcome = await perform(h, { kind: 'fullSync', assigned: ['user1', 'user3'] });
    const sent = h.take();
    expect(sent.slice(0, 2).map(line)).toEqual([`GET /Users/${id2}`, `PUT /Users/${id2}`]);
    expect(sent[1]!.body).toMatchObject({ active: false });
    expect(sent.slice(2).some((r) => r.url.pathname.endsWith(`/Users/${id2}`))).toBe(false);
    expect(h.state.deactivated.has('user2')).toBe(true);
    expect(stored(h, id2).active).toBe(false);
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

describe('Okta profile: Push Groups, OIN app (PATCH)', () => {
  /** Three provisioned users and a member helper, for `appKind: oin` with Push Groups on. */
  async function oinGroups() {
    const h = setup({ directory: { users: 3 }, settings: { ...OIN, pushGroups: true } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2', 'user3'] });
    h.take();
    const id = (key: string) => h.state.provisioned.get(key)!;
    const member = (key: string) => ({ value: id(key), display: h.directory.get(key).userName });
    return { h, id, member };
  }

  it('looks the name up, POSTs members: [], then pushes the whole membership with replace and the rename that follows (S1, S8)', async () => {
    const { h, member } = await oinGroups();
    expect((await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1', 'user2'] })).ok).toBe(true);
    const groupId = h.state.groups.get('Engineering')!;
    const sent = h.take();
    expect(sent.map(wire)).toEqual([
      groupLookup('Engineering'),
      send('POST', '/Groups', { schemas: [SCHEMA.group], displayName: 'Engineering', members: [] }),
      send('PATCH', `/Groups/${groupId}`, patch([{ op: 'replace', path: 'members', value: [member('user1'), member('user2')] }])),
      send('PATCH', `/Groups/${groupId}`, patch([{ op: 'replace', value: { id: groupId, displayName: 'Engineering' } }])),
    ]);
    expect(sent.map((r) => r.behaviour)).toEqual(['okta.group.lookup', 'okta.group.create', 'okta.group.full-push-patch', 'okta.group.rename-patch']);
    expect(storedGroup(h, groupId).members.map((m) => m.value).sort()).toEqual([member('user1').value, member('user2').value].sort());
  });

  it('pushes an empty group as replace members [] (S1, S8)', async () => {
    const { h } = await oinGroups();
    await perform(h, { kind: 'pushGroup', name: 'Empty', members: [] });
    const groupId = h.state.groups.get('Empty')!;
    expect(h.take()[2]!.body).toEqual(patch([{ op: 'replace', path: 'members', value: [] }]));
    expect(storedGroup(h, groupId).members).toEqual([]);
  });

  it('removes members by value filter then adds, in one PATCH, followed by the {id, displayName} replace (S1, S7, S9)', async () => {
    const { h, id, member } = await oinGroups();
    await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2'] });
    const groupId = h.state.groups.get('Ops')!;
    h.take();
    expect((await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user3'] })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      send(
        'PATCH',
        `/Groups/${groupId}`,
        patch([
          { op: 'remove', path: `members[value eq "${id('user1')}"]` },
          { op: 'remove', path: `members[value eq "${id('user2')}"]` },
          { op: 'add', path: 'members', value: [member('user3')] },
        ]),
      ),
      send('PATCH', `/Groups/${groupId}`, patch([{ op: 'replace', value: { id: groupId, displayName: 'Ops' } }])),
    ]);
    expect(storedGroup(h, groupId).members.map((m) => m.value)).toEqual([id('user3')]);
    expect(oktaProfile.pushedGroup!('Ops', h.ctx)).toEqual({ id: groupId, members: ['user3'] });
  });

  it('renames with a path-less replace carrying the read-only id; unchanged membership sends nothing (S1)', async () => {
    const { h, id } = await oinGroups();
    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1'] });
    const groupId = h.state.groups.get('Engineering')!;
    h.take();
    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1'] });
    expect(h.take()).toEqual([]);
    expect((await perform(h, { kind: 'pushGroup', name: 'Engineering', members: undefined, renameTo: 'Platform' })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([send('PATCH', `/Groups/${groupId}`, patch([{ op: 'replace', value: { id: groupId, displayName: 'Platform' } }]))]);
    expect(storedGroup(h, groupId)).toEqual({ displayName: 'Platform', members: [expect.objectContaining({ value: id('user1') })] });
    expect(h.state.groups.get('Platform')).toBe(groupId);
    expect(oktaProfile.pushedGroup!('Engineering', h.ctx)).toBeUndefined();
    expect(oktaProfile.pushedGroup!('Platform', h.ctx)).toEqual({ id: groupId, members: ['user1'] });
  });

  it('links a group found by displayName and pushes its membership in full (S1)', async () => {
    const { h, id } = await oinGroups();
    const existing = await seed(h, '/Groups', { displayName: 'Sales', members: [{ value: id('user3') }] });
    expect((await perform(h, { kind: 'pushGroup', name: 'Sales', members: ['user1'] })).ok).toBe(true);
    expect(h.take().map(line)).toEqual(['GET /Groups', `PATCH /Groups/${existing}`, `PATCH /Groups/${existing}`]);
    expect(h.state.groups.get('Sales')).toBe(existing);
    expect(storedGroup(h, existing).members.map((m) => m.value)).toEqual([id('user1')]);
  });

  it('deletes a pushed group with DELETE /Groups/{id}; the users stay (S1)', async () => {
    const { h } = await oinGroups();
    await perform(h, { kind: 'pushGroup', name: 'Platform', members: ['user1'] });
    const groupId = h.state.groups.get('Platform')!;
    h.take();
    expect((await perform(h, { kind: 'pushGroup', name: 'Platform', members: undefined, delete: true })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([{ method: 'DELETE', path: `/Groups/${groupId}`, headers: GET_HEADERS, body: undefined }]);
    expect(h.provider.store.get('Group', groupId)).toBeUndefined();
    expect(h.state.groups.size).toBe(0);
    expect(storedUsers(h)).toHaveLength(3);
  });
});

describe('Okta profile: Push Groups, wizard app (PUT)', () => {
  it('PUTs the whole group after the create, for every membership update and for a rename (S1, S6)', async () => {
    const h = setup({ directory: { users: 3 }, settings: { pushGroups: true } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2', 'user3'] });
    h.take();
    const member = (key: string) => ({ value: h.state.provisioned.get(key)!, display: h.directory.get(key).userName });
    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1', 'user2'] });
    const groupId = h.state.groups.get('Engineering')!;
    const whole = (displayName: string, members: unknown[]) => send('PUT', `/Groups/${groupId}`, { schemas: [SCHEMA.group], id: groupId, displayName, members });
    expect(h.take().map(wire)).toEqual([
      groupLookup('Engineering'),
      send('POST', '/Groups', { schemas: [SCHEMA.group], displayName: 'Engineering', members: [] }),
      whole('Engineering', [member('user1'), member('user2')]),
    ]);
    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user2', 'user3'] });
    expect(h.take().map(wire)).toEqual([whole('Engineering', [member('user2'), member('user3')])]);
    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: undefined, renameTo: 'Platform' });
    const sent = h.take();
    expect(sent.map(wire)).toEqual([whole('Platform', [member('user2'), member('user3')])]);
    expect(sent[0]!.behaviour).toBe('okta.group.put');
    expect(storedGroup(h, groupId).displayName).toBe('Platform');
    expect(storedGroup(h, groupId).members.map((m) => m.value).sort()).toEqual([member('user2').value, member('user3').value].sort());
  });
});

describe('Okta profile: Push Groups, both kinds', () => {
  it('leaves unprovisioned members out (S1)', async () => {
    const h = setup({ directory: { users: 2 }, settings: { pushGroups: true } });
    await assignZoe(h);
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2'] });
    expect(outcome.ok).toBe(true);
    const put = h.take().find((r) => r.method === 'PUT')!;
    expect((put.body as { members: unknown[] }).members).toHaveLength(1);
    expect(outcome.messages.join(' ')).toMatch(/user2 is not provisioned/);
  });

  it('a refused lookup or create fails the push with an admin task', async () => {
    const h = setup({ settings: { pushGroups: true }, intercept: (request) => (isPath(request, 'POST', /^\/Groups$/) ? scimError(403) : undefined) });
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Ops', members: [] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(h.state.adminTasks).toHaveLength(1);

    const refused = setup({ settings: { pushGroups: true }, intercept: (request) => (isPath(request, 'GET', /^\/Groups$/) ? scimError(404) : undefined) });
    expect((await perform(refused, { kind: 'pushGroup', name: 'Ops', members: [] })).ok).toBe(false);
    expect(refused.take().map((r) => r.method)).toEqual(['GET']);
    expect(refused.state.adminTasks[0]).toMatch(/displayName lookup answered HTTP 404/);
  });
});

describe('Okta: the user as it maps it (full-sync attribute check)', () => {
  it('is the create body without active, password or groups; undefined when Update User Attributes is off', () => {
    const h = setup({ directory: { seed: 3, users: 1, roles: { user1: 'editor' } } });
    const u = h.directory.get('user1');
    expect(oktaProfile.mappedUser!('user1', h.ctx)).toEqual({
      schemas: [SCHEMA.user, SCHEMA.dockerUser],
      userName: u.userName,
      name: { givenName: u.givenName, familyName: u.familyName },
      emails: [{ primary: true, value: u.email, type: 'work' }],
      [SCHEMA.dockerUser]: { dockerRole: 'editor' },
    });
    expect(oktaProfile.mappedUser!('user1', { ...h.ctx, settings: { provisioning: { updateAttributes: false } } })).toBeUndefined();
  });
});
