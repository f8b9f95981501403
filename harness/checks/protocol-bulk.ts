/** Bulk (RFC 7644 §3.7): the job's status, the BulkResponse and what each operation result carries. */
import { MESSAGE } from '../../vocabulary/constants.js';
import type { Exchange } from '../model.js';
import { SpecValidators } from '../spec/validators.js';
import { judge, type Check, type CheckContext } from './check.js';
import { isSuccess, method, responseObject } from './exchange-view.js';
import { hasSchema, isObject, type JsonObject } from '../../vocabulary/json.js';
import { routeOf } from './route.js';
import { validityFinding } from './validity.js';

const isBulk = (exchange: Exchange, ctx: CheckContext) => method(exchange) === 'POST' && routeOf(exchange, ctx).kind === 'bulk';

/** The operation results of a successful bulk response. */
function operations(exchange: Exchange, ctx: CheckContext): JsonObject[] {
  if (!isBulk(exchange, ctx) || !isSuccess(exchange)) return [];
  const body = responseObject(exchange);
  return body && Array.isArray(body.Operations) ? body.Operations.filter(isObject) : [];
}

const statusCode = (op: JsonObject): number | undefined => {
  const s = op.status;
  if (typeof s === 'number' && Number.isInteger(s)) return s;
  if (typeof s === 'string' && /^\d{3}$/.test(s.trim())) return Number(s.trim());
  return undefined;
};

const label = (op: JsonObject, i: number) => `Operations[${i}]${typeof op.bulkId === 'string' ? ` (bulkId ${op.bulkId})` : ''}`;

export const bulkStatus: Check = {
  id: 'rfc7644.bulk.status',
  requires: 'bulk',
  rfc: 'RFC 7644 §3.7.3',
  level: 'MUST',
  area: 'bulk',
  title: 'A processed bulk job answers 200 OK',
  quote: 'If a bulk job is processed successfully, HTTP response code 200 OK MUST be returned; otherwise, an appropriate HTTP error code MUST be returned.',
  hint:
    "Answer a processed POST /Bulk with `200 OK` even when some operations failed (their statuses go in each operation's result); keep 4xx and 5xx for a bulk request refused as a whole.",
  applies: (exchange, ctx) => isBulk(exchange, ctx) && isSuccess(exchange),
  run(exchange) {
    const status = exchange.response?.status;
    return [judge(bulkStatus, exchange, status === 200, { subject: 'HTTP status', expected: 200, actual: status }, { pass: 'bulk job answered 200', fail: `bulk job answered ${status} instead of 200` })];
  },
};

export const bulkValid: Check = {
  id: 'rfc7644.bulk.valid',
  requires: 'bulk',
  rfc: 'RFC 7644 §3.7',
  level: 'MUST',
  area: 'bulk',
  title: 'A processed bulk job answers with a BulkResponse listing each operation\'s method and status',
  quote: 'The service provider response MUST include the result of all processed operations.',
  hint:
    'Answer POST /Bulk with `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],"Operations":[…]}`, one result per processed operation with its `method`, its `bulkId` (for POSTs) and a string `status` such as `"201"`.',
  applies: (exchange, ctx) => isBulk(exchange, ctx) && isSuccess(exchange),
  run(exchange) {
    return [validityFinding(bulkValid, exchange, 'BulkResponse', responseObject(exchange) ?? exchange.response?.body, 'bulk response body')];
  },
};

export const bulkLocation: Check = {
  id: 'rfc7644.bulk.location',
  requires: 'bulk',
  rfc: 'RFC 7644 §3.7.3',
  level: 'MUST',
  area: 'bulk',
  title: 'Every operation result but a failed POST carries "location"',
  quote: 'A "location" attribute that includes the resource\'s endpoint MUST be returned for all operations except for failed POST operations (which have no location).',
  hint:
    "Set `location` on every bulk operation result to the resource's URL (`<base>/Users/<id>`), successful POSTs and every PUT, PATCH and DELETE included; leave it out only for a failed POST.",
  applies: (exchange, ctx) => operations(exchange, ctx).length > 0,
  run(exchange, ctx) {
    const missing = operations(exchange, ctx).flatMap((op, i) => {
      const failedPost = op.method === 'POST' && (statusCode(op) ?? 0) >= 400;
      return failedPost || (typeof op.location === 'string' && op.location !== '') ? [] : [label(op, i)];
    });
    return [
      judge(bulkLocation, exchange, missing.length === 0, { subject: 'Operations[].location', expected: 'present (but on failed POSTs)', actual: missing.length === 0 ? 'present' : missing }, {
        pass: 'every operation result carries location',
        fail: `location missing on ${missing.join(', ')}`,
      }),
    ];
  },
};

const failed = (exchange: Exchange, ctx: CheckContext) =>
  operations(exchange, ctx)
    .map((op, i) => ({ op, i }))
    .filter(({ op }) => (statusCode(op) ?? 0) >= 400);

export const bulkErrorResponse: Check = {
  id: 'rfc7644.bulk.error-response',
  requires: 'bulk',
  rfc: 'RFC 7644 §3.7',
  level: 'MUST',
  area: 'bulk',
  title: 'A failed operation result carries a SCIM Error in "response"',
  quote: 'status  The HTTP response status code for the requested operation. When indicating an error, the "response" attribute MUST contain the detail error response as per Section 3.12.',
  hint:
    'Give each failed bulk operation a full SCIM Error in `response`, e.g. `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness"}`, not just a status code.',
  applies: (exchange, ctx) => failed(exchange, ctx).length > 0,
  run(exchange, ctx) {
    return failed(exchange, ctx).map(({ op, i }) => {
      const response = op.response;
      const outcome = isObject(response) && hasSchema(response, MESSAGE.error) ? SpecValidators.validate('Error', response) : undefined;
      const problems = outcome === undefined ? ['no Error body in response'] : outcome.errors;
      return judge(bulkErrorResponse, exchange, problems.length === 0, { subject: `${label(op, i)}.response`, expected: 'a SCIM Error', actual: problems.length === 0 ? 'a SCIM Error' : problems }, {
        pass: `${label(op, i)} carries its Error`,
        fail: `${label(op, i)} failed with status ${String(op.status)}: ${problems.join('; ')}`,
      });
    });
  },
};

export const BULK_CHECKS: readonly Check[] = [bulkStatus, bulkValid, bulkLocation, bulkErrorResponse];
