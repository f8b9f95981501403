/**
 * What the Microsoft Entra ID profile declares: its settings (the scenario format for `idp: entra`), its traffic,
 * and every behaviour it enacts with the evidence it rests on (tags of ../shared/docs/idp-fidelity-audit.md,
 * section 2; E17 and E18 are Microsoft pages the audit does not list yet, cited for escrow, quarantine and
 * provision on demand).
 */
import type { Behaviour, IdpDeclaration, SettingDeclaration, Source } from '../declaration.js';

/** The behaviour ids requests carry; each is declared in {@link ENTRA_BEHAVIOURS}. */
export const ENTRA = {
  testUsers: 'entra.test-connection.users',
  testGroups: 'entra.test-connection.groups',
  activityProbe: 'entra.activity-probe',
  userMatch: 'entra.user.match',
  userCreate: 'entra.user.create',
  userLink: 'entra.user.link-patch',
  userRead: 'entra.user.read-before-update',
  userUpdate: 'entra.user.update-patch',
  managerCheck: 'entra.user.manager-check',
  userReactivate: 'entra.user.reactivate-patch',
  userDisable: 'entra.user.disable-patch',
  userPurge: 'entra.user.delete-purged',
  userDeleteOnUnassign: 'entra.user.delete-on-unassign',
  patchFlag: 'entra.patch.aadoptscim062020',
  groupMatch: 'entra.group.match',
  groupCreate: 'entra.group.create',
  groupMembers: 'entra.group.members-patch',
  groupMemberCheck: 'entra.group.member-check',
  groupRename: 'entra.group.rename-patch',
  groupDelete: 'entra.group.delete',
  quarantine: 'entra.job.quarantine',
} as const;

export type EntraBehaviour = (typeof ENTRA)[keyof typeof ENTRA];

const LEARN = 'https://learn.microsoft.com/en-us/entra/identity/app-provisioning';
const QNA = 'https://learn.microsoft.com/en-us/answers/questions';

export const ENTRA_SOURCES: Readonly<Record<string, Source>> = {
  E1: { title: 'Microsoft, Known issues and resolutions with SCIM 2.0 protocol compliance', url: `${LEARN}/application-provisioning-config-problem-scim-compatibility`, kind: 'documented' },
  E2: { title: 'Microsoft, Tutorial: Develop and plan provisioning for a SCIM endpoint', url: `${LEARN}/use-scim-to-provision-users-and-groups`, kind: 'documented' },
  E3: { title: 'Microsoft, How Application Provisioning works', url: `${LEARN}/how-provisioning-works`, kind: 'documented' },
  E4: { title: 'MicrosoftDocs/azure-docs #12728 (Content-Type with charset)', url: 'https://github.com/MicrosoftDocs/azure-docs/issues/12728', kind: 'reported' },
  E5: { title: 'AzureAD/SCIMReferenceCode #63 (random-GUID probes at the start of any activity)', url: 'https://github.com/AzureAD/SCIMReferenceCode/issues/63', kind: 'reported' },
  E6: { title: 'MicrosoftDocs/azure-docs #11784 (GET by id, externalId filter, POST 409, PATCH)', url: 'https://github.com/MicrosoftDocs/azure-docs/issues/11784', kind: 'reported' },
  E7: { title: 'Captain-P-Goldfish/SCIM-SDK #686 (manager set as a bare id string)', url: 'https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/686', kind: 'reported' },
  E8: { title: 'thomaspoignant/scim-patch #453 (manager removed with manager[value eq "…"])', url: 'https://github.com/thomaspoignant/scim-patch/issues/453', kind: 'reported' },
  E9: { title: 'apache/directory-scimple #447 (member removal by value list; also scim-patch #959, SCIM-SDK #167, ssoready #182)', url: 'https://github.com/apache/directory-scimple/issues/447', kind: 'reported' },
  E10: { title: 'rancher/rancher #52996 ("False" strings and op "Add" when deprovisioning; also #54025)', url: 'https://github.com/rancher/rancher/issues/52996', kind: 'reported' },
  E11: { title: 'Unleash PR #9336 (non-compliant shapes without aadOptscim062020)', url: 'https://github.com/Unleash/unleash/pull/9336', kind: 'reported' },
  E12: { title: 'kortix-ai/suna PR #7297 (Test Connection without User-Agent; one member removed emptied a group)', url: 'https://github.com/kortix-ai/suna/pull/7297', kind: 'reported' },
  E13: {
    title: 'Throttling and failures: Azure feedback 38354572; MS Q&A 1922038, 2284725, 1278038/1319983 (escrow back-off 30 m → 1 h → 2 h), 1233453, 1151866',
    url: `${QNA}/1278038`,
    kind: 'reported',
  },
  E14: { title: 'limosa-io/laravel-scim-server #34 (multi-op PATCH with value-filter and enterprise paths; also ssoready #228)', url: 'https://github.com/limosa-io/laravel-scim-server/issues/34', kind: 'reported' },
  E15: { title: 'Microsoft, Clear attribute values (Preview)', url: `${LEARN}/clear-attribute-values`, kind: 'documented' },
  E16: { title: 'Metatavu/keycloak-scim-server #35 (op Add on emails[type eq "work"].value; also wireapp/wire-server #5419)', url: 'https://github.com/Metatavu/keycloak-scim-server/issues/35', kind: 'reported' },
  E17: { title: 'Microsoft, Application provisioning in quarantine status', url: `${LEARN}/application-provisioning-quarantine-status`, kind: 'documented' },
  E18: { title: 'Microsoft, On-demand provisioning in Microsoft Entra ID', url: `${LEARN}/provision-on-demand`, kind: 'documented' },
  D1: { title: "Docker, Provision users with SCIM (Entra's mappings and the Docker extension)", url: 'https://docs.docker.com/enterprise/security/provisioning/scim/provision-scim/', kind: 'reported' },
  D2: { title: 'Docker, Group mapping (Entra group provisioning)', url: 'https://docs.docker.com/enterprise/security/provisioning/scim/group-mapping/', kind: 'reported' },
  D5: { title: 'Docker, SCIM provisioning (Entra ID SAML 2.0: Test Connection, group provisioning off)', url: 'https://docs.docker.com/enterprise/security/provisioning/scim/', kind: 'reported' },
};

