/**
 * What a request addressed, read from its URL below the target's base URL: a resource collection, one
 * resource, a search, a discovery endpoint or `/Bulk`. Without a base URL (or when the URL is elsewhere)
 * the first segment naming a SCIM endpoint is taken as the start of the SCIM path.
 */
import type { Exchange } from '../model.js';
import type { CheckContext } from './check.js';
import { resourceTypeForEndpoint, resourceTypes, type ResourceTypeModel } from './discovered.js';
import { requestUrl } from './exchange-view.js';

export type Route =
  | { kind: 'collection'; type: ResourceTypeModel }
  | { kind: 'resource'; type: ResourceTypeModel; id: string }
  /** `POST /Users/.search` (type known) or `POST /.search` (any type). */
  | { kind: 'search'; type: ResourceTypeModel | undefined }
  /** The base URL itself: `GET /?filter=` queries every resource type (RFC 7644 §3.4.2.1). */
  | { kind: 'root' }
  | { kind: 'service-provider-config' }
  | { kind: 'resource-types'; name: string | undefined }
  | { kind: 'schemas'; id: string | undefined }
  | { kind: 'bulk' }
  | { kind: 'me' }
  | { kind: 'unknown' };

const FIXED = new Set(['serviceproviderconfig', 'resourcetypes', 'schemas', 'bulk', 'me', '.search']);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A run has one base URL: its path segments are read once, not per exchange. */
let lastBase: { url: string; segments: string[] | undefined } | undefined;

function baseSegments(baseUrl: string): string[] | undefined {
  if (lastBase?.url !== baseUrl) {
    let segments: string[] | undefined;
    try {
      segments = new URL(baseUrl).pathname.split('/').filter((s) => s !== '').map(decode);
    } catch {
      // An unparsable base URL: the endpoint-name heuristic takes over.
      segments = undefined;
    }
    lastBase = { url: baseUrl, segments };
  }
  return lastBase.segments;
}

function scimSegments(exchange: Exchange, ctx: CheckContext): string[] | undefined {
  const url = requestUrl(exchange);
  if (!url) return undefined;
  const segments = url.pathname.split('/').filter((s) => s !== '').map(decode);
  const base = ctx.baseUrl ? baseSegments(ctx.baseUrl) : undefined;
  if (base && base.every((s, i) => segments[i] === s)) return segments.slice(base.length);
  const endpoints = new Set(resourceTypes(ctx).map((t) => t.endpoint.toLowerCase()));
  const start = segments.findIndex((s) => FIXED.has(s.toLowerCase()) || endpoints.has(s.toLowerCase()));
  return start >= 0 ? segments.slice(start) : undefined;
}

/**
 * The route depends on the exchange and on what the context says of the target (its base URL and resource
 * types), never on per-step hints: cached per exchange for the context's discovered documents.
 */
const routeCache = new WeakMap<Exchange, { baseUrl: string | undefined; resourceTypes: unknown; route: Route }>();

export function routeOf(exchange: Exchange, ctx: CheckContext): Route {
  const cached = routeCache.get(exchange);
  if (cached && cached.baseUrl === ctx.baseUrl && cached.resourceTypes === ctx.resourceTypes) return cached.route;
  const route = computeRoute(exchange, ctx);
  routeCache.set(exchange, { baseUrl: ctx.baseUrl, resourceTypes: ctx.resourceTypes, route });
  return route;
}

function computeRoute(exchange: Exchange, ctx: CheckContext): Route {
  const segments = scimSegments(exchange, ctx);
  if (!segments) return { kind: 'unknown' };
  const [first, second, ...rest] = segments;
  if (first === undefined) return { kind: 'root' };
  const head = first.toLowerCase();
  if (head === '.search' && second === undefined) return { kind: 'search', type: undefined };
  if (head === 'serviceproviderconfig' && second === undefined) return { kind: 'service-provider-config' };
  if (head === 'resourcetypes' && rest.length === 0) return { kind: 'resource-types', name: second };
  // Schema ids are URNs, which a client may leave unencoded; they never contain '/', but be lenient.
  if (head === 'schemas') return { kind: 'schemas', id: second === undefined ? undefined : [second, ...rest].join('/') };
  if (head === 'bulk' && second === undefined) return { kind: 'bulk' };
  if (head === 'me') return { kind: 'me' };
  const type = resourceTypeForEndpoint(ctx, first);
  if (!type || rest.length > 0) return { kind: 'unknown' };
  if (second === undefined) return { kind: 'collection', type };
  if (second === '.search') return { kind: 'search', type };
  return { kind: 'resource', type, id: second };
}

/** A query: `GET` on a collection or the root, or `POST .search`. */
export function isQuery(exchange: Exchange, route: Route): boolean {
  const m = exchange.request.method.toUpperCase();
  if (route.kind === 'search') return m === 'POST';
  return m === 'GET' && (route.kind === 'collection' || route.kind === 'root');
}
