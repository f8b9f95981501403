/**
 * The SCIM JSON Templates a scenario can name instead of writing one (`settings.template: <name>`): Docker's,
 * OneLogin's documented Core and Enterprise templates, and the v2 Enterprise template of vendor guides. Each
 * comes with the custom parameters the app has for it. Tags are those of idp-fidelity-audit.md.
 */
import { SCHEMA } from '../../vocabulary/constants.js';

/** OneLogin's SCIM 1.1 URNs, as its own templates spell them (O2). */
export const SCIM_1_1 = {
  core: 'urn:scim:schemas:core:1.0',
  enterprise: 'urn:scim:schemas:extension:enterprise:1.0',
} as const;

export const TEMPLATE_NAMES = ['docker', 'core-1.0', 'enterprise-1.0', 'enterprise-2.0'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** D5 (Docker's guide): the template pasted into the "SCIM v2 Core" app's Configuration tab. */
export const DOCKER_TEMPLATE: Readonly<Record<string, unknown>> = Object.freeze({
  schemas: [SCHEMA.user],
  userName: '{$parameters.scimusername}',
  name: { givenName: '{$user.firstname}', familyName: '{$user.lastname}' },
  emails: [{ value: '{$user.email}', primary: true }],
});

/** O2: "OneLogin Core User Schema", verbatim. */
const CORE_1_0: Readonly<Record<string, unknown>> = Object.freeze({
  schemas: [SCIM_1_1.core],
  userName: '{$parameters.scimusername}',
  name: { givenName: '{$user.firstname}', familyName: '{$user.lastname}', formatted: '{$user.display_name}' },
});

/** O2: "OneLogin Enterprise User Schema", verbatim: `emails` is one object, not an array. */
const ENTERPRISE_1_0: Readonly<Record<string, unknown>> = Object.freeze({
  schemas: [SCIM_1_1.core, SCIM_1_1.enterprise],
  userName: '{$parameters.scimusername}',
  name: { familyName: '{$user.lastname}', givenName: '{$user.firstname}', formatted: '{$user.display_name}' },
  emails: { value: '{$user.email}', type: 'work', primary: true },
  title: '{$parameters.title}',
  [SCIM_1_1.enterprise]: {
    department: '{$parameters.department}',
    manager: { managerId: '{$parameters.external_manager_id}', displayName: '{$user.manager_firstname} {$user.manager_lastname}' },
  },
});

/**
 * O6: the "SCIM v2 Enterprise" app's template as vendor guides paste it. The two guides differ, so this
 * takes what they share (RFC 7643 URNs, `emails` array, title, department) plus the keepnetlabs quirks the
 * audit names (`"active": "{$user.active}"` as a string, `"id": null`, `meta`), and the manager as
 * livingsecurity writes it (`value`): keepnetlabs' 1.1-style `managerId` is refused by any strict 2.0 target.
 */
const ENTERPRISE_2_0: Readonly<Record<string, unknown>> = Object.freeze({
  schemas: [SCHEMA.user, SCHEMA.enterpriseUser],
  id: null,
  meta: { resourceType: 'User' },
  userName: '{$parameters.scimusername}',
  active: '{$user.active}',
  name: { familyName: '{$user.lastname}', givenName: '{$user.firstname}', formatted: '{$user.display_name}' },
  emails: [{ value: '{$user.email}', type: 'work', primary: true }],
  title: '{$parameters.title}',
  [SCHEMA.enterpriseUser]: {
    department: '{$parameters.department}',
    manager: { value: '{$parameters.external_manager_id}', displayName: '{$user.manager_firstname} {$user.manager_lastname}' },
  },
});

/**
 * O7: the Enterprise connectors' default parameters (API names title, department, external_manager_id).
 * Which user field "Manager ID" reads is not documented: manager_ad_id, which the directory never fills.
 */
const ENTERPRISE_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({ title: 'title', department: 'department', external_manager_id: 'manager_ad_id' });

export interface NamedTemplate {
  template: Readonly<Record<string, unknown>>;
  /** Parameters the app has for this template, under the scenario's own `parameters`. */
  parameters: Readonly<Record<string, string>>;
}

export const NAMED_TEMPLATES: Readonly<Record<TemplateName, NamedTemplate>> = {
  docker: { template: DOCKER_TEMPLATE, parameters: {} },
  'core-1.0': { template: CORE_1_0, parameters: {} },
  'enterprise-1.0': { template: ENTERPRISE_1_0, parameters: ENTERPRISE_PARAMETERS },
  'enterprise-2.0': { template: ENTERPRISE_2_0, parameters: ENTERPRISE_PARAMETERS },
};
