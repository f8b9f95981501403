/**
 * Docker Hub API semantics for users (audit source D4) over HTTP: a PUT never clears `name` and deactivates
 * when `active` is omitted; a create for an existing Docker account assigns it to the organization.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import { createProvider } from '../provider.js';
import { create, expectScimError, startProvider, type TestProvider } from '../test-support.js';

type Json = Record<string, any>;

let t: TestProvider;
beforeEach(async () => {
  t = await startProvider({ profile: 'docker-hub', verifiedDomains: ['example.com'], existingAccounts: ['Known@Example.com'] });
});
afterEach(() => t.close());

function body(userName: string, extra: Json = {}): Json {
  return { schemas: [SCHEMA.user], userName, ...extra };
}

describe('PUT (D4)', () => {
  it('an omitted name is kept ("only ever change the name, but not clear it")', async () => {
    const user = await create(t.scim, '/Users', body('keep@example.com', { name: { givenName: 'Moby', familyName: 'Dock' }, active: true }));
    const res = await t.scim('PUT', `/Users/${user.id}`, { body: body('keep@example.com', { active: true }) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.name).toEqual({ givenName: 'Moby', familyName: 'Dock' });
  });

  it('a name given changes what it carries and keeps the rest', async () => {
    const user = await create(t.scim, '/Users', body('part@example.com', { name: { givenName: 'Moby', familyName: 'Dock' }, active: true }));
    const res = await t.scim('PUT', `/Users/${user.id}`, { body: body('part@example.com', { name: { givenName: 'Molly' }, active: true }) });
    expect(res.body.name).toEqual({ givenName: 'Molly', familyName: 'Dock' });
  });

  it('an omitted active deactivates ("default to false resulting in a deactivated user")', async () => {
    const user = await create(t.scim, '/Users', body('off@example.com', { active: true }));
    const res = await t.scim('PUT', `/Users/${user.id}`, { body: body('off@example.com', { name: { givenName: 'Off' } }) });
    expect(res.status, res.text).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await t.scim('GET', `/Users/${user.id}`)).body.active).toBe(false);
  });

  it('active: true keeps the user active; other omitted attributes are still cleared (RFC 7644 §3.5.1)', async () => {
    const user = await create(t.scim, '/Users', body('on@example.com', { displayName: 'On', active: true }));
    const res = await t.scim('PUT', `/Users/${user.id}`, { body: body('on@example.com', { active: true }) });
    expect(res.body.active).toBe(true);
    expect(res.body.displayName).toBeUndefined();
  });

  it('the full profile keeps the RFC semantics', async () => {
    const full = await startProvider({ profile: 'full' });
    try {
      const user = await create(full.scim, '/Users', body('rfc', { name: { givenName: 'R' }, active: true }));
      const res = await full.scim('PUT', `/Users/${user.id}`, { body: body('rfc') });
      expect(res.body.name).toBeUndefined();
      expect(res.body.active).toBeUndefined();
    } finally {
      await full.close();
    }
  });
});

describe('create for an existing Docker account (D4: "assigned to the organization")', () => {
  it('an account outside the organization joins it with its own id (email compared without case)', async () => {
    const account = t.provider.accounts.find('known@example.com')!;
    const res = await t.scim('POST', '/Users', { body: body('KNOWN@example.com', { active: true }) });
    expect(res.status, res.text).toBe(201);
    expect(res.body.id).toBe(account.id);
    expect(res.body.userName).toBe('KNOWN@example.com');
    expect(res.headers.get('location')).toBe(`${t.baseUrl}/Users/${account.id}`);
    expect(t.provider.accounts.find('known@example.com')).toBeUndefined();
    expectScimError(await t.scim('POST', '/Users', { body: body('known@example.com') }), 409, 'uniqueness');
  });

  it('a new email gets a new id', async () => {
    const account = t.provider.accounts.find('known@example.com')!;
    const fresh = await create(t.scim, '/Users', body('fresh@example.com'));
    expect(fresh.id).not.toBe(account.id);
    expect(t.provider.accounts.size).toBe(1);
  });

  it('a member deactivated earlier (removed from the organization, D3) rejoins: same id, active, the new body', async () => {
    const user = await create(t.scim, '/Users', body('back@example.com', { name: { givenName: 'Old' }, active: true }));
    const off = await t.scim('PUT', `/Users/${user.id}`, { body: body('back@example.com') });
    expect(off.body.active).toBe(false);
    const res = await t.scim('POST', '/Users', { body: body('Back@example.com', { name: { givenName: 'New' } }) });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ id: user.id, userName: 'Back@example.com', active: true, name: { givenName: 'New' } });
    // The membership is new: created now, and lastModified equal to it on the 201.
    expect(res.body.meta.created >= user.meta.created).toBe(true);
    expect(res.body.meta.lastModified).toBe(res.body.meta.created);
    expect(t.provider.store.count('User')).toBe(1);
  });

  it('an active member is still a conflict → 409 uniqueness', async () => {
    await create(t.scim, '/Users', body('dup@example.com', { active: true }));
    expectScimError(await t.scim('POST', '/Users', { body: body('DUP@example.com') }), 409, 'uniqueness');
  });

  it('a refused create (unverified domain) keeps the account outside', async () => {
    const other = await startProvider({ profile: 'docker-hub', verifiedDomains: ['example.com'], existingAccounts: ['x@other.org'] });
    try {
      expectScimError(await other.scim('POST', '/Users', { body: body('x@other.org') }), 400, 'invalidValue');
      expect(other.provider.accounts.find('x@other.org')).toBeDefined();
    } finally {
      await other.close();
    }
  });

  it('existingAccounts is refused for the full profile', () => {
    expect(() => createProvider({ profile: 'full', existingAccounts: ['a@example.com'] })).toThrow(/existingAccounts/);
  });
});
