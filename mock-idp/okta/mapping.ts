/**
 * Okta's "To App" attribute mappings: the directory user as the SCIM User Okta sends (POST and PUT
 * bodies), and as a flat profile (one entry per mapped attribute) so a profile update can send only what
 * changed, as template-based integrations do.
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
  put('displayName', user.displayName);
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
 * The whole user for a PUT: what the target returned (less `meta`), with every mapped attribute set to
 * Okta's value (or removed when Okta has none: Okta owns its mapped attributes) and `active` as given.
 */
export function putBody(fetched: ScimResource, user: DirectoryUser, mappings: OktaMappings, active: boolean): ScimResource {
  const { meta: _meta, ...rest } = fetched;
  const mapped = userBody(user, mappings, active);
  const body: ScimResource = { ...rest };
  const schemas = new Set<string>(Array.isArray(rest.schemas) ? (rest.schemas as unknown[]).filter((s): s is string => typeof s === 'string') : []);
  schemas.add(SCHEMA.user);
  for (const key of ['userName', 'displayName', 'emails'] as const) {
    if (mapped[key] === undefined) delete body[key];
    else body[key] = mapped[key];
  }
  const name = { ...(isRecord(rest.name) ? rest.name : {}) } as Record<string, unknown>;
  const mappedName = (mapped.name ?? {}) as Record<string, unknown>;
  for (const sub of ['givenName', 'familyName']) {
    if (mappedName[sub] === undefined) delete name[sub];
    else name[sub] = mappedName[sub];
  }
  if (Object.keys(name).length > 0) body.name = name;
  else delete body.name;
  if (mappings.externalId) setOrDelete(body, 'externalId', mapped.externalId);
  if (mappings.locale) setOrDelete(body, 'locale', mapped.locale);
  if (mappings.docker) {
    const current = isRecord(rest[SCHEMA.dockerUser]) ? { ...(rest[SCHEMA.dockerUser] as Record<string, unknown>) } : {};
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
  body.schemas = [...schemas];
  body.active = active;
  return body;
}

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/**
 * The operations of a profile-update PATCH: one path-less `replace` whose value holds the changed
 * attributes (nested as in a resource), then a `remove` with a path per attribute Okta no longer has.
 */
export function changeOperations(before: FlatProfile, after: FlatProfile, extra: Record<string, unknown> = {}): PatchOperation[] {
  const changed: FlatProfile = {};
  for (const [key, value] of Object.entries(after)) if (before[key] !== value) changed[key] = value;
  const value = nest(changed);
  Object.assign(value, extra);
  const operations: PatchOperation[] = [];
  if (Object.keys(value).length > 0) operations.push({ op: 'replace', value });
  for (const key of Object.keys(before)) if (after[key] === undefined) operations.push({ op: 'remove', path: key });
  return operations;
}

export function patchBody(operations: PatchOperation[]): ScimResource {
  return { schemas: [MESSAGE.patchOp], Operations: operations };
}

/** Flat keys a directory edit touches (`set:` of an update step), for users whose last push Okta did not make. */
export function touchedKeys(set: Record<string, unknown>, mappings: OktaMappings): string[] {
  const keys = new Set<string>();
  for (const raw of Object.keys(set)) {
    const name = raw.toLowerCase();
    if (name === 'username') keys.add('userName');
    else if (name === 'email' || name === 'emails.value') keys.add('emails');
    else if (name === 'givenname' || name === 'name.givenname') keys.add('name.givenName').add('displayName');
    else if (name === 'familyname' || name === 'name.familyname') keys.add('name.familyName').add('displayName');
    else if (name === 'displayname') keys.add('displayName');
    else if (name === 'externalid' && mappings.externalId) keys.add('externalId');
    else if (name === 'locale' && mappings.locale) keys.add('locale');
    else if (mappings.docker) {
      const field = DOCKER_FIELDS.find((f) => f.toLowerCase() === name);
      if (field) keys.add(`${SCHEMA.dockerUser}:${field}`);
    }
  }
  return [...keys];
}

function nest(flat: FlatProfile): ScimResource {
  const value: ScimResource = {};
  for (const [key, v] of Object.entries(flat)) {
    if (key === 'emails') value.emails = emailsOf(v);
    else if (key.startsWith('name.')) value.name = { ...((value.name as Record<string, unknown> | undefined) ?? {}), [key.slice(5)]: v };
    else if (key.startsWith(`${SCHEMA.dockerUser}:`)) {
      value[SCHEMA.dockerUser] = { ...((value[SCHEMA.dockerUser] as Record<string, unknown> | undefined) ?? {}), [key.slice(SCHEMA.dockerUser.length + 1)]: v };
    } else value[key] = v;
  }
  return value;
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
