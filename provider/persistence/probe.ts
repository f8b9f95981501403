/**
 * `probe.ts DIR latest|previous`, run in a child process before the provider opens DIR: reads every record
 * and exercises a write, then prints a ProbeReport as JSON. A child, because LMDB maps the data file into
 * memory: a file cut short by a torn commit kills the reader with SIGBUS, and that must not be the provider.
 * With `previous` and a clean read, it commits once, which makes the commit before the torn one the newest.
 */
import { ABORT } from 'lmdb';
import { environmentStats, openEnvironment, type Database, type EnvironmentStats } from './environment.js';
import { unseal } from './records.js';

export interface ProbeReport extends EnvironmentStats {
  entries: number;
  /** Keys whose value fails its digest. */
  damaged: string[];
  /** `previous` only: the commit before the torn one is now the newest. */
  recovered: boolean;
}

const PROBE_KEY = 'probe';

function damagedKeys(db: Database): { entries: number; damaged: string[] } {
  const damaged: string[] = [];
  let entries = 0;
  for (const { key, value } of db.getRange()) {
    entries += 1;
    if (unseal(value) === undefined) damaged.push(String(key));
  }
  return { entries, damaged };
}

/** A write touches LMDB's free-page list, which a read does not: it must be readable too. */
function exercise(db: Database, commit: boolean): void {
  db.transactionSync(() => {
    db.putSync(PROBE_KEY, 'x');
    db.removeSync(PROBE_KEY);
    return commit ? undefined : ABORT;
  });
}

async function probe(dir: string, previous: boolean): Promise<ProbeReport> {
  const db = openEnvironment(dir, previous);
  const { entries, damaged } = damagedKeys(db);
  const recovered = previous && damaged.length === 0;
  exercise(db, recovered);
  const stats = environmentStats(db);
  await db.close();
  return { entries, damaged, recovered, ...stats };
}

const [dir, mode] = process.argv.slice(2);
if (dir === undefined || (mode !== 'latest' && mode !== 'previous')) {
  console.error('usage: probe.ts DIR latest|previous');
  process.exit(2);
}
process.stdout.write(JSON.stringify(await probe(dir, mode === 'previous')));
