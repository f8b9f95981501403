import { describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA, type ScimType } from '../../vocabulary/constants.js';
import { ScimError } from '../messages/error.js';
import { attr, complex } from '../schemas/definition.js';
import { profileModel } from '../schemas/profiles.js';
import { ResourceSchema, type ScimObject } from '../schemas/resource-schema.js';
import { applyPatch, type PatchOptions } from './apply.js';
import { elementMatcher } from './value-filter.js';

const model = profileModel('full');
const USER = model.resourceTypes.find((t) => t.type.name === 'User')!;
/** Docker's role-mapping extension exists on the docker-hub profile only. */
const DOCKER_USER = profileModel('docker-hub').resourceTypes.find((t) => t.type.name === 'User')!;
const GROUP = model.resourceTypes.find((t) => t.type.name === 'Group')!;
const ENTERPRISE = SCHEMA.enterpriseUser;
const BABS = '2819c223-7f76-453a-919d-413861904646';
const MANDY = '902c246b-6245-4190-8e05-00816be7344a';

function user(): ScimObject {
  return {
    schemas: [SCHEMA.user, ENTERPRISE],
    id: BABS,
    externalId: 'bjensen',
    userName: 'bjensen@example.com',
    name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    active: true,
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    addresses: [
      { type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' },
    ],
    [ENTERPRISE]: {
      employeeNumber: '701984',
      department: 'Tour Operations',
      manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
    },
    meta: {
      resourceType: 'User',
      created: '2010-01-23T04:56:22Z',
      lastModified: '2011-05-13T04:42:34Z',
      version: 'W/"3694e05e9dff591"',
      location: `https://example.com/v2/Users/${BABS}`,
    },
  };
}

function group(): ScimObject {
  return {
    schemas: [SCHEMA.group],
    id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
    displayName: 'Tour Guides',
    members: [
      { value: BABS, display: 'Babs Jensen', type: 'User' },
      { value: MANDY, display: 'Mandy Pepperidge', type: 'User' },
    ],
    meta: { resourceType: 'Group', version: 'W/"3694e05e9dff592"' },
  };
}

const patchOp = (...Operations: unknown[]) => ({ schemas: [MESSAGE.patchOp], Operations });

/** Freezes the input so any mutation by the engine throws in this (strict) module. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

function patch(resource: ScimObject, body: unknown, schema = USER, options?: PatchOptions) {
  return applyPatch(frozen(resource), body, schema, options);
}

function rejects(resource: ScimObject, body: unknown, scimType: ScimType, schema = USER, options?: PatchOptions): ScimError {
  const snapshot = structuredClone(resource);
  let caught: unknown;
  try {
    applyPatch(resource, body, schema, options);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ScimError);
  const error = caught as ScimError;
  expect(error.status).toBe(400);
  expect(error.scimType).toBe(scimType);
  expect(resource).toEqual(snapshot);
  return error;
}

const ext = (r: ScimObject) => r[ENTERPRISE] as ScimObject;
const emails = (r: ScimObject) => r.emails as ScimObject[];
const members = (r: ScimObject) => r.members as ScimObject[];

describe('PatchOp message', () => {
  it.each([
    ['a non-object body', 'nope'],
    ['an array body', [patchOp({ op: 'add', path: 'title', value: 'x' })]],
    ['missing schemas', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['the wrong schema', { schemas: [MESSAGE.bulkRequest], Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['schemas not an array', { schemas: MESSAGE.patchOp, Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['missing Operations', { schemas: [MESSAGE.patchOp] }],
    ['empty Operations', patchOp()],
    ['Operations not an array', { schemas: [MESSAGE.patchOp], Operations: { op: 'add' } }],
    ['an operation that is not an object', patchOp('add')],
    ['an unknown op', patchOp({ op: 'move', path: 'title', value: 'x' })],
    ['a missing op', patchOp({ path: 'title', value: 'x' })],
    ['add without value', patchOp({ op: 'add', path: 'title' })],
    ['replace without value', patchOp({ op: 'replace', path: 'title' })],
  ])('rejects %s with invalidSyntax', (_, body) => {
    rejects(user(), body, 'invalidSyntax');
  });

  it('rejects a non-string path with invalidPath', () => {
    rejects(user(), patchOp({ op: 'add', path: 42, value: 'x' }), 'invalidPath');
  });

  it('accepts op names in any letter case (Entra ID sends "Replace", "Add", "Remove")', () => {
    const { resource } = patch(
      user(),
      patchOp(
        { op: 'Replace', path: 'title', value: 'Tour Guide' },
        { op: 'Add', path: 'nickName', value: 'Babs' },
        { op: 'Remove', path: 'displayName' },
        { op: 'REPLACE', path: 'userType', value: 'Employee' },
      ),
    );
    expect(resource).toMatchObject({ title: 'Tour Guide', nickName: 'Babs', userType: 'Employee' });
    expect(resource.displayName).toBeUndefined();
  });

  it('treats a blank path as no path', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: '', value: { title: 'Boss' } }));
    expect(resource.title).toBe('Boss');
  });
});

describe('paths', () => {
  it.each([
    ['an unknown attribute', 'favouriteColour'],
    ['an unknown sub-attribute', 'name.nickName'],
    ['too many dots', 'name.givenName.first'],
    ['a sub-attribute of a simple attribute', 'title.value'],
    ['an unknown extension attribute', `${ENTERPRISE}:shoeSize`],
    ['an unclosed bracket', 'emails[type eq "work"'],
    ['text after the bracket', 'emails[type eq "work"]value'],
    ['an unknown sub-attribute after the filter', 'emails[type eq "work"].colour'],
    ['a filter on a single-valued attribute', 'name[givenName eq "Barbara"]'],
    ['a filter on an unknown attribute', 'pets[type eq "dog"]'],
  ])('rejects %s with invalidPath', (_, path) => {
    rejects(user(), patchOp({ op: 'replace', path, value: 'x' }), 'invalidPath');
  });

  it.each([
    ['a filter syntax error', 'emails[type eq]'],
    ['an unknown sub-attribute in the filter', 'emails[colour eq "red"]'],
    ['a dangling logical operator', 'emails[type eq "work" and]'],
    ['a comparison with no operator', 'emails[type "work"]'],
    ['an ordering operator on a boolean', 'emails[primary gt true]'],
  ])('rejects %s inside the brackets with invalidFilter', (_, path) => {
    rejects(user(), patchOp({ op: 'remove', path }), 'invalidFilter');
  });

  it('resolves attribute names case-insensitively and stores the canonical spelling', () => {
    const { resource } = patch(
      user(),
      patchOp(
        { op: 'replace', path: 'DISPLAYNAME', value: 'Barbara' },
        { op: 'replace', path: 'Name.GivenName', value: 'Barb' },
        { op: 'replace', path: 'EMAILS[TYPE eq "work"].VALUE', value: 'barb@example.com' },
      ),
    );
    expect(resource.displayName).toBe('Barbara');
    expect(resource.DISPLAYNAME).toBeUndefined();
    expect(resource.name).toMatchObject({ givenName: 'Barb', familyName: 'Jensen' });
    expect(emails(resource)[0]).toEqual({ value: 'barb@example.com', type: 'work', primary: true });
  });

  it('accepts URN-prefixed core and extension paths', () => {
    const { resource } = patch(
      user(),
      patchOp(
        { op: 'replace', path: `${SCHEMA.user}:name.familyName`, value: 'Jensen-Smith' },
        { op: 'replace', path: `${ENTERPRISE}:manager.value`, value: 'new-manager' },
        { op: 'replace', path: `${SCHEMA.user}:emails[type eq "home"].value`, value: 'b@home.org' },
      ),
    );
    expect((resource.name as ScimObject).familyName).toBe('Jensen-Smith');
    expect(ext(resource).manager).toMatchObject({ value: 'new-manager' });
    expect(emails(resource)[1]!.value).toBe('b@home.org');
  });

  it('keeps brackets and quotes inside the filter string intact', () => {
    const start = { ...user(), emails: [{ value: 'odd]"name@example.com', type: 'work' }] };
    const { resource } = patch(start, patchOp({ op: 'remove', path: 'emails[value eq "odd]\\"name@example.com"]' }));
    expect(resource.emails).toBeUndefined();
  });
});

describe('add', () => {
  it('without a path adds each member of the value object (RFC 7644 §3.5.2.1)', () => {
    const { resource, changed } = patch(
      user(),
      patchOp({
        op: 'add',
        value: {
          emails: [{ value: 'babs@jensen.org', type: 'home' }, { value: 'bj@tours.example.com', type: 'other' }],
          nickName: 'Babs',
          name: { middleName: 'Jane' },
          title: 'Tour Guide',
        },
      }),
    );
    expect(changed).toBe(true);
    expect(emails(resource).map((e) => e.value)).toEqual(['bjensen@example.com', 'babs@jensen.org', 'bj@tours.example.com']);
    expect(resource.name).toEqual({ formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane' });
    expect(resource).toMatchObject({ nickName: 'Babs', title: 'Tour Guide' });
  });

  it('without a path replaces a single-valued attribute and normalises key spelling', () => {
    const { resource } = patch(user(), patchOp({ op: 'add', value: { DisplayName: 'B. Jensen', NAME: { GIVENNAME: 'B' } } }));
    expect(resource.displayName).toBe('B. Jensen');
    expect(resource.DisplayName).toBeUndefined();
    expect((resource.name as ScimObject).givenName).toBe('B');
  });

  it('without a path accepts a schema URN key holding extension attributes and fully qualified keys', () => {
    const { resource } = patch(
      user(),
      patchOp({
        op: 'add',
        value: { [ENTERPRISE]: { costCenter: '4130', Division: 'Theme Park' }, [`${ENTERPRISE}:organization`]: 'Universal' },
      }),
    );
    expect(ext(resource)).toMatchObject({ costCenter: '4130', division: 'Theme Park', organization: 'Universal', department: 'Tour Operations' });
  });

  it('creates the extension object and lists its URN in schemas', () => {
    const start = user();
    delete start[ENTERPRISE];
    start.schemas = [SCHEMA.user];
    const { resource } = patch(start, patchOp({ op: 'add', path: `${ENTERPRISE}:department`, value: 'Sales' }));
    expect(ext(resource)).toEqual({ department: 'Sales' });
    expect(resource.schemas).toEqual([SCHEMA.user, ENTERPRISE]);
  });

  it('without a path refuses a non-object value (invalidValue) and unknown keys (invalidPath)', () => {
    rejects(user(), patchOp({ op: 'add', value: 'Babs' }), 'invalidValue');
    rejects(user(), patchOp({ op: 'add', value: [{ title: 'x' }] }), 'invalidValue');
    rejects(user(), patchOp({ op: 'add', value: { title: 'x', shoeSize: 42 } }), 'invalidPath');
    rejects(user(), patchOp({ op: 'add', value: { [ENTERPRISE]: 'Sales' } }), 'invalidValue');
    rejects(user(), patchOp({ op: 'add', value: { [ENTERPRISE]: { shoeSize: 42 } } }), 'invalidPath');
  });

  it('adds members to a Group (RFC 7644 §3.5.2.1 example)', () => {
    const start = { ...group(), members: [{ value: MANDY, type: 'User' }] };
    const { resource } = patch(
      start,
      patchOp({
        op: 'add',
        path: 'members',
        value: [
          { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${BABS}`, value: BABS },
          { value: 'c3a26dd3-8c1b-4d95-9b4e-1e2a2e3b5e1f', type: 'user' },
        ],
      }),
      GROUP,
    );
    expect(resource.members).toEqual([
      { value: MANDY, type: 'User' },
      { $ref: `https://example.com/v2/Users/${BABS}`, value: BABS },
      { value: 'c3a26dd3-8c1b-4d95-9b4e-1e2a2e3b5e1f', type: 'User' },
    ]);
  });

  it('does not add a member twice: an immutable value identifies the element', () => {
    const { resource, changed } = patch(
      group(),
      patchOp({ op: 'add', path: 'members', value: [{ value: BABS, $ref: `https://example.com/v2/Users/${BABS}` }, { value: BABS }] }),
      GROUP,
    );
    expect(resource.members).toEqual(group().members);
    expect(changed).toBe(false);
  });

  it('appends an email differing only in type, but not one already covered', () => {
    const { resource } = patch(
      user(),
      patchOp({ op: 'add', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'other' }, { value: 'bjensen@example.com' }] }),
    );
    expect(emails(resource).map((e) => e.type)).toEqual(['work', 'home', 'other']);
  });

  it('does not append an element identical to one already there', () => {
    const { resource, changed } = patch(
      group(),
      patchOp({ op: 'add', path: 'members', value: [{ value: BABS, display: 'Babs Jensen' }] }),
      GROUP,
    );
    expect(members(resource)).toEqual(group().members);
    expect(changed).toBe(false);
  });

  it('wraps a lone element given for a multi-valued attribute', () => {
    const { resource } = patch(group(), patchOp({ op: 'add', path: 'members', value: { value: 'new-id' } }), GROUP);
    expect(members(resource).at(-1)).toEqual({ value: 'new-id' });
  });

  it('drops readOnly sub-attributes clients echo back (members.display)', () => {
    const { resource } = patch(group(), patchOp({ op: 'add', path: 'members', value: [{ value: 'new-id', display: 'Someone' }] }), GROUP);
    expect(members(resource).at(-1)).toEqual({ value: 'new-id' });
  });

  it('sets a sub-attribute of a complex attribute', () => {
    const { resource } = patch(user(), patchOp({ op: 'add', path: 'name.middleName', value: 'Jane' }));
    expect(resource.name).toMatchObject({ givenName: 'Barbara', middleName: 'Jane' });
  });

  it('with a value filter sets the sub-attribute of matching elements (Entra ID)', () => {
    const { resource } = patch(user(), patchOp({ op: 'Add', path: 'emails[type eq "work"].value', value: 'x@contoso.com' }));
    expect(emails(resource)).toEqual([
      { value: 'x@contoso.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
  });

  it('with a value filter that matches nothing creates the element from the eq clauses (Entra ID)', () => {
    const start = { ...user(), emails: [{ value: 'babs@jensen.org', type: 'home' }] };
    const { resource } = patch(start, patchOp({ op: 'Add', path: 'emails[type eq "work"].value', value: 'x@contoso.com' }));
    expect(emails(resource)).toEqual([
      { value: 'babs@jensen.org', type: 'home' },
      { type: 'work', value: 'x@contoso.com' },
    ]);
  });

  it('with a whole-element value filter that matches nothing creates template plus value', () => {
    const { resource } = patch(
      user(),
      patchOp({ op: 'add', path: 'phoneNumbers[type eq "mobile" and primary eq true]', value: { value: '+1 555 0100' } }),
    );
    expect(resource.phoneNumbers).toEqual([{ type: 'mobile', primary: true, value: '+1 555 0100' }]);
  });

  it('with a non-eq filter that matches nothing is noTarget', () => {
    rejects(user(), patchOp({ op: 'add', path: 'emails[value co "nowhere"].type', value: 'other' }), 'noTarget');
  });
});

describe('replace', () => {
  it('Okta: replace without a path deactivates the user', () => {
    const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] };
    const { resource, changed } = patch(user(), body);
    expect(resource.active).toBe(false);
    expect(changed).toBe(true);
  });

  it.each([
    ['False', false],
    ['True', true],
    ['false', false],
    ['TRUE', true],
  ])('Entra ID: replace active with the string "%s"', (value, expected) => {
    const { resource } = patch({ ...user(), active: !expected }, patchOp({ op: 'Replace', path: 'active', value }));
    expect(resource.active).toBe(expected);
  });

  it('refuses boolean strings when booleanStrings is off (Entra ID aadOptscim062020)', () => {
    rejects(user(), patchOp({ op: 'Replace', path: 'active', value: 'False' }), 'invalidValue', USER, { booleanStrings: false });
  });

  it('Entra ID: replace the enterprise department', () => {
    const { resource } = patch(
      user(),
      patchOp({ op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Sales' }),
    );
    expect(ext(resource).department).toBe('Sales');
    expect(ext(resource).employeeNumber).toBe('701984');
  });

  it('Entra ID: the manager given as a plain id becomes { value }', () => {
    const start = user();
    delete (start[ENTERPRISE] as ScimObject).manager;
    const { resource } = patch(start, patchOp({ op: 'Add', path: `${ENTERPRISE}:manager`, value: 'boss-id' }));
    expect(ext(resource).manager).toEqual({ value: 'boss-id' });
    const replaced = patch(user(), patchOp({ op: 'Replace', value: { [`${ENTERPRISE}:manager`]: 'other-boss' } })).resource;
    expect((ext(replaced).manager as ScimObject).value).toBe('other-boss');
  });

  it('Entra ID: several operations in one request are applied in order', () => {
    const { resource } = patch(
      user(),
      patchOp(
        { op: 'Replace', path: 'displayName', value: 'Barbara Jensen' },
        { op: 'Replace', path: 'name.givenName', value: 'Barbara' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'barbara@contoso.com' },
        { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0199' },
        { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Sales' },
        { op: 'Replace', path: 'displayName', value: 'B. Jensen' },
        { op: 'Replace', path: 'active', value: 'False' },
      ),
    );
    expect(resource).toMatchObject({ displayName: 'B. Jensen', active: false, phoneNumbers: [{ type: 'work', value: '+1 555 0199' }] });
    expect(emails(resource)[0]!.value).toBe('barbara@contoso.com');
    expect(ext(resource).department).toBe('Sales');
  });

  it('without a path replaces multi-valued attributes wholesale', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', value: { emails: [{ value: 'only@example.com', type: 'work' }] } }));
    expect(resource.emails).toEqual([{ value: 'only@example.com', type: 'work' }]);
  });

  it('replaces all members of a Group (RFC 7644 §3.5.2.3 example)', () => {
    const { resource } = patch(
      group(),
      patchOp({
        op: 'replace',
        path: 'members',
        value: [
          { display: 'Babs Jensen', $ref: `https://example.com/v2/Users/${BABS}`, value: BABS },
          { display: 'James Smith', $ref: 'https://example.com/v2/Users/08e1d05d', value: '08e1d05d' },
        ],
      }),
      GROUP,
    );
    expect(resource.members).toEqual([
      { $ref: `https://example.com/v2/Users/${BABS}`, value: BABS },
      { $ref: 'https://example.com/v2/Users/08e1d05d', value: '08e1d05d' },
    ]);
  });

  it('replaces a sub-attribute of the matching address (RFC 7644 §3.5.2.3 example)', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' }));
    expect(resource.addresses).toEqual([
      { type: 'work', streetAddress: '1010 Broadway Ave', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' },
    ]);
  });

  it('replaces whole matching elements', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: 'emails[type eq "home"]', value: { value: 'new@home.org', type: 'home' } }));
    expect(emails(resource)[1]).toEqual({ value: 'new@home.org', type: 'home' });
  });

  it('replaces a complex attribute by merging its sub-attributes (RFC 7644 §3.5.2.3)', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: 'name', value: { givenName: 'Barb' } }));
    expect(resource.name).toEqual({ formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barb' });
  });

  it('with an eq filter that matches nothing is treated as an add', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0111' }));
    expect(resource.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0111' }]);
  });

  it('with a non-eq filter that matches nothing is noTarget', () => {
    rejects(user(), patchOp({ op: 'replace', path: 'emails[value co "nowhere"].type', value: 'other' }), 'noTarget');
    rejects(user(), patchOp({ op: 'replace', path: 'emails[type eq "other" or type eq "x"]', value: { value: 'a@b.c' } }), 'noTarget');
  });

  it('sets a sub-attribute on every element when no filter is given', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: 'emails.display', value: 'Babs' }));
    expect(emails(resource).map((e) => e.display)).toEqual(['Babs', 'Babs']);
  });

  it('treats a null value as unassigning (RFC 7643 §2.5)', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: 'displayName', value: null }, { op: 'replace', value: { nickName: null } }));
    expect('displayName' in resource).toBe(false);
  });

  it('through the extension URN as path merges into the extension object', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: ENTERPRISE, value: { department: 'Sales' } }));
    expect(ext(resource)).toMatchObject({ department: 'Sales', employeeNumber: '701984' });
  });

  it('reports changed: false when nothing differs', () => {
    const { changed } = patch(
      user(),
      patchOp({ op: 'replace', path: 'active', value: 'True' }, { op: 'replace', value: { displayName: 'Babs Jensen' } }),
    );
    expect(changed).toBe(false);
  });
});

describe('remove', () => {
  it('requires a path (noTarget)', () => {
    rejects(user(), patchOp({ op: 'remove' }), 'noTarget');
    rejects(user(), patchOp({ op: 'remove', value: { title: 'x' } }), 'noTarget');
  });

  it('removes a single member (RFC 7644 §3.5.2.2 example)', () => {
    const { resource } = patch(group(), patchOp({ op: 'remove', path: 'members[value eq "2819c223-7f76-453a-919d-413861904646"]' }), GROUP);
    expect(members(resource).map((m) => m.value)).toEqual([MANDY]);
  });

  it('removes all members, deleting the attribute (RFC 7644 §3.5.2.2 example)', () => {
    const { resource } = patch(group(), patchOp({ op: 'remove', path: 'members' }), GROUP);
    expect('members' in resource).toBe(false);
  });

  it('Entra ID / Okta: removes only the members listed in value', () => {
    const start = { ...group(), members: [{ value: 'a' }, { value: 'b', type: 'User' }, { value: 'c' }] };
    const { resource } = patch(start, patchOp({ op: 'Remove', path: 'members', value: [{ value: 'a' }, { value: 'b' }] }), GROUP);
    expect(resource.members).toEqual([{ value: 'c' }]);
  });

  it('removing the listed last members deletes the attribute', () => {
    const start = { ...group(), members: [{ value: 'a' }, { value: 'b' }] };
    const { resource } = patch(start, patchOp({ op: 'Remove', path: 'members', value: [{ value: 'a' }, { value: 'b' }] }), GROUP);
    expect('members' in resource).toBe(false);
  });

  it('removes emails matching a compound filter (RFC 7644 §3.5.2.2 example)', () => {
    const { resource } = patch(user(), patchOp({ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }));
    expect(resource.emails).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
  });

  it('a filter matching nothing is a successful no-op', () => {
    const { resource, changed } = patch(user(), patchOp({ op: 'remove', path: 'emails[type eq "other"]' }));
    expect(changed).toBe(false);
    expect(resource).toEqual(user());
  });

  it('removing every element deletes the attribute', () => {
    const { resource } = patch(user(), patchOp({ op: 'remove', path: 'emails[value pr]' }));
    expect('emails' in resource).toBe(false);
  });

  it('removes a sub-attribute, and the complex attribute once it is empty', () => {
    const one = patch(user(), patchOp({ op: 'remove', path: 'name.formatted' })).resource;
    expect(one.name).toEqual({ familyName: 'Jensen', givenName: 'Barbara' });
    const all = patch(
      user(),
      patchOp({ op: 'remove', path: 'name.formatted' }, { op: 'remove', path: 'name.familyName' }, { op: 'remove', path: 'name.givenName' }),
    ).resource;
    expect('name' in all).toBe(false);
  });

  it('removes a sub-attribute of matching elements', () => {
    const { resource } = patch(user(), patchOp({ op: 'remove', path: 'emails[type eq "work"].primary' }));
    expect(emails(resource)[0]).toEqual({ value: 'bjensen@example.com', type: 'work' });
  });

  it('removes an extension attribute, and the extension with its schemas URN once empty', () => {
    const one = patch(user(), patchOp({ op: 'Remove', path: `${ENTERPRISE}:department` })).resource;
    expect(ext(one).department).toBeUndefined();
    expect(one.schemas).toEqual([SCHEMA.user, ENTERPRISE]);
    const whole = patch(user(), patchOp({ op: 'remove', path: ENTERPRISE })).resource;
    expect(ENTERPRISE in whole).toBe(false);
    expect(whole.schemas).toEqual([SCHEMA.user]);
  });

  it('removing an attribute that is not there changes nothing', () => {
    const { changed } = patch(user(), patchOp({ op: 'remove', path: 'nickName' }, { op: 'remove', path: `${SCHEMA.dockerUser}:dockerRole` }), DOCKER_USER);
    expect(changed).toBe(false);
  });
});

describe('mutability', () => {
  it.each([
    ['id', 'replace', 'new-id'],
    ['meta', 'replace', { version: 'W/"1"' }],
    ['meta.lastModified', 'replace', '2030-01-01T00:00:00Z'],
    ['groups', 'add', [{ value: 'g1' }]],
    [`${ENTERPRISE}:manager.displayName`, 'replace', 'Someone'],
    ['id', 'remove', undefined],
  ])('refuses %s on readOnly %s', (path, op, value) => {
    rejects(user(), patchOp({ op, path, value }), 'mutability');
  });

  it('refuses readOnly members.display through a value filter', () => {
    rejects(group(), patchOp({ op: 'replace', path: `members[value eq "${BABS}"].display`, value: 'X' }), 'mutability', GROUP);
  });

  it('refuses a readOnly key with a new value in a value object, accepts it echoed unchanged', () => {
    rejects(user(), patchOp({ op: 'replace', value: { id: 'other', active: false } }), 'mutability');
    const { resource } = patch(user(), patchOp({ op: 'replace', value: { id: BABS, meta: user().meta, active: false } }));
    expect(resource.active).toBe(false);
    expect(resource.id).toBe(BABS);
  });

  it('refuses changing or removing the immutable value/type of an existing member', () => {
    rejects(group(), patchOp({ op: 'replace', path: `members[value eq "${BABS}"].value`, value: 'other' }), 'mutability', GROUP);
    rejects(group(), patchOp({ op: 'remove', path: `members[value eq "${BABS}"].type` }), 'mutability', GROUP);
    rejects(group(), patchOp({ op: 'replace', path: `members[value eq "${BABS}"]`, value: { value: 'other' } }), 'mutability', GROUP);
    rejects(group(), patchOp({ op: 'replace', path: 'members.type', value: 'Group' }), 'mutability', GROUP);
  });

  it('allows setting an immutable sub-attribute that has no value yet, and whole members to come and go', () => {
    const start = { ...group(), members: [{ value: 'a' }] };
    const { resource } = patch(
      start,
      patchOp(
        { op: 'add', path: 'members[value eq "a"].type', value: 'user' },
        { op: 'add', path: 'members', value: [{ value: 'b', type: 'Group' }] },
        { op: 'remove', path: 'members[value eq "a"]' },
      ),
      GROUP,
    );
    expect(resource.members).toEqual([{ value: 'b', type: 'Group' }]);
  });

  it('keeps immutable sub-attributes a whole-element replace leaves out', () => {
    const { resource } = patch(group(), patchOp({ op: 'replace', path: `members[value eq "${BABS}"]`, value: { value: BABS } }), GROUP);
    expect(members(resource)[0]).toEqual({ value: BABS, display: 'Babs Jensen', type: 'User' });
  });

  it('refuses changing an immutable attribute that has a value, allows setting it once', () => {
    const WIDGET = widgetSchema();
    rejects({ serial: 'A1' }, patchOp({ op: 'replace', path: 'serial', value: 'B2' }), 'mutability', WIDGET);
    rejects({ serial: 'A1' }, patchOp({ op: 'remove', path: 'serial' }), 'mutability', WIDGET);
    expect(patch({}, patchOp({ op: 'add', path: 'serial', value: 'A1' }), WIDGET).resource).toEqual({ serial: 'A1' });
    expect(patch({ serial: 'A1' }, patchOp({ op: 'replace', path: 'serial', value: 'A1' }), WIDGET).changed).toBe(false);
    expect(patch({}, patchOp({ op: 'add', path: 'labels', value: ['x'] }), WIDGET).resource).toEqual({ labels: ['x'] });
    rejects({ labels: ['x'] }, patchOp({ op: 'add', path: 'labels', value: ['y'] }), 'mutability', WIDGET);
  });
});

/** A resource type exercising the attribute types the core schemas do not make writable. */
function widgetSchema(): ResourceSchema {
  const id = 'urn:example:params:scim:schemas:core:2.0:Widget';
  return new ResourceSchema({
    name: 'Widget',
    endpoint: '/Widgets',
    description: 'Test widget',
    schema: {
      id,
      name: 'Widget',
      description: 'Test widget',
      attributes: [
        attr('count', 'An integer.', { type: 'integer' }),
        attr('ratio', 'A decimal.', { type: 'decimal' }),
        attr('since', 'A dateTime.', { type: 'dateTime' }),
        attr('serial', 'Set once.', { mutability: 'immutable', caseExact: true }),
        attr('labels', 'Set once, multi-valued.', { mutability: 'immutable', multiValued: true }),
        complex('codes', 'Case-exact codes.', [attr('value', 'The code.', { caseExact: true }), attr('rank', 'A rank.', { type: 'integer' })], {
          multiValued: true,
        }),
      ],
    },
    extensions: [],
  });
}

describe('value coercion', () => {
  const WIDGET = widgetSchema();

  it('accepts numbers and ISO 8601 dateTimes for their types', () => {
    const { resource } = patch({}, patchOp({ op: 'add', value: { count: 3, ratio: 0.5, since: '2024-05-01T12:00:00.123+02:00' } }), WIDGET);
    expect(resource).toEqual({ count: 3, ratio: 0.5, since: '2024-05-01T12:00:00.123+02:00' });
  });

  it.each([
    ['count', '3'],
    ['count', 1.5],
    ['ratio', '0.5'],
    ['since', '2024-05-01'],
    ['since', 'yesterday'],
    ['since', 1714564800000],
    ['codes', 'plain'],
  ])('refuses %s = %j with invalidValue', (path, value) => {
    rejects({}, patchOp({ op: 'add', path, value }), 'invalidValue', WIDGET);
  });

  it.each([
    ['active', 'yes'],
    ['active', 1],
    ['title', 42],
    ['name', 'Barbara'],
    ['emails', ['bjensen@example.com']],
    ['emails', [null]],
    ['name.givenName', { value: 'x' }],
  ])('refuses User %s = %j with invalidValue', (path, value) => {
    rejects(user(), patchOp({ op: 'replace', path, value }), 'invalidValue');
  });

  it('refuses unknown sub-attributes in a value object with invalidPath', () => {
    rejects(user(), patchOp({ op: 'replace', path: 'name', value: { nickname: 'B' } }), 'invalidPath');
    rejects(group(), patchOp({ op: 'add', path: 'members', value: [{ value: 'x', role: 'admin' }] }), 'invalidPath', GROUP);
  });

  it('normalises strict canonical values case-insensitively and refuses others', () => {
    const { resource } = patch(group(), patchOp({ op: 'add', path: 'members', value: [{ value: 'g2', type: 'group' }] }), GROUP);
    expect(members(resource).at(-1)).toEqual({ value: 'g2', type: 'Group' });
    rejects(group(), patchOp({ op: 'add', path: 'members', value: [{ value: 'r2', type: 'Robot' }] }), 'invalidValue', GROUP);
    const docker = patch(user(), patchOp({ op: 'add', path: `${SCHEMA.dockerUser}:dockerRole`, value: 'OWNER' }), DOCKER_USER).resource;
    expect(docker[SCHEMA.dockerUser]).toEqual({ dockerRole: 'owner' });
    rejects(user(), patchOp({ op: 'add', path: `${SCHEMA.dockerUser}:dockerRole`, value: 'admin' }), 'invalidValue', DOCKER_USER);
  });

  it('leaves non-strict canonical values alone', () => {
    const { resource } = patch(user(), patchOp({ op: 'add', path: 'emails', value: [{ value: 'x@y.z', type: 'Custom' }] }));
    expect(emails(resource).at(-1)).toEqual({ value: 'x@y.z', type: 'Custom' });
  });

  it('coerces boolean sub-attributes in elements and filter templates', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: 'emails[type eq "home"].primary', value: 'True' }));
    expect(emails(resource)[1]!.primary).toBe(true);
  });
});

