/** Consistency rules that span operations, applied once after all of them succeeded. */
import { badRequest } from '../messages/error.js';
import { findAttribute, isObject, type ResourceSchema, type ScimObject } from '../schemas/resource-schema.js';
import { deepEqual } from './json.js';

/**
 * RFC 7644 §3.5.2: a PATCH that makes a value primary SHALL make the attribute's other values non-primary.
 * Only attributes the request changed are looked at, so pre-existing data is not judged here.
 */
export function settlePrimaries(original: ScimObject, working: ScimObject, schema: ResourceSchema, madePrimary: WeakSet<object>): void {
  for (const urn of [schema.coreUrn, ...schema.extensionUrns]) {
    for (const attribute of schema.schemaFor(urn)?.schema.attributes ?? []) {
      if (!attribute.multiValued || !findAttribute(attribute.subAttributes ?? [], 'primary')) continue;
      const resolved = schema.resolve(`${urn}:${attribute.name}`);
      if (!resolved) continue;
      const list = schema.container(working, resolved)?.[attribute.name];
      if (!Array.isArray(list) || deepEqual(list, schema.container(original, resolved)?.[attribute.name])) continue;
      const elements = list.filter(isObject);
      const chosen = elements.filter((e) => madePrimary.has(e) && e.primary === true);
      if (chosen.length === 1) for (const e of elements) if (e !== chosen[0]) e.primary = false;
      if (elements.filter((e) => e.primary === true).length > 1) {
        throw badRequest('invalidValue', `At most one value of "${attribute.name}" may be primary.`);
      }
    }
  }
}

/**
 * Keeps `schemas` listing exactly the extensions present, for the extensions the request touched: an emptied
 * extension object is dropped with its URN, a new one gets its URN (RFC 7643 §3).
 */
export function syncExtensionSchemas(original: ScimObject, working: ScimObject, schema: ResourceSchema): void {
  for (const urn of schema.extensionUrns) {
    if (deepEqual(original[urn], working[urn])) continue;
    const extension = working[urn];
    const present = isObject(extension) && Object.keys(extension).length > 0;
    if (!present) delete working[urn];
    const schemas = working.schemas;
    if (!Array.isArray(schemas)) continue;
    const isUrn = (s: unknown) => typeof s === 'string' && s.toLowerCase() === urn.toLowerCase();
    const listed = schemas.some(isUrn);
    if (present && !listed) working.schemas = [...schemas, urn];
    if (!present && listed) working.schemas = schemas.filter((s) => !isUrn(s));
  }
}
