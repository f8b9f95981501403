/**
 * RFC 7644 §3.5.2 PATCH over HTTP, with the bodies Okta and Microsoft Entra ID really send.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { create, expectScimError, expectScimJson, groupBody, patchBody, startProvider, storeSnapshot, userBody, type ScimResult, type TestProvider } from './test-support.js';

type Json = Record<string, any>;

const ENTERPRISE = SCHEMA.enterpriseUser;

let t: TestProvider;
beforeEach(async () => {
  t = await startProvider();
});
afterEach(() => t.close());

/** PATCH, assert 200 with the whole resource (ETag = meta.version), and that GET shows the same. */
async function patchOk(path: string, body: unknown): Promise<Json> {
  const res = await t.scim('PATCH', path, { body });
  expect(res.status, res.text).toBe(200);
  expectScimJson(res);
  expect(res.headers.get('etag')).toBe(res.body.meta.version);
  const got = await t.scim('GET', path);
  expect(got.body).toEqual(res.body);
  return res.body;
}

/** Asserts an error and that the store is exactly as before the request. */
async function patchFails(path: string, body: unknown, status: number, scimType: string | null): Promise<ScimResult> {
  const before = storeSnapshot(t.provider);
  const res = await t.scim('PATCH', path, { body });
  expectScimError(res, status, scimType);
  expect(storeSnapshot(t.provider)).toBe(before);
  return res;
}

async function oktaUser(): Promise<Json> {
  return create(t.scim, '/Users', userBody('isabell.brooks@example.com', {
    name: { givenName: 'Isabell', familyName: 'Brooks' },
    emails: [{ primary: true, value: 'isabell.brooks@example.com', type: 'work' }],
    displayName: 'Isabell Brooks',
    active: true,
  }));
}

async function entraUser(): Promise<Json> {
  return create(t.scim, '/Users', {
    schemas: [SCHEMA.user, ENTERPRISE],
    externalId: 'e-1',
    userName: 'Test_User_ab6490ee@contoso.com',
    active: true,
    displayName: 'Test User',
    emails: [{ primary: true, type: 'work', value: 'Test_User_ab6490ee@contoso.com' }],
    name: { formatted: 'Test User', familyName: 'User', givenName: 'Test' },
    addresses: [{ type: 'work', formatted: '1 Main St', primary: true }],
    [ENTERPRISE]: { department: 'Sales', employeeNumber: '42' },
  });
}

describe('Okta', () => {
  it('deactivates with a path-less replace of {active:false}, and reactivates', async () => {
    const user = await oktaUser();
    const off = await patchOk(`/Users/${user.id}`, {
      schemas: [MESSAGE.patchOp],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(off.active).toBe(false);
    expect(off.userName).toBe(user.userName);
    expect(off.name).toEqual(user.name);
    expect(off.meta.version).not.toBe(user.meta.version);
    expect(off.meta.created).toBe(user.meta.created);
    const on = await patchOk(`/Users/${user.id}`, patchBody({ op: 'replace', value: { active: true } }));
    expect(on.active).toBe(true);
    expect(on.meta.version).not.toBe(off.meta.version);
  });

  it('updates several attributes in one path-less replace; unnamed sub-attributes are kept', async () => {
    const user = await oktaUser();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'replace', value: { displayName: 'Izzy Brooks', name: { givenName: 'Izzy' } } }));
    expect(res.displayName).toBe('Izzy Brooks');
    expect(res.name).toEqual({ givenName: 'Izzy', familyName: 'Brooks' });
  });
});

