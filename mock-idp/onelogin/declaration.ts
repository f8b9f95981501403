/**
 * What the OneLogin profile declares ("SCIM Provisioner with SAML (SCIM v2 Core)", as Docker's guide sets it
 * up): its settings, default traffic, sources and behaviours, each behaviour with the evidence it rests on
 * (tags and verdicts of ../shared/docs/idp-fidelity-audit.md, section 3, rows L-1…L-14).
 */
import type { Behaviour, IdpDeclaration, SettingDeclaration, Source } from '../declaration.js';
import type { RetryPolicy } from '../scim-client.js';
import { TEMPLATE_NAMES } from './templates.js';

/** The ids requests carry (`IdpSender.send(…, behaviour)`), so a typo is a type error. */
export const BEHAVIOUR = {
  testConnection: 'onelogin.test-connection',
  findUser: 'onelogin.find-user',
  createUser: 'onelogin.create-user',
  updatePut: 'onelogin.update-put',
  updatePutWithoutActive: 'onelogin.update-put-without-active',
  suspend: 'onelogin.suspend-put',
  reactivate: 'onelogin.reactivate-put',
  deleteUser: 'onelogin.delete-user',
  reapplyMappings: 'onelogin.reapply-mappings',
  listGroups: 'onelogin.list-groups',
  createGroup: 'onelogin.create-group',
  memberPatch: 'onelogin.group-member-patch',
  customHeaders: 'onelogin.custom-headers',
  retry: 'onelogin.retry-after',
  templateDocker: 'onelogin.template-docker',
  templateCore10: 'onelogin.template-core-1.0',
  templateEnterprise10: 'onelogin.template-enterprise-1.0',
  templateEnterprise20: 'onelogin.template-enterprise-2.0',
  templateEmptyValue: 'onelogin.template-empty-value',
  responseContentType: 'onelogin.response-content-type',
} as const;

export type OneLoginBehaviour = (typeof BEHAVIOUR)[keyof typeof BEHAVIOUR];

/** D5 (Docker's guide): Configuration → Custom Headers. */
export const DOCKER_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'application/scim+json',
  'User-Agent': 'OneLogin SCIM',
});

/** D5 (Docker's guide): Parameters → scimusername mapped to Email. */
export const DEFAULT_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({ scimusername: 'email' });

/**
 * L-12, no primary evidence: `Retry-After` honoured on 429 and 503, three attempts in all, nothing else
 * retried (a failed task then waits for the admin's Retry). `settings.retry: none` turns it off.
 */
export const ONELOGIN_RETRY: RetryPolicy = { retryOn: [429, 503], maxAttempts: 3, defaultWaitMs: 1000 };

const SOURCES: Record<string, Source> = {
  O1: { title: 'OneLogin, Implement RESTful SCIM APIs', url: 'https://developers.onelogin.com/scim/implement-scim-api', kind: 'documented' },
  O2: { title: 'OneLogin, Define Your SCIM User Schema (Core and Enterprise templates)', url: 'https://developers.onelogin.com/scim/define-user-schema', kind: 'documented' },
  O3: { title: 'OneLogin, Test Your SCIM Implementation (Delete / Suspend / Do Nothing, admin approval)', url: 'https://developers.onelogin.com/scim/test-your-scim', kind: 'documented' },
  O4: { title: "OneLogin's sample SCIM server onelogin/onelogin-scim-node (PUT handler reads body.active)", url: 'https://github.com/onelogin/onelogin-scim-node', kind: 'documented' },
  O5: { title: 'Stack Overflow answer "OneLogin Provisioning using SCIM" (groups: Refresh Entitlements, Rules); Tencent Cloud OneLogin guide', url: 'https://stackoverflow.com/questions/44686570', kind: 'reported' },
  O6: {
    title: 'Vendor guides for "SCIM Provisioner with SAML (SCIM v2 Enterprise)": keepnetlabs (active "{$user.active}", id null, meta), livingsecurity (RFC URNs, manager.value)',
    url: 'https://doc.keepnetlabs.com/next-generation-product/platform/company/company-settings/scim-settings/onelogin-scim-integration',
    kind: 'reported',
  },
  O7: { title: 'OneLogin KB0013904, SCIM custom connector (default parameters; Groups not in the template)', url: 'https://onelogin.service-now.com/kb?id=kb_article_view&sysparm_article=KB0013904', kind: 'documented' },
  // Docker's pages describe Docker's OneLogin setup and Docker Hub's server: a third party's account of OneLogin.
  D1: { title: 'Docker, Provision users with SCIM (role mapping: dockerRole, dockerOrg, dockerTeam in the Docker extension)', url: 'https://docs.docker.com/enterprise/security/provisioning/scim/provision-scim/', kind: 'reported' },
  D4: { title: 'Docker Hub API reference, tag scim (PUT: an omitted enabled/active deactivates the user)', url: 'https://docs.docker.com/reference/api/hub/latest/', kind: 'reported' },
  D5: { title: 'Docker, SCIM provisioning (OneLogin: Custom Headers, SCIM JSON Template, scimusername → Email, Suspend)', url: 'https://docs.docker.com/enterprise/security/provisioning/scim/', kind: 'reported' },
};

