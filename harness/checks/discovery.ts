/** Discovery endpoints (RFC 7644 §4) and their documents (RFC 7643 §5–§7). */
import { MESSAGE } from '../../vocabulary/constants.js';
import type { Exchange, Finding } from '../model.js';
import type { SpecSchemaName } from '../spec/json-schemas.js';
import { judge, type Check, type CheckContext } from './check.js';
import { discoveredSchemas } from './discovered.js';
import { isSuccess, method, responseObject } from './exchange-view.js';
import { hasSchema, isObject, type JsonObject } from '../../vocabulary/json.js';
import { routeOf, type Route } from './route.js';
import { validityFinding } from './validity.js';

const discoveryGet = (exchange: Exchange, ctx: CheckContext, kind: Route['kind']) =>
  isSuccess(exchange) && method(exchange) === 'GET' && routeOf(exchange, ctx).kind === kind;

/** `/ResourceTypes` and `/Schemas`: a ListResponse of items, or one item when addressed by name/id. */
function listingFindings(check: Pick<Check, 'id'>, exchange: Exchange, ctx: CheckContext, item: SpecSchemaName): Finding[] {
  const route = routeOf(exchange, ctx);
  const single = (route.kind === 'resource-types' && route.name !== undefined) || (route.kind === 'schemas' && route.id !== undefined);
  const body = responseObject(exchange);
  if (single) return [validityFinding(check, exchange, item, body ?? exchange.response?.body, `${item} body`)];
  const findings = [validityFinding(check, exchange, 'ListResponse', body ?? exchange.response?.body, 'listing body')];
  const resources = body && Array.isArray(body.Resources) ? body.Resources : [];
  resources.forEach((resource, i) => findings.push(validityFinding(check, exchange, item, resource, `Resources[${i}]`, { pointerPrefix: `/Resources/${i}` })));
  return findings;
}

export const serviceProviderConfigValid: Check = {
  id: 'rfc7644.discovery.service-provider-config',
  rfc: 'RFC 7644 §4; RFC 7643 §5',
  level: 'MUST',
  area: 'discovery',
  title: '/ServiceProviderConfig answers a valid ServiceProviderConfig',
  quote:
    'This endpoint SHALL return responses with a JSON object using a "schemas" attribute of "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig".',
  hint:
    'Serve GET /ServiceProviderConfig as a JSON object with `"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]` and the patch, bulk, filter, changePassword, sort, etag and authenticationSchemes blocks, each with `supported`.',
  applies: (exchange, ctx) => discoveryGet(exchange, ctx, 'service-provider-config'),
  run(exchange) {
    return [validityFinding(serviceProviderConfigValid, exchange, 'ServiceProviderConfig', responseObject(exchange) ?? exchange.response?.body, 'ServiceProviderConfig body')];
  },
};

export const resourceTypesValid: Check = {
  id: 'rfc7644.discovery.resource-types',
  rfc: 'RFC 7644 §4; RFC 7643 §6',
  level: 'MUST',
  area: 'discovery',
  title: '/ResourceTypes answers a ListResponse of valid ResourceTypes (or one, by name)',
  quote:
    'When returning multiple ResourceTypes or Schemas, the message form described by "urn:ietf:params:scim:api:messages:2.0:ListResponse" (ListResponse) form SHALL be used as shown in Figure 3 and in Figure 4 below.',
  hint:
    'Serve GET /ResourceTypes as a ListResponse of ResourceTypes, each with the ResourceType schema URN, `name`, `endpoint` and `schema` (e.g. User, /Users, the core User URN); GET /ResourceTypes/User returns that one object.',
  applies: (exchange, ctx) => discoveryGet(exchange, ctx, 'resource-types'),
  run: (exchange, ctx) => listingFindings(resourceTypesValid, exchange, ctx, 'ResourceType'),
};

export const schemasValid: Check = {
  id: 'rfc7644.discovery.schemas',
  rfc: 'RFC 7644 §4; RFC 7643 §7',
  level: 'MUST',
  area: 'discovery',
  title: '/Schemas answers a ListResponse of valid Schemas (or one, by URN)',
  quote: 'An HTTP GET to the endpoint "/Schemas" SHALL return all supported schemas in ListResponse format (see Figure 3).',
  hint:
    'Serve GET /Schemas as a ListResponse of every schema you support (User, Group, extensions), each with its URN as `id` and `attributes` giving name, type, multiValued, required, mutability and returned; GET /Schemas/<urn> returns one.',
  applies: (exchange, ctx) => discoveryGet(exchange, ctx, 'schemas'),
  run: (exchange, ctx) => listingFindings(schemasValid, exchange, ctx, 'Schema'),
};

/** The ResourceType documents of a `/ResourceTypes` response. */
function resourceTypeDocuments(exchange: Exchange, ctx: CheckContext): { subject: string; value: JsonObject }[] {
  if (!discoveryGet(exchange, ctx, 'resource-types')) return [];
  const body = responseObject(exchange);
  if (!body) return [];
  if (!hasSchema(body, MESSAGE.listResponse)) return [{ subject: 'ResourceType', value: body }];
  const resources = Array.isArray(body.Resources) ? body.Resources : [];
  return resources.flatMap((r, i) => (isObject(r) ? [{ subject: `Resources[${i}]`, value: r }] : []));
}

export const resourceTypeSchemaIds: Check = {
  id: 'rfc7643.resource-type.schema-id',
  rfc: 'RFC 7643 §6',
  level: 'MUST',
  area: 'discovery',
  title: 'A ResourceType\'s schema and schemaExtensions name schemas the target publishes',
  quote:
    'schema  The resource type\'s primary/base schema URI, e.g., "urn:ietf:params:scim:schemas:core:2.0:User". This MUST be equal to the "id" attribute of the associated "Schema" resource. REQUIRED.',
  hint:
    "Make each ResourceType's `schema` and every `schemaExtensions[].schema` exactly the `id` of a schema /Schemas serves (e.g. `urn:ietf:params:scim:schemas:core:2.0:User`), and publish the extension schemas you reference.",
  applies: (exchange, ctx) => discoveredSchemas(ctx) !== undefined && resourceTypeDocuments(exchange, ctx).length > 0,
  run(exchange, ctx) {
    // Schema ids are URIs; the comparison is exact, as the RFC's "equal" asks.
    const published = new Set((discoveredSchemas(ctx) ?? []).map((s) => s.id));
    return resourceTypeDocuments(exchange, ctx).map(({ subject, value }) => {
      const extensions = Array.isArray(value.schemaExtensions) ? value.schemaExtensions.filter(isObject).map((e) => e.schema) : [];
      const named = [value.schema, ...extensions];
      const unknown = named.filter((urn) => typeof urn !== 'string' || !published.has(urn)).map((urn) => String(urn));
      return judge(resourceTypeSchemaIds, exchange, unknown.length === 0, { subject: `${subject}.schema`, expected: [...published], actual: named }, {
        pass: `${subject} names published schemas`,
        fail: `${subject} names schemas /Schemas does not publish: ${unknown.join(', ')}`,
      });
    });
  },
};

export const DISCOVERY_CHECKS: readonly Check[] = [serviceProviderConfigValid, resourceTypesValid, schemasValid, resourceTypeSchemaIds];
