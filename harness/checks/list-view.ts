/**
 * A ListResponse as the pagination checks read it, with the paging the request asked for made
 * effective the way RFC 7644 §3.4.2.4 says ("A value less than 1 SHALL be interpreted as 1"; a negative
 * count "SHALL be interpreted as '0'").
 */
import type { Exchange } from '../model.js';
import type { CheckContext } from './check.js';
import { isSuccess, listQuery, responseObject } from './exchange-view.js';
import type { JsonObject } from '../../vocabulary/json.js';
import { isListResponse } from './returned.js';
import { isQuery, routeOf } from './route.js';

export interface ListView {
  body: JsonObject;
  /** `Resources` when it is an array, else undefined. */
  resources: unknown[] | undefined;
  /** Items returned: `Resources.length`, 0 when absent. */
  returned: number;
  totalResults: number | undefined;
  /** Whether it answers a query on resources (not a discovery listing). */
  query: boolean;
  /** Effective requested startIndex (default 1). */
  requestedStartIndex: number;
  /** Effective requested count, undefined when none was asked for. */
  requestedCount: number | undefined;
}

const integer = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

export function listView(exchange: Exchange, ctx: CheckContext): ListView | undefined {
  if (!isSuccess(exchange)) return undefined;
  const body = responseObject(exchange);
  if (!body) return undefined;
  const query = isQuery(exchange, routeOf(exchange, ctx));
  if (!query && !isListResponse(body)) return undefined;
  const requested = listQuery(exchange);
  const start = ctx.hints?.requestedStartIndex ?? requested.startIndex;
  const count = ctx.hints?.requestedCount ?? requested.count;
  const resources = Array.isArray(body.Resources) ? body.Resources : undefined;
  return {
    body,
    resources,
    returned: resources?.length ?? 0,
    totalResults: integer(body.totalResults),
    query,
    requestedStartIndex: start === undefined || start < 1 ? 1 : start,
    requestedCount: count === undefined ? undefined : Math.max(0, count),
  };
}
