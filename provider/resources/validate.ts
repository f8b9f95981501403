/**
 * Schema enforcement for POST and PUT bodies (RFC 7643 §2, §7; RFC 7644 §3.3, §3.5.1): the body becomes
 * the stored representation, with canonical attribute names, coerced values and read-only attributes
 * dropped, or the request is refused with the error the RFC names. Nothing here touches the store.
 */
import { isEmailAddress } from '../docker/email.js';
import { DEFAULT_DOCKER_ROLE, SCHEMA } from '../../vocabulary/constants.js';
import { badRequest, ScimError } from '../messages/error.js';
import type { AttributeDefinition } from '../schemas/definition.js';
import { commonAttributes } from '../schemas/common.js';
import { findAttribute, isObject, type ResourceSchema, type ScimObject } from '../schemas/resource-schema.js';
import type { Tolerances } from '../tolerances.js';
import { assertSinglePrimary, coerceAttribute } from '../types/coerce.js';
import type { PasswordHasher } from '../types/password.js';

export interface ResourceRules {
  /** Docker Hub: `userName` must be an email address. */
  userNameIsEmail: boolean;
  /** Docker Hub: when set, the email domain of `userName` must be one of these (verified) domains. */
  verifiedDomains: string[];
  /** Users get `dockerRole: member` when none is given. */
  defaultDockerRole: boolean;
  /** IdP quirks accepted in bodies (provider/tolerances.ts). */
  tolerances: Tolerances;
  /** How a new `password` is stored (provider/types/password.ts); scrypt when not given. */
  passwordHasher?: PasswordHasher;
}


/**
 * The client-writable part of a resource, normalised: everything but `id`, `meta` and the other read-only
 * attributes, which the caller owns. `existing` is the stored resource on PUT.
 */
export function prepareWrite(body: unknown, schema: ResourceSchema, rules: ResourceRules, existing?: ScimObject): ScimObject {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object.');
  const declared = readSchemas(body, schema);
  const out: ScimObject = {};
  for (const [key, raw] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = schema.schemaFor(key);
    if (extension && extension.extension) {
      if (raw === null) continue;
      if (!isObject(raw)) throw badRequest('invalidSyntax', `Extension '${extension.schema.id}' must be a JSON object.`);
      const ext = writeAttributes(raw, extension.schema.attributes, extension.schema.id, existing && pick(existing, extension.schema.id), rules);
      if (Object.keys(ext).length > 0) out[extension.schema.id] = ext;
      continue;
    }
    const definition = findAttribute(schema.type.schema.attributes, key) ?? findAttribute(commonAttributes, key);
    if (!definition) {
      throw badRequest('invalidSyntax', `Attribute '${key}' is not defined by the ${schema.type.name} resource type's schemas.`);
    }
    writeOne(out, definition, raw, definition.name, existing, rules);
  }
  for (const urn of declared) {
    if (urn !== schema.coreUrn && out[urn] === undefined && schema.type.extensions.some((e) => e.required && e.schema.id === urn)) {
      throw badRequest('invalidValue', `Required extension '${urn}' is missing.`);
    }
  }
  if (existing) keepWriteOnly(out, existing, schema);
  applyModelRules(out, schema, rules);
  requireAttributes(out, schema);
  out.schemas = declaredSchemas(out, schema);
  return out;
}

function readSchemas(body: ScimObject, schema: ResourceSchema): string[] {
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'schemas');
  const schemas = key === undefined ? undefined : body[key];
  if (!Array.isArray(schemas) || schemas.length === 0 || !schemas.every((s) => typeof s === 'string')) {
    throw badRequest('invalidSyntax', `'schemas' must be a non-empty array of schema URNs, including '${schema.coreUrn}'.`);
  }
  const canonical: string[] = [];
  for (const urn of schemas as string[]) {
    const known = schema.schemaFor(urn);
    if (!known) throw badRequest('invalidValue', `Schema '${urn}' is not supported by the ${schema.type.name} resource type.`);
    canonical.push(known.schema.id);
  }
  if (!canonical.includes(schema.coreUrn)) {
    throw badRequest('invalidValue', `'schemas' must include the core schema '${schema.coreUrn}'.`);
  }
  return canonical;
}

