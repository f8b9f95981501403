/**
 * OneLogin's SCIM JSON Template: the body of every user create and update, written by the admin with
 * placeholders that OneLogin fills from the user when it provisions (the named templates: `templates.ts`).
 *
 * Rules (D5, O2, O6 show the placeholder syntax; the rest is how the profile renders):
 * - `{$user.<field>}` is a OneLogin user field (table `USER_FIELDS`; custom user fields as
 *   `{$user.custom_attributes.<name>}`); `{$parameters.<name>}` is a custom parameter of the app, which the
 *   admin maps to a user field (`scimusername` → Email in Docker's guide).
 * - `{$user.active}` is the user's status as OneLogin pushes it: "true", or "false" in a suspend (O6 shows it
 *   quoted, so it renders as a string like every placeholder).
 * - A placeholder is substituted in place, inside a longer string too (`"{$user.firstname} {$user.lastname}"`).
 * - A placeholder whose field has no value renders as the empty string; so does one naming a field or
 *   parameter OneLogin does not know (reported back as `unknown`, for messages). No source documents this
 *   rule (audit L-7): it is the `onelogin.template-empty-value` behaviour.
 * - Values are always strings: a placeholder never turns into a number, boolean or null, and it never
 *   removes its attribute. Non-string values of the template (`"primary": true`, numbers, null) are sent
 *   as written. Objects and arrays are rendered recursively; keys are rendered too (OneLogin substitutes
 *   the template's text).
 * - Anything else in braces (`{$group.name}`, `{user.email}`, `{{x}}`) is not a placeholder and stays as is.
 */
import type { DirectoryUser } from '../directory.js';

/**
 * OneLogin's built-in user fields and what the simulated directory holds for them. `null`: a field
 * OneLogin has but the simulated directory never fills (it always renders as "").
 */
export const USER_FIELDS: Readonly<Record<string, keyof DirectoryUser | null>> = {
  firstname: 'givenName',
  lastname: 'familyName',
  email: 'email',
  username: 'userName',
  /** OneLogin derives it as "firstname lastname". */
  display_name: 'displayName',
  external_id: 'externalId',
  department: 'department',
  title: 'title',
  phone: 'mobilePhone',
  locale_code: 'locale',
  company: null,
  manager_firstname: null,
  manager_lastname: null,
  manager_ad_id: null,
  city: null,
  state: null,
  country: null,
  member_of: null,
  samaccountname: null,
  userprincipalname: null,
  distinguished_name: null,
};

/** Custom user fields the admin created in OneLogin for Docker's role mapping (and an employee number). */
export const CUSTOM_FIELDS: Readonly<Record<string, keyof DirectoryUser>> = {
  dockerrole: 'dockerRole',
  dockerorg: 'dockerOrg',
  dockerteam: 'dockerTeam',
  employeenumber: 'employeeNumber',
};

const CUSTOM_PREFIX = 'custom_attributes.';

/** Not a directory attribute: the status OneLogin is pushing, which the render input carries. */
const STATUS_FIELD = 'active';

export interface FieldLookup {
  known: boolean;
  /** The value, or undefined when the field has none. */
  value: string | undefined;
}

/**
 * A user field by OneLogin name, any case: `firstname`, `custom_attributes.dockerRole`, or a custom field's
 * bare name (`dockerRole`), as the Parameters tab lists it; `active` is the status being pushed.
 */
export function userField(user: DirectoryUser, name: string, active = true): FieldLookup {
  const lower = name.toLowerCase();
  if (lower === STATUS_FIELD) return { known: true, value: String(active) };
  let key: keyof DirectoryUser | null | undefined;
  if (lower.startsWith(CUSTOM_PREFIX)) key = CUSTOM_FIELDS[lower.slice(CUSTOM_PREFIX.length)];
  else if (Object.hasOwn(USER_FIELDS, lower)) key = USER_FIELDS[lower];
  else key = CUSTOM_FIELDS[lower];
  if (key === undefined) return { known: false, value: undefined };
  if (key === null) return { known: true, value: undefined };
  const value = user[key];
  return { known: true, value: typeof value === 'string' ? value : undefined };
}

export function isKnownField(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith(CUSTOM_PREFIX)) return Object.hasOwn(CUSTOM_FIELDS, lower.slice(CUSTOM_PREFIX.length));
  return lower === STATUS_FIELD || Object.hasOwn(USER_FIELDS, lower) || Object.hasOwn(CUSTOM_FIELDS, lower);
}

export function knownFieldNames(): string[] {
  return [...Object.keys(USER_FIELDS), STATUS_FIELD, ...Object.keys(CUSTOM_FIELDS).map((f) => `${CUSTOM_PREFIX}${f}`)];
}

export interface RenderInput {
  user: DirectoryUser;
  /** Custom parameter name → user field name. */
  parameters: Readonly<Record<string, string>>;
  /** What `{$user.active}` renders: false while OneLogin suspends the user. Default true. */
  active?: boolean;
}

export interface Rendered<T = unknown> {
  value: T;
  /** Placeholders that rendered "" because the user has no value for them. */
  empty: string[];
  /** Placeholders naming a field or parameter OneLogin does not know (also rendered ""). */
  unknown: string[];
}

const PLACEHOLDER = /\{\$(user|parameters)\.([A-Za-z0-9_.-]+)\}/g;

export function renderTemplate<T>(template: T, input: RenderInput): Rendered<T> {
  const empty = new Set<string>();
  const unknown = new Set<string>();
  const parameters = new Map(Object.entries(input.parameters).map(([name, field]) => [name.toLowerCase(), field]));

  const substitute = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, root: string, name: string) => {
      let lookup: FieldLookup;
      if (root === 'user') lookup = userField(input.user, name, input.active);
      else {
        const field = parameters.get(name.toLowerCase());
        lookup = field === undefined ? { known: false, value: undefined } : userField(input.user, field, input.active);
      }
      if (!lookup.known) unknown.add(whole);
      else if (lookup.value === undefined || lookup.value === '') empty.add(whole);
      return lookup.value ?? '';
    });

  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return substitute(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) out[substitute(key)] = walk(value);
      return out;
    }
    return node;
  };

  return { value: walk(template) as T, empty: [...empty], unknown: [...unknown] };
}

/** The placeholders a template uses, in order of first appearance (for settings checks and messages). */
export function placeholdersOf(template: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') for (const match of node.matchAll(PLACEHOLDER)) found.add(match[0]);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
        walk(key);
        walk(value);
      }
    }
  };
  walk(template);
  return [...found];
}
