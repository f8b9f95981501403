/**
 * OneLogin's user events: the connection test, access granted (create, link or reactivate), a profile
 * change, access removed or user deleted (Delete / Suspend / Do nothing), and Reapply Mappings.
 */
import { createHash } from 'node:crypto';
import { syncAssignments } from '../profile.js';
import { filterString, statusOf } from '../scim-client.js';
import { BEHAVIOUR } from './declaration.js';
import { userPath, type OneLoginRun } from './run.js';

/** The userName OneLogin's connection test looks up: a GUID no user has, the same for the same seed. */
export function connectionTestUserName(seed: number): string {
  const hex = createHash('sha256').update(`onelogin-test-connection:${seed}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** O1: a lookup of a userName that does not exist; an empty list or a 404 both mean "connected". */
export async function testConnection(run: OneLoginRun): Promise<void> {
  const userName = connectionTestUserName(run.ctx.directory.seed);
  const { exchange, resources } = await run.client.findUsers(`userName eq ${filterString(userName)}`, {}, 'test connection', BEHAVIOUR.testConnection);
  if (resources !== undefined || exchange.response?.status === 404) {
    run.note(`OneLogin connected: the lookup of a user that does not exist answered ${statusOf(exchange)}.`);
    return;
  }
  run.fail(undefined, 'test connection', exchange);
}

/** The user is given access to the app (assign, reassign): create, link or reactivate. */
export async function grant(run: OneLoginRun, key: string): Promise<void> {
  run.ctx.directory.get(key);
  const wasAssigned = run.state.assigned.has(key);
  run.state.assigned.add(key);
  const id = run.state.provisioned.get(key);
  if (id === undefined) return run.create(key, false);
  if (run.state.deactivated.has(key)) return run.put(key, id, 'reactivate');
  if (wasAssigned) {
    run.note(`${key} already has access and is provisioned (id ${id}); OneLogin sends nothing.`);
    return;
  }
  // Access removed with "Do nothing", now granted again: OneLogin pushes the user as it is.
  return run.put(key, id, 'update');
}

export async function update(run: OneLoginRun, key: string): Promise<void> {
  if (!run.state.assigned.has(key)) {
    run.note(`${key} has no access to the app; OneLogin does not push the profile change.`);
    return;
  }
  const id = run.state.provisioned.get(key);
  if (id === undefined) return run.create(key, false);
  return run.put(key, id, run.state.deactivated.has(key) ? 'reactivate' : 'update');
}

/** Access removed or user deleted in OneLogin: the drop-down "When users are deleted in OneLogin…" (O3). */
export async function revoke(run: OneLoginRun, key: string, why: string): Promise<void> {
  run.ctx.directory.get(key);
  run.state.assigned.delete(key);
  const id = run.state.provisioned.get(key);
  if (id === undefined) {
    run.note(`${key} ${why}; it was never provisioned, so OneLogin sends nothing.`);
    return;
  }
  switch (run.config.onUnassign) {
    case 'nothing':
      run.note(`${key} ${why}; onUnassign is "Do nothing", so OneLogin sends nothing.`);
      return;
    case 'suspend':
      if (run.state.deactivated.has(key)) {
        run.note(`${key} ${why}; it is already suspended.`);
        return;
      }
      return run.put(key, id, 'suspend');
    case 'delete':
      return deleteUser(run, key, id, why);
  }
}

async function deleteUser(run: OneLoginRun, key: string, id: string, why: string): Promise<void> {
  const exchange = await run.send({ method: 'DELETE', path: userPath(id) }, 'delete', `delete ${key}`, BEHAVIOUR.deleteUser);
  const status = exchange.response?.status;
  if (status === 204 || status === 200 || status === 404) {
    run.state.provisioned.delete(key);
    run.state.deactivated.delete(key);
    run.note(`${key} ${why}; OneLogin deleted it at the target (${statusOf(exchange)}).`);
    return;
  }
  run.fail(key, 'delete', exchange);
}

/**
 * Users → Apply to All → Reapply Mappings (D5): every assigned user is sent again. A user left out of
 * `assigned` lost access since the last sync, and OneLogin applied onUnassign to it then.
 */
export async function fullSync(run: OneLoginRun, assigned: string[] | undefined): Promise<void> {
  await syncAssignments(run.ctx, assigned, async (dropped) => {
    for (const key of dropped) await revoke(run, key, 'lost access to the app');
  });
  const keys = run.ctx.directory.keys().filter((key) => run.state.assigned.has(key));
  for (const key of keys) {
    const id = run.state.provisioned.get(key);
    if (id === undefined) await run.create(key, true);
    else await run.put(key, id, run.state.deactivated.has(key) ? 'reactivate' : 'reapply');
  }
  run.note(`Reapply Mappings sent ${keys.length} assigned users.`);
}
