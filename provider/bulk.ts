/**
 * `/Bulk` (RFC 7644 §3.7): operations run in order through the same code as single requests; `bulkId:`
 * references are replaced by the ids of resources created earlier in the request (an operation that
 * references a later one waits for it); `failOnErrors` stops processing after that many errors.
 * Each operation is atomic on its own; the request as a whole is not (the RFC does not ask it to be).
 */
import { MESSAGE } from '../vocabulary/constants.js';
import type { ProtocolLimits } from './discovery.js';
import type { ScimResponse } from './http-types.js';
import { badRequest, ScimError, type ScimErrorBody } from './messages/error.js';
import { isObject, type ScimObject } from './schemas/resource-schema.js';

export interface BulkOperationRequest {
  method: string;
  path: string;
  bulkId: string | undefined;
  version: string | undefined;
  data: unknown;
}

interface BulkResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  status: string;
  response?: unknown;
}

const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const BULK_REF = /^bulkId:(.+)$/;

export function runBulk(body: unknown, limits: ProtocolLimits, dispatch: (op: BulkTarget) => ScimResponse, baseUrl: string): ScimResponse {
  const { operations, failOnErrors } = readBulkRequest(body, limits);
  const ids = new Map<string, string>();
  const failedBulkIds = new Set<string>();
  const results: (BulkResult | undefined)[] = new Array(operations.length).fill(undefined);
  let errors = 0;
  let pending = operations.map((op, index) => ({ op, index }));

  // Repeat passes so an operation that references a later POST's bulkId runs once that POST has.
  while (pending.length > 0 && (failOnErrors === undefined || errors < failOnErrors)) {
    const waiting: typeof pending = [];
    let progressed = false;
    for (const item of pending) {
      if (failOnErrors !== undefined && errors >= failOnErrors) break;
      const refs = bulkReferences(item.op.data).concat(bulkReferences(item.op.path));
      const failedRef = refs.find((r) => failedBulkIds.has(r));
      const unresolved = refs.filter((r) => !ids.has(r));
      if (failedRef === undefined && unresolved.length > 0 && unresolved.some((r) => operations.some((o) => o.bulkId === r))) {
        waiting.push(item);
        continue;
      }
      progressed = true;
      const result = failedRef !== undefined || unresolved.length > 0
        ? errorResult(item.op, new ScimError(409, 'invalidValue', `bulkId '${failedRef ?? unresolved[0]}' cannot be resolved: no successful POST in this request created it.`))
        : execute(item.op, ids, dispatch, baseUrl);
      results[item.index] = result;
      if (Number(result.status) >= 400) {
        errors += 1;
        if (item.op.bulkId) failedBulkIds.add(item.op.bulkId);
      }
    }
    if (!progressed) {
      // Only circular references are left: RFC 7644 §3.7.1 lets the provider refuse them.
      for (const item of waiting) {
        results[item.index] = errorResult(item.op, new ScimError(409, 'invalidValue', 'Circular bulkId references cannot be resolved.'));
        errors += 1;
      }
      break;
    }
    pending = waiting;
  }
  return {
    status: 200,
    headers: {},
    body: { schemas: [MESSAGE.bulkResponse], Operations: results.filter((r): r is BulkResult => r !== undefined) },
  };
}

export interface BulkTarget {
  method: string;
  path: string;
  body: unknown;
  ifMatch: string | undefined;
}

