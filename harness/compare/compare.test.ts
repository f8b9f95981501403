/** `compare` end to end: captures made by the profiles themselves match them; one documented deviation is named exactly once. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entraProfile } from '../../mock-idp/entra/profile.js';
import { oktaProfile } from '../../mock-idp/okta.js';
import { oneloginProfile } from '../../mock-idp/onelogin.js';
import type { IdpProfile } from '../../mock-idp/profile.js';
import { compareCommand } from '../cli/compare.js';
import type { Io } from '../cli/io.js';
import { compareCapture } from './compare.js';
import { readHar, toHar, type Har } from './har.js';
import type { Seed } from './recognise.js';
import { replay, type ReplayStep } from './replay.js';
import { querySkeleton, route } from './wire.js';

/** A capture as the profile itself would have produced it, on the faker directory (values the comparison must not care about). */
async function captureOf(profile: IdpProfile, settings: Record<string, unknown>, steps: ReplayStep[], seeds: Seed[] = []): Promise<Har> {
  const done = await replay(steps, { profile, settings, directory: { seed: 7, users: 3 }, seeds });
  for (const d of done) expect(d.outcome.ok, d.outcome.messages.join(' ')).toBe(true);
  return toHar(
    done.flatMap((d) => d.requests),
    profile.declaration.name,
  );
}

async function compareHar(har: Har, profile: IdpProfile, settings: Record<string, unknown>) {
  const read = readHar(JSON.stringify(har));
  if (!read.ok) throw new Error(read.error);
  return compareCapture(read.value, { profile, settings, source: 'capture.har' });
}

function io(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), isTty: false, env: {} };
}

async function files(har: Har, settings: Record<string, unknown>): Promise<{ dir: string; har: string; settings: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'compare-'));
  await writeFile(join(dir, 'capture.har'), JSON.stringify(har));
  await writeFile(join(dir, 'settings.yaml'), `settings:\n${Object.entries(settings).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}\n`);
  return { dir, har: join(dir, 'capture.har'), settings: join(dir, 'settings.yaml') };
}

const OKTA_OIN = { appKind: 'oin', pushGroups: true };
const OKTA_STEPS: ReplayStep[] = [
  { action: { kind: 'testConnection' } },
  { action: { kind: 'assign', users: ['user1', 'user2'] } },
  { action: { kind: 'pushGroup', name: 'engineering', members: ['user1', 'user2'] } },
  // A member removal: Okta OIN sends `remove` with `members[value eq "…"]` and no value (audit O-19, S1, S7).
  { action: { kind: 'pushGroup', name: 'engineering', members: ['user1'] } },
  { action: { kind: 'unassign', users: ['user2'] } },
];

const ENTRA_STEPS: ReplayStep[] = [
  { action: { kind: 'testConnection' } },
  { action: { kind: 'assign', users: ['user1'] } },
  { action: { kind: 'update', user: 'user1', set: { familyName: 'Okafor' } }, set: { familyName: 'Okafor' } },
];

