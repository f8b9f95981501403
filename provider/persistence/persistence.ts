/**
 * The provider's durable store (`--data DIR`): users, groups, the organization's state and its token in an
 * LMDB environment. At start everything is loaded into the in-memory {@link Store}; from then on every store
 * event and organization change is committed synchronously (fdatasync) before the provider answers, and all
 * the writes of one SCIM request (a group and the members it touches, a whole Bulk) go in one commit.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Organization, OrganizationOptions } from '../auth.js';
import { errorResponse, type ScimHandler } from '../handler.js';
import { ScimError } from '../messages/error.js';
import type { Store, StoreEvent, StoredResource } from '../store.js';
import { DATA_FILE, openEnvironment, type Database } from './environment.js';
import { lockDataDir } from './lock.js';
import {
  FORMAT,
  isMeta,
  isResourceKey,
  isSavedOrganization,
  isStoredResource,
  META_KEY,
  ORGANIZATION_KEY,
  resourceKey,
  seal,
  unseal,
  type SavedOrganization,
} from './records.js';
import { checkDataDir, DataDirError } from './recovery.js';

export interface PersistenceOptions {
  dir: string;
  /** The provider's profile; a directory written under another one is refused. */
  profile: string;
}

/** One key set or (value `undefined`) removed. */
interface Write {
  key: string;
  value: string | undefined;
}

