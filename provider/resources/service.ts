/**
 * One resource type's operations (RFC 7644 §3.3–3.6) over the store: create, read, replace, patch,
 * delete and query. Every write builds the complete new resource first and stores it in one step.
 */
import { randomUUID } from 'node:crypto';
import { SCHEMA } from '../../vocabulary/constants.js';
import { compileParsedFilter, type FilterPredicate } from '../filter/compile.js';
import { indexedEqualities, type IndexedEquality } from '../filter/equality.js';
import { parseFilter } from '../filter/parse.js';
import { badRequest, notFound, ScimError } from '../messages/error.js';
import { withText } from '../messages/serialized.js';
import { applyPatch } from '../patch/apply.js';
import type { AttributeDefinition } from '../schemas/definition.js';
import { isObject, type ResolvedPath, type ResourceSchema, type ScimObject } from '../schemas/resource-schema.js';
import type { Store, StoredResource } from '../store.js';
import { SCRYPT_HASHER, type PasswordHasher } from '../types/password.js';
import { project, type Projection } from './project.js';
import { sortEntries } from './sort.js';
import { prepareWrite, validatePatched, type ResourceRules } from './validate.js';

export interface QueryParameters extends Projection {
  filter: string | undefined;
  sortBy: string | undefined;
  sortOrder: 'ascending' | 'descending';
  startIndex: number;
  count: number | undefined;
}

export interface QueryPage {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: ScimObject[];
}

export interface ServiceContext {
  /** The SCIM base URL as the client sees it, e.g. `http://127.0.0.1:8080/scim/v2`. */
  baseUrl: string;
}

export interface ServiceLimits {
  maxResults: number;
}

/** How many compiled filters a service keeps: an IdP repeats its lookups (a re-sync, a retry) with the same text. */
const COMPILED_CAPACITY = 256;

/** A filter parsed once, compiled, and checked for an index that answers it. */
interface CompiledFilter {
  predicate: FilterPredicate;
  shortcut: IndexedEquality[] | undefined;
}

/** How many resources' renderings a service keeps (about 1 KB each): far more than the users an IdP reads back at once. */
const RENDERED_CAPACITY = 10_000;

/** A resource's representation without projection, for one base URL, with its JSON text (see {@link ResourceService.render}). */
interface Rendered {
  /** The revision it was rendered from: a later write stores a new object, so a different one means stale. */
  stored: StoredResource;
  baseUrl: string;
  body: ScimObject;
}

export class ResourceService {
  /**
   * The latest rendering per resource id, oldest rendering first (a bounded FIFO). Keyed by id, not revision, so
   * a superseded or deleted revision is not kept alive by its rendering: the soak showed ~200 bytes per write held
   * until 10,000 old revisions had piled up.
   */
  private readonly rendered = new Map<string, Rendered>();
  /** Compiled filters by their text, oldest first (bounded FIFO); a filter that does not compile is never kept. */
  private readonly compiled = new Map<string, CompiledFilter>();

  constructor(
    readonly schema: ResourceSchema,
    protected readonly store: Store,
    protected readonly rules: ResourceRules,
    private readonly limits: ServiceLimits,
    /** Other services, to resolve group members and render memberships. */
    protected readonly peers: () => ResourceService[],
  ) {}

  get name(): string {
    return this.schema.type.name;
  }

  get endpoint(): string {
    return this.schema.type.endpoint;
  }

  create(body: unknown): StoredResource {
    this.screen(body);
    return this.insert(prepareWrite(body, this.schema, this.rules));
  }

  /** Stores a new resource from validated client data; `id` when the model already knows it (an existing account). */
  protected insert(data: ScimObject, id: string = randomUUID()): StoredResource {
    this.checkWrite(data, undefined);
    return this.afterWrite(this.storeCreated(data, id));
  }

  /** Stores checked data as a resource created now under `id` (replacing what had that id, if anything). */
  protected storeCreated(data: ScimObject, id: string): StoredResource {
    const now = new Date().toISOString();
    const stored: StoredResource = {
      id,
      resourceType: this.name,
      version: this.store.nextVersion(),
      data: storedData(data, id, { resourceType: this.name, created: now, lastModified: now }, undefined, this.rules.passwordHasher),
    };
    this.store.put(stored);
    return stored;
  }