describe('compare: Okta', () => {
  it('recognises every action of a capture with the profile\'s own shapes and reports no difference (exit 0)', async () => {
    const har = await captureOf(oktaProfile, OKTA_OIN, OKTA_STEPS);
    const report = await compareHar(har, oktaProfile, OKTA_OIN);
    expect(report.actions.map((a) => a.kind)).toEqual(['testConnection', 'assign', 'assign', 'pushGroup', 'pushGroup', 'unassign']);
    expect(report.differences).toEqual([]);

    const f = await files(har, OKTA_OIN);
    const term = io();
    expect(await compareCommand([f.har, '--idp', 'okta', '--settings', f.settings, '--report', 'md,json', '--out', f.dir], term)).toBe(0);
    expect(term.lines.at(-3)).toMatch(/^no differences/);
    const json = JSON.parse(await readFile(join(f.dir, 'compare.json'), 'utf8')) as { differences: unknown[] };
    expect(json.differences).toEqual([]);
    expect(await readFile(join(f.dir, 'compare.md'), 'utf8')).toContain('# Fidelity of');
  });

  it('names exactly the member removal sent as a value list instead of members[value eq "…"] (exit 1)', async () => {
    const har = await captureOf(oktaProfile, OKTA_OIN, OKTA_STEPS);
    const entry = har.log.entries.find((e) => e.request.postData?.text.includes('members[value eq'));
    if (!entry?.request.postData) throw new Error('the capture has no member removal');
    const body = JSON.parse(entry.request.postData.text) as { Operations: { op: string; path: string; value?: unknown }[] };
    const removal = body.Operations[0]!;
    const id = /"(.*)"/.exec(removal.path)![1]!;
    body.Operations[0] = { op: 'remove', path: 'members', value: [{ value: id }] };
    entry.request.postData.text = JSON.stringify(body);

    const report = await compareHar(har, oktaProfile, OKTA_OIN);
    expect(report.differences).toHaveLength(1);
    const [d] = report.differences;
    expect(d).toMatchObject({ kind: 'body', actionLabel: 'pushGroup engineering [user1]', request: 1 });
    expect(d!.expected).toBe('{op: remove, path: members[value eq "…"]}');
    expect(d!.actual).toBe('{op: remove, path: members, value: [{value: string}]}');
    expect(d!.detail).toContain('Operations[0]: path members where the profile sends members[value eq "…"]');

    const f = await files(har, OKTA_OIN);
    const term = io();
    expect(await compareCommand([f.har, '--idp', 'okta', '--settings', f.settings], term)).toBe(1);
    expect(term.lines.join('\n')).toContain('✗ 5. pushGroup engineering [user1]');
  });

  it('recognises links: a lookup that finds a user or group the target already held', async () => {
    const existing = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'janae.lindkuvalis@example.com', name: { givenName: 'J', familyName: 'L' }, emails: [{ value: 'janae.lindkuvalis@example.com', primary: true }], active: false };
    const seeds: Seed[] = [
      { resource: 'Users', body: existing },
      { resource: 'Groups', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'engineering' } },
    ];
    const har = await captureOf(oktaProfile, OKTA_OIN, [{ action: { kind: 'assign', users: ['user1'] } }, { action: { kind: 'pushGroup', name: 'engineering', members: ['user1'] } }], seeds);
    expect(har.log.entries.map((e) => e.request.method)).toEqual(['GET', 'PUT', 'GET', 'PATCH', 'PATCH']);
    const report = await compareHar(har, oktaProfile, OKTA_OIN);
    expect(report.actions.map((a) => a.label)).toEqual(['assign user1 (janae.lindkuvalis@example.com) (linked)', 'pushGroup engineering [user1]']);
    expect(report.differences).toEqual([]);
  });
});

describe('compare: Entra', () => {
  it('reports no difference for its own assign and update (exit 0)', async () => {
    const har = await captureOf(entraProfile, {}, ENTRA_STEPS);
    const report = await compareHar(har, entraProfile, {});
    expect(report.actions.map((a) => a.label)).toEqual(['testConnection', 'assign user1 (janae.lindkuvalis@example.com)', 'update user1 (janae.lindkuvalis@example.com) (displayName, familyName)']);
    expect(report.differences).toEqual([]);
    const f = await files(har, {});
    expect(await compareCommand([f.har, '--idp', 'entra'], io())).toBe(0);
  });

  it('names exactly the userName lookup re-encoded with %20 instead of Entra\'s + (exit 1)', async () => {
    const har = await captureOf(entraProfile, {}, ENTRA_STEPS);
    // The lookup of a real userName (an email), not the activity's random-GUID probe. Entra writes spaces as + (audit E-3, E5, E6).
    const lookups = har.log.entries.filter((e) => /filter=userName\+eq\+%22[^&]*%40/.test(e.request.url));
    expect(lookups.length).toBe(2);
    const lookup = lookups[0]!;
    lookup.request.url = lookup.request.url.replace(/\+/g, '%20');

    const report = await compareHar(har, entraProfile, {});
    expect(report.differences).toHaveLength(1);
    expect(report.differences[0]).toMatchObject({
      kind: 'query',
      actionLabel: 'assign user1 (janae.lindkuvalis@example.com)',
      request: 2,
      expected: 'filter=userName+eq+%22…%22',
      actual: 'filter=userName%20eq%20%22…%22',
      detail: 'spaces in the query are written %20 where the profile writes +',
    });
    const f = await files(har, {});
    expect(await compareCommand([f.har, '--idp', 'entra'], io())).toBe(1);
  });
});

