/** The store's secondary indexes shrink with the data: deleted resources and removed members leave no keys behind. */
import { describe, expect, it } from 'vitest';
import { Store, type StoredResource } from './store.js';

const user = (id: string, externalId: string): StoredResource => ({ id, resourceType: 'User', version: 1, data: { id, userName: `${id}@example.com`, externalId, meta: {} } });
const group = (id: string, members: string[]): StoredResource => ({ id, resourceType: 'Group', version: 1, data: { id, displayName: id, members: members.map((value) => ({ value })), meta: {} } });

describe('Store indexes', () => {
  it('hold no keys once every user and group that used them is gone', () => {
    const store = new Store();
    for (let i = 0; i < 100; i += 1) store.put(user(`u${i}`, `ext-${i}`));
    store.put(group('g1', ['u1', 'u2', 'u3']));
    store.put(group('g2', ['u2']));
    expect(store.groupsOf('u2')).toEqual(new Set(['g1', 'g2']));
    expect(store.indexKeys()).toBe(100 + 100 + 3);

    store.put(group('g1', ['u3']));
    expect(store.groupsOf('u1').size).toBe(0);
    expect(store.indexKeys()).toBe(100 + 100 + 2);
    for (let i = 0; i < 100; i += 1) store.delete('User', `u${i}`);
    store.delete('Group', 'g1');
    store.delete('Group', 'g2');
    expect(store.indexKeys()).toBe(0);
  });

  it('keeps an externalId shared by two users until both are gone', () => {
    const store = new Store();
    store.put(user('a', 'same'));
    store.put(user('b', 'same'));
    store.delete('User', 'a');
    expect(store.findByExternalId('User', 'same').map((r) => r.id)).toEqual(['b']);
    store.delete('User', 'b');
    expect(store.findByExternalId('User', 'same')).toEqual([]);
    expect(store.indexKeys()).toBe(0);
  });
});
