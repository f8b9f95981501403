/**
 * Docker group mapping (audit source D2) over HTTP: Groups are teams `organization:team` of the provider's
 * organization; members are users, whose `groups` show their teams; `dockerTeam` creates the team (D1).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { create, expectScimError, groupBody, patchBody, startProvider, storeSnapshot, type ScimCallOptions, type TestProvider } from '../test-support.js';

type Json = Record<string, any>;

const DOCKER = SCHEMA.dockerUser;

let t: TestProvider;
beforeEach(async () => {
  t = await startProvider({ profile: 'docker-hub', verifiedDomains: ['example.com'], organization: { name: 'myorg' } });
});
afterEach(() => t.close());

function member(userName: string, docker?: Json): Json {
  return { schemas: docker ? [SCHEMA.user, DOCKER] : [SCHEMA.user], userName, active: true, ...(docker ? { [DOCKER]: docker } : {}) };
}

async function fails(method: string, path: string, options: ScimCallOptions, status: number, scimType: string | null): Promise<Json> {
  const before = storeSnapshot(t.provider);
  const res = await t.scim(method, path, options);
  expectScimError(res, status, scimType);
  expect(storeSnapshot(t.provider)).toBe(before);
  return res.body as Json;
}

describe('a group is a team named organization:team', () => {
  it('myorg:backend is created with its members; each member shows the team in groups', async () => {
    const alice = await create(t.scim, '/Users', member('alice@example.com'));
    const bob = await create(t.scim, '/Users', member('bob@example.com'));
    const res = await t.scim('POST', '/Groups', { body: groupBody('myorg:backend', [alice.id, bob.id]) });
    expect(res.status, res.text).toBe(201);
    expect(res.body.displayName).toBe('myorg:backend');
    expect((res.body.members as Json[]).map((m) => m.value).sort()).toEqual([alice.id, bob.id].sort());
    const read = (await t.scim('GET', `/Users/${alice.id}`)).body;
    expect(read.groups).toEqual([{ value: res.body.id, display: 'myorg:backend', type: 'direct' }]);
    // dockerTeam is the IdP's own attribute: group mapping never writes it.
    expect(read[DOCKER]).toEqual({ dockerRole: 'member' });
  });

  it('the organization part matches without case', async () => {
    const res = await t.scim('POST', '/Groups', { body: groupBody('MyOrg:desktop') });
    expect(res.status, res.text).toBe(201);
  });

  it.each(['Engineering', 'backend', ':backend', 'myorg:', 'myorg: ', 'myorg:a:b'])('%j → 400 invalidValue naming the expected form', async (name) => {
    const body = await fails('POST', '/Groups', { body: groupBody(name) }, 400, 'invalidValue');
    expect(body.detail).toContain("'myorg:<team>'");
  });

  it('another organization → 400 invalidValue naming both', async () => {
    const body = await fails('POST', '/Groups', { body: groupBody('whale:desktop') }, 400, 'invalidValue');
    expect(body.detail).toMatch(/'whale'.*'myorg'/);
  });

  it('a team name is unique in the organization (without case) → 409 uniqueness', async () => {
    await create(t.scim, '/Groups', groupBody('myorg:ops'));
    await fails('POST', '/Groups', { body: groupBody('MYORG:OPS') }, 409, 'uniqueness');
  });

  it('a group is not a member of a team → 400 invalidValue', async () => {
    const inner = await create(t.scim, '/Groups', groupBody('myorg:inner'));
    await fails('POST', '/Groups', { body: groupBody('myorg:outer', [inner.id]) }, 400, 'invalidValue');
  });

  it('a rename by PATCH or PUT must keep the form', async () => {
    const team = await create(t.scim, '/Groups', groupBody('myorg:ops'));
    await fails('PATCH', `/Groups/${team.id}`, { body: patchBody({ op: 'replace', path: 'displayName', value: 'Ops' }) }, 400, 'invalidValue');
    await fails('PUT', `/Groups/${team.id}`, { body: groupBody('other:ops') }, 400, 'invalidValue');
    const renamed = await t.scim('PATCH', `/Groups/${team.id}`, { body: patchBody({ op: 'replace', value: { id: team.id, displayName: 'myorg:platform' } }) });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.displayName).toBe('myorg:platform');
  });

  it('members pushed by PATCH add/remove (Okta, Entra shapes) join and leave the team', async () => {
    const user = await create(t.scim, '/Users', member('carol@example.com'));
    const team = await create(t.scim, '/Groups', { schemas: [SCHEMA.group], externalId: 'entra-1', displayName: 'myorg:qa', meta: { resourceType: 'Group' } });
    const add = await t.scim('PATCH', `/Groups/${team.id}`, { body: patchBody({ op: 'Add', path: 'members', value: [{ $ref: null, value: user.id }] }) });
    expect(add.status, add.text).toBe(200);
    expect((await t.scim('GET', `/Users/${user.id}`)).body.groups).toHaveLength(1);
    const remove = await t.scim('PATCH', `/Groups/${team.id}`, { body: patchBody({ op: 'remove', path: `members[value eq "${user.id}"]` }) });
    expect(remove.status, remove.text).toBe(200);
    expect((await t.scim('GET', `/Users/${user.id}`)).body.groups).toBeUndefined();
  });

  it('a bad group in Bulk is that operation\'s SCIM error', async () => {
    const res = await t.scim('POST', '/Bulk', {
      body: { schemas: [MESSAGE.bulkRequest], Operations: [{ method: 'POST', path: '/Groups', bulkId: 'g', data: groupBody('Engineering') }] },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.Operations[0].status).toBe('400');
    expect(res.body.Operations[0].response).toMatchObject({ schemas: [MESSAGE.error], scimType: 'invalidValue' });
  });

  it('displayName eq finds a team (the IdPs\' lookup before create)', async () => {
    const team = await create(t.scim, '/Groups', groupBody('myorg:backend'));
    const res = await t.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "myorg:backend"')}&excludedAttributes=members`);
    expect(res.status, res.text).toBe(200);
    expect((res.body.Resources as Json[]).map((g) => g.id)).toEqual([team.id]);
  });
});

describe('dockerTeam puts the user in that team, creating it (D1)', () => {
  it('on create: the team myorg:<dockerTeam> appears with the user as member', async () => {
    const user = (await t.scim('POST', '/Users', { body: member('dev@example.com', { dockerTeam: 'developers' }) })).body;
    expect(user.groups).toEqual([{ value: expect.any(String), display: 'myorg:developers', type: 'direct' }]);
    const teams = (await t.scim('GET', '/Groups')).body.Resources as Json[];
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({ displayName: 'myorg:developers', members: [{ value: user.id, type: 'User' }] });
    expect(user[DOCKER]).toEqual({ dockerRole: 'member', dockerTeam: 'developers' });
    // The response carries the version the store holds after the team join; the join is part of the create.
    expect((await t.scim('GET', `/Users/${user.id}`)).body.meta.version).toBe(user.meta.version);
    expect(user.meta.lastModified).toBe(user.meta.created);
  });

  it('joins an existing team (also one pushed as a group), once', async () => {
    const team = await create(t.scim, '/Groups', groupBody('myorg:ops'));
    const user = await create(t.scim, '/Users', member('ops@example.com', { dockerOrg: 'myorg', dockerTeam: 'Ops' }));
    const again = await t.scim('PUT', `/Users/${user.id}`, { body: member('ops@example.com', { dockerTeam: 'ops' }) });
    expect(again.status, again.text).toBe(200);
    const read = (await t.scim('GET', `/Groups/${team.id}`)).body;
    expect((read.members as Json[]).map((m) => m.value)).toEqual([user.id]);
    expect(t.provider.store.count('Group')).toBe(1);
  });

  it('by PATCH (Entra sets it by its URN path)', async () => {
    const user = await create(t.scim, '/Users', member('patch@example.com'));
    const res = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody({ op: 'Add', path: `${DOCKER}:dockerTeam`, value: 'core' }) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.groups).toEqual([{ value: expect.any(String), display: 'myorg:core', type: 'direct' }]);
  });

  it('with dockerOrg naming another organization: stored, no team here', async () => {
    const user = await create(t.scim, '/Users', member('moby@example.com', { dockerOrg: 'moby', dockerTeam: 'builders' }));
    expect(user.groups).toBeUndefined();
    expect(t.provider.store.count('Group')).toBe(0);
  });

  it('a dockerTeam that is not a team name → 400 invalidValue, nothing stored', async () => {
    await fails('POST', '/Users', { body: member('colon@example.com', { dockerTeam: 'myorg:backend' }) }, 400, 'invalidValue');
    expect(t.provider.store.count('User')).toBe(0);
  });
});
