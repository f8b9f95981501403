/**
 * Entra's group provisioning on the wire (E2 "Group Operations"): lookup without members, create, members by one
 * PATCH of value lists with `"$ref": null`, rename, delete; with the flag, removals one by one (E1); the opt-in
 * membership checks (E-33) and ADSCIM group schema (E-30).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import { ADSCIM_GROUP } from './groups.js';
import { entraProfile } from './profile.js';
import { BASE, closeHarnesses, entraHeaders, harness, line, patch, perform, provision, query, wire } from './wire-support.js';

afterEach(closeHarnesses);

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


describe('Entra profile: group quirks and options', () => {
  it('with aadOptscim062020, removes group members one by one with a members[value eq "id"] path (E1)', async () => {
    const h = harness({ settings: { aadOptscim062020: true, provisionGroups: true }, directory: { users: 3 } });
    await provision(h, 'user1', 'user2', 'user3');
    const id = (k: string) => h.state.provisioned.get(k)!;
    await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2'] });
    h.take();
    const groupId = h.state.groups.get('Ops')!;
    expect((await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user3'] })).ok).toBe(true);
    const sent = h.take();
    expect(sent.map((r) => r.body)).toEqual([
      patch(
        { op: 'add', path: 'members', value: [{ $ref: null, value: id('user3') }] },
        { op: 'remove', path: `members[value eq "${id('user1')}"]` },
        { op: 'remove', path: `members[value eq "${id('user2')}"]` },
      ),
    ]);
    expect(sent[0]!.behaviour).toBe('entra.patch.aadoptscim062020');
    const group = h.provider.store.get('Group', groupId)!.data as { members?: { value: string }[] };
    expect(group.members?.map((m) => m.value)).toEqual([id('user3')]);
  });

  it('adscimGroupSchema lists the ADSCIM group schema on create, as E2\'s sample does (E2, E1)', async () => {
    const h = harness({ settings: { provisionGroups: true, adscimGroupSchema: true } });
    const outcome = await perform(h, { kind: 'pushGroup', name: 'Ops', members: [] });
    const create = h.take().find((r) => r.method === 'POST')!;
    expect(create.body).toMatchObject({ schemas: [SCHEMA.group, ADSCIM_GROUP], displayName: 'Ops' });
    // The reference provider refuses a schema its Group type does not have (RFC 7643 §3): so would many targets.
    expect(outcome).toMatchObject({ ok: false, messages: [expect.stringMatching(/could not create group Ops: POST \/Groups answered HTTP 400/)] });
  });

  it('memberChecks asks id eq "…" and members eq "…"&attributes=id per member and leaves out what holds (E2, E-33)', async () => {
    const h = harness({ settings: { provisionGroups: true, memberChecks: true }, directory: { users: 3 } });
    await provision(h, 'user1', 'user2', 'user3');
    const id = (k: string) => h.state.provisioned.get(k)!;
    await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1'] });
    const groupId = h.state.groups.get('Ops')!;
    const first = h.take();
    expect(first.map(line)).toEqual(['GET /Groups', 'POST /Groups', 'GET /Groups', `PATCH /Groups/${groupId}`]);
    expect(wire(first[2]!)).toEqual({
      method: 'GET',
      path: '/Groups',
      search: query({ filter: `id eq "${groupId}" and members eq "${id('user1')}"`, attributes: 'id' }),
      headers: entraHeaders(false),
      body: undefined,
    });
    expect(first[2]!.behaviour).toBe('entra.group.member-check');
    // user2 was added at the target behind Entra's back: the check finds it, so only user3 goes in the PATCH.
    await h.ctx.http.send({ method: 'PATCH', path: `/Groups/${groupId}`, body: patch({ op: 'add', path: 'members', value: [{ value: id('user2') }] }) }, 'groups', 'drift');
    h.take();
    await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2', 'user3'] });
    const sent = h.take();
    expect(sent.map(line)).toEqual(['GET /Groups', 'GET /Groups', `PATCH /Groups/${groupId}`]);
    expect(sent[2]!.body).toEqual(patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: id('user3') }] }));
    expect(entraProfile.pushedGroup?.('Ops', h.ctx)?.members).toEqual(['user1', 'user2', 'user3']);
  });

  it('starts every group push with the random group probe (E2, E5)', async () => {
    const h = harness({ settings: { provisionGroups: true } });
    await perform(h, { kind: 'pushGroup', name: 'Ops', members: [] });
    const [users, groups] = h.takeAll();
    expect(users!.label).toBe('activity probe');
    expect(groups!.url.pathname).toBe(`${BASE}/Groups`);
    expect(groups!.url.searchParams.get('filter')).toMatch(/^displayName eq "[0-9a-f-]{36}"$/);
  });
});
