/**
 * Caps on what one request may carry, so that its cost stays linear in its size and one client cannot stall
 * the others (issue 11, finding 2). Past a cap the request is refused with a 400 `invalidValue` naming it:
 * RFC 7644 §3.12 lists `tooMany` for filter results (GET and search) only, and `invalidValue` for a value the
 * operation cannot take. README, "Limits and hardening", lists them.
 */
import { badRequest, type ScimError } from '../messages/error.js';

/** Operations in one PATCH request (RFC 7644 §3.5.2): each may scan a whole multi-valued attribute. */
export const MAX_PATCH_OPERATIONS = 1000;

/**
 * Values of one multi-valued attribute (emails, members, …), whether written by POST, PUT or PATCH. Room for the
 * large groups real directories push (an Okta wizard app PUTs a group's whole member list), since every write is
 * linear in the list; the 1 MiB body limit bounds what one request carries anyway.
 */
export const MAX_VALUES = 10_000;

export function tooManyOperations(count: number): ScimError {
  return badRequest(
    'invalidValue',
    `The PATCH request has ${count} operations; this provider accepts at most ${MAX_PATCH_OPERATIONS} (maxPatchOperations) per request: split it.`,
  );
}

export function tooManyValues(where: string, count: number): ScimError {
  return badRequest(
    'invalidValue',
    `${where} would hold ${count} values; this provider keeps at most ${MAX_VALUES} (maxValues) per multi-valued attribute.`,
  );
}
