import { describe, expect, it } from 'vitest';
import { acceptScimJson, jsonBody } from './protocol-media.js';
import { makeExchange, notApplicable, user, verdict } from './test-exchange.js';

describe('rfc7644.media.accept', () => {
  it('passes application/scim+json, with parameters', () => {
    const f = verdict(acceptScimJson, makeExchange({ path: '/Users/1', headers: { 'Content-Type': 'application/scim+json; charset=utf-8' }, body: user() }));
    expect(f).toMatchObject({ checkId: 'rfc7644.media.accept', passed: true, expected: 'application/scim+json', actual: 'application/scim+json; charset=utf-8' });
  });
  it('fails application/json when only scim+json was accepted, and a missing type', () => {
    expect(verdict(acceptScimJson, makeExchange({ path: '/Users/1', headers: { 'content-type': 'application/json' }, body: user() }))).toMatchObject({
      checkId: 'rfc7644.media.accept',
      passed: false,
      expected: 'application/scim+json',
      actual: 'application/json',
    });
    const untyped = makeExchange({ path: '/Users/1', body: user() });
    delete untyped.response?.headers['content-type'];
    expect(verdict(acceptScimJson, untyped)).toMatchObject({ passed: false, actual: undefined });
  });
  it('accepts application/json when the client accepted it too', () => {
    const f = verdict(acceptScimJson, makeExchange({ path: '/Users/1', requestHeaders: { Accept: 'application/scim+json, application/json;q=0.9' }, headers: { 'Content-Type': 'application/json' }, body: user() }));
    expect(f).toMatchObject({ passed: true, expected: 'application/scim+json or application/json' });
  });
  it('does not apply without a body or to clients not asking for scim+json', () => {
    notApplicable(acceptScimJson, makeExchange({ method: 'DELETE', path: '/Users/1', status: 204 }));
    notApplicable(acceptScimJson, makeExchange({ path: '/Users/1', requestHeaders: { Accept: '*/*' }, body: user() }));
  });
});

describe('rfc7644.media.json', () => {
  it('passes a JSON body', () => {
    expect(verdict(jsonBody, makeExchange({ path: '/Users/1', body: user() }))).toMatchObject({ checkId: 'rfc7644.media.json', passed: true, expected: 'JSON', actual: 'JSON' });
  });
  it('fails an HTML body', () => {
    expect(verdict(jsonBody, makeExchange({ path: '/Users/1', status: 500, body: '<h1>oops</h1>' }))).toMatchObject({ checkId: 'rfc7644.media.json', passed: false, expected: 'JSON', actual: '<h1>oops</h1>' });
  });
});
