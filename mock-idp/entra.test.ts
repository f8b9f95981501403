/**
 * The Microsoft Entra ID profile: every action's requests exactly as they go over the wire (method, path,
 * query and its encoding, headers, JSON body with Entra's quirks), against a fresh reference provider.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import type { DirectoryUser } from './directory.js';
import { entraProfile } from './entra.js';
import { DEFAULT_USER_AGENT } from './entra/settings.js';
import type { IdpAction } from './profile.js';
import { DOCKER_HUB, idpHarness, type IdpHarness, type SentRequest } from './test-support.js';

const ENT = SCHEMA.enterpriseUser;
const DOCKER = SCHEMA.dockerUser;
const PATCH_OP = [MESSAGE.patchOp];
const BASE = '/scim/v2';

let harnesses: IdpHarness[] = [];
afterEach(() => {
  for (const h of harnesses) h.close();
  harnesses = [];
});

/** The random-GUID probes Entra sends at the start of every activity (E5): pinned in their own tests below. */
const isActivityProbe = (r: SentRequest) => r.label === 'activity probe';

type EntraHarness = IdpHarness & {
  /** Every request since the last take, the activity probes included. */
  takeAll(): SentRequest[];
};

/** `take()` leaves the activity probes out, so each test reads the traffic of what it exercises. */
function harness(options: Parameters<typeof idpHarness>[0] = {}): EntraHarness {
  const h = idpHarness(options);
  harnesses.push(h);
  const takeAll = h.take.bind(h);
  return Object.assign(h, { takeAll, take: () => takeAll().filter((r) => !isActivityProbe(r)) });
}

const perform = (h: IdpHarness, action: IdpAction) => entraProfile.perform(action, h.ctx);

/** The headers Entra sends: bearer token and its User-Agent; Content-Type with its charset (E4) only with a body. */
function entraHeaders(withBody: boolean, userAgent = DEFAULT_USER_AGENT): Record<string, string> {
  return {
    authorization: 'Bearer idp-test-token',
    'user-agent': userAgent,
    ...(withBody ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
  };
}

/** method, path below the base URL, raw query string (encoding included), headers and body. */
function wire(r: SentRequest) {
  return { method: r.method, path: r.url.pathname.slice(BASE.length), search: r.url.search, headers: r.headers, body: r.body };
}

/** The query string Entra sends for a filter: form encoding, spaces as '+', quotes %22 (E5, E6). */
const filterQuery = (filter: string) => `?${new URLSearchParams({ filter }).toString()}`;

function createBodyOf(u: DirectoryUser): Record<string, unknown> {
  return {
    schemas: [SCHEMA.user, ENT],
    externalId: u.externalId,
    userName: u.userName,
    active: true,
    displayName: u.displayName,
    title: u.title,
    emails: [{ primary: true, type: 'work', value: u.email }],
    meta: { resourceType: 'User' },
    name: { formatted: `${u.givenName} ${u.familyName}`, familyName: u.familyName, givenName: u.givenName },
    phoneNumbers: [{ type: 'mobile', value: u.mobilePhone }],
    roles: [],
    [ENT]: { department: u.department, employeeNumber: u.employeeNumber },
  };
}

const patch = (...Operations: unknown[]) => ({ schemas: PATCH_OP, Operations });

/** Creates a user at the target behind Entra's back (another connector, an earlier run). */
async function seedUser(h: IdpHarness, body: Record<string, unknown>): Promise<string> {
  const exchange = await h.ctx.http.send({ method: 'POST', path: '/Users', body: { schemas: [SCHEMA.user], ...body } }, 'create', 'seed');
  h.take();
  expect(exchange.response?.status).toBe(201);
  return (exchange.responseJson as { id: string }).id;
}

async function readUser(h: IdpHarness, id: string) {
  const exchange = await h.ctx.http.send({ method: 'GET', path: `/Users/${id}` }, 'read', 'read back');
  h.take();
  return { status: exchange.response?.status, body: exchange.responseJson as Record<string, any> };
}

async function provision(h: IdpHarness, ...users: string[]): Promise<void> {
  const outcome = await perform(h, { kind: 'assign', users });
  expect(outcome).toMatchObject({ ok: true });
  h.take();
}

describe('Entra profile: settings', () => {
  it('describes every setting it understands', () => {
    expect(Object.keys(entraProfile.settings).sort()).toEqual(
      ['aadOptscim062020', 'attributeMappings', 'booleanStrings', 'deprovisionOp', 'mapDockerRoles', 'matchingAttribute', 'onDelete', 'onUnassign', 'provisionGroups', 'userAgent'].sort(),
    );
  });

  it('refuses unknown or mistyped settings without sending anything', async () => {
    const h = harness({ settings: { booleanStrings: 'no', deleteUsers: true, matchingAttribute: 'nickName' } });
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/booleanStrings.*deleteUsers.*|deleteUsers.*booleanStrings/s);
    expect(outcome.messages[0]).toContain('nickName');
    expect(h.take()).toEqual([]);
  });
});

