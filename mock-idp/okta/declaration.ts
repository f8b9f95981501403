/**
 * What the Okta profile declares: its settings (the scenario format for `idp: okta`), its traffic, and every
 * behaviour it enacts with the evidence it rests on (tags of ../shared/docs/idp-fidelity-audit.md, section 1).
 */
import type { Behaviour, IdpDeclaration, SettingDeclaration, Source } from '../declaration.js';

/** The behaviour ids requests carry; each is declared in {@link OKTA_BEHAVIOURS}. */
export const OKTA = {
  testUsers: 'okta.test-connector.users',
  testGroups: 'okta.test-connector.groups',
  userLookup: 'okta.user.lookup',
  userCreate: 'okta.user.create',
  userLink: 'okta.user.link-put',
  userUpdate: 'okta.user.update-put',
  deactivatePut: 'okta.user.deactivate-put',
  deactivatePatch: 'okta.user.deactivate-patch',
  reactivatePut: 'okta.user.reactivate-put',
  reactivatePatch: 'okta.user.reactivate-patch',
  deleteDeactivates: 'okta.user.delete-deactivates',
  groupLookup: 'okta.group.lookup',
  groupCreate: 'okta.group.create',
  groupFullPush: 'okta.group.full-push-patch',
  groupMembers: 'okta.group.members-patch',
  groupRename: 'okta.group.rename-patch',
  groupPut: 'okta.group.put',
  groupDelete: 'okta.group.delete',
} as const;

export type OktaBehaviour = (typeof OKTA)[keyof typeof OKTA];

const OKTA_SCIM_20 = 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20';

export const OKTA_SOURCES: Readonly<Record<string, Source>> = {
  S1: { title: 'Okta, Okta and SCIM Version 2.0 (current text)', url: OKTA_SCIM_20, kind: 'documented' },
  S2: {
    title: 'Okta, Okta and SCIM Version 2.0 (2019–2021 revision)',
    url: 'https://github.com/okta/okta-developer-docs/blob/02e8ee86314bfa4795f3cd29fe9465cce3a0a20a/packages/@okta/vuepress-site/docs/reference/scim/scim-20/index.md',
    kind: 'documented',
  },
  S3: { title: 'Okta, Okta and SCIM Version 1.1', url: 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-11', kind: 'documented' },
  S4: { title: 'Okta, SCIM – frequently asked questions', url: 'https://developer.okta.com/docs/concepts/scim/faqs/', kind: 'documented' },
  S5: { title: 'okta/okta-developer-docs PR #821 (technical review: user PATCH only for activation and passwords)', url: 'https://github.com/okta/okta-developer-docs/pull/821', kind: 'documented' },
  S6: { title: 'oktadeveloper/okta-blog-archive PR #1956 (captured Okta requests, Okta staff)', url: 'https://github.com/oktadeveloper/okta-blog-archive/pull/1956', kind: 'reported' },
  S7: { title: 'goauthentik/authentik #25686 (Okta Push Groups member removal by value filter)', url: 'https://github.com/goauthentik/authentik/issues/25686', kind: 'reported' },
  S8: { title: 'Captain-P-Goldfish/SCIM-SDK #757 (replace members [] on Push now)', url: 'https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/757', kind: 'reported' },
  S9: { title: 'Captain-P-Goldfish/SCIM-SDK #419 (Okta adds members as {value, display})', url: 'https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/419', kind: 'reported' },
  S10: {
    title: 'Okta support, Slack provisioning jobs failed with error "Rate Limit Exceeded"',
    url: 'https://support.okta.com/help/s/article/slack-provisioning-jobs-failed-with-error-api-rate-limit-exceeded-rate-limit-exceeded',
    kind: 'reported',
  },
  D1: { title: "Docker, Provision users with SCIM (Okta's mappings and the Docker extension)", url: 'https://docs.docker.com/enterprise/security/provisioning/scim/provision-scim/', kind: 'reported' },
  D5: { title: 'Docker, SCIM provisioning (Okta: Create App Integration > SAML 2.0, keep four mappings)', url: 'https://docs.docker.com/enterprise/security/provisioning/scim/', kind: 'reported' },
};

const boolean = { type: 'boolean' } as const;

export const OKTA_SETTINGS: Readonly<Record<string, SettingDeclaration>> = {
  provisioning: {
    description: 'The "To App" checkboxes of the Provisioning tab.',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        createUsers: { ...boolean, default: true, description: 'Create Users: an assignment looks the user up and creates or links it; off, it stays pending and nothing is sent.' },
        updateAttributes: { ...boolean, default: true, description: 'Update User Attributes: profile changes and full syncs push the profile (GET + PUT); off, nothing is sent.' },
        deactivateUsers: { ...boolean, default: true, description: 'Deactivate Users: unassigning or deleting deactivates the user at the app, reassigning reactivates it; off, nothing is sent.' },
      },
    },
    default: { createUsers: true, updateAttributes: true, deactivateUsers: true },
    sources: ['S1'],
  },
  appKind: {
    description:
      '`wizard` (App Integration Wizard, what Docker\'s guide builds): every user update, deactivation and reactivation is GET + PUT, group membership and renames a PUT of the whole group; `oin` (catalogue app): deactivation and reactivation by a path-less PATCH of `active`, group membership by PATCH. Profile updates are GET + PUT for both.',
    schema: { enum: ['wizard', 'oin'] },
    default: 'wizard',
    sources: ['S1', 'S4', 'S5', 'D5'],
  },
  pushGroups: {
    description: 'Push Groups: Test Connector also lists /Groups, and pushGroup steps look the group up by displayName, create or link it, push its members and delete it.',
    schema: boolean,
    default: false,
    sources: ['S1', 'S3'],
  },
  mappings: {
    description: 'The "To App" attribute mappings beyond username, given name, family name and email, which are always mapped (Docker\'s guide keeps only those four).',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        displayName: { ...boolean, default: false, description: 'Map `displayName` (Okta\'s default app profile has it; Docker\'s guide removes it). Unmapped, PUTs echo whatever the target holds.' },
        docker: {
          ...boolean,
          default: true,
          description: 'Map dockerRole, dockerOrg and dockerTeam into `urn:ietf:params:scim:schemas:extension:docker:2.0:User`; only users with one set carry the extension.',
        },
        externalId: { ...boolean, default: false, description: 'Map the Okta user id as `externalId`.' },
        locale: { ...boolean, default: false, description: 'Map `locale`.' },
      },
    },
    default: { displayName: false, docker: true, externalId: false, locale: false },
    sources: ['D1', 'D5', 'S1'],
  },
};

