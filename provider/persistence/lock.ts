/**
 * One provider per data directory. LMDB itself lets several processes share a file, but each provider keeps
 * its own in-memory copy of the data, so a second one would serve stale data and overwrite the first's writes.
 * A pid file, not an OS lock: a provider killed with -9 leaves it behind, and a dead pid does not hold it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirError } from './recovery.js';

const LOCK_FILE = 'provider.pid';

/** Takes the directory for this process; returns the release. Throws while another live process holds it. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const holder = readHolder(file);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new DataDirError(`${dir} is in use by another provider (process ${holder}); stop it first.`);
  }
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  return () => {
    if (readHolder(file) === process.pid) rmSync(file, { force: true });
  };
}

function readHolder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the directory.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
