/**
 * Docker Hub's role mapping (`dockerRole`, `dockerOrg`, `dockerTeam`). Docker does not publish how these
 * travel over SCIM, so the reference provider carries them in this extension of its own (see README).
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
    attr('dockerTeam', 'Team, within dockerOrg, the user is provisioned to.'),
  ],
};
