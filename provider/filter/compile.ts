/**
 * Compiles a SCIM filter (RFC 7644 §3.4.2.2) into a predicate over stored resources. Everything that
 * depends only on the filter — parsing, resolving paths against the schema, type-checking and folding
 * the comparison values — happens once here, so the predicate itself only walks values and compares.
 */
import type { AttributeDefinition } from '../schemas/definition.js';
import { findAttribute, isObject, type ResourceSchema, type ScimObject } from '../schemas/resource-schema.js';
import { comparable, compareComparable, parseDateTime, toBoolean, type Comparable } from './compare.js';
import { invalidFilter } from './errors.js';
import { parseFilter, type CompareOp, type FilterNode, type Literal, type PathRef } from './parse.js';

export type FilterPredicate = (resource: ScimObject) => boolean;

/**
 * Parses `text` and resolves it against `schema`. Throws a 400 `invalidFilter` ScimError for bad
 * syntax, an unknown attribute, or an operator or value that does not fit the attribute's type.
 */
export function compileFilter(text: string, schema: ResourceSchema): FilterPredicate {
  return compileParsedFilter(parseFilter(text), schema);
}

/** {@link compileFilter} of a filter already parsed (a query parses once, then compiles and looks for an index). */
export function compileParsedFilter(node: FilterNode, schema: ResourceSchema): FilterPredicate {
  return compileNode(node, resourceScope(schema));
}

/**
 * The filter inside `attr[...]`, compiled against the sub-attributes of the complex `attribute`;
 * the predicate takes one element. For PATCH paths such as `emails[type eq "work"]` (RFC 7644 §3.5.2).
 */
export function compileValueFilter(text: string, attribute: AttributeDefinition): FilterPredicate {
  if (attribute.type !== 'complex') throw invalidFilter(`'${attribute.name}' is not a complex attribute, so it takes no value filter.`);
  return compileNode(parseFilter(text), elementScope(attribute));
}

type ValueTest = (value: unknown) => boolean;

/** Where the values of a path live in the object a predicate receives. */
interface Location {
  /** The path as written, for error messages. */
  label: string;
  position: number;
  /** Key of the extension object holding the attribute, if it lives in one. */
  extension: string | undefined;
  /** Canonical attribute name within its container. */
  name: string;
  /** Canonical sub-attribute name, read from each value of `name`. */
  sub: string | undefined;
  /** The definition of what the path addresses: the sub-attribute if there is one. */
  definition: AttributeDefinition;
}

type Scope = (path: PathRef) => Location;

function resourceScope(schema: ResourceSchema): Scope {
  return (path) => {
    const resolved = schema.resolve(path.text) ?? inOneExtension(schema, path.text);
    if (!resolved) throw invalidFilter(`unknown attribute '${path.text}' at character ${path.position + 1} (not an attribute of ${schema.type.name}).`);
    assertFilterable(path, resolved.attribute);
    if (resolved.subAttribute) assertFilterable(path, resolved.subAttribute);
    return {
      label: path.text,
      position: path.position,
      extension: resolved.inExtension ? resolved.schemaUrn : undefined,
      name: resolved.attribute.name,
      sub: resolved.subAttribute?.name,
      definition: resolved.subAttribute ?? resolved.attribute,
    };
  };
}

/**
 * An extension attribute named without its URN, when exactly one extension has it: Entra's manager check
 * filters on a bare `manager` (audit E2 Example 4, E-8). Core attributes always win; an ambiguous name stays unknown.
 */
function inOneExtension(schema: ResourceSchema, path: string): ReturnType<ResourceSchema['resolve']> {
  if (schema.splitUrn(path).urn !== undefined) return undefined;
  const found = schema.extensionUrns.map((urn) => schema.resolve(`${urn}:${path}`)).filter((r) => r !== undefined);
  return found.length === 1 ? found[0] : undefined;
}

/** Inside `attr[...]`, paths name sub-attributes of `attr` and are read from one element at a time. */
function elementScope(parent: AttributeDefinition): Scope {
  return (path) => {
    const sub = findAttribute(parent.subAttributes ?? [], path.text);
    if (!sub) throw invalidFilter(`'${path.text}' at character ${path.position + 1} is not a sub-attribute of '${parent.name}'.`);
    assertFilterable(path, sub);
    return { label: path.text, position: path.position, extension: undefined, name: sub.name, sub: undefined, definition: sub };
  };
}

