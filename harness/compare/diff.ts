/** Request-by-request differences between what a profile sends for an action and what the capture shows: shapes and encodings, never values. */
import type { WireRequest } from './har.js';
import { operations } from './recognise.js';
import { blankLiterals, isObject, parseJson, querySkeleton, route, spaceEncoding } from './wire.js';

export type DifferenceKind = 'missing' | 'extra' | 'method' | 'path' | 'query' | 'header' | 'body';

export interface Difference {
  /** 1-based index of the action in the capture. */
  action: number;
  actionLabel: string;
  /** 1-based index of the request within the action. */
  request: number;
  kind: DifferenceKind;
  /** What the profile sends; undefined when it sends nothing there. */
  expected: string | undefined;
  /** What the capture shows; undefined when it shows nothing there. */
  actual: string | undefined;
  detail: string;
}

export type RequestDifference = Omit<Difference, 'action' | 'actionLabel'>;

/**
 * Headers that say nothing about the IdP's client: credentials, the connection, the proxy path, and per-request
 * trace ids whose values change on every call.
 */
const IGNORED_HEADERS = new Set([
  'authorization',
  'host',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'accept-encoding',
  'transfer-encoding',
  'te',
  'expect',
  'cookie',
  'via',
  'forwarded',
  'proxy-connection',
  'cdn-loop',
  'traceparent',
  'tracestate',
  'request-id',
  'x-request-id',
  'x-correlation-id',
  'client-request-id',
  'x-ms-client-request-id',
  'x-ms-request-id',
  'x-amzn-trace-id',
  'x-real-ip',
]);

function ignoredHeader(name: string): boolean {
  return IGNORED_HEADERS.has(name) || name.startsWith('x-forwarded-') || name.startsWith('x-b3-');
}

/** `GET /Users?filter=userName%20eq%20%22…%22`: how reports name a request. */
export function describeRequest(request: WireRequest): string {
  const query = querySkeleton(request.url);
  return `${request.method} ${route(request.url).template}${query === '' ? '' : `?${query}`}`;
}

/** Aligned by order: the n-th request the profile sends against the n-th of the capture's action. */
export function compareRequests(expected: WireRequest[], actual: WireRequest[]): RequestDifference[] {
  const out: RequestDifference[] = [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i += 1) {
    const e = expected[i];
    const a = actual[i];
    const request = i + 1;
    if (e === undefined && a !== undefined) out.push({ request, kind: 'extra', expected: undefined, actual: describeRequest(a), detail: `the capture sends ${describeRequest(a)}, which the profile does not send` });
    else if (a === undefined && e !== undefined) out.push({ request, kind: 'missing', expected: describeRequest(e), actual: undefined, detail: `the profile sends ${describeRequest(e)}, which the capture lacks` });
    else if (e !== undefined && a !== undefined) out.push(...compareOne(e, a).map((d) => ({ request, ...d })));
  }
  return out;
}

function compareOne(e: WireRequest, a: WireRequest): Omit<RequestDifference, 'request'>[] {
  const out: Omit<RequestDifference, 'request'>[] = [];
  if (e.method !== a.method) out.push({ kind: 'method', expected: e.method, actual: a.method, detail: `method ${a.method} where the profile sends ${e.method}` });
  const et = route(e.url).template;
  const at = route(a.url).template;
  if (et !== at) out.push({ kind: 'path', expected: et, actual: at, detail: `path ${at} where the profile sends ${et}` });
  const eq = querySkeleton(e.url);
  const aq = querySkeleton(a.url);
  if (eq !== aq) out.push({ kind: 'query', expected: eq, actual: aq, detail: queryDetail(eq, aq) });
  out.push(...compareHeaders(e.headers, a.headers));
  out.push(...compareBodies(e.body, a.body));
  return out;
}

function queryDetail(expected: string, actual: string): string {
  const names = (q: string) => q.split('&').filter((p) => p !== '').map((p) => p.split('=')[0] ?? '');
  const decode = (q: string) => q.replace(/\+/g, ' ').replace(/%20/gi, ' ');
  if (decode(expected) === decode(actual)) {
    return `spaces in the query are written ${spaceEncoding(actual) ?? '?'} where the profile writes ${spaceEncoding(expected) ?? '?'}`;
  }
  const en = names(expected).join(', ');
  const an = names(actual).join(', ');
  if (en !== an) return `query parameters ${an || '(none)'} where the profile sends ${en || '(none)'}`;
  return `query ${actual} where the profile sends ${expected}`;
}

function compareHeaders(expected: Record<string, string>, actual: Record<string, string>): Omit<RequestDifference, 'request'>[] {
  const out: Omit<RequestDifference, 'request'>[] = [];
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter((n) => !ignoredHeader(n)).sort();
  for (const name of names) {
    const e = expected[name];
    const a = actual[name];
    if (e === a) continue;
    const detail =
      e === undefined ? `header ${name}: ${a} is sent by the capture, not by the profile` : a === undefined ? `header ${name}: ${e} is sent by the profile, not by the capture` : `header ${name}: ${a} where the profile sends ${e}`;
    out.push({ kind: 'header', expected: e, actual: a, detail });
  }
  return out;
}

