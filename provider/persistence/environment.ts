/** Opens the data directory's LMDB environment with the one set of options that makes every commit durable. */
import { open, type RootDatabase, type RootDatabaseOptionsWithPath } from 'lmdb';

export type Database = RootDatabase<string, string>;

/** lmdb-js reads this option (LMDB's MDB_PREVSNAPSHOT) but its typings do not declare it. */
interface EnvironmentOptions extends RootDatabaseOptionsWithPath {
  usePreviousSnapshot?: boolean;
}

export const DATA_FILE = 'data.mdb';

/**
 * `overlappingSync: false`: a synchronous commit returns only after LMDB's fdatasync, so a write is on disk
 * before the provider answers (the default defers the flush past the commit). Values are our sealed strings
 * (records.ts), not msgpack, so a damaged value is caught by its digest rather than mis-decoded.
 * `previousSnapshot` opens the commit before the last one (LMDB keeps both): how a torn last commit is dropped.
 */
export function openEnvironment(dir: string, previousSnapshot = false): Database {
  const options: EnvironmentOptions = {
    path: dir,
    encoding: 'string',
    overlappingSync: false,
    noSync: false,
    usePreviousSnapshot: previousSnapshot,
    // lmdb-js takes a path with an extension for a file of its own (`mktemp -d`'s /tmp/tmp.Xb3… included); ours is always a folder.
    noSubdir: false,
  };
  return open<string, string>(options);
}

export interface EnvironmentStats {
  pageSize: number;
  /** The last page the newest commit uses: the data file needs `(lastPageNumber + 1) * pageSize` bytes. */
  lastPageNumber: number;
}

export function environmentStats(db: Database): EnvironmentStats {
  const stats: Record<string, unknown> = db.getStats();
  const { pageSize, lastPageNumber } = stats;
  if (typeof pageSize !== 'number' || typeof lastPageNumber !== 'number') throw new Error('lmdb getStats() lacks pageSize/lastPageNumber.');
  return { pageSize, lastPageNumber };
}
