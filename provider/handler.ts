/**
 * The provider's core: a plain function from a SCIM request to a SCIM response. It authenticates,
 * checks media type and size, parses JSON, routes by SCIM concept (discovery, resources, search, bulk)
 * and turns every failure into an RFC 7644 §3.12 error body. Transport adapters add nothing but I/O.
 */
import { JSON_MEDIA_TYPES, MESSAGE, SCIM_MEDIA_TYPE } from '../vocabulary/constants.js';
import type { ScimAccess } from './auth.js';
import { runBulk, type BulkTarget } from './bulk.js';
import { resourceTypeRepresentation, schemaRepresentations, serviceProviderConfig, type ProtocolLimits } from './discovery.js';
import type { ScimRequest, ScimResponse } from './http-types.js';
import { badRequest, notFound, ScimError } from './messages/error.js';
import { parseJsonBody } from './messages/json-body.js';
import { serializeBody, withText } from './messages/serialized.js';
import { parseAttributeList } from './resources/project.js';
import { sortEntries } from './resources/sort.js';
import { etagOf, weakEqual, type QueryPage, type QueryParameters, type ResourceService, type ServiceContext } from './resources/service.js';
import type { ProfileModel } from './schemas/profiles.js';
import type { StoredResource } from './store.js';
import { isObject, type ScimObject } from './schemas/resource-schema.js';

export interface HandlerDeps {
  profile: ProfileModel;
  services: ResourceService[];
  access: ScimAccess;
  limits: ProtocolLimits;
}

export type ScimHandler = (request: ScimRequest) => ScimResponse;

/** Routes that accept a body, and so need a JSON media type. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** What a resource endpoint allows, built once rather than per request. */
const COLLECTION_METHODS: readonly string[] = ['GET', 'POST'];
const SEARCH_METHODS: readonly string[] = ['POST'];
const RESOURCE_METHODS: readonly string[] = ['GET', 'PUT', 'PATCH', 'DELETE'];

export function createHandler(deps: HandlerDeps): ScimHandler {
  const handle = core(deps);
  // HEAD is GET without the body (RFC 9110 §9.3.2): same status and headers.
  return (request) => {
    if (request.method !== 'HEAD') return handle(request);
    const response = handle({ ...request, method: 'GET' });
    return { ...response, body: undefined };
  };
}

