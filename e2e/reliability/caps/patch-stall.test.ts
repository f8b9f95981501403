/**
 * Issue 11, finding 2: one PATCH stalled every other client (10,000 "add emails" operations, 829 kB, took
 * 30–44 s; 10,000 value-filter removes the same). Past the caps the request is refused with a 400 naming the
 * cap and nothing changes; just under them it completes, and the provider goes on serving. That the work is
 * linear is pinned by counting it (provider/patch/cost.test.ts), never by timing it here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA } from '../../../vocabulary/constants.js';
import { create, expectScimError, patchBody, startProvider, storeSnapshot, userBody, type TestProvider } from '../../../provider/test-support.js';
import { MAX_PATCH_OPERATIONS, MAX_VALUES } from '../../../provider/types/limits.js';

let t: TestProvider;
let bystander: string;
beforeAll(async () => {
  t = await startProvider();
  bystander = (await create(t.scim, '/Users', userBody('bystander@example.com'))).id as string;
});
afterAll(() => t.close());

const email = (i: number) => ({ value: `u${i}@example.com`, type: 'work' });
const addOps = (n: number) => Array.from({ length: n }, (_, i) => ({ op: 'add', path: 'emails', value: [email(i)] }));
const removeOps = (n: number) => Array.from({ length: n }, (_, i) => ({ op: 'remove', path: `emails[value eq "u${i}@example.com"]` }));

/** The unrelated client: a read of another user, answered normally. */
async function bystanderIsServed(): Promise<void> {
  const res = await t.scim('GET', `/Users/${bystander}`);
  expect(res.status, res.text).toBe(200);
  expect(res.body.userName).toBe('bystander@example.com');
}

async function refusedUnchanged(method: string, path: string, body: unknown, cap: RegExp): Promise<void> {
  const before = storeSnapshot(t.provider);
  const res = await t.scim(method, path, { body });
  expectScimError(res, 400, 'invalidValue');
  expect(res.body.detail).toMatch(cap);
  expect(storeSnapshot(t.provider)).toBe(before);
  await bystanderIsServed();
}

const OPERATIONS_CAP = new RegExp(`at most ${MAX_PATCH_OPERATIONS} \\(maxPatchOperations\\)`);
const VALUES_CAP = new RegExp(`at most ${MAX_VALUES} \\(maxValues\\)`);

describe('maxPatchOperations', () => {
  it('the reported request (10,000 "add emails" operations, ~829 kB) → 400 invalidValue naming the cap', async () => {
    const user = await create(t.scim, '/Users', userBody('stall-add@example.com'));
    const body = patchBody(...addOps(10_000));
    expect(JSON.stringify(body).length).toBeGreaterThan(800_000);
    await refusedUnchanged('PATCH', `/Users/${user.id}`, body, OPERATIONS_CAP);
  });

  it('10,000 value-filter removes → 400 invalidValue naming the cap', async () => {
    const user = await create(t.scim, '/Users', userBody('stall-remove@example.com', { emails: [email(0)] }));
    await refusedUnchanged('PATCH', `/Users/${user.id}`, patchBody(...removeOps(10_000)), OPERATIONS_CAP);
  });

  it(`${MAX_PATCH_OPERATIONS} "add emails" operations complete, then ${MAX_PATCH_OPERATIONS} value-filter removes; another client is served after each`, async () => {
    const user = await create(t.scim, '/Users', userBody('at-the-cap@example.com'));
    const added = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody(...addOps(MAX_PATCH_OPERATIONS)) });
    expect(added.status, added.text.slice(0, 500)).toBe(200);
    expect(added.body.emails).toHaveLength(MAX_PATCH_OPERATIONS);
    await bystanderIsServed();

    const removed = await t.scim('PATCH', `/Users/${user.id}`, { body: patchBody(...removeOps(MAX_PATCH_OPERATIONS)) });
    expect(removed.status, removed.text.slice(0, 500)).toBe(200);
    expect(removed.body.emails).toBeUndefined();
    await bystanderIsServed();
  });
});

describe('maxValues (per multi-valued attribute, POST, PUT and PATCH alike)', () => {
  const emails = (n: number) => Array.from({ length: n }, (_, i) => email(i));

  it(`POST /Users with ${MAX_VALUES + 1} emails → 400 invalidValue naming the cap`, async () => {
    await refusedUnchanged('POST', '/Users', userBody('too-many@example.com', { emails: emails(MAX_VALUES + 1) }), VALUES_CAP);
  });

  it(`PUT with ${MAX_VALUES + 1} emails → 400; POST /Groups with ${MAX_VALUES + 1} members → 400`, async () => {
    const user = await create(t.scim, '/Users', userBody('put-many@example.com'));
    await refusedUnchanged('PUT', `/Users/${user.id}`, userBody('put-many@example.com', { emails: emails(MAX_VALUES + 1) }), VALUES_CAP);
    const members = Array.from({ length: MAX_VALUES + 1 }, () => ({ value: bystander }));
    await refusedUnchanged('POST', '/Groups', { schemas: [SCHEMA.group], displayName: 'crowd', members }, VALUES_CAP);
  });

  it(`a PATCH growing a list of ${MAX_VALUES} past the cap → 400; exactly ${MAX_VALUES} is accepted`, async () => {
    const user = await create(t.scim, '/Users', userBody('full-list@example.com', { emails: emails(MAX_VALUES) }));
    expect(user.emails).toHaveLength(MAX_VALUES);
    await refusedUnchanged('PATCH', `/Users/${user.id}`, patchBody({ op: 'add', path: 'emails', value: email(MAX_VALUES) }), VALUES_CAP);
  });
});
