/**
 * OneLogin's group provisioning (off in Docker's guide): find the group in `GET /Groups`, create it when
 * missing, then one PATCH per member added or removed (audit L-11: the calls are O1's, the PATCH bodies
 * are not published). What it pushed is kept in the shared `IdpState.pushedMembers`.
 */
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { filterString, scimId, type ScimResource } from '../scim-client.js';
import { BEHAVIOUR } from './declaration.js';
import type { OneLoginRun } from './run.js';

interface FoundGroup {
  id: string;
  memberIds: string[];
}

type MemberChange = { key: string; op: 'add' | 'remove' };

/** `members` undefined leaves the membership OneLogin last pushed as it is. */
export async function pushGroup(run: OneLoginRun, name: string, requested: string[] | undefined): Promise<void> {
  if (!run.config.provisionGroups) {
    run.refuse(`Group provisioning is off for this app (settings.provisionGroups); OneLogin cannot push group ${name}.`);
    return;
  }
  const id = run.state.groups.get(name) ?? (await findOrCreate(run, name));
  if (id === undefined) return;
  const before = run.state.pushedMembers.get(name) ?? new Set<string>();
  const members = requested ?? [...before];
  const wanted = new Set(members);
  const changes: MemberChange[] = [
    ...members.filter((key) => !before.has(key)).map((key) => ({ key, op: 'add' as const })),
    ...[...before].filter((key) => !wanted.has(key)).map((key) => ({ key, op: 'remove' as const })),
  ];
  const after = new Set(before);
  for (const change of changes) {
    if (await patchMember(run, name, id, change)) {
      if (change.op === 'add') after.add(change.key);
      else after.delete(change.key);
    }
  }
  run.state.pushedMembers.set(name, after);
  if (changes.length === 0) run.note(`Group ${name} already has these members; OneLogin sends no PATCH.`);
}

/** The group's id, remembered with the members the target already holds; undefined when that failed. */
async function findOrCreate(run: OneLoginRun, name: string): Promise<string | undefined> {
  const found = await findGroup(run, name);
  if (found === null) return undefined;
  if (found !== undefined) {
    const keysById = new Map([...run.state.provisioned].map(([key, userId]) => [userId, key]));
    const current = found.memberIds.map((m) => keysById.get(m)).filter((k): k is string => k !== undefined);
    run.state.groups.set(name, found.id);
    run.state.pushedMembers.set(name, new Set(current));
    return found.id;
  }
  const body = { schemas: [SCHEMA.group], displayName: name };
  const exchange = await run.send({ method: 'POST', path: '/Groups', body }, 'groups', `create group ${name}`, BEHAVIOUR.createGroup);
  const created = scimId(exchange);
  const status = exchange.response?.status;
  if ((status !== 201 && status !== 200) || created === undefined) {
    run.fail(undefined, `create group ${name}`, exchange);
    return undefined;
  }
  run.state.groups.set(name, created);
  run.state.pushedMembers.set(name, new Set());
  return created;
}

/** `GET /Groups` (no filter, no paging), matched by displayName in any case; null when the list failed. */
async function findGroup(run: OneLoginRun, name: string): Promise<FoundGroup | undefined | null> {
  const exchange = await run.send({ method: 'GET', path: '/Groups' }, 'groups', `find group ${name}`, BEHAVIOUR.listGroups);
  if (exchange.response?.status !== 200) {
    run.fail(undefined, `list groups for ${name}`, exchange);
    return null;
  }
  const list = (exchange.responseJson as { Resources?: unknown } | undefined)?.Resources;
  const groups = Array.isArray(list) ? (list as ScimResource[]) : [];
  const group = groups.find((g) => typeof g.displayName === 'string' && g.displayName.toLowerCase() === name.toLowerCase());
  if (group === undefined || typeof group.id !== 'string') return undefined;
  const members = Array.isArray(group.members) ? (group.members as { value?: unknown }[]) : [];
  return { id: group.id, memberIds: members.map((m) => m.value).filter((v): v is string => typeof v === 'string') };
}

/** One PATCH for one member; true when the target took it. */
async function patchMember(run: OneLoginRun, name: string, groupId: string, { key, op }: MemberChange): Promise<boolean> {
  const userId = run.state.provisioned.get(key);
  if (userId === undefined) {
    run.refuse(`${key} is not provisioned to the app, so OneLogin cannot ${op === 'add' ? 'add it to' : 'remove it from'} group ${name}.`);
    run.state.adminTasks.push(`OneLogin: ${op} ${key} in group ${name}: the user is not provisioned.`);
    return false;
  }
  const operation = op === 'add' ? { op: 'add', path: 'members', value: [{ value: userId }] } : { op: 'remove', path: `members[value eq ${filterString(userId)}]` };
  const body = { schemas: [MESSAGE.patchOp], Operations: [operation] };
  const label = `${op} ${key} ${op === 'add' ? 'to' : 'from'} group ${name}`;
  const exchange = await run.send({ method: 'PATCH', path: `/Groups/${encodeURIComponent(groupId)}`, body }, 'groups', label, BEHAVIOUR.memberPatch);
  const status = exchange.response?.status;
  if (status === 200 || status === 204) return true;
  run.fail(key, `${op} member of group ${name}`, exchange);
  return false;
}
