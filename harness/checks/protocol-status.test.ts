import { describe, expect, it } from 'vitest';
import { createStatus, deleteStatus, patchStatus, readStatus, updateStatus } from './protocol-status.js';
import { errorBody, group, listResponse, makeExchange, notApplicable, user, verdict } from './test-exchange.js';

describe('rfc7644.create.status', () => {
  it('passes a 201', () => {
    const f = verdict(createStatus, makeExchange({ method: 'POST', path: '/Users', requestBody: user(), status: 201, body: user() }));
    expect(f).toMatchObject({ checkId: 'rfc7644.create.status', passed: true, expected: 201, actual: 201 });
  });
  it('fails a 200', () => {
    const f = verdict(createStatus, makeExchange({ method: 'POST', path: '/Groups', status: 200, body: group() }));
    expect(f).toMatchObject({ checkId: 'rfc7644.create.status', passed: false, expected: 201, actual: 200 });
  });
  it('leaves errors, searches and bulk to other checks', () => {
    notApplicable(createStatus, makeExchange({ method: 'POST', path: '/Users', status: 409, body: errorBody(409, 'uniqueness') }));
    notApplicable(createStatus, makeExchange({ method: 'POST', path: '/Users/.search', status: 200, body: listResponse([]) }));
    notApplicable(createStatus, makeExchange({ method: 'POST', path: '/Bulk', status: 200, body: {} }));
  });
});

describe('rfc7644.read.status', () => {
  it('passes a 200 with a body', () => {
    expect(verdict(readStatus, makeExchange({ path: '/Users/2819c223', body: user() }))).toMatchObject({ checkId: 'rfc7644.read.status', passed: true, expected: '200 with a body', actual: '200 with a body' });
  });
  it('fails a 204 or a body-less 200', () => {
    expect(verdict(readStatus, makeExchange({ path: '/Users', status: 204 }))).toMatchObject({ checkId: 'rfc7644.read.status', passed: false, actual: '204 without a body' });
    expect(verdict(readStatus, makeExchange({ path: '/ServiceProviderConfig', status: 200 }))).toMatchObject({ passed: false, actual: '200 without a body' });
  });
});

describe('rfc7644.update.status', () => {
  it('passes 200 with the resource', () => {
    expect(verdict(updateStatus, makeExchange({ method: 'PUT', path: '/Users/2819c223', body: user() }))).toMatchObject({ checkId: 'rfc7644.update.status', passed: true });
  });
  it('fails 204', () => {
    expect(verdict(updateStatus, makeExchange({ method: 'PUT', path: '/Users/2819c223', status: 204 }))).toMatchObject({ checkId: 'rfc7644.update.status', passed: false, expected: '200 with a body', actual: '204 without a body' });
  });
  it('does not judge a PUT on a collection', () => {
    notApplicable(updateStatus, makeExchange({ method: 'PUT', path: '/Users', status: 200, body: user() }));
  });
});

describe('rfc7644.patch.status', () => {
  it('passes 200 with the resource and 204 without a body', () => {
    expect(verdict(patchStatus, makeExchange({ method: 'PATCH', path: '/Users/2819c223', body: user() }))).toMatchObject({ checkId: 'rfc7644.patch.status', passed: true });
    expect(verdict(patchStatus, makeExchange({ method: 'PATCH', path: '/Users/2819c223', status: 204 }))).toMatchObject({ passed: true, actual: '204 without a body' });
  });
  it('fails 200 without a body', () => {
    expect(verdict(patchStatus, makeExchange({ method: 'PATCH', path: '/Users/2819c223', status: 200 }))).toMatchObject({
      checkId: 'rfc7644.patch.status',
      passed: false,
      expected: '200 with a body, or 204 without a body',
      actual: '200 without a body',
    });
  });
  it('requires 200 when attributes were requested', () => {
    expect(verdict(patchStatus, makeExchange({ method: 'PATCH', path: '/Users/2819c223?attributes=userName', status: 204 }))).toMatchObject({
      passed: false,
      expected: '200 with a body ("attributes" requested)',
      actual: '204 without a body',
    });
  });
});

describe('rfc7644.delete.status', () => {
  it('passes 204', () => {
    expect(verdict(deleteStatus, makeExchange({ method: 'DELETE', path: '/Users/2819c223', status: 204 }))).toMatchObject({ checkId: 'rfc7644.delete.status', passed: true, expected: 204, actual: 204 });
  });
  it('fails 200', () => {
    expect(verdict(deleteStatus, makeExchange({ method: 'DELETE', path: '/Groups/e9e30dba', status: 200, body: group() }))).toMatchObject({ checkId: 'rfc7644.delete.status', passed: false, expected: 204, actual: 200 });
  });
  it('does not apply to a 404', () => {
    notApplicable(deleteStatus, makeExchange({ method: 'DELETE', path: '/Users/x', status: 404, body: errorBody(404) }));
  });
});
