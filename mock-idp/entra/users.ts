/**
 * How Entra provisions one in-scope user: the matching GET (E2, E3 step 3, E6), then a create, or a link and one
 * PATCH; before each later update or reactivation the same GET again (E-7), the PATCH carrying what differs from
 * the user as read, to the id Entra cached; a changed manager checked first (E2 Example 4, E-8).
 */
import type { Area } from '../../vocabulary/exchange.js';
import { filterString, scimId, type ScimResource } from '../scim-client.js';
import { ENTRA, type EntraBehaviour } from './declaration.js';
import {
  activeOperation,
  createBody,
  ENTERPRISE,
  mappedAttributeByPath,
  readActive,
  readView,
  updateOperations,
  type PatchOpName,
  type PatchOperation,
  type UserView,
} from './mapping.js';
import type { EntraRun } from './run.js';

export const userPath = (id: string): string => `/Users/${encodeURIComponent(id)}`;

const MANAGER_PATH = `${ENTERPRISE}:manager`;

/** Areas of the report: the initial cycle's requests are all full-sync ones. */
function areaOf(run: EntraRun, area: Area): Area {
  return run.initialCycle ? 'full-sync' : area;
}

/** A user Entra has not provisioned: match, then link and update, or create. */
export async function matchAndProvision(run: EntraRun, key: string): Promise<void> {
  const desired = run.desired(key);
  const found = await findByMatching(run, key, desired, 'match');
  if (found === undefined) return;
  const { match } = found;
  if (match !== undefined) {
    await link(run, key, match, desired);
    return;
  }
  await create(run, key, desired);
}

async function link(run: EntraRun, key: string, match: ScimResource, desired: UserView): Promise<void> {
  const id = typeof match.id === 'string' ? match.id : undefined;
  if (id === undefined) {
    run.fail(`Entra matched ${key} but the target's user has no id.`);
    return;
  }
  run.state.provisioned.set(key, id);
  const active = readActive(match);
  if (active === false) run.state.deactivated.add(key);
  else run.state.deactivated.delete(key);
  run.note(`Entra matched ${key} (${run.user(key).userName}) to the existing user ${id}.`);
  // Entra fills in what the target lacks and replaces what differs; it never pushed anything, so it clears nothing.
  run.memory.views.set(key, {});
  const activeOp: PatchOpName = active === undefined ? 'Add' : 'Replace';
  await patchUser(run, key, id, match, desired, { activate: active !== true, activeOp, behaviour: ENTRA.userLink });
}

async function create(run: EntraRun, key: string, desired: UserView): Promise<void> {
  const user = run.user(key);
  const created = await run.send({ method: 'POST', path: '/Users', body: createBody(desired) }, areaOf(run, 'create'), `create ${key}`, ENTRA.userCreate);
  const id = scimId(created);
  if (created.response?.status !== 201 || id === undefined) {
    run.fail(`Entra could not create ${key} (${user.userName}): POST /Users answered ${run.describe(created)}${created.response?.status === 201 ? ' without an id' : ''}.`);
    return;
  }
  run.state.provisioned.set(key, id);
  run.state.deactivated.delete(key);
  run.memory.views.set(key, desired);
  run.note(`Entra created ${key} (${user.userName}) as ${id}.`);
}

/**
 * An update or reactivation of a user Entra provisioned: the matching GET first (E3: "when a user is assigned or
 * in scope … the service queries the target system for a matching user"). The PATCH goes to the id Entra cached
 * at create or match, which E3 says "is used to run all future operations on that user": a read that finds nobody
 * (the UPN changed, say) or someone else does not make Entra create a second user.
 */
export async function updateUser(run: EntraRun, key: string, id: string, activate: boolean): Promise<void> {
  const desired = run.desired(key);
  const found = await findByMatching(run, key, desired, 'read');
  if (found === undefined) return;
  const { match, filter } = found;
  let read: ScimResource | undefined;
  if (match === undefined) run.note(`Entra's read found no user with ${filter}; it goes on with ${id}, the id it cached for ${key} (E3).`);
  else if (match.id !== id) run.note(`Entra's read matched ${String(match.id)} for ${key}, not ${id}, the id it cached; it goes on with ${id} (E3).`);
  else read = match;
  const behaviour = activate ? ENTRA.userReactivate : ENTRA.userUpdate;
  await patchUser(run, key, id, read, desired, { activate, activeOp: 'Replace', behaviour });
}

interface PatchOptions {
  activate: boolean;
  activeOp: PatchOpName;
  behaviour: EntraBehaviour;
}

