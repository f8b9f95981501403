/**
 * Okta's "To App" attribute mappings: the directory user as the SCIM User Okta sends (POST and PUT bodies),
 * and as a flat profile (one entry per mapped attribute) so Okta can tell whether an edit changed anything.
 */
import { createHash } from 'node:crypto';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { isPlainObject as isRecord } from '../../vocabulary/json.js';
import type { DirectoryUser } from '../directory.js';
import type { ScimResource } from '../scim-client.js';
import type { OktaMappings } from './config.js';

const DOCKER_FIELDS = ['dockerRole', 'dockerOrg', 'dockerTeam'] as const;

/** Mapped attribute → value; `emails` holds the primary work email. Keys are SCIM paths. */
export type FlatProfile = Record<string, string>;

/** The mapped attributes of a directory user, absent values left out (Okta omits empty attributes). */
export function flatProfile(user: DirectoryUser, mappings: OktaMappings): FlatProfile {
  const flat: FlatProfile = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') flat[key] = value;
  };
  put('userName', user.userName);
  put('name.givenName', user.givenName);
  put('name.familyName', user.familyName);
  put('emails', user.email);
  if (mappings.displayName) put('displayName', user.displayName);
  if (mappings.externalId) put('externalId', user.externalId);
  if (mappings.locale) put('locale', user.locale);
  if (mappings.docker) for (const field of DOCKER_FIELDS) put(`${SCHEMA.dockerUser}:${field}`, user[field]);
  return flat;
}

/** The SCIM User of a POST (and the mapped part of a PUT), in the order Okta writes it. */
export function userBody(user: DirectoryUser, mappings: OktaMappings, active: boolean): ScimResource {
  const flat = flatProfile(user, mappings);
  const docker = dockerExtension(flat);
  const body: ScimResource = { schemas: docker ? [SCHEMA.user, SCHEMA.dockerUser] : [SCHEMA.user] };
  if (flat.userName !== undefined) body.userName = flat.userName;
  const name = nameOf(flat);
  if (name) body.name = name;
  if (flat.emails !== undefined) body.emails = emailsOf(flat.emails);
  if (flat.displayName !== undefined) body.displayName = flat.displayName;
  body.active = active;
  if (flat.externalId !== undefined) body.externalId = flat.externalId;
  if (flat.locale !== undefined) body.locale = flat.locale;
  if (docker) body[SCHEMA.dockerUser] = docker;
  return body;
}

/**
 * The body of Okta's create: the mapped user plus what Okta's SCIM guide shows on every create (S1): a `password`
 * ("Okta sends the password parameter in a create user request, even if password sync isn't enabled": a random
 * one, derived here from the user so a run can be replayed) and `groups: []`. Neither is a mapped attribute, so
 * neither is expected back (a password never is).
 */
export function createBody(user: DirectoryUser, mappings: OktaMappings): ScimResource {
  return { ...userBody(user, mappings, true), password: generatedPassword(user), groups: [] };
}

function generatedPassword(user: DirectoryUser): string {
  return `${createHash('sha256').update(`okta-password/${user.externalId}`).digest('base64url').slice(0, 20)}aA1!`;
}

/**
 * The whole user for a PUT: the user as the target returned it, echoed (S1's PUT example repeats `meta` and
 * `groups` from its GET; S3's PUT after a lookup match has no `meta`, so `echoMeta` says which), with every
 * mapped attribute set to Okta's value or removed when Okta has none (Okta owns what it maps), and `active`.
 * Attributes Okta does not map (an unmapped displayName, title, name.middleName…) go back as they came.
 */
export function putBody(found: ScimResource, user: DirectoryUser, mappings: OktaMappings, active: boolean, echoMeta: boolean): ScimResource {
  const mapped = userBody(user, mappings, active);
  const body: ScimResource = { ...found };
  if (!echoMeta) delete body.meta;
  const mappedKeys = ['userName', 'emails', ...(mappings.displayName ? ['displayName'] : []), ...(mappings.externalId ? ['externalId'] : []), ...(mappings.locale ? ['locale'] : [])];
  for (const key of mappedKeys) setOrDelete(body, key, mapped[key]);
  setName(body, found, mapped);
  const schemas = new Set<string>(Array.isArray(found.schemas) ? (found.schemas as unknown[]).filter((s): s is string => typeof s === 'string') : []);
  schemas.add(SCHEMA.user);
  if (mappings.docker) setDockerExtension(body, found, mapped, schemas);
  body.schemas = [...schemas];
  body.active = active;
  return body;
}

/** givenName and familyName are Okta's; other sub-attributes of `name` stay as found. */
function setName(body: ScimResource, found: ScimResource, mapped: ScimResource): void {
  const name = { ...(isRecord(found.name) ? found.name : {}) } as Record<string, unknown>;
  const mappedName = (mapped.name ?? {}) as Record<string, unknown>;
  for (const sub of ['givenName', 'familyName']) setOrDelete(name, sub, mappedName[sub]);
  if (Object.keys(name).length > 0) body.name = name;
  else delete body.name;
}

/** Okta's Docker fields replace the found ones; the extension (and its schema URN) goes when none is left. */
function setDockerExtension(body: ScimResource, found: ScimResource, mapped: ScimResource, schemas: Set<string>): void {
  const current = isRecord(found[SCHEMA.dockerUser]) ? { ...(found[SCHEMA.dockerUser] as Record<string, unknown>) } : {};
  const wanted = (mapped[SCHEMA.dockerUser] ?? {}) as Record<string, unknown>;
  for (const field of DOCKER_FIELDS) setOrDelete(current, field, wanted[field]);
  if (Object.keys(current).length > 0) {
    body[SCHEMA.dockerUser] = current;
    schemas.add(SCHEMA.dockerUser);
  } else {
    delete body[SCHEMA.dockerUser];
    schemas.delete(SCHEMA.dockerUser);
  }
}

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

export function patchBody(operations: PatchOperation[]): ScimResource {
  return { schemas: [MESSAGE.patchOp], Operations: operations };
}

/** Two flat profiles hold the same mapped values. */
export function sameProfile(a: FlatProfile, b: FlatProfile): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

function nameOf(flat: FlatProfile): Record<string, string> | undefined {
  const name: Record<string, string> = {};
  if (flat['name.givenName'] !== undefined) name.givenName = flat['name.givenName'];
  if (flat['name.familyName'] !== undefined) name.familyName = flat['name.familyName'];
  return Object.keys(name).length > 0 ? name : undefined;
}

function emailsOf(email: string): { primary: boolean; value: string; type: string }[] {
  return [{ primary: true, value: email, type: 'work' }];
}

function dockerExtension(flat: FlatProfile): Record<string, string> | undefined {
  const ext: Record<string, string> = {};
  for (const field of DOCKER_FIELDS) {
    const value = flat[`${SCHEMA.dockerUser}:${field}`];
    if (value !== undefined) ext[field] = value;
  }
  return Object.keys(ext).length > 0 ? ext : undefined;
}

function setOrDelete(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}
