import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import { commonId, commonSchemas, etagHeader, metaLastModified, metaLocation, metaResourceType, metaVersion } from './resource-common.js';
import { BASE_URL, listResponse, makeExchange, notApplicable, resourceHeaders, testContext, user, verdict, verdicts } from './test-exchange.js';

const meta = (extra: Record<string, unknown>) => ({ ...(user().meta as Record<string, unknown>), ...extra });

describe('rfc7643.common.schemas', () => {
  it('passes bodies and list items with schemas', () => {
    const findings = verdicts(commonSchemas, makeExchange({ path: '/Users', body: listResponse([user()]) }));
    expect(findings.map((f) => [f.subject, f.passed])).toEqual([
      ['schemas', true],
      ['Resources[0].schemas', true],
    ]);
    expect(findings[0]).toMatchObject({ checkId: 'rfc7643.common.schemas', expected: 'a non-empty array of URI strings' });
  });
  it('fails a resource without schemas or with an empty array', () => {
    const { schemas: _omitted, ...rest } = user();
    expect(verdict(commonSchemas, makeExchange({ path: '/Users/2819c223', body: rest }))).toMatchObject({ checkId: 'rfc7643.common.schemas', passed: false, actual: undefined });
    expect(verdict(commonSchemas, makeExchange({ path: '/Users/2819c223', body: user({ schemas: [] }) }))).toMatchObject({ passed: false, actual: [] });
  });
});

describe('rfc7643.common.id', () => {
  it('passes a non-empty id', () => {
    expect(verdict(commonId, makeExchange({ path: '/Users/2819c223', body: user() }))).toMatchObject({ checkId: 'rfc7643.common.id', passed: true, actual: '2819c223' });
  });
  it('fails a missing id and one using "bulkId"', () => {
    const { id: _omitted, ...rest } = user();
    expect(verdict(commonId, makeExchange({ method: 'POST', path: '/Users', status: 201, body: rest }))).toMatchObject({ checkId: 'rfc7643.common.id', passed: false, expected: 'a non-empty string', actual: undefined });
    expect(verdict(commonId, makeExchange({ method: 'POST', path: '/Users', status: 201, body: user({ id: 'bulkId:qwerty' }) }))).toMatchObject({ passed: false, actual: 'bulkId:qwerty' });
  });
  it('does not apply to discovery documents', () => {
    notApplicable(commonId, makeExchange({ path: '/ServiceProviderConfig', body: { schemas: [SCHEMA.serviceProviderConfig] } }));
  });
});

describe('rfc7643.meta.last-modified', () => {
  it('passes lastModified after created, and equal on a create', () => {
    expect(verdict(metaLastModified, makeExchange({ path: '/Users/2819c223', body: user({ meta: meta({ lastModified: '2026-01-01T11:00:00Z' }) }) }))).toMatchObject({
      checkId: 'rfc7643.meta.last-modified',
      passed: true,
    });
    expect(verdict(metaLastModified, makeExchange({ method: 'POST', path: '/Users', status: 201, body: user() })).passed).toBe(true);
  });
  it('compares instants across time zones', () => {
    const body = user({ meta: meta({ created: '2026-01-01T10:00:00Z', lastModified: '2026-01-01T11:00:00+01:00' }) });
    expect(verdict(metaLastModified, makeExchange({ method: 'POST', path: '/Users', status: 201, body })).passed).toBe(true);
  });
  it('fails lastModified before created', () => {
    const body = user({ meta: meta({ lastModified: '2025-12-31T10:00:00Z' }) });
    expect(verdict(metaLastModified, makeExchange({ path: '/Users/2819c223', body }))).toMatchObject({
      checkId: 'rfc7643.meta.last-modified',
      passed: false,
      expected: 'not before 2026-01-01T10:00:00Z',
      actual: '2025-12-31T10:00:00Z',
    });
  });
  it('fails a just-created resource whose lastModified differs from created, to the sub-millisecond', () => {
    const body = user({ meta: meta({ created: '2026-01-01T10:00:00.1234Z', lastModified: '2026-01-01T10:00:00.1235Z' }) });
    expect(verdict(metaLastModified, makeExchange({ method: 'POST', path: '/Users', status: 201, body }))).toMatchObject({ passed: false, expected: '2026-01-01T10:00:00.1234Z', actual: '2026-01-01T10:00:00.1235Z' });
  });
  it('does not apply when a date is missing or unreadable', () => {
    notApplicable(metaLastModified, makeExchange({ path: '/Users/2819c223', body: user({ meta: meta({ created: 'yesterday' }) }) }));
  });
});

