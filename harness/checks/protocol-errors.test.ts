import { describe, expect, it } from 'vitest';
import { MESSAGE } from '../../vocabulary/constants.js';
import { errorBody as errorBodyCheck, errorScimType, errorStatus, errorValid } from './protocol-errors.js';
import { errorBody, makeExchange, notApplicable, verdict } from './test-exchange.js';

const error = (status: number, body: unknown) => makeExchange({ path: '/Users/nope', status, body });

describe('rfc7644.errors.body', () => {
  it('passes a JSON error body', () => {
    expect(verdict(errorBodyCheck, error(404, errorBody(404)))).toMatchObject({ checkId: 'rfc7644.errors.body', passed: true, expected: 'a JSON object' });
  });
  it('fails an empty or HTML body', () => {
    expect(verdict(errorBodyCheck, error(500, undefined))).toMatchObject({ checkId: 'rfc7644.errors.body', passed: false, actual: '(empty)' });
    expect(verdict(errorBodyCheck, error(502, '<html>Bad Gateway</html>'))).toMatchObject({ passed: false, actual: '<html>Bad Gateway</html>' });
  });
  it('does not apply to successes', () => {
    notApplicable(errorBodyCheck, makeExchange({ status: 204, method: 'DELETE', path: '/Users/1' }));
  });
});

describe('rfc7644.errors.valid', () => {
  it('passes a SCIM Error', () => {
    expect(verdict(errorValid, error(404, errorBody(404)))).toMatchObject({ checkId: 'rfc7644.errors.valid', passed: true, expected: 'a valid Error' });
  });
  it('fails a body without the Error URN or with a non-string detail', () => {
    const f = verdict(errorValid, error(400, { schemas: ['urn:example:error'], status: '400', detail: 42 }));
    expect(f).toMatchObject({ checkId: 'rfc7644.errors.valid', passed: false, actual: ['/schemas: must contain the resource or message URN', '/detail: must be string (or null)'] });
  });
  it('leaves status and scimType to their own checks', () => {
    expect(verdict(errorValid, error(400, { schemas: [MESSAGE.error], status: 400, scimType: 'oops' })).passed).toBe(true);
  });
});

describe('rfc7644.errors.status', () => {
  it('passes the HTTP status as a string', () => {
    expect(verdict(errorStatus, error(409, errorBody(409)))).toMatchObject({ checkId: 'rfc7644.errors.status', passed: true, expected: '409', actual: '409' });
  });
  it('fails a number, a different code, or none', () => {
    expect(verdict(errorStatus, error(409, { ...errorBody(409), status: 409 }))).toMatchObject({ checkId: 'rfc7644.errors.status', passed: false, expected: '409', actual: 409 });
    expect(verdict(errorStatus, error(404, errorBody(400)))).toMatchObject({ passed: false, expected: '404', actual: '400' });
    expect(verdict(errorStatus, error(404, { schemas: [MESSAGE.error] }))).toMatchObject({ passed: false, actual: undefined });
  });
});

describe('rfc7644.errors.scim-type', () => {
  it('passes a Table 9 keyword', () => {
    expect(verdict(errorScimType, error(400, errorBody(400, 'invalidValue')))).toMatchObject({ checkId: 'rfc7644.errors.scim-type', passed: true, actual: 'invalidValue' });
  });
  it('fails anything else, including a different letter case', () => {
    expect(verdict(errorScimType, error(400, errorBody(400, 'InvalidValue')))).toMatchObject({ checkId: 'rfc7644.errors.scim-type', passed: false, actual: 'InvalidValue' });
    expect(verdict(errorScimType, error(400, errorBody(400, 'badRequest'))).passed).toBe(false);
  });
  it('does not apply when scimType is absent', () => {
    notApplicable(errorScimType, error(404, errorBody(404)));
  });
});