function assertFilterable(path: PathRef, definition: AttributeDefinition): void {
  // Matching on a value that is never returned (`password`) would let clients guess it one query at a time.
  if (definition.returned === 'never') {
    throw invalidFilter(`'${path.text}' at character ${path.position + 1} is never returned and cannot be filtered on.`);
  }
}

function compileNode(node: FilterNode, scope: Scope): FilterPredicate {
  switch (node.op) {
    case 'and':
      return allOf(node.filters.map((f) => compileNode(f, scope)));
    case 'or':
      return anyOf(node.filters.map((f) => compileNode(f, scope)));
    case 'not': {
      const inner = compileNode(node.filter, scope);
      return (r) => !inner(r);
    }
    case 'pr': {
      const where = scope(node.path);
      return (r) => someValue(r, where, isPresent);
    }
    case '[]': {
      const where = scope(node.path);
      if (where.definition.type !== 'complex') {
        throw invalidFilter(`'${where.label}' at character ${where.position + 1} is not a complex attribute, so it takes no value filter '[...]'.`);
      }
      const inner = compileNode(node.filter, elementScope(where.definition));
      const test: ValueTest = (element) => isObject(element) && inner(element);
      return (r) => someValue(r, where, test);
    }
    default:
      return compileComparison(node.op, node.value, scope(node.path));
  }
}

function compileComparison(op: CompareOp, value: Literal, where: Location): FilterPredicate {
  if (value === null) {
    // RFC 7643 §2.5: null is "unassigned", so `eq null` asks for absence and `ne null` for presence.
    if (op !== 'eq' && op !== 'ne') throw invalidFilter(`${describe(where)} cannot be compared with null using '${op}'; only eq and ne take null.`);
    const present: FilterPredicate = (r) => someValue(r, where, isPresent);
    return op === 'eq' ? (r) => !present(r) : present;
  }
  const target = comparedValue(where);
  const test = valueTest(op, literalFor(op, value, target), target.definition);
  // A multi-valued attribute matches when any value does; so `ne` is "no value equals", not "some value differs".
  return op === 'ne' ? (r) => !someValue(r, target, test) : (r) => someValue(r, target, test);
}

/**
 * `emails co "x"` compares the `value` sub-attribute, and so does a single-valued one with a `value`: Entra checks a
 * manager with `manager eq "<id>"` (audit E2 Example 4, E-8). Any other complex attribute needs a sub-attribute named.
 */
function comparedValue(where: Location): Location {
  if (where.definition.type !== 'complex') return where;
  const value = where.sub === undefined
    ? findAttribute(where.definition.subAttributes ?? [], 'value')
    : undefined;
  if (!value) {
    const example = where.definition.subAttributes?.[0]?.name ?? 'value';
    throw invalidFilter(`${describe(where)} is complex; compare one of its sub-attributes, such as '${where.label}.${example}'.`);
  }
  return { ...where, sub: value.name, definition: value };
}

/** The comparison value, checked against the attribute's type and folded the way stored values will be. */
function literalFor(op: CompareOp, value: Exclude<Literal, null>, where: Location): Comparable {
  const definition = where.definition;
  const type = definition.type;
  const shown = JSON.stringify(value);
  const allowed = OPERATORS[type];
  if (!allowed.includes(op)) {
    throw invalidFilter(`'${op}' does not apply to ${describe(where)}, which is ${type}; use ${allowed.join(', ')} or pr.`);
  }
  switch (type) {
    case 'boolean': {
      const b = toBoolean(value);
      if (b === undefined) throw invalidFilter(`${describe(where)} is a boolean; compare it with true or false, not ${shown}.`);
      return b;
    }
    case 'integer':
    case 'decimal':
      if (typeof value !== 'number') throw invalidFilter(`${describe(where)} is ${type}; compare it with an unquoted number, not ${shown}.`);
      return value;
    case 'dateTime': {
      const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
      if (ms === undefined) {
        throw invalidFilter(`${describe(where)} is a dateTime; compare it with a quoted xsd:dateTime such as "2011-05-13T04:42:34Z", not ${shown}.`);
      }
      return ms;
    }
    default: {
      if (typeof value !== 'string') throw invalidFilter(`${describe(where)} is a ${type}; compare it with a quoted string, not ${shown}.`);
      const folded = comparable(value, definition);
      if (folded === undefined) throw invalidFilter(`${shown} cannot be compared with ${describe(where)}.`);
      return folded;
    }
  }
}

