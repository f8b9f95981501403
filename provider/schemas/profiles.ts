/**
 * What each provider profile supports. `full` is every RFC feature (the default target of conformance
 * runs): Users with the enterprise extension, and Groups; no vendor extension, as a plain RFC server has
 * none, so Docker-only scenarios are not applicable to it. `docker-hub` models Docker Hub's organization SCIM:
 * Users only, with the enterprise extension and Docker's role-mapping extension, and no Group resource.
 */
import { enterpriseUserSchema, groupSchema, userSchema } from './core.js';
import { dockerUserSchema } from './docker.js';
import type { SchemaDefinition } from './definition.js';
import { ResourceSchema, type ResourceTypeDefinition } from './resource-schema.js';

export const PROFILES = ['full', 'docker-hub'] as const;
export type ProfileName = (typeof PROFILES)[number];

const rfcUserType: ResourceTypeDefinition = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: userSchema,
  extensions: [{ schema: enterpriseUserSchema, required: false }],
};

const dockerUserType: ResourceTypeDefinition = {
  ...rfcUserType,
  extensions: [...rfcUserType.extensions, { schema: dockerUserSchema, required: false }],
};

const groupType: ResourceTypeDefinition = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: groupSchema,
  extensions: [],
};

export interface ProfileModel {
  name: ProfileName;
  resourceTypes: ResourceSchema[];
  schemas: SchemaDefinition[];
  /** Docker Hub: `userName` is the member's email address. */
  userNameIsEmail: boolean;
  /** Docker Hub: users always carry `dockerRole`, defaulting to `member` (the full profile accepts it, with no default). */
  dockerRoles: boolean;
}

export function profileModel(name: ProfileName): ProfileModel {
  const types = name === 'full' ? [rfcUserType, groupType] : [dockerUserType];
  const schemas = name === 'full' ? [userSchema, groupSchema, enterpriseUserSchema] : [userSchema, enterpriseUserSchema, dockerUserSchema];
  return {
    name,
    resourceTypes: types.map((t) => new ResourceSchema(t)),
    schemas,
    userNameIsEmail: name === 'docker-hub',
    dockerRoles: name === 'docker-hub',
  };
}
