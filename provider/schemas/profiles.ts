/**
 * What each provider profile supports. `full` is every RFC feature (the default target of conformance
 * runs): Users with the enterprise extension, and Groups; no vendor extension, as a plain RFC server has
 * none, so Docker-only scenarios are not applicable to it. `docker-hub` models Docker Hub's organization SCIM as
 * Docker's current docs describe it: Users with the enterprise extension and Docker's role-mapping extension, and
 * Groups that are Docker teams named `organization:team` (group mapping, idp-fidelity-audit.md D2).
 * `docker-hub-legacy` is the same without Groups, as Docker's older page said ("Group management is currently
 * not supported", seed D5), so a connector can be tested against both.
 */
import { enterpriseUserSchema, groupSchema, userSchema } from './core.js';
import { dockerUserSchema } from './docker.js';
import type { SchemaDefinition } from './definition.js';
import { ResourceSchema, type ResourceTypeDefinition } from './resource-schema.js';

export const PROFILES = ['full', 'docker-hub', 'docker-hub-legacy'] as const;
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

/** Docker's group mapping: a Group is a team of the organization (D2); its description says so in /ResourceTypes. */
const dockerTeamType: ResourceTypeDefinition = {
  ...groupType,
  description: "A Docker team: displayName is 'organization:team', members are users",
};

/** The Docker Hub organization model (provider/docker/): what differs from a plain RFC server. */
export interface DockerModel {
  /** `/Groups` exists and each group is a team `organization:team` (current docs); false: no Groups (older page). */
  teams: boolean;
}

export interface ProfileModel {
  name: ProfileName;
  resourceTypes: ResourceSchema[];
  schemas: SchemaDefinition[];
  /** Docker Hub: `userName` is the member's email address. */
  userNameIsEmail: boolean;
  /** Docker Hub: users always carry `dockerRole`, defaulting to `member` (the full profile accepts it, with no default). */
  dockerRoles: boolean;
  /** The Docker Hub model (PUT semantics, existing accounts, teams); undefined for a plain RFC server. */
  docker: DockerModel | undefined;
}

export function profileModel(name: ProfileName): ProfileModel {
  const docker = name === 'full' ? undefined : { teams: name === 'docker-hub' };
  return {
    name,
    resourceTypes: resourceTypesOf(docker).map((t) => new ResourceSchema(t)),
    schemas: schemasOf(docker),
    userNameIsEmail: docker !== undefined,
    dockerRoles: docker !== undefined,
    docker,
  };
}

function resourceTypesOf(docker: DockerModel | undefined): ResourceTypeDefinition[] {
  if (!docker) return [rfcUserType, groupType];
  return docker.teams ? [dockerUserType, dockerTeamType] : [dockerUserType];
}

function schemasOf(docker: DockerModel | undefined): SchemaDefinition[] {
  if (!docker) return [userSchema, groupSchema, enterpriseUserSchema];
  const users = [userSchema, enterpriseUserSchema, dockerUserSchema];
  return docker.teams ? [...users, groupSchema] : users;
}
