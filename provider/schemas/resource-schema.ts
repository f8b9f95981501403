/**
 * A resource type together with its schemas: the one object that answers "what is this attribute path?"
 * for filters, PATCH paths, sorting, projection and validation. Attribute names are case-insensitive
 * (RFC 7643 §2.1), so every lookup is, and the canonical spelling comes back with the answer.
 */
import { commonAttributes, schemasAttribute } from './common.js';
import type { AttributeDefinition, SchemaDefinition } from './definition.js';

export interface ResourceTypeDefinition {
  /** The resource type name, e.g. `User`. */
  name: string;
  endpoint: string;
  description: string;
  schema: SchemaDefinition;
  extensions: { schema: SchemaDefinition; required: boolean }[];
}

/** Where an attribute path points: a top-level attribute, optionally one of its sub-attributes. */
export interface ResolvedPath {
  /** The schema URN that owns the attribute; `undefined` for the common attributes and `schemas`. */
  schemaUrn: string | undefined;
  /** True when the attribute lives inside an extension object keyed by `schemaUrn`. */
  inExtension: boolean;
  attribute: AttributeDefinition;
  subAttribute: AttributeDefinition | undefined;
}

export type ScimObject = Record<string, unknown>;

export class ResourceSchema {
  readonly type: ResourceTypeDefinition;
  private readonly urns = new Map<string, { schema: SchemaDefinition; extension: boolean }>();

  constructor(type: ResourceTypeDefinition) {
    this.type = type;
    this.urns.set(type.schema.id.toLowerCase(), { schema: type.schema, extension: false });
    for (const ext of type.extensions) this.urns.set(ext.schema.id.toLowerCase(), { schema: ext.schema, extension: true });
  }

  get coreUrn(): string {
    return this.type.schema.id;
  }

  get extensionUrns(): string[] {
    return this.type.extensions.map((e) => e.schema.id);
  }

  /** The schema with this URN (case-insensitive) if the resource type has it. */
  schemaFor(urn: string): { schema: SchemaDefinition; extension: boolean } | undefined {
    return this.urns.get(urn.toLowerCase());
  }

  /** Splits `urn:...:User:name.givenName` into the URN and the rest, using the URNs this type knows. */
  splitUrn(path: string): { urn: string | undefined; rest: string } {
    const lower = path.toLowerCase();
    let best: string | undefined;
    for (const urn of this.urns.keys()) {
      if (lower.startsWith(`${urn}:`) && (!best || urn.length > best.length)) best = urn;
    }
    if (!best) return { urn: undefined, rest: path };
    return { urn: this.urns.get(best)!.schema.id, rest: path.slice(best.length + 1) };
  }

  /**
   * Resolves `attr`, `attr.sub`, or either with a schema URN prefix. Returns `undefined` for anything
   * the resource type does not define.
   */
  resolve(path: string): ResolvedPath | undefined {
    const { urn, rest } = this.splitUrn(path);
    const [name, sub, ...extra] = rest.split('.');
    if (!name || extra.length > 0) return undefined;
    let attribute: AttributeDefinition | undefined;
    let schemaUrn: string | undefined;
    let inExtension = false;
    if (urn) {
      const owner = this.urns.get(urn.toLowerCase())!;
      attribute = findAttribute(owner.schema.attributes, name);
      schemaUrn = owner.schema.id;
      inExtension = owner.extension;
      // `urn:...:User:id` and `...:meta.created` are accepted: the common attributes belong to every schema.
      if (!attribute && !owner.extension) {
        attribute = findAttribute(commonAttributes, name);
        if (attribute) schemaUrn = undefined;
      }
    } else {
      attribute =
        findAttribute(this.type.schema.attributes, name) ??
        findAttribute(commonAttributes, name) ??
        (name.toLowerCase() === 'schemas' ? schemasAttribute : undefined);
      schemaUrn = attribute && findAttribute(this.type.schema.attributes, name) ? this.type.schema.id : undefined;
    }
    if (!attribute) return undefined;
    if (sub === undefined) return { schemaUrn, inExtension, attribute, subAttribute: undefined };
    if (attribute.type !== 'complex') return undefined;
    const subAttribute = findAttribute(attribute.subAttributes ?? [], sub);
    if (!subAttribute) return undefined;
    return { schemaUrn, inExtension, attribute, subAttribute };
  }

  /** The container object an attribute lives in: the resource itself or its extension object. */
  container(resource: ScimObject, path: ResolvedPath, create = false): ScimObject | undefined {
    if (!path.inExtension || !path.schemaUrn) return resource;
    const existing = resource[path.schemaUrn];
    if (isObject(existing)) return existing;
    if (!create) return undefined;
    const fresh: ScimObject = {};
    resource[path.schemaUrn] = fresh;
    return fresh;
  }

  /**
   * Every value at the path, flattened: a multi-valued attribute gives each element, a sub-attribute
   * of a multi-valued complex gives that sub-attribute of each element. Missing values give nothing.
   */
  values(resource: ScimObject, path: ResolvedPath): unknown[] {
    const container = this.container(resource, path);
    if (!container) return [];
    const top = container[path.attribute.name];
    if (top === undefined || top === null) return [];
    const tops = Array.isArray(top) ? top : [top];
    if (!path.subAttribute) return tops;
    const out: unknown[] = [];
    for (const element of tops) {
      if (!isObject(element)) continue;
      const v = element[path.subAttribute.name];
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out;
  }
}

/**
 * Indexes by lower-cased name (first match wins), built on first use of a list: definitions are built once per
 * profile and every request resolves paths and renders through here (issue 12). A list that grew since is re-indexed.
 */
const attributeIndexes = new WeakMap<AttributeDefinition[], { size: number; byName: Map<string, AttributeDefinition> }>();

export function findAttribute(list: AttributeDefinition[], name: string): AttributeDefinition | undefined {
  let index = attributeIndexes.get(list);
  if (index === undefined || index.size !== list.length) {
    const byName = new Map<string, AttributeDefinition>();
    for (const attribute of list) if (!byName.has(attribute.name.toLowerCase())) byName.set(attribute.name.toLowerCase(), attribute);
    index = { size: list.length, byName };
    attributeIndexes.set(list, index);
  }
  return index.byName.get(name.toLowerCase());
}

export function isObject(value: unknown): value is ScimObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
