import { describe, expect, it } from 'vitest';
import { wwwAuthenticate } from './protocol-auth.js';
import { errorBody, makeExchange, notApplicable, verdict } from './test-exchange.js';

describe('rfc7644.auth.www-authenticate', () => {
  it('passes a 401 with a challenge', () => {
    const f = verdict(wwwAuthenticate, makeExchange({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="scim"' }, body: errorBody(401) }));
    expect(f).toMatchObject({ checkId: 'rfc7644.auth.www-authenticate', passed: true, actual: 'Bearer realm="scim"' });
  });
  it('fails a 401 without one', () => {
    expect(verdict(wwwAuthenticate, makeExchange({ status: 401, body: errorBody(401) }))).toMatchObject({ checkId: 'rfc7644.auth.www-authenticate', passed: false, actual: undefined });
    expect(verdict(wwwAuthenticate, makeExchange({ status: 401, headers: { 'www-authenticate': ' ' }, body: errorBody(401) })).passed).toBe(false);
  });
  it('does not apply to 403', () => {
    notApplicable(wwwAuthenticate, makeExchange({ status: 403, body: errorBody(403) }));
  });
});
