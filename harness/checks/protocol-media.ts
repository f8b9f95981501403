/** Media types and JSON bodies (RFC 7644 §3.8). */
import { SCIM_MEDIA_TYPE } from '../../vocabulary/constants.js';
import type { Exchange } from '../model.js';
import { judge, type Check } from './check.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../vocabulary/json.js';
import { hasBodyText, header, responseJson } from './exchange-view.js';
import { preview } from '../../vocabulary/json.js';

/** Media ranges of an Accept header, lower-cased, parameters dropped. */
const accepted = (exchange: Exchange): string[] =>
  (header(exchange.request.headers, 'accept') ?? '')
    .split(',')
    .map((range) => range.split(';')[0]?.trim().toLowerCase() ?? '')
    .filter((range) => range !== '');

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase();

export const acceptScimJson: Check = {
  id: 'rfc7644.media.accept',
  rfc: 'RFC 7644 §3.8',
  level: 'MUST',
  area: 'read',
  title: 'A body sent to a client accepting application/scim+json is typed application/scim+json (or application/json if also accepted)',
  quote:
    'Service providers MUST support the "Accept" header "Accept: application/scim+json" and SHOULD support the header "Accept: application/json", both of which specify JSON documents conforming to [RFC7159].',
  hint:
    "Send `Content-Type: application/scim+json` (a charset parameter is fine) on every response with a body when the request's Accept lists application/scim+json; frameworks default to application/json, so set it explicitly.",
  applies: (exchange) => hasBodyText(exchange) && accepted(exchange).includes(SCIM_MEDIA_TYPE),
  run(exchange) {
    const contentType = header(exchange.response?.headers, 'content-type');
    const allowed = [SCIM_MEDIA_TYPE, ...(accepted(exchange).includes('application/json') ? ['application/json'] : [])];
    const ok = allowed.includes(mediaType(contentType) ?? '');
    return [
      judge(acceptScimJson, exchange, ok, { subject: 'Content-Type header', expected: allowed.join(' or '), actual: contentType }, {
        pass: `Content-Type ${contentType}`,
        fail: contentType === undefined ? 'response body without a Content-Type header' : `Content-Type ${contentType} for a client that accepts ${allowed.join(', ')}`,
      }),
    ];
  },
};

export const jsonBody: Check = {
  id: 'rfc7644.media.json',
  rfc: 'RFC 7644 §3.8',
  level: 'MUST',
  area: 'read',
  title: 'A response body is JSON',
  quote: 'Servers MUST accept requests and be able to return JSON structured responses using UTF-8 encoding [RFC3629].',
  hint:
    'Return every response body as UTF-8 JSON, errors and discovery included; replace HTML error pages and plain-text messages from proxies or frameworks with a SCIM Error JSON body.',
  applies: (exchange) => hasBodyText(exchange),
  run(exchange) {
    const body = exchange.response?.body ?? '';
    // The recorder parsed it already (same rule: JSON, at most MAX_JSON_DEPTH deep); not parsed again per check.
    const ok = responseJson(exchange) !== undefined;
    const cut = exchange.response?.truncatedAt;
    const fail = cut !== undefined
      ? `body is larger than the ${cut} bytes the harness reads of a response, so it was cut and cannot be judged as JSON`
      : nestsDeeperThan(body, MAX_JSON_DEPTH)
        ? `body nests deeper than ${MAX_JSON_DEPTH} levels, which no SCIM resource needs; the harness does not walk it`
        : 'body is not JSON';
    return [judge(jsonBody, exchange, ok, { subject: 'response body', expected: 'JSON', actual: ok ? 'JSON' : preview(body, 120) }, { pass: 'body is JSON', fail })];
  },
};

export const MEDIA_CHECKS: readonly Check[] = [acceptScimJson, jsonBody];
