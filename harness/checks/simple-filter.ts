/**
 * The one filter shape the checks judge results against: `attribute eq "string"` on a top-level
 * attribute (optionally URN-qualified with the core schema). Anything richer is the provider's filter
 * engine's business and is not re-implemented here.
 */

export interface EqFilter {
  /** Schema URN the attribute was qualified with, if any. */
  urn: string | undefined;
  attribute: string;
  value: string;
}

const EQ = /^\s*([A-Za-z][\w:.$-]*?)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i;
const NAME = /^[A-Za-z$][\w$-]*$/;

export function parseEqFilter(filter: string | undefined): EqFilter | undefined {
  if (filter === undefined) return undefined;
  const match = EQ.exec(filter);
  if (!match) return undefined;
  const [, path = '', literal = ''] = match;
  let value: unknown;
  try {
    value = JSON.parse(literal);
  } catch {
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  let urn: string | undefined;
  let attribute = path;
  if (/^urn:/i.test(path)) {
    const cut = path.lastIndexOf(':');
    urn = path.slice(0, cut);
    attribute = path.slice(cut + 1);
  }
  // Sub-attribute paths (`name.givenName`) and value paths are out of scope.
  if (!NAME.test(attribute)) return undefined;
  return { urn, attribute, value };
}
