/**
 * Recognises the filters every IdP sends before a create or update — `userName eq "x"`,
 * `externalId eq "x"`, `id eq "x"` — and `or`s of them (a client reading many users at once), so the store
 * can answer them from its indexes instead of a scan.
 */
import type { ResourceSchema } from '../schemas/resource-schema.js';
import { ScimError } from '../messages/error.js';
import { parseFilter, type FilterNode } from './parse.js';

export type IndexedAttribute = 'userName' | 'id' | 'externalId';

export interface IndexedEquality {
  attribute: IndexedAttribute;
  /** The value as written in the filter, not case-folded. */
  value: string;
  /** False for `userName`: the lookup must be case-insensitive (RFC 7643 §4.1.1). */
  caseExact: boolean;
}

const INDEXED: ReadonlySet<string> = new Set<IndexedAttribute>(['userName', 'id', 'externalId']);

function isIndexed(name: string): name is IndexedAttribute {
  return INDEXED.has(name);
}

/**
 * The attribute and value when the whole filter is one `eq` on a top-level `userName`, `id` or
 * `externalId` (URN-prefixed or not) compared with a string; otherwise `undefined`. Never throws:
 * an invalid filter is `compileFilter`'s to report, and the predicate still runs over the candidates
 * this narrows to, so using the shortcut can never change a result.
 */
export function userNameEquality(filterText: string, schema: ResourceSchema): IndexedEquality | undefined {
  let node: FilterNode;
  try {
    node = parseFilter(filterText);
  } catch (error) {
    if (error instanceof ScimError) return undefined;
    throw error;
  }
  return indexedEquality(node, schema);
}

/** {@link userNameEquality} of a filter already parsed, so a query parses its filter once (issue 12). */
export function indexedEquality(node: FilterNode, schema: ResourceSchema): IndexedEquality | undefined {
  if (node.op !== 'eq' || typeof node.value !== 'string') return undefined;
  const resolved = schema.resolve(node.path.text);
  if (!resolved || resolved.subAttribute || resolved.inExtension) return undefined;
  const attribute = resolved.attribute.name;
  if (!isIndexed(attribute)) return undefined;
  return {
    attribute,
    value: node.value,
    caseExact: resolved.attribute.caseExact,
  };
}

/**
 * Every equality of a filter that is one indexed equality or an `or` of them (`userName eq "a" or userName eq
 * "b"`): the candidates are the union of their index lookups. Undefined for anything else (a scan).
 */
export function indexedEqualities(node: FilterNode, schema: ResourceSchema): IndexedEquality[] | undefined {
  if (node.op !== 'or') {
    const one = indexedEquality(node, schema);
    return one === undefined ? undefined : [one];
  }
  const all: IndexedEquality[] = [];
  for (const filter of node.filters) {
    const some = indexedEqualities(filter, schema);
    if (some === undefined) return undefined;
    all.push(...some);
  }
  return all;
}
