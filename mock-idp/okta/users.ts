/**
 * Okta's user traffic: Test Connector Configuration, Push New Users (look up, then create, or link and PUT
 * the profile), Push Profile Updates (GET + PUT for both app kinds: Okta never sends a profile PATCH),
 * deactivate/reactivate (GET + PUT for wizard apps, path-less PATCH of `active` for OIN apps) and full
 * sync. Okta never sends DELETE /Users: deleting a user in Okta deactivates it at the app.
 */
import type { Area } from '../../vocabulary/exchange.js';
import type { DirectoryUser } from '../directory.js';
import { syncAssignments } from '../profile.js';
import { filterString, type ScimResource } from '../scim-client.js';
import { answer, json, succeeded, type OktaRun } from './client.js';
import { OKTA, type OktaBehaviour } from './declaration.js';
import { createBody, flatProfile, patchBody, putBody, sameProfile } from './mapping.js';

export async function testConnection(run: OktaRun): Promise<void> {
  await listCheck(run, '/Users', 2, 'pagination', OKTA.testUsers);
  if (run.config.pushGroups) await listCheck(run, '/Groups', 100, 'groups', OKTA.testGroups);
  if (run.ok) run.note(`Okta's Test Connector Configuration succeeded${run.config.pushGroups ? ' (Users and Groups)' : ''}.`);
}

/** `GET /<type>?startIndex=1&count=n`: Okta wants a 200 ListResponse with numeric paging fields. */
async function listCheck(run: OktaRun, path: string, count: number, area: Area, behaviour: OktaBehaviour): Promise<void> {
  const exchange = await run.send({ method: 'GET', path, query: { startIndex: 1, count } }, area, `testConnection GET ${path}`, behaviour);
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
    if (!state.provisioned.has(key)) await provisionIfAllowed(run, user, `assign ${key}`);
    // A new assignment of a deactivated user reactivates it; of an active one, changes nothing.
    else if (state.deactivated.has(key)) await reactivate(run, user, `assign ${key}`);
    else run.note(`${key} is already provisioned (id ${state.provisioned.get(key)}); Okta sends nothing.`);
  }
}

export async function update(run: OktaRun, key: string): Promise<void> {
  const { state } = run.ctx;
  const user = run.ctx.directory.get(key);
  if (!state.assigned.has(key)) return run.note(`${key} is not assigned to the app; Okta pushes nothing.`);
  if (!state.provisioned.has(key)) return run.note(`${key} is not provisioned yet; Okta pushes nothing.`);
  if (state.deactivated.has(key)) return run.note(`${key} is deactivated at the app; Okta pushes nothing.`);
  if (!run.config.provisioning.updateAttributes) return run.note(`Update User Attributes is off: Okta sends nothing for ${key}.`);
  const last = run.pushed.get(key);
  if (last !== undefined && sameProfile(last, flatProfile(user, run.config.mappings))) {
    return run.note(`No mapped attribute of ${key} changed; Okta sends nothing.`);
  }
  await getThenPut(run, user, { active: true, area: 'update', label: `update ${key}`, behaviour: OKTA.userUpdate, doing: 'Updating', done: 'updated' });
}

export async function unassign(run: OktaRun, keys: string[], why: 'unassign' | 'delete'): Promise<void> {
  const { state } = run.ctx;
  for (const key of keys) {
    const user = run.ctx.directory.get(key);
    state.assigned.delete(key);
    if (!state.provisioned.has(key)) run.note(`${key} was never provisioned; Okta sends nothing.`);
    else if (state.deactivated.has(key)) run.note(`${key} is already deactivated at the app; Okta sends nothing.`);
    else if (!run.config.provisioning.deactivateUsers) run.note(`Deactivate Users is off: ${key} stays active at the app; Okta sends nothing.`);
    else if ((await deactivate(run, user, why)) && why === 'delete') run.note(`Deleting ${key} in Okta deactivated it at the app (Okta never sends DELETE /Users).`);
  }
}

export async function reassign(run: OktaRun, keys: string[]): Promise<void> {
  const { state } = run.ctx;
  for (const key of keys) {
    const user = run.ctx.directory.get(key);
    state.assigned.add(key);
    if (!state.provisioned.has(key)) await provisionIfAllowed(run, user, `reassign ${key}`);
    else if (!state.deactivated.has(key)) run.note(`${key} is active at the app; Okta sends nothing.`);
    else await reactivate(run, user, `reassign ${key}`);
  }
}

/**
 * Reapply Mappings / Provision User: create (or link) the unprovisioned, GET + PUT the others. A user left
 * out of `assigned` lost the assignment since the last sync: Okta deprovisioned it then, so that comes first.
 */
