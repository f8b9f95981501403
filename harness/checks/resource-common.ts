/**
 * The common attributes every resource carries (RFC 7643 §3, §3.1): `schemas`, `id`, and `meta` with its
 * dates, resource type, location and version, and the HTTP headers that must agree with `meta`
 * (RFC 7644 §3.14).
 */
import { compareDateTimes } from '../spec/datetime.js';
import type { Exchange, Finding } from '../model.js';
import { fail, judge, pass, type Check, type CheckContext } from './check.js';
import { header, isSuccess, responseObject } from './exchange-view.js';
import { isObject, type JsonObject } from '../../vocabulary/json.js';
import { returnedResources, singleResource, type ReturnedResource } from './returned.js';
import { sameUri } from './urls.js';

const metaOf = (resource: JsonObject): JsonObject | undefined => (isObject(resource.meta) ? resource.meta : undefined);
const metaString = (resource: JsonObject, key: string): string | undefined => {
  const value = metaOf(resource)?.[key];
  return typeof value === 'string' ? value : undefined;
};

/** The JSON objects whose `schemas` is judged: a successful body, and each resource of a list. */
function schemaCarriers(exchange: Exchange, ctx: CheckContext): { subject: string; value: JsonObject }[] {
  if (!isSuccess(exchange)) return [];
  const body = responseObject(exchange);
  if (!body) return [];
  const items = returnedResources(exchange, ctx).filter((r) => r.prefix !== '');
  return [{ subject: 'schemas', value: body }, ...items.map((r) => ({ subject: `${r.prefix}schemas`, value: r.value }))];
}

export const commonSchemas: Check = {
  id: 'rfc7643.common.schemas',
  rfc: 'RFC 7643 §3',
  level: 'MUST',
  area: 'read',
  title: 'Every resource and message carries a non-empty "schemas" array of URIs',
  quote:
    'The "schemas" attribute is a REQUIRED attribute and is an array of Strings containing URIs that are used to indicate the namespaces of the SCIM schemas that define the attributes present in the current JSON structure.',
  hint:
    'Put a `schemas` array of URN strings on everything you return: `["urn:ietf:params:scim:schemas:core:2.0:User"]` on a User and on each entry of Resources, the ListResponse or Error URN on those messages.',
  applies: (exchange, ctx) => schemaCarriers(exchange, ctx).length > 0,
  run(exchange, ctx) {
    return schemaCarriers(exchange, ctx).map(({ subject, value }) => {
      const schemas = value.schemas;
      const ok = Array.isArray(schemas) && schemas.length > 0 && schemas.every((s) => typeof s === 'string' && s !== '');
      return judge(commonSchemas, exchange, ok, { subject, expected: 'a non-empty array of URI strings', actual: schemas }, {
        pass: `${subject} present`,
        fail: schemas === undefined ? `${subject} missing` : `${subject} is not a non-empty array of strings`,
      });
    });
  },
};

export const commonId: Check = {
  id: 'rfc7643.common.id',
  rfc: 'RFC 7643 §3.1',
  level: 'MUST',
  area: 'read',
  title: 'Every returned resource has a non-empty "id" that does not use the reserved word "bulkId"',
  quote:
    'Each representation of the resource MUST include a non-empty "id" value. … The string "bulkId" is a reserved keyword and MUST NOT be used within any unique identifier value.',
  hint:
    "Give every returned resource, in lists too, a non-empty string `id` your server assigned (e.g. a UUID); never use the client's bulkId or any value containing the word `bulkId`.",
  applies: (exchange, ctx) => returnedResources(exchange, ctx).length > 0,
  run(exchange, ctx) {
    return returnedResources(exchange, ctx).map((r) => {
      const id = r.value.id;
      const subject = `${r.prefix}id`;
      if (typeof id !== 'string' || id === '') {
        return fail(commonId, exchange, { subject, expected: 'a non-empty string', actual: id, message: id === undefined ? `${subject} missing` : `${subject} is not a non-empty string` });
      }
      return judge(commonId, exchange, !id.includes('bulkId'), { subject, expected: 'an id without "bulkId"', actual: id }, {
        pass: `${subject} present`,
        fail: `${subject} ${JSON.stringify(id)} uses the reserved word "bulkId"`,
      });
    });
  },
};

