/** Validation of the PatchOp message envelope (RFC 7644 §3.5.2), before anything touches the resource. */
import { MESSAGE } from '../../vocabulary/constants.js';
import { badRequest } from '../messages/error.js';
import { isObject } from '../schemas/resource-schema.js';
import { MAX_PATCH_OPERATIONS, tooManyOperations } from '../types/limits.js';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOpName;
  /** `undefined` when absent, null or blank. */
  path: string | undefined;
  /** `undefined` when the member is absent; JSON `null` stays `null`. */
  value: unknown;
}

const OP_NAMES: readonly PatchOpName[] = ['add', 'replace', 'remove'];

export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw badRequest('invalidSyntax', 'The PATCH body must be a JSON object.');
  const schemas = member(body, 'schemas');
  const patchOp = MESSAGE.patchOp.toLowerCase();
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === patchOp)) {
    throw badRequest('invalidSyntax', `"schemas" must contain "${MESSAGE.patchOp}".`);
  }
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest('invalidSyntax', '"Operations" must be a non-empty array.');
  }
  if (operations.length > MAX_PATCH_OPERATIONS) throw tooManyOperations(operations.length);
  return operations.map(parseOperation);
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw badRequest('invalidSyntax', `${where} must be an object.`);
  const opName = member(raw, 'op');
  // Entra ID sends "Add"/"Replace"/"Remove"; the RFC spells them in lower case.
  const op = typeof opName === 'string' ? OP_NAMES.find((n) => n === opName.toLowerCase()) : undefined;
  if (!op) throw badRequest('invalidSyntax', `${where}.op must be "add", "replace" or "remove", not ${JSON.stringify(opName)}.`);
  const rawPath = member(raw, 'path');
  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') {
    throw badRequest('invalidPath', `${where}.path must be a string.`);
  }
  const path = typeof rawPath === 'string' && rawPath.trim() !== '' ? rawPath.trim() : undefined;
  const value = member(raw, 'value');
  if (op !== 'remove' && value === undefined) throw badRequest('invalidSyntax', `${where}: "${op}" requires a "value".`);
  return { op, path, value };
}

/** RFC 7643 §2.1 makes attribute names case-insensitive, message members included. */
function member(object: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}
