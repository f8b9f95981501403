/**
 * The Microsoft Entra ID profile on the wire: every user action's requests exactly as they go out (method, path,
 * query and its encoding, headers, JSON body with Entra's quirks), against a fresh reference provider. A test of a
 * quirk names its source tag (../shared/docs/idp-fidelity-audit.md). Groups: entra/groups.test.ts; escrow,
 * quarantine, throttling and on-demand: entra/job.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { entraProfile } from './entra.js';
import { DEFAULT_USER_AGENT, ENTRA_DECLARATION } from './entra/declaration.js';
import { mailNickname } from './entra/mapping.js';
import {
  BASE,
  closeHarnesses,
  createBodyOf,
  DOCKER,
  driftUser,
  ENT,
  entraHeaders,
  filterQuery,
  harness,
  line,
  patch,
  perform,
  provision,
  query,
  readUser,
  scimError,
  seedUser,
  userNameFilter,
  wire,
  type EntraHarness,
} from './entra/wire-support.js';
import type { SentRequest } from './test-support.js';

afterEach(closeHarnesses);

const patches = (sent: SentRequest[]) => sent.filter((r) => r.method === 'PATCH').map((r) => r.body);

describe('Entra profile: declaration and settings', () => {
  it('declares every setting it reads, each with a default', () => {
    expect(Object.keys(ENTRA_DECLARATION.settings).sort()).toEqual(
      [
        'aadOptscim062020',
        'adscimGroupSchema',
        'assignBy',
        'attributeMappings',
        'booleanStrings',
        'deprovisionOp',
        'externalIdFrom',
        'mapDockerRoles',
        'matchingAttribute',
        'memberChecks',
        'onDelete',
        'onUnassign',
        'provisionGroups',
        'throttling',
        'userAgent',
      ].sort(),
    );
    expect(entraProfile.declaration).toBe(ENTRA_DECLARATION);
  });

  it('refuses unknown or mistyped settings without sending anything', async () => {
    const h = harness({ settings: { booleanStrings: 'no', deleteUsers: true } });
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/booleanStrings.*deleteUsers|deleteUsers.*booleanStrings/s);
    expect(h.take()).toEqual([]);
  });

  it('refuses a matching attribute Entra does not map, or the mapping set does not carry', async () => {
    const unknown = await perform(harness({ settings: { matchingAttribute: 'nickName' } }), { kind: 'testConnection' });
    expect(unknown).toMatchObject({ ok: false, messages: [expect.stringContaining('nickName')] });
    const h = harness({ settings: { attributeMappings: 'docker', matchingAttribute: 'externalId' } });
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(false);
    expect(h.take()).toEqual([]);
  });

  it('refuses booleanStrings: true together with aadOptscim062020: true', async () => {
    const h = harness({ settings: { aadOptscim062020: true, booleanStrings: true } });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/booleanStrings: true contradicts aadOptscim062020/);
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
    expect(sent).toMatchObject({ method: 'GET', path: '/Users', headers: { authorization: 'Bearer idp-test-token-0123' }, body: undefined });
    expect(Object.keys(sent.headers)).toEqual(['authorization']);
    expect(sent.search).toMatch(/^\?filter=userName\+eq\+%22[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}%22$/);
    expect([...request!.url.searchParams.keys()]).toEqual(['filter']);
    expect(request!.behaviour).toBe('entra.test-connection.users');
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
    const [user, group, ...rest] = h.take();
    expect(rest).toEqual([]);
    expect(wire(user!)).toMatchObject({ method: 'GET', path: '/Users' });
    expect(user!.url.search).toMatch(/^\?filter=externalId\+eq\+%22[0-9a-f-]{36}%22$/);
    expect(wire(group!)).toMatchObject({ method: 'GET', path: '/Groups', headers: { authorization: 'Bearer idp-test-token-0123' } });
    expect(group!.url.search).toMatch(/^\?filter=displayName\+eq\+%22[0-9a-f-]{36}%22$/);
    expect(group!.behaviour).toBe('entra.test-connection.groups');
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
    const [users, groups] = h.takeAll();
    expect(users!.url.search).toMatch(/^\?filter=externalId\+eq\+%22[0-9a-f-]{36}%22$/);
    expect(wire(groups!)).toMatchObject({ method: 'GET', path: '/Groups' });
    expect(groups!.behaviour).toBe('entra.activity-probe');

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
    const sent = h.take();
    expect(sent.map(wire)).toEqual([
      { method: 'GET', path: '/Users', search: userNameFilter(u), headers: entraHeaders(false), body: undefined },
      { method: 'POST', path: '/Users', search: '', headers: entraHeaders(true), body: createBodyOf(u) },
    ]);
    expect(sent[0]!.url.search).toBe(`?filter=userName+eq+%22${u.userName.replace('@', '%40')}%22`);
    expect(sent.map((r) => r.behaviour)).toEqual(['entra.user.match', 'entra.user.create']);
    const id = h.state.provisioned.get('user1')!;
    expect(h.state.assigned.has('user1')).toBe(true);
    const stored = await readUser(h, id);
    expect(stored.body).toMatchObject({ userName: u.userName, active: true, externalId: mailNickname(u), [ENT]: { department: u.department } });
  });

  it('links an existing user and PATCHes what differs, reactivating it, in one request', async () => {
    const h = harness({});
    const u = h.directory.get('user1');
    const id = await seedUser(h, { userName: u.userName, name: { givenName: u.givenName, familyName: 'Stale' }, active: false });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.behaviour).toBe('entra.user.link-patch');
    expect(wire(sent[1]!)).toEqual({
      method: 'PATCH',
      path: `/Users/${id}`,
      search: '',
      headers: entraHeaders(true),
      body: patch(
        { op: 'Add', path: 'externalId', value: mailNickname(u) },
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
    await seedUser(h, { userName: 'a@example.com', externalId: mailNickname(u) });
    await seedUser(h, { userName: 'b@example.com', externalId: mailNickname(u) });
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

describe('Entra profile: matchingAttribute and the externalId mapping', () => {
  it('maps externalId from mailNickname by default (E2); externalIdFrom: objectId sends the objectId', async () => {
    const h = harness({});
    const u = h.directory.get('user1');
    await perform(h, { kind: 'assign', users: ['user1'] });
    expect(h.take()[1]!.body).toMatchObject({ externalId: u.userName.split('@')[0] });
    const custom = harness({ settings: { externalIdFrom: 'objectId' } });
    await perform(custom, { kind: 'assign', users: ['user1'] });
    expect(custom.take()[1]!.body).toMatchObject({ externalId: custom.directory.get('user1').externalId });
  });

  it('externalId: filters on it and links a user whose userName differs', async () => {
    const h = harness({ settings: { matchingAttribute: 'externalId', externalIdFrom: 'objectId' } });
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

describe('Entra profile: updates are read, then PATCHed with Entra quirks', () => {
  it('reads the user with the matching filter before each update, then sends every change in one PATCH (E3, E6, E14)', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    // The mail changes; the UPN (mapped to userName) stays as it was.
    const upn = h.directory.get('user1').userName;
    const u = h.directory.update('user1', { userName: upn, familyName: 'Moreau', email: 'j.moreau@example.com', department: 'Research', employeeNumber: '777' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Moreau' } });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent.map((r) => r.behaviour)).toEqual(['entra.user.read-before-update', 'entra.user.update-patch']);
    expect(sent.map(wire)).toEqual([
      { method: 'GET', path: '/Users', search: userNameFilter(u), headers: entraHeaders(false), body: undefined },
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

  it('PATCHes what differs from the user as read: a value changed behind its back is put back (E3)', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    const u = h.directory.get('user1');
    await driftUser(h, id, { op: 'replace', path: 'title', value: 'Drifted' });
    h.directory.update('user1', { department: 'Research' });
    await perform(h, { kind: 'update', user: 'user1', set: { department: 'Research' } });
    expect(patches(h.take())).toEqual([patch({ op: 'Replace', path: 'title', value: u.title }, { op: 'Replace', path: `${ENT}:department`, value: 'Research' })]);
  });

  it('keeps PATCHing the id it cached when the read finds nobody (a changed UPN), without creating (E3)', async () => {
    // externalId from the objectId: here mailNickname follows the UPN, which would add its own Replace.
    const h = harness({ settings: { externalIdFrom: 'objectId' } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    const u = h.directory.update('user1', { userName: 'renamed@example.com' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { userName: 'renamed@example.com' } });
    expect(outcome.ok).toBe(true);
    expect(outcome.messages.join(' ')).toMatch(/found no user with userName eq ".*"; it goes on with .*, the id it cached/);
    const sent = h.take();
    expect(sent.map(line)).toEqual(['GET /Users', `PATCH /Users/${id}`]);
    expect(sent[0]!.url.search).toBe(userNameFilter(u));
    expect(sent[1]!.body).toEqual(patch({ op: 'Replace', path: 'userName', value: u.userName }));
    expect(h.provider.store.count('User')).toBe(1);
  });

  it('fails when the read is refused, and sends no PATCH', async () => {
    let refuse = false;
    // The start-up probe filters on a GUID; the read on the UPN, which has an @.
    const h = harness({ intercept: (r) => (refuse && new URL(r.url).searchParams.get('filter')?.includes('@') ? scimError(500, 'down') : undefined) });
    await provision(h, 'user1');
    refuse = true;
    h.directory.update('user1', { title: 'Principal' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { title: 'Principal' } });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/could not read user1: GET \/Users\?filter=userName eq ".*" answered HTTP 500 \(down\)/);
    expect(h.take().map((r) => r.method)).toEqual(['GET']);
  });

  it('removes a cleared attribute it had pushed and adds one that had no value (E-18: doubtful, E15)', async () => {
    const h = harness({ directory: { users: 1, overrides: { user1: { title: null } } } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    h.directory.update('user1', { title: 'Engineer', department: null });
    await perform(h, { kind: 'update', user: 'user1', set: { title: 'Engineer', department: null } });
    expect(patches(h.take())).toEqual([patch({ op: 'Add', path: 'title', value: 'Engineer' }, { op: 'Remove', path: `${ENT}:department` })]);
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
    const [id1, id2] = [h.state.provisioned.get('user1'), h.state.provisioned.get('user2')];
    expect(h.take().map(line)).toEqual(['GET /Users', `PATCH /Users/${id2}`, 'GET /Users', `PATCH /Users/${id1}`]);
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

describe('Entra profile: the manager (E2 Example 4, E7, E8)', () => {
  /** The reference provider answers Entra's manager check itself (a filter on the bare `manager`'s value). */
  function checked(settings: Record<string, unknown> = {}): EntraHarness {
    return harness({ settings });
  }

  it('checks with id eq "…" and manager eq "…"&attributes=id, then sets it as a plain id string (E2, E7)', async () => {
    const h = checked();
    await provision(h, 'user1', 'user2');
    const id = h.state.provisioned.get('user1')!;
    const managerId = h.state.provisioned.get('user2')!;
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { manager: 'user2' } });
    expect(outcome.ok).toBe(true);
    const [, check, sent, ...rest] = h.take();
    expect(rest).toEqual([]);
    expect(wire(check!)).toEqual({
      method: 'GET',
      path: '/Users',
      search: query({ filter: `id eq "${id}" and manager eq "${managerId}"`, attributes: 'id' }),
      headers: entraHeaders(false),
      body: undefined,
    });
    expect(check!.url.search).toBe(`?filter=id+eq+%22${id}%22+and+manager+eq+%22${managerId}%22&attributes=id`);
    expect(check!.behaviour).toBe('entra.user.manager-check');
    expect(wire(sent!)).toEqual({ method: 'PATCH', path: `/Users/${id}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Add', path: `${ENT}:manager`, value: managerId }) });
    expect((await readUser(h, id)).body[ENT].manager).toMatchObject({ value: managerId });
  });

  it('leaves the manager out of the PATCH when the check finds it already set (E2)', async () => {
    const h = checked();
    await provision(h, 'user1', 'user2');
    const id = h.state.provisioned.get('user1')!;
    const managerId = h.state.provisioned.get('user2')!;
    await driftUser(h, id, { op: 'add', path: `${ENT}:manager`, value: { value: managerId } });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { manager: 'user2' } });
    expect(outcome.messages.join(' ')).toMatch(/found the manager of user1 already set/);
    expect(h.take().map(line)).toEqual(['GET /Users', 'GET /Users']);
    // Entra now counts it as pushed: the next cycle sends nothing for it.
    await perform(h, { kind: 'update', user: 'user1', set: {} });
    expect(h.take()).toEqual([]);
  });

  it('a refused check leaves the manager out as a reference failure, retried in the next cycle (E2, E17)', async () => {
    const refuseCheck = (request: Request) => (new URL(request.url).searchParams.get('filter')?.includes(' and manager eq ') ? scimError(400, 'manager is not filterable') : undefined);
    const h = harness({ intercept: refuseCheck });
    await provision(h, 'user1', 'user2');
    h.directory.update('user1', { title: 'Principal' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { manager: 'user2' } });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/could not check the manager of user1 .*answered HTTP 400.*reference failure/);
    expect(patches(h.take())).toEqual([patch({ op: 'Replace', path: 'title', value: 'Principal' })]);
    await perform(h, { kind: 'update', user: 'user2', set: {} });
    expect(h.take().map(line)).toEqual(['GET /Users', 'GET /Users']);
  });

  it('removes the manager with a value filter on it, without a check (E8)', async () => {
    const h = checked();
    await provision(h, 'user1', 'user2');
    const id = h.state.provisioned.get('user1')!;
    const managerId = h.state.provisioned.get('user2')!;
    await perform(h, { kind: 'update', user: 'user1', set: { manager: 'user2' } });
    h.take();
    await perform(h, { kind: 'update', user: 'user1', set: { manager: null } });
    expect(h.take().map(wire)).toEqual([
      expect.objectContaining({ method: 'GET', path: '/Users' }),
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
});

describe('Entra profile: the aadOptscim062020 flag, in cycles (E1, E11)', () => {
  it('disables with a lower-case replace and a real boolean, reactivates likewise', async () => {
    const h = harness({ settings: { aadOptscim062020: true } });
    await provision(h, 'user1');
    await perform(h, { kind: 'unassign', users: ['user1'] });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    const sent = h.take();
    expect(patches(sent)).toEqual([patch({ op: 'replace', path: 'active', value: false }), patch({ op: 'replace', path: 'active', value: true })]);
    expect(sent.filter((r) => r.method === 'PATCH').map((r) => r.behaviour)).toEqual(['entra.patch.aadoptscim062020', 'entra.patch.aadoptscim062020']);
  });

  it('groups several replaces into one replace without a path, keyed by attribute path, after the filtered ones', async () => {
    const h = harness({ settings: { aadOptscim062020: true } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    const upn = h.directory.get('user1').userName;
    const u = h.directory.update('user1', { userName: upn, familyName: 'Moreau', email: 'j.moreau@example.com', employeeNumber: '777' });
    expect((await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Moreau' } })).ok).toBe(true);
    expect(patches(h.take())).toEqual([
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
    expect(patches(h.take())).toEqual([patch({ op: 'replace', path: 'title', value: 'Principal' })]);
  });
});

describe('Entra profile: unassign, reassign, delete (E3)', () => {
  it('soft-deletes with Replace active "False"; a GET still returns the user, active false', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    const outcome = await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    expect(sent.map(wire)).toEqual([{ method: 'PATCH', path: `/Users/${id}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Replace', path: 'active', value: 'False' }) }]);
    expect(sent[0]!.behaviour).toBe('entra.user.disable-patch');
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

  it('does not push attribute changes of an unassigned user; reassign reads it, then sends them with active "True" (E3)', async () => {
    const h = harness({});
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    const u = h.directory.get('user1');
    await perform(h, { kind: 'unassign', users: ['user1'] });
    h.take();
    const reassigned = await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(reassigned.ok).toBe(true);
    const sent = h.take();
    expect(sent.map(wire)).toEqual([
      { method: 'GET', path: '/Users', search: userNameFilter(u), headers: entraHeaders(false), body: undefined },
      { method: 'PATCH', path: `/Users/${id}`, search: '', headers: entraHeaders(true), body: patch({ op: 'Replace', path: 'active', value: 'True' }) },
    ]);
    expect(sent.map((r) => r.behaviour)).toEqual(['entra.user.read-before-update', 'entra.user.reactivate-patch']);
    expect((await readUser(h, id)).body.active).toBe(true);

    await perform(h, { kind: 'unassign', users: ['user1'] });
    h.directory.update('user1', { title: 'Returning' });
    await perform(h, { kind: 'update', user: 'user1', set: { title: 'Returning' } });
    h.take();
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(patches(h.take())).toEqual([patch({ op: 'Replace', path: 'title', value: 'Returning' }, { op: 'Replace', path: 'active', value: 'True' })]);
  });

  it('booleanStrings: false sends real booleans', async () => {
    const h = harness({ settings: { booleanStrings: false } });
    await provision(h, 'user1');
    await perform(h, { kind: 'unassign', users: ['user1'] });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(patches(h.take())).toEqual([patch({ op: 'Replace', path: 'active', value: false }), patch({ op: 'Replace', path: 'active', value: true })]);
  });

  it('string booleans fail against a target that refuses them, real booleans pass (E1)', async () => {
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

  it('onUnassign: delete sends DELETE /Users/{id}, as only some gallery apps do (E3, E-20)', async () => {
    const h = harness({ settings: { onUnassign: 'delete' } });
    await provision(h, 'user1');
    const id = h.state.provisioned.get('user1')!;
    expect((await perform(h, { kind: 'unassign', users: ['user1'] })).ok).toBe(true);
    const sent = h.take();
    expect(sent.map(wire)).toEqual([{ method: 'DELETE', path: `/Users/${id}`, search: '', headers: entraHeaders(false), body: undefined }]);
    expect(sent[0]!.behaviour).toBe('entra.user.delete-on-unassign');
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
    const sent = h.take();
    expect(sent.map(line)).toEqual([`PATCH /Users/${id1}`, `DELETE /Users/${id1}`]);
    expect(sent[1]!.behaviour).toBe('entra.user.delete-purged');
    expect((await readUser(h, id1)).status).toBe(404);
    await perform(h, { kind: 'unassign', users: ['user2'] });
    h.take();
    expect((await perform(h, { kind: 'delete', users: ['user2'] })).ok).toBe(true);
    expect(h.take()).toEqual([]);
    expect(await readUser(h, id2)).toMatchObject({ status: 200, body: { active: false } });
  });
});

describe('Entra profile: Docker role mapping and attribute mapping sets (D1)', () => {
  it('carries dockerRole in the Docker extension when the user has one', async () => {
    const h = harness({ directory: { users: 2, roles: { user1: 'editor' } }, provider: { profile: 'docker-hub', verifiedDomains: [] } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
    const [, create1, , create2] = h.take();
    expect(create1!.body).toMatchObject({ schemas: [SCHEMA.user, ENT, DOCKER], [DOCKER]: { dockerRole: 'editor' } });
    expect(create2!.body).not.toHaveProperty([DOCKER]);
    expect((create2!.body as { schemas: string[] }).schemas).toEqual([SCHEMA.user, ENT]);
    h.directory.update('user1', { dockerRole: 'owner' });
    await perform(h, { kind: 'update', user: 'user1', set: { dockerRole: 'owner' } });
    expect(patches(h.take())).toEqual([patch({ op: 'Replace', path: `${DOCKER}:dockerRole`, value: 'owner' })]);
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
    expect(patches(h.take())).toEqual([patch({ op: 'Replace', path: 'name.givenName', value: 'Zoë' })]);
  });
});

describe('Entra profile: full sync (Restart provisioning, the initial cycle)', () => {
  it('50 users, 10 already at the target: the target ends with exactly the 50, mapped (E3)', async () => {
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
    const sentPatches = sent.filter((r) => r.method === 'PATCH');
    expect(sentPatches).toHaveLength(5);
    expect((sentPatches[0]!.body as { Operations: { path: string; value: unknown }[] }).Operations).toContainEqual({ op: 'Replace', path: 'active', value: 'True' });
    expect(sent.every((r) => r.headers['user-agent'] === DEFAULT_USER_AGENT)).toBe(true);
    expect(sent.filter((r) => r.method !== 'GET').every((r) => r.area === 'full-sync')).toBe(true);

    expect(h.provider.store.count('User')).toBe(50);
    const stored = [...h.provider.store.all('User')].map((r) => r.data as Record<string, any>);
    for (const key of all) {
      const u = h.directory.get(key);
      const user = stored.find((s) => s.userName === u.userName);
      expect(user, key).toMatchObject({
        externalId: mailNickname(u),
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