export class Persistence {
  private pending: Write[] = [];
  /** Nesting of {@link durable} handler calls: writes are held until the outermost one returns. */
  private depth = 0;
  /** While reloading after a failed commit: the store's events replay what is already on disk. */
  private replaying = false;
  private store: Store | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly db: Database,
    /** What the start-up check dropped (a torn last write), one sentence each; empty when all was clean. */
    readonly notes: string[],
    private readonly release: () => void,
  ) {}

  /** Checks, recovers and opens `dir` (created when missing); throws {@link DataDirError} when it cannot be used. */
  static open(options: PersistenceOptions): Persistence {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const release = lockDataDir(options.dir);
    try {
      const notes = checkDataDir(options.dir);
      const db = openEnvironment(options.dir);
      // It holds the bearer token: readable by the provider's user only, whoever made the directory.
      for (const file of [DATA_FILE, 'lock.mdb']) chmodSync(join(options.dir, file), 0o600);
      claimFormat(db, options);
      return new Persistence(options.dir, db, notes, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /** The organization as last saved, or `undefined` for a new directory. */
  savedOrganization(): SavedOrganization | undefined {
    const value = this.read(ORGANIZATION_KEY);
    return isSavedOrganization(value) ? value : undefined;
  }

  /** A resource as committed on disk, i.e. what a restart would load; `undefined` when none is. */
  savedResource(resourceType: string, id: string): StoredResource | undefined {
    const value = this.read(resourceKey(resourceType, id));
    return isStoredResource(value) ? value : undefined;
  }

  /** Fills an empty store with every saved resource. */
  load(store: Store): void {
    const resources: StoredResource[] = [];
    for (const { key, value } of this.db.getRange()) if (isResourceKey(key)) resources.push(resourceOf(key, value));
    // Putting a group touches the members already there (new version and lastModified): a second pass puts
    // back exactly what was saved, and changes no membership, so it touches nothing.
    for (const resource of resources) store.put(resource);
    for (const resource of resources) store.put(resource);
    advanceRevision(store, resources.reduce((highest, r) => Math.max(highest, r.version), 0));
  }

  /** From now on every change of `store` and `organization` is committed; saves the organization at once. */
  follow(store: Store, organization: Organization): void {
    this.store = store;
    store.subscribe((event) => {
      if (!this.replaying) this.enqueue(writeOf(event));
    });
    organization.onChange(() => this.saveOrganization(organization));
    // A new directory keeps the first token it saw, a random one included.
    this.saveOrganization(organization);
  }

  /**
   * The handler with durable writes: what one request changed is committed before its answer is returned
   * (the adapters send whatever the handler returns, so returning later is what makes the answer wait).
   * When the commit fails the client gets a 500 and the in-memory store goes back to what is on disk.
   */
  durable(handler: ScimHandler): ScimHandler {
    return (request) => {
      const { value, stored } = this.inOneCommit(() => handler(request));
      return stored ? value : errorResponse(new ScimError(500, undefined, 'The change could not be stored durably, so it was not made; try again.'));
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
    this.release();
  }

  /** Runs `action` with its writes held, then commits them when it is the outermost; `stored` says it worked. */
  private inOneCommit<T>(action: () => T): { value: T; stored: boolean } {
    this.depth += 1;
    let value: T;
    try {
      value = action();
    } catch (error) {
      // Whatever the store took before the throw is in memory: it goes to disk too, so the two agree.
      this.depth -= 1;
      if (this.depth === 0) this.commitPending();
      throw error;
    }
    this.depth -= 1;
    return { value, stored: this.depth > 0 || this.commitPending() };
  }

  private saveOrganization(organization: Organization): void {
    const { name, ssoConfigured, domainVerified, domain, scimEnabled, tokenIssuedAt } = organization.state;
    const saved: SavedOrganization = { name, ssoConfigured, domainVerified, domain, scimEnabled, tokenIssuedAt, token: organization.access.currentToken };
    this.enqueue({ key: ORGANIZATION_KEY, value: seal(saved) });
  }

  private enqueue(write: Write): void {
    if (this.closed) throw new Error(`The data directory ${this.dir} is closed; the provider cannot change anything.`);
    this.pending.push(write);
    // Outside a request (the admin console, a test seeding the store) each change is its own commit.
    if (this.depth === 0 && !this.commitPending()) throw new Error(`The change could not be stored in ${this.dir}; it was undone.`);
  }

  /** Commits what is pending; false (after undoing it in memory) when the commit failed. */
  private commitPending(): boolean {
    const writes = this.pending;
    this.pending = [];
    if (writes.length === 0) return true;
    try {
      this.db.transactionSync(() => {
        for (const { key, value } of writes) {
          if (value === undefined) this.db.removeSync(key);
          else this.db.putSync(key, value);
        }
      });
      return true;
    } catch (error) {
      console.error(`provider: could not commit to ${this.dir}:`, error);
      this.reloadStore();
      return false;
    }
  }

  /** After a failed commit the in-memory store is ahead of the disk: it goes back to what the disk holds. */
  private reloadStore(): void {
    if (!this.store) return;
    this.replaying = true;
    try {
      this.store.clear();
      this.load(this.store);
    } finally {
      this.replaying = false;
    }
  }

  private read(key: string): unknown {
    const record = this.db.get(key);
    if (record === undefined) return undefined;
    const value = unseal(record);
    if (value === undefined) throw new DataDirError(`${this.dir}: the record '${key}' is damaged; nothing was loaded.`);
    return value;
  }
}

/** The organization options that bring a saved organization back as it was. */
export function restoredOrganization(saved: SavedOrganization): OrganizationOptions {
  const { name, ssoConfigured, domainVerified, domain, scimEnabled, tokenIssuedAt } = saved;
  return { name, ssoConfigured, domainVerified, domain, scimEnabled, tokenIssuedAt };
}

function writeOf(event: StoreEvent): Write {
  if (event.kind === 'deleted') return { key: resourceKey(event.resourceType, event.id), value: undefined };
  return { key: resourceKey(event.resource.resourceType, event.resource.id), value: seal(event.resource) };
}

function resourceOf(key: string, record: string): StoredResource {
  const value = unseal(record);
  if (!isStoredResource(value)) throw new DataDirError(`The record '${key}' is damaged; nothing was loaded.`);
  return value;
}

/** A new directory records its format and profile; an existing one must match both. */
function claimFormat(db: Database, { dir, profile }: PersistenceOptions): void {
  const record = db.get(META_KEY);
  if (record === undefined) {
    db.putSync(META_KEY, seal({ format: FORMAT, profile }));
    return;
  }
  const meta = unseal(record);
  if (!isMeta(meta)) throw new DataDirError(`${dir}: its format record is damaged; nothing was loaded.`);
  if (meta.format !== FORMAT) throw new DataDirError(`${dir} has data format ${meta.format}; this provider reads format ${FORMAT}.`);
  if (meta.profile !== profile) {
    throw new DataDirError(`${dir} holds data of profile '${meta.profile}'; start with --profile ${meta.profile} or use another directory.`);
  }
}

/**
 * The store numbers versions (ETags) from one counter, which restarts at 0: it must pass every saved version,
 * or a new write could reuse an ETag a client still holds. The store offers no setter, only `nextVersion`.
 */
function advanceRevision(store: Store, highest: number): void {
  while (store.nextVersion() < highest) {
    // counting up to the highest saved version
  }
}
