/**
 * Okta's user traffic: Test Connector Configuration, Push New Users (look up, then create or link),
 * Push Profile Updates (GET + PUT, or PATCH), deactivate/reactivate (PATCH without path, or PUT), and
 * full sync. Okta never sends DELETE /Users: deleting a user in Okta deactivates it at the app.
 */
import type { Area } from '../../vocabulary/exchange.js';
import type { DirectoryUser } from '../directory.js';
import { filterString } from '../scim-client.js';
import { answer, json, type OktaRun } from './client.js';
import { changeOperations, createBody, flatProfile, patchBody, putBody, touchedKeys, userBody, type FlatProfile, type PatchOperation } from './mapping.js';
import { syncAssignments } from '../profile.js';

export async function testConnection(run: OktaRun): Promise<void> {
  await listCheck(run, '/Users', 2, 'pagination');
  if (run.config.pushGroups) await listCheck(run, '/Groups', 100, 'groups');
  if (run.ok) run.note(`Okta's Test Connector Configuration succeeded${run.config.pushGroups ? ' (Users and Groups)' : ''}.`);
}

/** `GET /<type>?startIndex=1&count=n`: Okta wants a 200 ListResponse with numeric paging fields. */
async function listCheck(run: OktaRun, path: string, count: number, area: Area): Promise<void> {
  const exchange = await run.send({ method: 'GET', path, query: { startIndex: 1, count } }, area, `testConnection GET ${path}`);
  if (exchange.response?.status !== 200) {
    run.ok = false;
    run.note(`Okta's Test Connector Configuration failed: GET ${path}?startIndex=1&count=${count} answered ${answer(exchange)}; Okta expects 200.`);
    return;
  }
  const body = json(exchange);
  const bad = ['totalResults', 'startIndex', 'itemsPerPage'].filter((field) => typeof body?.[field] !== 'number');
  if (bad.length > 0) {
    run.ok = false;
    run.note(`Okta's Test Connector Configuration failed: the ListResponse of GET ${path} lacks numeric ${bad.join(', ')}.`);
  }
}

export async function assign(run: OktaRun, keys: string[]): Promise<void> {
  const { state } = run.ctx;
  for (const key of keys) {
    const user = run.ctx.directory.get(key);
    state.assigned.add(key);
    if (state.provisioned.has(key)) {
      // Already provisioned: a new assignment of a deactivated user reactivates it, otherwise nothing changes.
      if (state.deactivated.has(key)) await reactivate(run, user, 'deactivate', `assign ${key}`);
      else run.note(`${key} is already provisioned (id ${state.provisioned.get(key)}); Okta sends nothing.`);
      continue;
    }
    if (!run.config.createUsers) {
      run.note(`Create Users is off: ${key} stays assigned but unprovisioned; Okta sends nothing.`);
      continue;
    }
    await provision(run, user, 'create', `assign ${key}`);
  }
}

export async function update(run: OktaRun, key: string, set: Record<string, unknown>): Promise<void> {
  const { state } = run.ctx;
  const user = run.ctx.directory.get(key);
  if (!state.assigned.has(key)) return run.note(`${key} is not assigned to the app; Okta pushes nothing.`);
  if (!state.provisioned.has(key)) return run.note(`${key} is not provisioned yet; Okta pushes nothing.`);
  if (state.deactivated.has(key)) return run.note(`${key} is deactivated at the app; Okta pushes nothing.`);
  if (!run.config.updateAttributes) return run.note(`Update User Attributes is off: Okta sends nothing for ${key}.`);
  await pushProfile(run, user, { kind: 'update', set }, run.config.updateMethod === 'put' ? 'update' : 'patch', `update ${key}`);
}

