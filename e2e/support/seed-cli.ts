/**
 * `npx tsx e2e/support/seed-cli.ts seed|snapshot|diff URL TOKEN [FILE]`: seeds a target with customer-like data,
 * saves a snapshot to FILE, or compares the target with a saved snapshot (exit 1 on any difference). For trying
 * the harness by hand against a shared target, as the e2e tests do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { diffSnapshots, seedTarget, snapshotTarget, type TargetSnapshot } from './target-snapshot.js';

const [command, url, token, file] = process.argv.slice(2);
if (!command || !url || !token) {
  process.stderr.write('usage: seed-cli.ts seed|snapshot|diff URL TOKEN [FILE]\n');
  process.exit(2);
}
const toJson = (s: TargetSnapshot) => JSON.stringify({ users: [...s.users], groups: [...s.groups] });
const fromJson = (text: string): TargetSnapshot => {
  const raw = JSON.parse(text) as { users: [string, string][]; groups: [string, string][] };
  return { users: new Map(raw.users), groups: new Map(raw.groups) };
};
if (command === 'seed') {
  const ids = await seedTarget(url, token, { users: 25, groups: 3, tag: file ?? 'acme' });
  process.stdout.write(`seeded ${ids.users.length} users, ${ids.groups.length} groups\n`);
} else if (command === 'snapshot') {
  const snapshot = await snapshotTarget(url, token);
  writeFileSync(file!, toJson(snapshot));
  process.stdout.write(`${snapshot.users.size} users, ${snapshot.groups.size} groups\n`);
} else {
  const diff = diffSnapshots(fromJson(readFileSync(file!, 'utf8')), await snapshotTarget(url, token));
  const count = diff.missing.length + diff.changed.length + diff.added.length;
  process.stdout.write(`missing ${diff.missing.length}, changed ${diff.changed.length}, added ${diff.added.length}\n`);
  for (const entry of [...diff.missing, ...diff.changed, ...diff.added].slice(0, 10)) process.stdout.write(`  ${entry.type} ${entry.id}\n`);
  process.exit(count === 0 ? 0 : 1);
}
