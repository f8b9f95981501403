/**
 * RFC 7644 §4 / RFC 7643 §5–7 over HTTP: `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`, per
 * profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { expectScimError, expectScimJson, startProvider, type TestProvider } from './test-support.js';

const ATTRIBUTE_CHARACTERISTICS = ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness'];

/** Response bodies are JSON; kept loose on purpose. */
type Json = Record<string, any>;

function findAttribute(schema: Json, name: string): Json {
  const found = (schema.attributes as Json[]).find((a) => a.name === name);
  expect(found, `attribute ${name} in ${schema.id}`).toBeDefined();
  return found!;
}

/** RFC 7643 §7: every attribute (and sub-attribute) carries all its characteristics. */
function expectWellFormedAttributes(attributes: Json[], where: string): void {
  for (const attribute of attributes) {
    for (const key of ATTRIBUTE_CHARACTERISTICS) expect(attribute, `${where}.${attribute.name} has ${key}`).toHaveProperty(key);
    expect(['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary']).toContain(attribute.type);
    expect(['readOnly', 'readWrite', 'immutable', 'writeOnly']).toContain(attribute.mutability);
    expect(['always', 'never', 'default', 'request']).toContain(attribute.returned);
    expect(['none', 'server', 'global']).toContain(attribute.uniqueness);
    expect(attribute).not.toHaveProperty('strictCanonicalValues');
    if (attribute.type === 'complex') {
      expect(Array.isArray(attribute.subAttributes), `${where}.${attribute.name} has subAttributes`).toBe(true);
      expectWellFormedAttributes(attribute.subAttributes, `${where}.${attribute.name}`);
    } else {
      expect(attribute.subAttributes).toBeUndefined();
    }
    if (attribute.type === 'reference') expect(Array.isArray(attribute.referenceTypes)).toBe(true);
  }
}

