/** Issue 12: a password is hashed with scrypt when the provider has a durable store, salted SHA-256 in memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { create, startProvider, userBody, type TestProvider } from './test-support.js';
import { verifyPassword } from './types/password.js';

const started: TestProvider[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) {
    await t.close();
    await t.provider.persistence?.close();
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(durable: boolean): Promise<TestProvider> {
  const dir = durable ? mkdtempSync(join(tmpdir(), 'scim-password-')) : undefined;
  if (dir !== undefined) dirs.push(dir);
  const t = await startProvider(dir === undefined ? {} : { dataDir: dir });
  started.push(t);
  return t;
}

/** Creates a user with `password`, sets another by PATCH, and returns both stored values. */
async function storedPasswords(t: TestProvider): Promise<[unknown, unknown]> {
  const user = await create(t.scim, '/Users', userBody('pw@example.com', { password: 'first-secret' }));
  const created = t.provider.store.get('User', user.id)?.data.password;
  const patch = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'password', value: 'second-secret' }] };
  const res = await t.scim('PATCH', `/Users/${user.id}`, { body: patch });
  expect(res.status, res.text).toBe(200);
  expect(res.text).not.toMatch(/\$sha256\$|\$scrypt\$|secret/);
  return [created, t.provider.store.get('User', user.id)?.data.password];
}

describe('password hashing follows the store', () => {
  it('in memory: salted SHA-256, on create and on PATCH', async () => {
    const [created, patched] = await storedPasswords(await start(false));
    expect(created).toMatch(/^\$sha256\$/);
    expect(patched).toMatch(/^\$sha256\$/);
    expect(verifyPassword(created, 'first-secret')).toBe(true);
    expect(verifyPassword(patched, 'second-secret')).toBe(true);
  });

  it('durable (dataDir): scrypt, on create and on PATCH', async () => {
    const [created, patched] = await storedPasswords(await start(true));
    expect(created).toMatch(/^\$scrypt\$N=4096,r=8,p=1\$/);
    expect(patched).toMatch(/^\$scrypt\$N=4096,r=8,p=1\$/);
    expect(verifyPassword(created, 'first-secret')).toBe(true);
    expect(verifyPassword(patched, 'second-secret')).toBe(true);
  });
});
