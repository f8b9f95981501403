/**
 * The one place that names SCIM constants (RFC 7643 / RFC 7644). The provider, the harness checks and the
 * mock-IdP profiles all import from here (the bottom layer) so a URN or error type is never spelled twice.
 */

export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  /**
   * Docker Hub's role-mapping extension (dockerRole, dockerOrg, dockerTeam), under the namespace Docker publishes
   * for it (Okta's "External Namespace", Entra's target attribute prefix): idp-fidelity-audit.md gap 1, source D1.
   */
  dockerUser: 'urn:ietf:params:scim:schemas:extension:docker:2.0:User',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

export const MESSAGE = {
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  searchRequest: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  bulkRequest: 'urn:ietf:params:scim:api:messages:2.0:BulkRequest',
  bulkResponse: 'urn:ietf:params:scim:api:messages:2.0:BulkResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

/** RFC 7644 §3.12, Table 9: the `scimType` values an error body may carry. */
export const SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
] as const;
export type ScimType = (typeof SCIM_TYPES)[number];

export const SCIM_MEDIA_TYPE = 'application/scim+json';
export const JSON_MEDIA_TYPES = [SCIM_MEDIA_TYPE, 'application/json'] as const;

/** Docker Hub role mapping (shared/docs/docker-hub-scim.md). */
export const DOCKER_ROLES = ['member', 'editor', 'owner'] as const;
export type DockerRole = (typeof DOCKER_ROLES)[number];
export const DEFAULT_DOCKER_ROLE: DockerRole = 'member';
