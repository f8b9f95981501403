/** JSON Schemas of the RFC 7644 messages: ListResponse, SearchRequest, PatchOp, BulkRequest, BulkResponse, Error. */
import type { SchemaObject } from 'ajv/dist/2020.js';
import { MESSAGE, SCIM_TYPES } from '../../../vocabulary/constants.js';
import { optionalString, schemaId, schemasContaining } from './fragments.js';

const nonNegativeInteger: SchemaObject = { type: 'integer', minimum: 0 };
const stringList: SchemaObject = { type: 'array', items: { type: 'string' } };

/** RFC 7644 §3.4.2. `Resources` items are judged against their own resource schema by the checks. */
export const listResponseSchema: SchemaObject = {
  $id: schemaId('ListResponse'),
  title: 'ListResponse (RFC 7644 §3.4.2)',
  type: 'object',
  required: ['schemas', 'totalResults'],
  properties: {
    schemas: schemasContaining(MESSAGE.listResponse),
    totalResults: nonNegativeInteger,
    Resources: { type: 'array', items: { type: 'object' } },
    startIndex: { type: 'integer', minimum: 1 },
    itemsPerPage: nonNegativeInteger,
  },
  additionalProperties: true,
};

/** RFC 7644 §3.4.3. `attributes`/`excludedAttributes` are multi-valued; `sortOrder` one of two words. */
export const searchRequestSchema: SchemaObject = {
  $id: schemaId('SearchRequest'),
  title: 'SearchRequest (RFC 7644 §3.4.3)',
  type: 'object',
  required: ['schemas'],
  properties: {
    schemas: schemasContaining(MESSAGE.searchRequest),
    attributes: stringList,
    excludedAttributes: stringList,
    filter: { type: 'string' },
    sortBy: { type: 'string' },
    sortOrder: { enum: ['ascending', 'descending'] },
    startIndex: { type: 'integer' },
    count: { type: 'integer' },
  },
  additionalProperties: true,
};

/**
 * RFC 7644 §3.5.2: `op` is one of "add", "remove", "replace" (exactly as spelled; Entra's "Replace" is a
 * deviation the checks of IdP traffic may tolerate, not the RFC's message). "remove" needs a `path`
 * (§3.5.2.2), "add" needs a `value` (§3.5.2.1: "The operation MUST contain a 'value' member").
 */
export const patchOpSchema: SchemaObject = {
  $id: schemaId('PatchOp'),
  title: 'PatchOp (RFC 7644 §3.5.2)',
  type: 'object',
  required: ['schemas', 'Operations'],
  properties: {
    schemas: schemasContaining(MESSAGE.patchOp),
    Operations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['op'],
        properties: { op: { enum: ['add', 'remove', 'replace'] }, path: { type: 'string', minLength: 1 }, value: true },
        allOf: [
          { if: { properties: { op: { const: 'remove' } } }, then: { required: ['path'] } },
          { if: { properties: { op: { const: 'add' } } }, then: { required: ['value'] } },
          { if: { properties: { op: { const: 'replace' } } }, then: { required: ['value'] } },
        ],
      },
    },
  },
  additionalProperties: true,
};

const bulkMethod: SchemaObject = { enum: ['POST', 'PUT', 'PATCH', 'DELETE'] };

/** RFC 7644 §3.7: `bulkId` REQUIRED for POST, `path` always, `data` for POST/PUT/PATCH. */
export const bulkRequestSchema: SchemaObject = {
  $id: schemaId('BulkRequest'),
  title: 'BulkRequest (RFC 7644 §3.7)',
  type: 'object',
  required: ['schemas', 'Operations'],
  properties: {
    schemas: schemasContaining(MESSAGE.bulkRequest),
    failOnErrors: { type: 'integer' },
    Operations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['method', 'path'],
        properties: {
          method: bulkMethod,
          bulkId: { type: 'string', minLength: 1 },
          version: { type: 'string' },
          path: { type: 'string', minLength: 1 },
          data: true,
        },
        allOf: [
          { if: { properties: { method: { const: 'POST' } } }, then: { required: ['bulkId', 'data'] } },
          { if: { properties: { method: { enum: ['PUT', 'PATCH'] } } }, then: { required: ['data'] } },
        ],
      },
    },
  },
  additionalProperties: true,
};

/**
 * RFC 7644 §3.7. Unlike Error's `status`, an operation's `status` is given no JSON type by the text (the
 * examples use strings), so strings and integers both pass; `location` rules are a check of their own.
 */
export const bulkResponseSchema: SchemaObject = {
  $id: schemaId('BulkResponse'),
  title: 'BulkResponse (RFC 7644 §3.7)',
  type: 'object',
  required: ['schemas', 'Operations'],
  properties: {
    schemas: schemasContaining(MESSAGE.bulkResponse),
    Operations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['method', 'status'],
        properties: {
          method: bulkMethod,
          bulkId: { type: 'string' },
          version: { type: 'string' },
          location: { type: 'string' },
          status: { anyOf: [{ type: 'string', pattern: '^[1-5][0-9]{2}$' }, { type: 'integer', minimum: 100, maximum: 599 }] },
          response: true,
        },
      },
    },
  },
  additionalProperties: true,
};

/** RFC 7644 §3.12: `status` "expressed as a JSON string. REQUIRED"; `scimType` from Table 9. */
export const errorSchema: SchemaObject = {
  $id: schemaId('Error'),
  title: 'Error (RFC 7644 §3.12)',
  type: 'object',
  required: ['schemas', 'status'],
  properties: {
    schemas: schemasContaining(MESSAGE.error),
    status: { type: 'string', pattern: '^[1-5][0-9]{2}$' },
    scimType: { enum: [...SCIM_TYPES, null] },
    detail: optionalString(),
  },
  additionalProperties: true,
};
