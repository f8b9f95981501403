import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import { resourceTypeSchemaIds, resourceTypesValid, schemasValid, serviceProviderConfigValid } from './discovery.js';
import { discoveredResourceTypesBody, discoveredSchemasBody, listResponse, makeExchange, notApplicable, testContext, verdict, verdicts } from './test-exchange.js';

const spc = {
  schemas: [SCHEMA.serviceProviderConfig],
  patch: { supported: true },
  bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
  filter: { supported: true, maxResults: 200 },
  changePassword: { supported: false },
  sort: { supported: true },
  etag: { supported: true },
  authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token' }],
};

describe('rfc7644.discovery.service-provider-config', () => {
  it('passes a complete ServiceProviderConfig', () => {
    expect(verdict(serviceProviderConfigValid, makeExchange({ path: '/ServiceProviderConfig', body: spc }))).toMatchObject({
      checkId: 'rfc7644.discovery.service-provider-config',
      passed: true,
      expected: 'a valid ServiceProviderConfig',
    });
  });
  it('fails missing REQUIRED configuration', () => {
    const { etag: _omitted, ...rest } = spc;
    const f = verdict(serviceProviderConfigValid, makeExchange({ path: '/ServiceProviderConfig', body: { ...rest, filter: { supported: true } } }));
    expect(f).toMatchObject({ checkId: 'rfc7644.discovery.service-provider-config', passed: false, actual: ['/etag: is required but missing', '/filter/maxResults: is required but missing'] });
  });
});

describe('rfc7644.discovery.resource-types', () => {
  it('passes a ListResponse of ResourceTypes and a single one', () => {
    const findings = verdicts(resourceTypesValid, makeExchange({ path: '/ResourceTypes', body: discoveredResourceTypesBody() }));
    expect(findings.map((f) => [f.subject, f.passed])).toEqual([
      ['listing body', true],
      ['Resources[0]', true],
      ['Resources[1]', true],
    ]);
    const one = (discoveredResourceTypesBody().Resources as unknown[])[0];
    expect(verdict(resourceTypesValid, makeExchange({ path: '/ResourceTypes/User', body: one }))).toMatchObject({ checkId: 'rfc7644.discovery.resource-types', passed: true, subject: 'ResourceType body' });
  });
  it('fails a bare array (RFC 7643 §8.6 style) and a ResourceType without endpoint', () => {
    expect(verdict(resourceTypesValid, makeExchange({ path: '/ResourceTypes', body: [] }))).toMatchObject({ checkId: 'rfc7644.discovery.resource-types', passed: false, actual: ['/: must be object'] });
    const findings = verdicts(resourceTypesValid, makeExchange({ path: '/ResourceTypes', body: listResponse([{ schemas: [SCHEMA.resourceType], name: 'User', schema: SCHEMA.user }]) }));
    expect(findings[1]).toMatchObject({ passed: false, actual: ['/Resources/0/endpoint: is required but missing'] });
  });
});

describe('rfc7644.discovery.schemas', () => {
  it('passes a ListResponse of Schemas', () => {
    expect(verdicts(schemasValid, makeExchange({ path: '/Schemas', body: discoveredSchemasBody() })).every((f) => f.passed && f.checkId === 'rfc7644.discovery.schemas')).toBe(true);
  });
  it('fails an attribute of an unknown type in a single Schema', () => {
    const body = { schemas: [SCHEMA.schema], id: SCHEMA.user, attributes: [{ name: 'userName', type: 'text' }] };
    const f = verdict(schemasValid, makeExchange({ path: `/Schemas/${SCHEMA.user}`, body }));
    expect(f).toMatchObject({ checkId: 'rfc7644.discovery.schemas', passed: false, subject: 'Schema body' });
    expect(f.actual).toEqual([expect.stringMatching(/^\/attributes\/0\/type: must be equal to one of the allowed values/)]);
  });
});

describe('rfc7643.resource-type.schema-id', () => {
  const ctx = testContext({ schemas: discoveredSchemasBody() });
  it('passes resource types naming published schemas', () => {
    const findings = verdicts(resourceTypeSchemaIds, makeExchange({ path: '/ResourceTypes', body: discoveredResourceTypesBody() }), ctx);
    expect(findings.map((f) => [f.checkId, f.passed])).toEqual([
      ['rfc7643.resource-type.schema-id', true],
      ['rfc7643.resource-type.schema-id', true],
    ]);
  });
  it('fails an extension that /Schemas does not publish', () => {
    const body = { schemas: [SCHEMA.resourceType], name: 'User', endpoint: '/Users', schema: SCHEMA.user, schemaExtensions: [{ schema: 'urn:example:missing', required: false }] };
    const f = verdict(resourceTypeSchemaIds, makeExchange({ path: '/ResourceTypes/User', body }), ctx);
    expect(f).toMatchObject({ checkId: 'rfc7643.resource-type.schema-id', passed: false, actual: [SCHEMA.user, 'urn:example:missing'] });
  });
  it('does not apply before /Schemas is discovered', () => {
    notApplicable(resourceTypeSchemaIds, makeExchange({ path: '/ResourceTypes', body: discoveredResourceTypesBody() }));
  });
});
