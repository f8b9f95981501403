/**
 * Microsoft Entra ID's provisioning service (non-gallery enterprise application, "Tenant URL" + "Secret Token"),
 * as ../shared/docs/idp-fidelity-audit.md section 2 describes it: the declaration (declaration.ts) and the actions,
 * each one activity: Test Connection (probes.ts), provision on demand or a cycle of the job (job.ts: escrow,
 * quarantine), users (users.ts, deprovision.ts), groups (groups.ts), PATCH shapes (mapping.ts).
 */
import { pushedGroupFrom, type IdpAction, type IdpProfile } from '../profile.js';
import { ENTRA_DECLARATION } from './declaration.js';
import { deleteGroup, pushGroup } from './groups.js';
import { assignmentCycle, deleteCycle, fullSync, provisionOnDemand, runCycle, updateCycle } from './job.js';
import { createBody, desiredView } from './mapping.js';
import { testConnection } from './probes.js';
import { EntraRun, managerOf, type Activity } from './run.js';
import { readSettings, type EntraSettings } from './settings.js';

export const entraProfile: IdpProfile = {
  declaration: ENTRA_DECLARATION,
  perform: async (action, ctx) => {
    const read = readSettings(ctx.settings);
    if (!read.ok) return { ok: false, messages: [read.error] };
    const run = new EntraRun(ctx, read.settings, activityOf(action, read.settings));
    await act(run, action);
    return run.outcome();
  },
  mappedUser: (key, ctx) => {
    const read = readSettings(ctx.settings);
    if (!read.ok) return undefined;
    const { attributeMappings: mappings, mapDockerRoles, externalIdFrom } = read.settings;
    const view = desiredView(ctx.directory.get(key), managerOf(key, ctx).id, { mappings, mapDockerRoles, externalIdFrom });
    const { active: _active, meta: _meta, ...mapped } = createBody(view);
    return mapped;
  },
  pushedGroup: (name, ctx) => pushedGroupFrom(ctx.state, name),
};

/** Only an `assign` may be the admin's "Provision on demand"; everything else but Test Connection is the job's. */
function activityOf(action: IdpAction, settings: EntraSettings): Activity {
  if (action.kind === 'testConnection') return 'testConnection';
  return action.kind === 'assign' && settings.assignBy === 'onDemand' ? 'onDemand' : 'cycle';
}

async function act(run: EntraRun, action: IdpAction): Promise<void> {
  switch (action.kind) {
    case 'testConnection':
      return testConnection(run);
    case 'assign':
      return run.activity === 'onDemand' ? provisionOnDemand(run, action.users) : assignmentCycle(run, action.users, true);
    case 'reassign':
      return assignmentCycle(run, action.users, true);
    case 'unassign':
      return assignmentCycle(run, action.users, false);
    case 'update':
      return updateCycle(run, action.user, action.set);
    case 'delete':
      return deleteCycle(run, action.users);
    case 'fullSync':
      return fullSync(run, action.assigned);
    case 'pushGroup':
      return runCycle(run, [], () => (action.delete ? deleteGroup(run, action.name) : pushGroup(run, action.name, action.members, action.renameTo)));
  }
}