/** RFC 9110 §5.6.2 token: what a header name may be. */
const HEADER_NAME = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

const SETTINGS: Record<string, SettingDeclaration> = {
  headers: {
    description:
      "Custom Headers sent on every request exactly as given (they replace the default; only Authorization: Bearer is added). Default Docker's { Content-Type: application/scim+json, User-Agent: OneLogin SCIM }.",
    schema: { type: 'object', propertyNames: { pattern: HEADER_NAME }, additionalProperties: { type: 'string' } },
    default: DOCKER_HEADERS,
    sources: ['D5'],
  },
  template: {
    description:
      "The SCIM JSON Template rendered into every POST and PUT body: a template of OneLogin's by name (docker: Docker's v2 Core template, the default; core-1.0 and enterprise-1.0: OneLogin's documented SCIM 1.1 templates, the Enterprise one with emails as an object; enterprise-2.0: the v2 Enterprise template of vendor guides, active as the string \"{$user.active}\") or the template itself, with placeholders {$parameters.name} and {$user.field} filled in place (no value renders \"\").",
    schema: { anyOf: [{ type: 'string', enum: [...TEMPLATE_NAMES] }, { type: 'object' }] },
    default: 'docker',
    sources: ['D5', 'O2', 'O6'],
  },
  parameters: {
    description:
      'Custom parameters → the OneLogin user field each is mapped to (firstname, lastname, email, username, display_name, external_id, department, title, phone, locale_code, active, custom_attributes.dockerRole|dockerOrg|dockerTeam|employeeNumber ...), merged over { scimusername: email } and, for the Enterprise templates, the connector\'s title, department and external_manager_id; scimusername is also the userName the create flow filters on.',
    schema: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    default: DEFAULT_PARAMETERS,
    sources: ['D5', 'O7', 'D1'],
  },
  onUnassign: {
    description:
      'When users are deleted in OneLogin or lose app access: suspend (default; PUT of the rendered template with active false), delete (DELETE /Users/{id}) or nothing (no request).',
    schema: { type: 'string', enum: ['suspend', 'delete', 'nothing'] },
    default: 'suspend',
    sources: ['O3', 'D5'],
  },
  activeOnPut: {
    description:
      "Which PUTs carry active: always (default; every PUT, true unless suspending, as OneLogin's sample server expects) or lifecycle (only suspend and reactivation; no primary evidence, and Docker Hub reads an omitted active as a deactivation).",
    schema: { type: 'string', enum: ['always', 'lifecycle'] },
    default: 'always',
    sources: ['O4', 'D4'],
  },
  provisionGroups: {
    description:
      "Group provisioning is on (off in Docker's guide): pushGroup lists GET /Groups (POST /Groups when missing) and sends one PATCH /Groups/{id} per member added or removed.",
    schema: { type: 'boolean' },
    default: false,
    sources: ['O1', 'D5'],
  },
  retry: {
    description: 'Rate limits: retry-after (default; 429 and 503 retried after Retry-After, three attempts in all) or none (no retry). Neither is documented.',
    schema: { type: 'string', enum: ['retry-after', 'none'] },
    default: 'retry-after',
  },
};