  get(id: string): StoredResource {
    const stored = this.store.get(this.name, id);
    if (!stored) throw notFound(`${this.name} '${id}' not found.`);
    return stored;
  }

  replace(id: string, body: unknown, ifMatch: string | undefined): StoredResource {
    const existing = this.get(id);
    assertMatches(existing, ifMatch);
    this.screen(body);
    const data = this.completeReplace(prepareWrite(body, this.schema, this.rules, existing.data), existing.data);
    this.checkWrite(data, id);
    return this.afterWrite(this.commit(existing, data));
  }

  patch(id: string, body: unknown, ifMatch: string | undefined): StoredResource {
    const existing = this.get(id);
    assertMatches(existing, ifMatch);
    const { resource, changed } = applyPatch(existing.data, body, this.schema, this.rules.tolerances);
    if (!changed) return existing;
    this.screen(resource);
    const data = validatePatched(resource, this.schema, this.rules);
    this.checkWrite(data, id);
    return this.afterWrite(this.commit(existing, data));
  }

  delete(id: string, ifMatch: string | undefined): void {
    const existing = this.get(id);
    assertMatches(existing, ifMatch);
    this.store.delete(this.name, id);
    this.rendered.delete(id);
    // A deleted member leaves every group it was in, so no group points at a resource that is gone.
    const groups = this.peers().find((p) => p.name === 'Group');
    if (!groups) return;
    for (const groupId of [...this.store.groupsOf(id)]) {
      const group = this.store.get('Group', groupId);
      if (!group) continue;
      const members = (group.data.members as ScimObject[] | undefined)?.filter((m) => m.value !== id) ?? [];
      const data = { ...group.data };
      if (members.length > 0) data.members = members;
      else delete data.members;
      groups.commit(group, data);
    }
  }

  query(params: QueryParameters, ctx: ServiceContext): QueryPage {
    const matched = this.search(params);
    const startIndex = params.startIndex;
    const count = Math.min(params.count ?? this.limits.maxResults, this.limits.maxResults);
    const page = matched.slice(startIndex - 1, startIndex - 1 + count);
    return {
      totalResults: matched.length,
      startIndex,
      itemsPerPage: page.length,
      Resources: page.map((s) => this.render(s, ctx, params)),
    };
  }

  /** Every match of the filter, sorted when asked, not paged. */
  search(params: Pick<QueryParameters, 'filter' | 'sortBy' | 'sortOrder'>): StoredResource[] {
    const compiled = params.filter === undefined ? undefined : this.compile(params.filter);
    const predicate = compiled?.predicate;
    let matched: StoredResource[] = [];
    const shortcut = compiled?.shortcut;
    const candidates: Iterable<StoredResource> = shortcut ? this.lookupAll(shortcut) : this.store.all(this.name);
    for (const stored of candidates) {
      if (!predicate || predicate(this.filterView(stored))) matched.push(stored);
    }
    if (params.sortBy !== undefined) matched = this.sort(matched, params.sortBy, params.sortOrder);
    return matched;
  }

  /**
   * Parsed once: compiling checks the filter (400 invalidFilter) and the same tree says whether an index answers
   * it. What comes out depends only on the text and this service's schema, which never changes, so it is kept.
   */
  private compile(filter: string): CompiledFilter {
    const kept = this.compiled.get(filter);
    if (kept !== undefined) return kept;
    const node = parseFilter(filter);
    const compiled = { predicate: compileParsedFilter(node, this.schema), shortcut: indexedEqualities(node, this.schema) };
    this.compiled.set(filter, compiled);
    if (this.compiled.size > COMPILED_CAPACITY) this.compiled.delete(this.compiled.keys().next().value!);
    return compiled;
  }