describe('Entra profile: Test Connection', () => {
  it('filters userName on a random GUID without a User-Agent (E2, E12) and expects an empty ListResponse', async () => {
    const h = harness({});
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(true);
    const [request, ...rest] = h.take();
    expect(rest).toEqual([]);
    const sent = wire(request!);
    expect(sent).toMatchObject({ method: 'GET', path: '/Users', headers: { authorization: 'Bearer idp-test-token' }, body: undefined });
    expect(Object.keys(sent.headers)).toEqual(['authorization']);
    expect(sent.search).toMatch(/^\?filter=userName\+eq\+%22[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}%22$/);
    expect([...request!.url.searchParams.keys()]).toEqual(['filter']);
  });

  it('uses a fresh GUID each time', async () => {
    const h = harness({});
    await perform(h, { kind: 'testConnection' });
    await perform(h, { kind: 'testConnection' });
    const [a, b] = h.take();
    expect(a!.url.search).not.toBe(b!.url.search);
  });

  it('fails on a 404', async () => {
    const h = harness({ intercept: () => new Response(null, { status: 404 }) });
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/HTTP 404.*200 with an empty ListResponse/);
    expect(h.state.adminTasks).toHaveLength(1);
  });

  it('fails when the filter on a random GUID finds someone', async () => {
    const h = harness({
      intercept: () =>
        Response.json({ schemas: [MESSAGE.listResponse], totalResults: 1, Resources: [{ id: 'x', userName: 'someone' }] }, { headers: { 'Content-Type': 'application/scim+json' } }),
    });
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/totalResults 1/);
  });

  it('probes on the configured matching attribute, and a random group with group provisioning on (E2)', async () => {
    const h = harness({ settings: { matchingAttribute: 'externalId', provisionGroups: true } });
    expect((await perform(h, { kind: 'testConnection' })).ok).toBe(true);
    const [user, group, ...rest] = h.take().map(wire);
    expect(rest).toEqual([]);
    expect(user).toMatchObject({ method: 'GET', path: '/Users' });
    expect(user!.search).toMatch(/^\?filter=externalId\+eq\+%22[0-9a-f-]{36}%22$/);
    expect(group).toMatchObject({ method: 'GET', path: '/Groups', headers: { authorization: 'Bearer idp-test-token' } });
    expect(group!.search).toMatch(/^\?filter=displayName\+eq\+%22[0-9a-f-]{36}%22$/);
  });

  it('fails Test Connection when the random group probe is not an empty list', async () => {
    const h = harness({ settings: { provisionGroups: true }, intercept: (request) => (new URL(request.url).pathname.endsWith('/Groups') ? new Response(null, { status: 404 }) : undefined) });
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages.join(' ')).toMatch(/^Entra Test Connection failed: GET \/Groups\?filter=displayName eq "[0-9a-f-]{36}" answered HTTP 404/);
  });

  it('sends the configured User-Agent on provisioning traffic', async () => {
    const h = harness({ settings: { userAgent: 'Microsoft.Identity.Provisioning/2.0' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    expect(h.take()[0]!.headers).toEqual(entraHeaders(false, 'Microsoft.Identity.Provisioning/2.0'));
  });
});

describe('Entra profile: the probe at the start of every activity (E5)', () => {
  it('queries a random GUID on the matching attribute first, with its User-Agent, before any provisioning request', async () => {
    const h = harness({});
    await perform(h, { kind: 'assign', users: ['user1'] });
    await perform(h, { kind: 'unassign', users: ['user1'] });
    const sent = h.takeAll().map(wire);
    const probes = sent.filter((r) => /^\?filter=userName\+eq\+%22[0-9a-f-]{36}%22$/.test(r.search));
    expect(probes).toHaveLength(2);
    expect(sent[0]).toEqual({ ...probes[0], method: 'GET', path: '/Users', headers: entraHeaders(false), body: undefined });
    expect(sent.map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'GET', 'PATCH']);
  });

  it('adds a random group probe with group provisioning on, and stops the activity when a probe is not an empty list', async () => {
    const h = harness({ settings: { provisionGroups: true, matchingAttribute: 'externalId' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const [users, groups] = h.takeAll().map(wire);
    expect(users!.search).toMatch(/^\?filter=externalId\+eq\+%22[0-9a-f-]{36}%22$/);
    expect(groups).toMatchObject({ method: 'GET', path: '/Groups' });

    const broken = harness({ intercept: (request) => (new URL(request.url).searchParams.get('filter')?.startsWith('userName eq') ? Response.json({ nope: true }, { status: 500 }) : undefined) });
    const outcome = await perform(broken, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/^Entra stopped before doing anything: its start-of-activity probe failed: GET \/Users\?filter=userName eq "[0-9a-f-]{36}" answered HTTP 500/);
    expect(broken.takeAll().map((r) => r.method)).toEqual(['GET']);
  });
});

describe('Entra profile: assign (provision on demand)', () => {
  it('matches on userName, then creates with core + enterprise schemas', async () => {
    const h = harness({});
    const u = h.directory.get('user1');
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take().map(wire);
    expect(sent).toEqual([
      { method: 'GET', path: '/Users', search: filterQuery(`userName eq "${u.userName}"`), headers: entraHeaders(false), body: undefined },
      { method: 'POST', path: '/Users', search: '', headers: entraHeaders(true), body: createBodyOf(u) },
    ]);
    expect(sent[0]!.search).toBe(`?filter=userName+eq+%22${u.userName.replace('@', '%40')}%22`);
    const id = h.state.provisioned.get('user1')!;
    expect(h.state.assigned.has('user1')).toBe(true);
    const stored = await readUser(h, id);
    expect(stored.body).toMatchObject({ userName: u.userName, active: true, externalId: u.externalId, [ENT]: { department: u.department } });
  });

  it('links an existing user and PATCHes what differs, reactivating it, in one request', async () => {
    const h = harness({});
    const u = h.directory.get('user1');
    const id = await seedUser(h, { userName: u.userName, name: { givenName: u.givenName, familyName: 'Stale' }, active: false });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take().map(wire);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({
      method: 'PATCH',
      path: `/Users/${id}`,
      search: '',
      headers: entraHeaders(true),
      body: patch(
        { op: 'Add', path: 'externalId', value: u.externalId },
        { op: 'Add', path: 'displayName', value: u.displayName },
        { op: 'Add', path: 'title', value: u.title },
        { op: 'Add', path: 'emails[type eq "work"].value', value: u.email },
        { op: 'Replace', path: 'name.familyName', value: u.familyName },
        { op: 'Add', path: 'name.formatted', value: `${u.givenName} ${u.familyName}` },
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: u.mobilePhone },
        { op: 'Add', path: `${ENT}:department`, value: u.department },
        { op: 'Add', path: `${ENT}:employeeNumber`, value: u.employeeNumber },
        { op: 'Replace', path: 'active', value: 'True' },
      ),
    });
    expect(h.state.provisioned.get('user1')).toBe(id);
    const stored = await readUser(h, id);
    expect(stored.body).toMatchObject({
      active: true,
      name: { familyName: u.familyName },
      emails: [{ type: 'work', value: u.email }],
      phoneNumbers: [{ type: 'mobile', value: u.mobilePhone }],
    });
  });

  it('sends nothing more when the matched user is already up to date', async () => {
    const h = harness({});
    await provision(h, 'user1');
    h.state.provisioned.clear();
    await perform(h, { kind: 'assign', users: ['user1'] });
    expect(h.take().map((r) => r.method)).toEqual(['GET']);
  });

  it('fails, with an admin task, when several users match', async () => {
    const h = harness({ settings: { matchingAttribute: 'externalId' } });
    const u = h.directory.get('user1');
    await seedUser(h, { userName: 'a@example.com', externalId: u.externalId });
    await seedUser(h, { userName: 'b@example.com', externalId: u.externalId });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/found 2 users matching/);
    expect(h.take().map((r) => r.method)).toEqual(['GET']);
    expect(h.state.adminTasks).toHaveLength(1);
  });

  it('fails when the create is refused', async () => {
    const h = harness({ intercept: (r) => (r.method === 'POST' ? Response.json({ schemas: [MESSAGE.error], status: '409', scimType: 'uniqueness', detail: 'taken' }, { status: 409 }) : undefined) });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/HTTP 409 \(taken\)/);
    expect(h.state.provisioned.size).toBe(0);
  });
});

