/**
 * Okta Push Groups: a displayName lookup, then `POST /Groups {displayName, members: []}` or a link to the
 * group found; the first push sends the whole membership ("Push now"), later ones what changed. OIN apps
 * PATCH (`replace members` for a full push, `members[value eq "…"]` removes then one add otherwise, and the
 * path-less `{id, displayName}` replace after every membership update or to rename); wizard apps PUT the
 * whole group. Unlink-and-delete is DELETE /Groups/{id}. Only members provisioned to the app are pushed.
 */
import { SCHEMA } from '../../vocabulary/constants.js';
import { filterString } from '../scim-client.js';
import { answer, json, succeeded, type OktaRun } from './client.js';
import { OKTA, type OktaBehaviour } from './declaration.js';
import { patchBody, type PatchOperation } from './mapping.js';

export interface GroupPush {
  name: string;
  /** The full member list after the push; undefined leaves membership as it was. */
  members: string[] | undefined;
  renameTo: string | undefined;
  delete: boolean;
}

/** What one push changes at the target, as Okta computed it from what it pushed before. */
interface GroupChange {
  id: string;
  /** The group's name after the push. */
  name: string;
  renamed: boolean;
  /** Member keys after the push (provisioned users only). */
  members: Set<string>;
  /** Whole membership (first push) or the difference. */
  full: boolean;
  adds: string[];
  removes: string[];
}

export async function pushGroup(run: OktaRun, push: GroupPush): Promise<void> {
  if (!run.config.pushGroups) return run.note(`Push Groups is off: Okta sends nothing for group ${push.name}.`);
  if (push.delete) return deleteGroup(run, push.name);
  const known = run.ctx.state.groups.get(push.name);
  const id = known ?? (await createOrLink(run, push.name));
  if (id === undefined) return;
  const change = planChange(run, push, id, known === undefined);
  const membership = change.full || change.adds.length + change.removes.length > 0;
  if (!membership && !change.renamed) return run.note(`Group ${push.name} is as Okta pushed it; Okta sends nothing.`);
  const sent = run.config.appKind === 'oin' ? await patchGroup(run, push.name, change, membership) : await putGroup(run, push.name, change);
  if (!sent) return;
  remember(run, push.name, change);
  if (change.renamed) run.note(`Okta renamed group ${push.name} to ${change.name}.`);
  if (membership) run.note(`Okta pushed group ${change.name} membership${change.full ? ' in full' : ''}: +${change.adds.length} −${change.removes.length}.`);
}

function planChange(run: OktaRun, push: GroupPush, id: string, first: boolean): GroupChange {
  const current = run.ctx.state.pushedMembers.get(push.name) ?? new Set<string>();
  const name = push.renameTo ?? push.name;
  // The first push sends the whole membership, none when the step names no members.
  const members = push.members === undefined && !first ? new Set(current) : pushable(run, name, push.members ?? []);
  return {
    id,
    name,
    renamed: name !== push.name,
    members,
    full: first,
    adds: [...members].filter((k) => !current.has(k)),
    removes: [...current].filter((k) => !members.has(k)),
  };
}

/** Okta pushes only members it has provisioned to the app (S1's three requirements). */
function pushable(run: OktaRun, name: string, keys: string[]): Set<string> {
  const members = new Set<string>();
  for (const key of keys) {
    if (run.ctx.state.provisioned.has(key)) members.add(key);
    else run.note(`${key} is not provisioned to the app; Okta leaves it out of group ${name}.`);
  }
  return members;
}

/** `GET /Groups?filter=displayName eq "<name>"&startIndex=1&count=100`, then link the match or POST the group. */
async function createOrLink(run: OktaRun, name: string): Promise<string | undefined> {
  const query = { filter: `displayName eq ${filterString(name)}`, startIndex: 1, count: 100 };
  const lookup = await run.send({ method: 'GET', path: '/Groups', query }, 'groups', `pushGroup ${name} (GET /Groups?filter=displayName eq)`, OKTA.groupLookup);
  if (lookup.response?.status !== 200) return failed(run, `Pushing group ${name} failed: the displayName lookup answered ${answer(lookup)}.`);
  const resources = json(lookup)?.Resources;
  const found = Array.isArray(resources) ? (resources[0] as { id?: unknown } | undefined) : undefined;
  if (found !== undefined) {
    if (typeof found.id !== 'string' || found.id === '') return failed(run, `Pushing group ${name} failed: the group found by displayName has no id.`);
    run.note(`Okta linked the existing group ${name} (id ${found.id}) instead of creating it.`);
    return track(run, name, found.id);
  }
  const body = { schemas: [SCHEMA.group], displayName: name, members: [] };
  const exchange = await run.send({ method: 'POST', path: '/Groups', body }, 'groups', `pushGroup ${name} (POST /Groups)`, OKTA.groupCreate);
  const created = json(exchange)?.id;
  if (exchange.response?.status !== 201 || typeof created !== 'string' || created === '') {
    return failed(run, `Pushing group ${name} failed: POST /Groups answered ${answer(exchange)}; Okta expects 201 with an id.`);
  }
  run.note(`Okta created group ${name} (id ${created}).`);
  return track(run, name, created);
}

