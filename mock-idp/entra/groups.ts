/**
 * Entra's group provisioning (E2 "Group Operations"), with "Provision Microsoft Entra ID Groups" on: the lookup by
 * displayName without members, POST /Groups, members by one PATCH of `Add`/`Remove` value lists whose items carry
 * `"$ref": null`, a rename by `Replace displayName`, DELETE /Groups/{id}. Members not yet provisioned are
 * provisioned first, in the same cycle.
 */
import { createHash } from 'node:crypto';
import { SCHEMA } from '../../vocabulary/constants.js';
import { filterString, scimId, type ScimResource } from '../scim-client.js';
import { ENTRA } from './declaration.js';
import { attempt } from './job.js';
import type { PatchOperation } from './mapping.js';
import type { EntraRun } from './run.js';

/** E2's Create Group sample lists it; E1 says requests carrying it were fixed in 2018 (`adscimGroupSchema`). */
export const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

const groupPath = (id: string): string => `/Groups/${encodeURIComponent(id)}`;

function groupsOff(run: EntraRun): boolean {
  if (run.settings.provisionGroups) return false;
  run.fail(`Entra does not provision groups: "Provision Microsoft Entra ID Groups" is off (settings.provisionGroups).`);
  return true;
}

/**
 * `members` undefined leaves the membership Entra last pushed as it is. A rename (the group's name changed in
 * Entra) is its own PATCH, before any member change (E2, "Update Group [Non-member attributes]").
 */
export async function pushGroup(run: EntraRun, given: string, requested: string[] | undefined, renameTo: string | undefined): Promise<void> {
  if (groupsOff(run)) return;
  let name = given;
  if (renameTo !== undefined && renameTo !== given) {
    if (!(await renameGroup(run, given, renameTo))) return;
    name = renameTo;
  }
  const pushed = run.state.pushedMembers;
  const members = requested ?? [...(pushed.get(name) ?? [])];
  // Members of a group in scope are in scope: Entra provisions them before referencing them.
  for (const key of members) {
    if (run.state.provisioned.has(key)) continue;
    run.state.assigned.add(key);
    await attempt(run, key);
  }
  const id = run.state.groups.get(name) ?? (await findOrCreateGroup(run, name));
  if (id === undefined) return;
  const current = pushed.get(name) ?? new Set<string>();
  const wanted = members.filter((k) => run.state.provisioned.has(k));
  const adds = await unlessHeld(run, id, wanted.filter((k) => !current.has(k)), true);
  const removes = await unlessHeld(run, id, [...current].filter((k) => !wanted.includes(k) && run.state.provisioned.has(k)), false);
  if (adds === undefined || removes === undefined) return;
  // E2 ("Update Group [Add Members]"): each member value carries `"$ref": null`.
  const value = (keys: string[]) => keys.map((k) => ({ $ref: null, value: run.state.provisioned.get(k)! }));
  const operations: PatchOperation[] = [];
  if (adds.length > 0) operations.push({ op: 'Add', path: 'members', value: value(adds) });
  if (removes.length > 0) operations.push({ op: 'Remove', path: 'members', value: value(removes) });
  if (operations.length === 0) {
    // Nothing to change, or the checks found the target already holding exactly `wanted`.
    pushed.set(name, new Set(wanted));
    return;
  }
  const exchange = await run.sendPatch(groupPath(id), operations, 'groups', `members of ${name}`, ENTRA.groupMembers);
  const status = exchange.response?.status;
  if (status !== 200 && status !== 204) {
    run.fail(`Entra could not update the members of group ${name} (${id}): PATCH answered ${run.describe(exchange)}.`);
    return;
  }
  pushed.set(name, new Set(wanted));
  run.note(`Entra updated group ${name}: ${adds.length} added, ${removes.length} removed.`);
}

/**
 * With `memberChecks`, the members whose change still has to be sent: Entra asks, member by member, whether the
 * group holds it (`id eq "<group>" and members eq "<user>"`, the shape of E2's manager check). A refused check
 * fails the push (a reference failure); undefined then.
 */
async function unlessHeld(run: EntraRun, groupId: string, keys: string[], adding: boolean): Promise<string[] | undefined> {
  if (!run.settings.memberChecks) return keys;
  const needed: string[] = [];
  for (const key of keys) {
    const filter = `id eq ${filterString(groupId)} and members eq ${filterString(run.state.provisioned.get(key)!)}`;
    const exchange = await run.send({ method: 'GET', path: '/Groups', query: { filter, attributes: 'id' } }, 'groups', `member check ${key}`, ENTRA.groupMemberCheck);
    if (exchange.response?.status !== 200) {
      run.fail(`Entra could not check whether group ${groupId} holds ${key}: GET /Groups?filter=${filter}&attributes=id answered ${run.describe(exchange)} (a reference failure).`, 'reference');
      return undefined;
    }
    const body = exchange.responseJson as { Resources?: unknown } | undefined;
    const held = Array.isArray(body?.Resources) && body.Resources.length > 0;
    if (held !== adding) needed.push(key);
    else run.note(`Entra found ${key} ${adding ? 'already in' : 'already out of'} group ${groupId}; it leaves it out of the PATCH.`);
  }
  return needed;
}