export async function fullSync(run: OktaRun, assigned: string[] | undefined): Promise<void> {
  const { state } = run.ctx;
  const { createUsers, updateAttributes } = run.config.provisioning;
  await syncAssignments(run.ctx, assigned, (dropped) => unassign(run, dropped, 'unassign'));
  const tally = { created: 0, updated: 0, skipped: 0 };
  for (const key of [...state.assigned]) {
    const user = run.ctx.directory.get(key);
    const provisioned = state.provisioned.has(key);
    if (!(provisioned ? updateAttributes : createUsers)) tally.skipped += 1;
    else if (!provisioned) tally.created += (await provision(run, user, 'full-sync', `fullSync ${key}`)) ? 1 : 0;
    else {
      const pushed = await getThenPut(run, user, { active: true, area: 'full-sync', label: `fullSync ${key}`, behaviour: OKTA.userUpdate, doing: 'Updating', done: 'updated' });
      tally.updated += pushed ? 1 : 0;
    }
  }
  const skipped = tally.skipped > 0 ? `, ${tally.skipped} skipped by the To App settings` : '';
  run.note(`Okta full sync over ${state.assigned.size} assigned users: ${tally.created} created or linked, ${tally.updated} updated${skipped}.`);
}

async function provisionIfAllowed(run: OktaRun, user: DirectoryUser, label: string): Promise<void> {
  if (run.config.provisioning.createUsers) await provision(run, user, 'create', label);
  else run.note(`Create Users is off: ${user.key} stays assigned but unprovisioned; Okta sends nothing.`);
}

/** Push New Users for one user: look it up by userName; link it (and PUT its profile) when found, create it otherwise. */
async function provision(run: OktaRun, user: DirectoryUser, area: Area, label: string): Promise<boolean> {
  const { exchange, resources } = await run.client.findUsers(
    `userName eq ${filterString(user.userName)}`,
    { startIndex: 1, count: 100 },
    `${label} (GET /Users?filter=userName eq)`,
    OKTA.userLookup,
  );
  // S1: a 404 SCIM error "is another acceptable response … if no User objects match"; Okta then creates.
  const noMatch = exchange.response?.status === 404;
  if (resources === undefined && !noMatch) return run.fail(`Automatic provisioning of ${user.key} (${user.userName}) failed: the userName lookup answered ${answer(exchange)}.`);
  const found = resources?.[0];
  return found === undefined ? create(run, user, area, label) : link(run, user, found, area, label);
}

async function create(run: OktaRun, user: DirectoryUser, area: Area, label: string): Promise<boolean> {
  const body = createBody(user, run.config.mappings);
  const created = await run.send({ method: 'POST', path: '/Users', body }, area === 'full-sync' ? area : 'create', `${label} (POST /Users)`, OKTA.userCreate);
  const status = created.response?.status;
  const id = json(created)?.id;
  if (status === 409) {
    return run.fail(`Automatic provisioning of ${user.key} (${user.userName}) failed: POST /Users answered ${answer(created)} although the userName lookup found nothing; Okta does not retry.`);
  }
  if (status !== 201 || typeof id !== 'string' || id === '') {
    return run.fail(`Automatic provisioning of ${user.key} (${user.userName}) failed: POST /Users answered ${answer(created)}; Okta expects 201 with an id.`);
  }
  run.ctx.state.provisioned.set(user.key, id);
  run.ctx.state.deactivated.delete(user.key);
  run.pushed.set(user.key, flatProfile(user, run.config.mappings));
  run.note(`Okta created ${user.key} (id ${id}).`);
  return true;
}

/**
 * A lookup match: Okta links to it and sends the user's application profile at once (S1, S3): a PUT of the
 * user as found, without `meta` as S3 shows it, mapped attributes set and active:true, which reactivates an
 * inactive match too (O-8: no separate reactivation is documented).
 */
async function link(run: OktaRun, user: DirectoryUser, found: ScimResource, area: Area, label: string): Promise<boolean> {
  const id = found.id;
  if (typeof id !== 'string' || id === '') return run.fail(`Automatic provisioning of ${user.key} failed: the user found by userName has no id.`);
  const { state } = run.ctx;
  state.provisioned.set(user.key, id);
  if (found.active === false) state.deactivated.add(user.key);
  else state.deactivated.delete(user.key);
  run.pushed.delete(user.key);
  run.note(`Okta linked the existing${found.active === false ? ', inactive' : ''} user ${user.key} (id ${id}) instead of creating it, and pushes its profile.`);
  const body = putBody(found, user, run.config.mappings, true, false);
  return put(run, user, body, { active: true, area: area === 'full-sync' ? area : 'update', label, behaviour: OKTA.userLink, doing: 'Pushing the profile of linked', done: 'pushed the profile of linked' });
}