function core(deps: HandlerDeps): ScimHandler {
  return (request) => {
    try {
      deps.access.authorize(request.headers.authorization);
      if (request.bodyTooLarge) throw tooLarge(deps.limits);
      return route(deps, request, new LazyBody(request, deps.limits));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A request's body as the routes read it: only once the method is known to be allowed. */
export interface BodySource {
  read(): unknown;
}

/**
 * The request body, parsed on first use: a wrong method or route is a 405/404 whatever the body is. A class
 * with a method rather than a closure per request: tsx names every closure it creates (`__name`, a
 * defineProperty), a measurable cost on a GET.
 */
class LazyBody implements BodySource {
  private parsed: { value: unknown } | undefined;

  constructor(
    private readonly request: ScimRequest,
    private readonly limits: ProtocolLimits,
  ) {}

  read(): unknown {
    return (this.parsed ??= { value: readBody(this.request, this.limits) }).value;
  }
}

/** A body already parsed (a Bulk operation's `data`). */
class GivenBody implements BodySource {
  constructor(private readonly value: unknown) {}

  read(): unknown {
    return this.value;
  }
}

export function errorResponse(error: unknown): ScimResponse {
  const scimError = error instanceof ScimError ? error : internalError(error);
  return { status: scimError.status, headers: { ...scimError.headers }, body: scimError.toBody() };
}

/**
 * A bug, never client input: the details go to the provider's log only, since an exception message can
 * reveal internals (paths, stored values) to whoever sent the request.
 */
export function internalError(error: unknown): ScimError {
  console.error('provider: internal error:', error);
  return new ScimError(500, undefined, 'Internal error; the details are in the provider log.');
}

function tooLarge(limits: ProtocolLimits): ScimError {
  return new ScimError(413, undefined, `The request body exceeds maxPayloadSize (${limits.maxPayloadSize} bytes).`);
}

function readBody(request: ScimRequest, limits: ProtocolLimits): unknown {
  if (!BODY_METHODS.has(request.method)) return undefined;
  const text = request.body ?? '';
  if (Buffer.byteLength(text, 'utf8') > limits.maxPayloadSize) throw tooLarge(limits);
  const contentType = request.headers['content-type'];
  if (contentType !== undefined) {
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    if (!(JSON_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
      throw new ScimError(415, undefined, `Content-Type '${contentType}' is not supported; send ${SCIM_MEDIA_TYPE} or application/json.`);
    }
  }
  if (text.trim() === '') throw badRequest('invalidSyntax', `A ${request.method} request needs a JSON body.`);
  // Every body (resources, PATCH, Bulk and its operations' data, .search) is parsed here, under one rule.
  return parseJsonBody(text);
}

function route(deps: HandlerDeps, request: ScimRequest, body: BodySource): ScimResponse {
  const ctx: ServiceContext = { baseUrl: request.baseUrl };
  const segments = pathSegments(request.path);
  const first = segments[0];
  const second = segments[1];
  const method = request.method;

  if (first === undefined || first === '.search') {
    if (first === undefined) allow(method, ['GET']);
    else allow(method, ['POST']);
    if (second !== undefined) throw unknownRoute(request);
    const params = first === undefined ? queryFromUrl(request.query) : queryFromSearchBody(body.read());
    return list(searchAll(deps.services, params, ctx, deps.limits.maxResults));
  }
  if (segments.length > 2) throw unknownRoute(request);

  switch (first) {
    case 'ServiceProviderConfig':
      if (second !== undefined) throw unknownRoute(request);
      allow(method, ['GET']);
      return ok(serviceProviderConfig(deps.limits, request.baseUrl));
    case 'ResourceTypes': {
      allow(method, ['GET']);
      const all = deps.profile.resourceTypes.map((t) => resourceTypeRepresentation(t, request.baseUrl));
      if (second === undefined) return list(page(all));
      const found = all.find((t) => t.id === second);
      if (!found) throw notFound(`ResourceType '${second}' is not supported by this provider.`);
      return ok(found);
    }
    case 'Schemas': {
      allow(method, ['GET']);
      const all = schemaRepresentations(deps.profile, request.baseUrl);
      if (second === undefined) return list(page(all));
      const found = all.find((s) => String(s.id).toLowerCase() === second.toLowerCase());
      if (!found) throw notFound(`Schema '${second}' is not supported by this provider.`);
      return ok(found);
    }
    case 'Bulk':
      if (second !== undefined) throw unknownRoute(request);
      allow(method, ['POST']);
      return runBulk(body.read(), deps.limits, (op) => dispatchBulkOperation(deps, op, ctx), request.baseUrl);
  }

  const service = serviceAt(deps.services, first);
  if (!service) throw unknownRoute(request);
  return dispatchResource({ method, service, id: second, query: request.query, body, headers: request.headers }, ctx);
}

function dispatchBulkOperation(deps: HandlerDeps, op: BulkTarget, ctx: ServiceContext): ScimResponse {
  try {
    const segments = pathSegments(op.path);
    const endpoint = segments[0];
    const id = segments[1];
    const service = endpoint === undefined ? undefined : serviceAt(deps.services, endpoint);
    if (!service || segments.length > 2 || id === '.search' || (op.method === 'POST') !== (id === undefined)) {
      throw notFound(`Bulk path '${op.path}' does not name a ${op.method === 'POST' ? 'resource endpoint' : 'resource'} of this provider.`);
    }
    const headers = op.ifMatch === undefined ? {} : { 'if-match': op.ifMatch };
    return dispatchResource({ method: op.method, service, id, query: new URLSearchParams(), body: new GivenBody(op.body), headers }, ctx);
  } catch (error) {
    return errorResponse(error);
  }
}

export interface ResourceOperation {
  method: string;
  service: ResourceService;
  /** The id segment, or `.search`, or undefined for the collection. */
  id: string | undefined;
  query: URLSearchParams;
  /** The parsed body, read only once the method is known to be allowed. */
  body: BodySource;
  headers: Record<string, string | undefined>;
}

/** Also the entry point for each Bulk operation, which reuses exactly the same semantics. */
export function dispatchResource(op: ResourceOperation, ctx: ServiceContext): ScimResponse {
  const { service, id, method } = op;
  const projection = { attributes: attributeList(op.query, 'attributes'), excludedAttributes: attributeList(op.query, 'excludedAttributes') };
  if (id === undefined) {
    allow(method, COLLECTION_METHODS);
    if (method === 'GET') return list(service.query(queryFromUrl(op.query), ctx));
    const created = service.create(op.body.read());
    return resourceResponse(201, service, created, ctx, projection, true);
  }
  if (id === '.search') {
    allow(method, SEARCH_METHODS);
    return list(service.query(queryFromSearchBody(op.body.read()), ctx));
  }
  allow(method, RESOURCE_METHODS);
  const ifMatch = op.headers['if-match'];
  switch (method) {
    case 'GET': {
      const stored = service.get(id);
      const ifNoneMatch = op.headers['if-none-match'];
      if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === '*' || weakEqual(t.trim(), etagOf(stored)))) {
        return { status: 304, headers: { ETag: etagOf(stored) }, body: undefined };
      }
      return resourceResponse(200, service, stored, ctx, projection, false);
    }
    case 'PUT':
      return resourceResponse(200, service, service.replace(id, op.body.read(), ifMatch), ctx, projection, false);
    case 'PATCH':
      return resourceResponse(200, service, service.patch(id, op.body.read(), ifMatch), ctx, projection, false);
    default:
      service.delete(id, ifMatch);
      return { status: 204, headers: {}, body: undefined };
  }
}

function resourceResponse(
  status: number,
  service: ResourceService,
  stored: Parameters<ResourceService['render']>[0],
  ctx: ServiceContext,
  projection: { attributes: string[]; excludedAttributes: string[] },
  withLocation: boolean,
): ScimResponse {
  const headers: Record<string, string> = { ETag: etagOf(stored) };
  if (withLocation) headers.Location = service.location(stored.id, ctx);
  return { status, headers, body: service.render(stored, ctx, projection) };
}

/** RFC 7644 §3.4.3: a search across every resource type, sorted and paged as one list. */
function searchAll(services: ResourceService[], params: QueryParameters, ctx: ServiceContext, maxResults: number): QueryPage {
  const matches: { service: ResourceService; stored: StoredResource }[] = [];
  let refused: ScimError | undefined;
  let answered = 0;
  for (const service of services) {
    try {
      for (const stored of service.search({ filter: params.filter, sortBy: undefined, sortOrder: params.sortOrder })) matches.push({ service, stored });
      answered += 1;
    } catch (error) {
      // A filter on `userName` is invalid for Groups but fine across the root: only all-refused is an error.
      if (error instanceof ScimError && error.scimType === 'invalidFilter') {
        refused ??= error;
        continue;
      }
      throw error;
    }
  }
  if (answered === 0 && refused) throw refused;
  if (params.sortBy !== undefined) {
    const sortBy = params.sortBy;
    const entries = matches.map((item) => ({ item, sort: item.service.sortKey(item.stored, sortBy) }));
    if (entries.every((e) => e.sort === undefined)) throw badRequest('invalidValue', `sortBy '${sortBy}' is not an attribute of any resource type.`);
    matches.splice(0, matches.length, ...sortEntries(entries, params.sortOrder));
  }
  const count = Math.min(params.count ?? maxResults, maxResults);
  const slice = matches.slice(params.startIndex - 1, params.startIndex - 1 + count);
  return {
    totalResults: matches.length,
    startIndex: params.startIndex,
    itemsPerPage: slice.length,
    Resources: slice.map((m) => m.service.render(m.stored, ctx, params)),
  };
}

function page(items: ScimObject[]): QueryPage {
  return { totalResults: items.length, startIndex: 1, itemsPerPage: items.length, Resources: items };
}

const LIST_HEAD = `{"schemas":${JSON.stringify([MESSAGE.listResponse])},`;

/**
 * A ListResponse, with its JSON text built from its resources' texts: a page of resources rendered before
 * (kept by their service with their text) is not serialised again.
 */
function list(result: QueryPage): ScimResponse {
  const { totalResults, startIndex, itemsPerPage, Resources } = result;
  const body = { schemas: [MESSAGE.listResponse], totalResults, startIndex, itemsPerPage, Resources };
  // Exactly what JSON.stringify(body) writes: the same keys in the same order (the counts are integers, written
  // alike by both), each resource as its own text.
  const text = `${LIST_HEAD}"totalResults":${totalResults},"startIndex":${startIndex},"itemsPerPage":${itemsPerPage},"Resources":[${Resources.map(serializeBody).join(',')}]}`;
  return ok(withText(body, text));
}

function ok(body: ScimObject): ScimResponse {
  return { status: 200, headers: {}, body };
}

function allow(method: string, methods: readonly string[]): void {
  if (!methods.includes(method)) {
    throw new ScimError(405, undefined, `Method ${method} is not allowed here; allowed: ${methods.join(', ')}.`, { Allow: methods.join(', ') });
  }
}

function unknownRoute(request: ScimRequest): ScimError {
  return notFound(`No SCIM endpoint at '${request.path}'.`);
}

/**
 * The path's non-empty segments, percent-decoded: what `split('/')`, a filter and a map gave, in one array cut
 * out with indexOf (the three arrays, and the routing's destructuring a fourth, were a measurable part of a
 * GET: issue 12).
 */
function pathSegments(path: string): string[] {
  const segments: string[] = [];
  let start = 0;
  while (start < path.length) {
    const slash = path.indexOf('/', start);
    const end = slash < 0 ? path.length : slash;
    if (end > start) segments.push(decodeSegment(path.slice(start, end)));
    start = end + 1;
  }
  return segments;
}

/** The service whose endpoint is `/<name>`, the first if several: compared in place, without building `/<name>` per service. */
function serviceAt(services: ResourceService[], name: string): ResourceService | undefined {
  for (const service of services) {
    const endpoint = service.endpoint;
    if (endpoint.length === name.length + 1 && endpoint.startsWith('/') && endpoint.endsWith(name)) return service;
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  // Most segments (ids, endpoint names) have nothing to decode.
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest('invalidSyntax', `Malformed percent-encoding in path segment '${segment}'.`);
  }
}

function queryFromUrl(query: URLSearchParams): QueryParameters {
  return queryParameters({
    filter: query.get('filter') ?? undefined,
    sortBy: query.get('sortBy') ?? undefined,
    sortOrder: query.get('sortOrder') ?? undefined,
    startIndex: query.get('startIndex') ?? undefined,
    count: query.get('count') ?? undefined,
    attributes: attributeList(query, 'attributes'),
    excludedAttributes: attributeList(query, 'excludedAttributes'),
  });
}

/** A query parameter's attribute list; a request without the parameter (nearly all) skips the parser's flatMap. */
function attributeList(query: URLSearchParams, name: string): string[] {
  const values = query.getAll(name);
  return values.length === 0 ? [] : parseAttributeList(values);
}

/** RFC 7644 §3.4.3: the same parameters as a SearchRequest message. */
function queryFromSearchBody(body: unknown): QueryParameters {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'A search needs a SearchRequest JSON object.');
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(MESSAGE.searchRequest)) {
    throw badRequest('invalidSyntax', `'schemas' must contain '${MESSAGE.searchRequest}'.`);
  }
  return queryParameters({
    filter: body.filter,
    sortBy: body.sortBy,
    sortOrder: body.sortOrder,
    startIndex: body.startIndex,
    count: body.count,
    attributes: parseAttributeList(body.attributes),
    excludedAttributes: parseAttributeList(body.excludedAttributes),
  });
}

