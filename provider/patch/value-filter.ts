/**
 * The filter inside a PATCH value path (`emails[type eq "work"]`), evaluated against one element of a
 * multi-valued complex attribute. Kept behind `elementMatcher` so the provider's general filter compiler
 * can replace it later; `eqTemplate` stays, since only PATCH needs to build an element from a filter.
 */
import { parse, type Compare, type Filter } from 'scim2-parse-filter';
import { badRequest } from '../messages/error.js';
import type { AttributeDefinition } from '../schemas/definition.js';
import { findAttribute, isObject, type ScimObject } from '../schemas/resource-schema.js';
import { asList } from './json.js';

export type ElementPredicate = (element: unknown) => boolean;

/** Compiles `filterText` against `attribute`'s sub-attributes; a bad filter is a 400 invalidFilter. */
export function elementMatcher(filterText: string, attribute: AttributeDefinition): ElementPredicate {
  return compile(parseFilterText(filterText), attribute);
}

/**
 * The element a filter made only of `eq` comparisons joined by `and` describes (canonical sub-attribute
 * names, raw filter values), or `undefined` for any other filter: the element to create when an add or
 * replace finds no match.
 */
export function eqTemplate(filterText: string, attribute: AttributeDefinition): ScimObject | undefined {
  const template: ScimObject = {};
  const collect = (filter: Filter): boolean => {
    if (filter.op === 'and') return filter.filters.every(collect);
    if (filter.op !== 'eq' || filter.compValue === null) return false;
    template[operand(attribute, filter.attrPath).definition.name] = filter.compValue;
    return true;
  };
  return collect(parseFilterText(filterText)) ? template : undefined;
}

function parseFilterText(text: string): Filter {
  try {
    return parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw badRequest('invalidFilter', `Invalid value filter "${text}": ${why}`);
  }
}

function compile(filter: Filter, attribute: AttributeDefinition): ElementPredicate {
  switch (filter.op) {
    case 'and':
    case 'or': {
      const parts = filter.filters.map((f) => compile(f, attribute));
      return filter.op === 'and' ? (e) => parts.every((p) => p(e)) : (e) => parts.some((p) => p(e));
    }
    case 'not': {
      const inner = compile(filter.filter, attribute);
      return (e) => !inner(e);
    }
    case '[]':
      throw badRequest('invalidFilter', 'A value filter cannot contain another value filter.');
    case 'pr': {
      const { read } = operand(attribute, filter.attrPath);
      return (e) => read(e).length > 0;
    }
    default:
      return comparison(filter, attribute);
  }
}

interface Operand {
  definition: AttributeDefinition;
  /** The assigned values of the sub-attribute in one element (none when the element is not an object). */
  read: (element: unknown) => unknown[];
}

function operand(attribute: AttributeDefinition, attrPath: string): Operand {
  const definition = findAttribute(attribute.subAttributes ?? [], attrPath);
  if (!definition) throw badRequest('invalidFilter', `"${attrPath}" is not a sub-attribute of "${attribute.name}".`);
  return { definition, read: (e) => (isObject(e) ? asList(e[definition.name]) : []) };
}

function comparison(filter: Compare, attribute: AttributeDefinition): ElementPredicate {
  const { definition, read } = operand(attribute, filter.attrPath);
  const expected = filter.compValue;
  // `eq null` is read as "unassigned" (RFC 7643 §2.5), the only sensible meaning null can have here.
  if (expected === null) {
    if (filter.op === 'eq') return (e) => read(e).length === 0;
    if (filter.op === 'ne') return (e) => read(e).length > 0;
    throw badRequest('invalidFilter', `"${filter.op}" cannot compare with null.`);
  }
  if (filter.op === 'ne') {
    const eq = scalarTest('eq', expected, definition);
    return (e) => !read(e).some(eq);
  }
  const test = scalarTest(filter.op, expected, definition);
  return (e) => read(e).some(test);
}

type ScalarTest = (actual: unknown) => boolean;

function scalarTest(op: Compare['op'], expected: string | number | boolean, definition: AttributeDefinition): ScalarTest {
  const textual = op === 'co' || op === 'sw' || op === 'ew';
  const unsupported = () =>
    badRequest('invalidFilter', `"${definition.name} ${op} ${JSON.stringify(expected)}" does not fit a ${definition.type} attribute.`);
  switch (definition.type) {
    case 'boolean':
      if (typeof expected !== 'boolean' || op !== 'eq') throw unsupported();
      return (a) => a === expected;
    case 'integer':
    case 'decimal':
      if (typeof expected !== 'number' || textual) throw unsupported();
      return (a) => typeof a === 'number' && ordered(op, a - expected);
    case 'dateTime': {
      if (typeof expected !== 'string') throw unsupported();
      if (textual) break;
      const at = Date.parse(expected);
      if (Number.isNaN(at)) throw unsupported();
      return (a) => typeof a === 'string' && ordered(op, Date.parse(a) - at);
    }
    case 'complex':
      throw unsupported();
    default:
      break;
  }
  if (typeof expected !== 'string') throw unsupported();
  const fold = definition.caseExact ? (s: string) => s : (s: string) => s.toLowerCase();
  const want = fold(expected);
  return (a) => typeof a === 'string' && textTest(op, fold(a), want);
}

/** NaN (an unparseable stored dateTime) compares false with everything, which is what we want. */
function ordered(op: Compare['op'], difference: number): boolean {
  switch (op) {
    case 'eq':
      return difference === 0;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
    default:
      return false;
  }
}

function textTest(op: Compare['op'], actual: string, expected: string): boolean {
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'co':
      return actual.includes(expected);
    case 'sw':
      return actual.startsWith(expected);
    case 'ew':
      return actual.endsWith(expected);
    case 'gt':
      return actual > expected;
    case 'ge':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'le':
      return actual <= expected;
    default:
      return false;
  }
}