async function reactivate(run: OktaRun, user: DirectoryUser, label: string): Promise<boolean> {
  if (!run.config.provisioning.deactivateUsers) {
    run.note(`Deactivate Users is off: Okta does not reactivate ${user.key}.`);
    return true;
  }
  if (run.config.appKind === 'oin') return patchActive(run, user, true, label, OKTA.reactivatePatch);
  return getThenPut(run, user, { active: true, area: 'deactivate', label, behaviour: OKTA.reactivatePut, doing: 'Reactivating', done: 'reactivated' });
}

async function deactivate(run: OktaRun, user: DirectoryUser, why: 'unassign' | 'delete'): Promise<boolean> {
  const label = `${why} ${user.key}`;
  const oin = run.config.appKind === 'oin';
  const behaviour = why === 'delete' ? OKTA.deleteDeactivates : oin ? OKTA.deactivatePatch : OKTA.deactivatePut;
  if (oin) return patchActive(run, user, false, label, behaviour);
  return getThenPut(run, user, { active: false, area: 'deactivate', label, behaviour, doing: 'Deactivating', done: 'deactivated' });
}

/** How one PUT of a user goes on the wire and in Okta's words. */
interface PutPlan {
  active: boolean;
  area: Area;
  label: string;
  behaviour: OktaBehaviour;
  /** `Updating` (user1 (id …) failed …) and `updated` (Okta updated user1 …). */
  doing: string;
  done: string;
}

/** OIN apps (de)activate with a path-less replace of `active` (S1); a 501 gets no PUT fallback (S6). */
async function patchActive(run: OktaRun, user: DirectoryUser, active: boolean, label: string, behaviour: OktaBehaviour): Promise<boolean> {
  const id = run.ctx.state.provisioned.get(user.key)!;
  const body = patchBody([{ op: 'replace', value: { active } }]);
  const exchange = await run.send({ method: 'PATCH', path: `/Users/${encodeURIComponent(id)}`, body }, 'deactivate', `${label} (PATCH /Users/{id})`, behaviour);
  const what = `${active ? 'Reactivating' : 'Deactivating'} ${user.key} (id ${id})`;
  if (!succeeded(exchange)) {
    const status = exchange.response?.status;
    const why = status === 404 ? '; the user is gone from the app' : status === 501 ? '; Okta does not fall back to PUT' : '';
    return run.fail(`${what} failed: PATCH /Users/${id} answered ${answer(exchange)}${why}.`);
  }
  settle(run, user, active);
  run.note(`Okta ${active ? 'reactivated' : 'deactivated'} ${user.key} (id ${id}) by PATCH.`);
  return true;
}

/** GET /Users/{id}, then PUT of what it returned (meta and groups echoed, S1) with Okta's mapped attributes. */
async function getThenPut(run: OktaRun, user: DirectoryUser, plan: PutPlan): Promise<boolean> {
  const id = run.ctx.state.provisioned.get(user.key)!;
  const read = await run.send({ method: 'GET', path: `/Users/${encodeURIComponent(id)}` }, plan.area === 'update' ? 'read' : plan.area, `${plan.label} (GET /Users/{id})`, plan.behaviour);
  const fetched = json(read);
  if (read.response?.status !== 200 || fetched === undefined) {
    const gone = read.response?.status === 404 ? '; the user is gone from the app' : '';
    return run.fail(`${plan.doing} ${user.key} (id ${id}) failed: GET /Users/${id} answered ${answer(read)}${gone}.`);
  }
  return put(run, user, putBody(fetched, user, run.config.mappings, plan.active, true), plan);
}

async function put(run: OktaRun, user: DirectoryUser, body: ScimResource, plan: PutPlan): Promise<boolean> {
  const id = run.ctx.state.provisioned.get(user.key)!;
  const written = await run.send({ method: 'PUT', path: `/Users/${encodeURIComponent(id)}`, body }, plan.area, `${plan.label} (PUT /Users/{id})`, plan.behaviour);
  if (written.response?.status !== 200) {
    const gone = written.response?.status === 404 ? '; the user is gone from the app' : '';
    return run.fail(`${plan.doing} ${user.key} (id ${id}) failed: PUT /Users/${id} answered ${answer(written)}${gone}.`);
  }
  settle(run, user, plan.active);
  run.pushed.set(user.key, flatProfile(user, run.config.mappings));
  run.note(`Okta ${plan.done} ${user.key} (id ${id}) by PUT.`);
  return true;
}

function settle(run: OktaRun, user: DirectoryUser, active: boolean): void {
  if (active) run.ctx.state.deactivated.delete(user.key);
  else run.ctx.state.deactivated.add(user.key);
}
