/**
 * Entra's provisioning job (E3): each cycle starts with its probes; a quarantined job retries only those until
 * they pass (E17); then the escrowed users are retried, then the cycle's own work, each user decided from what
 * Entra knows now. A failed user goes to escrow (E3, E13); a full sync is Restart provisioning, an initial cycle
 * that clears escrow and quarantine (E17). Provision on demand runs beside the job (E18), the flag aside (E1).
 */
import { errorRateQuarantine, escrowBackoff, quarantineRetryAfter, startupQuarantineReason } from './failures.js';
import { viewsDiffer } from './mapping.js';
import { newCounts } from './memory.js';
import { leaveScope, purge } from './deprovision.js';
import { probe, type ProbeFailure } from './probes.js';
import type { EntraRun } from './run.js';
import { matchAndProvision, updateUser } from './users.js';

/** The work one user needs, decided from Entra's current state (E3: each cycle evaluates the object as it is now). */
export async function reconcile(run: EntraRun, key: string): Promise<void> {
  if (run.memory.purged.has(key)) return purge(run, key);
  const id = run.state.provisioned.get(key);
  if (!run.state.assigned.has(key)) return leaveScope(run, key);
  if (id === undefined) return matchAndProvision(run, key);
  return updateUser(run, key, id, run.state.deactivated.has(key));
}

/** One user, once per activity: a failure escrows it for the next cycle, a success clears its escrow. */
export async function attempt(run: EntraRun, key: string): Promise<void> {
  if (run.attempted.has(key)) return;
  run.attempted.add(key);
  const objects = run.failureCount('object');
  const references = run.failureCount('reference');
  await reconcile(run, key);
  const failedObject = run.failureCount('object') > objects;
  const failedReference = run.failureCount('reference') > references;
  if (run.activity === 'cycle') {
    const counts = run.memory.counts;
    counts.events += 1;
    if (failedObject) counts.failures += 1;
    if (failedReference) counts.referenceFailures += 1;
  }
  if (failedObject || failedReference) escrow(run, key, run.lastFailure() ?? 'failed');
  else run.memory.escrow.delete(key);
}

function escrow(run: EntraRun, key: string, reason: string): void {
  const failures = (run.memory.escrow.get(key)?.failures ?? 0) + 1;
  run.memory.escrow.set(key, { failures, reason });
  const when = run.activity === 'onDemand' ? "the assignment stays, and the job's next cycle retries it" : `the next cycle retries it, after ${escrowBackoff(failures)} at Entra`;
  run.note(`Entra escrowed ${key} (failure ${failures}): ${when} (E3, E13).`);
}

/** Users an activity could not get to because it never started: still owed, retried by the next cycle that starts. */
function owe(run: EntraRun, keys: string[], reason: string): void {
  for (const key of keys) if (!run.memory.escrow.has(key)) run.memory.escrow.set(key, { failures: 0, reason });
  if (keys.length > 0) run.note(`Entra owes ${keys.join(', ')} the work of this activity: the next cycle that starts retries it.`);
}

/**
 * A cycle of the job: its start-up probes (the quarantine retry, when quarantined), the escrow, then `work`.
 * `keys` are the users the cycle is about, owed to the next one when this one cannot start.
 */
export async function runCycle(run: EntraRun, keys: string[], work: () => Promise<void>): Promise<void> {
  const quarantined = run.memory.quarantine;
  const failure = await probe(run, run.client, quarantined ? 'quarantine retry' : 'activity probe');
  if (failure !== undefined) {
    owe(run, keys, run.lastFailure() ?? 'the cycle did not start');
    quarantineAfter(run, failure);
    return;
  }
  if (quarantined) {
    run.memory.quarantine = undefined;
    run.note(`Entra's provisioning job left quarantine (${quarantined.reason}): its start-up calls succeed again (E17).`);
  }
  await retryEscrow(run);
  await work();
  if (run.memory.quarantine === undefined && errorRateQuarantine(run.memory.counts)) {
    run.memory.quarantine = { reason: 'more than 40% of provisioning events failed (EncounteredEscrowProportionThreshold)', retries: 0 };
    run.fail(`Entra put the provisioning job in quarantine: ${run.memory.quarantine.reason} (E17).`);
  }
}

/** A failed start-up probe: quarantine for credentials or SCIM compliance (E17), or one more failed retry. */
function quarantineAfter(run: EntraRun, failure: ProbeFailure): void {
  const current = run.memory.quarantine;
  if (current !== undefined) {
    current.retries += 1;
    run.fail(`Entra's provisioning job stays in quarantine (${current.reason}): retry ${current.retries} failed, the next is ${quarantineRetryAfter(current.retries)}; nothing else was sent (E17).`);
    return;
  }
  const reason = startupQuarantineReason(failure.status);
  if (reason === undefined) return;
  run.memory.quarantine = { reason, retries: 0 };
  run.fail(
    `Entra put the provisioning job in quarantine: ${reason}. Each later cycle first retries its start-up probe and sends nothing more while it fails (the next retry ${quarantineRetryAfter(0)}); fixing the credentials and Restart provisioning (a full sync) clears it (E3, E17).`,
  );
}

