import { describe, expect, it } from 'vitest';
import { MESSAGE } from '../../vocabulary/constants.js';
import { bulkErrorResponse, bulkLocation, bulkStatus, bulkValid } from './protocol-bulk.js';
import { BASE_URL, errorBody, makeExchange, notApplicable, verdict, verdicts } from './test-exchange.js';

const bulk = (operations: unknown[], status = 200) =>
  makeExchange({ method: 'POST', path: '/Bulk', requestBody: { schemas: [MESSAGE.bulkRequest], Operations: [] }, status, body: { schemas: [MESSAGE.bulkResponse], Operations: operations } });

const created = { method: 'POST', bulkId: 'q1', location: `${BASE_URL}/Users/1`, version: 'W/"1"', status: '201' };
const failedPost = { method: 'POST', bulkId: 'q2', status: '409', response: errorBody(409, 'uniqueness') };

describe('rfc7644.bulk.status', () => {
  it('passes 200', () => {
    expect(verdict(bulkStatus, bulk([created]))).toMatchObject({ checkId: 'rfc7644.bulk.status', passed: true, expected: 200, actual: 200 });
  });
  it('fails another success code', () => {
    expect(verdict(bulkStatus, bulk([created], 201))).toMatchObject({ checkId: 'rfc7644.bulk.status', passed: false, expected: 200, actual: 201 });
  });
  it('does not apply to a refused job', () => {
    notApplicable(bulkStatus, makeExchange({ method: 'POST', path: '/Bulk', status: 413, body: errorBody(413) }));
  });
});

describe('rfc7644.bulk.valid', () => {
  it('passes a BulkResponse, string or integer statuses', () => {
    expect(verdict(bulkValid, bulk([created, { ...failedPost, status: 409 }]))).toMatchObject({ checkId: 'rfc7644.bulk.valid', passed: true, expected: 'a valid BulkResponse' });
  });
  it('fails operations without method or status', () => {
    const f = verdict(bulkValid, bulk([{ location: `${BASE_URL}/Users/1` }]));
    expect(f).toMatchObject({ checkId: 'rfc7644.bulk.valid', passed: false, actual: ['/Operations/0/method: is required but missing', '/Operations/0/status: is required but missing'] });
  });
});

describe('rfc7644.bulk.location', () => {
  it('passes locations everywhere but on a failed POST', () => {
    expect(verdict(bulkLocation, bulk([created, failedPost]))).toMatchObject({ checkId: 'rfc7644.bulk.location', passed: true, actual: 'present' });
  });
  it('fails a successful or failed non-POST without location', () => {
    const f = verdict(bulkLocation, bulk([{ ...created, location: undefined }, { method: 'DELETE', status: '404', response: errorBody(404) }]));
    expect(f).toMatchObject({ checkId: 'rfc7644.bulk.location', passed: false, actual: ['Operations[0] (bulkId q1)', 'Operations[1]'] });
  });
});

describe('rfc7644.bulk.error-response', () => {
  it('passes a failed operation carrying a SCIM Error', () => {
    expect(verdict(bulkErrorResponse, bulk([created, failedPost]))).toMatchObject({ checkId: 'rfc7644.bulk.error-response', passed: true, subject: 'Operations[1] (bulkId q2).response' });
  });
  it('fails a failed operation without one', () => {
    const findings = verdicts(bulkErrorResponse, bulk([{ ...failedPost, response: undefined }, { ...failedPost, bulkId: 'q3', response: { ...errorBody(409), status: 409 } }]));
    expect(findings.map((f) => [f.checkId, f.passed, f.actual])).toEqual([
      ['rfc7644.bulk.error-response', false, ['no Error body in response']],
      ['rfc7644.bulk.error-response', false, ['/status: must be string']],
    ]);
  });
  it('does not apply when every operation succeeded', () => {
    notApplicable(bulkErrorResponse, bulk([created]));
  });
});
