/**
 * The target's own `/Schemas` and `/ResourceTypes`, read into small models the schema-driven checks
 * walk. Models are cached per discovered document (the same context object serves every exchange of a
 * run). Without discovery, RFC 7643's User and Group resource types stand in for endpoint lookups only.
 */
import { SCHEMA } from '../../vocabulary/constants.js';
import type { CheckContext } from './check.js';
import { isObject, schemaUrns, type JsonObject } from '../../vocabulary/json.js';

export interface AttributeModel {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: string;
  returned: string;
  canonicalValues: string[] | undefined;
  subAttributes: AttributeModel[];
}

export interface SchemaModel {
  id: string;
  attributes: AttributeModel[];
}

export interface ResourceTypeModel {
  name: string;
  /** Without slashes, e.g. `Users`. */
  endpoint: string;
  schema: string;
  extensions: string[];
}

/** Items of a discovery body: a ListResponse's `Resources`, a bare array, or one object. */
function items(body: unknown): JsonObject[] {
  if (Array.isArray(body)) return body.filter(isObject);
  if (isObject(body)) return Array.isArray(body.Resources) ? body.Resources.filter(isObject) : [body];
  return [];
}

const str = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

/** RFC 7643 §2.2 defaults for everything a definition leaves out. */
function attributeModel(raw: JsonObject): AttributeModel | undefined {
  if (typeof raw.name !== 'string') return undefined;
  return {
    name: raw.name,
    type: str(raw.type, 'string'),
    multiValued: bool(raw.multiValued, false),
    required: bool(raw.required, false),
    caseExact: bool(raw.caseExact, false),
    mutability: str(raw.mutability, 'readWrite'),
    returned: str(raw.returned, 'default'),
    canonicalValues: Array.isArray(raw.canonicalValues) ? raw.canonicalValues.filter((v): v is string => typeof v === 'string') : undefined,
    subAttributes: Array.isArray(raw.subAttributes)
      ? raw.subAttributes.filter(isObject).map(attributeModel).filter((a): a is AttributeModel => a !== undefined)
      : [],
  };
}

const schemaCache = new WeakMap<object, SchemaModel[]>();
const typeCache = new WeakMap<object, ResourceTypeModel[]>();

export function discoveredSchemas(ctx: CheckContext): SchemaModel[] | undefined {
  const body = ctx.schemas;
  if (typeof body !== 'object' || body === null) return undefined;
  let models = schemaCache.get(body);
  if (!models) {
    models = items(body)
      .filter((s) => typeof s.id === 'string')
      .map((s) => ({
        id: s.id as string,
        attributes: Array.isArray(s.attributes)
          ? s.attributes.filter(isObject).map(attributeModel).filter((a): a is AttributeModel => a !== undefined)
          : [],
      }));
    schemaCache.set(body, models);
  }
  return models.length > 0 ? models : undefined;
}

/** Lookups by lower-cased name, built once per discovered list (every returned resource asks several times). */
const nameIndexes = new WeakMap<readonly object[], Map<string, object>>();

/** The item of `items` whose `nameOf` is `name` case-insensitively; the first wins, as `find` did. */
function byLowerName<T extends object>(items: readonly T[], nameOf: (item: T) => string, name: string): T | undefined {
  let index = nameIndexes.get(items);
  if (!index) {
    index = new Map();
    for (const item of items) if (!index.has(nameOf(item).toLowerCase())) index.set(nameOf(item).toLowerCase(), item);
    nameIndexes.set(items, index);
  }
  return index.get(name.toLowerCase()) as T | undefined;
}

export function findSchema(ctx: CheckContext, urn: string): SchemaModel | undefined {
  const schemas = discoveredSchemas(ctx);
  return schemas && byLowerName(schemas, (s) => s.id, urn);
}

export const normalizeEndpoint = (endpoint: string) => endpoint.replace(/^\/+|\/+$/g, '');

export function discoveredResourceTypes(ctx: CheckContext): ResourceTypeModel[] | undefined {
  const body = ctx.resourceTypes;
  if (typeof body !== 'object' || body === null) return undefined;
  let models = typeCache.get(body);
  if (!models) {
    models = items(body)
      .filter((t) => typeof t.name === 'string' && typeof t.endpoint === 'string' && typeof t.schema === 'string')
      .map((t) => ({
        name: t.name as string,
        endpoint: normalizeEndpoint(t.endpoint as string),
        schema: t.schema as string,
        extensions: Array.isArray(t.schemaExtensions)
          ? t.schemaExtensions.filter(isObject).map((e) => e.schema).filter((s): s is string => typeof s === 'string')
          : [],
      }));
    typeCache.set(body, models);
  }
  return models.length > 0 ? models : undefined;
}

/** RFC 7643 §4's resource types, used to read routes when the target's were not discovered. */
export const RFC_RESOURCE_TYPES: readonly ResourceTypeModel[] = [
  { name: 'User', endpoint: 'Users', schema: SCHEMA.user, extensions: [SCHEMA.enterpriseUser] },
  { name: 'Group', endpoint: 'Groups', schema: SCHEMA.group, extensions: [] },
];

export const resourceTypes = (ctx: CheckContext): readonly ResourceTypeModel[] => discoveredResourceTypes(ctx) ?? RFC_RESOURCE_TYPES;

export function resourceTypeForEndpoint(ctx: CheckContext, endpoint: string): ResourceTypeModel | undefined {
  const wanted = normalizeEndpoint(endpoint).toLowerCase();
  return resourceTypes(ctx).find((t) => t.endpoint.toLowerCase() === wanted);
}

/** The resource type whose core schema a resource lists in `schemas` (for results of a root search). */
export function resourceTypeForResource(ctx: CheckContext, resource: unknown): ResourceTypeModel | undefined {
  const urns = schemaUrns(resource);
  return resourceTypes(ctx).find((t) => urns.includes(t.schema.toLowerCase()));
}

export function findAttribute(attributes: readonly AttributeModel[], name: string): AttributeModel | undefined {
  return byLowerName(attributes, (a) => a.name, name);
}
