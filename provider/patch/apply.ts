/**
 * The reference provider's PATCH engine (RFC 7644 §3.5.2). It owns the operations only: `meta`, required
 * attributes and uniqueness are checked by the caller on the result, which is why it returns a new object
 * and whether it differs instead of writing anywhere.
 */
import { ScimError } from '../messages/error.js';
import type { ResourceSchema, ScimObject } from '../schemas/resource-schema.js';
import { settlePrimaries, syncExtensionSchemas } from './finalize.js';
import { deepEqual } from './json.js';
import { parsePatchRequest, type PatchOperation } from './message.js';
import { applyOperation, type OperationContext } from './operations.js';
import { TOLERATE_ALL, type Tolerances } from '../tolerances.js';
import { coerceOptions } from '../types/coerce.js';

/** Which IdP quirks to accept (see provider/tolerances.ts); every one is on unless switched off. */
export type PatchOptions = Partial<Tolerances>;

export interface PatchResult {
  resource: Record<string, unknown>;
  /** Whether `resource` differs from the input, i.e. whether `meta.version`/`lastModified` must move. */
  changed: boolean;
  /** Values visited across all operations: tests pin that it grows linearly with the request (issue 11). */
  steps: number;
}

/**
 * Applies a PatchOp message to a copy of `resource`. Throws `ScimError` (400 with a scimType) on the first
 * problem; the input is never modified, so a failed request changes nothing.
 */
export function applyPatch(
  resource: Record<string, unknown>,
  body: unknown,
  schema: ResourceSchema,
  options: PatchOptions = {},
): PatchResult {
  const tolerances: Tolerances = { ...TOLERATE_ALL, ...options };
  const operations = parsePatchRequest(body);
  const working: ScimObject = structuredClone(resource);
  const ctx: OperationContext = {
    schema,
    coerce: coerceOptions(tolerances),
    tolerances,
    madePrimary: new WeakSet(),
    work: { steps: 0 },
    appending: new WeakMap(),
  };
  operations.forEach((operation, index) => {
    try {
      applyOperation(working, operation, ctx);
    } catch (error) {
      throw locate(error, index, operation);
    }
  });
  syncExtensionSchemas(resource, working, schema);
  settlePrimaries(resource, working, schema, ctx.madePrimary);
  return { resource: working, changed: !deepEqual(resource, working), steps: ctx.work.steps };
}

/** Says which operation failed, since a request may carry many. */
function locate(error: unknown, index: number, operation: PatchOperation): unknown {
  if (!(error instanceof ScimError)) return error;
  const where = `Operations[${index}] (${operation.op}${operation.path === undefined ? '' : ` "${operation.path}"`})`;
  return new ScimError(error.status, error.scimType, `${where}: ${error.detail}`, error.headers);
}

export { elementMatcher } from './value-filter.js';
export type { PatchOperation, PatchOpName } from './message.js';