describe('primary', () => {
  it('an added primary value demotes the others (RFC 7644 §3.5.2)', () => {
    const { resource } = patch(user(), patchOp({ op: 'add', path: 'emails', value: [{ value: 'new@example.com', type: 'work', primary: true }] }));
    expect(emails(resource).map((e) => e.primary)).toEqual([false, false, true]);
  });

  it('making an existing value primary through a filter demotes the others', () => {
    const { resource } = patch(user(), patchOp({ op: 'replace', path: 'emails[type eq "home"].primary', value: true }));
    expect(emails(resource).map((e) => [e.type, e.primary])).toEqual([
      ['work', false],
      ['home', true],
    ]);
  });

  it('refuses two primary values in one replacement', () => {
    rejects(
      user(),
      patchOp({ op: 'replace', path: 'emails', value: [{ value: 'a@x.y', primary: true }, { value: 'b@x.y', primary: true }] }),
      'invalidValue',
    );
  });

  it('refuses two operations making different values primary', () => {
    rejects(
      user(),
      patchOp(
        { op: 'replace', path: 'emails[type eq "home"].primary', value: true },
        { op: 'add', path: 'emails', value: { value: 'c@x.y', primary: true } },
      ),
      'invalidValue',
    );
  });

  it('refuses a sub-attribute path that makes every element primary', () => {
    rejects(user(), patchOp({ op: 'replace', path: 'emails.primary', value: true }), 'invalidValue');
  });

  it('leaves attributes the request did not change alone', () => {
    const start = { ...user(), phoneNumbers: [{ value: '1', primary: true }, { value: '2', primary: true }] };
    const { resource } = patch(start, patchOp({ op: 'replace', path: 'title', value: 'x' }));
    expect(resource.phoneNumbers).toEqual(start.phoneNumbers);
  });
});

