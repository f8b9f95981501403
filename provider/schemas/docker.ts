/**
 * Docker Hub's role mapping (`dockerRole`, `dockerOrg`, `dockerTeam`) in the extension under the namespace
 * Docker publishes for it (docker/docs provision-scim.md, audit source D1).
 */
import { DOCKER_ROLES, SCHEMA } from '../../vocabulary/constants.js';
import { attr, type SchemaDefinition } from './definition.js';

export const dockerUserSchema: SchemaDefinition = {
  id: SCHEMA.dockerUser,
  name: 'DockerUser',
  description: 'Docker Hub organization role mapping',
  attributes: [
    attr('dockerRole', "The member's role in the organization; unset means member.", {
      canonicalValues: [...DOCKER_ROLES],
      strictCanonicalValues: true,
    }),
    attr('dockerOrg', "Organization that overrides the SSO connection's default organization."),
    attr('dockerTeam', 'Team, within dockerOrg or the default organization, the user is provisioned to; created when missing.'),
  ],
};
