/**
 * The provider's in-memory store. Resources are indexed by id, lower-cased `userName` and `externalId`
 * so the lookups every IdP makes (`userName eq`, `externalId eq`, GET by id) are O(1). Writes are
 * single synchronous swaps of a fully validated resource, so a request that fails changes nothing.
 * Stored objects are never handed out: callers get copies of what they read, and only of what matched.
 */
import type { ScimObject } from './schemas/resource-schema.js';

export interface StoredResource {
  id: string;
  resourceType: string;
  /** The full representation, including `meta`, password and everything `returned: never`. */
  data: ScimObject;
  version: number;
}

export type StoreEvent =
  | { kind: 'created' | 'updated'; resource: StoredResource }
  | { kind: 'deleted'; resourceType: string; id: string };

class TypeTable {
  readonly byId = new Map<string, StoredResource>();
  readonly byUserName = new Map<string, string>();
  readonly byExternalId = new Map<string, Set<string>>();
}

export class Store {
  private readonly tables = new Map<string, TypeTable>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  /** Group ids each member id belongs to, so `User.groups` needs no scan of all groups. */
  private readonly memberships = new Map<string, Set<string>>();
  private revision = 0;

  private table(resourceType: string): TypeTable {
    let t = this.tables.get(resourceType);
    if (!t) {
      t = new TypeTable();
      this.tables.set(resourceType, t);
    }
    return t;
  }

  get(resourceType: string, id: string): StoredResource | undefined {
    return this.table(resourceType).byId.get(id);
  }

  findByUserName(resourceType: string, userName: string): StoredResource | undefined {
    const id = this.table(resourceType).byUserName.get(userName.toLowerCase());
    return id === undefined ? undefined : this.get(resourceType, id);
  }

  findByExternalId(resourceType: string, externalId: string): StoredResource[] {
    const ids = this.table(resourceType).byExternalId.get(externalId);
    return ids ? [...ids].map((id) => this.get(resourceType, id)!).filter(Boolean) : [];
  }

  /** All resources of a type, in creation order, without copying. */
  all(resourceType: string): IterableIterator<StoredResource> {
    return this.table(resourceType).byId.values();
  }

  count(resourceType: string): number {
    return this.table(resourceType).byId.size;
  }

  groupsOf(memberId: string): ReadonlySet<string> {
    return this.memberships.get(memberId) ?? new Set();
  }

  /** Keys held by the secondary indexes; with no resources left it is 0 (a test pins that deletes leave none behind). */
  indexKeys(): number {
    let keys = this.memberships.size;
    for (const table of this.tables.values()) keys += table.byUserName.size + table.byExternalId.size;
    return keys;
  }

  nextVersion(): number {
    this.revision += 1;
    return this.revision;
  }

  /** Inserts or replaces a resource; the caller has validated it and checked uniqueness. */
  put(resource: StoredResource): void {
    const table = this.table(resource.resourceType);
    const previous = table.byId.get(resource.id);
    if (previous) this.unindex(table, previous);
    table.byId.set(resource.id, resource);
    this.index(table, resource);
    this.emit({ kind: previous ? 'updated' : 'created', resource });
    this.touchMembers(previous, resource);
  }

  /**
   * A member's representation includes its `groups`, so a membership change is a change of the member:
   * it gets a new version (ETag) and lastModified, and caches holding the old one are not told it is fresh.
   */
  private touchMembers(previous: StoredResource | undefined, next: StoredResource | undefined): void {
    const before = new Set(memberIds(previous?.data.members));
    const after = new Set(memberIds(next?.data.members));
    const changed = [...before].filter((id) => !after.has(id)).concat([...after].filter((id) => !before.has(id)));
    for (const memberId of changed) {
      for (const table of this.tables.values()) {
        const member = table.byId.get(memberId);
        if (!member) continue;
        const meta = { ...(member.data.meta as Record<string, unknown>), lastModified: new Date().toISOString() };
        const touched = { ...member, version: this.nextVersion(), data: { ...member.data, meta } };
        table.byId.set(memberId, touched);
        this.emit({ kind: 'updated', resource: touched });
      }
    }
  }

  delete(resourceType: string, id: string): boolean {
    const table = this.table(resourceType);
    const previous = table.byId.get(id);
    if (!previous) return false;
    this.unindex(table, previous);
    table.byId.delete(id);
    this.emit({ kind: 'deleted', resourceType, id });
    this.touchMembers(previous, undefined);
    return true;
  }

  clear(): void {
    this.tables.clear();
    this.memberships.clear();
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private index(table: TypeTable, resource: StoredResource): void {
    const { userName, externalId, members } = resource.data;
    if (typeof userName === 'string') table.byUserName.set(userName.toLowerCase(), resource.id);
    if (typeof externalId === 'string') {
      const set = table.byExternalId.get(externalId) ?? new Set<string>();
      set.add(resource.id);
      table.byExternalId.set(externalId, set);
    }
    for (const memberId of memberIds(members)) {
      const set = this.memberships.get(memberId) ?? new Set<string>();
      set.add(resource.id);
      this.memberships.set(memberId, set);
    }
  }

  private unindex(table: TypeTable, resource: StoredResource): void {
    const { userName, externalId, members } = resource.data;
    if (typeof userName === 'string' && table.byUserName.get(userName.toLowerCase()) === resource.id) {
      table.byUserName.delete(userName.toLowerCase());
    }
    if (typeof externalId === 'string') removeFromIndex(table.byExternalId, externalId, resource.id);
    for (const memberId of memberIds(members)) removeFromIndex(this.memberships, memberId, resource.id);
  }
}

/** Drops `id` from the set under `key`, and the set once empty: an empty set per deleted member would never go away. */
function removeFromIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

function memberIds(members: unknown): string[] {
  if (!Array.isArray(members)) return [];
  return members.flatMap((m) => (typeof m === 'object' && m !== null && typeof (m as ScimObject).value === 'string' ? [(m as ScimObject).value as string] : []));
}
