import { badRequest, type ScimError } from '../messages/error.js';

/** Every filter problem is a 400 `invalidFilter` (RFC 7644 §3.4.2.2, §3.12). */
export function invalidFilter(detail: string): ScimError {
  return badRequest('invalidFilter', `Invalid filter: ${detail}`);
}