describe('all or nothing', () => {
  it('a failing later operation leaves the input untouched', () => {
    const start = user();
    rejects(
      start,
      patchOp(
        { op: 'replace', path: 'active', value: false },
        { op: 'remove', path: 'emails' },
        { op: 'add', path: `${ENTERPRISE}:department`, value: 'Sales' },
        { op: 'replace', path: 'id', value: 'stolen' },
      ),
      'mutability',
    );
    expect(start.active).toBe(true);
  });

  it('names the failing operation in the detail', () => {
    const error = rejects(user(), patchOp({ op: 'replace', path: 'title', value: 'ok' }, { op: 'replace', path: 'nope', value: 1 }), 'invalidPath');
    expect(error.detail).toMatch(/^Operations\[1\] \(replace "nope"\)/);
  });

  it('never mutates the input on success either (input is deep-frozen)', () => {
    const start = frozen(user());
    const { resource } = applyPatch(
      start,
      patchOp(
        { op: 'add', path: 'emails[type eq "work"].value', value: 'x@contoso.com' },
        { op: 'remove', path: 'name.formatted' },
        { op: 'replace', path: `${ENTERPRISE}:manager`, value: 'm2' },
        { op: 'add', path: 'emails', value: [{ value: 'p@x.y', primary: true }] },
      ),
      USER,
    );
    expect(resource).not.toBe(start);
    expect(start).toEqual(user());
  });
});

