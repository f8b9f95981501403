/**
 * One PATCH operation (RFC 7644 §3.5.2.1–3) applied to the working copy. Everything here mutates that
 * copy freely: `applyPatch` cloned it, and a throw discards it, which is what makes a request all or nothing.
 */
import { badRequest } from '../messages/error.js';
import type { AttributeDefinition } from '../schemas/definition.js';
import { findAttribute, isObject, type ResourceSchema, type ScimObject } from '../schemas/resource-schema.js';
import { coerceElement, coerceValue, type CoerceOptions } from '../types/coerce.js';
import { MAX_VALUES, tooManyValues } from '../types/limits.js';
import { CandidateSet, ElementKeys, ValueIndex, type WorkMeter } from './element-index.js';
import { asList, deepEqual, isAssigned } from './json.js';
import type { PatchOpName, PatchOperation } from './message.js';
import { parsePatchPath, type PatchPath, type ValueFilter } from './path.js';
import type { Tolerances } from '../tolerances.js';

export interface OperationContext {
  schema: ResourceSchema;
  coerce: CoerceOptions;
  tolerances: Tolerances;
  /** Elements an operation set `primary: true` on; their siblings are demoted once all operations ran. */
  madePrimary: WeakSet<object>;
  /** Counts values visited, so tests can pin that a request's cost is linear in its size. */
  work: WorkMeter;
  /**
   * The index of each list that plain `add`s are appending to, kept across operations so a run of 10,000 of
   * them keys each value once. Any other operation may change lists or their elements in place, so it drops them.
   */
  appending: WeakMap<unknown[], ValueIndex>;
}

type Writing = Exclude<PatchOpName, 'remove'>;

export function applyOperation(resource: ScimObject, operation: PatchOperation, ctx: OperationContext): void {
  const { op, path, value } = operation;
  if (path === undefined) {
    if (op === 'remove') throw badRequest('noTarget', '"remove" requires a "path".');
    applyValueObject(resource, op, value, ctx);
    return;
  }
  const wholeSchema = ctx.schema.schemaFor(path);
  if (wholeSchema) {
    applySchemaPath(resource, op, wholeSchema.schema.id, wholeSchema.extension, value, ctx);
    return;
  }
  const target = parsePatchPath(path, ctx.schema);
  if (isReadOnly(target)) throw badRequest('mutability', `"${path}" is readOnly.`);
  applyAtPath(resource, op, target, value, ctx);
}

/** No path: each member of `value` is an attribute (RFC 7644 §3.5.2.1), a schema URN, or `urn:...:attr`. */
function applyValueObject(resource: ScimObject, op: Writing, value: unknown, ctx: OperationContext): void {
  if (!isObject(value)) throw badRequest('invalidValue', `"${op}" without a "path" needs an object "value".`);
  for (const [key, member] of Object.entries(value)) {
    const owner = ctx.schema.schemaFor(key);
    if (!owner) {
      applyMember(resource, op, key, member, ctx);
      continue;
    }
    if (!isObject(member)) throw badRequest('invalidValue', `"${key}" must be an object of that schema's attributes.`);
    for (const [name, inner] of Object.entries(member)) applyMember(resource, op, `${owner.schema.id}:${name}`, inner, ctx);
  }
}

function applyMember(resource: ScimObject, op: Writing, key: string, value: unknown, ctx: OperationContext): void {
  const target = parsePatchPath(key, ctx.schema);
  // RFC 7644 §3.5.2.3 keys the value by attribute; Entra (aadOptscim062020) keys it by path ("name.givenName").
  if ((target.filter || target.resolved.subAttribute) && !ctx.tolerances.pathKeysInValue) {
    throw badRequest('invalidPath', `"${key}" is a path, not an attribute name: without a "path", "value" holds whole attributes.`);
  }
  if (isReadOnly(target)) {
    // Clients that send a whole resource back (`id`, `meta`) are not changing it; only a new value is refused.
    const { attribute, subAttribute } = target.resolved;
    const current = ctx.schema.container(resource, target.resolved)?.[attribute.name];
    if (ctx.tolerances.readOnlyEcho && !target.filter && !subAttribute && deepEqual(current, value)) return;
    throw badRequest('mutability', `"${key}" is readOnly.`);
  }
  applyAtPath(resource, op, target, value, ctx);
}