const NO_PUBLIC_SHAPE = 'OneLogin does not publish the request; the profile sends the shape named in the title.';

const BEHAVIOURS: Behaviour[] = [
  { id: BEHAVIOUR.customHeaders, title: "Every request carries exactly the admin's Custom Headers plus Authorization: Bearer; nothing of OneLogin's own.", audit: 'L-1', sources: ['D5'], note: 'Docker\'s guide sets the two headers; whether OneLogin adds its own Accept or Content-Type is undocumented.', settings: ['headers'] },
  { id: BEHAVIOUR.testConnection, title: 'Test connection: GET /Users?filter=userName eq "<a GUID no user has>"; an empty list or a 404 passes.', audit: 'L-2', sources: ['O1'] },
  { id: BEHAVIOUR.findUser, title: 'Before a create: GET /Users?filter=userName eq "<scimusername>"; a user found is linked (no POST), a 404 or empty list means none.', audit: 'L-3', sources: ['O1'], settings: ['parameters'] },
  { id: BEHAVIOUR.createUser, title: 'Create: POST /Users with the rendered SCIM JSON Template (no active added).', audit: 'L-3', sources: ['O1', 'D5'], settings: ['template', 'parameters'] },
  {
    id: BEHAVIOUR.updatePut,
    title: 'Profile update: PUT /Users/{id} with the rendered template plus active (true), no GET before and no PATCH.',
    audit: 'L-5',
    sources: ['O4', 'O1'],
    note: "O4's update handler reads body.active on every PUT. O1 also lists Get User by ID among OneLogin's calls, so a read may precede the PUT (unknown). A template that renders active itself (\"{$user.active}\", O6) keeps its string.",
    settings: ['activeOnPut', 'template'],
  },
  {
    id: BEHAVIOUR.updatePutWithoutActive,
    title: 'Profile update without active: PUT /Users/{id} with the rendered template alone (activeOnPut: lifecycle).',
    audit: 'L-5',
    sources: [],
    note: "The first version's model. O4 expects active on every PUT, and Docker Hub (D4) deactivates a user whose PUT omits it.",
    settings: ['activeOnPut'],
  },
  { id: BEHAVIOUR.suspend, title: 'Suspend (onUnassign: suspend): PUT /Users/{id} with the rendered template and active false.', audit: 'L-6', sources: [], note: `O3 documents the Suspend choice; ${NO_PUBLIC_SHAPE}`, settings: ['onUnassign'] },
  { id: BEHAVIOUR.reactivate, title: 'Access granted again to a suspended user: PUT /Users/{id} with the rendered template and active true.', audit: 'L-6', sources: [], note: `Reactivation is not documented; ${NO_PUBLIC_SHAPE}` },
  { id: BEHAVIOUR.deleteUser, title: 'Delete (onUnassign: delete): DELETE /Users/{id}; a 404 counts as done.', audit: 'L-6', sources: ['O3', 'O4'], settings: ['onUnassign'] },
  { id: BEHAVIOUR.reapplyMappings, title: 'Reapply Mappings: every assigned user again, a PUT (as a profile update) when provisioned, else the create flow.', audit: 'L-10', sources: ['D5'] },
  { id: BEHAVIOUR.listGroups, title: 'Group push: GET /Groups, no filter and no paging, to find the group by displayName.', audit: 'L-11', sources: ['O1', 'O5'], settings: ['provisionGroups'] },
  { id: BEHAVIOUR.createGroup, title: 'Group push: POST /Groups with displayName when the group is missing.', audit: 'L-11', sources: ['O1'], settings: ['provisionGroups'] },
  {
    id: BEHAVIOUR.memberPatch,
    title: 'Group push: one PATCH /Groups/{id} per member, add {path: members, value: [{value}]} or remove {path: members[value eq "<id>"]}; no rename, no delete.',
    audit: 'L-11',
    sources: [],
    note: 'O1 lists Patch Group but OneLogin publishes no PATCH body; memberships are driven by Rules (O5, missing here).',
    settings: ['provisionGroups'],
  },
  { id: BEHAVIOUR.retry, title: 'A 429 or 503 is retried after Retry-After, three attempts in all; nothing else is retried.', audit: 'L-12', sources: [], note: 'Undocumented: the common behaviour a target can rely on, switchable off with retry: none.', settings: ['retry'] },
  { id: BEHAVIOUR.templateDocker, title: "Docker's v2 Core template: core 2.0 URN, userName, name.givenName/familyName, emails array.", audit: 'L-7', sources: ['D5'], settings: ['template'] },
  { id: BEHAVIOUR.templateCore10, title: "OneLogin's Core template: schemas urn:scim:schemas:core:1.0, userName, name with formatted.", audit: 'L-8', sources: ['O2'], settings: ['template'] },
  {
    id: BEHAVIOUR.templateEnterprise10,
    title: "OneLogin's Enterprise template: SCIM 1.1 URNs (core:1.0, extension:enterprise:1.0), emails as one object, title, department, manager.managerId.",
    audit: 'L-8',
    sources: ['O2', 'O7'],
    settings: ['template', 'parameters'],
  },
  {
    id: BEHAVIOUR.templateEnterprise20,
    title: 'The v2 Enterprise template of vendor guides: RFC 7643 URNs, active "{$user.active}" as a string, id null, meta, emails array, enterprise department and manager.',
    audit: 'L-8',
    sources: ['O6', 'O7'],
    note: 'The two O6 guides differ: keepnetlabs has active, id and meta and a 1.1-style manager.managerId; livingsecurity both RFC URNs and manager.value, which this template uses.',
    settings: ['template', 'parameters'],
  },
  { id: BEHAVIOUR.templateEmptyValue, title: 'A placeholder with no value renders "" in place: the attribute is still sent, never null or dropped.', audit: 'L-7', sources: [], note: 'No source documents the rendering of a missing value; O6 shows placeholders are strings even for booleans.', settings: ['template'] },
  {
    id: BEHAVIOUR.responseContentType,
    title: 'OneLogin asks for responses typed application/json; not modelled: the profile reads any JSON answer.',
    audit: 'L-14',
    sources: ['O1'],
    note: 'Unknown: O1 says responses "must be" application/json, and no source says whether OneLogin refuses application/scim+json, which the reference provider sends.',
  },
];