/**
 * Entra does not document the User-Agent of its provisioning service; this default says who is calling and
 * can be replaced with what a tenant's logs show (`userAgent`).
 */
export const DEFAULT_USER_AGENT = 'Microsoft-Entra-Provisioning/1.0 (scim-conformance mock-idp)';

const boolean = { type: 'boolean' } as const;

export const ENTRA_SETTINGS: Readonly<Record<string, SettingDeclaration>> = {
  matchingAttribute: {
    description:
      'The SCIM attribute Entra filters on ("Match objects using this attribute") before creating a user and before each update or reactivation: `userName` (the UPN), `externalId`, `emails[type eq "work"].value`, or another mapped attribute path.',
    schema: { title: 'Matching attribute', type: 'string', minLength: 1, examples: ['userName', 'externalId', 'emails[type eq "work"].value'] },
    default: 'userName',
    sources: ['E2', 'E3', 'E6'],
  },
  provisionGroups: {
    description:
      'Group provisioning ("Provision Microsoft Entra ID Groups") is on: pushGroup steps look groups up by displayName, create them and PATCH their members, and every activity also probes a random group (Docker\'s setup guide turns it off).',
    schema: { title: 'Provision Microsoft Entra ID Groups', ...boolean },
    default: false,
    sources: ['E2', 'D2', 'D5'],
  },
  booleanStrings: {
    description: 'PATCH booleans travel as the strings "True"/"False", as Entra sends them without the aadOptscim062020 flag; false sends real JSON booleans and nothing else changes.',
    schema: { title: 'Booleans as strings', ...boolean },
    default: true,
    sources: ['E1', 'E10', 'E11'],
  },
  aadOptscim062020: {
    description:
      'The Tenant URL carries Microsoft\'s aadOptscim062020 flag: in cycles, lower-case ops, real booleans, several replaces grouped into one `replace` without a path keyed by attribute path, members removed one by one with a `members[value eq "id"]` path. Provision on demand ignores the flag (E1).',
    schema: { title: 'aadOptscim062020 flag', ...boolean },
    default: false,
    sources: ['E1', 'E11'],
  },
  userAgent: {
    description: `The User-Agent on provisioning traffic (Test Connection sends none, E12). Microsoft documents none, so the default, "${DEFAULT_USER_AGENT}", only says who is calling.`,
    schema: { title: 'User-Agent', type: 'string', minLength: 1 },
    default: DEFAULT_USER_AGENT,
  },
  assignBy: {
    description:
      'What an `assign` step is: `onDemand` (default), the admin\'s "Provision on demand" (no aadOptscim062020 shapes, runs even while the job is in quarantine), or `cycle`, the assignment picked up by the job\'s next incremental cycle. Reassign, update, unassign, delete, fullSync and pushGroup are always cycles.',
    schema: { title: 'Assign by', enum: ['onDemand', 'cycle'] },
    default: 'onDemand',
    sources: ['E1', 'E3', 'E18'],
  },
  onUnassign: {
    description:
      '`disable` (default): a user leaving scope (unassigned, or soft-deleted) is disabled with PATCH active "False"; `delete`: DELETE /Users/{id} instead, which Microsoft supports "for a limited set of gallery applications", not configurable by customers, so never for Docker\'s non-gallery app.',
    schema: { title: 'On unassign', enum: ['disable', 'delete'] },
    default: 'disable',
    sources: ['E3'],
  },
  onDelete: {
    description:
      '`disable` (default): a user deleted in Entra is soft-deleted, which Entra provisions as PATCH active "False"; `purge`: it was permanently deleted (or 30 days passed), so Entra disables it, then sends DELETE /Users/{id}. A user unassigned earlier is no longer managed: deleting it sends nothing.',
    schema: { title: 'A user deleted in Entra', enum: ['disable', 'purge'] },
    default: 'disable',
    sources: ['E3'],
  },
  attributeMappings: {
    description:
      '`default`: Entra\'s default user mappings (userName, active, displayName, title, work email, name, mobile phone, externalId, enterprise department, employeeNumber, manager); `docker`: only what Docker\'s setup guide keeps (userName, active, givenName, familyName).',
    schema: { title: 'Attribute mappings', enum: ['default', 'docker'] },
    default: 'default',
    sources: ['E2', 'D1', 'D5'],
  },
  externalIdFrom: {
    description:
      'The source of `externalId` in the default mappings: `mailNickname` (default, E2\'s default mapping table; the mail alias, here the local part of the UPN) or `objectId` (a common customisation; objectId → externalId is the default only for groups).',
    schema: { title: 'externalId source', enum: ['mailNickname', 'objectId'] },
    default: 'mailNickname',
    sources: ['E2'],
  },
  mapDockerRoles: {
    description: "Map the directory's dockerRole/dockerOrg/dockerTeam, when a user has them, to the Docker extension (urn:ietf:params:scim:schemas:extension:docker:2.0:User) on create and PATCH.",
    schema: { title: 'Map Docker roles', ...boolean },
    default: true,
    sources: ['D1'],
  },
  deprovisionOp: {
    description: 'The op of the PATCH that disables a user: `Replace` (default, as Microsoft\'s samples show) or `Add`, which server authors report Entra also sends when deprovisioning (E10).',
    schema: { title: 'Deprovisioning op', enum: ['Replace', 'Add'] },
    default: 'Replace',
    sources: ['E2', 'E10'],
  },
  throttling: {
    description:
      'What a 429 does, which the sources dispute: `retryAfter` (default; a 2025 Microsoft support answer) waits Retry-After and resends only that request, up to 5 attempts; `nextCycle` (older Azure feedback) logs a failure and the object is retried from escrow in the next cycle.',
    schema: { title: '429 handling', enum: ['retryAfter', 'nextCycle'] },
    default: 'retryAfter',
    sources: ['E13'],
  },
  adscimGroupSchema: {
    description:
      'POST /Groups also lists "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group" in `schemas`, as the tutorial\'s sample still shows (E2); Microsoft lists that URI among the issues fixed in 2018 (E1), so it is off by default.',
    schema: { title: 'ADSCIM group schema', ...boolean },
    default: false,
    sources: ['E2', 'E1'],
  },
  memberChecks: {
    description:
      'Before a membership PATCH, ask whether each member is already there with GET /Groups?filter=id eq "<group>" and members eq "<user>"&attributes=id, and leave out what already holds. E2 says such reference checks are "requests about the members attribute" but shows no request, so the shape follows its manager example and is off by default.',
    schema: { title: 'Membership checks', ...boolean },
    default: false,
    sources: ['E2'],
  },
};

