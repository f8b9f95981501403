/** Error responses (RFC 7644 §3.12): every 4xx/5xx carries a SCIM Error body with the right status and scimType. */
import { SCIM_TYPES } from '../../vocabulary/constants.js';
import { judge, type Check } from './check.js';
import { isError, responseJson, responseObject } from './exchange-view.js';
import { isObject, preview } from '../../vocabulary/json.js';
import { under, validityFinding } from './validity.js';

export const errorBody: Check = {
  id: 'rfc7644.errors.body',
  rfc: 'RFC 7644 §3.12',
  level: 'MUST',
  area: 'errors',
  title: 'An error response carries a JSON object body',
  quote: 'In addition to returning an HTTP response code, implementers MUST return the errors in the body of the response in a JSON format, using the attributes described below.',
  hint:
    'Send a JSON error object with every 4xx and 5xx, including 401s from auth middleware and 404s from the router, e.g. `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"User not found"}`; never an empty or HTML body.',
  // A response to HEAD never has a body (RFC 9110 §9.3.2), errors included.
  applies: (exchange) => isError(exchange) && exchange.request.method !== 'HEAD',
  run(exchange) {
    const json = responseJson(exchange);
    const body = exchange.response?.body ?? '';
    return [
      judge(errorBody, exchange, isObject(json), { subject: 'error body', expected: 'a JSON object', actual: body.trim() === '' ? '(empty)' : preview(body) }, {
        pass: `${exchange.response?.status} carries a JSON body`,
        fail: body.trim() === '' ? `${exchange.response?.status} without a body` : `${exchange.response?.status} body is not a JSON object`,
      }),
    ];
  },
};

export const errorValid: Check = {
  id: 'rfc7644.errors.valid',
  rfc: 'RFC 7644 §3.12',
  level: 'MUST',
  area: 'errors',
  title: 'An error body is a SCIM Error message',
  quote:
    'In addition to returning an HTTP response code, implementers MUST return the errors in the body of the response in a JSON format, using the attributes described below. Error responses are identified using the following "schema" URI: "urn:ietf:params:scim:api:messages:2.0:Error".',
  hint:
    'Make every error body a SCIM Error: `"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"]`, `status`, and optionally `scimType` and a string `detail`; replace framework shapes such as `{"error":"…"}`.',
  applies: (exchange) => isError(exchange) && responseObject(exchange) !== undefined,
  run(exchange) {
    // `status` and `scimType` have checks of their own, with precise expectations.
    return [validityFinding(errorValid, exchange, 'Error', responseObject(exchange), 'error body', { ignore: under('/status', '/scimType') })];
  },
};

export const errorStatus: Check = {
  id: 'rfc7644.errors.status',
  rfc: 'RFC 7644 §3.12',
  level: 'MUST',
  area: 'errors',
  title: 'An error body\'s "status" is the HTTP status code as a JSON string',
  quote: 'status  The HTTP status code (see Section 6 of [RFC7231]) expressed as a JSON string. REQUIRED.',
  hint:
    'Put the HTTP status in the error body as a JSON string equal to the response\'s status, e.g. `"status": "404"` on a 404, not the number 404 and not another code.',
  applies: (exchange) => isError(exchange) && responseObject(exchange) !== undefined,
  run(exchange) {
    const actual = responseObject(exchange)?.status;
    const expected = String(exchange.response?.status);
    const problem =
      actual === undefined ? 'status is missing' : typeof actual !== 'string' ? `status is the ${typeof actual} ${JSON.stringify(actual)}, not a JSON string` : `status "${actual}" differs from the HTTP status ${expected}`;
    return [judge(errorStatus, exchange, actual === expected, { subject: 'status', expected, actual }, { pass: `status "${expected}"`, fail: problem })];
  },
};

/**
 * `scimType` itself is OPTIONAL; what is checked is its value, which the RFC defines as a keyword of
 * Table 9 (a definition, hence MUST).
 */
export const errorScimType: Check = {
  id: 'rfc7644.errors.scim-type',
  rfc: 'RFC 7644 §3.12',
  level: 'MUST',
  area: 'errors',
  title: 'An error body\'s "scimType", when present, is one of the keywords of RFC 7644 Table 9',
  quote: 'scimType  A SCIM detail error keyword. See Table 9. OPTIONAL.',
  hint:
    'Use only RFC 7644 Table 9 keywords in `scimType` (invalidFilter, tooMany, uniqueness, mutability, invalidSyntax, invalidPath, noTarget, invalidValue, invalidVers, sensitive) or leave it out; free text goes in `detail`.',
  applies: (exchange) => {
    const body = responseObject(exchange);
    return isError(exchange) && body !== undefined && body.scimType !== undefined && body.scimType !== null;
  },
  run(exchange) {
    const actual = responseObject(exchange)?.scimType;
    const ok = typeof actual === 'string' && (SCIM_TYPES as readonly string[]).includes(actual);
    return [
      judge(errorScimType, exchange, ok, { subject: 'scimType', expected: `one of ${SCIM_TYPES.join(', ')}`, actual }, {
        pass: `scimType "${String(actual)}" is a Table 9 keyword`,
        fail: `scimType ${JSON.stringify(actual)} is not a Table 9 keyword`,
      }),
    ];
  },
};

export const ERROR_CHECKS: readonly Check[] = [errorBody, errorValid, errorStatus, errorScimType];