const withDates = (exchange: Exchange, ctx: CheckContext) =>
  returnedResources(exchange, ctx).filter((r) => {
    const created = metaString(r.value, 'created');
    const modified = metaString(r.value, 'lastModified');
    return created !== undefined && modified !== undefined && compareDateTimes(created, modified) !== undefined;
  });

export const metaLastModified: Check = {
  id: 'rfc7643.meta.last-modified',
  rfc: 'RFC 7643 §3.1',
  level: 'MUST',
  area: 'read',
  title: 'meta.lastModified is not before meta.created, and equals it on a just-created resource',
  quote:
    'lastModified  The most recent DateTime that the details of this resource were updated at the service provider. If this resource has never been modified since its initial creation, the value MUST be the same as the value of "created".',
  hint:
    'Set `meta.created` and `meta.lastModified` to the same timestamp when a resource is created, and only move lastModified forward on later changes; it must never be earlier than created.',
  applies: (exchange, ctx) => withDates(exchange, ctx).length > 0,
  run(exchange, ctx) {
    return withDates(exchange, ctx).map((r) => {
      const created = metaString(r.value, 'created') as string;
      const modified = metaString(r.value, 'lastModified') as string;
      const order = compareDateTimes(created, modified);
      const subject = `${r.prefix}meta.lastModified`;
      if (r.created) {
        return judge(metaLastModified, exchange, order === 0, { subject, expected: created, actual: modified }, {
          pass: 'a new resource has lastModified equal to created',
          fail: `a just-created resource has lastModified ${modified} but created ${created}`,
        });
      }
      return judge(metaLastModified, exchange, order !== 1, { subject, expected: `not before ${created}`, actual: modified }, {
        pass: 'lastModified is not before created',
        fail: `lastModified ${modified} is before created ${created}`,
      });
    });
  },
};

const withResourceType = (exchange: Exchange, ctx: CheckContext) =>
  returnedResources(exchange, ctx).filter((r) => r.typeFromEndpoint && r.type && metaOf(r.value)?.resourceType !== undefined);

export const metaResourceType: Check = {
  id: 'rfc7643.meta.resource-type',
  rfc: 'RFC 7643 §3.1',
  level: 'MUST',
  area: 'read',
  title: 'meta.resourceType names the resource type of the endpoint',
  quote: 'resourceType  The name of the resource type of the resource. This attribute has a mutability of "readOnly" and "caseExact" as "true".',
  hint:
    'Set `meta.resourceType` to the exact, case-sensitive ResourceType name of the endpoint: `User` for /Users and `Group` for /Groups, not `user`, `Users` or a schema URN.',
  applies: (exchange, ctx) => withResourceType(exchange, ctx).length > 0,
  run(exchange, ctx) {
    return withResourceType(exchange, ctx).map((r: ReturnedResource) => {
      const actual = metaOf(r.value)?.resourceType;
      const expected = r.type?.name;
      return judge(metaResourceType, exchange, actual === expected, { subject: `${r.prefix}meta.resourceType`, expected, actual }, {
        pass: `meta.resourceType is ${JSON.stringify(expected)}`,
        fail: `meta.resourceType is ${JSON.stringify(actual)}, the endpoint serves ${JSON.stringify(expected)} (case-exact)`,
      });
    });
  },
};

