/** SCIMMY as an independent target: it starts, takes seeded customer data, snapshots stably and refuses strangers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots, seedTarget, snapshotTarget, type SeededIds, type TargetSnapshot } from '../support/target-snapshot.js';
import { startScimmy, type ScimmyServer } from './server.js';

const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
// Smaller than the seed, so the snapshot has to page (SCIMMY would otherwise answer 25 users in one page).
const PAGE_SIZE = 10;

function parsed(snapshot: Map<string, string>): Record<string, unknown>[] {
  return [...snapshot.values()].map((text) => JSON.parse(text) as Record<string, unknown>);
}

describe('SCIMMY target', () => {
  let server: ScimmyServer;
  let seeded: SeededIds;
  let first: TargetSnapshot;

  beforeAll(async () => {
    server = await startScimmy();
    seeded = await seedTarget(server.baseUrl, server.token, { users: 25, groups: 3, tag: 'e2e-scimmy' });
    first = await snapshotTarget(server.baseUrl, server.token, { pageSize: PAGE_SIZE });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('snapshots every seeded user and group across pages', () => {
    expect(first.users.size).toBe(25);
    expect(first.groups.size).toBe(3);
    expect([...first.users.keys()].sort()).toEqual([...seeded.users].sort());
    expect([...first.groups.keys()].sort()).toEqual([...seeded.groups].sort());
  });

  it('seeds customers with enterprise data, two inactive accounts and group members', () => {
    const users = parsed(first.users);
    expect(users.filter((u) => u.active === false)).toHaveLength(2);
    expect(users.filter((u) => u[ENTERPRISE_USER] !== undefined).length).toBeGreaterThan(0);
    for (const group of parsed(first.groups)) expect(Array.isArray(group.members) && group.members.length).toBeGreaterThan(0);
  });

  it('gives the same snapshot twice (nothing volatile in it)', async () => {
    const second = await snapshotTarget(server.baseUrl, server.token, { pageSize: PAGE_SIZE });
    expect(diffSnapshots(first, second)).toEqual({ missing: [], changed: [], added: [] });
  });

  it('refuses a request without the bearer token, or with another one', async () => {
    expect((await fetch(`${server.baseUrl}/Users`)).status).toBe(401);
    const wrong = await fetch(`${server.baseUrl}/Users`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
  });

  it('reports a changed, a missing and an added resource', async () => {
    const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/scim+json' };
    // users[3] is in no group (the seed leaves every fourth user out), so deleting it changes no group.
    const changedId = seeded.users[0];
    const deletedId = seeded.users[3];
    const patch = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'Chief Snapshot Officer' }],
    };
    expect((await fetch(`${server.baseUrl}/Users/${changedId}`, { method: 'PATCH', headers: auth, body: JSON.stringify(patch) })).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/Users/${deletedId}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    const created = await fetch(`${server.baseUrl}/Users`, { method: 'POST', headers: auth, body: JSON.stringify({ userName: 'newcomer@example.com' }) });
    const addedId = ((await created.json()) as { id: string }).id;

    const diff = diffSnapshots(first, await snapshotTarget(server.baseUrl, server.token, { pageSize: PAGE_SIZE }));
    expect(diff.changed.map((e) => e.id)).toEqual([changedId]);
    expect(diff.missing.map((e) => e.id)).toEqual([deletedId]);
    expect(diff.added.map((e) => `${e.type}:${e.id}`)).toEqual([`User:${addedId}`]);
  });
});

describe('SCIMMY under Express 5 without the paging shim', () => {
  it('ignores startIndex, and the snapshot refuses to be partial', async () => {
    const raw = await startScimmy({ pagingShim: false });
    try {
      await seedTarget(raw.baseUrl, raw.token, { users: 25, groups: 0, tag: 'e2e-raw' });
      await expect(snapshotTarget(raw.baseUrl, raw.token, { pageSize: PAGE_SIZE })).rejects.toThrow(/no new resources/);
    } finally {
      await raw.close();
    }
  });
});
