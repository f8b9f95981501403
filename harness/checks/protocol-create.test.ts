import { describe, expect, it } from 'vitest';
import { createLocation, createUniqueness } from './protocol-create.js';
import { BASE_URL, errorBody, makeExchange, notApplicable, user, verdict } from './test-exchange.js';

const created = user();
const location = `${BASE_URL}/Users/2819c223`;

describe('rfc7644.create.location', () => {
  it('passes a Location equal to meta.location', () => {
    const f = verdict(createLocation, makeExchange({ method: 'POST', path: '/Users', status: 201, headers: { Location: location }, body: created }));
    expect(f).toMatchObject({ checkId: 'rfc7644.create.location', passed: true, expected: location, actual: location });
  });
  it('accepts a relative Location that resolves to meta.location', () => {
    const f = verdict(createLocation, makeExchange({ method: 'POST', path: '/Users', status: 201, headers: { location: '/scim/v2/Users/2819c223' }, body: created }));
    expect(f.passed).toBe(true);
  });
  it('fails a missing Location header', () => {
    const f = verdict(createLocation, makeExchange({ method: 'POST', path: '/Users', status: 201, body: created }));
    expect(f).toMatchObject({ checkId: 'rfc7644.create.location', passed: false, subject: 'Location header', expected: location, actual: undefined });
  });
  it('fails a Location that differs from meta.location', () => {
    const f = verdict(createLocation, makeExchange({ method: 'POST', path: '/Users', status: 201, headers: { Location: `${BASE_URL}/Users/other` }, body: created }));
    expect(f).toMatchObject({ passed: false, expected: location, actual: `${BASE_URL}/Users/other` });
  });
  it('fails a body without meta.location', () => {
    const f = verdict(createLocation, makeExchange({ method: 'POST', path: '/Users', status: 201, headers: { Location: location }, body: user({ meta: { resourceType: 'User' } }) }));
    expect(f).toMatchObject({ passed: false, subject: 'meta.location', expected: location, actual: undefined });
  });
  it('does not apply to other statuses', () => {
    notApplicable(createLocation, makeExchange({ method: 'POST', path: '/Users', status: 200, body: created }));
  });
});

describe('rfc7644.create.uniqueness', () => {
  it('passes a 409 with scimType uniqueness', () => {
    const f = verdict(createUniqueness, makeExchange({ method: 'POST', path: '/Users', status: 409, body: errorBody(409, 'uniqueness') }));
    expect(f).toMatchObject({ checkId: 'rfc7644.create.uniqueness', passed: true, expected: 'uniqueness', actual: 'uniqueness' });
  });
  it('fails a 409 without it', () => {
    const f = verdict(createUniqueness, makeExchange({ method: 'POST', path: '/Users', status: 409, body: errorBody(409) }));
    expect(f).toMatchObject({ checkId: 'rfc7644.create.uniqueness', passed: false, expected: 'uniqueness', actual: undefined });
  });
  it('fails a 409 whose body is not JSON', () => {
    expect(verdict(createUniqueness, makeExchange({ method: 'POST', path: '/Users', status: 409, body: 'Conflict' })).passed).toBe(false);
  });
  it('does not judge a 409 on PUT', () => {
    notApplicable(createUniqueness, makeExchange({ method: 'PUT', path: '/Users/1', status: 409, body: errorBody(409) }));
  });
});