describe('discovery, full profile', () => {
  let t: TestProvider;
  beforeAll(async () => {
    t = await startProvider({ limits: { maxOperations: 17, maxPayloadSize: 123_456, maxResults: 42 } });
  });
  afterAll(() => t.close());

  describe('GET /ServiceProviderConfig', () => {
    it('advertises patch, bulk, filter, sort, etag and the bearer scheme with the configured limits', async () => {
      const res = await t.scim('GET', '/ServiceProviderConfig');
      expect(res.status).toBe(200);
      expectScimJson(res);
      const spc = res.body;
      expect(spc.schemas).toEqual([SCHEMA.serviceProviderConfig]);
      expect(spc.patch).toEqual({ supported: true });
      expect(spc.bulk).toEqual({ supported: true, maxOperations: 17, maxPayloadSize: 123_456 });
      expect(spc.filter).toEqual({ supported: true, maxResults: 42 });
      expect(spc.sort).toEqual({ supported: true });
      expect(spc.etag).toEqual({ supported: true });
      expect(spc.changePassword).toEqual({ supported: expect.any(Boolean) });
      expect(Array.isArray(spc.authenticationSchemes)).toBe(true);
      expect(spc.authenticationSchemes.length).toBeGreaterThan(0);
      const bearer = spc.authenticationSchemes.find((s: Json) => s.type === 'oauthbearertoken');
      expect(bearer).toBeDefined();
      expect(typeof bearer.name).toBe('string');
      expect(bearer.name.length).toBeGreaterThan(0);
      expect(typeof bearer.description).toBe('string');
      expect(bearer.description.length).toBeGreaterThan(0);
      expect(spc.meta.resourceType).toBe('ServiceProviderConfig');
      expect(spc.meta.location).toBe(`${t.baseUrl}/ServiceProviderConfig`);
    });

    it('is not a resource with an id', async () => {
      const res = await t.scim('GET', '/ServiceProviderConfig');
      expect(res.body.id).toBeUndefined();
    });

    it('has no sub-resources', async () => {
      expectScimError(await t.scim('GET', '/ServiceProviderConfig/extra'), 404, null);
    });
  });

  describe('GET /ResourceTypes', () => {
    it('lists User and Group as a ListResponse', async () => {
      const res = await t.scim('GET', '/ResourceTypes');
      expect(res.status).toBe(200);
      expectScimJson(res);
      expect(res.body.schemas).toEqual([MESSAGE.listResponse]);
      expect(res.body.totalResults).toBe(2);
      expect(res.body.itemsPerPage).toBe(2);
      expect(res.body.startIndex).toBe(1);
      const byId = Object.fromEntries((res.body.Resources as Json[]).map((r) => [r.id, r]));
      expect(Object.keys(byId).sort()).toEqual(['Group', 'User']);
      expect(byId.User).toEqual({
        schemas: [SCHEMA.resourceType],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        description: expect.any(String),
        schema: SCHEMA.user,
        // A plain RFC server: no vendor extension, so Docker-only scenarios are not applicable to it.
        schemaExtensions: [{ schema: SCHEMA.enterpriseUser, required: false }],
        meta: { resourceType: 'ResourceType', location: `${t.baseUrl}/ResourceTypes/User` },
      });
      expect(byId.Group).toMatchObject({
        schemas: [SCHEMA.resourceType],
        id: 'Group',
        name: 'Group',
        endpoint: '/Groups',
        schema: SCHEMA.group,
        meta: { resourceType: 'ResourceType', location: `${t.baseUrl}/ResourceTypes/Group` },
      });
      expect(byId.Group.schemaExtensions ?? []).toEqual([]);
    });

    it('GET /ResourceTypes/User returns the same representation as the list', async () => {
      const list = await t.scim('GET', '/ResourceTypes');
      const res = await t.scim('GET', '/ResourceTypes/User');
      expect(res.status).toBe(200);
      expectScimJson(res);
      expect(res.body).toEqual((list.body.Resources as Json[]).find((r) => r.id === 'User'));
    });

    it('GET /ResourceTypes/Group is served in the full profile', async () => {
      const res = await t.scim('GET', '/ResourceTypes/Group');
      expect(res.status).toBe(200);
      expect(res.body.endpoint).toBe('/Groups');
    });

    it('an unknown resource type is a 404 SCIM error', async () => {
      expectScimError(await t.scim('GET', '/ResourceTypes/Device'), 404, null);
    });
  });

  describe('GET /Schemas', () => {
    it('lists the User, Group and Enterprise User schemas', async () => {
      const res = await t.scim('GET', '/Schemas');
      expect(res.status).toBe(200);
      expectScimJson(res);
      expect(res.body.schemas).toEqual([MESSAGE.listResponse]);
      expect(res.body.totalResults).toBe(3);
      expect(res.body.itemsPerPage).toBe(3);
      expect(res.body.startIndex).toBe(1);
      const ids = (res.body.Resources as Json[]).map((s) => s.id).sort();
      expect(ids).toEqual([SCHEMA.group, SCHEMA.user, SCHEMA.enterpriseUser].sort());
      for (const schema of res.body.Resources as Json[]) {
        expect(schema.schemas).toEqual([SCHEMA.schema]);
        expect(typeof schema.name).toBe('string');
        expect(typeof schema.description).toBe('string');
        expect(schema.meta).toEqual({ resourceType: 'Schema', location: `${t.baseUrl}/Schemas/${schema.id}` });
        expectWellFormedAttributes(schema.attributes, schema.id);
      }
    });

    it.each([SCHEMA.user, SCHEMA.group, SCHEMA.enterpriseUser])('GET /Schemas/%s equals its list entry', async (urn) => {
      const list = await t.scim('GET', '/Schemas');
      const res = await t.scim('GET', `/Schemas/${urn}`);
      expect(res.status).toBe(200);
      expectScimJson(res);
      expect(res.body.id).toBe(urn);
      expect(res.body).toEqual((list.body.Resources as Json[]).find((s) => s.id === urn));
    });

    it('the User schema publishes the RFC 7643 §4.1 characteristics the provider enforces', async () => {
      const user = (await t.scim('GET', `/Schemas/${SCHEMA.user}`)).body;
      expect(user.name).toBe('User');
      expect(findAttribute(user, 'userName')).toMatchObject({ type: 'string', required: true, caseExact: false, uniqueness: 'server', multiValued: false });
      expect(findAttribute(user, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
      expect(findAttribute(user, 'active')).toMatchObject({ type: 'boolean' });
      expect(findAttribute(user, 'groups')).toMatchObject({ type: 'complex', multiValued: true, mutability: 'readOnly' });
      expect(findAttribute(user, 'emails')).toMatchObject({ type: 'complex', multiValued: true });
      const emailSubs = (findAttribute(user, 'emails').subAttributes as Json[]).map((s) => s.name).sort();
      expect(emailSubs).toEqual(['display', 'primary', 'type', 'value']);
      // id, externalId and meta are common attributes, not part of the User schema (RFC 7643 §3.1).
      expect((user.attributes as Json[]).map((a) => a.name)).not.toContain('id');
    });

    it('the Group schema has displayName and members with value/$ref/display/type', async () => {
      const group = (await t.scim('GET', `/Schemas/${SCHEMA.group}`)).body;
      expect(findAttribute(group, 'displayName')).toMatchObject({ type: 'string', required: true });
      const members = findAttribute(group, 'members');
      expect(members).toMatchObject({ type: 'complex', multiValued: true });
      expect((members.subAttributes as Json[]).map((s) => s.name).sort()).toEqual(['$ref', 'display', 'type', 'value']);
    });

    it('the Enterprise User schema has the RFC 7643 §4.3 attributes', async () => {
      const ext = (await t.scim('GET', `/Schemas/${SCHEMA.enterpriseUser}`)).body;
      expect((ext.attributes as Json[]).map((a) => a.name).sort()).toEqual(
        ['costCenter', 'department', 'division', 'employeeNumber', 'manager', 'organization'].sort(),
      );
      const manager = findAttribute(ext, 'manager');
      expect((manager.subAttributes as Json[]).map((s) => s.name).sort()).toEqual(['$ref', 'displayName', 'value']);
    });

    it('an unknown schema URN is a 404 SCIM error', async () => {
      expectScimError(await t.scim('GET', '/Schemas/urn:example:params:scim:schemas:Nope'), 404, null);
    });
  });
});

describe('discovery, docker-hub profile (group mapping: Groups are teams)', () => {
  let t: TestProvider;
  beforeAll(async () => {
    t = await startProvider({ profile: 'docker-hub', verifiedDomains: ['example.com'] });
  });
  afterAll(() => t.close());

  it('/ResourceTypes lists User (with the Docker extension) and Group, described as a Docker team', async () => {
    const res = await t.scim('GET', '/ResourceTypes');
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(2);
    expect((res.body.Resources as Json[]).map((r) => r.id)).toEqual(['User', 'Group']);
    const group = (await t.scim('GET', '/ResourceTypes/Group')).body;
    expect(group).toMatchObject({ endpoint: '/Groups', schema: SCHEMA.group });
    expect(group.description).toMatch(/organization:team/);
    const user = (await t.scim('GET', '/ResourceTypes/User')).body;
    expect(user.schemaExtensions).toContainEqual({ schema: SCHEMA.dockerUser, required: false });
  });

  it('/Schemas has the Group schema next to the User schemas', async () => {
    const res = await t.scim('GET', '/Schemas');
    expect(res.status).toBe(200);
    const ids = (res.body.Resources as Json[]).map((s) => s.id);
    expect(ids.sort()).toEqual([SCHEMA.dockerUser, SCHEMA.user, SCHEMA.enterpriseUser, SCHEMA.group].sort());
    const group = (await t.scim('GET', `/Schemas/${SCHEMA.group}`)).body;
    findAttribute(group, 'displayName');
    findAttribute(group, 'members');
  });

  it('the Docker extension publishes dockerRole with its canonical values', async () => {
    const docker = (await t.scim('GET', `/Schemas/${SCHEMA.dockerUser}`)).body;
    expect(findAttribute(docker, 'dockerRole').canonicalValues).toEqual(['member', 'editor', 'owner']);
    findAttribute(docker, 'dockerOrg');
    findAttribute(docker, 'dockerTeam');
  });

  it('/ServiceProviderConfig is served with the default limits, PATCH advertised (Entra updates by PATCH)', async () => {
    const res = await t.scim('GET', '/ServiceProviderConfig');
    expect(res.status).toBe(200);
    expectScimJson(res);
    expect(res.body.patch).toEqual({ supported: true });
    expect(res.body.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 });
    expect(res.body.filter).toEqual({ supported: true, maxResults: 200 });
  });
});

describe('discovery, docker-hub-legacy profile (no group management)', () => {
  let t: TestProvider;
  beforeAll(async () => {
    t = await startProvider({ profile: 'docker-hub-legacy', verifiedDomains: ['example.com'] });
  });
  afterAll(() => t.close());

  it('/ResourceTypes lists only User', async () => {
    const res = await t.scim('GET', '/ResourceTypes');
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
    expect((res.body.Resources as Json[]).map((r) => r.id)).toEqual(['User']);
  });

  it('/ResourceTypes/Group is a 404 SCIM error', async () => {
    expectScimError(await t.scim('GET', '/ResourceTypes/Group'), 404, null);
  });

  it('/Schemas has no Group schema', async () => {
    const res = await t.scim('GET', '/Schemas');
    expect(res.status).toBe(200);
    const ids = (res.body.Resources as Json[]).map((s) => s.id);
    expect(ids).not.toContain(SCHEMA.group);
    expect(ids.sort()).toEqual([SCHEMA.dockerUser, SCHEMA.user, SCHEMA.enterpriseUser].sort());
    expect(res.body.totalResults).toBe(3);
    expectScimError(await t.scim('GET', `/Schemas/${SCHEMA.group}`), 404, null);
  });

  it('/Groups is a 404 SCIM error for GET and POST', async () => {
    expectScimError(await t.scim('GET', '/Groups'), 404, null);
    expectScimError(await t.scim('POST', '/Groups', { body: { schemas: [SCHEMA.group], displayName: 'acme:x' } }), 404, null);
    expect(t.provider.store.count('Group')).toBe(0);
  });
});