  /** The value a resource sorts by, with the attribute it comes from; undefined when the type lacks the attribute. */
  sortKey(stored: StoredResource, sortBy: string): { key: unknown; definition: AttributeDefinition } | undefined {
    const path = this.sortPath(sortBy);
    if (!path) return undefined;
    return { key: representativeValue(this.schema.values(stored.data, path)), definition: path.subAttribute ?? path.attribute };
  }

  /**
   * The representation a client sees: computed attributes filled in, `returned` rules and projection applied.
   * Without projection and computed attributes it depends only on the stored revision (an immutable object:
   * every write stores a new one, with a new version) and the base URL, so it is kept, frozen, with its JSON
   * text (issue 12: rendering and serialising were a fifth of a GET). A User in a group or a Group with
   * members shows other resources' names, which change without this revision changing: never kept.
   */
  render(stored: StoredResource, ctx: ServiceContext, projection?: Projection): ScimObject {
    const keep = isPlainProjection(projection) && !this.hasComputedAttributes(stored);
    if (keep) {
      const hit = this.rendered.get(stored.id);
      if (hit !== undefined && hit.stored === stored && hit.baseUrl === ctx.baseUrl) return hit.body;
    }
    const view = this.view(stored, ctx);
    const meta = view.meta as ScimObject;
    view.meta = { ...meta, location: this.location(stored.id, ctx), version: etagOf(stored) };
    const body = readingOrder(project(view, this.schema, projection));
    if (keep) this.keepRendered(stored, ctx.baseUrl, body);
    return body;
  }

  /** How many renderings are kept (tests: at most one per live resource). */
  get keptRenderings(): number {
    return this.rendered.size;
  }

  private keepRendered(stored: StoredResource, baseUrl: string, body: ScimObject): void {
    // Frozen with what render made for it (the top level and meta); the rest is stored data, never changed in place.
    Object.freeze(body.meta);
    withText(body, JSON.stringify(body));
    this.rendered.delete(stored.id);
    this.rendered.set(stored.id, { stored, baseUrl, body });
    if (this.rendered.size > RENDERED_CAPACITY) this.rendered.delete(this.rendered.keys().next().value!);
  }

  /** Whether the view adds attributes that other resources' revisions decide (User `groups`, Group `members` details). */
  private hasComputedAttributes(stored: StoredResource): boolean {
    if (Array.isArray(stored.data.members)) return true;
    return this.schema.coreUrn === SCHEMA.user && this.store.groupsOf(stored.id).size > 0;
  }

  location(id: string, ctx: ServiceContext): string {
    return `${ctx.baseUrl}${this.endpoint}/${id}`;
  }

  /**
   * The resource with computed attributes (User `groups`, member `display`/`type`) for filtering and output.
   * A shallow copy (a deep one was a fifth of a GET's cost, issue 12): stored data is never changed in place (a
   * write stores a new object, PATCH works on a clone), so the view may share nested values with it; only
   * top-level attributes are replaced, here and in `render`.
   */
  private view(stored: StoredResource, ctx: ServiceContext): ScimObject {
    const view: ScimObject = { ...stored.data };
    if (this.schema.coreUrn === SCHEMA.user) {
      const groupIds = this.store.groupsOf(stored.id);
      if (groupIds.size > 0) {
        view.groups = [...groupIds].map((gid) => {
          const group = this.store.get('Group', gid);
          return { value: gid, display: group?.data.displayName, type: 'direct' };
        });
      }
    }
    if (Array.isArray(view.members)) {
      view.members = (view.members as ScimObject[]).map((m) => {
        const ref = this.resolveMember(String(m.value));
        return ref ? { ...m, $ref: `${ctx.baseUrl}/${ref.type}s/${String(m.value)}`, display: ref.display, type: m.type ?? ref.type } : m;
      });
    }
    return view;
  }

  /**
   * What a filter sees: the stored object itself (no copy) unless the resource has computed attributes,
   * so a query over thousands of users copies only the page it returns.
   */
  private filterView(stored: StoredResource): ScimObject {
    if (this.schema.coreUrn !== SCHEMA.user || this.store.groupsOf(stored.id).size === 0) return stored.data;
    return { ...stored.data, groups: [...this.store.groupsOf(stored.id)].map((value) => ({ value, type: 'direct' })) };
  }

