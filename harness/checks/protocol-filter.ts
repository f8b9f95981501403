/** Filtering (RFC 7644 §3.4.2.2): results match a simple equality filter; a bad filter is refused. */
import type { Exchange } from '../model.js';
import { fail, judge, pass, type Check, type CheckContext } from './check.js';
import { findAttribute, findSchema } from './discovered.js';
import { listQuery, responseObject } from './exchange-view.js';
import { getCaseless } from '../../vocabulary/json.js';
import { returnedResources, type ReturnedResource } from './returned.js';
import { isQuery, routeOf } from './route.js';
import { parseEqFilter, type EqFilter } from './simple-filter.js';

/** RFC 7643 §4.1, §4.2: case-exactness of the core attributes judged without a discovered schema. */
const RFC_CASE_EXACT: Record<string, boolean> = { username: false, displayname: false };

/** Case-exactness of the filtered attribute for a resource, or undefined when it cannot be judged. */
function caseExact(filter: EqFilter, resource: ReturnedResource, ctx: CheckContext): boolean | undefined {
  const name = filter.attribute.toLowerCase();
  // Common attributes (RFC 7643 §3.1), in no schema: both caseExact.
  if (name === 'id' || name === 'externalid') return true;
  if (!resource.type) return undefined;
  if (filter.urn && filter.urn.toLowerCase() !== resource.type.schema.toLowerCase()) return undefined;
  const schema = findSchema(ctx, resource.type.schema);
  if (schema) {
    const def = findAttribute(schema.attributes, filter.attribute);
    if (!def || def.multiValued || !['string', 'reference'].includes(def.type)) return undefined;
    return def.caseExact;
  }
  return RFC_CASE_EXACT[name];
}

interface Judged {
  resource: ReturnedResource;
  value: string;
  exact: boolean;
}

function judged(exchange: Exchange, ctx: CheckContext): { filter: EqFilter; items: Judged[] } | undefined {
  if (!isQuery(exchange, routeOf(exchange, ctx))) return undefined;
  const filter = parseEqFilter(listQuery(exchange).filter);
  if (!filter) return undefined;
  const items = returnedResources(exchange, ctx).flatMap((resource): Judged[] => {
    const value = getCaseless(resource.value, filter.attribute);
    const exact = caseExact(filter, resource, ctx);
    // An attribute not returned (projection, returned:request) cannot be compared.
    return typeof value === 'string' && exact !== undefined ? [{ resource, value, exact }] : [];
  });
  return items.length > 0 ? { filter, items } : undefined;
}

export const filterEq: Check = {
  id: 'rfc7644.filter.eq',
  rfc: 'RFC 7644 §3.4.2.2',
  level: 'MUST',
  area: 'filter',
  title: 'Every result of `attr eq "value"` has that value (case-insensitively unless the attribute is caseExact)',
  quote: 'When specified, only those resources matching the filter expression SHALL be returned.',
  hint:
    'Apply `filter` on the server: for `userName eq "alice@example.com"` return only users whose userName equals it (case-insensitively for caseExact false attributes such as userName), not the whole collection or a partial match.',
  applies: (exchange, ctx) => judged(exchange, ctx) !== undefined,
  run(exchange, ctx) {
    const j = judged(exchange, ctx);
    if (!j) return [];
    return j.items.map(({ resource, value, exact }) => {
      const ok = exact ? value === j.filter.value : value.toLowerCase() === j.filter.value.toLowerCase();
      return judge(filterEq, exchange, ok, { subject: `${resource.prefix}${j.filter.attribute}`, expected: j.filter.value, actual: value }, {
        pass: `${j.filter.attribute} matches`,
        fail: `${j.filter.attribute} ${JSON.stringify(value)} does not match the filter value ${JSON.stringify(j.filter.value)}${exact ? ' (caseExact)' : ''}`,
      });
    });
  },
};

export const invalidFilter: Check = {
  id: 'rfc7644.filter.invalid-filter',
  requires: 'filter',
  rfc: 'RFC 7644 §3.4.2.2',
  level: 'MUST',
  area: 'filter',
  title: 'A filter the provider cannot process is refused with 400 and scimType "invalidFilter"',
  quote:
    'Providers MUST decline to filter results if the specified filter operation is not recognized and return an HTTP 400 error with a "scimType" error of "invalidFilter" and an appropriate human-readable response as per Section 3.12.',
  hint:
    'Answer a filter you cannot parse or do not support with 400 and `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"…"}`, not a 500 or an unfiltered 200 list.',
  applies: (exchange, ctx) => ctx.hints?.invalidFilter === true && exchange.response !== undefined,
  run(exchange) {
    const status = exchange.response?.status;
    const scimType = responseObject(exchange)?.scimType;
    const detail = { subject: 'HTTP status and scimType', expected: '400 invalidFilter', actual: `${status} ${scimType === undefined ? '(no scimType)' : String(scimType)}` };
    return [
      status === 400 && scimType === 'invalidFilter'
        ? pass(invalidFilter, exchange, { ...detail, message: 'bad filter refused with 400 invalidFilter' })
        : fail(invalidFilter, exchange, { ...detail, message: `bad filter answered ${detail.actual}` }),
    ];
  },
};

export const FILTER_CHECKS: readonly Check[] = [filterEq, invalidFilter];
