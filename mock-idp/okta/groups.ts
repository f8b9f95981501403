/**
 * Okta Push Groups: `POST /Groups {displayName, members: []}` (the empty array is reported Okta
 * behaviour), then member changes by PATCH `add`/`remove` with `path: "members"` and a value list of
 * `{value, display}`, a rename by a path-less `replace` with `value: {id, displayName}`, and DELETE.
 */
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { answer, json, type OktaRun } from './client.js';
import type { PatchOperation } from './mapping.js';

export interface GroupPush {
  name: string;
  /** The full member list after the push; undefined leaves membership as it was. */
  members: string[] | undefined;
  renameTo: string | undefined;
  delete: boolean;
}

export async function pushGroup(run: OktaRun, push: GroupPush): Promise<void> {
  const { state } = run.ctx;
  if (!run.config.pushGroups) return run.note(`Push Groups is off: Okta sends nothing for group ${push.name}.`);
  const known = run.memory.members;
  let id = state.groups.get(push.name);

  if (push.delete) {
    if (id === undefined) return run.note(`Group ${push.name} was never pushed; Okta sends nothing.`);
    const exchange = await run.send({ method: 'DELETE', path: `/Groups/${encodeURIComponent(id)}` }, 'groups', `pushGroup ${push.name} (DELETE /Groups/{id})`);
    if (exchange.response?.status !== 204 && exchange.response?.status !== 200) {
      run.fail(`Deleting pushed group ${push.name} (id ${id}) failed: DELETE /Groups/${id} answered ${answer(exchange)}.`);
      return;
    }
    state.groups.delete(push.name);
    known.delete(push.name);
    return run.note(`Okta deleted pushed group ${push.name} (id ${id}).`);
  }

  if (id === undefined) {
    const body = { schemas: [SCHEMA.group], displayName: push.name, members: [] };
    const exchange = await run.send({ method: 'POST', path: '/Groups', body }, 'groups', `pushGroup ${push.name} (POST /Groups)`);
    const created = json(exchange)?.id;
    if (exchange.response?.status !== 201 || typeof created !== 'string' || created === '') {
      run.fail(`Pushing group ${push.name} failed: POST /Groups answered ${answer(exchange)}; Okta expects 201 with an id.`);
      return;
    }
    id = created;
    state.groups.set(push.name, id);
    known.set(push.name, new Set());
    run.note(`Okta created group ${push.name} (id ${id}).`);
  }
  const groupId = id;
  const path = `/Groups/${encodeURIComponent(groupId)}`;
  const patch = async (operations: PatchOperation[], what: string): Promise<boolean> => {
    const exchange = await run.send({ method: 'PATCH', path, body: { schemas: [MESSAGE.patchOp], Operations: operations } }, 'groups', `pushGroup ${push.name} (PATCH /Groups/{id} ${what})`);
    const status = exchange.response?.status;
    if (status === 200 || status === 204) return true;
    const fallback = status === 501 ? '; Okta does not fall back to PUT' : '';
    return run.fail(`Pushing group ${push.name} (id ${groupId}) failed: PATCH ${what} answered ${answer(exchange)}${fallback}.`);
  };

  let name = push.name;
  if (push.renameTo !== undefined && push.renameTo !== push.name) {
    if (!(await patch([{ op: 'replace', value: { id: groupId, displayName: push.renameTo } }], 'rename'))) return;
    state.groups.delete(push.name);
    state.groups.set(push.renameTo, groupId);
    known.set(push.renameTo, known.get(push.name) ?? new Set());
    known.delete(push.name);
    name = push.renameTo;
    run.note(`Okta renamed group ${push.name} to ${push.renameTo}.`);
  }

  if (push.members === undefined) return;
  const current = known.get(name) ?? new Set<string>();
  const wanted = new Set<string>();
  for (const key of push.members) {
    // Okta pushes only members it has provisioned to the app.
    if (state.provisioned.has(key)) wanted.add(key);
    else run.note(`${key} is not provisioned to the app; Okta leaves it out of group ${name}.`);
  }
  const member = (key: string) => ({ value: state.provisioned.get(key)!, display: run.ctx.directory.get(key).userName });
  const adds = [...wanted].filter((k) => !current.has(k));
  const removes = [...current].filter((k) => !wanted.has(k) && state.provisioned.has(k));
  if (adds.length > 0) {
    if (!(await patch([{ op: 'add', path: 'members', value: adds.map(member) }], 'add members'))) return;
    for (const key of adds) current.add(key);
  }
  if (removes.length > 0) {
    if (!(await patch([{ op: 'remove', path: 'members', value: removes.map(member) }], 'remove members'))) return;
    for (const key of removes) current.delete(key);
  }
  known.set(name, current);
  if (adds.length + removes.length > 0) run.note(`Okta pushed group ${name} membership: +${adds.length} −${removes.length}.`);
}
