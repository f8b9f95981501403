/**
 * Issue 11, finding 2 (docker-hub profile): the userName email check backtracked quadratically, so
 * "a@" + "."×100,000 + "@x" held the provider for 13 s. It is refused at once now, on every write path, and the
 * provider goes on serving. (Linearity is pinned by provider/docker/email.test.ts, without timing.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA } from '../../../vocabulary/constants.js';
import { create, expectScimError, patchBody, startProvider, storeSnapshot, userBody, type TestProvider } from '../../../provider/test-support.js';
import { MAX_VALUES } from '../../../provider/types/limits.js';

const HOSTILE = `a@${'.'.repeat(100_000)}@x`;

let t: TestProvider;
let member: string;
beforeAll(async () => {
  t = await startProvider({ profile: 'docker-hub', organization: { name: 'myorg' } });
  member = (await create(t.scim, '/Users', userBody('member@example.com', { active: true }))).id as string;
});
afterAll(() => t.close());

async function refused(method: string, path: string, body: unknown): Promise<string> {
  const before = storeSnapshot(t.provider);
  const res = await t.scim(method, path, { body });
  expectScimError(res, 400, 'invalidValue');
  expect(storeSnapshot(t.provider)).toBe(before);
  const read = await t.scim('GET', `/Users/${member}`);
  expect(read.status).toBe(200);
  return res.body.detail as string;
}

describe('docker-hub: a userName that is no email address', () => {
  it('the reported name → 400 invalidValue on POST, PUT and PATCH; the provider still serves', async () => {
    expect(await refused('POST', '/Users', userBody(HOSTILE))).toContain("userName must be the member's email address");
    await refused('PUT', `/Users/${member}`, userBody(HOSTILE, { active: true }));
    await refused('PATCH', `/Users/${member}`, patchBody({ op: 'replace', path: 'userName', value: HOSTILE }));
    await refused('PATCH', `/Users/${member}`, patchBody({ op: 'replace', value: { USERNAME: HOSTILE } }));
  });

  it('a real address is still accepted', async () => {
    const res = await t.scim('POST', '/Users', { body: userBody('new.member@sub.example.com') });
    expect(res.status, res.text).toBe(201);
  });
});

describe(`docker-hub: a team holds at most ${MAX_VALUES} members (maxValues)`, () => {
  it('a user whose dockerTeam is full → 400 invalidValue naming the cap, and the user is not stored', async () => {
    const docker = { dockerTeam: 'crowd' };
    const body = (i: number, team = true) => ({ schemas: [SCHEMA.user, SCHEMA.dockerUser], userName: `crowd${i}@example.com`, active: true, ...(team ? { [SCHEMA.dockerUser]: docker } : {}) });
    // Seeded through the handler itself (the cap is the subject here, not HTTP): the members first, then the
    // team holding all of them in one create, so seeding stays linear.
    const call = (path: string, payload: unknown) =>
      t.provider.handler({
        method: 'POST',
        path,
        query: new URLSearchParams(),
        headers: { authorization: `Bearer ${t.provider.access.currentToken}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify(payload),
        baseUrl: t.baseUrl,
      });
    const ids: string[] = [];
    for (let i = 0; i < MAX_VALUES; i++) {
      const res = call('/Users', body(i, false));
      expect(res.status).toBe(201);
      ids.push((res.body as { id: string }).id);
    }
    const team = call('/Groups', { schemas: [SCHEMA.group], displayName: 'myorg:crowd', members: ids.map((value) => ({ value })) });
    expect(team.status).toBe(201);
    const detail = await refused('POST', '/Users', body(MAX_VALUES));
    expect(detail).toContain(`at most ${MAX_VALUES} (maxValues)`);
    expect(detail).toContain("team 'myorg:crowd'");
  });
});