function compareBodies(expected: string | undefined, actual: string | undefined): Omit<RequestDifference, 'request'>[] {
  if (expected === undefined && actual === undefined) return [];
  if (expected === undefined || actual === undefined) {
    const which = expected === undefined ? 'the capture sends a body, the profile none' : 'the profile sends a body, the capture none';
    return [{ kind: 'body', expected: expected === undefined ? undefined : shapeText(parseJson(expected) ?? 'text'), actual: actual === undefined ? undefined : shapeText(parseJson(actual) ?? 'text'), detail: which }];
  }
  const e = parseJson(expected);
  const a = parseJson(actual);
  if (e === undefined || a === undefined) {
    return (e === undefined) === (a === undefined) ? [] : [{ kind: 'body', expected: e === undefined ? 'text' : 'JSON', actual: a === undefined ? 'text' : 'JSON', detail: 'one body is JSON, the other is not' }];
  }
  const out: Omit<RequestDifference, 'request'>[] = [];
  if (isObject(e) && isObject(a) && Array.isArray(e.Operations) && Array.isArray(a.Operations)) {
    const { Operations: _e, ...eRest } = e;
    const { Operations: _a, ...aRest } = a;
    for (const d of diffShape('', eRest, aRest)) out.push({ kind: 'body', expected: d.expected, actual: d.actual, detail: `${d.path}: ${d.actual} where the profile sends ${d.expected}` });
    out.push(...compareOperations(e, a));
    return out;
  }
  for (const d of diffShape('', e, a)) out.push({ kind: 'body', expected: d.expected, actual: d.actual, detail: `${d.path || 'body'}: ${d.actual} where the profile sends ${d.expected}` });
  return out;
}

/** One difference per PATCH operation that differs in op (case as sent), path (literals blanked) or value shape. */
function compareOperations(e: Record<string, unknown>, a: Record<string, unknown>): Omit<RequestDifference, 'request'>[] {
  const eo = operations(e);
  const ao = operations(a);
  const out: Omit<RequestDifference, 'request'>[] = [];
  for (let i = 0; i < Math.max(eo.length, ao.length); i += 1) {
    const x = eo[i];
    const y = ao[i];
    const xs = x === undefined ? undefined : opText(x);
    const ys = y === undefined ? undefined : opText(y);
    if (xs === ys) continue;
    const at = `Operations[${i}]`;
    let detail: string;
    if (x === undefined) detail = `${at}: the capture has ${ys}, which the profile does not send`;
    else if (y === undefined) detail = `${at}: the profile sends ${xs}, which the capture lacks`;
    else {
      const parts: string[] = [];
      if (x.op !== y.op) parts.push(`op ${y.op} where the profile sends ${x.op}`);
      const xp = x.path === undefined ? '(none)' : blankLiterals(x.path);
      const yp = y.path === undefined ? '(none)' : blankLiterals(y.path);
      if (xp !== yp) parts.push(`path ${yp} where the profile sends ${xp}`);
      const xv = x.value === undefined ? '(none)' : shapeText(x.value);
      const yv = y.value === undefined ? '(none)' : shapeText(y.value);
      if (xv !== yv) parts.push(`value ${yv} where the profile sends ${xv}`);
      detail = `${at}: ${parts.join('; ')}`;
    }
    out.push({ kind: 'body', expected: xs, actual: ys, detail });
  }
  return out;
}

function opText(op: { op: string; path: string | undefined; value: unknown }): string {
  const parts = [`op: ${op.op}`];
  if (op.path !== undefined) parts.push(`path: ${blankLiterals(op.path)}`);
  if (op.value !== undefined) parts.push(`value: ${shapeText(op.value)}`);
  return `{${parts.join(', ')}}`;
}

type TypeName = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

function typeName(value: unknown): TypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

/** Array elements as one shape: every key any element has, with the first value seen for it. */
function merged(list: unknown[]): unknown {
  if (!list.every(isObject)) return list[0];
  const out: Record<string, unknown> = {};
  for (const item of list) for (const [k, v] of Object.entries(item)) if (!(k in out)) out[k] = v;
  return out;
}

/** `{value: string, display: string}`, `[string]`: the type structure without the values. */
export function shapeText(value: unknown): string {
  const t = typeName(value);
  if (t === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => `${k}: ${shapeText(v)}`)
      .join(', ')}}`;
  }
  if (t === 'array') {
    const list = value as unknown[];
    return list.length === 0 ? '[]' : `[${shapeText(merged(list))}]`;
  }
  return t;
}

interface ShapeDiff {
  path: string;
  expected: string;
  actual: string;
}

function diffShape(path: string, e: unknown, a: unknown): ShapeDiff[] {
  const te = typeName(e);
  const ta = typeName(a);
  if (te !== ta) return [{ path: path || 'body', expected: shapeText(e), actual: shapeText(a) }];
  if (te === 'object') {
    const eo = e as Record<string, unknown>;
    const ao = a as Record<string, unknown>;
    const out: ShapeDiff[] = [];
    for (const k of [...new Set([...Object.keys(eo), ...Object.keys(ao)])]) {
      const at = path === '' ? k : `${path}.${k}`;
      if (!(k in ao)) out.push({ path: at, expected: shapeText(eo[k]), actual: 'absent' });
      else if (!(k in eo)) out.push({ path: at, expected: 'absent', actual: shapeText(ao[k]) });
      else out.push(...diffShape(at, eo[k], ao[k]));
    }
    return out;
  }
  if (te === 'array') {
    const el = e as unknown[];
    const al = a as unknown[];
    // `schemas` values are constants the IdP chose (which extension URNs), not data: they are compared as values.
    if (path === 'schemas') {
      const es = [...el].map(String).sort().join(', ');
      const as = [...al].map(String).sort().join(', ');
      return es === as ? [] : [{ path, expected: `[${es}]`, actual: `[${as}]` }];
    }
    // An empty list (no members yet) fits any element shape.
    if (el.length === 0 || al.length === 0) return [];
    return diffShape(`${path}[]`, merged(el), merged(al));
  }
  return [];
}
