import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import {
  attributeTypes,
  canonicalType,
  declaredAttributes,
  passwordNotReturned,
  readOnlyIgnored,
  requiredAttributes,
  returnedNever,
  singlePrimary,
  writeOnly,
} from './schema-driven.js';
import {
  discoveredResourceTypesBody,
  discoveredSchemasBody,
  group,
  listResponse,
  makeExchange,
  notApplicable,
  testContext,
  user,
  verdict,
} from './test-exchange.js';

const discovered = testContext({ schemas: discoveredSchemasBody(), resourceTypes: discoveredResourceTypesBody() });
const get = (body: unknown, path = '/Users/2819c223') => makeExchange({ path, body });

describe('rfc7643.schema.declared', () => {
  it('passes attributes the target declares, with default multi-valued sub-attributes', () => {
    const body = user({ emails: [{ value: 'a@example.com', type: 'work', primary: true, $ref: 'mailto:a@example.com' }] });
    expect(verdict(declaredAttributes, get(body), discovered)).toMatchObject({ checkId: 'rfc7643.schema.declared', passed: true, expected: 'only declared attributes' });
  });
  it('fails undeclared attributes, at any depth, and in extensions', () => {
    const body = user({
      schemas: [SCHEMA.user, SCHEMA.enterpriseUser],
      favouriteColour: 'blue',
      name: { givenName: 'B', nickname: 'Babs' },
      [SCHEMA.enterpriseUser]: { employeeNumber: '1', shoeSize: 9 },
    });
    const f = verdict(declaredAttributes, get(body), discovered);
    expect(f).toMatchObject({ checkId: 'rfc7643.schema.declared', passed: false });
    expect(f.actual).toEqual([
      'name.nickname is not declared',
      'favouriteColour is not declared',
      `${SCHEMA.enterpriseUser}:shoeSize is not declared`,
    ]);
  });
  it('fails an extension container missing from schemas, even without discovery', () => {
    const body = user({ [SCHEMA.enterpriseUser]: { employeeNumber: '1' } });
    const f = verdict(declaredAttributes, get(body));
    expect(f).toMatchObject({ passed: false, actual: [`${SCHEMA.enterpriseUser} is not listed in schemas`] });
  });
  it('fails an extension the target does not publish', () => {
    const body = user({ schemas: [SCHEMA.user, 'urn:example:ext'], 'urn:example:ext': { a: 1 } });
    expect(verdict(declaredAttributes, get(body), discovered).actual).toEqual(['urn:example:ext is not a schema the target publishes']);
  });
  it('does not apply without discovered schemas or extensions', () => {
    notApplicable(declaredAttributes, get(user({ favouriteColour: 'blue' })));
  });
});

describe('rfc7643.schema.returned-never', () => {
  it('passes when returned: never attributes are absent', () => {
    expect(verdict(returnedNever, get(user()), discovered)).toMatchObject({ checkId: 'rfc7643.schema.returned-never', passed: true, expected: 'not returned' });
  });
  it('fails when one is returned', () => {
    expect(verdict(returnedNever, get(user({ password: 'hunter2' })), discovered)).toMatchObject({
      checkId: 'rfc7643.schema.returned-never',
      passed: false,
      actual: ['password is returned although declared "returned": "never"'],
    });
  });
  it('does not apply without discovered schemas', () => {
    notApplicable(returnedNever, get(user({ password: 'hunter2' })));
  });
});

describe('rfc7643.schema.write-only', () => {
  it('passes when writeOnly attributes are absent', () => {
    expect(verdict(writeOnly, get(user()), discovered)).toMatchObject({ checkId: 'rfc7643.schema.write-only', passed: true });
  });
  it('fails when one is returned (null counts as unassigned)', () => {
    const f = verdict(writeOnly, get(user({ secretQuestion: 'pet?', password: null })), discovered);
    expect(f).toMatchObject({ checkId: 'rfc7643.schema.write-only', passed: false, actual: ['secretQuestion is returned although declared writeOnly'] });
  });
});

describe('rfc7643.schema.types', () => {
  it('passes values of their declared types', () => {
    const body = user({ loginCount: 3, lastLogin: '2026-01-01T10:00:00', active: false });
    expect(verdict(attributeTypes, get(body), discovered)).toMatchObject({ checkId: 'rfc7643.schema.types', passed: true, expected: 'values of the declared types' });
  });
  it('fails values of other types', () => {
    const body = user({ active: 'True', loginCount: 2.5, lastLogin: '2026-01-01', emails: { value: 'a@example.com' } });
    const f = verdict(attributeTypes, get(body), discovered);
    expect(f).toMatchObject({ checkId: 'rfc7643.schema.types', passed: false });
    expect(f.actual).toEqual([
      'active must be a JSON boolean (got True)',
      'emails must be an array (multi-valued) (got {"value":"a@example.com"})',
      'loginCount must be an integer (got 2.5)',
      'lastLogin must be an xsd:dateTime string with date and time (got 2026-01-01)',
    ]);
  });
  it('judges the common attributes even without discovery', () => {
    const f = verdict(attributeTypes, get(user({ meta: { created: '1 Jan 2026' }, externalId: 7 })));
    expect(f.actual).toEqual(['meta.created must be an xsd:dateTime string with date and time (got 1 Jan 2026)', 'externalId must be a string (got 7)']);
  });
});