/**
 * One PATCH with every difference between the target (as read, else what Entra last pushed) and the directory,
 * plus `active` "True" when the user must be (re)activated. Nothing is sent when nothing differs.
 */
async function patchUser(run: EntraRun, key: string, id: string, read: ScimResource | undefined, desired: UserView, options: PatchOptions): Promise<void> {
  const known = run.memory.views.get(key) ?? {};
  const found = read === undefined ? undefined : readView(read, run.mapping);
  const pushed: UserView = { ...desired };
  const operations = await checkManager(run, key, id, updateOperations(found, known, desired, run.mapping), known, pushed);
  if (options.activate) operations.push(activeOperation(true, run.booleanStrings, options.activeOp));
  if (operations.length === 0) {
    run.memory.views.set(key, pushed);
    return;
  }
  const verb = options.activate ? 'reactivate' : 'update';
  const exchange = await run.sendPatch(userPath(id), operations, areaOf(run, options.activate ? 'deactivate' : 'patch'), `${verb} ${key}`, options.behaviour);
  const status = exchange.response?.status;
  if (status !== 200 && status !== 204) {
    const lost = status === 404 && run.state.deactivated.has(key) ? ' (the target lost a soft-deleted user: after a disable, a GET must still return it with active false)' : '';
    run.fail(`Entra could not ${verb} ${key} (${id}): PATCH answered ${run.describe(exchange)}${lost}.`);
    return;
  }
  run.memory.views.set(key, pushed);
  if (options.activate) run.state.deactivated.delete(key);
  run.note(`Entra ${verb}d ${key} (${operations.map((o) => `${o.op} ${o.path}`).join(', ')}).`);
}

/**
 * E2 Example 4: before updating the manager Entra "checks the current attribute value", with
 * `filter=id eq "<id>" and manager eq "<manager id>"&attributes=id`. A match leaves the manager out; a refused
 * check leaves it out too, as a reference failure (E17) Entra retries later, so `pushed` keeps the old manager.
 */
async function checkManager(run: EntraRun, key: string, id: string, operations: PatchOperation[], known: UserView, pushed: UserView): Promise<PatchOperation[]> {
  const operation = operations.find((o) => o.path === MANAGER_PATH && o.op !== 'Remove');
  if (operation === undefined) return operations;
  const rest = operations.filter((o) => o !== operation);
  const managerId = String(operation.value);
  const filter = `id eq ${filterString(id)} and manager eq ${filterString(managerId)}`;
  const exchange = await run.send({ method: 'GET', path: '/Users', query: { filter, attributes: 'id' } }, 'filter', `manager check ${key}`, ENTRA.managerCheck);
  if (exchange.response?.status !== 200) {
    run.fail(
      `Entra could not check the manager of ${key} before updating it: GET /Users?filter=${filter}&attributes=id answered ${run.describe(exchange)}; the manager is left out and retried in a later cycle (a reference failure).`,
      'reference',
    );
    if (known.manager === undefined) delete pushed.manager;
    else pushed.manager = known.manager;
    return rest;
  }
  const body = exchange.responseJson as { Resources?: unknown } | undefined;
  if (Array.isArray(body?.Resources) && body.Resources.length > 0) {
    run.note(`Entra found the manager of ${key} already set to ${managerId} at the target; it leaves it out of the PATCH (E2).`);
    return rest;
  }
  return operations;
}

/** `GET /Users?filter=<matching attribute> eq "<value>"`: at most one user, or Entra logs why it stops. */
async function findByMatching(run: EntraRun, key: string, desired: UserView, purpose: 'match' | 'read'): Promise<{ filter: string; match: ScimResource | undefined } | undefined> {
  const attribute = mappedAttributeByPath(run.settings.matchingAttribute)!;
  const value = desired[attribute.id];
  if (value === undefined) {
    run.fail(`Entra skipped ${key}: it has no value for the matching attribute ${attribute.path}.`);
    return undefined;
  }
  const filter = `${attribute.path} eq ${filterString(value)}`;
  const behaviour = purpose === 'match' ? ENTRA.userMatch : ENTRA.userRead;
  const { exchange, resources } = await run.client.findUsers(filter, {}, `${purpose} ${key}`, behaviour);
  if (resources === undefined) {
    run.fail(`Entra could not ${purpose} ${key}: GET /Users?filter=${filter} answered ${run.describe(exchange)}.`);
    return undefined;
  }
  if (resources.length > 1) {
    run.fail(`Entra found ${resources.length} users matching ${filter} for ${key}; it provisions only when at most one matches.`);
    return undefined;
  }
  return { filter, match: resources[0] };
}