describe('RFC 7644 §3.5.2 targets', () => {
  async function twoEmails(): Promise<Json> {
    return create(t.scim, '/Users', userBody('t@example.com', {
      name: { givenName: 'Given', familyName: 'Family' },
      emails: [
        { value: 'work@example.com', type: 'work' },
        { value: 'home@example.com', type: 'home' },
      ],
    }));
  }

  it('path-less add appends to a multi-valued attribute', async () => {
    const user = await twoEmails();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'add', value: { emails: [{ value: 'other@example.com', type: 'other' }] } }));
    expect((res.emails as Json[]).map((e) => e.value)).toEqual(['work@example.com', 'home@example.com', 'other@example.com']);
  });

  it('replace of a multi-valued attribute without a filter replaces every value', async () => {
    const user = await twoEmails();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'emails', value: [{ value: 'only@example.com', type: 'other' }] }));
    expect(res.emails).toEqual([{ value: 'only@example.com', type: 'other' }]);
  });

  it('replace of a complex attribute keeps the sub-attributes not named', async () => {
    const user = await twoEmails();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'name', value: { givenName: 'New' } }));
    expect(res.name).toEqual({ givenName: 'New', familyName: 'Family' });
  });

  it('remove with a value filter removes only the matching values', async () => {
    const user = await twoEmails();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'remove', path: 'emails[type eq "home"]' }));
    expect(res.emails).toEqual([{ value: 'work@example.com', type: 'work' }]);
  });

  it('adding a value already present changes nothing (no duplicate, same version)', async () => {
    const user = await twoEmails();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'add', path: 'emails', value: [{ value: 'work@example.com', type: 'work' }] }));
    expect(res.emails).toEqual(user.emails);
  });
});

describe('Microsoft Entra ID', () => {
  it('accepts capitalised ops and "False" strings for booleans', async () => {
    const user = await entraUser();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }));
    expect(res.active).toBe(false);
    const back = await patchOk(`/Users/${user.id}`, patchBody({ op: 'Replace', path: 'active', value: 'True' }));
    expect(back.active).toBe(true);
  });

  it('applies several operations with value-filter and enterprise URN paths', async () => {
    const user = await entraUser();
    const manager = await create(t.scim, '/Users', userBody('boss@contoso.com'));
    const res = await patchOk(
      `/Users/${user.id}`,
      patchBody(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new.address@contoso.com' },
        { op: 'Replace', path: 'name.familyName', value: 'Renamed' },
        { op: 'Add', path: 'addresses[type eq "work"].formatted', value: '2 Side St' },
        { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Engineering' },
        { op: 'Add', path: `${ENTERPRISE}:costCenter`, value: 'CC-7' },
        { op: 'Replace', path: `${ENTERPRISE}:manager`, value: manager.id },
      ),
    );
    expect(res.emails).toEqual([{ primary: true, type: 'work', value: 'new.address@contoso.com' }]);
    expect(res.name).toEqual({ formatted: 'Test User', familyName: 'Renamed', givenName: 'Test' });
    expect(res.addresses).toEqual([{ type: 'work', formatted: '2 Side St', primary: true }]);
    expect(res[ENTERPRISE]).toMatchObject({ department: 'Engineering', costCenter: 'CC-7', employeeNumber: '42' });
    expect(res[ENTERPRISE].manager).toMatchObject({ value: manager.id });
    expect(res.schemas).toEqual(expect.arrayContaining([SCHEMA.user, ENTERPRISE]));
  });

  it('adds an enterprise attribute to a user without the extension, adding its URN to schemas', async () => {
    const user = await oktaUser();
    expect(user.schemas).not.toContain(ENTERPRISE);
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'Add', path: `${ENTERPRISE}:employeeNumber`, value: '701984' }));
    expect(res[ENTERPRISE]).toEqual({ employeeNumber: '701984' });
    expect(res.schemas).toContain(ENTERPRISE);
  });

  it('a value-filter add that matches nothing creates the element (phoneNumbers[type eq "mobile"].value)', async () => {
    const user = await entraUser();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' }));
    expect(res.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0100' }]);
  });

  it('removes an attribute with Remove', async () => {
    const user = await entraUser();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'Remove', path: `${ENTERPRISE}:department` }));
    expect(res[ENTERPRISE].department).toBeUndefined();
    expect(res[ENTERPRISE].employeeNumber).toBe('42');
    const gone = await patchOk(`/Users/${user.id}`, patchBody({ op: 'Remove', path: 'displayName' }));
    expect(gone.displayName).toBeUndefined();
  });
});

