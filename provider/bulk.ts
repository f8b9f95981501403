/**
 * `/Bulk` (RFC 7644 §3.7): operations run in order through the same code as single requests; `bulkId:`
 * references are replaced by the ids of resources created earlier in the request (an operation that
 * references a later one waits for it); `failOnErrors` stops processing after that many errors.
 * Each operation is atomic on its own; the request as a whole is not (the RFC does not ask it to be).
 * Caps: at most `maxOperations` operations (advertised in ServiceProviderConfig `bulk`; more is a 413 and
 * nothing runs, RFC 7644 §3.7.3), `maxPayloadSize` bytes, JSON nested at most MAX_JSON_DEPTH levels (400).
 */
import { MESSAGE } from '../vocabulary/constants.js';
import { MAX_JSON_DEPTH } from '../vocabulary/json.js';
import type { ProtocolLimits } from './discovery.js';
import type { ScimResponse } from './http-types.js';
import { badRequest, ScimError, type ScimErrorBody } from './messages/error.js';
import { isObject } from './schemas/resource-schema.js';

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
  const run = new BulkRun(operations, (op, ids) => execute(op, ids, dispatch, baseUrl));
  run.runAll(failOnErrors);
  return {
    status: 200,
    headers: {},
    body: { schemas: [MESSAGE.bulkResponse], Operations: run.results.filter((r): r is BulkResult => r !== undefined) },
  };
}

/**
 * The order of a Bulk request, in time linear in its size (plus a sort per pass): operations run in passes
 * over the request order; one that references a POST not yet run is parked on that POST's bulkId and woken
 * when it settles, into this pass when it comes later in the request, else into the next. (Re-scanning
 * every waiting operation on every pass made a 1,000-step bulkId chain cubic: seconds of CPU.)
 */
class BulkRun {
  readonly results: (BulkResult | undefined)[];
  private readonly refs: string[][];
  /** bulkId → index of the POST that creates it. */
  private readonly producers = new Map<string, number>();
  /** bulkId → operations parked until that POST has run. */
  private readonly waiters = new Map<string, number[]>();
  /** How many referenced POSTs each operation still waits for. */
  private readonly remaining: number[];
  private readonly parked: boolean[];
  private readonly ids = new Map<string, string>();
  private readonly failedBulkIds = new Set<string>();
  private errors = 0;
  private current: number[] = [];
  private next: number[] = [];

  constructor(
    private readonly operations: BulkOperationRequest[],
    private readonly execute: (op: BulkOperationRequest, ids: Map<string, string>) => BulkResult,
  ) {
    this.results = new Array<BulkResult | undefined>(operations.length).fill(undefined);
    this.parked = new Array<boolean>(operations.length).fill(false);
    operations.forEach((op, index) => {
      if (op.method === 'POST' && op.bulkId !== undefined) this.producers.set(op.bulkId, index);
    });
    this.refs = operations.map((op) => [...bulkReferences(op.path, bulkReferences(op.data))]);
    this.remaining = this.refs.map((refs, index) => this.register(refs, index));
  }

  /** Parks `index` on each referenced POST; the count of those it waits for. */
  private register(refs: string[], index: number): number {
    let count = 0;
    for (const ref of refs) {
      if (!this.producers.has(ref)) continue;
      const list = this.waiters.get(ref) ?? [];
      list.push(index);
      this.waiters.set(ref, list);
      count += 1;
    }
    return count;
  }

  runAll(failOnErrors: number | undefined): void {
    const stopped = () => failOnErrors !== undefined && this.errors >= failOnErrors;
    // A sorted array is already a min-heap: the first pass takes the request order as it is.
    this.current = this.operations.map((_, index) => index);
    while (this.current.length > 0) {
      while (this.current.length > 0) {
        if (stopped()) return;
        const index = heapPop(this.current);
        if (this.remaining[index]! > 0) this.parked[index] = true;
        else this.runOne(index);
      }
      this.current = this.next.sort((a, b) => a - b);
      this.next = [];
    }
    if (!stopped()) this.refuseCircular();
  }

  private runOne(index: number): void {
    const op = this.operations[index]!;
    const refs = this.refs[index]!;
    const failedRef = refs.find((r) => this.failedBulkIds.has(r));
    const unresolved = refs.find((r) => !this.ids.has(r));
    const result =
      failedRef !== undefined || unresolved !== undefined
        ? errorResult(op, new ScimError(409, 'invalidValue', `bulkId '${failedRef ?? unresolved}' cannot be resolved: no successful POST in this request created it.`))
        : this.execute(op, this.ids);
    this.results[index] = result;
    const failed = Number(result.status) >= 400;
    if (failed) this.errors += 1;
    if (op.bulkId !== undefined && this.producers.get(op.bulkId) === index) this.settle(op.bulkId, failed, index);
  }

  /** Wakes what waited for `bulkId`: all of it if the POST failed (each fails at once), else what waited for it last. */
  private settle(bulkId: string, failed: boolean, position: number): void {
    if (failed) this.failedBulkIds.add(bulkId);
    for (const waiter of this.waiters.get(bulkId) ?? []) {
      this.remaining[waiter] = failed ? 0 : Math.max(0, this.remaining[waiter]! - 1);
      if (this.remaining[waiter] !== 0 || !this.parked[waiter]) continue;
      this.parked[waiter] = false;
      if (waiter > position) heapPush(this.current, waiter);
      else this.next.push(waiter);
    }
  }

  /** Only circular references are left: RFC 7644 §3.7.1 lets the provider refuse them. */
  private refuseCircular(): void {
    this.parked.forEach((isParked, index) => {
      if (!isParked) return;
      this.results[index] = errorResult(this.operations[index]!, new ScimError(409, 'invalidValue', 'Circular bulkId references cannot be resolved.'));
      this.errors += 1;
    });
  }
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

/**
 * The bulkIds `value` references (`bulkId:x` as a whole '/'-segment of any string in it), added to `found`.
 * Bodies are depth-capped at parse; the guard keeps this walk safe whatever calls it.
 */
function bulkReferences(value: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > MAX_JSON_DEPTH) throw tooDeep();
  if (typeof value === 'string') {
    for (const segment of value.split('/')) {
      const ref = BULK_REF.exec(segment)?.[1];
      if (ref !== undefined) found.add(ref);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) bulkReferences(item, found, depth + 1);
  } else if (isObject(value)) {
    for (const item of Object.values(value)) bulkReferences(item, found, depth + 1);
  }
  return found;
}

function substitute(value: unknown, ids: Map<string, string>, depth = 0): unknown {
  if (depth > MAX_JSON_DEPTH) throw tooDeep();
  if (typeof value === 'string') {
    return value.split('/').map((s) => {
      const ref = BULK_REF.exec(s)?.[1];
      return ref !== undefined && ids.has(ref) ? ids.get(ref)! : s;
    }).join('/');
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids, depth + 1));
  // fromEntries defines own properties: no key can reach a prototype setter and vanish from the copy.
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids, depth + 1)]));
  return value;
}

function tooDeep(): ScimError {
  return badRequest('invalidSyntax', `Bulk operation data nests deeper than ${MAX_JSON_DEPTH} levels, this provider's cap.`);
}

/** Min-heap on operation indices: a pass takes its operations in request order, woken ones included. */
function heapPush(heap: number[], value: number): void {
  heap.push(value);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= value) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): number {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length === 0) return top;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const child = left + 1 < heap.length && heap[left + 1]! < heap[left]! ? left + 1 : left;
    if (heap[child]! >= last) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return top;
}