export const metaLocation: Check = {
  id: 'rfc7643.meta.location',
  rfc: 'RFC 7643 §3.1',
  level: 'MUST',
  area: 'read',
  title: 'meta.location equals the Content-Location header when one is sent',
  quote: 'location  The URI of the resource being returned. This value MUST be the same as the "Content-Location" HTTP response header (see Section 3.1.4.2 of [RFC7231]).',
  hint:
    "If you send a `Content-Location` header, make it the very same URL as the body's `meta.location` (`<base>/Users/<id>`); otherwise leave the header out.",
  applies: (exchange, ctx) => {
    const r = singleResource(exchange, ctx);
    return r !== undefined && metaString(r.value, 'location') !== undefined && header(exchange.response?.headers, 'content-location') !== undefined;
  },
  run(exchange, ctx) {
    const r = singleResource(exchange, ctx);
    const location = r ? (metaString(r.value, 'location') ?? '') : '';
    const contentLocation = header(exchange.response?.headers, 'content-location') ?? '';
    return [
      judge(metaLocation, exchange, sameUri(location, contentLocation, exchange.request.url), { subject: 'meta.location', expected: contentLocation, actual: location }, {
        pass: 'meta.location equals Content-Location',
        fail: `meta.location ${location} differs from Content-Location ${contentLocation}`,
      }),
    ];
  },
};

const etagSupported = (ctx: CheckContext): boolean => {
  const spc = ctx.serviceProviderConfig;
  return isObject(spc) && isObject(spc.etag) && spc.etag.supported === true;
};

export const etagHeader: Check = {
  id: 'rfc7644.etag.header',
  requires: 'etag',
  rfc: 'RFC 7644 §3.14',
  level: 'MUST',
  area: 'read',
  title: 'With ETags supported (ServiceProviderConfig etag), a returned resource carries an ETag header',
  quote:
    'When supported, SCIM ETags MUST be specified as an HTTP header and SHOULD be specified within the "version" attribute contained in the resource\'s "meta" attribute.',
  hint:
    'Your ServiceProviderConfig says `etag.supported: true`, so send an `ETag` header (e.g. `ETag: W/"3"`) on every response carrying a single resource, or advertise `etag.supported: false`.',
  // `requires: 'etag'` leaves a target without ETag support out: "When supported" is the RFC's own condition.
  applies: (exchange, ctx) => singleResource(exchange, ctx) !== undefined && etagSupported(ctx),
  run(exchange, ctx): Finding[] {
    const etag = header(exchange.response?.headers, 'etag');
    const version = metaString(singleResource(exchange, ctx)?.value ?? {}, 'version');
    return [
      etag
        ? pass(etagHeader, exchange, { subject: 'ETag header', actual: etag, message: 'ETag header present' })
        : fail(etagHeader, exchange, {
            subject: 'ETag header',
            expected: version ?? 'an entity tag',
            actual: undefined,
            message: version ? `ETags are supported and meta.version is ${version}, but no ETag header was sent` : 'ServiceProviderConfig advertises etag support but no ETag header was sent',
          }),
    ];
  },
};

export const metaVersion: Check = {
  id: 'rfc7643.meta.version',
  rfc: 'RFC 7643 §3.1',
  level: 'MUST',
  area: 'read',
  title: 'meta.version equals the ETag header',
  quote:
    'version  The version of the resource being returned. This value must be the same as the entity-tag (ETag) HTTP response header (see Sections 2.1 and 2.3 of [RFC7232]).',
  hint:
    'Send `meta.version` character for character as the `ETag` header, `W/` prefix and quotes included (e.g. both `W/"3"`), computed from the same stored version.',
  applies: (exchange, ctx) => {
    const r = singleResource(exchange, ctx);
    return r !== undefined && metaString(r.value, 'version') !== undefined && header(exchange.response?.headers, 'etag') !== undefined;
  },
  run(exchange, ctx) {
    const version = metaString(singleResource(exchange, ctx)?.value ?? {}, 'version');
    const etag = header(exchange.response?.headers, 'etag');
    return [
      judge(metaVersion, exchange, version === etag, { subject: 'meta.version', expected: etag, actual: version }, {
        pass: 'meta.version equals the ETag header',
        fail: `meta.version ${version} differs from the ETag header ${etag}`,
      }),
    ];
  },
};

export const RESOURCE_COMMON_CHECKS: readonly Check[] = [commonSchemas, commonId, metaLastModified, metaResourceType, metaLocation, etagHeader, metaVersion];
