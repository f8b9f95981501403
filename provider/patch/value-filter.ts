/**
 * The filter inside a PATCH value path (`emails[type eq "work"]`), evaluated against one element of a
 * multi-valued complex attribute by the provider's one filter compiler; `eqTemplate` is PATCH's own need:
 * building the element a filter describes when an add or replace finds no match.
 */
import { compileValueFilter } from '../filter/compile.js';
import { invalidFilter } from '../filter/errors.js';
import { parseFilter, type FilterNode } from '../filter/parse.js';
import type { AttributeDefinition } from '../schemas/definition.js';
import { findAttribute, isObject, type ScimObject } from '../schemas/resource-schema.js';

export type ElementPredicate = (element: unknown) => boolean;

/** Compiles `filterText` against `attribute`'s sub-attributes; a bad filter is a 400 invalidFilter. */
export function elementMatcher(filterText: string, attribute: AttributeDefinition): ElementPredicate {
  const predicate = compileValueFilter(filterText, attribute);
  return (element) => isObject(element) && predicate(element);
}

/**
 * The element a filter made only of `eq` comparisons joined by `and` describes (canonical sub-attribute
 * names, raw filter values), or `undefined` for any other filter.
 */
export function eqTemplate(filterText: string, attribute: AttributeDefinition): ScimObject | undefined {
  const template: ScimObject = {};
  const collect = (node: FilterNode): boolean => {
    if (node.op === 'and') return node.filters.every(collect);
    if (node.op !== 'eq' || node.value === null) return false;
    const sub = findAttribute(attribute.subAttributes ?? [], node.path.text);
    if (!sub) throw invalidFilter(`'${node.path.text}' is not a sub-attribute of '${attribute.name}'.`);
    template[sub.name] = node.value;
    return true;
  };
  return collect(parseFilter(filterText)) ? template : undefined;
}
