/**
 * Users in the Docker Hub model: what Docker Hub's API reference (audit source D4) and current docs (D1) say
 * beyond a plain RFC server.
 * - PUT never clears `name` ("We will only ever change the name, but not clear it"), and an omitted `active`
 *   deactivates ("it will default to false resulting in a deactivated user"; Docker's field is `enabled`, the
 *   SCIM attribute IdPs send is `active`).
 * - A create for an email that is an existing Docker account outside the organization assigns that account
 *   ("If the user already exists by email, they are assigned to the organization") instead of a conflict; a
 *   member deactivated earlier (removed from the organization, D3) is such an account and rejoins. A create for
 *   an active member is still 409 `uniqueness`.
 * - `dockerTeam` puts the user in that team of the organization (unset or own `dockerOrg`), created when missing
 *   (D1). Team membership shows in the user's read-only `groups`; `dockerTeam` stays what the IdP sent.
 * - `userName` is the member's email address, checked in one pass before anything else (see email.ts).
 */
import { SCHEMA } from '../../vocabulary/constants.js';
import { badRequest } from '../messages/error.js';
import { ResourceService } from '../resources/service.js';
import { prepareWrite } from '../resources/validate.js';
import { isObject, type ScimObject } from '../schemas/resource-schema.js';
import type { StoredResource } from '../store.js';
import type { DockerAccounts } from './accounts.js';
import { isEmailAddress } from './email.js';
import { DockerTeamService } from './teams.js';

export class DockerUserService extends ResourceService {
  constructor(
    base: ConstructorParameters<typeof ResourceService>,
    /** The organization this SCIM connection provisions. */
    private readonly organization: string,
    private readonly accounts: DockerAccounts,
  ) {
    super(...base);
  }

  override create(body: unknown): StoredResource {
    this.screen(body);
    const data = prepareWrite(body, this.schema, this.rules);
    const userName = typeof data.userName === 'string' ? data.userName : undefined;
    const member = userName === undefined ? undefined : this.store.findByUserName(this.name, userName);
    if (member && member.data.active === false) return this.rejoin(member, data);
    const account = userName === undefined || member ? undefined : this.accounts.find(userName);
    const created = this.insert(data, account?.id);
    if (account) this.accounts.joined(account);
    return created;
  }

  /**
   * A deactivated member created again is assigned back: the account's id, the new body, active. The SCIM
   * resource is the membership, created now (a 201 whose lastModified equals created, RFC 7643 §3.1).
   */
  private rejoin(member: StoredResource, data: ScimObject): StoredResource {
    const joined = { ...data, active: data.active ?? true };
    this.checkWrite(joined, member.id);
    return this.afterWrite(this.storeCreated(joined, member.id));
  }

  protected override completeReplace(data: ScimObject, existing: ScimObject): ScimObject {
    const out = { ...data };
    if (isObject(existing.name)) out.name = isObject(data.name) ? { ...existing.name, ...data.name } : existing.name;
    if (out.active === undefined) out.active = false;
    return out;
  }

  /**
   * Refuses a userName that is not an email address before schema validation sees it: the same answer, but
   * reached in one pass over the text, so a crafted name cannot make the check the expensive part of a request.
   */
  protected override screen(data: unknown): void {
    if (!this.rules.userNameIsEmail || !isObject(data)) return;
    const key = Object.keys(data).find((k) => k.toLowerCase() === 'username');
    const userName = key === undefined ? undefined : data[key];
    if (typeof userName === 'string' && !isEmailAddress(userName)) {
      throw badRequest('invalidValue', `userName must be the member's email address, got '${userName}'.`);
    }
  }

  protected override checkModel(data: ScimObject, selfId: string | undefined): void {
    const teams = this.teams();
    const team = teams ? this.ownTeam(data) : undefined;
    if (team === undefined || !teams) return;
    if (team.trim() === '' || team.includes(':')) {
      throw badRequest('invalidValue', `dockerTeam '${team}' is not a team name: give the team alone (e.g. 'backend'); the organization comes from dockerOrg or the connection.`);
    }
    // Checked before the user is stored: joining happens after, and must not fail half-way through the write.
    teams.assertRoom(team, selfId);
  }

  protected override afterWrite(stored: StoredResource): StoredResource {
    const teams = this.teams();
    const team = this.ownTeam(stored.data);
    if (team === undefined || !teams) return stored;
    teams.enlist(team, stored.id);
    const joined = this.store.get(this.name, stored.id);
    if (!joined || joined.version === stored.version) return stored;
    // Joining changed the member's `groups` and version, as part of this same write: its lastModified stays the
    // write's (on a create, equal to created, RFC 7643 §3.1).
    const meta = { ...(joined.data.meta as ScimObject), lastModified: (stored.data.meta as ScimObject).lastModified };
    const settled = { ...joined, data: { ...joined.data, meta } };
    this.store.put(settled);
    return settled;
  }

  /** The organization's teams; none without Groups (`docker-hub-legacy`), where `dockerTeam` is only stored. */
  private teams(): DockerTeamService | undefined {
    return this.peers().find((p): p is DockerTeamService => p instanceof DockerTeamService);
  }

  /** The user's `dockerTeam` when it names a team of this organization (another `dockerOrg` is not modelled). */
  private ownTeam(data: ScimObject): string | undefined {
    const docker = data[SCHEMA.dockerUser];
    if (!isObject(docker) || typeof docker.dockerTeam !== 'string') return undefined;
    const org = docker.dockerOrg;
    if (typeof org === 'string' && org.toLowerCase() !== this.organization.toLowerCase()) return undefined;
    return docker.dockerTeam;
  }
}
