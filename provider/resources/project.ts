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
    const owner = findAttribute(schema.type.schema.attributes, key) ? schema.coreUrn : '';
    const definition = findAttribute(schema.type.schema.attributes, key) ?? findAttribute(commonAttributes, key);
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
  const key = `${urn}|${definition.name}`.toLowerCase();
  if (include) {
    if (include.keys.has(key)) return stripNever(value, definition);
    if (definition.type !== 'complex') return undefined;
    const subs = (definition.subAttributes ?? []).filter((s) => include.keys.has(`${key}|${s.name}`.toLowerCase()) || s.returned === 'always');
    if (!subs.some((s) => include.keys.has(`${key}|${s.name}`.toLowerCase()))) return undefined;
    return pickSubAttributes(value, subs);
  }
  if (definition.returned === 'request') return undefined;
  if (exclude?.keys.has(key)) return undefined;
  if (definition.type !== 'complex' || !exclude) return stripNever(value, definition);
  const kept = (definition.subAttributes ?? []).filter(
    (s) => s.returned === 'always' || (s.returned !== 'never' && !exclude.keys.has(`${key}|${s.name}`.toLowerCase())),
  );
  return pickSubAttributes(value, kept);
}

function stripNever(value: unknown, definition: AttributeDefinition): unknown {
  const hidden = (definition.subAttributes ?? []).filter((s) => s.returned === 'never');
  if (hidden.length === 0) return value;
  return pickSubAttributes(value, (definition.subAttributes ?? []).filter((s) => s.returned !== 'never'));
}

function pickSubAttributes(value: unknown, subs: AttributeDefinition[]): unknown {
  const names = new Set(subs.map((s) => s.name));
  const pickOne = (v: unknown) => {
    if (!isObject(v)) return undefined;
    const out: ScimObject = {};
    for (const [k, sv] of Object.entries(v)) if (names.has(k)) out[k] = sv;
    return Object.keys(out).length > 0 ? out : undefined;
  };
  if (Array.isArray(value)) {
    const list = value.map(pickOne).filter((v) => v !== undefined);
    return list.length > 0 ? list : undefined;
  }
  return pickOne(value);
}

/** Turns the `attributes` parameter's paths into lookup keys; unknown paths select nothing (RFC is silent). */
function selector(paths: string[], schema: ResourceSchema): Selector {
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