function track(run: OktaRun, name: string, id: string): string {
  run.ctx.state.groups.set(name, id);
  run.ctx.state.pushedMembers.set(name, new Set());
  return id;
}

function failed(run: OktaRun, message: string): undefined {
  run.fail(message);
  return undefined;
}

/** OIN: the membership PATCH (when membership changed), then the path-less `{id, displayName}` replace (O-20). */
async function patchGroup(run: OktaRun, name: string, change: GroupChange, membership: boolean): Promise<boolean> {
  if (membership) {
    const behaviour = change.full ? OKTA.groupFullPush : OKTA.groupMembers;
    if (!(await sendPatch(run, name, change.id, membershipOperations(run, change), behaviour, 'members'))) return false;
    // The target now holds this membership even if the rename that follows fails.
    remember(run, name, { ...change, name, renamed: false });
  }
  return sendPatch(run, name, change.id, [{ op: 'replace', value: { id: change.id, displayName: change.name } }], OKTA.groupRename, 'displayName');
}

function membershipOperations(run: OktaRun, change: GroupChange): PatchOperation[] {
  const member = (key: string) => ({ value: run.ctx.state.provisioned.get(key)!, display: run.ctx.directory.get(key).userName });
  if (change.full) return [{ op: 'replace', path: 'members', value: [...change.members].map(member) }];
  const operations: PatchOperation[] = change.removes.map((key) => ({ op: 'remove', path: `members[value eq ${filterString(run.ctx.state.provisioned.get(key)!)}]` }));
  if (change.adds.length > 0) operations.push({ op: 'add', path: 'members', value: change.adds.map(member) });
  return operations;
}

async function sendPatch(run: OktaRun, name: string, id: string, operations: PatchOperation[], behaviour: OktaBehaviour, what: string): Promise<boolean> {
  const exchange = await run.send({ method: 'PATCH', path: `/Groups/${encodeURIComponent(id)}`, body: patchBody(operations) }, 'groups', `pushGroup ${name} (PATCH /Groups/{id} ${what})`, behaviour);
  if (succeeded(exchange)) return true;
  const fallback = exchange.response?.status === 501 ? '; Okta does not fall back to PUT' : '';
  return run.fail(`Pushing group ${name} (id ${id}) failed: PATCH ${what} answered ${answer(exchange)}${fallback}.`);
}

/** Wizard: PUT /Groups/{id} with the whole group, for membership and name alike (S1, S6). */
async function putGroup(run: OktaRun, name: string, change: GroupChange): Promise<boolean> {
  const members = [...change.members].map((key) => ({ value: run.ctx.state.provisioned.get(key)!, display: run.ctx.directory.get(key).userName }));
  const body = { schemas: [SCHEMA.group], id: change.id, displayName: change.name, members };
  const exchange = await run.send({ method: 'PUT', path: `/Groups/${encodeURIComponent(change.id)}`, body }, 'groups', `pushGroup ${name} (PUT /Groups/{id})`, OKTA.groupPut);
  if (exchange.response?.status === 200) return true;
  return run.fail(`Pushing group ${name} (id ${change.id}) failed: PUT /Groups/${change.id} answered ${answer(exchange)}.`);
}

/** Okta's memory after a successful push: the group under its (new) name, with the members pushed. */
function remember(run: OktaRun, name: string, change: GroupChange): void {
  const { groups, pushedMembers } = run.ctx.state;
  groups.delete(name);
  pushedMembers.delete(name);
  groups.set(change.name, change.id);
  pushedMembers.set(change.name, new Set(change.members));
}

async function deleteGroup(run: OktaRun, name: string): Promise<void> {
  const { groups, pushedMembers } = run.ctx.state;
  const id = groups.get(name);
  if (id === undefined) return run.note(`Group ${name} was never pushed; Okta sends nothing.`);
  const exchange = await run.send({ method: 'DELETE', path: `/Groups/${encodeURIComponent(id)}` }, 'groups', `pushGroup ${name} (DELETE /Groups/{id})`, OKTA.groupDelete);
  if (!succeeded(exchange)) {
    run.fail(`Deleting pushed group ${name} (id ${id}) failed: DELETE /Groups/${id} answered ${answer(exchange)}.`);
    return;
  }
  groups.delete(name);
  pushedMembers.delete(name);
  run.note(`Okta deleted pushed group ${name} (id ${id}).`);
}