  /** The resources any of the equalities finds, each once, in the order found. */
  private lookupAll(equalities: readonly IndexedEquality[]): StoredResource[] {
    if (equalities.length === 1) return this.lookup(equalities[0]!.attribute, equalities[0]!.value);
    const found = new Map<string, StoredResource>();
    for (const { attribute, value } of equalities) for (const stored of this.lookup(attribute, value)) found.set(stored.id, stored);
    return [...found.values()];
  }

  private lookup(attribute: 'userName' | 'id' | 'externalId', value: string): StoredResource[] {
    if (attribute === 'id') {
      const found = this.store.get(this.name, value);
      return found ? [found] : [];
    }
    if (attribute === 'externalId') return this.store.findByExternalId(this.name, value);
    const found = this.store.findByUserName(this.name, value);
    return found ? [found] : [];
  }

  /**
   * The attribute `sortBy` names; undefined when the type lacks it. One never returned (`password`) is refused
   * as a filter on it is (400 invalidValue, like an unknown sortBy: it is a query parameter, not a filter):
   * ordering by a hidden value reveals it one query at a time, and ignoring sortBy instead would answer an order
   * RFC 7644 §3.4.2.3 says SHALL be by that attribute, so the client would take an unsorted list for a sorted one.
   */
  private sortPath(sortBy: string): ResolvedPath | undefined {
    const path = this.schema.resolve(sortBy);
    if (path && (path.attribute.returned === 'never' || path.subAttribute?.returned === 'never')) {
      throw badRequest('invalidValue', `sortBy '${sortBy}' is never returned, so results cannot be sorted by it.`);
    }
    return path;
  }

  private sort(list: StoredResource[], sortBy: string, order: 'ascending' | 'descending'): StoredResource[] {
    if (!this.sortPath(sortBy)) throw badRequest('invalidValue', `sortBy '${sortBy}' is not an attribute of ${this.name}.`);
    return sortEntries(list.map((item) => ({ item, sort: this.sortKey(item, sortBy) })), order);
  }

  /** Everything a write must satisfy against the rest of the store, checked before anything is stored. */
  protected checkWrite(data: ScimObject, selfId: string | undefined): void {
    this.checkReferences(data);
    this.checkUniqueness(data, selfId);
    this.checkModel(data, selfId);
  }

  /**
   * A profile's cheap checks on a POST/PUT body or a patched resource, before schema validation (the Docker Hub
   * model refuses a userName that is no email address there, in linear time); a plain RFC server has none.
   */
  protected screen(_data: unknown): void {}

  /** A profile's own rules for a write (the Docker Hub model's team names); a plain RFC server has none. */
  protected checkModel(_data: ScimObject, _selfId: string | undefined): void {}

  /** A profile's PUT semantics on top of RFC 7644 §3.5.1; a plain RFC server replaces and nothing more. */
  protected completeReplace(data: ScimObject, _existing: ScimObject): ScimObject {
    return data;
  }

  /** What a profile does once a write is stored (the Docker Hub model joins teams); returns the resource as it now is. */
  protected afterWrite(stored: StoredResource): StoredResource {
    return stored;
  }

  protected commit(existing: StoredResource, data: ScimObject): StoredResource {
    const meta = existing.data.meta as ScimObject;
    const stored: StoredResource = {
      id: existing.id,
      resourceType: this.name,
      version: this.store.nextVersion(),
      data: storedData(data, existing.id, { ...meta, lastModified: laterThan(String(meta.created)) }, existing.data, this.rules.passwordHasher),
    };
    this.store.put(stored);
    return stored;
  }

  private checkUniqueness(data: ScimObject, selfId: string | undefined): void {
    if (typeof data.userName !== 'string') return;
    const holder = this.store.findByUserName(this.name, data.userName);
    if (holder && holder.id !== selfId) {
      throw new ScimError(409, 'uniqueness', `userName '${data.userName}' is already taken by ${this.name} '${holder.id}'.`);
    }
  }

