/**
 * Walks a returned resource attribute by attribute alongside the target's own schema definitions: core
 * attributes against the resource type's core schema, URN-named containers against their extension
 * schema, complex values against their sub-attributes. The common attributes (RFC 7643 §3.1) are defined
 * here, since no schema lists them.
 */
import type { CheckContext } from './check.js';
import { findAttribute, findSchema, type AttributeModel, type SchemaModel } from './discovered.js';
import { isObject, schemaUrns } from '../../vocabulary/json.js';
import type { ReturnedResource } from './returned.js';

const attribute = (name: string, type: string, extra: Partial<AttributeModel> = {}): AttributeModel => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  canonicalValues: undefined,
  subAttributes: [],
  ...extra,
});

/** RFC 7643 §3 and §3.1. */
export const COMMON_ATTRIBUTES: readonly AttributeModel[] = [
  attribute('schemas', 'reference', { multiValued: true, caseExact: true, returned: 'always' }),
  attribute('id', 'string', { caseExact: true, mutability: 'readOnly', returned: 'always' }),
  attribute('externalId', 'string', { caseExact: true }),
  attribute('meta', 'complex', {
    mutability: 'readOnly',
    subAttributes: [
      attribute('resourceType', 'string', { caseExact: true, mutability: 'readOnly' }),
      attribute('created', 'dateTime', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attribute('location', 'reference', { caseExact: true, mutability: 'readOnly' }),
      attribute('version', 'string', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

/** RFC 7643 §2.4: sub-attributes every multi-valued attribute may carry, declared or not. */
const DEFAULT_SUB_ATTRIBUTES = new Set(['type', 'primary', 'display', 'value', '$ref']);

export interface Visit {
  /** Subject for findings, e.g. `Resources[0].emails[1].type`. */
  path: string;
  value: unknown;
  /** The declaration, when the governing schema is known and declares it. */
  definition: AttributeModel | undefined;
  /** Whether the schema governing this position was discovered (so an absent declaration means undeclared). */
  governed: boolean;
  /** An undeclared default sub-attribute of a multi-valued attribute (allowed by RFC 7643 §2.4). */
  implicit: boolean;
}

export interface Container {
  urn: string;
  path: string;
  /** Whether the resource's `schemas` lists the URN. */
  listed: boolean;
  schema: SchemaModel | undefined;
}

export interface ResourceWalk {
  core: SchemaModel | undefined;
  visits: Visit[];
  containers: Container[];
}

function visit(visits: Visit[], path: string, value: unknown, definition: AttributeModel | undefined, governed: boolean, implicit: boolean): void {
  visits.push({ path, value, definition, governed, implicit });
  if (!definition || definition.type !== 'complex') return;
  const elements: [string, unknown][] = definition.multiValued
    ? Array.isArray(value)
      ? value.map((v, i): [string, unknown] => [`${path}[${i}]`, v])
      : []
    : [[path, value]];
  const childGoverned = governed && definition.subAttributes.length > 0;
  for (const [elementPath, element] of elements) {
    if (!isObject(element)) continue;
    for (const [key, child] of Object.entries(element)) {
      const sub = findAttribute(definition.subAttributes, key);
      const isImplicit = sub === undefined && definition.multiValued && DEFAULT_SUB_ATTRIBUTES.has(key.toLowerCase());
      visit(visits, `${elementPath}.${key}`, child, sub, childGoverned, isImplicit);
    }
  }
}

/** Several checks walk each returned resource: walked once per resource object and published schemas. */
const walkCache = new WeakMap<ReturnedResource, { schemas: unknown; walk: ResourceWalk }>();

export function walkResource(resource: ReturnedResource, ctx: CheckContext): ResourceWalk {
  const cached = walkCache.get(resource);
  if (cached && cached.schemas === ctx.schemas) return cached.walk;
  const walk = walkUncached(resource, ctx);
  walkCache.set(resource, { schemas: ctx.schemas, walk });
  return walk;
}

function walkUncached(resource: ReturnedResource, ctx: CheckContext): ResourceWalk {
  const core = resource.type ? findSchema(ctx, resource.type.schema) : undefined;
  const listed = schemaUrns(resource.value);
  const visits: Visit[] = [];
  const containers: Container[] = [];
  for (const [key, value] of Object.entries(resource.value)) {
    const path = `${resource.prefix}${key}`;
    const common = findAttribute(COMMON_ATTRIBUTES, key);
    if (common) {
      visit(visits, path, value, common, true, false);
    } else if (/^urn:/i.test(key)) {
      const schema = findSchema(ctx, key);
      containers.push({ urn: key, path, listed: listed.includes(key.toLowerCase()), schema });
      if (!isObject(value)) continue;
      for (const [name, child] of Object.entries(value)) {
        visit(visits, `${path}:${name}`, child, schema ? findAttribute(schema.attributes, name) : undefined, schema !== undefined, false);
      }
    } else {
      visit(visits, path, value, core ? findAttribute(core.attributes, key) : undefined, core !== undefined, false);
    }
  }
  return { core, visits, containers };
}

/** The schemas that govern a resource: its core schema and the extension schemas of its type. */
const governing = new WeakMap<ReturnedResource, { schemas: unknown; found: SchemaModel[] }>();

export function governingSchemas(resource: ReturnedResource, ctx: CheckContext): SchemaModel[] {
  const cached = governing.get(resource);
  if (cached && cached.schemas === ctx.schemas) return cached.found;
  const found = findGoverning(resource, ctx);
  governing.set(resource, { schemas: ctx.schemas, found });
  return found;
}

function findGoverning(resource: ReturnedResource, ctx: CheckContext): SchemaModel[] {
  if (!resource.type) return [];
  return [resource.type.schema, ...resource.type.extensions, ...Object.keys(resource.value).filter((k) => /^urn:/i.test(k))]
    .map((urn) => findSchema(ctx, urn))
    .filter((s, i, all): s is SchemaModel => s !== undefined && all.indexOf(s) === i);
}

/**
 * Whether any attribute (at any depth) of the schemas satisfies the predicate. Pass a function made once (a
 * module constant), not an arrow written at the call: answers are remembered per predicate.
 */
export function declaresAny(schemas: readonly SchemaModel[], predicate: (a: AttributeModel) => boolean): boolean {
  return schemas.some((s) => schemaDeclares(s, predicate));
}

/** Per schema and predicate (the checks' predicates are module constants): a schema's answer never changes. */
const declared = new WeakMap<SchemaModel, Map<(a: AttributeModel) => boolean, boolean>>();

function schemaDeclares(schema: SchemaModel, predicate: (a: AttributeModel) => boolean): boolean {
  let answers = declared.get(schema);
  if (!answers) declared.set(schema, (answers = new Map()));
  let answer = answers.get(predicate);
  if (answer === undefined) {
    const any = (attributes: readonly AttributeModel[]): boolean => attributes.some((a) => predicate(a) || any(a.subAttributes));
    answer = any(schema.attributes);
    answers.set(predicate, answer);
  }
  return answer;
}