/** A path naming a whole extension (`urn:...:enterprise:2.0:User`) addresses its object at once. */
function applySchemaPath(
  resource: ScimObject,
  op: PatchOpName,
  urn: string,
  extension: boolean,
  value: unknown,
  ctx: OperationContext,
): void {
  if (op !== 'remove') {
    applyValueObject(resource, op, { [urn]: value }, ctx);
    return;
  }
  if (!extension) throw badRequest('invalidPath', `The core schema "${urn}" cannot be removed.`);
  ctx.appending = new WeakMap();
  const current = resource[urn];
  if (!isObject(current)) return;
  for (const attribute of ctx.schema.schemaFor(urn)?.schema.attributes ?? []) {
    const locked = attribute.mutability === 'readOnly' || attribute.mutability === 'immutable';
    if (locked && isAssigned(current[attribute.name])) throw badRequest('mutability', `"${urn}:${attribute.name}" cannot be removed.`);
  }
  delete resource[urn];
}

function applyAtPath(resource: ScimObject, requested: PatchOpName, target: PatchPath, raw: unknown, ctx: OperationContext): void {
  // RFC 7643 §2.5: setting null is unassigning.
  const op = raw === null ? 'remove' : requested;
  const value = raw === null ? undefined : raw;
  const { attribute, subAttribute } = target.resolved;
  const container = ctx.schema.container(resource, target.resolved, op !== 'remove');
  if (!container) return; // removing from an extension the resource does not have
  ctx.work.steps += 1;
  const before = snapshot(attribute, container[attribute.name]);
  const length = Array.isArray(container[attribute.name]) ? (container[attribute.name] as unknown[]).length : 0;
  if (op === 'add' && !target.filter && !subAttribute && attribute.multiValued) {
    // Appending costs the values added, not the values already there: the list is tidied when first indexed.
    appendValues(container, attribute, coerceValue(value, attribute, attribute.name, ctx.coerce) as unknown[], ctx);
  } else {
    ctx.appending = new WeakMap();
    if (target.filter && !attribute.multiValued) removeIfMatching(container, op, target, attribute, subAttribute, ctx);
    else if (target.filter) applyFiltered(container, op, target.filter, attribute, subAttribute, value, ctx);
    else if (subAttribute) applySubAttribute(container, op, attribute, subAttribute, value, ctx);
    else applyAttribute(container, op, attribute, value, ctx);
    tidy(container, attribute, ctx);
  }
  guardSize(container, attribute, length);
  guardImmutable(attribute, before, container[attribute.name]);
}

/**
 * What `guardImmutable` compares with afterwards. Only an immutable attribute needs a deep copy, and only a
 * single-valued complex one a shallow copy of its sub-attributes (which operations replace, never mutate);
 * copying every list on every operation is what made long PATCH requests quadratic.
 */
function snapshot(attribute: AttributeDefinition, value: unknown): unknown {
  if (attribute.mutability === 'immutable') return structuredClone(value);
  if (!attribute.multiValued && isObject(value)) return { ...value };
  return undefined;
}

/** An operation may not grow a list past the cap (a list stored longer before the cap existed may still shrink). */
function guardSize(container: ScimObject, attribute: AttributeDefinition, before: number): void {
  const after = container[attribute.name];
  if (Array.isArray(after) && after.length > MAX_VALUES && after.length > before) throw tooManyValues(`"${attribute.name}"`, after.length);
}

/** PATCH `add` without a filter appends the values not already there (RFC 7644 §3.5.2.1). */
function appendValues(container: ScimObject, attribute: AttributeDefinition, incoming: unknown[], ctx: OperationContext): void {
  const index = appendingTo(container, attribute, ctx);
  for (const element of incoming) {
    if (isEmptyObject(element) || index.denotes(element)) continue;
    index.push(element);
    notePrimary(element, element, ctx);
  }
  if (index.list.length === 0) delete container[attribute.name];
}

/** The index of the list `add`s append to, built (and the list tidied) on the first `add` of a run. */
function appendingTo(container: ScimObject, attribute: AttributeDefinition, ctx: OperationContext): ValueIndex {
  const current = container[attribute.name];
  const known = Array.isArray(current) ? ctx.appending.get(current) : undefined;
  if (known) return known;
  const list = asList(current).filter((e) => !isEmptyObject(e));
  ctx.work.steps += list.length;
  const index = new ValueIndex(new ElementKeys(attribute), list, ctx.work);
  ctx.appending.set(list, index);
  container[attribute.name] = list;
  return index;
}

