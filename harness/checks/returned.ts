/**
 * The resources a successful response returns: the body of a create/read/replace/modify, or the
 * `Resources` of a query's ListResponse. Resource-level checks (id, meta, schema-driven) judge these,
 * wherever they appear.
 */
import { MESSAGE } from '../../vocabulary/constants.js';
import type { Exchange } from '../model.js';
import type { CheckContext } from './check.js';
import { resourceTypeForResource, type ResourceTypeModel } from './discovered.js';
import { isSuccess, method, responseObject } from './exchange-view.js';
import { hasSchema, isObject, type JsonObject } from '../../vocabulary/json.js';
import { isQuery, routeOf } from './route.js';

export interface ReturnedResource {
  value: JsonObject;
  /** Prefix for finding subjects: `''` for the body itself, `Resources[2].` for a list item. */
  prefix: string;
  /** From the endpoint when there is one, else from the resource's own `schemas`. */
  type: ResourceTypeModel | undefined;
  typeFromEndpoint: boolean;
  /** Whether the response is the answer to a create (`POST` → 201). */
  created: boolean;
}

export function isListResponse(body: unknown): boolean {
  return hasSchema(body, MESSAGE.listResponse);
}

/** Several resource-level checks walk the same returned resources of every exchange: found once per context. */
const returnedCache = new WeakMap<Exchange, { baseUrl: string | undefined; resourceTypes: unknown; schemas: unknown; found: ReturnedResource[] }>();

export function returnedResources(exchange: Exchange, ctx: CheckContext): ReturnedResource[] {
  const cached = returnedCache.get(exchange);
  if (cached && cached.baseUrl === ctx.baseUrl && cached.resourceTypes === ctx.resourceTypes && cached.schemas === ctx.schemas) return cached.found;
  const found = findReturned(exchange, ctx);
  returnedCache.set(exchange, { baseUrl: ctx.baseUrl, resourceTypes: ctx.resourceTypes, schemas: ctx.schemas, found });
  return found;
}

function findReturned(exchange: Exchange, ctx: CheckContext): ReturnedResource[] {
  if (!isSuccess(exchange)) return [];
  const body = responseObject(exchange);
  if (!body || hasSchema(body, MESSAGE.error)) return [];
  const route = routeOf(exchange, ctx);
  const m = method(exchange);

  if (isQuery(exchange, route)) {
    if (!Array.isArray(body.Resources)) return [];
    const endpointType = route.kind === 'collection' || route.kind === 'search' ? route.type : undefined;
    return body.Resources.flatMap((item, i): ReturnedResource[] =>
      isObject(item)
        ? [
            {
              value: item,
              prefix: `Resources[${i}].`,
              type: endpointType ?? resourceTypeForResource(ctx, item),
              typeFromEndpoint: endpointType !== undefined,
              created: false,
            },
          ]
        : [],
    );
  }
  if (isListResponse(body)) return [];

  const single = (type: ResourceTypeModel | undefined, fromEndpoint: boolean): ReturnedResource[] => [
    { value: body, prefix: '', type, typeFromEndpoint: fromEndpoint, created: m === 'POST' && exchange.response?.status === 201 },
  ];
  if (route.kind === 'collection' && m === 'POST') return single(route.type, true);
  if (route.kind === 'resource' && ['GET', 'PUT', 'PATCH'].includes(m)) return single(route.type, true);
  if (route.kind === 'me' && ['GET', 'POST', 'PUT', 'PATCH'].includes(m)) return single(resourceTypeForResource(ctx, body), false);
  return [];
}

/** The single resource of a create/read/replace/modify response (not list items). */
export function singleResource(exchange: Exchange, ctx: CheckContext): ReturnedResource | undefined {
  const all = returnedResources(exchange, ctx);
  return all.length === 1 && all[0]?.prefix === '' ? all[0] : undefined;
}
