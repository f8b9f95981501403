/** Parses a request body as JSON under the rules every endpoint shares: a nesting cap and no `__proto__` keys. */
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../vocabulary/json.js';
import { badRequest } from './error.js';

/** The one key refused anywhere in a body: assigning it to a plain object rewrites the prototype and drops the value. */
export const FORBIDDEN_KEY = '__proto__';

/**
 * `text` as JSON, or a 400 `invalidSyntax`. Depth is checked on the text first, in one linear scan, so no
 * recursive walk of a parsed body (Bulk bulkId references, `.search` attributes, PATCH values) can overflow
 * the stack; no SCIM message nests more than a handful of levels.
 */
export function parseJsonBody(text: string): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw badRequest('invalidSyntax', `The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels, this provider's cap (no SCIM message needs more).`);
  }
  let value: unknown;
  try {
    value = mayNameForbiddenKey(text) ? JSON.parse(text, refuseForbiddenKey) : JSON.parse(text);
  } catch (error) {
    if (error instanceof ForbiddenKeyError) {
      throw badRequest('invalidSyntax', `The request body uses the key '${FORBIDDEN_KEY}', which this provider refuses wherever it appears.`);
    }
    throw badRequest('invalidSyntax', `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return value;
}

class ForbiddenKeyError extends Error {}

/**
 * A key can only decode to `__proto__` if the text spells it out or uses a `\u` escape (JSON's other escapes
 * yield no letter or underscore): the slower reviver runs only then.
 */
function mayNameForbiddenKey(text: string): boolean {
  return text.includes(FORBIDDEN_KEY) || text.includes('\\u');
}

function refuseForbiddenKey(key: string, value: unknown): unknown {
  if (key === FORBIDDEN_KEY) throw new ForbiddenKeyError();
  return value;
}
