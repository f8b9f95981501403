/**
 * The Okta SCIM app's settings as a scenario writes them (`settings:`), checked and completed with the
 * defaults of an Okta app set up the way Docker's guide says (../shared/docs/docker-hub-scim.md): Create
 * Users, Update User Attributes and Deactivate Users on, profile updates by PUT, deactivation by PATCH,
 * no group push, and only the Docker role mapping beyond the four kept attributes.
 */

export interface OktaConfig {
  createUsers: boolean;
  updateAttributes: boolean;
  deactivateUsers: boolean;
  updateMethod: 'put' | 'patch';
  deactivateMethod: 'patch' | 'put';
  pushGroups: boolean;
  mappings: OktaMappings;
}

export interface OktaMappings {
  /** `dockerRole`/`dockerOrg`/`dockerTeam` in the Docker extension, for users who have one set. */
  docker: boolean;
  /** The Okta user id as `externalId`. */
  externalId: boolean;
  /** The user's `locale`. */
  locale: boolean;
}

export const DEFAULT_CONFIG: OktaConfig = {
  createUsers: true,
  updateAttributes: true,
  deactivateUsers: true,
  updateMethod: 'put',
  deactivateMethod: 'patch',
  pushGroups: false,
  mappings: { docker: true, externalId: false, locale: false },
};

/** Sentences for the README and scenario checks (`IdpProfile.settings`). */
export const OKTA_SETTINGS: Record<string, string> = {
  'provisioning.createUsers':
    'Create Users (default true): on assign Okta looks the user up by `userName eq` and POSTs it when absent, links it when present; off, nothing is sent and the assignment stays pending.',
  'provisioning.updateAttributes':
    'Update User Attributes (default true): profile changes and full syncs push the profile to provisioned users; off, nothing is sent.',
  'provisioning.deactivateUsers':
    'Deactivate Users (default true): unassigning or deleting a user deactivates it at the app, reassigning reactivates it; off, nothing is sent.',
  updateMethod:
    '`put` (default, app-wizard integrations): GET /Users/{id} then PUT of the whole user with active:true; `patch` (template integrations): PATCH with a path-less `replace` holding only the changed attributes (cleared ones as `remove` with a path).',
  deactivateMethod:
    '`patch` (default): PATCH `{"op":"replace","value":{"active":false}}` without path (true to reactivate); `put` (older integrations): GET then PUT of the whole user with active:false/true.',
  pushGroups:
    'Push Groups (default false): Test Connector also lists /Groups, and pushGroup steps POST the group with `members: []`, then PATCH members add/remove, rename by path-less replace `{id, displayName}`, and DELETE.',
  'mappings.docker':
    'Map dockerRole, dockerOrg and dockerTeam into `urn:ietf:params:scim:schemas:extension:docker:2.0:User` (default true); only users with one of them set carry the extension, so directories without roles send plain users.',
  'mappings.externalId': 'Also send the Okta user id as `externalId` (default false: Docker\'s guide keeps only username, given name, family name and email).',
  'mappings.locale': 'Also send `locale` (default false).',
};

/** The settings completed with defaults, or why they cannot be used. */
export function readConfig(settings: Record<string, unknown>): { config: OktaConfig } | { error: string } {
  const errors: string[] = [];
  const known = new Set(['provisioning', 'updateMethod', 'deactivateMethod', 'pushGroups', 'mappings']);
  for (const key of Object.keys(settings)) if (!known.has(key)) errors.push(`unknown setting '${key}'`);

  const bool = (value: unknown, name: string, fallback: boolean): boolean => {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    errors.push(`${name} must be true or false`);
    return fallback;
  };
  const choice = <T extends string>(value: unknown, name: string, options: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
    errors.push(`${name} must be ${options.map((o) => `'${o}'`).join(' or ')}`);
    return fallback;
  };
  const group = (value: unknown, name: string, keys: string[]): Record<string, unknown> => {
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      errors.push(`${name} must be an object`);
      return {};
    }
    for (const key of Object.keys(value)) if (!keys.includes(key)) errors.push(`unknown setting '${name}.${key}'`);
    return value as Record<string, unknown>;
  };

  const provisioning = group(settings.provisioning, 'provisioning', ['createUsers', 'updateAttributes', 'deactivateUsers']);
  const mappings = group(settings.mappings, 'mappings', ['docker', 'externalId', 'locale']);
  const d = DEFAULT_CONFIG;
  const config: OktaConfig = {
    createUsers: bool(provisioning.createUsers, 'provisioning.createUsers', d.createUsers),
    updateAttributes: bool(provisioning.updateAttributes, 'provisioning.updateAttributes', d.updateAttributes),
    deactivateUsers: bool(provisioning.deactivateUsers, 'provisioning.deactivateUsers', d.deactivateUsers),
    updateMethod: choice(settings.updateMethod, 'updateMethod', ['put', 'patch'] as const, d.updateMethod),
    deactivateMethod: choice(settings.deactivateMethod, 'deactivateMethod', ['patch', 'put'] as const, d.deactivateMethod),
    pushGroups: bool(settings.pushGroups, 'pushGroups', d.pushGroups),
    mappings: {
      docker: bool(mappings.docker, 'mappings.docker', d.mappings.docker),
      externalId: bool(mappings.externalId, 'mappings.externalId', d.mappings.externalId),
      locale: bool(mappings.locale, 'mappings.locale', d.mappings.locale),
    },
  };
  return errors.length > 0 ? { error: `Okta settings: ${errors.join('; ')}.` } : { config };
}
