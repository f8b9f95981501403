/** The durable store's own rules: sealed records, one commit per request, nothing left only in memory. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Organization, ScimAccess } from '../auth.js';
import type { ScimResponse } from '../http-types.js';
import { createProvider } from '../provider.js';
import { Store, type StoredResource } from '../store.js';
import { create, groupBody, patchBody, startProvider, storeSnapshot, userBody } from '../test-support.js';
import { SCHEMA } from '../../vocabulary/constants.js';
import { Persistence } from './persistence.js';
import { seal, unseal } from './records.js';
import { DataDirError } from './recovery.js';

const DOCKER_USER = 'urn:ietf:params:scim:schemas:extension:docker:2.0:User';
const dirs: string[] = [];
const open: Persistence[] = [];

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scim-persistence-'));
  dirs.push(dir);
  return dir;
}

function openDir(dir: string, profile = 'full'): Persistence {
  const persistence = Persistence.open({ dir, profile });
  open.push(persistence);
  return persistence;
}

afterEach(async () => {
  for (const persistence of open.splice(0)) await persistence.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const user = (id: string, version: number): StoredResource => ({
  id,
  resourceType: 'User',
  version,
  data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: `${id}@example.com` },
});

describe('records', () => {
  it('unseals what it sealed, and refuses a value whose bytes changed', () => {
    const record = seal({ userName: 'ada@example.com' });
    expect(unseal(record)).toEqual({ userName: 'ada@example.com' });
    expect(unseal(record.replace('ada', 'eve'))).toBeUndefined();
    expect(unseal(record.slice(0, -3))).toBeUndefined();
    expect(unseal('no digest')).toBeUndefined();
  });
});

describe('Persistence', () => {
  it('commits everything one request changed at once, after the handler and before its answer is returned', async () => {
    const persistence = openDir(newDir());
    const store = new Store();
    persistence.follow(store, new Organization(new ScimAccess('token-0123456789')));
    const seenDuring: (StoredResource | undefined)[] = [];
    const handler = persistence.durable((): ScimResponse => {
      store.put(user('a', 1));
      store.put(user('b', 2));
      seenDuring.push(persistence.savedResource('User', 'a'));
      return { status: 201, headers: {}, body: undefined };
    });
    expect(handler({ method: 'POST', path: '/Users', query: new URLSearchParams(), headers: {}, body: undefined, baseUrl: 'http://x' }).status).toBe(201);
    expect(seenDuring).toEqual([undefined]);
    expect(persistence.savedResource('User', 'a')).toEqual(user('a', 1));
    expect(persistence.savedResource('User', 'b')).toEqual(user('b', 2));
  });

  it('commits a store change made outside any request at once', () => {
    const persistence = openDir(newDir());
    const store = new Store();
    persistence.follow(store, new Organization(new ScimAccess('token-0123456789')));
    store.put(user('a', 1));
    expect(persistence.savedResource('User', 'a')).toEqual(user('a', 1));
    store.delete('User', 'a');
    expect(persistence.savedResource('User', 'a')).toBeUndefined();
  });

  it('brings back every resource exactly, versions and group-touched members included, and never reuses a version', async () => {
    const dir = newDir();
    const first = await startProvider({ dataDir: dir });
    const ids = [];
    for (const name of ['ada', 'bob', 'cy']) ids.push(String((await create(first.scim, '/Users', userBody(`${name}@example.com`))).id));
    const group = await create(first.scim, '/Groups', groupBody('team', [ids[0]!, ids[1]!]));
    expect((await first.scim('PATCH', `/Groups/${group.id}`, { body: patchBody({ op: 'remove', path: `members[value eq "${ids[0]}"]` }) })).status).toBe(200);
    expect((await first.scim('DELETE', `/Users/${ids[2]}`)).status).toBe(204);
    const before = storeSnapshot(first.provider);
    const highest = Math.max(...[...first.provider.store.all('User'), ...first.provider.store.all('Group')].map((r) => r.version));
    await first.close();
    await first.provider.persistence?.close();

    const second = await startProvider({ dataDir: dir });
    try {
      expect(storeSnapshot(second.provider)).toBe(before);
      expect(second.provider.persistence?.notes).toEqual([]);
      expect(second.provider.store.nextVersion()).toBeGreaterThan(highest);
    } finally {
      await second.close();
      await second.provider.persistence?.close();
    }
  });

  it('takes a folder whose name has a dot (mktemp -d makes /tmp/tmp.Xb3…) as a folder, existing and empty or new', async () => {
    for (const dir of [join(newDir(), 'tmp.Xb3kq9'), join(newDir(), 'state.d')]) {
      if (dir.endsWith('Xb3kq9')) mkdirSync(dir);
      const first = await startProvider({ dataDir: dir });
      const created = await create(first.scim, '/Users', userBody('dot@example.com'));
      await first.close();
      await first.provider.persistence?.close();
      const second = await startProvider({ dataDir: dir });
      try {
        expect((await second.scim('GET', `/Users/${created.id}`)).status).toBe(200);
      } finally {
        await second.close();
        await second.provider.persistence?.close();
      }
    }
  });

  it('docker-hub: brings back members and the teams their dockerTeam enlisted them in, exactly', async () => {
    const dir = newDir();
    const options = { profile: 'docker-hub' as const, verifiedDomains: ['example.com'], dataDir: dir };
    const first = await startProvider(options);
    for (const [name, team] of [['moby', 'builders'], ['dock', 'builders'], ['whale', 'ops']]) {
      const body = { ...userBody(`${name}@example.com`), schemas: [SCHEMA.user, DOCKER_USER], [DOCKER_USER]: { dockerTeam: team } };
      await create(first.scim, '/Users', body);
    }
    const before = storeSnapshot(first.provider);
    expect(first.provider.store.count('Group')).toBe(2);
    await first.close();
    await first.provider.persistence?.close();

    const second = await startProvider(options);
    try {
      expect(storeSnapshot(second.provider)).toBe(before);
    } finally {
      await second.close();
      await second.provider.persistence?.close();
    }
  });

  it('refuses a directory written under another profile', async () => {
    const dir = newDir();
    await openDir(dir, 'full').close();
    expect(() => openDir(dir, 'docker-hub')).toThrow(DataDirError);
    expect(() => openDir(dir, 'docker-hub')).toThrow(/profile 'full'/);
  });

  it('refuses a directory another live provider holds', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'provider.pid'), `${process.ppid}\n`);
    expect(() => createProvider({ dataDir: dir })).toThrow(/in use by another provider/);
  });

  it('takes over a directory whose provider died (its pid file left behind)', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'provider.pid'), '999999999\n');
    await openDir(dir).close();
  });
});
