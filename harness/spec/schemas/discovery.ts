/** JSON Schemas of the discovery resources: ServiceProviderConfig (RFC 7643 §5), ResourceType (§6), Schema (§7). */
import type { SchemaObject } from 'ajv/dist/2020.js';
import { SCHEMA } from '../../../vocabulary/constants.js';
import { meta, optionalString, schemaId, schemasContaining } from './fragments.js';

const supported = (extra: Record<string, SchemaObject> = {}): SchemaObject => ({
  type: 'object',
  required: ['supported', ...Object.keys(extra)],
  properties: { supported: { type: 'boolean' }, ...extra },
});

const nonNegativeInteger: SchemaObject = { type: 'integer', minimum: 0 };

/** Every configuration attribute of RFC 7643 §5 is REQUIRED but `documentationUri`. */
export const serviceProviderConfigSchema: SchemaObject = {
  $id: schemaId('ServiceProviderConfig'),
  title: 'ServiceProviderConfig (RFC 7643 §5)',
  type: 'object',
  required: ['schemas', 'patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag', 'authenticationSchemes'],
  properties: {
    schemas: schemasContaining(SCHEMA.serviceProviderConfig),
    documentationUri: optionalString(),
    patch: supported(),
    bulk: supported({ maxOperations: nonNegativeInteger, maxPayloadSize: nonNegativeInteger }),
    filter: supported({ maxResults: nonNegativeInteger }),
    changePassword: supported(),
    sort: supported(),
    etag: supported(),
    authenticationSchemes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'name', 'description'],
        properties: {
          // RFC 7643 §5 names oauth, oauth2, oauthbearertoken, httpbasic, httpdigest; others are not forbidden.
          type: { type: 'string' },
          name: { type: 'string' },
          description: { type: 'string' },
          specUri: optionalString(),
          documentationUri: optionalString(),
          primary: { type: ['boolean', 'null'] },
        },
      },
    },
    meta: meta(),
  },
  additionalProperties: true,
};

/** RFC 7643 §6: `id` is OPTIONAL here (the resource type is named by `name`). */
export const resourceTypeSchema: SchemaObject = {
  $id: schemaId('ResourceType'),
  title: 'ResourceType (RFC 7643 §6)',
  type: 'object',
  required: ['schemas', 'name', 'endpoint', 'schema'],
  properties: {
    schemas: schemasContaining(SCHEMA.resourceType),
    id: optionalString(),
    name: { type: 'string', minLength: 1 },
    description: optionalString(),
    endpoint: { type: 'string', minLength: 1 },
    schema: { type: 'string', minLength: 1, format: 'uri' },
    schemaExtensions: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['schema', 'required'],
        properties: { schema: { type: 'string', minLength: 1, format: 'uri' }, required: { type: 'boolean' } },
      },
    },
    meta: meta(),
  },
  additionalProperties: true,
};

/** One attribute definition (RFC 7643 §7), recursive through `subAttributes`. */
const attributeDefinition: SchemaObject = {
  type: 'object',
  required: ['name', 'type'],
  properties: {
    name: { type: 'string', minLength: 1 },
    type: { enum: ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'] },
    multiValued: { type: 'boolean' },
    description: optionalString(),
    required: { type: 'boolean' },
    canonicalValues: { type: ['array', 'null'] },
    caseExact: { type: 'boolean' },
    mutability: { enum: ['readOnly', 'readWrite', 'immutable', 'writeOnly'] },
    returned: { enum: ['always', 'never', 'default', 'request'] },
    uniqueness: { enum: ['none', 'server', 'global'] },
    referenceTypes: { type: ['array', 'null'], items: { type: 'string' } },
    subAttributes: { type: ['array', 'null'], items: { $ref: '#/$defs/attribute' } },
  },
};

/**
 * RFC 7643 §7. `schemas` is required as for every resource (§3), although the RFC's own §8.7 examples
 * leave it out.
 */
export const schemaSchema: SchemaObject = {
  $id: schemaId('Schema'),
  title: 'Schema (RFC 7643 §7)',
  type: 'object',
  required: ['schemas', 'id', 'attributes'],
  properties: {
    schemas: schemasContaining(SCHEMA.schema),
    id: { type: 'string', minLength: 1, format: 'uri' },
    name: optionalString(),
    description: optionalString(),
    attributes: { type: 'array', items: { $ref: '#/$defs/attribute' } },
    meta: meta(),
  },
  additionalProperties: true,
  $defs: { attribute: attributeDefinition },
};