describe('group membership', () => {
  async function setup(): Promise<{ a: Json; b: Json; c: Json; group: Json }> {
    const a = await create(t.scim, '/Users', userBody('a@example.com', { displayName: 'A' }));
    const b = await create(t.scim, '/Users', userBody('b@example.com', { displayName: 'B' }));
    const c = await create(t.scim, '/Users', userBody('c@example.com', { displayName: 'C' }));
    const group = await create(t.scim, '/Groups', groupBody('Team', [a.id]));
    return { a, b, c, group };
  }

  it('add members (Okta/Entra) → members grow, users see the group', async () => {
    const { a, b, c, group } = await setup();
    const res = await patchOk(`/Groups/${group.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: b.id, display: 'B' }, { value: c.id }] }));
    expect((res.members as Json[]).map((m) => m.value).sort()).toEqual([a.id, b.id, c.id].sort());
    for (const m of res.members as Json[]) expect(m.type).toBe('User');
    const userB = (await t.scim('GET', `/Users/${b.id}`)).body;
    expect(userB.groups).toEqual([expect.objectContaining({ value: group.id, display: 'Team', type: 'direct' })]);
  });

  it('adding an existing member changes nothing and keeps one entry', async () => {
    const { a, group } = await setup();
    const res = await t.scim('PATCH', `/Groups/${group.id}`, { body: patchBody({ op: 'add', path: 'members', value: [{ value: a.id }] }) });
    expect(res.status, res.text).toBe(200);
    expect((res.body.members as Json[]).map((m) => m.value)).toEqual([a.id]);
  });

  it('remove a member with a value-filter path', async () => {
    const { a, b, group } = await setup();
    await patchOk(`/Groups/${group.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: b.id }] }));
    const res = await patchOk(`/Groups/${group.id}`, patchBody({ op: 'remove', path: `members[value eq "${a.id}"]` }));
    expect((res.members as Json[]).map((m) => m.value)).toEqual([b.id]);
    expect((await t.scim('GET', `/Users/${a.id}`)).body.groups).toBeUndefined();
  });

  it('remove members listed in value (Okta, Entra "Remove" with a value list)', async () => {
    const { a, b, c, group } = await setup();
    await patchOk(`/Groups/${group.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: b.id }, { value: c.id }] }));
    const res = await patchOk(`/Groups/${group.id}`, patchBody({ op: 'Remove', path: 'members', value: [{ value: a.id }, { value: c.id }] }));
    expect((res.members as Json[]).map((m) => m.value)).toEqual([b.id]);
  });

  it('remove all members with path "members"', async () => {
    const { a, group } = await setup();
    const res = await patchOk(`/Groups/${group.id}`, patchBody({ op: 'remove', path: 'members' }));
    expect(res.members ?? []).toEqual([]);
    expect((await t.scim('GET', `/Users/${a.id}`)).body.groups).toBeUndefined();
  });

  it('Okta rename: path-less replace with {id, displayName}, the unchanged id is accepted', async () => {
    const { group } = await setup();
    const res = await patchOk(`/Groups/${group.id}`, patchBody({ op: 'replace', value: { id: group.id, displayName: 'Okta Name' } }));
    expect(res.displayName).toBe('Okta Name');
    expect(res.id).toBe(group.id);
  });

  it('rename with a path-less replace', async () => {
    const { group } = await setup();
    const res = await patchOk(`/Groups/${group.id}`, patchBody({ op: 'replace', value: { displayName: 'Renamed Team' } }));
    expect(res.displayName).toBe('Renamed Team');
    expect(res.id).toBe(group.id);
  });

  it('adding an unknown member → 400 invalidValue, group unchanged', async () => {
    const { group } = await setup();
    await patchFails(`/Groups/${group.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: 'no-such-user' }] }), 400, 'invalidValue');
  });
});