describe('elementMatcher', () => {
  const EMAILS = USER.resolve('emails')!.attribute;
  const CODES = widgetSchema().resolve('codes')!.attribute;
  const work = { value: 'BJensen@Example.com', type: 'work', primary: true };
  const home = { value: 'babs@jensen.org', type: 'home' };

  it.each([
    ['value eq "bjensen@example.com"', true, false],
    ['value ne "bjensen@example.com"', false, true],
    ['value co "jensen"', true, true],
    ['value sw "BJENSEN"', true, false],
    ['value ew ".org"', false, true],
    ['primary pr', true, false],
    ['primary eq true', true, false],
    ['type gt "la"', true, false],
    ['type lt "la"', false, true],
    ['type ge "work"', true, false],
    ['type le "home"', false, true],
    ['type eq "work" or type eq "home"', true, true],
    ['type eq "work" and not (value ew ".com")', false, false],
    ['not (primary pr)', false, true],
    ['display eq null', true, true],
  ])('%s', (filter, matchesWork, matchesHome) => {
    const matches = elementMatcher(filter, EMAILS);
    expect([matches(work), matches(home)]).toEqual([matchesWork, matchesHome]);
  });

  it('honours caseExact and compares numbers numerically', () => {
    expect(elementMatcher('value eq "abc"', CODES)({ value: 'ABC' })).toBe(false);
    expect(elementMatcher('value eq "ABC"', CODES)({ value: 'ABC' })).toBe(true);
    expect(elementMatcher('rank gt 9', CODES)({ rank: 10 })).toBe(true);
    expect(elementMatcher('rank le 9', CODES)({ rank: 10 })).toBe(false);
  });

  it('is false for non-object elements', () => {
    expect(elementMatcher('value pr', EMAILS)('x@y.z')).toBe(false);
  });
});

