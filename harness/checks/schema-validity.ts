/**
 * Resources and query responses validate against the RFCs' JSON Schemas. Projected responses
 * (`attributes`/`excludedAttributes`) legitimately omit REQUIRED attributes such as `userName`, so they
 * are not judged here; `id` is judged by `rfc7643.common.id`.
 */
import { SCHEMA } from '../../vocabulary/constants.js';
import type { SpecSchemaName } from '../spec/json-schemas.js';
import type { Check, CheckContext } from './check.js';
import type { Exchange } from '../model.js';
import { isProjected, isSuccess, responseObject } from './exchange-view.js';
import { hasSchema } from '../../vocabulary/json.js';
import { returnedResources, type ReturnedResource } from './returned.js';
import { isQuery, routeOf } from './route.js';
import { under, validityFinding } from './validity.js';

function resourcesOfSchema(exchange: Exchange, ctx: CheckContext, urn: string): ReturnedResource[] {
  if (isProjected(exchange)) return [];
  return returnedResources(exchange, ctx).filter((r) => (r.type ? r.type.schema.toLowerCase() === urn.toLowerCase() : hasSchema(r.value, urn)));
}

/** Validity of every returned resource of one core schema (single body or list items). */
function resourceValidity(id: string, name: SpecSchemaName, urn: string): Pick<Check, 'id' | 'applies' | 'run'> {
  return {
    id,
    applies: (exchange, ctx) => resourcesOfSchema(exchange, ctx, urn).length > 0,
    run(exchange, ctx) {
      return resourcesOfSchema(exchange, ctx, urn).map((r) =>
        validityFinding({ id }, exchange, name, r.value, r.prefix === '' ? `${name} body` : r.prefix.slice(0, -1), {
          ignore: under('/id'),
          pointerPrefix: r.prefix === '' ? '' : `/${r.prefix.slice(0, -1).replace(/\[(\d+)\]/, '/$1')}`,
        }),
      );
    },
  };
}

export const userValid: Check = {
  ...resourceValidity('rfc7643.user.valid', 'User', SCHEMA.user),
  rfc: 'RFC 7643 §4.1',
  level: 'MUST',
  area: 'read',
  title: 'A returned User conforms to the User schema',
  quote: 'Each User MUST include a non-empty userName value. This identifier MUST be unique across the service provider\'s entire set of Users. REQUIRED.',
  hint:
    'Return every User with the core User URN `urn:ietf:params:scim:schemas:core:2.0:User` in `schemas` and a non-empty string `userName`, each attribute shaped as RFC 7643 §4.1 defines it (e.g. `name` an object, `emails` an array of objects).',
};

export const groupValid: Check = {
  ...resourceValidity('rfc7643.group.valid', 'Group', SCHEMA.group),
  rfc: 'RFC 7643 §4.2',
  level: 'MUST',
  area: 'groups',
  title: 'A returned Group conforms to the Group schema',
  quote: 'displayName  A human-readable name for the Group. REQUIRED.',
  hint:
    'Return every Group with `urn:ietf:params:scim:schemas:core:2.0:Group` in `schemas`, a non-empty string `displayName`, and `members` (when present) as an array of objects such as `{"value":"<user id>"}`.',
};

export const listResponseValid: Check = {
  id: 'rfc7644.query.list-response',
  rfc: 'RFC 7644 §3.4.2',
  level: 'MUST',
  area: 'read',
  title: 'A query answers with a ListResponse',
  quote: 'Responses MUST be identified using the following URI: "urn:ietf:params:scim:api:messages:2.0:ListResponse".',
  hint:
    'Wrap query results (GET /Users?filter=…, POST /.search) in `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":n,"Resources":[…]}`, never a bare array or a lone resource, even for zero or one match.',
  applies: (exchange, ctx) => isSuccess(exchange) && isQuery(exchange, routeOf(exchange, ctx)),
  run(exchange) {
    const body = responseObject(exchange);
    // totalResults has its own check (rfc7644.pagination.total-results).
    return [validityFinding(listResponseValid, exchange, 'ListResponse', body ?? exchange.response?.body, 'query response body', { ignore: under('/totalResults') })];
  },
};

export const SCHEMA_VALIDITY_CHECKS: readonly Check[] = [userValid, groupValid, listResponseValid];
