/**
 * Issue 11, durable store: what a crash can leave at the end of the data file is detected on start, said in
 * a message, and dropped — never loaded half — and the provider starts. Damage no crash makes (a record
 * rewritten in the middle of the file) stops the start instead of loading part of the data.
 */
import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { durableProviders } from './in-process.js';
import { create, storeSnapshot, userBody, type TestProvider } from '../../../provider/test-support.js';
import { DataDirError } from '../../../provider/persistence/recovery.js';
import { scimClient, startCli } from './support.js';

const { newDir, start, stop } = durableProviders();

/** A directory holding `names` as users; returns its store snapshot. */
async function seeded(dir: string, names: string[]): Promise<string> {
  const t = await start(dir);
  for (const name of names) await create(t.scim, '/Users', userBody(`${name}@example.com`));
  const snapshot = storeSnapshot(t.provider);
  await stop(t);
  return snapshot;
}

/** The provider answers, and takes a new write. */
async function expectServing(t: TestProvider): Promise<void> {
  const later = await t.scim('POST', '/Users', { body: userBody(`later-${Date.now()}@example.com`) });
  expect(later.status, later.text).toBe(201);
}

it('drops bytes appended after the last commit (a commit that never completed), with a message', async () => {
  const dir = newDir();
  const before = await seeded(dir, ['ada', 'bob', 'cy']);
  const file = join(dir, 'data.mdb');
  const size = statSync(file).size;
  appendFileSync(file, randomBytes(3 * 4096 + 123));

  const t = await start(dir);
  expect(t.provider.persistence?.notes).toEqual([expect.stringMatching(/dropped 12411 bytes after the last commit/)]);
  expect(statSync(file).size).toBe(size);
  expect(storeSnapshot(t.provider)).toBe(before);
  await expectServing(t);
});

it('drops a last commit whose pages never reached the file (cut short), loads the one before, and starts', async () => {
  const dir = newDir();
  await seeded(dir, ['ada', 'bob']);
  const file = join(dir, 'data.mdb');
  const t = await start(dir);
  const before = storeSnapshot(t.provider);
  const size = statSync(file).size;
  // Large enough to need pages past the end of the file, as a commit of new data does.
  await create(t.scim, '/Users', userBody('torn@example.com', { title: 'x'.repeat(200_000) }));
  await stop(t);
  expect(statSync(file).size).toBeGreaterThan(size);
  truncateSync(file, size);

  const after = await start(dir);
  expect(after.provider.persistence?.notes).toEqual([expect.stringMatching(/the last write was torn .*; it was dropped and the commit before it loaded/)]);
  expect(storeSnapshot(after.provider)).toBe(before);
  expect((await after.scim('GET', '/Users?filter=userName%20eq%20%22torn@example.com%22')).body.totalResults).toBe(0);
  await expectServing(after);
  await stop(after);

  const again = await start(dir);
  expect(again.provider.persistence?.notes).toEqual([]);
});

it('the CLI says what it dropped on stderr, and serves', async () => {
  const dir = newDir();
  await seeded(dir, ['ada']);
  appendFileSync(join(dir, 'data.mdb'), randomBytes(5000));
  const cli = await startCli(dir);
  try {
    expect(cli.stderr()).toMatch(/provider: .*data\.mdb: dropped 5000 bytes after the last commit/);
    expect((await scimClient(cli.baseUrl)('GET', '/Users')).body).toMatchObject({ totalResults: 1 });
  } finally {
    await cli.stop();
  }
});

it('refuses to start, loading nothing, when a record in the middle of the file is damaged', async () => {
  const dir = newDir();
  await seeded(dir, ['damaged-user', 'bob', 'cy', 'dee']);
  const file = join(dir, 'data.mdb');
  // Every copy: LMDB's copy-on-write leaves older copies of a page behind, and both kept commits share it.
  const bytes = readFileSync(file);
  const needle = Buffer.from('damaged-user');
  let hits = 0;
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1), hits += 1) bytes[at] = 'D'.charCodeAt(0);
  expect(hits).toBeGreaterThan(0);
  writeFileSync(file, bytes);

  await expect(start(dir)).rejects.toThrow(DataDirError);
  await expect(start(dir)).rejects.toThrow(/damaged beyond a torn last write.*Nothing was loaded/s);
});