describe('Entra profile: matchingAttribute', () => {
  it('externalId: filters on the objectId and links a user whose userName differs', async () => {
    const h = harness({ settings: { matchingAttribute: 'externalId' } });
    const u = h.directory.get('user1');
    const id = await seedUser(h, {
      userName: 'renamed@example.com',
      externalId: u.externalId,
      displayName: u.displayName,
      title: u.title,
      emails: [{ type: 'work', value: u.email, primary: true }],
      name: { formatted: `${u.givenName} ${u.familyName}`, givenName: u.givenName, familyName: u.familyName },
      phoneNumbers: [{ type: 'mobile', value: u.mobilePhone }],
      [ENT]: { department: u.department, employeeNumber: u.employeeNumber },
      active: true,
    });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const sent = h.take().map(wire);
    expect(sent[0]).toMatchObject({ method: 'GET', path: '/Users', search: filterQuery(`externalId eq "${u.externalId}"`) });
    expect(sent[0]!.search).toBe(`?filter=externalId+eq+%22${u.externalId}%22`);
    expect(sent[1]).toMatchObject({ method: 'PATCH', path: `/Users/${id}`, body: patch({ op: 'Replace', path: 'userName', value: u.userName }) });
    expect(sent).toHaveLength(2);
  });

  it('emails[type eq "work"].value: filters with a value-filter path and creates when nothing matches', async () => {
    const h = harness({ settings: { matchingAttribute: 'emails[type eq "work"].value' } });
    const u = h.directory.get('user2');
    const outcome = await perform(h, { kind: 'assign', users: ['user2'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take().map(wire);
    expect(sent[0]!.search).toBe(`?filter=emails%5Btype+eq+%22work%22%5D.value+eq+%22${u.email.replace('@', '%40')}%22`);
    expect(sent.map((r) => r.method)).toEqual(['GET', 'POST']);
    // The filter works on the target: a second provisioning finds the user instead of creating it.
    h.state.provisioned.clear();
    await perform(h, { kind: 'assign', users: ['user2'] });
    expect(h.take().map((r) => r.method)).toEqual(['GET']);
  });
});

describe('Entra profile: updates are PATCH with Entra quirks', () => {
  it('sends every change in one PATCH: capitalized ops, value-filter and enterprise URN paths', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    // The mail changes; the UPN (mapped to userName) stays as it was.
    const upn = h.directory.get('user1').userName;
    const u = h.directory.update('user1', { userName: upn, familyName: 'Moreau', email: 'j.moreau@example.com', department: 'Research', employeeNumber: '777' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Moreau' } });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      {
        method: 'PATCH',
        path: `/Users/${id}`,
        search: '',
        headers: entraHeaders(true),
        body: patch(
          { op: 'Replace', path: 'displayName', value: `${u.givenName} Moreau` },
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'j.moreau@example.com' },
          { op: 'Replace', path: 'name.familyName', value: 'Moreau' },
          { op: 'Replace', path: 'name.formatted', value: `${u.givenName} Moreau` },
          { op: 'Replace', path: `${ENT}:department`, value: 'Research' },
          { op: 'Replace', path: `${ENT}:employeeNumber`, value: '777' },
        ),
      },
    ]);
    const stored = await readUser(h, id);
    expect(stored.body).toMatchObject({
      displayName: `${u.givenName} Moreau`,
      name: { familyName: 'Moreau', formatted: `${u.givenName} Moreau` },
      emails: [{ type: 'work', value: 'j.moreau@example.com', primary: true }],
      [ENT]: { department: 'Research', employeeNumber: '777' },
    });
  });

  it('removes a cleared attribute and adds one that had no value', async () => {
    const h = harness({ directory: { users: 1, overrides: { user1: { title: null } } } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    h.directory.update('user1', { title: 'Engineer', department: null });
    await perform(h, { kind: 'update', user: 'user1', set: { title: 'Engineer', department: null } });
    expect(h.take().map((r) => r.body)).toEqual([patch({ op: 'Add', path: 'title', value: 'Engineer' }, { op: 'Remove', path: `${ENT}:department` })]);
    const stored = await readUser(h, id);
    expect(stored.body.title).toBe('Engineer');
    expect(stored.body[ENT]?.department).toBeUndefined();
  });

  it('sends nothing when no mapped attribute changed, or for a user not in scope', async () => {
    const h = harness({});
    await provision(h, 'user1');
    h.directory.update('user1', { locale: 'fr-FR' });
    expect(await perform(h, { kind: 'update', user: 'user1', set: { locale: 'fr-FR' } })).toMatchObject({ ok: true });
    h.directory.update('user2', { familyName: 'Nobody' });
    expect(await perform(h, { kind: 'update', user: 'user2', set: { familyName: 'Nobody' } })).toMatchObject({ ok: true });
    expect(h.take()).toEqual([]);
  });

  it('pushes every changed in-scope user in the incremental cycle, the edited one first', async () => {
    const h = harness({});
    await provision(h, 'user1', 'user2');
    h.directory.update('user1', { title: 'A' });
    h.directory.update('user2', { title: 'B' });
    await perform(h, { kind: 'update', user: 'user2', set: { title: 'B' } });
    const sent = h.take();
    expect(sent.map((r) => r.url.pathname)).toEqual([`${BASE}/Users/${h.state.provisioned.get('user2')}`, `${BASE}/Users/${h.state.provisioned.get('user1')}`]);
  });

  it('sets the manager as a plain id string on the enterprise URN path', async () => {
    const h = harness({});
    await provision(h, 'user1', 'user2');
    const id = h.state.provisioned.get('user1')!;
    const managerId = h.state.provisioned.get('user2')!;
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { manager: 'user2' } });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      { method: 'PATCH', path: `/Users/${id}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Add', path: `${ENT}:manager`, value: managerId }) },
    ]);
    expect((await readUser(h, id)).body[ENT].manager).toMatchObject({ value: managerId });
  });

  it('removes the manager with a value filter on it (as reported of Entra)', async () => {
    const h = harness({});
    await provision(h, 'user1', 'user2');
    const id = h.state.provisioned.get('user1')!;
    const managerId = h.state.provisioned.get('user2')!;
    await perform(h, { kind: 'update', user: 'user1', set: { manager: 'user2' } });
    h.take();
    await perform(h, { kind: 'update', user: 'user1', set: { manager: null } });
    // The reference provider refuses this path today (singular `manager` takes no value filter): only the
    // request is asserted here.
    expect(h.take().map(wire)).toEqual([
      { method: 'PATCH', path: `/Users/${id}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Remove', path: `${ENT}:manager[value eq "${managerId}"]` }) },
    ]);
  });

  it('leaves out a manager it has not provisioned', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { manager: 'user3' } });
    expect(outcome.ok).toBe(true);
    expect(outcome.messages.join(' ')).toMatch(/could not resolve the manager/);
    expect(h.take()).toEqual([]);
  });

  it('fails the update when the target refuses capitalized ops', async () => {
    const h = harness({ provider: { defect: 'refuse-capitalized-op' } });
    await provision(h, 'user1');
    h.directory.update('user1', { familyName: 'Moreau' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Moreau' } });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/HTTP 400.*Replace/);
    expect(h.state.adminTasks).toHaveLength(1);
  });
});