function applyAttribute(container: ScimObject, op: PatchOpName, attribute: AttributeDefinition, value: unknown, ctx: OperationContext): void {
  const name = attribute.name;
  if (op === 'remove') {
    if (attribute.multiValued && value !== undefined && ctx.tolerances.removeValueList) removeListed(container, attribute, value, ctx);
    else delete container[name];
    return;
  }
  const incoming = coerceValue(value, attribute, name, ctx.coerce);
  if (attribute.multiValued) {
    // replace without a filter replaces every value (§3.5.2.3); `add` appends, in appendValues.
    const index = new ValueIndex(new ElementKeys(attribute), [], ctx.work);
    for (const element of incoming as unknown[]) {
      if (index.denotes(element)) continue;
      index.push(element);
      notePrimary(element, element, ctx);
    }
    container[name] = index.list;
  } else if (attribute.type === 'complex') {
    // Sub-attributes the value leaves out stay as they are, for add and replace alike (§3.5.2.1, §3.5.2.3).
    container[name] = { ...(isObject(container[name]) ? container[name] : {}), ...(incoming as ScimObject) };
  } else {
    container[name] = incoming;
  }
}

/** Okta and Entra ID remove group members by listing them in `value` under the plain `members` path. */
function removeListed(container: ScimObject, attribute: AttributeDefinition, value: unknown, ctx: OperationContext): void {
  const listed = new CandidateSet(new ElementKeys(attribute), coerceValue(value, attribute, attribute.name, ctx.coerce) as unknown[], ctx.work);
  container[attribute.name] = asList(container[attribute.name]).filter((e) => !listed.denoted(e));
}

function applySubAttribute(
  container: ScimObject,
  op: PatchOpName,
  attribute: AttributeDefinition,
  sub: AttributeDefinition,
  value: unknown,
  ctx: OperationContext,
): void {
  const name = attribute.name;
  const where = `${name}.${sub.name}`;
  if (!attribute.multiValued) {
    const current = isObject(container[name]) ? container[name] : undefined;
    if (op === 'remove') {
      if (current) delete current[sub.name];
      return;
    }
    container[name] = { ...current, [sub.name]: coerceValue(value, sub, where, ctx.coerce) };
    return;
  }
  // Without a filter, `emails.type` addresses that sub-attribute of every element.
  const elements = asList(container[name]).filter(isObject);
  ctx.work.steps += elements.length;
  if (op === 'remove') {
    for (const element of elements) updateElement(attribute, element, () => delete element[sub.name]);
    return;
  }
  const written = { [sub.name]: coerceValue(value, sub, where, ctx.coerce) };
  if (elements.length === 0) {
    container[name] = [written];
    notePrimary(written, written, ctx);
    return;
  }
  for (const element of elements) {
    updateElement(attribute, element, () => Object.assign(element, written));
    notePrimary(element, written, ctx);
  }
}

/**
 * Tolerance (Entra, reported): `remove` of a single-valued complex attribute through a value filter, e.g.
 * `urn:...:enterprise:2.0:User:manager[value eq "id"]`: removed when the one value matches, else nothing.
 * Any other op through such a filter stays an invalidPath: the RFC defines value filters on multi-valued attributes.
 */
function removeIfMatching(
  container: ScimObject,
  op: PatchOpName,
  target: PatchPath,
  attribute: AttributeDefinition,
  sub: AttributeDefinition | undefined,
  ctx: OperationContext,
): void {
  if (!ctx.tolerances.singleValuedFilterRemove) {
    throw badRequest('invalidPath', `"${attribute.name}" is not a multi-valued complex attribute, so it takes no value filter.`);
  }
  if (op !== 'remove') {
    throw badRequest('invalidPath', `"${attribute.name}" is single-valued: a value filter on it is only accepted to remove it.`);
  }
  const current = container[attribute.name];
  if (!isObject(current) || !target.filter!.matches(current)) return;
  if (sub) delete current[sub.name];
  else delete container[attribute.name];
}

