/**
 * OneLogin's "SCIM Provisioner with SAML (SCIM v2 Core)" app: its declaration plus what it sends for each
 * provisioning event. Traffic per action (headers: the admin's Custom Headers + Authorization):
 *
 * | action | requests |
 * |---|---|
 * | testConnection | `GET /Users?filter=userName eq "<a GUID no user has>"`; 200 (empty list) or 404 pass |
 * | assign / reassign (new) | `GET /Users?filter=userName eq "<scimusername>"`, then `POST /Users` (rendered template), or link the user found |
 * | assign / reassign (suspended) | `PUT /Users/{id}` rendered template + `active: true` |
 * | update (user has app access) | `PUT /Users/{id}` rendered template + `active: true` (full replace; `activeOnPut: lifecycle` leaves active out) |
 * | unassign / delete | per `onUnassign`: suspend → `PUT /Users/{id}` template + `active: false`; delete → `DELETE /Users/{id}`; nothing → none |
 * | fullSync (Reapply Mappings) | a user left out of `assigned` gets `onUnassign` first; then every assigned user: `PUT` when provisioned (linked ones too), else the create flow |
 * | pushGroup | `GET /Groups` (+ `POST /Groups` when missing), then one `PATCH /Groups/{id}` per member added or removed |
 *
 * A failed push (any answer OneLogin does not take as success) becomes an admin-visible provisioning error.
 */
import { SCHEMA } from '../../vocabulary/constants.js';
import { isObject } from '../../vocabulary/json.js';
import { pushedGroupFrom, type IdpAction, type IdpProfile } from '../profile.js';
import { ONELOGIN_DECLARATION } from './declaration.js';
import { pushGroup } from './groups.js';
import { OneLoginRun } from './run.js';
import { readSettings } from './settings.js';
import { renderTemplate } from './template.js';
import { fullSync, grant, revoke, testConnection, update } from './users.js';

/** Written in a create but not mapped values: the target sets or ignores them (RFC 7643 §3.1, read-only). */
const NOT_MAPPED = new Set(['active', 'id', 'meta']);

/**
 * The rendered template as values the target keeps: without the top-level NOT_MAPPED attributes and the
 * enterprise manager's displayName, which RFC 7643 §4.3 makes read-only (the Enterprise templates send it).
 */
function mappedValues(rendered: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const mapped = Object.fromEntries(Object.entries(rendered).filter(([name]) => !NOT_MAPPED.has(name)));
  const enterprise = mapped[SCHEMA.enterpriseUser];
  if (!isObject(enterprise) || !isObject(enterprise.manager)) return mapped;
  const { displayName: _readOnly, ...manager } = enterprise.manager;
  return { ...mapped, [SCHEMA.enterpriseUser]: { ...enterprise, manager } };
}

export const oneloginProfile: IdpProfile = {
  declaration: ONELOGIN_DECLARATION,
  perform: async (action, ctx) => {
    const read = readSettings(ctx.settings);
    if (!read.ok) return { ok: false, messages: [read.error] };
    const run = new OneLoginRun(ctx, read.config);
    await perform(run, action);
    return run.outcome();
  },
  mappedUser: (key, ctx) => {
    const read = readSettings(ctx.settings);
    if (!read.ok) return undefined;
    const rendered = renderTemplate(read.config.template, { user: ctx.directory.get(key), parameters: read.config.parameters }).value;
    return mappedValues(rendered);
  },
  pushedGroup: (name, ctx) => pushedGroupFrom(ctx.state, name),
};

async function perform(run: OneLoginRun, action: IdpAction): Promise<void> {
  switch (action.kind) {
    case 'testConnection':
      return testConnection(run);
    case 'assign':
    case 'reassign':
      for (const key of action.users) await grant(run, key);
      return;
    case 'update':
      return update(run, action.user);
    case 'unassign':
      for (const key of action.users) await revoke(run, key, 'lost access to the app');
      return;
    case 'delete':
      for (const key of action.users) await revoke(run, key, 'was deleted in OneLogin');
      return;
    case 'fullSync':
      return fullSync(run, action.assigned);
    case 'pushGroup':
      if (action.renameTo !== undefined || action.delete) {
        // L-11: OneLogin's calls (O1) are Get Groups, Create Group and Patch Group: membership only.
        run.refuse(`OneLogin does not push a group ${action.delete ? 'deletion' : 'rename'}: it provisions group membership only (PATCH /Groups/{id} member add/remove).`);
        return;
      }
      return pushGroup(run, action.name, action.members);
  }
}