describe('compare: OneLogin', () => {
  it('tells its test-connection lookup apart from an activity probe and matches its per-member group PATCHes', async () => {
    const settings = { provisionGroups: true };
    const har = await captureOf(oneloginProfile, settings, [
      { action: { kind: 'testConnection' } },
      { action: { kind: 'assign', users: ['user1', 'user2'] } },
      { action: { kind: 'pushGroup', name: 'sales', members: ['user1', 'user2'] } },
      { action: { kind: 'pushGroup', name: 'sales', members: ['user1'] } },
      { action: { kind: 'unassign', users: ['user2'] } },
    ]);
    const report = await compareHar(har, oneloginProfile, settings);
    expect(report.actions.map((a) => a.kind)).toEqual(['testConnection', 'assign', 'assign', 'pushGroup', 'pushGroup', 'unassign']);
    expect(report.differences).toEqual([]);
  });
});

describe('compare: differences and bad input', () => {
  it('lists a changed header and an unrecognised extra request against the profile', async () => {
    const har = await captureOf(oktaProfile, OKTA_OIN, OKTA_STEPS.slice(0, 2));
    const post = har.log.entries.find((e) => e.request.method === 'POST')!;
    post.request.headers = post.request.headers.map((h) => (h.name === 'user-agent' ? { name: h.name, value: 'curl/8' } : h));
    har.log.entries.push({ ...post, request: { ...post.request, method: 'GET', url: `${post.request.url}/abc`, postData: undefined } as typeof post.request });
    const report = await compareHar(har, oktaProfile, OKTA_OIN);
    expect(report.differences.map((d) => d.kind).sort()).toEqual(['extra', 'header']);
    expect(report.differences.find((d) => d.kind === 'header')).toMatchObject({ expected: 'Okta SCIM Client 1.0.0', actual: 'curl/8' });
    expect(report.actions.at(-1)?.kind).toBe('unrecognised');
  });

  it('normalises ids and literals, keeping the encoding', () => {
    expect(route('https://app.example.com/api/scim/v2/Users/5b1a?x=1').template).toBe('/Users/{id}');
    expect(route('https://app.example.com/scim/Schemas/urn:x').template).toBe('/Schemas/urn:x');
    expect(querySkeleton('https://a/Users?filter=userName%20eq%20%22a%40b.c%22&startIndex=1&count=100')).toBe('filter=userName%20eq%20%22…%22&startIndex=1&count=100');
  });

  it('exits 2 naming the file and the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'compare-bad-'));
    await writeFile(join(dir, 'bad.har'), '{"log": {}}');
    let term = io();
    expect(await compareCommand([join(dir, 'bad.har'), '--idp', 'okta'], term)).toBe(2);
    expect(term.errors.join('\n')).toContain(`${join(dir, 'bad.har')}: not a HAR capture`);
    term = io();
    expect(await compareCommand([join(dir, 'missing.har'), '--idp', 'okta'], term)).toBe(2);
    expect(term.errors.join('\n')).toContain('missing.har');

    const har = await captureOf(oktaProfile, {}, [{ action: { kind: 'testConnection' } }]);
    const f = await files(har, { appKind: 'catalogue' });
    term = io();
    expect(await compareCommand([f.har, '--idp', 'okta', '--settings', f.settings], term)).toBe(2);
    expect(term.errors.join('\n')).toMatch(/settings\.yaml: Invalid Okta settings: appKind must be/);
    term = io();
    expect(await compareCommand([f.har, '--idp', 'nope'], term)).toBe(2);
    expect(await compareCommand([f.har], io())).toBe(0);
  });
});
