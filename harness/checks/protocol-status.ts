/** The success status code of each operation (RFC 7644 §3.3–§3.6). Failures are judged by the error checks. */
import type { Exchange } from '../model.js';
import { judge, type Check } from './check.js';
import { hasBodyText, isSuccess, listQuery, method } from './exchange-view.js';
import { routeOf } from './route.js';

const statusWithBody = (exchange: Exchange) => `${exchange.response?.status} ${hasBodyText(exchange) ? 'with a body' : 'without a body'}`;

export const createStatus: Check = {
  id: 'rfc7644.create.status',
  rfc: 'RFC 7644 §3.3',
  level: 'MUST',
  area: 'create',
  title: 'A successful create answers 201 Created',
  quote: 'When the service provider successfully creates the new resource, an HTTP response SHALL be returned with HTTP status code 201 (Created).',
  hint:
    'Answer a successful POST /Users or /Groups with `201 Created` (not 200 or 204) and the created resource, with its server-assigned id and meta, in the body.',
  applies: (exchange, ctx) => isSuccess(exchange) && method(exchange) === 'POST' && routeOf(exchange, ctx).kind === 'collection',
  run(exchange) {
    const status = exchange.response?.status;
    return [
      judge(createStatus, exchange, status === 201, { subject: 'HTTP status', expected: 201, actual: status }, {
        pass: 'create answered 201 Created',
        fail: `create answered ${status} instead of 201 Created`,
      }),
    ];
  },
};

const READABLE = new Set(['collection', 'resource', 'root', 'service-provider-config', 'resource-types', 'schemas', 'me']);

export const readStatus: Check = {
  id: 'rfc7644.read.status',
  rfc: 'RFC 7644 §3.4.1',
  level: 'SHOULD',
  area: 'read',
  title: 'A successful GET answers 200 OK with a body',
  quote: 'If the resource exists, the server responds with HTTP status code 200 (OK) and includes the result in the body of the response.',
  hint:
    'Answer GET /Users/{id}, list and discovery GETs with `200 OK` and the resource as JSON in the body; a 204 or an empty 200 gives the IdP nothing to read.',
  applies: (exchange, ctx) => isSuccess(exchange) && method(exchange) === 'GET' && READABLE.has(routeOf(exchange, ctx).kind),
  run(exchange) {
    const ok = exchange.response?.status === 200 && hasBodyText(exchange);
    const actual = statusWithBody(exchange);
    return [judge(readStatus, exchange, ok, { subject: 'HTTP status and body', expected: '200 with a body', actual }, { pass: `GET answered ${actual}`, fail: `GET answered ${actual}` })];
  },
};

export const updateStatus: Check = {
  id: 'rfc7644.update.status',
  rfc: 'RFC 7644 §3.5.1',
  level: 'SHOULD',
  area: 'update',
  title: 'A successful PUT answers 200 OK with the entire resource',
  quote:
    "Unless otherwise specified, a successful PUT operation returns a 200 OK response code and the entire resource within the response body, enabling the client to correlate the client's and the service provider's views of the updated resource.",
  hint:
    'Answer a successful PUT /Users/{id} with `200 OK` and the whole resource as now stored (id, meta and every returned attribute), not a 204 or only the fields that changed.',
  applies: (exchange, ctx) => isSuccess(exchange) && method(exchange) === 'PUT' && routeOf(exchange, ctx).kind === 'resource',
  run(exchange) {
    const ok = exchange.response?.status === 200 && hasBodyText(exchange);
    const actual = statusWithBody(exchange);
    return [judge(updateStatus, exchange, ok, { subject: 'HTTP status and body', expected: '200 with a body', actual }, { pass: `PUT answered ${actual}`, fail: `PUT answered ${actual}` })];
  },
};

export const patchStatus: Check = {
  id: 'rfc7644.patch.status',
  rfc: 'RFC 7644 §3.5.2',
  level: 'MUST',
  area: 'patch',
  title: 'A successful PATCH answers 200 with the resource or 204 without a body (200 when attributes were requested)',
  quote:
    'On successful completion, the server either MUST return a 200 OK response code and the entire resource within the response body, subject to the "attributes" query parameter (see Section 3.9), or MAY return HTTP status code 204 (No Content) and the appropriate response headers for a successful PATCH request. The server MUST return a 200 OK if the "attributes" parameter is specified in the request.',
  hint:
    'Answer a successful PATCH with `200 OK` and the full resource, or `204 No Content` with an empty body; when the URL carries `?attributes=`, always answer 200 with the resource reduced to those attributes.',
  applies: (exchange, ctx) => isSuccess(exchange) && method(exchange) === 'PATCH' && routeOf(exchange, ctx).kind === 'resource',
  run(exchange) {
    const status = exchange.response?.status;
    const body = hasBodyText(exchange);
    const actual = statusWithBody(exchange);
    const attributesRequested = (listQuery(exchange).attributes?.length ?? 0) > 0;
    const ok = attributesRequested ? status === 200 && body : (status === 200 && body) || (status === 204 && !body);
    const expected = attributesRequested ? '200 with a body ("attributes" requested)' : '200 with a body, or 204 without a body';
    return [judge(patchStatus, exchange, ok, { subject: 'HTTP status and body', expected, actual }, { pass: `PATCH answered ${actual}`, fail: `PATCH answered ${actual}; expected ${expected}` })];
  },
};

export const deleteStatus: Check = {
  id: 'rfc7644.delete.status',
  rfc: 'RFC 7644 §3.6',
  level: 'MUST',
  area: 'delete',
  title: 'A successful DELETE answers 204 No Content',
  quote: 'In response to a successful DELETE, the server SHALL return a successful HTTP status code 204 (No Content).',
  hint:
    'Answer a successful DELETE /Users/{id} or /Groups/{id} with `204 No Content` and an empty body, not a 200 with the deleted resource or a message.',
  applies: (exchange, ctx) => isSuccess(exchange) && method(exchange) === 'DELETE' && routeOf(exchange, ctx).kind === 'resource',
  run(exchange) {
    const status = exchange.response?.status;
    return [judge(deleteStatus, exchange, status === 204, { subject: 'HTTP status', expected: 204, actual: status }, { pass: 'DELETE answered 204', fail: `DELETE answered ${status} instead of 204` })];
  },
};

export const STATUS_CHECKS: readonly Check[] = [createStatus, readStatus, updateStatus, patchStatus, deleteStatus];