describe('rfc7643.user.password', () => {
  it('passes a User without password', () => {
    expect(verdict(passwordNotReturned, get(user()))).toMatchObject({ checkId: 'rfc7643.user.password', passed: true, expected: 'no password' });
  });
  it('fails a User with one, without revealing it', () => {
    const f = verdict(passwordNotReturned, get(listResponse([user({ Password: 'hunter2' })]), '/Users'));
    expect(f).toMatchObject({ checkId: 'rfc7643.user.password', passed: false, subject: 'Resources[0]', actual: ['password returned (7 characters)'] });
    expect(JSON.stringify(f)).not.toContain('hunter2');
  });
  it('does not apply to Groups', () => {
    notApplicable(passwordNotReturned, get(group(), '/Groups/e9e30dba'));
  });
});

describe('rfc7643.multi-valued.primary', () => {
  it('passes a single primary', () => {
    expect(verdict(singlePrimary, get(user()))).toMatchObject({ checkId: 'rfc7643.multi-valued.primary', passed: true });
  });
  it('fails two primaries, also inside an extension', () => {
    const body = user({
      emails: [
        { value: 'a@example.com', primary: true },
        { value: 'b@example.com', primary: true },
      ],
      'urn:example:ext': { badges: [{ value: 'x', primary: true }, { value: 'y', primary: true }, { value: 'z', primary: true }] },
    });
    expect(verdict(singlePrimary, get(body))).toMatchObject({
      checkId: 'rfc7643.multi-valued.primary',
      passed: false,
      actual: ['emails has 2 values with primary true', 'urn:example:ext:badges has 3 values with primary true'],
    });
  });
});

describe('rfc7643.multi-valued.canonical-type', () => {
  it('passes canonical values, case-insensitively', () => {
    expect(verdict(canonicalType, get(user({ emails: [{ value: 'a@example.com', type: 'Work' }] })))).toMatchObject({ checkId: 'rfc7643.multi-valued.canonical-type', passed: true });
  });
  it('fails other values against the RFC suggestions', () => {
    const f = verdict(canonicalType, get(user({ emails: [{ value: 'a@example.com', type: 'office' }] })));
    expect(f).toMatchObject({ checkId: 'rfc7643.multi-valued.canonical-type', passed: false, actual: ['emails[0].type "office" is not one of work, home, other'] });
  });
  it('follows the canonical values the target declares', () => {
    const f = verdict(canonicalType, get(user({ phoneNumbers: [{ value: '+1', type: 'pager' }] })), discovered);
    expect(f.actual).toEqual(['phoneNumbers[0].type "pager" is not one of work, home, mobile']);
  });
  it('judges Group member types', () => {
    expect(verdict(canonicalType, get(group({ members: [{ value: '1', type: 'Device' }] }), '/Groups/e9e30dba')).passed).toBe(false);
  });
});

describe('rfc7643.schema.required', () => {
  it('passes a full representation with every required attribute', () => {
    expect(verdict(requiredAttributes, get(user()), discovered)).toMatchObject({ checkId: 'rfc7643.schema.required', passed: true });
  });
  it('fails when a required attribute is missing', () => {
    const { userName: _dropped, ...withoutUserName } = user();
    const f = verdict(requiredAttributes, get(withoutUserName), discovered);
    expect(f).toMatchObject({ checkId: 'rfc7643.schema.required', passed: false, actual: ['userName is required but missing'] });
  });
  it('does not judge a projected response (attributes=...)', () => {
    const { userName: _dropped, ...withoutUserName } = user();
    notApplicable(requiredAttributes, get(withoutUserName, '/Users/2819c223?attributes=displayName'), discovered);
  });
});

describe('rfc7643.schema.read-only', () => {
  const create = (requestBody: unknown, body: unknown) => makeExchange({ method: 'POST', path: '/Users', requestBody, status: 201, body });
  it("passes when the server ignores the client's id and groups", () => {
    const sent = user({ id: 'client-chosen', groups: [{ value: 'g1' }], meta: { resourceType: 'User' } });
    expect(verdict(readOnlyIgnored, create(sent, user()), discovered)).toMatchObject({ checkId: 'rfc7643.schema.read-only', passed: true });
  });
  it("fails when the server adopts the client's id", () => {
    const sent = user({ id: 'client-chosen', meta: { resourceType: 'User' } });
    const f = verdict(readOnlyIgnored, create(sent, user({ id: 'client-chosen' })), discovered);
    expect(f).toMatchObject({ checkId: 'rfc7643.schema.read-only', passed: false, actual: ["id took the client's value client-chosen"] });
  });
  it('does not apply when no readOnly value was sent', () => {
    const { id: _id, meta: _meta, ...plain } = user();
    notApplicable(readOnlyIgnored, create(plain, user()), discovered);
  });
});