async function retryEscrow(run: EntraRun): Promise<void> {
  for (const [key, entry] of [...run.memory.escrow]) {
    if (run.attempted.has(key)) continue;
    const before = run.failureCount();
    await attempt(run, key);
    const after = entry.failures === 0 ? 'owed by an activity that never started' : `after ${entry.failures} failure(s)`;
    if (run.failureCount() === before) run.note(`Entra retried ${key} from escrow (${after}) and succeeded.`);
  }
}

// --- the actions --------------------------------------------------------------------------------------------

/** Provision on demand (E18): its own "Test connection" step (the probes), then each user; beside the job. */
export async function provisionOnDemand(run: EntraRun, keys: string[]): Promise<void> {
  for (const key of keys) run.state.assigned.add(key);
  const failure = await probe(run, run.client, 'activity probe');
  if (failure !== undefined) {
    owe(run, keys, run.lastFailure() ?? 'provision on demand did not start');
    return;
  }
  if (run.memory.quarantine !== undefined) run.note('Provision on demand ran beside the quarantined provisioning job, which stays in quarantine.');
  for (const key of keys) await attempt(run, key);
}

/** Assignments (or their removal) picked up by the next incremental cycle. */
export async function assignmentCycle(run: EntraRun, keys: string[], assigned: boolean): Promise<void> {
  for (const key of keys) {
    if (assigned) run.state.assigned.add(key);
    else run.state.assigned.delete(key);
  }
  await runCycle(run, keys, async () => {
    for (const key of keys) await attempt(run, key);
  });
}

/**
 * An attribute change in the directory: the next incremental cycle PATCHes every in-scope user whose mapped
 * values changed since Entra last pushed them, the edited user first. Users out of scope get nothing.
 */
export async function updateCycle(run: EntraRun, key: string, set: Record<string, unknown>): Promise<void> {
  if ('manager' in set) run.memory.managers.set(key, typeof set.manager === 'string' ? set.manager : null);
  const { assigned, provisioned, deactivated } = run.state;
  const inScope = (k: string) => assigned.has(k) && provisioned.has(k) && !deactivated.has(k);
  if (!inScope(key)) run.note(`Entra sends nothing for ${key}: it is not provisioned and in scope.`);
  const changed = (k: string) => viewsDiffer(run.memory.views.get(k) ?? {}, run.desired(k, k !== key));
  const keys = [key, ...[...provisioned.keys()].filter((k) => k !== key)].filter((k) => inScope(k) && changed(k));
  await runCycle(run, keys, async () => {
    for (const k of keys) await attempt(run, k);
  });
}

/**
 * Users deleted in Entra (E3): soft-deleted, so out of scope (disabled); with `onDelete: purge` also DELETEd. A
 * user unassigned earlier is no longer managed by the app: nothing is sent for it (E3 "Known limitations").
 */
export async function deleteCycle(run: EntraRun, keys: string[]): Promise<void> {
  const managed: string[] = [];
  for (const key of keys) {
    const wasAssigned = run.state.assigned.delete(key);
    if (!run.state.provisioned.has(key)) run.note(`Entra sends nothing for ${key}: it was never provisioned.`);
    else if (!wasAssigned) run.note(`Entra sends nothing for ${key}: it was unassigned earlier, so the app no longer manages it.`);
    else {
      if (run.settings.onDelete === 'purge') run.memory.purged.add(key);
      managed.push(key);
    }
  }
  await runCycle(run, managed, async () => {
    for (const key of managed) await attempt(run, key);
  });
}

/**
 * Restart provisioning (E17: "a full initial cycle will run again, which clears escrows, removes the app from
 * quarantine"; E3: links between source and target stay): match every user in scope, create the missing, update
 * the rest; then take the out-of-scope ones out. `assigned` replaces the assignments when given.
 */
export async function fullSync(run: EntraRun, assigned: string[] | undefined): Promise<void> {
  restart(run);
  if (assigned !== undefined) {
    for (const key of assigned) run.ctx.directory.get(key);
    run.state.assigned = new Set(assigned);
  }
  run.initialCycle = true;
  const inScope = run.ctx.directory.keys().filter((k) => run.state.assigned.has(k));
  await runCycle(run, [], async () => {
    for (const key of inScope) await attempt(run, key);
    for (const key of [...run.state.provisioned.keys()]) if (!run.state.assigned.has(key)) await attempt(run, key);
    run.note(`Entra's initial cycle went over ${inScope.length} user(s) in scope.`);
  });
}

function restart(run: EntraRun): void {
  const { memory } = run;
  if (memory.quarantine !== undefined) run.note(`Restart provisioning took the job out of quarantine (${memory.quarantine.reason}) (E17).`);
  if (memory.escrow.size > 0) run.note(`Restart provisioning cleared the escrow of ${[...memory.escrow.keys()].join(', ')}; the initial cycle evaluates every user again (E17).`);
  memory.quarantine = undefined;
  memory.escrow.clear();
  memory.counts = newCounts();
}
