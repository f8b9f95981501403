/**
 * The Okta profile: a SCIM 2.0 app integration with "HTTP Header" auth, replayed as Okta sends it and as
 * `okta/declaration.ts` declares it with its evidence (../shared/docs/idp-fidelity-audit.md, section 1).
 * A failed push is `ok: false` plus an admin task, as in Okta. Modules: `okta/declaration.ts` (settings,
 * traffic, behaviours, sources), `okta/config.ts` (settings reader), `okta/mapping.ts` (attribute
 * mappings), `okta/client.ts` (one action's run), `okta/users.ts`, `okta/groups.ts`.
 */
import { OktaRun } from './okta/client.js';
import { readConfig } from './okta/config.js';
import { OKTA_DECLARATION } from './okta/declaration.js';
import { pushGroup } from './okta/groups.js';
import { userBody } from './okta/mapping.js';
import { assign, fullSync, reassign, testConnection, unassign, update } from './okta/users.js';
import { pushedGroupFrom, type ActionOutcome, type IdpAction, type IdpContext, type IdpProfile } from './profile.js';

async function perform(action: IdpAction, ctx: IdpContext): Promise<ActionOutcome> {
  const read = readConfig(ctx.settings);
  if ('error' in read) return { ok: false, messages: [read.error] };
  const run = new OktaRun(ctx, read.config);
  switch (action.kind) {
    case 'testConnection':
      await testConnection(run);
      break;
    case 'assign':
      await assign(run, action.users);
      break;
    case 'update':
      await update(run, action.user);
      break;
    case 'unassign':
      await unassign(run, action.users, 'unassign');
      break;
    case 'reassign':
      await reassign(run, action.users);
      break;
    case 'delete':
      // Deleting a user in Okta first deactivates it: the app gets the deactivation, never a DELETE.
      await unassign(run, action.users, 'delete');
      break;
    case 'fullSync':
      await fullSync(run, action.assigned);
      break;
    case 'pushGroup':
      await pushGroup(run, { name: action.name, members: action.members, renameTo: action.renameTo, delete: action.delete === true });
      break;
  }
  return run.outcome();
}

export const oktaProfile: IdpProfile = {
  declaration: OKTA_DECLARATION,
  perform,
  mappedUser: (key, ctx) => {
    const read = readConfig(ctx.settings);
    if ('error' in read || !read.config.provisioning.updateAttributes) return undefined;
    const { active: _active, ...mapped } = userBody(ctx.directory.get(key), read.config.mappings, true);
    return mapped;
  },
  pushedGroup: (name, ctx) => pushedGroupFrom(ctx.state, name),
};
