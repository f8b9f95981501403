/** Writing HAR files: a recorder's file, complete on disk after every exchange, and a streamed one of unbounded length. */
import { createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { HAR_CREATOR_NAME, HAR_VERSION, type HarEntry } from './har.js';

/** The text before the entries: what every HAR this tool writes starts with. */
function head(toolVersion: string, comment?: string): string {
  const log = { version: HAR_VERSION, creator: { name: HAR_CREATOR_NAME, version: toolVersion }, ...(comment ? { comment } : {}) };
  // The log's own fields, then the entries array left open: `{"log":{"version":…,"creator":{…},"entries":[`.
  return `{"log":${JSON.stringify(log).slice(0, -1)},"entries":[\n`;
}
const TAIL = '\n]}}\n';

function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

export interface HarFileWriter {
  readonly file: string;
  /** Entries added so far. */
  readonly count: number;
  /** Adds an entry; the file on disk is rewritten soon after (at once when no write is under way). */
  add(entry: HarEntry): void;
  /** Resolves once everything added is on disk. */
  flush(): Promise<void>;
}

/**
 * A HAR file that is always complete: each write goes to a temp file renamed over the target, so a reader,
 * a Ctrl-C or a kill -9 finds either the previous or the next valid HAR, never half of one. Writes that
 * would overlap are coalesced (the next rewrite carries every entry added meanwhile), so a burst of
 * exchanges costs a few rewrites, not one each. Entries are kept serialised: the rewrite is a join.
 */
export function openHarFileWriter(file: string, toolVersion: string, comment?: string): HarFileWriter {
  const serialised: string[] = [];
  const prefix = head(toolVersion, comment);
  const temp = tempName(file);
  let writing: Promise<void> | undefined;
  let dirty = false;
  let failure: unknown;

  const contents = () => `${prefix}${serialised.join(',\n')}${TAIL}`;
  // Synchronous for the first (empty) file: the command can then say "writing to …" and mean it.
  writeFileSync(temp, contents());
  renameSync(temp, file);

  const writeLoop = async () => {
    while (dirty) {
      dirty = false;
      try {
        await writeFile(temp, contents());
        await rename(temp, file);
      } catch (error) {
        failure = error;
        await rm(temp, { force: true }).catch(() => undefined);
      }
    }
    writing = undefined;
  };

  return {
    file,
    get count() {
      return serialised.length;
    },
    add(entry) {
      serialised.push(JSON.stringify(entry));
      dirty = true;
      writing ??= writeLoop();
    },
    async flush() {
      while (writing) await writing;
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
    },
  };
}

/**
 * Writes a HAR from entries that arrive one at a time (a run's exchanges read back from disk), holding
 * none of them: `file` appears, by rename, only once complete.
 */
export async function writeHarStream(file: string, entries: AsyncIterable<HarEntry> | Iterable<HarEntry>, toolVersion: string, comment?: string): Promise<number> {
  const temp = tempName(file);
  const out = createWriteStream(temp, { encoding: 'utf8' });
  let count = 0;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    await write(head(toolVersion, comment));
    for await (const entry of entries) {
      await write(`${count > 0 ? ',\n' : ''}${JSON.stringify(entry)}`);
      count += 1;
    }
    await write(TAIL);
    out.end();
    await once(out, 'finish');
    await rename(temp, file);
    return count;
  } catch (error) {
    out.destroy();
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes a whole HAR at once (small ones: tests, fall-backs). */
export async function writeHar(file: string, entries: readonly HarEntry[], toolVersion: string, comment?: string): Promise<void> {
  const temp = tempName(file);
  await writeFile(temp, `${head(toolVersion, comment)}${entries.map((e) => JSON.stringify(e)).join(',\n')}${TAIL}`);
  await rename(temp, file);
}
