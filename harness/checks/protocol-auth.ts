/**
 * Authentication: RFC 7644 §2 builds on HTTP authentication, so the 401 challenge requirement is
 * RFC 7235's, repeated for bearer tokens by RFC 6750 §3.
 */
import { judge, type Check } from './check.js';
import { header } from './exchange-view.js';

export const wwwAuthenticate: Check = {
  id: 'rfc7644.auth.www-authenticate',
  rfc: 'RFC 7644 §2; RFC 7235 §3.1; RFC 6750 §3',
  level: 'MUST',
  area: 'auth',
  title: 'A 401 carries a WWW-Authenticate challenge',
  quote:
    'The server generating a 401 response MUST send a WWW-Authenticate header field (Section 4.1) containing at least one challenge applicable to the target resource.',
  hint:
    'Add a challenge header to every 401, e.g. `WWW-Authenticate: Bearer realm="scim"` for bearer tokens (`Basic realm="scim"` for basic auth), alongside the SCIM Error body.',
  applies: (exchange) => exchange.response?.status === 401,
  run(exchange) {
    const challenge = header(exchange.response?.headers, 'www-authenticate');
    const ok = challenge !== undefined && challenge.trim() !== '';
    return [
      judge(wwwAuthenticate, exchange, ok, { subject: 'WWW-Authenticate header', expected: 'a challenge, e.g. Bearer realm="..."', actual: challenge }, {
        pass: `401 challenges with ${challenge}`,
        fail: '401 without a WWW-Authenticate challenge',
      }),
    ];
  },
};

export const AUTH_CHECKS: readonly Check[] = [wwwAuthenticate];
