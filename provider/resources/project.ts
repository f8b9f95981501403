/**
 * What a response may show of a resource (RFC 7643 §2.2 `returned`, RFC 7644 §3.4.2.5 `attributes` and
 * `excludedAttributes`): `never` is never shown, `always` is shown whatever was asked, `request` only when
 * asked, `default` unless excluded or another list was asked for.
 */
import type { AttributeDefinition } from '../schemas/definition.js';
import { commonAttributes } from '../schemas/common.js';
import { findAttribute, isObject, type ResourceSchema, type ScimObject } from '../schemas/resource-schema.js';

export interface Projection {
  attributes: string[];
  excludedAttributes: string[];
}

export const NO_PROJECTION: Projection = { attributes: [], excludedAttributes: [] };

interface Selector {
  /** Lower-cased `urn|attr` keys selected whole, and `urn|attr|sub` keys for single sub-attributes. */
  keys: Set<string>;
  /** Whole extension schemas selected by URN. */
  urns: Set<string>;
}

export function project(resource: ScimObject, schema: ResourceSchema, projection: Projection = NO_PROJECTION): ScimObject {
  const include = projection.attributes.length > 0 ? selector(projection.attributes, schema) : undefined;
  const exclude = include ? undefined : selector(projection.excludedAttributes, schema);
  const out: ScimObject = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas') {
      out.schemas = value;
      continue;
    }
    const ext = schema.schemaFor(key);
    if (ext?.extension) {
      if (!isObject(value)) continue;
      const projected = projectAttributes(value, ext.schema.attributes, ext.schema.id, include, exclude);
      if (Object.keys(projected).length > 0) out[key] = projected;
      continue;
    }
    const core = findAttribute(schema.type.schema.attributes, key);
    const owner = core ? schema.coreUrn : '';
    const definition = core ?? findAttribute(commonAttributes, key);
    if (!definition) continue;
    const shown = projectOne(value, definition, owner, include, exclude);
    if (shown !== undefined) out[key] = shown;
  }
  return out;
}

function projectAttributes(
  container: ScimObject,
  definitions: AttributeDefinition[],
  urn: string,
  include: Selector | undefined,
  exclude: Selector | undefined,
): ScimObject {
  const out: ScimObject = {};
  for (const [key, value] of Object.entries(container)) {
    const definition = findAttribute(definitions, key);
    if (!definition) continue;
    const wholeSchema = include?.urns.has(urn.toLowerCase());
    const shown = wholeSchema && definition.returned !== 'never' ? value : projectOne(value, definition, urn, include, exclude);
    if (shown !== undefined) out[key] = shown;
  }
  return out;
}

function projectOne(
  value: unknown,
  definition: AttributeDefinition,
  urn: string,
  include: Selector | undefined,
  exclude: Selector | undefined,
): unknown {
  if (definition.returned === 'never') return undefined;
  if (definition.returned === 'always') return value;
  const key = include || exclude?.keys.size ? `${urn}|${definition.name}`.toLowerCase() : '';
  if (include) {
    if (include.keys.has(key)) return stripNever(value, definition);
    if (definition.type !== 'complex') return undefined;
    const subs = (definition.subAttributes ?? []).filter((s) => include.keys.has(`${key}|${s.name}`.toLowerCase()) || s.returned === 'always');
    if (!subs.some((s) => include.keys.has(`${key}|${s.name}`.toLowerCase()))) return undefined;
    return pickSubAttributes(value, subs);
  }
  if (definition.returned === 'request') return undefined;
  // No excludedAttributes (the usual request): nothing to look up, and the kept sub-attributes are fixed.
  const excluding = exclude !== undefined && exclude.keys.size > 0;
  if (excluding && exclude.keys.has(key)) return undefined;
  if (definition.type !== 'complex' || !exclude) return stripNever(value, definition);
  const kept = excluding
    ? (definition.subAttributes ?? []).filter((s) => s.returned === 'always' || (s.returned !== 'never' && !exclude.keys.has(`${key}|${s.name}`.toLowerCase())))
    : shownSubAttributes(definition);
  return pickSubAttributes(value, kept);
}

function stripNever(value: unknown, definition: AttributeDefinition): unknown {
  const shown = shownSubAttributes(definition);
  if (shown.length === (definition.subAttributes ?? []).length) return value;
  return pickSubAttributes(value, shown);
}

function pickSubAttributes(value: unknown, subs: AttributeDefinition[]): unknown {
  const names = namesOf(subs);
  if (Array.isArray(value)) {
    // A loop, not map with a closure: tsx names every closure it creates, per call (a defineProperty).
    const list: ScimObject[] = [];
    for (const v of value) {
      const picked = pickOne(v, names);
      if (picked !== undefined) list.push(picked);
    }
    return list.length > 0 ? list : undefined;
  }
  return pickOne(value, names);
}

function pickOne(value: unknown, names: ReadonlySet<string>): ScimObject | undefined {
  if (!isObject(value)) return undefined;
  const out: ScimObject = {};
  let kept = false;
  for (const k in value) {
    if (!names.has(k)) continue;
    out[k] = value[k];
    kept = true;
  }
  return kept ? out : undefined;
}

/*
 * Schema definitions are built once per profile and never change, so what a render asks of them for every
 * attribute of every resource is worked out once (issue 12: linear, lower-casing lookups were a large part of a GET).
 */
const shownSubs = new WeakMap<AttributeDefinition, AttributeDefinition[]>();
const subNames = new WeakMap<AttributeDefinition[], Set<string>>();

/** The sub-attributes a response may show when nothing is excluded: all but `returned: never`. */
function shownSubAttributes(definition: AttributeDefinition): AttributeDefinition[] {
  let shown = shownSubs.get(definition);
  if (shown === undefined) {
    shown = (definition.subAttributes ?? []).filter((s) => s.returned !== 'never');
    shownSubs.set(definition, shown);
    subNames.set(shown, new Set(shown.map((s) => s.name)));
  }
  return shown;
}

/** The names of `subs`: remembered for the fixed lists of {@link shownSubAttributes}, else worked out. */
function namesOf(subs: AttributeDefinition[]): Set<string> {
  return subNames.get(subs) ?? new Set(subs.map((s) => s.name));
}

/** What an empty list selects (the usual request): one shared value, never added to. */
const NOTHING: Selector = { keys: new Set<string>(), urns: new Set<string>() };

/** Turns the `attributes` parameter's paths into lookup keys; unknown paths select nothing (RFC is silent). */
function selector(paths: string[], schema: ResourceSchema): Selector {
  if (paths.length === 0) return NOTHING;
  const keys = new Set<string>();
  const urns = new Set<string>();
  for (const path of paths) {
    const ext = schema.schemaFor(path);
    if (ext) {
      urns.add(ext.schema.id.toLowerCase());
      continue;
    }
    const resolved = schema.resolve(path);
    if (!resolved) continue;
    const urn = resolved.schemaUrn ?? '';
    const key = `${urn}|${resolved.attribute.name}`.toLowerCase();
    keys.add(resolved.subAttribute ? `${key}|${resolved.subAttribute.name}`.toLowerCase() : key);
  }
  return { keys, urns };
}

/** Splits a comma-separated `attributes`/`excludedAttributes` query value. */
export function parseAttributeList(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(parseAttributeList);
  if (typeof value !== 'string') return [];
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