export const OKTA_BEHAVIOURS: readonly Behaviour[] = [
  {
    id: OKTA.testUsers,
    title: 'Test Connector Configuration sends GET /Users?startIndex=1&count=2 and wants a 200 ListResponse with integer totalResults, startIndex and itemsPerPage.',
    audit: 'O-2',
    sources: ['S3', 'S1'],
  },
  {
    id: OKTA.testGroups,
    title: 'Test Connector Configuration also sends GET /Groups?startIndex=1&count=100.',
    audit: 'O-2',
    sources: ['S3'],
    note: 'S3 lists both requests; whether /Groups is probed without Push Groups is not stated, so it is sent only with pushGroups.',
    settings: ['pushGroups'],
  },
  {
    id: OKTA.userLookup,
    title: 'Before creating, GET /Users?filter=userName eq "<login>"&startIndex=1&count=100 (spaces as %20); an empty list or a 404 means no match.',
    audit: 'O-3',
    sources: ['S1', 'S3'],
    settings: ['provisioning.createUsers'],
  },
  {
    id: OKTA.userCreate,
    title: 'POST /Users with the mapped profile, active:true, a generated password and groups: []; 201 with an id expected, a 409 fails the push.',
    audit: 'O-5',
    sources: ['S1', 'S3', 'D1', 'D5'],
    settings: ['provisioning.createUsers', 'mappings'],
  },
  {
    id: OKTA.userLink,
    title: 'A lookup match is linked and its application profile sent at once: PUT /Users/{id} of the user as found (without meta) with the mapped attributes and active:true, which also reactivates an inactive user.',
    audit: 'O-7',
    sources: ['S1', 'S3'],
    note: 'S3 shows the PUT right after the match, with active:true and without meta; no source shows a separate reactivation of an inactive match (O-8), so the PUT\'s active:true is all, for both app kinds.',
    settings: ['provisioning.createUsers', 'mappings'],
  },
  {
    id: OKTA.userUpdate,
    title: 'Push Profile Updates: GET /Users/{id}, then PUT of what the GET returned (meta and groups echoed) with the mapped attributes set and active:true. Okta never sends a profile-update PATCH.',
    audit: 'O-9',
    sources: ['S1', 'S3', 'S4', 'S5'],
    settings: ['provisioning.updateAttributes', 'mappings'],
  },
  {
    id: OKTA.deactivatePut,
    title: 'App Integration Wizard apps deactivate (unassign) by GET /Users/{id}, then PUT of the whole user with active:false.',
    audit: 'O-11',
    sources: ['S1', 'S4', 'S6', 'D5'],
    settings: ['appKind', 'provisioning.deactivateUsers'],
  },
  {
    id: OKTA.deactivatePatch,
    title: 'OIN apps deactivate (unassign) by PATCH /Users/{id} {"op":"replace","value":{"active":false}} without a path.',
    audit: 'O-11',
    sources: ['S1', 'S4'],
    settings: ['appKind', 'provisioning.deactivateUsers'],
  },
  {
    id: OKTA.reactivatePut,
    title: 'App Integration Wizard apps reactivate (reassign) by GET /Users/{id}, then PUT of the whole user with active:true.',
    audit: 'O-11',
    sources: ['S1', 'S4', 'D5'],
    settings: ['appKind', 'provisioning.deactivateUsers'],
  },
  {
    id: OKTA.reactivatePatch,
    title: 'OIN apps reactivate (reassign) by PATCH /Users/{id} {"op":"replace","value":{"active":true}} without a path.',
    audit: 'O-11',
    sources: ['S1'],
    settings: ['appKind', 'provisioning.deactivateUsers'],
  },
  {
    id: OKTA.deleteDeactivates,
    title: 'Deleting a user in Okta deactivates it at the app (PUT or PATCH by app kind); Okta never sends DELETE /Users.',
    audit: 'O-12',
    sources: ['S1', 'S4'],
    settings: ['appKind', 'provisioning.deactivateUsers'],
  },
  {
    id: OKTA.groupLookup,
    title: 'Pushing a group first sends GET /Groups?filter=displayName eq "<name>"&startIndex=1&count=100; a match is linked instead of created.',
    audit: 'O-18',
    sources: ['S1'],
    settings: ['pushGroups'],
  },
  {
    id: OKTA.groupCreate,
    title: 'POST /Groups {schemas, displayName, members: []}; 201 with an id expected.',
    audit: 'O-18',
    sources: ['S1', 'S2'],
    settings: ['pushGroups'],
  },
  {
    id: OKTA.groupFullPush,
    title: 'OIN apps push a group\'s whole membership on its first push ("Push now") as PATCH {"op":"replace","path":"members","value":[{value, display}…]}, [] for an empty group.',
    audit: 'O-19',
    sources: ['S1', 'S8'],
    note: 'S8 reports the full push on "Push now"; that the first push of a created or linked group is one is our reading of the Push Groups dialog\'s "Push immediately".',
    settings: ['appKind', 'pushGroups'],
  },
  {
    id: OKTA.groupMembers,
    title: 'OIN apps update membership with one PATCH: {"op":"remove","path":"members[value eq \\"<id>\\"]"} per removed member, then one {"op":"add","path":"members","value":[{value, display}…]}; only members provisioned to the app are pushed.',
    audit: 'O-19',
    sources: ['S1', 'S7', 'S9'],
    settings: ['appKind', 'pushGroups'],
  },
  {
    id: OKTA.groupRename,
    title: 'OIN apps send the path-less PATCH {"op":"replace","value":{"id","displayName"}} after every membership update, and to rename.',
    audit: 'O-20',
    sources: ['S1'],
    settings: ['appKind', 'pushGroups'],
  },
  {
    id: OKTA.groupPut,
    title: 'App Integration Wizard apps send every membership update and rename as PUT /Groups/{id} {schemas, id, displayName, members: [{value, display}…]}.',
    audit: 'O-19',
    sources: ['S1', 'S6'],
    note: 'S6 shows the PUT body with id; S1 says AIW apps update group names and membership by PUT.',
    settings: ['appKind', 'pushGroups'],
  },
  {
    id: OKTA.groupDelete,
    title: '"Unlink pushed group → Delete the group in the target app" sends DELETE /Groups/{id}; the users stay.',
    audit: 'O-21',
    sources: ['S1'],
    settings: ['pushGroups'],
  },
];