export async function unassign(run: OktaRun, keys: string[], why: 'unassign' | 'delete'): Promise<void> {
  const { state } = run.ctx;
  for (const key of keys) {
    const user = run.ctx.directory.get(key);
    state.assigned.delete(key);
    if (!state.provisioned.has(key)) {
      run.note(`${key} was never provisioned; Okta sends nothing.`);
      continue;
    }
    if (state.deactivated.has(key)) {
      run.note(`${key} is already deactivated at the app; Okta sends nothing.`);
      continue;
    }
    if (!run.config.deactivateUsers) {
      run.note(`Deactivate Users is off: ${key} stays active at the app; Okta sends nothing.`);
      continue;
    }
    const done = await setActive(run, user, false, 'deactivate', `${why} ${key}`);
    if (done && why === 'delete') run.note(`Deleting ${key} in Okta deactivated it at the app (Okta never sends DELETE /Users).`);
  }
}

export async function reassign(run: OktaRun, keys: string[]): Promise<void> {
  const { state } = run.ctx;
  for (const key of keys) {
    const user = run.ctx.directory.get(key);
    state.assigned.add(key);
    if (!state.provisioned.has(key)) {
      if (run.config.createUsers) await provision(run, user, 'create', `reassign ${key}`);
      else run.note(`Create Users is off: ${key} stays assigned but unprovisioned; Okta sends nothing.`);
      continue;
    }
    if (!state.deactivated.has(key)) {
      run.note(`${key} is active at the app; Okta sends nothing.`);
      continue;
    }
    if (!run.config.deactivateUsers) {
      run.note(`Deactivate Users is off: Okta does not reactivate ${key}.`);
      continue;
    }
    await setActive(run, user, true, 'deactivate', `reassign ${key}`);
  }
}

/**
 * Reapply Mappings / Provision User: create (or link) the unprovisioned, push the profile of the others.
 * A user left out of `assigned` lost the assignment since the last sync: Okta deprovisioned it then, as on
 * any unassignment, so that comes first.
 */
export async function fullSync(run: OktaRun, assigned: string[] | undefined): Promise<void> {
  const { state } = run.ctx;
  await syncAssignments(run.ctx, assigned, (dropped) => unassign(run, dropped, 'unassign'));
  let created = 0;
  let updated = 0;
  let skipped = 0;
  for (const key of [...state.assigned]) {
    const user = run.ctx.directory.get(key);
    if (!state.provisioned.has(key)) {
      if (!run.config.createUsers) {
        skipped += 1;
        continue;
      }
      if (await provision(run, user, 'full-sync', `fullSync ${key}`)) created += 1;
    } else {
      if (!run.config.updateAttributes) {
        skipped += 1;
        continue;
      }
      if (await pushProfile(run, user, { kind: 'sync' }, 'full-sync', `fullSync ${key}`)) updated += 1;
    }
  }
  run.note(`Okta full sync over ${state.assigned.size} assigned users: ${created} created or linked, ${updated} updated${skipped > 0 ? `, ${skipped} skipped by the To App settings` : ''}.`);
}

