/**
 * The OneLogin profile ("SCIM Provisioner with SAML (SCIM v2 Core)"): the admin's Custom Headers, bodies
 * rendered from the SCIM JSON Template, PUT for every update, and the Delete / Suspend / Do nothing choice.
 * Code in `mock-idp/onelogin/`: `settings.ts` (defaults from Docker's guide), `template.ts` (rendering
 * rules and user fields), `profile.ts` (traffic per action).
 */
export { oneloginProfile, connectionTestUserName, ONELOGIN_RETRY } from './onelogin/profile.js';
export { DOCKER_TEMPLATE, renderTemplate, placeholdersOf, USER_FIELDS, CUSTOM_FIELDS } from './onelogin/template.js';
export { DOCKER_HEADERS, DEFAULT_PARAMETERS, readSettings, type OneLoginConfig } from './onelogin/settings.js';