/** RFC 7644 §3.4.2.2: ordering is meaningless on booleans and binary; substrings only make sense for strings. */
const OPERATORS: Record<AttributeDefinition['type'], readonly CompareOp[]> = {
  string: ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'],
  reference: ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'],
  boolean: ['eq', 'ne'],
  binary: ['eq', 'ne'],
  integer: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  decimal: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  dateTime: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
  complex: [],
};

/** The per-value test; for `ne` it is the equality test, negated over all values by the caller. */
function valueTest(op: CompareOp, literal: Comparable, definition: AttributeDefinition): ValueTest {
  switch (op) {
    case 'eq':
    case 'ne':
      return (v) => comparable(v, definition) === literal;
    case 'gt':
      return (v) => ordered(v, literal, definition) > 0;
    case 'ge':
      return (v) => ordered(v, literal, definition) >= 0;
    case 'lt':
      return (v) => ordered(v, literal, definition) < 0;
    case 'le':
      return (v) => ordered(v, literal, definition) <= 0;
    case 'co':
    case 'sw':
    case 'ew': {
      const s = String(literal);
      if (op === 'co') return (v) => substring(v, definition, (c) => c.includes(s));
      if (op === 'sw') return (v) => substring(v, definition, (c) => c.startsWith(s));
      return (v) => substring(v, definition, (c) => c.endsWith(s));
    }
  }
}

/** The comparison of a stored value with the literal; NaN (never in range) when the value is unusable. */
function ordered(value: unknown, literal: Comparable, definition: AttributeDefinition): number {
  const c = comparable(value, definition);
  return c === undefined ? Number.NaN : compareComparable(c, literal);
}

function substring(value: unknown, definition: AttributeDefinition, test: (folded: string) => boolean): boolean {
  const c = comparable(value, definition);
  return typeof c === 'string' && test(c);
}

/**
 * Whether `test` holds for any value at `where`, flattening multi-valued attributes. Mirrors
 * `ResourceSchema.values` without building an array per resource.
 */
function someValue(resource: ScimObject, where: Location, test: ValueTest): boolean {
  const container = where.extension === undefined ? resource : resource[where.extension];
  if (!isObject(container)) return false;
  const top = container[where.name];
  const sub = where.sub;
  if (sub === undefined) return some(top, test);
  if (!Array.isArray(top)) return isObject(top) && some(top[sub], test);
  for (const element of top) {
    if (isObject(element) && some(element[sub], test)) return true;
  }
  return false;
}

function some(value: unknown, test: ValueTest): boolean {
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value)) return test(value);
  for (const v of value) {
    if (v !== undefined && v !== null && test(v)) return true;
  }
  return false;
}

/** `pr`: a value that is not null, not "", not an empty array, and not a complex value with nothing present. */
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresent);
  if (isObject(value)) {
    for (const key in value) if (isPresent(value[key])) return true;
    return false;
  }
  return true;
}

function allOf(parts: FilterPredicate[]): FilterPredicate {
  const [a, b] = parts;
  if (parts.length === 2 && a && b) return (r) => a(r) && b(r);
  return (r) => {
    for (const p of parts) if (!p(r)) return false;
    return true;
  };
}

function anyOf(parts: FilterPredicate[]): FilterPredicate {
  const [a, b] = parts;
  if (parts.length === 2 && a && b) return (r) => a(r) || b(r);
  return (r) => {
    for (const p of parts) if (p(r)) return true;
    return false;
  };
}

function describe(where: Location): string {
  return `'${where.label}' at character ${where.position + 1}`;
}