/** Push New Users for one user: look it up by userName; link it when found, create it otherwise. */
async function provision(run: OktaRun, user: DirectoryUser, area: Area, label: string): Promise<boolean> {
  const { state } = run.ctx;
  const { exchange, resources } = await run.client.findUsers(
    `userName eq ${filterString(user.userName)}`,
    { startIndex: 1, count: 100 },
    `${label} (GET /Users?filter=userName eq)`,
  );
  // S1 (Okta's SCIM guide): a 404 SCIM error "is another acceptable response … if no User objects match"; Okta creates.
  const noMatch = exchange.response?.status === 404;
  if (resources === undefined && !noMatch) return run.fail(`Automatic provisioning of ${user.key} (${user.userName}) failed: the userName lookup answered ${answer(exchange)}.`);
  const found = resources?.[0];
  if (found !== undefined) {
    const id = found.id;
    if (typeof id !== 'string' || id === '') return run.fail(`Automatic provisioning of ${user.key} failed: the user found by userName has no id.`);
    state.provisioned.set(user.key, id);
    run.memory.pushed.delete(user.key);
    if (found.active === false) {
      state.deactivated.add(user.key);
      run.note(`Okta linked the existing, inactive user ${user.key} (id ${id}) and reactivates it.`);
      return reactivateLinked(run, user, area, label);
    }
    state.deactivated.delete(user.key);
    run.note(`Okta linked the existing user ${user.key} (id ${id}) instead of creating it.`);
    return true;
  }
  const body = createBody(user, run.config.mappings);
  const created = await run.send({ method: 'POST', path: '/Users', body }, area === 'full-sync' ? area : 'create', `${label} (POST /Users)`);
  const status = created.response?.status;
  const id = json(created)?.id;
  if (status === 409) {
    return run.fail(`Automatic provisioning of ${user.key} (${user.userName}) failed: POST /Users answered ${answer(created)} although the userName lookup found nothing; Okta does not retry.`);
  }
  if (status !== 201 || typeof id !== 'string' || id === '') {
    return run.fail(`Automatic provisioning of ${user.key} (${user.userName}) failed: POST /Users answered ${answer(created)}; Okta expects 201 with an id.`);
  }
  state.provisioned.set(user.key, id);
  state.deactivated.delete(user.key);
  run.memory.pushed.set(user.key, flatProfile(user, run.config.mappings));
  run.note(`Okta created ${user.key} (id ${id}).`);
  return true;
}

/** A linked user found inactive is reactivated with the profile-update style (PUT of the whole user, or PATCH active). */
async function reactivateLinked(run: OktaRun, user: DirectoryUser, area: Area, label: string): Promise<boolean> {
  const at: Area = area === 'full-sync' ? area : 'deactivate';
  if (run.config.updateMethod === 'put') return putUser(run, user, 'reactivate', at, `${label} (reactivate)`);
  return patchUser(run, user, [{ op: 'replace', value: { active: true } }], at, `${label} (reactivate)`, 'reactivate');
}

async function reactivate(run: OktaRun, user: DirectoryUser, area: Area, label: string): Promise<boolean> {
  if (!run.config.deactivateUsers) {
    run.note(`Deactivate Users is off: Okta does not reactivate ${user.key}.`);
    return true;
  }
  return setActive(run, user, true, area, label);
}

type ProfileChange = { kind: 'update'; set: Record<string, unknown> } | { kind: 'sync' };

/** Push Profile Updates: GET + PUT of the whole user (active:true), or PATCH of what changed. */
async function pushProfile(run: OktaRun, user: DirectoryUser, change: ProfileChange, area: Area, label: string): Promise<boolean> {
  const { state } = run.ctx;
  const mappings = run.config.mappings;
  const after = flatProfile(user, mappings);
  const last = run.memory.pushed.get(user.key);
  const reactivating = state.deactivated.has(user.key);
  let before: FlatProfile;
  if (change.kind === 'sync') before = {};
  else if (last) before = last;
  else {
    // Okta did not make the last push (a linked user): everything the edit touched counts as changed.
    before = { ...after };
    const touched = touchedKeys(change.set, mappings);
    // The login follows the email in the directory unless set on its own.
    if (touched.includes('emails') && after.userName === after.emails) touched.push('userName');
    for (const key of touched) before[key] = '\u0000';
  }
  if (change.kind === 'update' && sameProfile(before, after)) {
    run.note(`No mapped attribute of ${user.key} changed; Okta sends nothing.`);
    return true;
  }
  if (run.config.updateMethod === 'patch') {
    const operations = changeOperations(before, after, reactivating ? { active: true } : {});
    return patchUser(run, user, operations, area, label, reactivating ? 'reactivate' : 'update');
  }
  return putUser(run, user, reactivating ? 'reactivate' : 'update', area, label);
}

/** Deactivate Users: PATCH `replace` `{active}` without path, or (older integrations) GET + PUT. */
async function setActive(run: OktaRun, user: DirectoryUser, active: boolean, area: Area, label: string): Promise<boolean> {
  const change = active ? 'reactivate' : 'deactivate';
  if (run.config.deactivateMethod === 'put') return putUser(run, user, change, area, label);
  return patchUser(run, user, [{ op: 'replace', value: { active } }], area, label, change);
}

