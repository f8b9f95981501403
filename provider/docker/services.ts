/** Builds a profile's resource services: plain RFC ones, or the Docker Hub model's users and teams. */
import { ResourceService, type ServiceLimits } from '../resources/service.js';
import type { ResourceRules } from '../resources/validate.js';
import type { ProfileModel } from '../schemas/profiles.js';
import type { Store } from '../store.js';
import type { DockerAccounts } from './accounts.js';
import { DockerTeamService } from './teams.js';
import { DockerUserService } from './users.js';

export interface DockerOrganization {
  /** The organization this SCIM connection provisions (group names are `<name>:<team>`). */
  name: string;
  accounts: DockerAccounts;
}

export function createServices(profile: ProfileModel, store: Store, rules: ResourceRules, limits: ServiceLimits, docker: DockerOrganization): ResourceService[] {
  const services: ResourceService[] = [];
  const peers = () => services;
  for (const type of profile.resourceTypes) {
    const base: ConstructorParameters<typeof ResourceService> = [type, store, rules, limits, peers];
    if (!profile.docker) services.push(new ResourceService(...base));
    else if (type.type.name === 'Group') services.push(new DockerTeamService(base, docker.name));
    else services.push(new DockerUserService(base, docker.name, docker.accounts));
  }
  return services;
}