function applyFiltered(
  container: ScimObject,
  op: PatchOpName,
  filter: ValueFilter,
  attribute: AttributeDefinition,
  sub: AttributeDefinition | undefined,
  value: unknown,
  ctx: OperationContext,
): void {
  const name = attribute.name;
  const list = asList(container[name]);
  ctx.work.steps += list.length;
  const matches = list.filter((e): e is ScimObject => isObject(e) && filter.matches(e));
  if (op === 'remove') {
    // A filter matching nothing removes nothing: success, not noTarget (the state asked for already holds).
    const removed = new Set<unknown>(matches);
    if (!sub) container[name] = list.filter((e) => !removed.has(e));
    else for (const element of matches) updateElement(attribute, element, () => delete element[sub.name]);
    return;
  }
  if (matches.length === 0) {
    container[name] = [...list, createElement(attribute, filter, sub, value, ctx)];
    return;
  }
  for (const element of matches) {
    const written = sub
      ? { [sub.name]: coerceValue(value, sub, `${name}.${sub.name}`, ctx.coerce) }
      : (coerceElement(value, attribute, name, ctx.coerce) as ScimObject);
    updateElement(attribute, element, () => {
      if (op === 'replace' && !sub) {
        // Sub-attributes the client may not change are kept: leaving them out cannot mean removing them.
        for (const key of Object.keys(element)) if (!(key in written) && !isLocked(attribute, key)) delete element[key];
      }
      Object.assign(element, written);
    });
    notePrimary(element, written, ctx);
  }
}

/**
 * RFC 7644 §3.5.2.3: replacing what does not exist is an add. Entra ID relies on it, and sends `add` with a
 * filter that matches nothing too, so the element is built from the filter's `eq` clauses plus the value.
 */
function createElement(
  attribute: AttributeDefinition,
  filter: ValueFilter,
  sub: AttributeDefinition | undefined,
  value: unknown,
  ctx: OperationContext,
): ScimObject {
  if (!filter.template || !ctx.tolerances.filterUpsert) {
    throw badRequest('noTarget', `No value of "${attribute.name}" matches [${filter.text}], and the filter does not describe one to create.`);
  }
  const base = coerceElement(filter.template, attribute, `${attribute.name}[${filter.text}]`, ctx.coerce) as ScimObject;
  const written = sub
    ? { [sub.name]: coerceValue(value, sub, `${attribute.name}.${sub.name}`, ctx.coerce) }
    : (coerceElement(value, attribute, attribute.name, ctx.coerce) as ScimObject);
  const element = { ...base, ...written };
  notePrimary(element, written, ctx);
  return element;
}

function isReadOnly(target: PatchPath): boolean {
  return target.resolved.attribute.mutability === 'readOnly' || target.resolved.subAttribute?.mutability === 'readOnly';
}

function isLocked(attribute: AttributeDefinition, key: string): boolean {
  const mutability = findAttribute(attribute.subAttributes ?? [], key)?.mutability;
  return mutability === 'readOnly' || mutability === 'immutable';
}

function notePrimary(element: unknown, written: unknown, ctx: OperationContext): void {
  if (isObject(element) && isObject(written) && written.primary === true) ctx.madePrimary.add(element);
}

/** Changes one existing element in place, refusing a change to an immutable sub-attribute that has a value. */
function updateElement(attribute: AttributeDefinition, element: ScimObject, change: () => void): void {
  const before = { ...element };
  change();
  guardSubAttributes(attribute, before, element);
}

function guardSubAttributes(attribute: AttributeDefinition, before: ScimObject, after: ScimObject): void {
  for (const sub of attribute.subAttributes ?? []) {
    if (sub.mutability !== 'immutable' || !isAssigned(before[sub.name])) continue;
    if (!deepEqual(before[sub.name], after[sub.name])) {
      throw badRequest('mutability', `"${attribute.name}.${sub.name}" is immutable and already has a value.`);
    }
  }
}

/**
 * Immutable means settable once (RFC 7643 §2.2). Whole elements of a multi-valued attribute may still come
 * and go (Group members); changes inside an existing element are checked by `updateElement`.
 */
function guardImmutable(attribute: AttributeDefinition, before: unknown, after: unknown): void {
  if (attribute.mutability === 'immutable' && isAssigned(before) && !deepEqual(before, after)) {
    throw badRequest('mutability', `"${attribute.name}" is immutable and already has a value.`);
  }
  if (!attribute.multiValued && isObject(before)) guardSubAttributes(attribute, before, isObject(after) ? after : {});
}

/** Emptied values are removed rather than stored as `[]` or `{}` (RFC 7643 §2.5 treats them as unassigned). */
function tidy(container: ScimObject, attribute: AttributeDefinition, ctx: OperationContext): void {
  const value = container[attribute.name];
  if (Array.isArray(value)) {
    ctx.work.steps += value.length;
    const kept = value.filter((e) => !isEmptyObject(e));
    if (kept.length > 0) container[attribute.name] = kept;
    else delete container[attribute.name];
  } else if (isObject(value) && Object.keys(value).length === 0) {
    delete container[attribute.name];
  }
}

function isEmptyObject(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 0;
}
