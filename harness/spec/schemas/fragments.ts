/**
 * Building blocks shared by the JSON Schemas of RFC 7643 resources and RFC 7644 messages.
 *
 * RFC 7643 §2.5: "Unassigned attributes, the null value, or empty array ... SHALL be considered to be
 * equivalent in 'state'", so every optional attribute also accepts `null`; required ones do not.
 */
import type { SchemaObject } from 'ajv/dist/2020.js';

/** `$id` prefix of our schemas; `.invalid` (RFC 2606) so nothing ever tries to fetch one. */
export const ID_BASE = 'https://scim-conformance.invalid/spec/';
export const schemaId = (name: string) => `${ID_BASE}${name}`;

/** Registered on the validator (see `harness/spec/datetime.ts` for why not `date-time`). */
export const XSD_DATE_TIME_FORMAT = 'xsd-date-time';

type JsonType = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array';

/** An optional attribute of one JSON type, `null` allowed. */
export const optional = (type: JsonType, extra: SchemaObject = {}): SchemaObject => ({ type: [type, 'null'], ...extra });

export const optionalString = (extra: SchemaObject = {}) => optional('string', extra);
export const optionalBoolean = () => optional('boolean');
export const optionalDateTime = () => optionalString({ format: XSD_DATE_TIME_FORMAT });

/** A complex attribute: an object whose listed sub-attributes have the given schemas; others allowed. */
export const complex = (properties: Record<string, SchemaObject>, extra: SchemaObject = {}): SchemaObject => ({
  type: ['object', 'null'],
  properties,
  ...extra,
});

/** A multi-valued attribute (RFC 7643 §2.4): an array of complex values. */
export const multiValued = (item: SchemaObject): SchemaObject => ({ type: ['array', 'null'], items: item });

/** The default sub-attributes of a multi-valued attribute (RFC 7643 §2.4), `value` typed as given. */
export const defaultSubAttributes = (value: SchemaObject = optionalString()): Record<string, SchemaObject> => ({
  value,
  display: optionalString(),
  type: optionalString(),
  primary: optionalBoolean(),
  $ref: optionalString(),
});

/** `schemas` (RFC 7643 §3): REQUIRED, an array of URIs, here also containing the given URN. */
export const schemasContaining = (urn: string): SchemaObject => ({
  type: 'array',
  minItems: 1,
  items: { type: 'string', minLength: 1 },
  contains: { const: urn },
});

/** `id` (RFC 7643 §3.1): non-empty, and "bulkId" is reserved. */
export const resourceId = (): SchemaObject => ({ type: 'string', minLength: 1, not: { pattern: 'bulkId' } });

/** `meta` (RFC 7643 §3.1): every sub-attribute is optional; `created`/`lastModified` are dateTimes. */
export const meta = (): SchemaObject =>
  complex({
    resourceType: optionalString(),
    created: optionalDateTime(),
    lastModified: optionalDateTime(),
    // RFC 7643's own examples use relative locations (§8.7: "/v2/Schemas/...").
    location: optionalString({ format: 'uri-reference' }),
    version: optionalString(),
  });

/** The common attributes (RFC 7643 §3) of a resource with a REQUIRED `id`. */
export const commonAttributes = (): Record<string, SchemaObject> => ({
  id: resourceId(),
  externalId: optionalString(),
  meta: meta(),
});