const FLAG_NOTE = 'The flag changes only PATCH shapes; Microsoft may change more under it.';

export const ENTRA_BEHAVIOURS: readonly Behaviour[] = [
  {
    id: ENTRA.testUsers,
    title: 'Test Connection: GET /Users?filter=<matching attribute> eq "<random GUID>" without a User-Agent; anything but 200 with an empty ListResponse fails it.',
    audit: 'E-4',
    sources: ['E2', 'E12'],
    settings: ['matchingAttribute'],
  },
  {
    id: ENTRA.testGroups,
    title: 'Test Connection also fetches a random group: GET /Groups?filter=displayName eq "<random GUID>", 200 and empty.',
    audit: 'E-4',
    sources: ['E2'],
    note: 'E2 says Entra fetches "a random user and group"; the group probe is sent only with group provisioning on, as no source shows it for user-only apps.',
    settings: ['provisionGroups'],
  },
  {
    id: ENTRA.activityProbe,
    title: 'Every activity (a cycle, provision on demand) starts with the same random-GUID probes, with its User-Agent; a failing probe stops the activity.',
    audit: 'E-5',
    sources: ['E5', 'E18'],
    settings: ['matchingAttribute', 'provisionGroups'],
  },
  {
    id: ENTRA.userMatch,
    title: 'Before creating: GET /Users?filter=<matching attribute> eq "<value>" (spaces as +); none: create; one: link it; more: the user fails.',
    audit: 'E-6',
    sources: ['E2', 'E3', 'E6'],
    settings: ['matchingAttribute'],
  },
  {
    id: ENTRA.userCreate,
    title: 'POST /Users with the core and enterprise schemas, externalId, userName, active true, displayName, title, a primary work email, meta.resourceType, name, mobile, roles [] and the enterprise attributes.',
    audit: 'E-9',
    sources: ['E2'],
    settings: ['attributeMappings', 'externalIdFrom', 'mapDockerRoles'],
  },
  {
    id: ENTRA.userLink,
    title: 'A matched user is linked and brought up to date in one PATCH: Add what it lacks, Replace what differs, nothing cleared; active "True" when it was inactive (Add when it had none).',
    audit: 'E-6',
    sources: ['E3', 'E6'],
  },
  {
    id: ENTRA.userRead,
    title: 'Before each update and each reactivation, the matching GET again; the PATCH then carries what differs from the user as read, to the id Entra cached (a miss does not create a second user).',
    audit: 'E-7',
    sources: ['E3', 'E6', 'E18'],
    note: 'E3: the id detected at create or match "is used to run all future operations on that user", so a read that finds nobody (a changed UPN, say) still PATCHes that id.',
    settings: ['matchingAttribute'],
  },
  {
    id: ENTRA.userUpdate,
    title: 'Updates are PATCH only: every change of a user in one request, one operation per attribute, ops "Add"/"Replace"/"Remove".',
    audit: 'E-11',
    sources: ['E1', 'E2', 'E14'],
    settings: ['attributeMappings'],
  },
  {
    id: 'entra.patch.capitalized-ops',
    title: 'PATCH ops are spelled "Add", "Replace" and "Remove" (without the flag).',
    audit: 'E-11',
    sources: ['E1', 'E2'],
    settings: ['aadOptscim062020'],
  },
  {
    id: 'entra.patch.string-booleans',
    title: 'Booleans in PATCH values are the strings "True"/"False" (without the flag).',
    audit: 'E-12',
    sources: ['E1', 'E10', 'E11'],
    settings: ['booleanStrings', 'aadOptscim062020'],
  },
  {
    id: 'entra.patch.value-filter-paths',
    title: 'Multi-valued attributes are addressed by a value filter on type (emails[type eq "work"].value), with Add where the target has none.',
    audit: 'E-15',
    sources: ['E2', 'E14', 'E16'],
  },
  {
    id: 'entra.patch.enterprise-urn-paths',
    title: 'Enterprise attributes are addressed by their URN path (urn:…:enterprise:2.0:User:department).',
    audit: 'E-16',
    sources: ['E1', 'E14'],
  },
  {
    id: 'entra.patch.manager-string',
    title: 'The manager is set with its id as a bare string on the enterprise URN path.',
    audit: 'E-17',
    sources: ['E7'],
  },
  {
    id: 'entra.patch.manager-remove-filter',
    title: 'A cleared manager is removed with a value filter on it: Remove urn:…:enterprise:2.0:User:manager[value eq "<id>"].',
    audit: 'E-17',
    sources: ['E8'],
    note: 'E8 shows the path without the URN prefix (manager[value eq "…"]); the prefixed spelling is kept until a capture settles it.',
  },
  {
    id: 'entra.patch.clear-remove',
    title: 'An attribute cleared in Entra, which Entra had pushed, is removed with a Remove op on its path.',
    audit: 'E-18',
    sources: [],
    note: 'Doubtful: E15 says clearing target values "is not currently supported for outbound application provisioning", so real Entra may send nothing; kept so targets are tested on Remove.',
  },
  {
    id: ENTRA.managerCheck,
    title: 'Before setting a manager: GET /Users?filter=id eq "<id>" and manager eq "<manager id>"&attributes=id; a match leaves the manager out of the PATCH, a refused check is a reference failure (the manager is not sent and retried later).',
    audit: 'E-8',
    sources: ['E2', 'E17'],
    note: 'E2 Example 4 gives the filter and attributes=id; its older text wrote the values unquoted, captured Entra filters quote them (E5, E6). What Entra does with a refused check is not documented; E17 counts a failed manager update as a reference failure.',
  },
  {
    id: ENTRA.userReactivate,
    title: 'Reassigning a disabled user: the matching GET, then one PATCH with what changed and Replace active "True" to the same id.',
    audit: 'E-23',
    sources: ['E1', 'E3'],
    settings: ['booleanStrings'],
  },
  {
    id: ENTRA.userDisable,
    title: 'Unassigned, out of scope or soft-deleted: PATCH active "False" (op Replace, or Add as reported); the user must stay readable.',
    audit: 'E-19',
    sources: ['E3', 'E1', 'E10'],
    settings: ['deprovisionOp', 'booleanStrings'],
  },
  {
    id: ENTRA.userPurge,
    title: 'A user permanently deleted in Entra (or 30 days after a soft delete) is disabled, then DELETE /Users/{id}; one unassigned earlier gets nothing.',
    audit: 'E-21',
    sources: ['E3'],
    settings: ['onDelete'],
  },
  {
    id: ENTRA.userDeleteOnUnassign,
    title: 'Gallery apps that need it get DELETE /Users/{id} instead of the disable when a user leaves scope.',
    audit: 'E-20',
    sources: ['E3'],
    settings: ['onUnassign'],
  },
  {
    id: ENTRA.patchFlag,
    title: 'With aadOptscim062020, in cycles: lower-case ops, real booleans, several plain replaces grouped into one path-less replace keyed by attribute path, members removed one by one with members[value eq "id"].',
    audit: 'E-14',
    sources: ['E1', 'E11'],
    note: FLAG_NOTE,
    settings: ['aadOptscim062020'],
  },
  {
    id: 'entra.on-demand.without-flag',
    title: 'Provision on demand ignores the aadOptscim062020 flag: its PATCHes keep capitalized ops and "True"/"False" strings.',
    audit: 'E-14',
    sources: ['E1'],
    settings: ['assignBy', 'aadOptscim062020'],
  },
  {
    id: 'entra.user.external-id-mapping',
    title: 'externalId comes from mailNickname in the default mappings (objectId only when customised).',
    audit: 'E-10',
    sources: ['E2'],
    settings: ['externalIdFrom'],
  },
  {
    id: 'entra.job.escrow',
    title: 'A user whose operation failed in a cycle (or on demand) is escrowed and retried by each later cycle, with back-off of about 30 min, 1 h, then 2 h; Restart provisioning (a full sync) clears escrows.',
    audit: 'E-26',
    sources: ['E3', 'E13', 'E17'],
    note: 'Back-off is wall time at Entra; here each cycle action retries every escrowed user and the messages name the back-off step reached.',
  },
  {
    id: ENTRA.quarantine,
    title: 'Start-up calls of a cycle answered 401/403 (invalid credentials) or 404 (SCIM compliance), or more than 40% of at least 5,000 events failing, put the job in quarantine: each later cycle first retries the start-up probe and sends nothing more while it fails; it leaves quarantine when the probe succeeds, or on Restart provisioning (a full sync).',
    audit: 'E-26',
    sources: ['E3', 'E17', 'E13'],
    note: 'Quarantine retries run 6 h, 12 h, 24 h and then daily after the failure (E17); here each cycle action is the next retry. Whether provision on demand is blocked by quarantine is not documented: it is not.',
  },
  {
    id: 'entra.job.throttling',
    title: 'A 429: wait Retry-After and resend only that request (up to 5 attempts), or, as older reports say, fail and retry the object next cycle.',
    audit: 'E-25',
    sources: ['E13'],
    note: 'E13 disagrees with itself: Azure feedback 38354572 (retried ~40 min later, can lead to quarantine) against MS Q&A 2284725 (2025: Retry-After honoured); `throttling` chooses.',
    settings: ['throttling'],
  },
  {
    id: ENTRA.groupMatch,
    title: 'Group lookup: GET /Groups?excludedAttributes=members&filter=displayName eq "<name>"; one match is linked.',
    audit: 'E-29',
    sources: ['E2'],
    settings: ['provisionGroups'],
  },
  {
    id: ENTRA.groupCreate,
    title: 'POST /Groups {schemas, externalId (the objectId), displayName, meta.resourceType} without members.',
    audit: 'E-30',
    sources: ['E2'],
    note: 'E2\'s sample also lists the ADSCIM Group schema URI, which E1 says was fixed in 2018: `adscimGroupSchema` sends it.',
    settings: ['provisionGroups', 'adscimGroupSchema'],
  },
  {
    id: ENTRA.groupMembers,
    title: 'Membership: one PATCH with Add and/or Remove on path members, each value list item {"$ref": null, "value": id}.',
    audit: 'E-31',
    sources: ['E2', 'E9', 'E12'],
    settings: ['provisionGroups'],
  },
  {
    id: ENTRA.groupMemberCheck,
    title: 'Before a membership PATCH (memberChecks): GET /Groups?filter=id eq "<group>" and members eq "<user>"&attributes=id per member; what already holds is left out.',
    audit: 'E-33',
    sources: ['E2'],
    note: 'E2 says reference checks for groups are "requests about the members attribute" without showing one: the shape is inferred from its manager example, so it is opt-in.',
    settings: ['memberChecks'],
  },
  {
    id: ENTRA.groupRename,
    title: 'A group renamed in Entra: PATCH Replace displayName, before any member change.',
    audit: 'E-32',
    sources: ['E2'],
  },
  {
    id: ENTRA.groupDelete,
    title: 'A group deleted in Entra (or out of scope): DELETE /Groups/{id}; a 404 counts as gone.',
    audit: 'E-32',
    sources: ['E2'],
  },
];

