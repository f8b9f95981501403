/**
 * The discovery documents (RFC 7644 §4, RFC 7643 §5–7), built from the same profile model that the
 * provider enforces, so what it advertises is exactly what it does.
 */
import { SCHEMA } from '../vocabulary/constants.js';
import { publishAttribute } from './schemas/definition.js';
import type { ProfileModel } from './schemas/profiles.js';
import type { ResourceSchema, ScimObject } from './schemas/resource-schema.js';

export interface ProtocolLimits {
  /** Operations per Bulk request, advertised as `bulk.maxOperations`; more is a 413 with nothing run (RFC 7644 §3.7.3). */
  maxOperations: number;
  maxPayloadSize: number;
  maxResults: number;
}

const lastModified = new Date('2026-01-01T00:00:00Z').toISOString();

export function serviceProviderConfig(limits: ProtocolLimits, baseUrl: string): ScimObject {
  return {
    schemas: [SCHEMA.serviceProviderConfig],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: limits.maxOperations, maxPayloadSize: limits.maxPayloadSize },
    filter: { supported: true, maxResults: limits.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with the organization SCIM API token, sent as a bearer token.',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig`, created: lastModified, lastModified },
  };
}

export function resourceTypeRepresentation(type: ResourceSchema, baseUrl: string): ScimObject {
  return {
    schemas: [SCHEMA.resourceType],
    id: type.type.name,
    name: type.type.name,
    endpoint: type.type.endpoint,
    description: type.type.description,
    schema: type.coreUrn,
    ...(type.type.extensions.length > 0
      ? { schemaExtensions: type.type.extensions.map((e) => ({ schema: e.schema.id, required: e.required })) }
      : {}),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${type.type.name}` },
  };
}

export function schemaRepresentations(profile: ProfileModel, baseUrl: string): ScimObject[] {
  return profile.schemas.map((schema) => ({
    schemas: [SCHEMA.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(publishAttribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  }));
}
