/**
 * The OneLogin profile ("SCIM Provisioner with SAML (SCIM v2 Core)"): the admin's Custom Headers, bodies
 * rendered from the SCIM JSON Template, PUT (with active) for every update, and the Delete / Suspend / Do
 * nothing choice. Code in `mock-idp/onelogin/`: `declaration.ts` (settings, sources, behaviours),
 * `settings.ts`, `templates.ts` (the named templates), `template.ts` (rendering rules and user fields),
 * `run.ts` (create and PUT), `users.ts` and `groups.ts` (traffic per action), `profile.ts`.
 */
export { oneloginProfile } from './onelogin/profile.js';
export { BEHAVIOUR, DEFAULT_PARAMETERS, DOCKER_HEADERS, ONELOGIN_DECLARATION, ONELOGIN_RETRY } from './onelogin/declaration.js';
export { connectionTestUserName } from './onelogin/users.js';
export { readSettings, type OneLoginConfig } from './onelogin/settings.js';
export { CUSTOM_FIELDS, placeholdersOf, renderTemplate, USER_FIELDS } from './onelogin/template.js';
export { DOCKER_TEMPLATE, NAMED_TEMPLATES, SCIM_1_1, TEMPLATE_NAMES } from './onelogin/templates.js';
