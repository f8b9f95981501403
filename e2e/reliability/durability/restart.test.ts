/**
 * Issue 11, durable store: a provider started again on its data directory serves what it served before the
 * stop — users, groups, the organization's settings and its (regenerated) token — and a second provider on
 * the same directory is refused.
 */
import { expect, it } from 'vitest';
import { durableProviders } from './in-process.js';
import { adminClient } from '../../../provider/admin/test-support.js';
import { create, groupBody, patchBody, storeSnapshot, userBody } from '../../../provider/test-support.js';
import { ADMIN_CREDENTIAL, scimClient, startCli, TOKEN } from './support.js';

const { newDir, start, stop } = durableProviders({ adminCredential: ADMIN_CREDENTIAL });

it('brings back users, groups, the organization and the regenerated token; the old token is refused', async () => {
  const dir = newDir();
  const first = await start(dir);
  const ids: string[] = [];
  for (const name of ['ada', 'bob', 'cy']) ids.push(String((await create(first.scim, '/Users', userBody(`${name}@example.com`, { title: name }))).id));
  const group = await create(first.scim, '/Groups', groupBody('engineering', [ids[0]!, ids[1]!]));
  expect((await first.scim('PATCH', `/Users/${ids[1]}`, { body: patchBody({ op: 'replace', path: 'title', value: 'lead' }) })).status).toBe(200);
  expect((await first.scim('PUT', `/Groups/${group.id}`, { body: groupBody('engineering', [ids[1]!, ids[2]!]) })).status).toBe(200);
  expect((await first.scim('DELETE', `/Users/${ids[0]}`)).status).toBe(204);

  const admin = adminClient(first.origin, { basic: ADMIN_CREDENTIAL });
  expect((await admin('POST', 'organization/domain', { body: { verified: true, domain: 'corp.example' } })).status).toBe(200);
  expect((await admin('POST', 'organization/sso', { body: { configured: false } })).status).toBe(200);
  expect((await admin('POST', 'organization/sso', { body: { configured: true } })).status).toBe(200);
  expect((await admin('POST', 'scim/enable')).status).toBe(200);
  const regenerated = await admin('POST', 'scim/token');
  expect(regenerated.status, regenerated.text).toBe(200);
  const newToken = String(regenerated.body.token);
  const before = { store: storeSnapshot(first.provider), organization: first.provider.organization.state };
  await stop(first);

  // The options still name the first token: what the directory holds wins.
  const second = await start(dir);
  expect(storeSnapshot(second.provider)).toBe(before.store);
  expect(second.provider.organization.state).toEqual(before.organization);
  expect(second.provider.organization.state.domain).toBe('corp.example');
  expect(second.provider.access.currentToken).toBe(newToken);
  expect((await second.scim('GET', '/Users', { token: TOKEN })).status).toBe(401);
  const listed = await second.scim('GET', '/Users', { token: newToken });
  expect(listed.status).toBe(200);
  expect(listed.body.Resources.map((u: { userName: string }) => u.userName).sort()).toEqual(['bob@example.com', 'cy@example.com']);
  const restoredGroup = await second.scim('GET', `/Groups/${group.id}`);
  expect(restoredGroup.body.members.map((m: { value: string }) => m.value).sort()).toEqual([ids[1], ids[2]].sort());
  expect((await second.scim('GET', `/Users/${ids[1]}`)).body.title).toBe('lead');
});

it('keeps SCIM disabled, and the first random token, across a restart', async () => {
  const dir = newDir();
  const first = await start(dir, { token: undefined });
  const token = first.provider.access.currentToken;
  await create(first.scim, '/Users', userBody('kept@example.com'));
  first.provider.organization.disableScim();
  await stop(first);

  const second = await start(dir, { token: undefined });
  expect(second.provider.access.currentToken).toBe(token);
  expect((await second.scim('GET', '/Users')).status).toBe(403);
  second.provider.organization.enableScim();
  expect((await second.scim('GET', '/Users')).body.totalResults).toBe(1);
});

it('the CLI: --data survives a stop and a start, and a second provider on the same directory is refused', async () => {
  const dir = newDir();
  const cli = await startCli(dir, ['--token', TOKEN]);
  try {
    const scim = scimClient(cli.baseUrl);
    expect((await scim('POST', '/Users', userBody('cli@example.com'))).status).toBe(201);
    await expect(start(dir)).rejects.toThrow(/in use by another provider/);
  } finally {
    await cli.stop();
  }
  const again = await startCli(dir);
  try {
    const { body } = await scimClient(again.baseUrl)('GET', '/Users?filter=userName%20eq%20%22cli@example.com%22');
    expect(body).toMatchObject({ totalResults: 1 });
  } finally {
    await again.stop();
  }
});