describe('Entra profile: the aadOptscim062020 flag (compliant PATCH shapes)', () => {
  it('disables with a lower-case replace and a real boolean, reactivates likewise', async () => {
    const h = harness({ settings: { aadOptscim062020: true } });
    await provision(h, 'user1');
    await perform(h, { kind: 'unassign', users: ['user1'] });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take().map((r) => r.body)).toEqual([patch({ op: 'replace', path: 'active', value: false }), patch({ op: 'replace', path: 'active', value: true })]);
  });

  it('groups several replaces into one replace without a path, keyed by attribute path, after the filtered ones', async () => {
    const h = harness({ settings: { aadOptscim062020: true } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    const upn = h.directory.get('user1').userName;
    const u = h.directory.update('user1', { userName: upn, familyName: 'Moreau', email: 'j.moreau@example.com', employeeNumber: '777' });
    expect((await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Moreau' } })).ok).toBe(true);
    expect(h.take().map((r) => r.body)).toEqual([
      patch(
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'j.moreau@example.com' },
        {
          op: 'replace',
          value: {
            displayName: `${u.givenName} Moreau`,
            'name.familyName': 'Moreau',
            'name.formatted': `${u.givenName} Moreau`,
            [`${ENT}:employeeNumber`]: '777',
          },
        },
      ),
    ]);
    // The reference provider reads each key as a path (a tolerance; README).
    expect((await readUser(h, id)).body).toMatchObject({
      displayName: `${u.givenName} Moreau`,
      name: { familyName: 'Moreau', formatted: `${u.givenName} Moreau` },
      emails: [{ type: 'work', value: 'j.moreau@example.com' }],
      [ENT]: { employeeNumber: '777' },
    });
  });

  it('keeps a single replace on its path, lower case', async () => {
    const h = harness({ settings: { aadOptscim062020: true } });
    await provision(h, 'user1');
    h.directory.update('user1', { title: 'Principal' });
    await perform(h, { kind: 'update', user: 'user1', set: { title: 'Principal' } });
    expect(h.take().map((r) => r.body)).toEqual([patch({ op: 'replace', path: 'title', value: 'Principal' })]);
  });

  it('removes group members one by one with a members[value eq "id"] path', async () => {
    const h = harness({ settings: { aadOptscim062020: true, provisionGroups: true }, directory: { users: 3 } });
    await provision(h, 'user1', 'user2', 'user3');
    const id = (k: string) => h.state.provisioned.get(k)!;
    await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2'] });
    h.take();
    const groupId = h.state.groups.get('Ops')!;
    expect((await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user3'] })).ok).toBe(true);
    expect(h.take().map((r) => r.body)).toEqual([
      patch(
        { op: 'add', path: 'members', value: [{ $ref: null, value: id('user3') }] },
        { op: 'remove', path: `members[value eq "${id('user1')}"]` },
        { op: 'remove', path: `members[value eq "${id('user2')}"]` },
      ),
    ]);
    const group = h.provider.store.get('Group', groupId)!.data as { members?: { value: string }[] };
    expect(group.members?.map((m) => m.value)).toEqual([id('user3')]);
  });
});

describe('Entra profile: unassign, reassign, delete', () => {
  it('soft-deletes with Replace active "False"; a GET still returns the user, active false', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    const outcome = await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      { method: 'PATCH', path: `/Users/${id}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Replace', path: 'active', value: 'False' }) },
    ]);
    expect(h.state.deactivated.has('user1')).toBe(true);
    expect(h.state.assigned.has('user1')).toBe(false);
    const stored = await readUser(h, id);
    expect(stored).toMatchObject({ status: 200, body: { id, active: false } });
  });

  it('with deprovisionOp Add, disables with Add active "False", as server authors report (E10)', async () => {
    const h = harness({ settings: { deprovisionOp: 'Add' } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    expect((await perform(h, { kind: 'unassign', users: ['user1'] })).ok).toBe(true);
    expect(h.take().map((r) => r.body)).toEqual([patch({ op: 'Add', path: 'active', value: 'False' })]);
    expect(await readUser(h, id)).toMatchObject({ status: 200, body: { id, active: false } });
  });

  it('does not push attribute changes of an unassigned user; reassign sends them with active "True"', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    await perform(h, { kind: 'unassign', users: ['user1'] });
    h.take();
    const reassigned = await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(reassigned.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      { method: 'PATCH', path: `/Users/${id}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Replace', path: 'active', value: 'True' }) },
    ]);
    expect((await readUser(h, id)).body.active).toBe(true);

    await perform(h, { kind: 'unassign', users: ['user1'] });
    h.directory.update('user1', { title: 'Returning' });
    await perform(h, { kind: 'update', user: 'user1', set: { title: 'Returning' } });
    h.take();
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take().map((r) => r.body)).toEqual([patch({ op: 'Replace', path: 'title', value: 'Returning' }, { op: 'Replace', path: 'active', value: 'True' })]);
  });

  it('booleanStrings: false (aadOptscim062020) sends real booleans', async () => {
    const h = harness({ settings: { booleanStrings: false } });
    await provision(h, 'user1');
    await perform(h, { kind: 'unassign', users: ['user1'] });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take().map((r) => r.body)).toEqual([patch({ op: 'Replace', path: 'active', value: false }), patch({ op: 'Replace', path: 'active', value: true })]);
  });

  it('refuses booleanStrings: true together with aadOptscim062020: true', async () => {
    const h = harness({ settings: { aadOptscim062020: true, booleanStrings: true } });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/booleanStrings: true contradicts aadOptscim062020/);
    expect(h.take()).toEqual([]);
  });

  it('string booleans fail against a target that refuses them, real booleans pass', async () => {
    const strict = harness({ provider: { defect: 'refuse-string-booleans' } });
    await provision(strict, 'user1');
    expect((await perform(strict, { kind: 'unassign', users: ['user1'] })).ok).toBe(false);
    const flagged = harness({ provider: { defect: 'refuse-string-booleans' }, settings: { booleanStrings: false } });
    await provision(flagged, 'user1');
    expect((await perform(flagged, { kind: 'unassign', users: ['user1'] })).ok).toBe(true);
  });

  it('reports a target that deleted the user on deactivation when reassigning', async () => {
    const h = harness({ provider: { defect: 'deactivate-deletes' } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    expect((await perform(h, { kind: 'unassign', users: ['user1'] })).ok).toBe(true);
    expect((await readUser(h, id)).status).toBe(404);
    const outcome = await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/HTTP 404.*lost a soft-deleted user/);
  });

  it('onUnassign: delete sends DELETE /Users/{id}', async () => {
    const h = harness({ settings: { onUnassign: 'delete' } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    expect((await perform(h, { kind: 'unassign', users: ['user1'] })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([{ method: 'DELETE', path: `/Users/${id}`, search: '', headers: entraHeaders(false), body: undefined }]);
    expect(h.state.provisioned.has('user1')).toBe(false);
    expect((await readUser(h, id)).status).toBe(404);
  });

  it('a user deleted in Entra is soft-deleted: disabled, not DELETEd (E3); a never-provisioned one sends nothing', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    expect((await perform(h, { kind: 'delete', users: ['user1', 'user2'] })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      { method: 'PATCH', path: `/Users/${id}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Replace', path: 'active', value: 'False' }) },
    ]);
    expect(await readUser(h, id)).toMatchObject({ status: 200, body: { active: false } });
  });

  it('onDelete: purge disables, then DELETEs; a user unassigned earlier gets nothing (E3, E-22)', async () => {
    const h = harness({ settings: { onDelete: 'purge' } });
    await provision(h, 'user1');
    await provision(h, 'user2');
    const [id1, id2] = [h.state.provisioned.get('user1')!, h.state.provisioned.get('user2')!];
    expect((await perform(h, { kind: 'delete', users: ['user1'] })).ok).toBe(true);
    expect(h.take().map((r) => `${r.method} ${r.url.pathname.slice(BASE.length)}`)).toEqual([`PATCH /Users/${id1}`, `DELETE /Users/${id1}`]);
    expect((await readUser(h, id1)).status).toBe(404);
    await perform(h, { kind: 'unassign', users: ['user2'] });
    h.take();
    expect((await perform(h, { kind: 'delete', users: ['user2'] })).ok).toBe(true);
    expect(h.take()).toEqual([]);
    expect(await readUser(h, id2)).toMatchObject({ status: 200, body: { active: false } });
  });
});

describe('Entra profile: Docker role mapping and attribute mapping sets', () => {
  it('carries dockerRole in the Docker extension when the user has one', async () => {
    const h = harness({ directory: { users: 2, roles: { user1: 'editor' } }, provider: DOCKER_HUB });
    await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
    const [, create1, , create2] = h.take();
    expect(create1!.body).toMatchObject({ schemas: [SCHEMA.user, ENT, DOCKER], [DOCKER]: { dockerRole: 'editor' } });
    expect(create2!.body).not.toHaveProperty([DOCKER]);
    expect((create2!.body as { schemas: string[] }).schemas).toEqual([SCHEMA.user, ENT]);
    h.directory.update('user1', { dockerRole: 'owner' });
    await perform(h, { kind: 'update', user: 'user1', set: { dockerRole: 'owner' } });
    expect(h.take().map((r) => r.body)).toEqual([patch({ op: 'Replace', path: `${DOCKER}:dockerRole`, value: 'owner' })]);
    expect((await readUser(h, h.state.provisioned.get('user1')!)).body[DOCKER]).toMatchObject({ dockerRole: 'owner' });
  });

  it('mapDockerRoles: false never sends the extension', async () => {
    const h = harness({ settings: { mapDockerRoles: false }, directory: { users: 1, roles: { user1: 'owner' } } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    expect(h.take()[1]!.body).not.toHaveProperty([DOCKER]);
  });

  it("attributeMappings: docker keeps only what Docker's guide keeps", async () => {
    const h = harness({ settings: { attributeMappings: 'docker' }, provider: { profile: 'docker-hub', verifiedDomains: ['example.com'] } });
    const u = h.directory.get('user1');
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
    expect(h.take()[1]!.body).toEqual({
      schemas: [SCHEMA.user, ENT],
      userName: u.userName,
      active: true,
      meta: { resourceType: 'User' },
      name: { familyName: u.familyName, givenName: u.givenName },
      roles: [],
    });
    h.directory.update('user1', { department: 'Ignored', givenName: 'Zoë' });
    await perform(h, { kind: 'update', user: 'user1', set: { givenName: 'Zoë' } });
    expect(h.take().map((r) => r.body)).toEqual([patch({ op: 'Replace', path: 'name.givenName', value: 'Zoë' })]);
  });

  it('refuses a matching attribute the mapping set does not carry', async () => {
    const h = harness({ settings: { attributeMappings: 'docker', matchingAttribute: 'externalId' } });
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(false);
    expect(h.take()).toEqual([]);
  });
});

describe('Entra profile: throttling', () => {
  it('honours 429 + Retry-After and retries exactly the failed request', async () => {
    let throttled = 0;
    const h = harness({
      intercept: (r) => {
        if (r.method === 'POST' && throttled === 0) {
          throttled += 1;
          return Response.json({ schemas: [MESSAGE.error], status: '429', detail: 'slow down' }, { status: 429, headers: { 'Retry-After': '2' } });
        }
        return undefined;
      },
    });
    const waits: number[] = [];
    h.ctx.http.sleep = async (ms) => {
      waits.push(ms);
    };
    const u = h.directory.get('user1');
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent.map((r) => r.method)).toEqual(['GET', 'POST', 'POST']);
    expect(wire(sent[2]!)).toEqual(wire(sent[1]!));
    expect(sent[2]!.body).toEqual(createBodyOf(u));
    expect(sent[2]!.label).toBe('create user1 (retry 1)');
    expect(waits).toEqual([2000]);
    expect(h.provider.store.count('User')).toBe(1);
  });

  it('retries a throttled PATCH alone', async () => {
    let throttled = false;
    const h = harness({
      intercept: (r) => {
        if (r.method === 'PATCH' && !throttled) {
          throttled = true;
          return new Response(null, { status: 429, headers: { 'Retry-After': '1' } });
        }
        return undefined;
      },
    });
    await provision(h, 'user1');
    await perform(h, { kind: 'unassign', users: ['user1'] });
    const sent = h.take();
    expect(sent.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    expect(sent[1]!.body).toEqual(sent[0]!.body);
    expect(h.state.deactivated.has('user1')).toBe(true);
  });

  it('gives up after five attempts and reports it', async () => {
    const h = harness({ intercept: (r) => (r.method === 'POST' ? new Response(null, { status: 429, headers: { 'Retry-After': '0' } }) : undefined) });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST', 'POST', 'POST', 'POST', 'POST']);
    expect(outcome.messages[0]).toMatch(/HTTP 429/);
  });

  it('does not retry a 400', async () => {
    const h = harness({ intercept: (r) => (r.method === 'POST' ? Response.json({ schemas: [MESSAGE.error], status: '400', detail: 'no' }, { status: 400 }) : undefined) });
    await perform(h, { kind: 'assign', users: ['user1'] });
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
  });
});

describe('Entra profile: full sync (initial cycle)', () => {
  it('50 users, 10 already provisioned: the target ends with exactly the 50, mapped', async () => {
    const h = harness({ directory: { users: 50 } });
    const all = h.directory.keys();
    // Five provisioned by Entra earlier, five created at the target by someone else with stale values.
    await provision(h, 'user1', 'user2', 'user3', 'user4', 'user5');
    for (const key of ['user6', 'user7', 'user8', 'user9', 'user10']) {
      const u = h.directory.get(key);
      await seedUser(h, { userName: u.userName, name: { givenName: u.givenName, familyName: 'Stale' }, active: key !== 'user6' });
    }
    expect(h.provider.store.count('User')).toBe(10);

    const outcome = await perform(h, { kind: 'fullSync', assigned: all });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    const gets = sent.filter((r) => r.method === 'GET');
    expect(gets).toHaveLength(50);
    expect(gets.map((r) => r.url.searchParams.get('filter'))).toEqual(all.map((k) => `userName eq "${h.directory.get(k).userName}"`));
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(40);
    const patches = sent.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(5);
    expect((patches[0]!.body as { Operations: { path: string; value: unknown }[] }).Operations).toContainEqual({ op: 'Replace', path: 'active', value: 'True' });
    expect(sent.every((r) => r.headers['user-agent'] === DEFAULT_USER_AGENT)).toBe(true);

    expect(h.provider.store.count('User')).toBe(50);
    const stored = [...h.provider.store.all('User')].map((r) => r.data as Record<string, any>);
    for (const key of all) {
      const u = h.directory.get(key);
      const user = stored.find((s) => s.userName === u.userName);
      expect(user, key).toMatchObject({
        externalId: u.externalId,
        active: true,
        displayName: u.displayName,
        name: { givenName: u.givenName, familyName: u.familyName, formatted: `${u.givenName} ${u.familyName}` },
        emails: [{ type: 'work', value: u.email }],
        [ENT]: { department: u.department, employeeNumber: u.employeeNumber },
      });
      expect(h.state.provisioned.get(key)).toBe(user!.id);
    }
  });

  it('disables provisioned users that are no longer in scope', async () => {
    const h = harness({});
    await provision(h, 'user1', 'user2');
    await perform(h, { kind: 'fullSync', assigned: ['user1'] });
    const sent = h.take();
    expect(sent.map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(sent[1]!.url.pathname).toBe(`${BASE}/Users/${h.state.provisioned.get('user2')}`);
    expect(sent[1]!.body).toEqual(patch({ op: 'Replace', path: 'active', value: 'False' }));
  });
});

describe('Entra profile: groups', () => {
  it('pushes nothing while group provisioning is off', async () => {
    const h = harness({});
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/provisionGroups/);
    expect(h.take()).toEqual([]);
  });

  it('looks the group up without members, creates it, adds and removes several members at once', async () => {
    const h = harness({ settings: { provisionGroups: true }, directory: { users: 4 } });
    await provision(h, 'user1', 'user2', 'user3', 'user4');
    const id = (k: string) => h.state.provisioned.get(k)!;
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Platform Team', members: ['user1', 'user2', 'user3'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take().map(wire);
    const groupId = h.state.groups.get('Platform Team')!;
    expect(sent[0]).toEqual({
      method: 'GET',
      path: '/Groups',
      search: '?excludedAttributes=members&filter=displayName+eq+%22Platform+Team%22',
      headers: entraHeaders(false),
      body: undefined,
    });
    expect(sent[1]).toMatchObject({ method: 'POST', path: '/Groups', search: '', headers: entraHeaders(true) });
    expect(sent[1]!.body).toEqual({
      schemas: [SCHEMA.group],
      externalId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/),
      displayName: 'Platform Team',
      meta: { resourceType: 'Group' },
    });
    expect(sent[2]).toEqual({
      method: 'PATCH',
      path: `/Groups/${groupId}`,
      search: '',
      headers: entraHeaders(true),
      body: patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: id('user1') }, { $ref: null, value: id('user2') }, { $ref: null, value: id('user3') }] }),
    });
    expect(sent).toHaveLength(3);

    await perform(h, { kind: 'pushGroup', name: 'Platform Team', members: ['user3', 'user4'] });
    expect(h.take().map(wire)).toEqual([
      {
        method: 'PATCH',
        path: `/Groups/${groupId}`,
        search: '',
        headers: entraHeaders(true),
        body: patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: id('user4') }] }, { op: 'Remove', path: 'members', value: [{ $ref: null, value: id('user1') }, { $ref: null, value: id('user2') }] }),
      },
    ]);
    const group = h.provider.store.get('Group', groupId)!.data as { members?: { value: string }[] };
    expect(group.members?.map((m) => m.value).sort()).toEqual([id('user3'), id('user4')].sort());
    // What Entra believes it pushed, which the runner reads the group back against.
    expect(entraProfile.pushedGroup?.('Platform Team', h.ctx)).toEqual({ id: groupId, members: ['user3', 'user4'] });
    expect(entraProfile.pushedGroup?.('Never Pushed', h.ctx)).toBeUndefined();

    // A push that names no members leaves the membership alone: no PATCH at all.
    expect((await perform(h, { kind: 'pushGroup', name: 'Platform Team', members: undefined })).ok).toBe(true);
    expect(h.take()).toEqual([]);
    const unchanged = h.provider.store.get('Group', groupId)!.data as { members?: { value: string }[] };
    expect(unchanged.members?.map((m) => m.value).sort()).toEqual([id('user3'), id('user4')].sort());
  });

  it('reports a refused member PATCH first, before what went well', async () => {
    const h = harness({ settings: { provisionGroups: true }, provider: { defect: 'refuse-capitalized-op' } });
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/could not update the members of group Ops.*HTTP 400/);
    expect(outcome.messages.slice(1).join(' ')).toMatch(/created user1.*created group Ops/);
  });

  it('renames with Replace displayName, then changes members; deletes with DELETE /Groups/{id}', async () => {
    const h = harness({ settings: { provisionGroups: true }, directory: { users: 2 } });
    await provision(h, 'user1', 'user2');
    await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1'] });
    h.take();
    const groupId = h.state.groups.get('Ops')!;
    const renamed = await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2'], renameTo: 'SRE' });
    expect(renamed.ok).toBe(true);
    expect(h.take().map(wire)).toEqual([
      { method: 'PATCH', path: `/Groups/${groupId}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Replace', path: 'displayName', value: 'SRE' }) },
      {
        method: 'PATCH',
        path: `/Groups/${groupId}`,
        search: '',
        headers: entraHeaders(true),
        body: patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: h.state.provisioned.get('user2')! }] }),
      },
    ]);
    expect(h.provider.store.get('Group', groupId)!.data).toMatchObject({ displayName: 'SRE' });
    expect([...h.state.groups.keys()]).toEqual(['SRE']);

    expect((await perform(h, { kind: 'pushGroup', name: 'SRE', members: undefined, delete: true })).ok).toBe(true);
    expect(h.take().map(wire)).toEqual([{ method: 'DELETE', path: `/Groups/${groupId}`, search: '', headers: entraHeaders(false), body: undefined }]);
    expect(h.provider.store.get('Group', groupId)).toBeUndefined();
    expect(h.state.groups.size).toBe(0);
  });

  it('fails a rename of a group it never provisioned, and a refused DELETE', async () => {
    const h = harness({ settings: { provisionGroups: true } });
    const rename = await perform(h, { kind: 'pushGroup', name: 'Ghosts', members: undefined, renameTo: 'Spirits' });
    expect(rename.ok).toBe(false);
    expect(rename.messages[0]).toMatch(/cannot rename group Ghosts: it never provisioned it/);
    expect(h.take()).toEqual([]);
    const docker = harness({ settings: { provisionGroups: true }, provider: { profile: 'docker-hub' } });
    const refused = await perform(docker, { kind: 'pushGroup', name: 'Ops', members: [] });
    expect(refused.ok).toBe(false);
  });

  it('provisions members it has not provisioned yet, and links an existing group', async () => {
    const h = harness({ settings: { provisionGroups: true } });
    const existing = await h.ctx.http.send({ method: 'POST', path: '/Groups', body: { schemas: [SCHEMA.group], displayName: 'Ops' } }, 'groups', 'seed');
    h.take();
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user2'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent.map((r) => `${r.method} ${r.url.pathname.slice(BASE.length)}`)).toEqual(['GET /Users', 'POST /Users', 'GET /Groups', `PATCH /Groups/${(existing.responseJson as { id: string }).id}`]);
  });
});

describe('Entra: the user as it maps it (full-sync attribute check)', () => {
  it('is the create body without active and meta, with the manager once Entra provisioned it', async () => {
    const h = harness({ directory: { users: 2 } });
    const u = h.directory.get('user1');
    const { active: _active, meta: _meta, ...expected } = createBodyOf(u);
    expect(entraProfile.mappedUser!('user1', h.ctx)).toEqual(expected);
    await provision(h, 'user2');
    await perform(h, { kind: 'update', user: 'user1', set: { manager: 'user2' } });
    h.take();
    expect((entraProfile.mappedUser!('user1', h.ctx)![ENT] as Record<string, unknown>).manager).toEqual({ value: h.state.provisioned.get('user2') });
  });
});
