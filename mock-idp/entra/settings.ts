/**
 * The Entra ID enterprise application's provisioning settings, as a scenario's `settings` block gives them
 * (validated by `scenarios/scenario.schema.json`; checked again here because the profile is also driven
 * directly, by tests). Anything omitted takes the common case from shared/docs/idp-traffic.md.
 */
import { mappedAttributeByPath } from './mapping.js';

export interface EntraSettings {
  matchingAttribute: string;
  provisionGroups: boolean;
  booleanStrings: boolean;
  aadOptscim062020: boolean;
  userAgent: string;
  onUnassign: 'disable' | 'delete';
  attributeMappings: 'default' | 'docker';
  mapDockerRoles: boolean;
  /** The op of the PATCH that disables a user: `Replace` (Microsoft's samples) or `Add` (reported, E10). */
  deprovisionOp: 'Replace' | 'Add';
  /** What a user deleted in Entra becomes: soft-deleted (disabled) or purged (disabled, then DELETE). E3. */
  onDelete: 'disable' | 'purge';
}

/**
 * Entra does not document the User-Agent of its provisioning service; this default says who is calling
 * and can be replaced with what a tenant's logs show (`userAgent`).
 */
export const DEFAULT_USER_AGENT = 'Microsoft-Entra-Provisioning/1.0 (scim-conformance mock-idp)';

export const DEFAULTS: EntraSettings = {
  matchingAttribute: 'userName',
  provisionGroups: false,
  booleanStrings: true,
  aadOptscim062020: false,
  userAgent: DEFAULT_USER_AGENT,
  onUnassign: 'disable',
  attributeMappings: 'default',
  mapDockerRoles: true,
  deprovisionOp: 'Replace',
  onDelete: 'disable',
};

/** One sentence per setting, for the README and scenario checks. */
export const SETTING_DESCRIPTIONS: Record<keyof EntraSettings, string> = {
  matchingAttribute:
    'The SCIM attribute Entra filters on before creating a user (`userName eq "<UPN>"` by default; also `externalId` for the objectId, `emails[type eq "work"].value` for the mail, or any other mapped attribute path).',
  provisionGroups:
    'Group provisioning ("Provision Microsoft Entra ID Groups") is on, so pushGroup steps look groups up by displayName, create them and PATCH their members (off by default, as Docker\'s guide says).',
  booleanStrings:
    'PATCH booleans travel as the strings "True"/"False" (default, Entra without the aadOptscim062020 flag); false sends real JSON booleans and nothing else changes.',
  aadOptscim062020:
    'The tenant URL carries Microsoft\'s aadOptscim062020 flag: lower-case ops, real booleans, several replaces grouped into one `replace` with no path keyed by attribute path ("name.givenName"), and members removed one by one with a `members[value eq "id"]` path (default false).',
  userAgent: `The User-Agent header on every request (default "${DEFAULT_USER_AGENT}"; Entra does not document its own).`,
  onUnassign:
    '`disable` (default): unassigning (or leaving scope) soft-deletes with PATCH active "False"; `delete`: it sends DELETE /Users/{id} at once, which Microsoft supports "for a limited set of gallery applications", not configurable by customers, so never for Docker\'s non-gallery app (audit E3, E-20).',
  onDelete:
    '`disable` (default): a user deleted in Entra is soft-deleted, so Entra disables it with PATCH active "False"; `purge`: it was permanently deleted (or 30 days passed), so Entra disables it and then sends DELETE /Users/{id}. A user unassigned earlier is no longer managed: deleting it sends nothing (audit E3, E-21, E-22).',
  attributeMappings:
    '`default`: Entra\'s default user mappings (userName, active, displayName, title, work email, name, mobile phone, externalId = objectId, enterprise department, employeeNumber, manager); `docker`: only what Docker\'s setup guide keeps (userName, active, givenName, familyName).',
  deprovisionOp:
    'The op of the PATCH that disables a user: `Replace` (default, as Microsoft\'s samples show) or `Add`, which server authors report Entra also sends when deprovisioning (rancher/rancher #52996, #54025: audit source E10).',
  mapDockerRoles:
    'Map the directory\'s dockerRole/dockerOrg/dockerTeam, when a user has them, to the Docker extension (urn:ietf:params:scim:schemas:extension:docker:2.0:User) on create and PATCH (default true).',
};

/** The settings that take one of a few words, and those words. */
const CHOICES = {
  onUnassign: ['disable', 'delete'],
  onDelete: ['disable', 'purge'],
  deprovisionOp: ['Replace', 'Add'],
  attributeMappings: ['default', 'docker'],
} as const satisfies Partial<Record<keyof EntraSettings, readonly string[]>>;

export type SettingsResult = { ok: true; settings: EntraSettings } | { ok: false; error: string };

export function readSettings(raw: Record<string, unknown>): SettingsResult {
  const problems: string[] = [];
  const settings: EntraSettings = { ...DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'matchingAttribute':
        if (typeof value !== 'string' || mappedAttributeByPath(value) === undefined) {
          problems.push(`matchingAttribute ${JSON.stringify(value)} is not an attribute Entra maps (try userName, externalId or emails[type eq "work"].value)`);
        } else settings.matchingAttribute = value;
        break;
      case 'provisionGroups':
      case 'booleanStrings':
      case 'aadOptscim062020':
      case 'mapDockerRoles':
        if (typeof value !== 'boolean') problems.push(`${key} must be true or false`);
        else settings[key] = value;
        break;
      case 'userAgent':
        if (typeof value !== 'string' || value === '') problems.push('userAgent must be a non-empty string');
        else settings.userAgent = value;
        break;
      case 'onUnassign':
      case 'onDelete':
      case 'deprovisionOp':
      case 'attributeMappings': {
        const allowed = CHOICES[key] as readonly unknown[];
        if (!allowed.includes(value)) problems.push(`${key} must be ${allowed.join(' or ')}`);
        else Object.assign(settings, { [key]: value });
        break;
      }
      default:
        problems.push(`unknown setting '${key}' (Entra understands ${Object.keys(DEFAULTS).join(', ')})`);
    }
  }
  if (settings.aadOptscim062020) {
    // The flag sends real booleans; strings with it would be a tenant that does not exist.
    if (raw.booleanStrings === true) problems.push('booleanStrings: true contradicts aadOptscim062020: true (the flag sends real booleans)');
    settings.booleanStrings = false;
  }
  if (problems.length === 0) {
    const matching = mappedAttributeByPath(settings.matchingAttribute);
    if (matching && !matching.mappings.includes(settings.attributeMappings)) {
      problems.push(`matchingAttribute ${settings.matchingAttribute} is not mapped with attributeMappings: ${settings.attributeMappings}`);
    }
  }
  return problems.length === 0 ? { ok: true, settings } : { ok: false, error: `Invalid Entra settings: ${problems.join('; ')}.` };
}