export const OKTA_DECLARATION: IdpDeclaration = {
  name: 'okta',
  title: 'Okta',
  summary: 'A SCIM 2.0 app integration with HTTP Header auth: App Integration Wizard app by default (Docker\'s guide), or an OIN catalogue app (`appKind: oin`).',
  groupSetting: 'pushGroups',
  settings: OKTA_SETTINGS,
  traffic: {
    headers: { Accept: 'application/scim+json', 'Accept-Charset': 'utf-8', 'User-Agent': 'Okta SCIM Client 1.0.0' },
    bodyHeaders: { 'Content-Type': 'application/scim+json; charset=utf-8' },
    spaceAs: '%20',
    // Okta waits out a 429's Retry-After and tries again (S10); it never retries other errors.
    retry: { retryOn: [429], maxAttempts: 5, defaultWaitMs: 60_000 },
    sources: ['S6', 'S1', 'S3', 'S10'],
  },
  sources: OKTA_SOURCES,
  behaviours: OKTA_BEHAVIOURS,
  // The Provisioning tab's "To App" options and the Push Groups tab (S1; audit O-2, O-9, O-11, O-12, O-16, O-18).
  // Okta has no separate switch for reactivation or for a deleted user: both ride on "Deactivate Users".
  actionNames: {
    testConnection: 'Test Connector Configuration',
    assign: 'Create Users',
    update: 'Update User Attributes',
    unassign: 'Deactivate Users',
    reassign: 'Reactivate Users',
    delete: 'Deactivate Users (user deleted in Okta)',
    fullSync: 'Reapply Mappings',
    pushGroup: 'Push Groups',
  },
};