export const ENTRA_DECLARATION: IdpDeclaration = {
  name: 'entra',
  title: 'Microsoft Entra ID',
  summary:
    'The provisioning service of a non-gallery enterprise application (Tenant URL + Secret Token), as Docker\'s guide sets it up: Test Connection, provision on demand, initial and incremental cycles with reads before updates, escrow and quarantine, PATCH-only updates with Entra\'s quirks.',
  groupSetting: 'provisionGroups',
  settings: ENTRA_SETTINGS,
  traffic: {
    headers: { 'User-Agent': DEFAULT_USER_AGENT },
    bodyHeaders: { 'Content-Type': 'application/scim+json; charset=utf-8' },
    spaceAs: '+',
    retry: { retryOn: [429], maxAttempts: 5, defaultWaitMs: 1000 },
    sources: ['E4', 'E5', 'E6', 'E12', 'E13'],
  },
  sources: ENTRA_SOURCES,
  behaviours: ENTRA_BEHAVIOURS,
  // Microsoft's terms (E2, E3, E18; audit E-4, E-19, E-21, E-24, E-29): Test Connection, provision on demand, the
  // incremental cycle's update, a user out of scope disabled (soft delete), "Provision Microsoft Entra ID Groups".
  actionNames: {
    testConnection: 'Test Connection',
    assign: 'Provision on demand',
    update: 'Update (incremental cycle)',
    unassign: 'Disable (soft delete on unassign)',
    reassign: 'Re-enable (reassign)',
    delete: 'Delete (user deleted in Entra)',
    fullSync: 'Initial cycle',
    pushGroup: 'Group provisioning',
  },
};
