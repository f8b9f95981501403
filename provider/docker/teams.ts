/**
 * Groups in the Docker Hub model are teams of the organization (group mapping, audit source D2): the
 * displayName is `organization:team`, a team name is unique in the organization, and members are users.
 * A team is also created on demand for a user's `dockerTeam` (D1: "If the team doesn't exist, it is
 * automatically created").
 */
import { SCHEMA } from '../../vocabulary/constants.js';
import { badRequest, ScimError } from '../messages/error.js';
import { ResourceService } from '../resources/service.js';
import type { ScimObject } from '../schemas/resource-schema.js';
import type { StoredResource } from '../store.js';
import { MAX_VALUES, tooManyValues } from '../types/limits.js';
import { sameTeamName, teamGroupName, teamOf } from './team-name.js';

export class DockerTeamService extends ResourceService {
  constructor(
    base: ConstructorParameters<typeof ResourceService>,
    /** The organization this SCIM connection provisions. */
    readonly organization: string,
  ) {
    super(...base);
  }

  protected override checkModel(data: ScimObject, selfId: string | undefined): void {
    teamOf(data.displayName, this.organization);
    const holder = this.findTeam(String(data.displayName));
    if (holder && holder.id !== selfId) {
      throw new ScimError(409, 'uniqueness', `Team '${String(data.displayName)}' already exists as Group '${holder.id}'; a Docker team name is unique in its organization.`);
    }
    for (const member of (data.members as ScimObject[] | undefined) ?? []) {
      // checkReferences has filled in `type` from what the member is.
      if (member.type !== 'User') throw badRequest('invalidValue', `Member '${String(member.value)}' is a ${String(member.type)}; a Docker team's members are users.`);
    }
  }

  /** Puts a user in a team of the organization, creating the team when it does not exist yet. */
  enlist(team: string, userId: string): void {
    const displayName = teamGroupName(this.organization, team);
    const existing = this.findTeam(displayName);
    const member = { value: userId, type: 'User' };
    if (!existing) {
      this.insert({ schemas: [SCHEMA.group], displayName, members: [member] });
      return;
    }
    const members = (existing.data.members as ScimObject[] | undefined) ?? [];
    if (members.some((m) => m.value === userId)) return;
    this.commit(existing, { ...existing.data, members: [...members, member] });
  }

  /** Refuses a user joining a team that already has the most members a multi-valued attribute may hold. */
  assertRoom(team: string, userId: string | undefined): void {
    const displayName = teamGroupName(this.organization, team);
    const members = (this.findTeam(displayName)?.data.members as ScimObject[] | undefined) ?? [];
    if (members.length < MAX_VALUES || members.some((m) => m.value === userId)) return;
    throw tooManyValues(`dockerTeam '${team}': the members of team '${displayName}'`, members.length + 1);
  }

  private findTeam(displayName: string): StoredResource | undefined {
    for (const stored of this.store.all(this.name)) if (sameTeamName(stored.data.displayName, displayName)) return stored;
    return undefined;
  }
}