describe("Entra's manager removal through a value filter (tolerance)", () => {
  const MANAGER = '26118915-6090-4610-87e4-49d8ca9f808d';
  const op = (o: string, path: string, value?: unknown) => ({
    schemas: [MESSAGE.patchOp],
    Operations: [{ op: o, path, ...(value === undefined ? {} : { value }) }],
  });

  it('removes the manager when the filter matches it', () => {
    const { resource, changed } = applyPatch(user(), op('Remove', `${ENTERPRISE}:manager[value eq "${MANAGER}"]`), USER);
    expect(changed).toBe(true);
    expect((resource[ENTERPRISE] as ScimObject).manager).toBeUndefined();
    expect((resource[ENTERPRISE] as ScimObject).department).toBe('Tour Operations');
  });

  it('leaves a different manager in place', () => {
    const { resource, changed } = applyPatch(user(), op('Remove', `${ENTERPRISE}:manager[value eq "someone-else"]`), USER);
    expect(changed).toBe(false);
    expect((resource[ENTERPRISE] as ScimObject).manager).toEqual({ value: MANAGER, displayName: 'John Smith' });
  });

  it('still refuses any other op through a filter on a single-valued attribute', () => {
    const attempt = () => applyPatch(user(), op('replace', `${ENTERPRISE}:manager[value eq "${MANAGER}"].value`, 'x'), USER);
    expect(attempt).toThrow(ScimError);
    try {
      attempt();
    } catch (error) {
      expect((error as ScimError).status).toBe(400);
      expect((error as ScimError).scimType).toBe('invalidPath');
    }
  });
});