export const ONELOGIN_DECLARATION: IdpDeclaration = {
  name: 'onelogin',
  title: 'OneLogin',
  summary:
    "OneLogin's \"SCIM Provisioner with SAML (SCIM v2 Core)\" app as Docker's guide sets it up: Custom Headers, bodies rendered from the SCIM JSON Template (OneLogin's Core/Enterprise templates by name), PUT for every update, Delete / Suspend / Do nothing.",
  groupSetting: 'provisionGroups',
  settings: SETTINGS,
  traffic: { headers: DOCKER_HEADERS, bodyHeaders: {}, spaceAs: '%20', retry: ONELOGIN_RETRY, sources: ['D5'] },
  sources: SOURCES,
  behaviours: BEHAVIOURS,
  // OneLogin's app Configuration and Provisioning tabs (O1, O3, D5; audit L-2, L-6, L-10, L-11): the API connection
  // test, Create / Update / Delete user, the "app access removed" action (Suspend by Docker's guide), Reapply Mappings.
  actionNames: {
    testConnection: 'API Connection test',
    assign: 'Create user',
    update: 'Update user',
    unassign: 'Remove app access (Suspend / Delete)',
    reassign: 'Grant app access again',
    delete: 'Delete user',
    fullSync: 'Reapply Mappings',
    pushGroup: 'Group provisioning',
  },
};
