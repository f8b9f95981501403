/** What a create (POST to a resource endpoint) must answer beyond its status (RFC 7644 §3.3). */
import { fail, judge, pass, type Check } from './check.js';
import { header, method, responseObject } from './exchange-view.js';
import { isObject } from '../../vocabulary/json.js';
import { routeOf } from './route.js';
import { sameUri } from './urls.js';

export const createLocation: Check = {
  id: 'rfc7644.create.location',
  rfc: 'RFC 7644 §3.3',
  level: 'MUST',
  area: 'create',
  title: 'A 201 carries a Location header equal to meta.location',
  quote:
    'The URI of the created resource SHALL include, in the HTTP "Location" header and the HTTP body, a JSON representation [RFC7159] with the attribute "meta.location".',
  hint:
    "Return `Location: <base>/Users/<id>` on every 201, the same URL as the created resource's meta.location (many frameworks need it set explicitly on the response).",
  applies: (exchange, ctx) => exchange.response?.status === 201 && method(exchange) === 'POST' && routeOf(exchange, ctx).kind === 'collection',
  run(exchange) {
    const location = header(exchange.response?.headers, 'location');
    const body = responseObject(exchange);
    const metaLocation = isObject(body?.meta) && typeof body.meta.location === 'string' ? body.meta.location : undefined;
    if (!location) {
      return [fail(createLocation, exchange, { subject: 'Location header', expected: metaLocation ?? 'the URI of the created resource', actual: undefined, message: '201 Created without a Location header' })];
    }
    // The body itself is only a SHOULD (§3.3); when there is one, it carries meta.location.
    if (!body) return [pass(createLocation, exchange, { subject: 'Location header', actual: location, message: 'Location header present (no body to compare with)' })];
    if (metaLocation === undefined) {
      return [fail(createLocation, exchange, { subject: 'meta.location', expected: location, actual: undefined, message: 'the created resource in the body has no meta.location' })];
    }
    return [
      judge(createLocation, exchange, sameUri(location, metaLocation, exchange.request.url), { subject: 'Location header', expected: metaLocation, actual: location }, {
        pass: 'Location header equals meta.location',
        fail: `Location header ${location} differs from meta.location ${metaLocation}`,
      }),
    ];
  },
};

export const createUniqueness: Check = {
  id: 'rfc7644.create.uniqueness',
  rfc: 'RFC 7644 §3.3',
  level: 'MUST',
  area: 'create',
  title: 'A create refused with 409 names scimType "uniqueness"',
  quote:
    'If the service provider determines that the creation of the requested resource conflicts with existing resources (e.g., a "User" resource with a duplicate "userName"), the service provider MUST return HTTP status code 409 (Conflict) with a "scimType" error code of "uniqueness", as per Section 3.12.',
  hint:
    'When a POST would duplicate an existing resource (e.g. a User whose userName is already taken), answer 409 with `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness"}`, so the IdP can tell a duplicate from other conflicts.',
  applies: (exchange, ctx) => exchange.response?.status === 409 && method(exchange) === 'POST' && routeOf(exchange, ctx).kind === 'collection',
  run(exchange) {
    const scimType = responseObject(exchange)?.scimType;
    const ok = scimType === 'uniqueness';
    return [
      judge(createUniqueness, exchange, ok, { subject: 'scimType', expected: 'uniqueness', actual: scimType }, {
        pass: '409 names scimType "uniqueness"',
        fail: `409 on create carries scimType ${JSON.stringify(scimType)} instead of "uniqueness"`,
      }),
    ];
  },
};

export const CREATE_CHECKS: readonly Check[] = [createLocation, createUniqueness];
