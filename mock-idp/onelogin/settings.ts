/**
 * The OneLogin app's configuration ("SCIM Provisioner with SAML (SCIM v2 Core)"), read from a scenario's
 * `settings` with Docker's guide as the defaults. Scenario files are schema-checked before they run; this
 * re-checks what the schema cannot (parameters naming real user fields) and what unit tests pass directly.
 */
import { DOCKER_TEMPLATE, isKnownField, knownFieldNames } from './template.js';

export type OnUnassign = 'suspend' | 'delete' | 'nothing';

export interface OneLoginConfig {
  /** Custom Headers, sent exactly (Authorization is added from the SCIM Bearer Token). */
  headers: Record<string, string>;
  template: Record<string, unknown>;
  /** Custom parameter → user field. */
  parameters: Record<string, string>;
  onUnassign: OnUnassign;
  provisionGroups: boolean;
}

/** Docker's guide: Configuration → Custom Headers. */
export const DOCKER_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'application/scim+json',
  'User-Agent': 'OneLogin SCIM',
});

/** Docker's guide: Parameters → scimusername mapped to Email. */
export const DEFAULT_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({ scimusername: 'email' });

export const SETTING_DESCRIPTIONS: Record<string, string> = {
  headers:
    'Custom Headers sent on every request, exactly as given (replacing the default; only Authorization: Bearer is added); default Docker\'s { Content-Type: application/scim+json, User-Agent: OneLogin SCIM }.',
  template:
    'The SCIM JSON Template rendered into every POST and PUT body, placeholders {$parameters.name} and {$user.field} filled from the user (no value renders ""); default Docker\'s core template (userName, name.givenName, name.familyName, emails[primary]).',
  parameters:
    'Custom parameters → the OneLogin user field each is mapped to (firstname, lastname, email, username, display_name, external_id, department, title, phone, locale_code, custom_attributes.dockerRole|dockerOrg|dockerTeam|employeeNumber ...), merged over the default { scimusername: email }; scimusername is also the userName the create flow filters on.',
  onUnassign:
    'When users are deleted in OneLogin or lose app access: suspend (default; PUT of the rendered template with active:false), delete (DELETE /Users/{id}) or nothing (no request).',
  provisionGroups:
    'Group provisioning is on (off in Docker\'s guide): pushGroup finds the group by GET /Groups (POST /Groups when missing) and sends one PATCH /Groups/{id} per member added or removed.',
};

const ON_UNASSIGN: readonly OnUnassign[] = ['suspend', 'delete', 'nothing'];
const KNOWN = Object.keys(SETTING_DESCRIPTIONS);

export function readSettings(raw: Record<string, unknown>): { config: OneLoginConfig; errors: string[] } {
  const errors: string[] = [];
  for (const key of Object.keys(raw)) if (!KNOWN.includes(key)) errors.push(`'${key}' is not a OneLogin setting (settings: ${KNOWN.join(', ')}).`);

  const headers = stringRecord(raw.headers, 'headers', errors) ?? { ...DOCKER_HEADERS };
  const parameters = { ...DEFAULT_PARAMETERS, ...(stringRecord(raw.parameters, 'parameters', errors) ?? {}) };
  for (const [name, field] of Object.entries(parameters)) {
    if (!isKnownField(field)) errors.push(`parameter '${name}' is mapped to '${field}', which is not a OneLogin user field (fields: ${knownFieldNames().join(', ')}).`);
  }

  let template: Record<string, unknown> = structuredClone(DOCKER_TEMPLATE) as Record<string, unknown>;
  if (raw.template !== undefined) {
    if (isPlainObject(raw.template)) template = raw.template;
    else errors.push('template must be a JSON object (the SCIM JSON Template).');
  }

  let onUnassign: OnUnassign = 'suspend';
  if (raw.onUnassign !== undefined) {
    if (typeof raw.onUnassign === 'string' && (ON_UNASSIGN as readonly string[]).includes(raw.onUnassign)) onUnassign = raw.onUnassign as OnUnassign;
    else errors.push(`onUnassign must be ${ON_UNASSIGN.join(', ')}, not ${JSON.stringify(raw.onUnassign)}.`);
  }

  let provisionGroups = false;
  if (raw.provisionGroups !== undefined) {
    if (typeof raw.provisionGroups === 'boolean') provisionGroups = raw.provisionGroups;
    else errors.push('provisionGroups must be true or false.');
  }

  return { config: { headers, template, parameters, onUnassign, provisionGroups }, errors };
}

function stringRecord(value: unknown, name: string, errors: string[]): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    errors.push(`${name} must map names to strings.`);
    return undefined;
  }
  return { ...(value as Record<string, string>) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