describe('path-less values keyed by path, and echoed read-only values (tolerances)', () => {
  const grouped = {
    schemas: [MESSAGE.patchOp],
    Operations: [{ op: 'replace', value: { 'name.familyName': 'Moreau', [`${ENTERPRISE}:department`]: 'Research', displayName: 'B. Moreau' } }],
  };

  it('reads each key as a path (Entra with aadOptscim062020) and keeps the sub-attributes not named', () => {
    const { resource } = applyPatch(user(), grouped, USER);
    expect(resource.name).toMatchObject({ familyName: 'Moreau', givenName: 'Barbara' });
    expect((resource[ENTERPRISE] as ScimObject).department).toBe('Research');
    expect(resource.displayName).toBe('B. Moreau');
  });

  it('refuses path keys with invalidPath when the tolerance is off, changing nothing', () => {
    expect(() => applyPatch(user(), grouped, USER, { pathKeysInValue: false })).toThrow(/"name.familyName" is a path, not an attribute name/);
  });

  it('ignores an unchanged id in the value, and refuses it when the tolerance is off', () => {
    const echo = (id: unknown) => ({ schemas: [MESSAGE.patchOp], Operations: [{ op: 'replace', value: { id, displayName: 'Renamed' } }] });
    const current = user();
    expect(applyPatch(current, echo(current.id), USER).resource.displayName).toBe('Renamed');
    expect(() => applyPatch(current, echo(current.id), USER, { readOnlyEcho: false })).toThrow(/"id" is readOnly/);
    expect(() => applyPatch(current, echo('another-id'), USER)).toThrow(/"id" is readOnly/);
  });
});