async function renameGroup(run: EntraRun, name: string, renameTo: string): Promise<boolean> {
  const id = run.state.groups.get(name);
  if (id === undefined) {
    run.fail(`Entra cannot rename group ${name}: it never provisioned it.`);
    return false;
  }
  const exchange = await run.sendPatch(groupPath(id), [{ op: 'Replace', path: 'displayName', value: renameTo }], 'groups', `rename group ${name}`, ENTRA.groupRename);
  const status = exchange.response?.status;
  if (status !== 200 && status !== 204) {
    run.fail(`Entra could not rename group ${name} (${id}) to ${renameTo}: PATCH answered ${run.describe(exchange)}.`);
    return false;
  }
  const pushed = run.state.pushedMembers;
  run.state.groups.delete(name);
  run.state.groups.set(renameTo, id);
  pushed.set(renameTo, pushed.get(name) ?? new Set());
  pushed.delete(name);
  run.note(`Entra renamed group ${name} to ${renameTo}.`);
  return true;
}

/** The group was deleted in Entra (or left scope): DELETE /Groups/{id} (E2, "Delete Group"). */
export async function deleteGroup(run: EntraRun, name: string): Promise<void> {
  if (groupsOff(run)) return;
  const id = run.state.groups.get(name);
  if (id === undefined) {
    run.note(`Entra sends nothing for group ${name}: it never provisioned it.`);
    return;
  }
  const exchange = await run.send({ method: 'DELETE', path: groupPath(id) }, 'groups', `delete group ${name}`, ENTRA.groupDelete);
  const status = exchange.response?.status;
  if (status !== 204 && status !== 200 && status !== 404) {
    run.fail(`Entra could not delete group ${name} (${id}): DELETE answered ${run.describe(exchange)}.`);
    return;
  }
  run.state.groups.delete(name);
  run.state.pushedMembers.delete(name);
  run.note(status === 404 ? `Entra found group ${name} (${id}) already gone at the target.` : `Entra deleted group ${name} (${id}).`);
}

/** The group's objectId, which Entra maps to externalId: a stable UUID per directory seed and name. */
function groupExternalId(run: EntraRun, name: string): string {
  const hex = createHash('sha1').update(`entra-group:${run.ctx.directory.seed}:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function findOrCreateGroup(run: EntraRun, name: string): Promise<string | undefined> {
  const found = await run.send(
    { method: 'GET', path: '/Groups', query: { excludedAttributes: 'members', filter: `displayName eq ${filterString(name)}` } },
    'groups',
    `match group ${name}`,
    ENTRA.groupMatch,
  );
  if (found.response?.status !== 200) {
    run.fail(`Entra could not match group ${name}: GET /Groups answered ${run.describe(found)}.`);
    return undefined;
  }
  const list = found.responseJson as { Resources?: unknown } | undefined;
  const resources = (Array.isArray(list?.Resources) ? list.Resources : []) as ScimResource[];
  if (resources.length > 1) {
    run.fail(`Entra found ${resources.length} groups named ${name}; it provisions only when at most one matches.`);
    return undefined;
  }
  const match = resources[0];
  if (match !== undefined && typeof match.id === 'string') {
    run.state.groups.set(name, match.id);
    run.state.pushedMembers.set(name, new Set());
    run.note(`Entra matched group ${name} to the existing group ${match.id}.`);
    return match.id;
  }
  const schemas = run.settings.adscimGroupSchema ? [SCHEMA.group, ADSCIM_GROUP] : [SCHEMA.group];
  const body = { schemas, externalId: groupExternalId(run, name), displayName: name, meta: { resourceType: 'Group' } };
  const created = await run.send({ method: 'POST', path: '/Groups', body }, 'groups', `create group ${name}`, ENTRA.groupCreate);
  const id = scimId(created);
  if (created.response?.status !== 201 || id === undefined) {
    run.fail(`Entra could not create group ${name}: POST /Groups answered ${run.describe(created)}.`);
    return undefined;
  }
  run.state.groups.set(name, id);
  run.state.pushedMembers.set(name, new Set());
  run.note(`Entra created group ${name} as ${id}.`);
  return id;
}
