/**
 * Outcome checks: the end state an IdP relies on after a flow, judged on the target's answers rather
 * than on one exchange's shape. They sit beside the spec checks, with ids, sources and levels of their own,
 * and are produced by the scenario's `expect` steps, by every lifecycle action (harness/runner/lifecycle.ts)
 * and by every full sync.
 */
import type { Exchange, Finding } from '../model.js';
import { finding, type CheckInfo } from './check.js';
import { findCheck as findSpecCheck } from './catalogue.js';

/** An outcome check is described like a spec check; the runner judges it from `expect` steps and full syncs. */
export type OutcomeCheck = CheckInfo;

export const OUTCOME_ID_PATTERN = /^idp\.[a-z-]+\.[a-z0-9-]+$/;

export const OUTCOME_CHECKS = {
  deactivatedReadable: {
    id: 'idp.deactivate.still-readable',
    rfc: 'RFC 7643 §4.1.1; Entra ID SCIM validator',
    level: 'MUST',
    area: 'deactivate',
    title: 'A deactivated (suspended) user still reads back, with active false',
    quote: 'A GET after a disable must still return the user with active:false (the Entra validator checks this).',
    hint:
      'Treat `active: false` (Okta\'s deactivation PUT or PATCH, Entra\'s Replace active "False", OneLogin\'s suspend PUT) as a suspension: keep the user and answer GET /Users/{id} with 200 and a boolean `active: false`, not 404.',
  },
  reactivated: {
    id: 'idp.reassign.active',
    rfc: 'RFC 7643 §4.1.1',
    level: 'MUST',
    area: 'deactivate',
    title: 'A reassigned user is active again',
    quote: "active: A Boolean value indicating the User's administrative status.",
    hint:
      'When the IdP sends `active: true` again (Okta\'s reactivation, Entra\'s Replace active "True" as a string, OneLogin\'s PUT), store the user as active and return `"active": true` on the next GET.',
  },
  reactivatedAttributes: {
    id: 'idp.reassign.attributes',
    rfc: 'RFC 7643 §4.1.1; RFC 7644 §3.5.2',
    level: 'MUST',
    area: 'deactivate',
    title: 'A reactivated user keeps the attributes it had when it was deactivated',
    quote: 'Okta reactivates with PATCH {"op":"replace","value":{"active":true}}, Entra with Replace active "True": only active changes, so the rest of the user must be as it was.',
    hint:
      'Apply a PATCH that only replaces `active` to that attribute alone: reactivating must not clear or reset name, emails, externalId or extension values stored before the deactivation.',
  },
  gone: {
    id: 'idp.delete.gone',
    rfc: 'RFC 7644 §3.6',
    level: 'MUST',
    area: 'delete',
    title: 'A deleted user is gone from the target',
    quote: 'Service providers MAY choose not to permanently delete the resource, but MUST return a 404 (Not Found) error code for all operations associated with the previously deleted resource.',
    hint:
      'After DELETE /Users/{id}, answer GET, PUT, PATCH and DELETE on that id with 404 and a SCIM Error, and leave it out of `userName eq` results, even if you only soft-delete it internally.',
  },
  provisioned: {
    id: 'idp.assign.exists',
    rfc: 'RFC 7644 §3.3',
    level: 'MUST',
    area: 'create',
    title: 'An assigned user exists at the target, active (read by its id, or found by userName)',
    quote: 'When the service provider successfully creates the new resource, an HTTP response SHALL be returned with HTTP status code 201 (Created).',
    hint:
      'Persist the user the IdP\'s POST /Users created, so GET /Users/{id} (the id from your 201 body) returns it with `active` true or absent, and `filter=userName eq "…"` finds it.',
  },
  attributes: {
    id: 'idp.update.attributes',
    rfc: 'IdP attribute mappings ("Push Profile Updates"); RFC 7644 §3.5',
    level: 'MUST',
    area: 'update',
    title: 'The target holds the attribute values the IdP mapped and pushed',
    quote: 'The IdP pushes the mapped attributes on every profile update; reading the user back must show them.',
    hint:
      'Store every attribute the IdP\'s PUT or PATCH sends (name.givenName, emails[type eq "work"].value, externalId, extension values) and return the new values on the next GET, instead of dropping those you do not model.',
  },
  dockerRole: {
    id: 'idp.roles.docker-role',
    rfc: 'Docker Hub SCIM: role mapping',
    level: 'MUST',
    area: 'roles',
    title: 'The target reports the dockerRole the IdP mapped (unset means member)',
    quote: 'dockerRole: member, editor, owner; unset means member. Role mapping applies on every SCIM sync.',
    hint:
      'Store `dockerRole` from the `urn:ietf:params:scim:schemas:extension:docker:2.0:User` extension on POST, PUT and PATCH, and return it in that extension on GET (member, editor or owner; none sent means member).',
  },
  groupMembers: {
    id: 'idp.groups.members',
    rfc: 'RFC 7643 §4.2',
    level: 'MUST',
    area: 'groups',
    title: 'A pushed group exists with exactly the pushed members',
    quote: 'members: A list of members of the Group.',
    hint:
      "Apply the IdP's group PUT (Okta's wizard app) or PATCH add/remove of `members` (Okta OIN, Entra, OneLogin), so GET /Groups/{id} shows the pushed displayName and exactly those user ids in `members[].value`.",
  },
  fullSync: {
    id: 'idp.full-sync.assigned',
    rfc: 'Okta "Reapply Mappings", Entra initial cycle, OneLogin "Reapply Mappings"',
    level: 'MUST',
    area: 'full-sync',
    title: 'After a full sync the target holds every assigned user once, active',
    quote: 'A full sync provisions every assigned user not yet provisioned and updates the others.',
    hint:
      'Answer the IdP\'s `filter=userName eq "…"` lookup with the user you already hold so a resync updates instead of creating again, and refuse a duplicate userName with 409 uniqueness: every assigned user exists once, active.',
  },
  fullSyncAttributes: {
    id: 'idp.full-sync.attributes',
    rfc: 'Okta "Reapply Mappings", Entra initial cycle, OneLogin "Reapply Mappings"; RFC 7644 §3.3, §3.5',
    level: 'MUST',
    area: 'full-sync',
    title: 'After a full sync each assigned user holds the attribute values the IdP maps',
    quote: 'Reapplying the mappings pushes every mapped attribute of every assigned user; reading each user back must show them.',
    hint:
      'Apply every attribute a reapplied-mappings PUT or PATCH sends, even to a user that already exists and changed nowhere else, so GET shows each mapped value (name, emails, externalId, extensions) after the sync.',
  },
  fullSyncDeprovisioned: {
    id: 'idp.full-sync.deprovisioned',
    rfc: 'Okta Deactivate Users, Entra scoping, OneLogin Suspend/Delete; RFC 7643 §4.1.1',
    level: 'MUST',
    area: 'full-sync',
    title: 'After a full sync no user the IdP deprovisioned is left active',
    quote: 'Users out of scope are deactivated (or deleted) by the sync; the target must not keep them active.',
    hint:
      'Honour the sync\'s deprovisioning: set `active` false on the deactivation PUT or PATCH (accepting Entra\'s string "False"), or make GET /Users/{id} answer 404 after a DELETE, so no out-of-scope user reads back active.',
  },
} as const satisfies Record<string, OutcomeCheck>;

export type OutcomeName = keyof typeof OUTCOME_CHECKS;

const byId = new Map<string, OutcomeCheck>(Object.values(OUTCOME_CHECKS).map((c) => [c.id, c]));

/** A spec check or an outcome check, by id (the runner's tally reads both). */
export function findAnyCheck(id: string): OutcomeCheck | undefined {
  return findSpecCheck(id) ?? byId.get(id);
}

export function outcomeFinding(
  name: OutcomeName,
  exchange: Exchange | undefined,
  passed: boolean,
  detail: { subject: string; expected?: unknown; actual?: unknown; message: string },
): Finding {
  const check = OUTCOME_CHECKS[name];
  if (exchange) return finding(check, exchange, passed, detail);
  return { checkId: check.id, passed, ...detail, exchangeId: undefined };
}