interface RawQuery {
  filter: unknown;
  sortBy: unknown;
  sortOrder: unknown;
  startIndex: unknown;
  count: unknown;
  attributes: string[];
  excludedAttributes: string[];
}

/** A string parameter; module-level rather than a closure per query (tsx names each closure it creates). */
function text(name: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest('invalidValue', `'${name}' must be a string.`);
  return v;
}

function queryParameters(raw: RawQuery): QueryParameters {
  const filter = text('filter', raw.filter);
  if (filter !== undefined && filter.trim() === '') throw badRequest('invalidFilter', 'The filter is empty.');
  const sortOrder = text('sortOrder', raw.sortOrder);
  if (sortOrder !== undefined && !['ascending', 'descending'].includes(sortOrder.toLowerCase())) {
    throw badRequest('invalidValue', `sortOrder must be 'ascending' or 'descending', got '${sortOrder}'.`);
  }
  // RFC 7644 §3.4.2.4: startIndex below 1 is read as 1; a negative count as 0.
  const startIndex = Math.max(1, integer('startIndex', raw.startIndex) ?? 1);
  const count = integer('count', raw.count);
  return {
    filter,
    sortBy: text('sortBy', raw.sortBy),
    sortOrder: sortOrder?.toLowerCase() === 'descending' ? 'descending' : 'ascending',
    startIndex,
    count: count === undefined ? undefined : Math.max(0, count),
    attributes: raw.attributes,
    excludedAttributes: raw.excludedAttributes,
  };
}

function integer(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n)) throw badRequest('invalidValue', `'${name}' must be an integer, got '${String(value)}'.`);
  return n;
}