describe('rfc7643.meta.resource-type', () => {
  it('passes the endpoint\'s resource type', () => {
    expect(verdict(metaResourceType, makeExchange({ path: '/Users/2819c223', body: user() }))).toMatchObject({ checkId: 'rfc7643.meta.resource-type', passed: true, expected: 'User', actual: 'User' });
  });
  it('fails another name, case-exactly', () => {
    expect(verdict(metaResourceType, makeExchange({ path: '/Users/2819c223', body: user({ meta: meta({ resourceType: 'user' }) }) }))).toMatchObject({
      checkId: 'rfc7643.meta.resource-type',
      passed: false,
      expected: 'User',
      actual: 'user',
    });
  });
  it('uses the discovered resource types for custom endpoints', () => {
    const ctx = testContext({ resourceTypes: [{ name: 'Device', endpoint: '/Devices', schema: 'urn:example:Device' }] });
    const body = { schemas: ['urn:example:Device'], id: 'd1', meta: { resourceType: 'Gadget' } };
    expect(verdict(metaResourceType, makeExchange({ path: '/Devices/d1', body }), ctx)).toMatchObject({ passed: false, expected: 'Device', actual: 'Gadget' });
  });
});

describe('rfc7643.meta.location', () => {
  it('passes when meta.location equals Content-Location', () => {
    const f = verdict(metaLocation, makeExchange({ path: '/Users/2819c223', headers: { 'Content-Location': `${BASE_URL}/Users/2819c223` }, body: user() }));
    expect(f).toMatchObject({ checkId: 'rfc7643.meta.location', passed: true });
  });
  it('fails when they differ', () => {
    const f = verdict(metaLocation, makeExchange({ path: '/Users/2819c223', headers: { 'content-location': `${BASE_URL}/Users/other` }, body: user() }));
    expect(f).toMatchObject({ checkId: 'rfc7643.meta.location', passed: false, expected: `${BASE_URL}/Users/other`, actual: `${BASE_URL}/Users/2819c223` });
  });
  it('does not apply without Content-Location', () => {
    notApplicable(metaLocation, makeExchange({ path: '/Users/2819c223', body: user() }));
  });
});

describe('rfc7644.etag.header', () => {
  const supported = testContext({ serviceProviderConfig: { etag: { supported: true } } });
  it('passes a resource with an ETag when ETags are supported', () => {
    expect(verdict(etagHeader, makeExchange({ path: '/Users/2819c223', headers: resourceHeaders(user()), body: user() }), supported)).toMatchObject({ checkId: 'rfc7644.etag.header', passed: true, actual: 'W/"1"' });
  });
  it('fails a versioned resource without one, naming its version', () => {
    expect(verdict(etagHeader, makeExchange({ method: 'PUT', path: '/Users/2819c223', body: user() }), supported)).toMatchObject({ checkId: 'rfc7644.etag.header', passed: false, expected: 'W/"1"', actual: undefined });
    const body = user({ meta: { resourceType: 'User' } });
    expect(verdict(etagHeader, makeExchange({ path: '/Users/2819c223', body }), supported)).toMatchObject({ passed: false, expected: 'an entity tag' });
  });
  it('does not apply, and is not applicable, where ETags are not advertised ("When supported")', () => {
    notApplicable(etagHeader, makeExchange({ path: '/Users/2819c223', body: user() }));
    expect(etagHeader.requires).toBe('etag');
  });
});

describe('rfc7643.meta.version', () => {
  it('passes meta.version equal to ETag', () => {
    expect(verdict(metaVersion, makeExchange({ path: '/Users/2819c223', headers: { ETag: 'W/"1"' }, body: user() }))).toMatchObject({ checkId: 'rfc7643.meta.version', passed: true, expected: 'W/"1"', actual: 'W/"1"' });
  });
  it('fails a mismatch', () => {
    expect(verdict(metaVersion, makeExchange({ path: '/Users/2819c223', headers: { etag: 'W/"2"' }, body: user() }))).toMatchObject({ checkId: 'rfc7643.meta.version', passed: false, expected: 'W/"2"', actual: 'W/"1"' });
  });
});
