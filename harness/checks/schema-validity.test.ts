import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import { groupValid, listResponseValid, userValid } from './schema-validity.js';
import { group, listResponse, makeExchange, notApplicable, user, verdict, verdicts } from './test-exchange.js';

describe('rfc7643.user.valid', () => {
  it('passes a conforming User, with the enterprise extension', () => {
    const body = user({ schemas: [SCHEMA.user, SCHEMA.enterpriseUser], [SCHEMA.enterpriseUser]: { employeeNumber: '42', manager: { value: 'x' } } });
    expect(verdict(userValid, makeExchange({ path: '/Users/2819c223', body }))).toMatchObject({ checkId: 'rfc7643.user.valid', passed: true, expected: 'a valid User', actual: 'valid' });
  });
  it('fails a User without userName and with a string boolean', () => {
    const { userName: _omitted, ...rest } = user({ active: 'True' });
    const f = verdict(userValid, makeExchange({ path: '/Users/2819c223', body: rest }));
    expect(f).toMatchObject({ checkId: 'rfc7643.user.valid', passed: false, expected: 'a valid User' });
    expect(f.actual).toEqual(['/userName: is required but missing', '/active: must be boolean (or null)']);
  });
  it('judges each User of a list, with its position', () => {
    const findings = verdicts(userValid, makeExchange({ path: '/Users', body: listResponse([user(), user({ userName: '' })]) }));
    expect(findings.map((f) => f.passed)).toEqual([true, false]);
    expect(findings[1]?.actual).toEqual(['/Resources/1/userName: must NOT have fewer than 1 characters']);
  });
  it('leaves id to rfc7643.common.id', () => {
    expect(verdict(userValid, makeExchange({ path: '/Users/x', body: user({ id: 'bulkId:1' }) })).passed).toBe(true);
  });
  it('does not judge projected responses, which may omit userName', () => {
    notApplicable(userValid, makeExchange({ path: '/Users/2819c223?attributes=displayName', body: { schemas: [SCHEMA.user], id: '2819c223' } }));
  });
});

describe('rfc7643.group.valid', () => {
  it('passes a conforming Group', () => {
    expect(verdict(groupValid, makeExchange({ path: '/Groups/e9e30dba', body: group() }))).toMatchObject({ checkId: 'rfc7643.group.valid', passed: true });
  });
  it('fails a Group without displayName and the Group URN', () => {
    const { displayName: _omitted, ...rest } = group({ schemas: [SCHEMA.user] });
    const f = verdict(groupValid, makeExchange({ path: '/Groups/e9e30dba', body: rest }));
    expect(f).toMatchObject({ checkId: 'rfc7643.group.valid', passed: false, expected: 'a valid Group' });
    expect(f.actual).toEqual(['/displayName: is required but missing', '/schemas: must contain the resource or message URN']);
  });
});

describe('rfc7644.query.list-response', () => {
  it('passes a ListResponse', () => {
    expect(verdict(listResponseValid, makeExchange({ path: '/Users?filter=userName%20eq%20%22a%22', body: listResponse([user()]) }))).toMatchObject({ checkId: 'rfc7644.query.list-response', passed: true });
  });
  it('fails a bare array and a body without the ListResponse URN', () => {
    expect(verdict(listResponseValid, makeExchange({ path: '/Users', body: [user()] }))).toMatchObject({ checkId: 'rfc7644.query.list-response', passed: false, actual: ['/: must be object'] });
    const f = verdict(listResponseValid, makeExchange({ method: 'POST', path: '/Users/.search', body: { schemas: ['urn:example:list'], totalResults: 0 } }));
    expect(f.actual).toEqual(['/schemas: must contain the resource or message URN']);
  });
  it('fails a non-JSON body', () => {
    expect(verdict(listResponseValid, makeExchange({ path: '/Users', body: '<html>' })).passed).toBe(false);
  });
});