function execute(op: BulkOperationRequest, ids: Map<string, string>, dispatch: (op: BulkTarget) => ScimResponse, baseUrl: string): BulkResult {
  const data = substitute(op.data, ids);
  const path = substitute(op.path, ids) as string;
  const response = dispatch({ method: op.method, path, body: data, ifMatch: op.version });
  const base: BulkResult = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(response.status) };
  // RFC 7644 §3.7.3: only a failed POST has no resource to point at; every other result carries location.
  if (response.status >= 400) return { ...base, ...(op.method !== 'POST' ? { location: `${baseUrl}${path}` } : {}), response: response.body };
  const resource = isObject(response.body) ? response.body : undefined;
  const meta = resource && isObject(resource.meta) ? resource.meta : undefined;
  if (op.method === 'POST' && op.bulkId && typeof resource?.id === 'string') ids.set(op.bulkId, resource.id);
  const location = typeof meta?.location === 'string' ? meta.location : op.method !== 'POST' ? `${baseUrl}${path}` : undefined;
  return {
    ...base,
    ...(location !== undefined ? { location } : {}),
    ...(typeof meta?.version === 'string' ? { version: meta.version } : {}),
  };
}

function errorResult(op: BulkOperationRequest, error: ScimError): BulkResult {
  return { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(error.status), response: error.toBody() satisfies ScimErrorBody };
}

function readBulkRequest(body: unknown, limits: ProtocolLimits): { operations: BulkOperationRequest[]; failOnErrors: number | undefined } {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'A BulkRequest JSON object is required.');
  if (!Array.isArray(body.schemas) || !body.schemas.includes(MESSAGE.bulkRequest)) {
    throw badRequest('invalidSyntax', `'schemas' must contain '${MESSAGE.bulkRequest}'.`);
  }
  const raw = body.Operations;
  if (!Array.isArray(raw) || raw.length === 0) throw badRequest('invalidSyntax', "'Operations' must be a non-empty array.");
  if (raw.length > limits.maxOperations) {
    throw new ScimError(413, undefined, `The bulk request has ${raw.length} operations; maxOperations is ${limits.maxOperations}.`);
  }
  const failOnErrors = body.failOnErrors;
  if (failOnErrors !== undefined && (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1)) {
    throw badRequest('invalidValue', "'failOnErrors' must be a positive integer.");
  }
  const seen = new Set<string>();
  const operations = raw.map((op, i): BulkOperationRequest => {
    if (!isObject(op)) throw badRequest('invalidSyntax', `Operations[${i}] must be an object.`);
    const method = typeof op.method === 'string' ? op.method.toUpperCase() : '';
    if (!METHODS.includes(method)) throw badRequest('invalidSyntax', `Operations[${i}].method must be one of ${METHODS.join(', ')}.`);
    if (typeof op.path !== 'string' || !op.path.startsWith('/')) throw badRequest('invalidSyntax', `Operations[${i}].path must be a path such as '/Users'.`);
    const bulkId = op.bulkId === undefined ? undefined : String(op.bulkId);
    if (method === 'POST' && bulkId === undefined) throw badRequest('invalidSyntax', `Operations[${i}] is a POST and needs a bulkId.`);
    if (bulkId !== undefined) {
      if (seen.has(bulkId)) throw badRequest('invalidSyntax', `bulkId '${bulkId}' is used by more than one operation.`);
      seen.add(bulkId);
    }
    if (method !== 'DELETE' && op.data === undefined) throw badRequest('invalidSyntax', `Operations[${i}] needs 'data'.`);
    return { method, path: op.path, bulkId, version: typeof op.version === 'string' ? op.version : undefined, data: op.data };
  });
  return { operations, failOnErrors: failOnErrors as number | undefined };
}

function bulkReferences(value: unknown): string[] {
  if (typeof value === 'string') {
    const inPath = value.split('/').map((s) => BULK_REF.exec(s)?.[1]).filter((s): s is string => s !== undefined);
    return inPath;
  }
  if (Array.isArray(value)) return value.flatMap(bulkReferences);
  if (isObject(value)) return Object.values(value).flatMap(bulkReferences);
  return [];
}

function substitute(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') {
    return value.split('/').map((s) => {
      const ref = BULK_REF.exec(s)?.[1];
      return ref !== undefined && ids.has(ref) ? ids.get(ref)! : s;
    }).join('/');
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids));
  if (isObject(value)) {
    const out: ScimObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, ids);
    return out;
  }
  return value;
}
