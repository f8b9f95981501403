/**
 * The JSON Schemas (draft 2020-12) of every RFC 7643 resource and RFC 7644 message, by name. They judge
 * what the RFCs define; attributes a target adds are allowed here and judged against the target's own
 * `/Schemas` by the schema-driven checks.
 */
import type { SchemaObject } from 'ajv/dist/2020.js';
import { resourceTypeSchema, schemaSchema, serviceProviderConfigSchema } from './schemas/discovery.js';
import {
  bulkRequestSchema,
  bulkResponseSchema,
  errorSchema,
  listResponseSchema,
  patchOpSchema,
  searchRequestSchema,
} from './schemas/messages.js';
import { enterpriseUserSchema, groupSchema, userSchema } from './schemas/resources.js';

export const SPEC_SCHEMA_NAMES = [
  'User',
  'Group',
  'EnterpriseUser',
  'ServiceProviderConfig',
  'ResourceType',
  'Schema',
  'ListResponse',
  'SearchRequest',
  'PatchOp',
  'BulkRequest',
  'BulkResponse',
  'Error',
] as const;
export type SpecSchemaName = (typeof SPEC_SCHEMA_NAMES)[number];

export const SPEC_SCHEMAS: Readonly<Record<SpecSchemaName, SchemaObject>> = {
  User: userSchema,
  Group: groupSchema,
  EnterpriseUser: enterpriseUserSchema,
  ServiceProviderConfig: serviceProviderConfigSchema,
  ResourceType: resourceTypeSchema,
  Schema: schemaSchema,
  ListResponse: listResponseSchema,
  SearchRequest: searchRequestSchema,
  PatchOp: patchOpSchema,
  BulkRequest: bulkRequestSchema,
  BulkResponse: bulkResponseSchema,
  Error: errorSchema,
};

export { XSD_DATE_TIME_FORMAT } from './schemas/fragments.js';
