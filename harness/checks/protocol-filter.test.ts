import { describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { filterEq, invalidFilter } from './protocol-filter.js';
import { parseEqFilter } from './simple-filter.js';
import { discoveredResourceTypesBody, discoveredSchemasBody, errorBody, group, listResponse, makeExchange, notApplicable, testContext, user, verdict, verdicts } from './test-exchange.js';

const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

describe('parseEqFilter', () => {
  it('reads attr eq "string", URN-qualified or not, with escapes', () => {
    expect(parseEqFilter('userName eq "bjensen"')).toEqual({ urn: undefined, attribute: 'userName', value: 'bjensen' });
    expect(parseEqFilter(`${SCHEMA.user}:userName EQ "a\\"b"`)).toEqual({ urn: SCHEMA.user, attribute: 'userName', value: 'a"b' });
  });
  it('ignores anything richer', () => {
    for (const f of ['userName eq "a" and active eq true', 'name.givenName eq "a"', 'emails[type eq "work"]', 'active eq true', 'userName sw "a"', 'userName eq "unterminated']) {
      expect(parseEqFilter(f)).toBeUndefined();
    }
  });
});

describe('rfc7644.filter.eq', () => {
  it('passes results matching case-insensitively on userName', () => {
    const f = verdict(filterEq, makeExchange({ path: q('userName eq "BJensen@Example.com"'), body: listResponse([user()]) }));
    expect(f).toMatchObject({ checkId: 'rfc7644.filter.eq', passed: true, subject: 'Resources[0].userName', expected: 'BJensen@Example.com', actual: 'bjensen@example.com' });
  });
  it('fails a result that does not match', () => {
    const findings = verdicts(filterEq, makeExchange({ path: q('userName eq "bjensen@example.com"'), body: listResponse([user(), user({ userName: 'other@example.com' })]) }));
    expect(findings.map((f) => f.passed)).toEqual([true, false]);
    expect(findings[1]).toMatchObject({ checkId: 'rfc7644.filter.eq', expected: 'bjensen@example.com', actual: 'other@example.com' });
  });
  it('compares externalId case-exactly', () => {
    const f = verdict(filterEq, makeExchange({ path: q('externalId eq "ABC"'), body: listResponse([user({ externalId: 'abc' })]) }));
    expect(f).toMatchObject({ passed: false, expected: 'ABC', actual: 'abc' });
  });
  it('reads the filter of a SearchRequest and caseExact from discovered schemas', () => {
    const ctx = testContext({ schemas: discoveredSchemasBody(), resourceTypes: discoveredResourceTypesBody() });
    const exchange = makeExchange({
      method: 'POST',
      path: '/Groups/.search',
      requestBody: { schemas: [MESSAGE.searchRequest], filter: 'displayName eq "tour guides"' },
      body: listResponse([group()]),
    });
    expect(verdict(filterEq, exchange, ctx).passed).toBe(true);
  });
  it('does not apply when the attribute is not returned or the filter is complex', () => {
    notApplicable(filterEq, makeExchange({ path: `${q('userName eq "a"')}&attributes=id`, body: listResponse([{ schemas: [SCHEMA.user], id: '1' }]) }));
    notApplicable(filterEq, makeExchange({ path: q('userName eq "a" or userName eq "b"'), body: listResponse([user()]) }));
  });
});

describe('rfc7644.filter.invalid-filter', () => {
  const bad = testContext({ hints: { invalidFilter: true } });
  it('passes 400 invalidFilter', () => {
    const f = verdict(invalidFilter, makeExchange({ path: q('userName regex "x"'), status: 400, body: errorBody(400, 'invalidFilter') }), bad);
    expect(f).toMatchObject({ checkId: 'rfc7644.filter.invalid-filter', passed: true, expected: '400 invalidFilter', actual: '400 invalidFilter' });
  });
  it('fails a 200 or a 400 with another scimType', () => {
    expect(verdict(invalidFilter, makeExchange({ path: q('userName regex "x"'), body: listResponse([]) }), bad)).toMatchObject({
      checkId: 'rfc7644.filter.invalid-filter',
      passed: false,
      actual: '200 (no scimType)',
    });
    expect(verdict(invalidFilter, makeExchange({ path: q('userName regex "x"'), status: 400, body: errorBody(400, 'invalidSyntax') }), bad)).toMatchObject({
      passed: false,
      actual: '400 invalidSyntax',
    });
  });
  it('applies only when the scenario says the filter is bad', () => {
    notApplicable(invalidFilter, makeExchange({ path: q('userName regex "x"'), status: 400, body: errorBody(400) }));
  });
});