function writeAttributes(raw: ScimObject, definitions: AttributeDefinition[], urn: string, existing: ScimObject | undefined, rules: ResourceRules): ScimObject {
  const out: ScimObject = {};
  for (const [key, value] of Object.entries(raw)) {
    const definition = findAttribute(definitions, key);
    if (!definition) throw badRequest('invalidSyntax', `Attribute '${key}' is not defined by schema '${urn}'.`);
    writeOne(out, definition, value, `${urn}:${definition.name}`, existing, rules);
  }
  return out;
}

function writeOne(out: ScimObject, definition: AttributeDefinition, raw: unknown, path: string, existing: ScimObject | undefined, rules: ResourceRules): void {
  // RFC 7644 §3.5.1: readOnly values in a request SHALL be ignored.
  if (definition.mutability === 'readOnly') return;
  const value = coerceAttribute(definition, raw, path, rules.tolerances);
  assertSinglePrimary(definition, value, path);
  if (definition.mutability === 'immutable' && existing) {
    const before = existing[definition.name];
    if (before !== undefined && JSON.stringify(before) !== JSON.stringify(value)) {
      throw new ScimError(400, 'mutability', `Attribute '${path}' is immutable and cannot be changed.`);
    }
  }
  if (value !== undefined) out[definition.name] = value;
}

function pick(resource: ScimObject, key: string): ScimObject | undefined {
  const v = resource[key];
  return isObject(v) ? v : undefined;
}

/** A PUT that omits a write-only attribute (password) leaves it as it was: it cannot be read back to resend. */
function keepWriteOnly(out: ScimObject, existing: ScimObject, schema: ResourceSchema): void {
  for (const definition of schema.type.schema.attributes) {
    if (definition.mutability === 'writeOnly' && out[definition.name] === undefined && existing[definition.name] !== undefined) {
      out[definition.name] = existing[definition.name];
    }
  }
}

function applyModelRules(out: ScimObject, schema: ResourceSchema, rules: ResourceRules): void {
  if (schema.coreUrn !== SCHEMA.user) return;
  const userName = out.userName;
  if (typeof userName === 'string' && rules.userNameIsEmail) {
    if (!isEmailAddress(userName)) throw badRequest('invalidValue', `userName must be the member's email address, got '${userName}'.`);
    const domain = userName.slice(userName.lastIndexOf('@') + 1).toLowerCase();
    if (rules.verifiedDomains.length > 0 && !rules.verifiedDomains.includes(domain)) {
      throw badRequest('invalidValue', `userName's domain '${domain}' is not a verified domain of this organization.`);
    }
  }
  if (rules.defaultDockerRole && schema.schemaFor(SCHEMA.dockerUser)) {
    const docker = pick(out, SCHEMA.dockerUser) ?? {};
    if (docker.dockerRole === undefined) docker.dockerRole = DEFAULT_DOCKER_ROLE;
    out[SCHEMA.dockerUser] = docker;
  }
}

/** RFC 7643 §2.2 `required`, checked on the whole representation (also after PATCH). */
export function requireAttributes(resource: ScimObject, schema: ResourceSchema): void {
  const check = (definitions: AttributeDefinition[], container: ScimObject | undefined, prefix: string) => {
    for (const definition of definitions) {
      if (!definition.required) continue;
      const value = container?.[definition.name];
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
        throw badRequest('invalidValue', `Required attribute '${prefix}${definition.name}' is missing.`);
      }
    }
  };
  check(schema.type.schema.attributes, resource, '');
  for (const ext of schema.type.extensions) {
    const container = pick(resource, ext.schema.id);
    if (container) check(ext.schema.attributes, container, `${ext.schema.id}:`);
  }
}

/** Re-checks rules that PATCH results must also satisfy (the PATCH engine checks types and mutability). */
export function validatePatched(resource: ScimObject, schema: ResourceSchema, rules: ResourceRules): ScimObject {
  requireAttributes(resource, schema);
  applyModelRules(resource, schema, rules);
  resource.schemas = declaredSchemas(resource, schema);
  return resource;
}

/** `schemas` is derived, never trusted: the core URN and each extension the resource holds data for. */
function declaredSchemas(resource: ScimObject, schema: ResourceSchema): string[] {
  const holds = (urn: string) => isObject(resource[urn]) && Object.keys(resource[urn] as ScimObject).length > 0;
  return [schema.coreUrn, ...schema.extensionUrns.filter(holds)];
}