  /** Group members must name existing Users or Groups; their `type` is filled in from what they are. */
  private checkReferences(data: ScimObject): void {
    if (!Array.isArray(data.members)) return;
    data.members = (data.members as ScimObject[]).map((member) => {
      if (typeof member.value !== 'string') throw badRequest('invalidValue', 'Every member needs a string value (the member id).');
      const ref = this.resolveMember(member.value);
      if (!ref) throw badRequest('invalidValue', `Member '${member.value}' is neither a User nor a Group of this provider.`);
      if (member.type !== undefined && member.type !== ref.type) {
        throw badRequest('invalidValue', `Member '${member.value}' is a ${ref.type}, not a ${String(member.type)}.`);
      }
      return { value: member.value, type: ref.type };
    });
  }

  private resolveMember(id: string): { type: string; display: unknown } | undefined {
    for (const type of ['User', 'Group']) {
      const found = this.store.get(type, id);
      if (found) return { type, display: type === 'User' ? found.data.displayName ?? found.data.userName : found.data.displayName };
    }
    return undefined;
  }
}

function isPlainProjection(projection: Projection | undefined): boolean {
  return projection === undefined || (projection.attributes.length === 0 && projection.excludedAttributes.length === 0);
}

export function etagOf(stored: StoredResource): string {
  return `W/"${stored.version}"`;
}

/** RFC 7644 §3.14: a write with `If-Match` that does not match the current version fails with 412. */
function assertMatches(stored: StoredResource, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((t) => t.trim());
  if (tags.includes('*') || tags.some((t) => weakEqual(t, etagOf(stored)))) return;
  throw new ScimError(412, undefined, `If-Match ${ifMatch} does not match the current version ${etagOf(stored)}.`);
}

export function weakEqual(a: string, b: string): boolean {
  const strip = (t: string) => t.replace(/^W\//, '');
  return strip(a) === strip(b);
}

/**
 * The data as stored, with its id and meta, and a new `password` only as its salted hash (issue 11, finding 3;
 * which hash is the provider's choice, see provider/types/password.ts). A value equal to the stored one is that
 * hash, carried over by a PUT that omits the password or a PATCH that leaves it alone (a client could only send
 * it by knowing the hash, which is never returned, and would change nothing).
 * Copied key by key, not spread: at scale V8 gave each spread `{ ...data, id, meta }` a hidden class of its own
 * (a map and descriptors, ~420 bytes per stored resource; issue 12's 100,000-user run), where assignments in the
 * same order share one.
 */
function storedData(data: ScimObject, id: string, meta: ScimObject, previous: ScimObject | undefined, hasher: PasswordHasher = SCRYPT_HASHER): ScimObject {
  const out: ScimObject = {};
  for (const key of Object.keys(data)) out[key] = data[key];
  const password = data.password;
  if (typeof password === 'string' && password !== previous?.password) out.password = hasher.hash(password);
  out.id = id;
  out.meta = meta;
  return out;
}

/** RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else its first. */
function representativeValue(values: unknown[]): unknown {
  const primary = values.find((v) => isObject(v) && v.primary === true);
  const first = primary ?? values[0];
  if (isObject(first)) return first.value;
  return first;
}

/** Millisecond timestamps can tie; lastModified must never precede created. */
function laterThan(created: string): string {
  const now = Date.now();
  const floor = Date.parse(created);
  return new Date(Number.isNaN(floor) ? now : Math.max(now, floor)).toISOString();
}

const LEADING = ['schemas', 'id', 'externalId'] as const;
const PLACED = new Set<string>([...LEADING, 'meta']);

/** `schemas`, `id`, `externalId` first and `meta` last, as the RFC's examples read; JSON order is not semantic. */
function readingOrder(resource: ScimObject): ScimObject {
  // Plain assignments in a loop: object rest/spread over a resource's many keys was the slow path here.
  const out: ScimObject = {};
  for (const key of LEADING) if (resource[key] !== undefined) out[key] = resource[key];
  for (const key of Object.keys(resource)) if (!PLACED.has(key)) out[key] = resource[key];
  if (resource.meta !== undefined) out.meta = resource.meta;
  return out;
}