describe('primary stays unique (RFC 7644 §3.5.2)', () => {
  async function twoEmails(): Promise<Json> {
    return create(t.scim, '/Users', userBody('p@example.com', {
      emails: [
        { value: 'work@example.com', type: 'work', primary: true },
        { value: 'home@example.com', type: 'home' },
      ],
    }));
  }

  it('adding a primary value clears primary on the others', async () => {
    const user = await twoEmails();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'add', path: 'emails', value: [{ value: 'other@example.com', type: 'other', primary: true }] }));
    const emails = res.emails as Json[];
    expect(emails).toHaveLength(3);
    expect(emails.filter((e) => e.primary === true).map((e) => e.value)).toEqual(['other@example.com']);
  });

  it('setting primary through a value-filter path clears it elsewhere', async () => {
    const user = await twoEmails();
    const res = await patchOk(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'emails[type eq "home"].primary', value: true }));
    const emails = res.emails as Json[];
    expect(emails.filter((e) => e.primary === true).map((e) => e.value)).toEqual(['home@example.com']);
    expect(emails.map((e) => e.value).sort()).toEqual(['home@example.com', 'work@example.com']);
  });
});

describe('errors', () => {
  it('remove without a path → 400 noTarget, nothing changed', async () => {
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'remove' }), 400, 'noTarget');
  });

  it('replace with a value filter that matches nothing and cannot create → 400 noTarget', async () => {
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'emails[value co "nowhere.test"].display', value: 'x' }), 400, 'noTarget');
  });

  it('an unknown attribute path → 400 invalidPath', async () => {
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'favouriteColour', value: 'blue' }), 400, 'invalidPath');
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'name.nickname', value: 'x' }), 400, 'invalidPath');
  });

  it('a malformed path → 400 invalidPath', async () => {
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'emails[type eq "work"', value: 'x' }), 400, 'invalidPath');
  });

  it('replacing id → 400 mutability', async () => {
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'id', value: 'another-id' }), 400, 'mutability');
  });

  it('a body without the PatchOp schema → 400 invalidSyntax', async () => {
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, { Operations: [{ op: 'replace', path: 'active', value: false }] }, 400, 'invalidSyntax');
    await patchFails(`/Users/${user.id}`, { schemas: [SCHEMA.user], Operations: [{ op: 'replace', path: 'active', value: false }] }, 400, 'invalidSyntax');
  });

  it('an unknown op → 400 invalidSyntax', async () => {
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'frobnicate', path: 'active', value: false }), 400, 'invalidSyntax');
  });

  it('a value of the wrong type → 400 invalidValue', async () => {
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'active', value: 'maybe' }), 400, 'invalidValue');
  });

  it('a failing operation rolls back the earlier ones in the same request', async () => {
    const user = await oktaUser();
    await patchFails(
      `/Users/${user.id}`,
      patchBody({ op: 'replace', path: 'displayName', value: 'Changed' }, { op: 'replace', path: 'id', value: 'x' }),
      400,
      'mutability',
    );
    expect((await t.scim('GET', `/Users/${user.id}`)).body.displayName).toBe('Isabell Brooks');
  });

  it('PATCH of an unknown id → 404', async () => {
    await patchFails('/Users/does-not-exist', patchBody({ op: 'replace', path: 'active', value: false }), 404, null);
  });

  it('renaming userName onto another user’s → 409 uniqueness', async () => {
    await create(t.scim, '/Users', userBody('taken@example.com'));
    const user = await oktaUser();
    await patchFails(`/Users/${user.id}`, patchBody({ op: 'replace', path: 'userName', value: 'Taken@Example.com' }), 409, 'uniqueness');
  });
});