/** What a PATCH or PUT does to the user: `update` keeps it active, the others set `active`. */
type Change = 'update' | 'deactivate' | 'reactivate';
const PAST: Record<Change, string> = { update: 'updated', deactivate: 'deactivated', reactivate: 'reactivated' };
const DOING: Record<Change, string> = { update: 'Updating', deactivate: 'Deactivating', reactivate: 'Reactivating' };

function settle(run: OktaRun, user: DirectoryUser, change: Change): void {
  if (change === 'deactivate') run.ctx.state.deactivated.add(user.key);
  else run.ctx.state.deactivated.delete(user.key);
}

async function patchUser(run: OktaRun, user: DirectoryUser, operations: PatchOperation[], area: Area, label: string, change: Change): Promise<boolean> {
  const { state } = run.ctx;
  const id = state.provisioned.get(user.key)!;
  const exchange = await run.send({ method: 'PATCH', path: `/Users/${encodeURIComponent(id)}`, body: patchBody(operations) }, area, `${label} (PATCH /Users/{id})`);
  const status = exchange.response?.status;
  if (status === 200 || status === 204) {
    settle(run, user, change);
    rememberPatch(run, user, operations);
    run.note(`Okta ${PAST[change]} ${user.key} (id ${id}) by PATCH.`);
    return true;
  }
  const what = `${DOING[change]} ${user.key} (id ${id})`;
  if (status === 404) return run.fail(`${what} failed: PATCH /Users/${id} answered ${answer(exchange)}; the user is gone from the app.`);
  if (status === 501) return run.fail(`${what} failed: PATCH /Users/${id} answered ${answer(exchange)}; Okta does not fall back to PUT.`);
  return run.fail(`${what} failed: PATCH /Users/${id} answered ${answer(exchange)}.`);
}

/** GET /Users/{id}, then PUT of the whole user with Okta's mapped attributes and `active` per the change. */
async function putUser(run: OktaRun, user: DirectoryUser, change: Change, area: Area, label: string): Promise<boolean> {
  const { state } = run.ctx;
  const id = state.provisioned.get(user.key)!;
  const path = `/Users/${encodeURIComponent(id)}`;
  const what = `${DOING[change]} ${user.key} (id ${id})`;
  const read = await run.send({ method: 'GET', path }, area === 'update' ? 'read' : area, `${label} (GET /Users/{id})`);
  const fetched = json(read);
  if (read.response?.status !== 200 || fetched === undefined) {
    const gone = read.response?.status === 404 ? '; the user is gone from the app' : '';
    return run.fail(`${what} failed: GET /Users/${id} answered ${answer(read)}${gone}.`);
  }
  const body = putBody(fetched, user, run.config.mappings, change !== 'deactivate');
  const written = await run.send({ method: 'PUT', path, body }, area, `${label} (PUT /Users/{id})`);
  if (written.response?.status !== 200) {
    const gone = written.response?.status === 404 ? '; the user is gone from the app' : '';
    return run.fail(`${what} failed: PUT /Users/${id} answered ${answer(written)}${gone}.`);
  }
  settle(run, user, change);
  run.memory.pushed.set(user.key, flatProfile(user, run.config.mappings));
  run.note(`Okta ${PAST[change]} ${user.key} (id ${id}) by PUT.`);
  return true;
}

/** After a PATCH, Okta's idea of the pushed profile: the operations applied to what it knew. */
function rememberPatch(run: OktaRun, user: DirectoryUser, operations: PatchOperation[]): void {
  const profileOps = operations.some((op) => op.op === 'remove' || (op.value !== null && typeof op.value === 'object' && Object.keys(op.value).some((k) => k !== 'active')));
  if (!profileOps) return;
  run.memory.pushed.set(user.key, flatProfile(user, run.config.mappings));
}

function sameProfile(a: FlatProfile, b: FlatProfile): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}
