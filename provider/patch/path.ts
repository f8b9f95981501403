/**
 * PATCH `path` parsing (RFC 7644 §3.5.2, Figure 7): `attr`, `attr.sub`, either with a schema URN prefix,
 * and the value path `attr[filter]` / `attr[filter].sub`. Anything outside the brackets that does not
 * resolve is invalidPath; anything wrong inside them is invalidFilter (RFC 7644 Table 9 lists "PATCH
 * (Path Filter)" under invalidFilter).
 */
import { badRequest } from '../messages/error.js';
import type { ResolvedPath, ResourceSchema, ScimObject } from '../schemas/resource-schema.js';
import { elementMatcher, eqTemplate, type ElementPredicate } from './value-filter.js';

export interface ValueFilter {
  text: string;
  matches: ElementPredicate;
  /** The element the filter describes when it is a conjunction of `eq` (see `eqTemplate`). */
  template: ScimObject | undefined;
}

export interface PatchPath {
  text: string;
  /** The attribute, and the sub-attribute after `.sub` or `].sub`. */
  resolved: ResolvedPath;
  filter: ValueFilter | undefined;
}

export function parsePatchPath(text: string, schema: ResourceSchema): PatchPath {
  const { urn, rest } = schema.splitUrn(text.trim());
  const prefix = urn ? `${urn}:` : '';
  const open = rest.indexOf('[');
  if (open < 0) return { text, resolved: resolve(schema, prefix + rest, text), filter: undefined };

  const close = closingBracket(rest, open);
  if (close < 0) throw badRequest('invalidPath', `"${text}" has an unclosed "[".`);
  const name = rest.slice(0, open);
  const after = rest.slice(close + 1);
  if (name.includes('.') || (after !== '' && !/^\.[^.[\]]+$/.test(after))) {
    throw badRequest('invalidPath', `"${text}" is not of the form attribute[filter] or attribute[filter].subAttribute.`);
  }
  const resolved = resolve(schema, prefix + name + after, text);
  const { attribute } = resolved;
  // A single-valued complex attribute takes a filter only to be removed (Entra's `manager[value eq "id"]`,
  // checked by the operation); anything but a complex attribute never does.
  if (attribute.type !== 'complex') {
    throw badRequest('invalidPath', `"${attribute.name}" is not a complex attribute, so it takes no value filter.`);
  }
  const filterText = rest.slice(open + 1, close);
  return {
    text,
    resolved,
    filter: { text: filterText, matches: elementMatcher(filterText, attribute), template: eqTemplate(filterText, attribute) },
  };
}

function resolve(schema: ResourceSchema, path: string, text: string): ResolvedPath {
  const resolved = schema.resolve(path);
  if (!resolved) throw badRequest('invalidPath', `"${text}" is not an attribute of ${schema.type.name}.`);
  return resolved;
}

/** The `]` closing the `[` at `open`, skipping brackets inside quoted strings. */
function closingBracket(text: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ']') return i;
  }
  return -1;
}
