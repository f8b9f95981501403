/**
 * The Okta profile: a SCIM 2.0 app integration with "HTTP Header" auth, replayed as Okta sends it
 * (../shared/docs/idp-traffic.md, Okta section): exact headers, Test Connector Configuration, Push New
 * Users (userName lookup, then create or link), Push Profile Updates (PUT or PATCH), deactivation without
 * DELETE, full sync and group push. A failed push is `ok: false` plus an admin task, as in Okta.
 * Modules: `okta/config.ts` (settings), `okta/mapping.ts` (attribute mappings), `okta/client.ts`
 * (headers, retries, memory), `okta/users.ts`, `okta/groups.ts`.
 */
import { memoryOf, OktaRun } from './okta/client.js';
import { OKTA_SETTINGS, readConfig } from './okta/config.js';
import { pushGroup } from './okta/groups.js';
import { userBody } from './okta/mapping.js';
import { assign, fullSync, reassign, testConnection, unassign, update } from './okta/users.js';
import { pushedGroupFrom, type IdpAction, type IdpContext, type IdpProfile } from './profile.js';

export { OKTA_CLIENT_OPTIONS, OKTA_USER_AGENT } from './okta/client.js';

export const oktaProfile: IdpProfile = {
  name: 'okta',
  title: 'Okta',
  settings: OKTA_SETTINGS,
  perform: async (action: IdpAction, ctx: IdpContext) => {
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
        await update(run, action.user, action.set);
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
    return { ok: run.ok, messages: run.messages };
  },
  mappedUser: (key, ctx) => {
    const read = readConfig(ctx.settings);
    if ('error' in read || !read.config.updateAttributes) return undefined;
    const { active: _active, ...mapped } = userBody(ctx.directory.get(key), read.config.mappings, true);
    return mapped;
  },
  pushedGroup: (name, ctx) => pushedGroupFrom(ctx.state, name, memoryOf(ctx.state).members),
};
