/**
 * How Entra deprovisions (E3 "Deprovisioning"): a user leaving scope (unassigned, soft-deleted) is disabled
 * with PATCH active "False" (`Add` as reported, E10), or deleted on gallery apps that need it; a user permanently
 * deleted in Entra is disabled, then DELETEd; one unassigned earlier is no longer managed and gets nothing.
 */
import { ENTRA } from './declaration.js';
import { activeOperation } from './mapping.js';
import type { EntraRun } from './run.js';
import { userPath } from './users.js';

/** Out of scope: soft delete (or DELETE with `onUnassign: delete`). */
export async function leaveScope(run: EntraRun, key: string): Promise<void> {
  const id = run.state.provisioned.get(key);
  if (id === undefined) {
    run.note(`Entra sends nothing for ${key}: it was never provisioned.`);
    return;
  }
  if (run.settings.onUnassign === 'delete') {
    await deleteAtTarget(run, key, id);
    return;
  }
  if (run.state.deactivated.has(key)) {
    run.note(`Entra sends nothing for ${key}: it is already disabled.`);
    return;
  }
  await disable(run, key, id);
}

/**
 * A user purged in Entra (E3): disabled first when it is not yet (a deletion starts as a soft delete), then
 * DELETE. The purge is its own event (the object is gone from Entra): its DELETE follows whatever the disable got.
 */
export async function purge(run: EntraRun, key: string): Promise<void> {
  const id = run.state.provisioned.get(key);
  if (id === undefined) {
    run.memory.purged.delete(key);
    return;
  }
  if (!run.state.deactivated.has(key)) await disable(run, key, id);
  await deleteAtTarget(run, key, id);
}

/** PATCH active false (`"False"` without the flag), with the configured op. */
async function disable(run: EntraRun, key: string, id: string): Promise<void> {
  const operation = activeOperation(false, run.booleanStrings, run.settings.deprovisionOp);
  const exchange = await run.sendPatch(userPath(id), [operation], run.initialCycle ? 'full-sync' : 'deactivate', `disable ${key}`, ENTRA.userDisable);
  const status = exchange.response?.status;
  if (status !== 200 && status !== 204) {
    run.fail(`Entra could not disable ${key} (${id}): PATCH active ${JSON.stringify(operation.value)} answered ${run.describe(exchange)}.`);
    return;
  }
  run.state.deactivated.add(key);
  run.note(`Entra disabled ${key} (${id}).`);
}

async function deleteAtTarget(run: EntraRun, key: string, id: string): Promise<void> {
  const behaviour = run.memory.purged.has(key) ? ENTRA.userPurge : ENTRA.userDeleteOnUnassign;
  const exchange = await run.send({ method: 'DELETE', path: userPath(id) }, 'delete', `delete ${key}`, behaviour);
  const status = exchange.response?.status;
  if (status !== 204 && status !== 200 && status !== 404) {
    run.fail(`Entra could not delete ${key} (${id}): DELETE answered ${run.describe(exchange)}.`);
    return;
  }
  run.state.provisioned.delete(key);
  run.state.deactivated.delete(key);
  run.memory.views.delete(key);
  run.memory.purged.delete(key);
  for (const members of run.state.pushedMembers.values()) members.delete(key);
  run.note(status === 404 ? `Entra found ${key} (${id}) already gone at the target.` : `Entra deleted ${key} (${id}).`);
}
