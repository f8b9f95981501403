import { describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { SPEC_SCHEMA_NAMES } from './json-schemas.js';
import { SpecValidators } from './validators.js';

const meta = (resourceType: string) => ({
  resourceType,
  created: '2010-01-23T04:56:22Z',
  lastModified: '2011-05-13T04:42:34Z',
  version: 'W/"3694e05e9dff590"',
  location: `https://example.com/v2/${resourceType}s/2819c223-7f76-453a-919d-413861904646`,
});

/** Shaped after the RFCs' own examples (RFC 7643 §8, RFC 7644 §3). */
const EXAMPLES: Record<(typeof SPEC_SCHEMA_NAMES)[number], unknown> = {
  User: {
    schemas: [SCHEMA.user, SCHEMA.enterpriseUser],
    id: '2819c223-7f76-453a-919d-413861904646',
    externalId: '701984',
    userName: 'bjensen@example.com',
    name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    profileUrl: 'https://login.example.com/bjensen',
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA', primary: true }],
    phoneNumbers: [{ value: '555-555-5555', type: 'work' }],
    groups: [{ value: 'e9e30dba-f08f-4109-8486-d5c6a331660a', $ref: 'https://example.com/v2/Groups/e9e30dba', display: 'Tour Guides' }],
    x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
    userType: 'Employee',
    preferredLanguage: 'en-US',
    locale: 'en-US',
    timezone: 'America/Los_Angeles',
    active: true,
    [SCHEMA.enterpriseUser]: { employeeNumber: '701984', costCenter: '4130', manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' } },
    meta: meta('User'),
  },
  Group: {
    schemas: [SCHEMA.group],
    id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
    displayName: 'Tour Guides',
    members: [{ value: '2819c223-7f76-453a-919d-413861904646', $ref: 'https://example.com/v2/Users/2819c223', display: 'Babs Jensen' }],
    meta: meta('Group'),
  },
  EnterpriseUser: { employeeNumber: '701984', division: 'Theme Park', department: 'Tour Operations' },
  ServiceProviderConfig: {
    schemas: [SCHEMA.serviceProviderConfig],
    documentationUri: 'http://example.com/help/scim.html',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [{ name: 'OAuth Bearer Token', description: 'Authentication scheme using the OAuth Bearer Token Standard', specUri: 'http://www.rfc-editor.org/info/rfc6750', type: 'oauthbearertoken', primary: true }],
    meta: { location: 'https://example.com/v2/ServiceProviderConfig', resourceType: 'ServiceProviderConfig', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z', version: 'W/"3694e05e9dff594"' },
  },
  ResourceType: {
    schemas: [SCHEMA.resourceType],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: SCHEMA.user,
    schemaExtensions: [{ schema: SCHEMA.enterpriseUser, required: true }],
    meta: { location: 'https://example.com/v2/ResourceTypes/User', resourceType: 'ResourceType' },
  },
  Schema: {
    schemas: [SCHEMA.schema],
    id: SCHEMA.group,
    name: 'Group',
    description: 'Group',
    attributes: [
      { name: 'displayName', type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' },
      {
        name: 'members',
        type: 'complex',
        multiValued: true,
        required: false,
        mutability: 'readWrite',
        returned: 'default',
        subAttributes: [
          { name: 'value', type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'immutable', returned: 'default', uniqueness: 'none' },
          { name: '$ref', type: 'reference', referenceTypes: ['User', 'Group'], multiValued: false, required: false, caseExact: false, mutability: 'immutable', returned: 'default', uniqueness: 'none' },
        ],
      },
    ],
    meta: { resourceType: 'Schema', location: `/v2/Schemas/${SCHEMA.group}` },
  },
  ListResponse: { schemas: [MESSAGE.listResponse], totalResults: 100, itemsPerPage: 10, startIndex: 1, Resources: [{ id: '2819c223', title: 'Tour Guide' }] },
  SearchRequest: { schemas: [MESSAGE.searchRequest], attributes: ['displayName', 'userName'], filter: 'displayName sw "smith"', startIndex: 1, count: 10 },
  PatchOp: {
    schemas: [MESSAGE.patchOp],
    Operations: [
      { op: 'add', path: 'members', value: [{ display: 'Babs Jensen', $ref: 'https://example.com/v2/Users/2819c223', value: '2819c223' }] },
      { op: 'remove', path: 'members[value eq "2819c223"]' },
      { op: 'replace', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickName: 'Babs' } },
    ],
  },
  BulkRequest: {
    schemas: [MESSAGE.bulkRequest],
    failOnErrors: 1,
    Operations: [
      { method: 'POST', path: '/Users', bulkId: 'qwerty', data: { schemas: [SCHEMA.user], userName: 'Alice' } },
      { method: 'PUT', path: '/Users/b7c14771', version: 'W/"3694e05e9dff591"', data: { schemas: [SCHEMA.user], id: 'b7c14771', userName: 'Bob' } },
      { method: 'DELETE', path: '/Users/5d8d29d3', version: 'W/"3694e05e9dff594"' },
    ],
  },
  BulkResponse: {
    schemas: [MESSAGE.bulkResponse],
    Operations: [
      { location: 'https://example.com/v2/Users/92b725cd', method: 'POST', bulkId: 'qwerty', version: 'W/"oY4m4wn58tkVjJxK"', status: '201' },
      { method: 'POST', bulkId: 'abc', status: '400', response: { schemas: [MESSAGE.error], scimType: 'invalidSyntax', detail: 'Request is unparsable.', status: '400' } },
    ],
  },
  Error: { schemas: [MESSAGE.error], scimType: 'mutability', detail: 'Attribute \'id\' is readOnly', status: '400' },
};

describe('SpecValidators', () => {
  it('covers every RFC resource and message', () => {
    expect([...SpecValidators.names].sort()).toEqual(
      ['BulkRequest', 'BulkResponse', 'EnterpriseUser', 'Error', 'Group', 'ListResponse', 'PatchOp', 'ResourceType', 'Schema', 'SearchRequest', 'ServiceProviderConfig', 'User'].sort(),
    );
  });

  it.each(SPEC_SCHEMA_NAMES.map((n) => [n] as const))('accepts an RFC-shaped %s', (name) => {
    expect(SpecValidators.validate(name, EXAMPLES[name])).toEqual({ valid: true, errors: [], issues: [] });
  });

  it('requires what the RFCs require', () => {
    const missing = (name: (typeof SPEC_SCHEMA_NAMES)[number], key: string) => {
      const { [key]: _omitted, ...rest } = EXAMPLES[name] as Record<string, unknown>;
      return SpecValidators.validate(name, rest).errors;
    };
    expect(missing('User', 'userName')).toEqual(['/userName: is required but missing']);
    expect(missing('User', 'id')).toEqual(['/id: is required but missing']);
    expect(missing('User', 'schemas')).toEqual(['/schemas: is required but missing']);
    expect(missing('Group', 'displayName')).toEqual(['/displayName: is required but missing']);
    expect(missing('ListResponse', 'totalResults')).toEqual(['/totalResults: is required but missing']);
    expect(missing('Error', 'status')).toEqual(['/status: is required but missing']);
    expect(missing('ServiceProviderConfig', 'authenticationSchemes')).toEqual(['/authenticationSchemes: is required but missing']);
    expect(missing('ResourceType', 'endpoint')).toEqual(['/endpoint: is required but missing']);
    expect(missing('PatchOp', 'Operations')).toEqual(['/Operations: is required but missing']);
  });

  it('reports types, formats and keywords readably', () => {
    const v = (name: (typeof SPEC_SCHEMA_NAMES)[number], patch: Record<string, unknown>) => SpecValidators.validate(name, { ...(EXAMPLES[name] as object), ...patch }).errors;
    expect(v('Error', { status: 400 })).toEqual(['/status: must be string']);
    expect(v('Error', { scimType: 'conflict' })[0]).toMatch(/^\/scimType: must be equal to one of the allowed values \("invalidFilter", "tooMany", "uniqueness"/);
    expect(v('ListResponse', { totalResults: 1.5 })).toEqual(['/totalResults: must be integer']);
    expect(v('User', { meta: { created: '2010-01-23' } })).toEqual(['/meta/created: must match format "xsd-date-time"']);
    expect(v('User', { id: 'bulkId:qwerty' })).toEqual(['/id: must not contain the reserved word "bulkId"']);
    expect(v('User', { schemas: [SCHEMA.group] })).toEqual(['/schemas: must contain the resource or message URN']);
    expect(v('User', { [SCHEMA.enterpriseUser]: { manager: 'boss' } })).toEqual([`/${SCHEMA.enterpriseUser}/manager: must be object (or null)`]);
    expect(v('PatchOp', { Operations: [{ op: 'Replace', value: 1 }, { op: 'remove' }, { op: 'add' }] })).toEqual([
      '/Operations/0/op: must be equal to one of the allowed values ("add", "remove", "replace")',
      '/Operations/1/path: is required but missing',
      '/Operations/2/value: is required but missing',
    ]);
    expect(v('BulkRequest', { Operations: [{ method: 'POST', path: '/Users', data: {} }] })).toEqual(['/Operations/0/bulkId: is required but missing']);
  });

  it('treats null as unassigned for optional attributes (RFC 7643 §2.5), not for required ones', () => {
    expect(SpecValidators.validate('User', { ...(EXAMPLES.User as object), displayName: null, emails: null, name: null }).valid).toBe(true);
    expect(SpecValidators.validate('User', { ...(EXAMPLES.User as object), userName: null }).valid).toBe(false);
  });

  it('allows extension attributes at the resource level', () => {
    expect(SpecValidators.validate('User', { ...(EXAMPLES.User as object), 'urn:example:ext:1.0:User': { badge: 7 } }).valid).toBe(true);
  });

  it('judges any value without throwing', () => {
    for (const value of [undefined, null, 0, 'x', [], {}]) {
      for (const name of SPEC_SCHEMA_NAMES) expect(() => SpecValidators.validate(name, value)).not.toThrow();
    }
  });
});
