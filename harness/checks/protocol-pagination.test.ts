import { describe, expect, it } from 'vitest';
import { MESSAGE } from '../../vocabulary/constants.js';
import { countLimit, itemsPerPage, partialResults, resourcesPresent, startIndex, totalResults } from './protocol-pagination.js';
import { listResponse, makeExchange, notApplicable, testContext, user, verdict } from './test-exchange.js';

const users = (n: number) => Array.from({ length: n }, (_, i) => user({ id: `u${i}`, userName: `user${i}@example.com` }));
const page = (path: string, body: unknown) => makeExchange({ path, body });

describe('rfc7644.pagination.total-results', () => {
  it('passes a total at least the page size', () => {
    expect(verdict(totalResults, page('/Users?count=2', listResponse(users(2), { totalResults: 10 })))).toMatchObject({
      checkId: 'rfc7644.pagination.total-results',
      passed: true,
      expected: 'an integer ≥ 2',
      actual: 10,
    });
  });
  it('fails a total below the page size, a string, or none', () => {
    expect(verdict(totalResults, page('/Users', listResponse(users(3), { totalResults: 2 })))).toMatchObject({ checkId: 'rfc7644.pagination.total-results', passed: false, expected: 'an integer ≥ 3', actual: 2 });
    expect(verdict(totalResults, page('/Users', listResponse(users(1), { totalResults: '1' })))).toMatchObject({ passed: false, actual: '1' });
    const { totalResults: _omitted, ...rest } = listResponse(users(1));
    expect(verdict(totalResults, page('/Users', rest))).toMatchObject({ passed: false, actual: undefined });
  });
  it('also judges discovery listings', () => {
    expect(verdict(totalResults, page('/Schemas', { schemas: [MESSAGE.listResponse], totalResults: 0, Resources: [{}] })).passed).toBe(false);
  });
});

describe('rfc7644.pagination.resources', () => {
  it('passes a non-empty page', () => {
    expect(verdict(resourcesPresent, page('/Users', listResponse(users(1))))).toMatchObject({ checkId: 'rfc7644.pagination.resources', passed: true, actual: '1 items' });
  });
  it('fails a missing or empty Resources with a non-zero total', () => {
    expect(verdict(resourcesPresent, page('/Users', { schemas: [MESSAGE.listResponse], totalResults: 2 }))).toMatchObject({
      checkId: 'rfc7644.pagination.resources',
      passed: false,
      expected: 'a non-empty array',
      actual: undefined,
    });
    expect(verdict(resourcesPresent, page('/Users', listResponse([], { totalResults: 2 }))).passed).toBe(false);
  });
  it('does not apply to count=0 or to a startIndex past the end', () => {
    notApplicable(resourcesPresent, page('/Users?count=0', listResponse([], { totalResults: 5 })));
    notApplicable(resourcesPresent, page('/Users?startIndex=9', listResponse([], { totalResults: 5 })));
  });
});

describe('rfc7644.pagination.items-per-page', () => {
  it('passes itemsPerPage equal to the page size', () => {
    expect(verdict(itemsPerPage, page('/Users', listResponse(users(2))))).toMatchObject({ checkId: 'rfc7644.pagination.items-per-page', passed: true, expected: 2, actual: 2 });
  });
  it('fails itemsPerPage echoing count instead', () => {
    expect(verdict(itemsPerPage, page('/Users?count=10', listResponse(users(2), { itemsPerPage: 10 })))).toMatchObject({
      checkId: 'rfc7644.pagination.items-per-page',
      passed: false,
      expected: 2,
      actual: 10,
    });
  });
});

describe('rfc7644.pagination.partial', () => {
  it('passes a partial page with startIndex and itemsPerPage', () => {
    expect(verdict(partialResults, page('/Users?count=2', listResponse(users(2), { totalResults: 5 })))).toMatchObject({ checkId: 'rfc7644.pagination.partial', passed: true, actual: 'both present' });
  });
  it('fails a partial page without them', () => {
    const body = { schemas: [MESSAGE.listResponse], totalResults: 5, Resources: users(2) };
    expect(verdict(partialResults, page('/Users?count=2', body))).toMatchObject({ checkId: 'rfc7644.pagination.partial', passed: false, expected: 'both present', actual: 'missing startIndex, itemsPerPage' });
  });
  it('does not apply to a complete result', () => {
    notApplicable(partialResults, page('/Users', { schemas: [MESSAGE.listResponse], totalResults: 2, Resources: users(2) }));
  });
});

describe('rfc7644.pagination.start-index', () => {
  it('passes the requested startIndex, reading values below 1 as 1', () => {
    expect(verdict(startIndex, page('/Users?startIndex=3&count=2', listResponse(users(2), { totalResults: 5, startIndex: 3 })))).toMatchObject({
      checkId: 'rfc7644.pagination.start-index',
      passed: true,
      expected: 3,
      actual: 3,
    });
    expect(verdict(startIndex, page('/Users?startIndex=-4', listResponse(users(1))))).toMatchObject({ passed: true, expected: 1 });
  });
  it('fails a page that ignores startIndex', () => {
    expect(verdict(startIndex, page('/Users?startIndex=3', listResponse(users(2), { totalResults: 4, startIndex: 1 })))).toMatchObject({
      checkId: 'rfc7644.pagination.start-index',
      passed: false,
      expected: 3,
      actual: 1,
    });
  });
  it('reads startIndex from a SearchRequest body and from hints', () => {
    const search = makeExchange({
      method: 'POST',
      path: '/Users/.search',
      requestBody: { schemas: [MESSAGE.searchRequest], startIndex: 2, count: 1 },
      body: listResponse(users(1), { totalResults: 3, startIndex: 1 }),
    });
    expect(verdict(startIndex, search)).toMatchObject({ passed: false, expected: 2, actual: 1 });
    expect(verdict(startIndex, search, testContext({ hints: { requestedStartIndex: 1 } })).passed).toBe(true);
  });
  it('does not judge discovery listings or a page past the end', () => {
    notApplicable(startIndex, page('/Schemas?startIndex=3', listResponse([{}])));
    notApplicable(startIndex, page('/Users?startIndex=9', listResponse([], { totalResults: 2, startIndex: 1 })));
  });
});

describe('rfc7644.pagination.count', () => {
  it('passes a page within count', () => {
    expect(verdict(countLimit, page('/Users?count=2', listResponse(users(2), { totalResults: 9 })))).toMatchObject({ checkId: 'rfc7644.pagination.count', passed: true, expected: 'at most 2', actual: 2 });
  });
  it('fails more results than count, with negative counts read as 0', () => {
    expect(verdict(countLimit, page('/Users?count=1', listResponse(users(3))))).toMatchObject({ checkId: 'rfc7644.pagination.count', passed: false, expected: 'at most 1', actual: 3 });
    expect(verdict(countLimit, page('/Users?count=-5', listResponse(users(1))))).toMatchObject({ passed: false, expected: 'at most 0', actual: 1 });
  });
  it('does not apply without a count', () => {
    notApplicable(countLimit, page('/Users', listResponse(users(3))));
  });
});
