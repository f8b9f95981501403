/**
 * The ledger of one scenario: every User and Group it created at the target (learned from the response body's
 * `id`; the last segment of the Location header only when the body has none), and every id it saw the target
 * return that it did not create.
 * The session asks it before each request, so a PUT, PATCH or DELETE never reaches a resource the run did not
 * create (an IdP "linking" to a customer's record because a target ignored a filter, say), and the clean-up
 * deletes exactly what is in it.
 */
import { isObject } from '../../vocabulary/json.js';
import type { Exchange, HttpRequest } from '../model.js';

export type ResourceKind = 'User' | 'Group';

export interface LedgerEntry {
  type: ResourceKind;
  id: string;
  /** userName or displayName as last seen. */
  name: string | undefined;
}

/** By lower-cased endpoint: a target may route `/users` as `/Users`, and the guard must not miss it. */
const ENDPOINTS: Record<string, ResourceKind> = { users: 'User', groups: 'Group' };
const MUTATING = new Set(['PUT', 'PATCH', 'DELETE']);

export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();
  /** Resources that were created and later deleted, by key: they are no one's now, so no longer guarded. */
  private readonly gone = new Set<string>();
  /** `type/id` of resources the target returned that this scenario did not create. */
  private readonly foreign = new Set<string>();

  /**
   * @param marker the run's marker (`sc-<run id>-`): an id carrying it was made up by the run (a raw request
   *   asking for an id that does not exist) and cannot be anyone else's, so it may be sent PATCH or DELETE.
   */
  /** Read once: every request the session sends is checked against them. */
  private readonly origin: string;
  private readonly basePath: string;
  /** The last URL parsed, by its text, and its segments below the base path (see parse, segments). */
  private lastUrl: { text: string; url: URL; segments?: string[] | undefined } | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly marker?: string,
  ) {
    const base = new URL(baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, '');
  }

  /** What the scenario created and has not deleted, groups first (a group's members must still exist as it goes). */
  live(): LedgerEntry[] {
    const all = [...this.entries.values()];
    return [...all.filter((e) => e.type === 'Group'), ...all.filter((e) => e.type === 'User')];
  }

  get createdCount(): number {
    return this.entries.size + this.gone.size;
  }

  has(type: ResourceKind, id: string): boolean {
    return this.entries.has(key(type, id));
  }

  /** Takes in a resource known to be the run's by its marker (the end-of-run sweep), so it may be deleted. */
  adopt(entry: LedgerEntry): void {
    this.entries.set(key(entry.type, entry.id), { ...entry });
    this.foreign.delete(key(entry.type, entry.id));
  }

  /** Why the harness must not send this request, if it must not. */
  refusal(request: HttpRequest): string | undefined {
    const url = this.parse(request.url);
    if (url.origin !== this.origin) return `the harness sends requests (and the token) only to the target ${this.origin}, not to ${url.origin}`;
    const method = request.method.toUpperCase();
    const target = this.resourceOf(url);
    if (MUTATING.has(method) && target) return this.notOurs(method, target.type, target.id);
    if (method === 'POST' && target === undefined && this.endpointOf(url)?.toLowerCase() === 'bulk') return this.bulkRefusal(request.body);
    return undefined;
  }

  /**
   * Why a change to this resource is refused: only what the scenario created (or deleted already, or an id the run
   * made up) may be changed. The answer says whether the target had shown it, i.e. whether it is a stranger's record.
   */
  private notOurs(method: string, type: ResourceKind, id: string): string | undefined {
    const k = key(type, id);
    if (this.entries.has(k) || this.gone.has(k) || id.startsWith('bulkId:') || (this.marker !== undefined && id.includes(this.marker))) return undefined;
    const whose = this.foreign.has(k) ? 'the target returned it, so it is someone else\'s data' : 'it is not in the ledger of what this scenario created';
    return `${method} ${type} ${id}: this run did not create it (${whose}); the harness only changes what the run created`;
  }

  /** Learns from an answered exchange: creations, deletions, names, and ids that are not the run's. */
  learn(exchange: Exchange): void {
    const response = exchange.response;
    if (!response) return;
    const url = this.parse(exchange.request.url);
    const method = exchange.request.method.toUpperCase();
    const segments = this.segments(url) ?? [];
    const endpoint = segments[0]?.toLowerCase();
    const kind = endpoint === undefined ? undefined : ENDPOINTS[endpoint];
    const target = this.resourceOf(url);
    // A create answered 200 instead of 201 still created something: it is ours to clean up all the same.
    if (method === 'POST' && segments.length === 1 && kind && (response.status === 201 || response.status === 200)) {
      this.created(kind, exchange.responseJson, response.headers.location);
      return;
    }
    if (method === 'POST' && endpoint === 'bulk' && response.status === 200) {
      this.learnBulk(exchange.responseJson);
      return;
    }
    if (method === 'DELETE' && target && (response.status < 300 || response.status === 404)) {
      this.forget(target.type, target.id);
      return;
    }
    if (response.status >= 200 && response.status < 300 && kind) this.observe(kind, exchange.responseJson);
  }

  private created(type: ResourceKind, body: unknown, location: string | undefined): void {
    const resource = asRecord(body);
    // The body's id is the resource's own word; a Location is only a fallback, and only its last segment is used.
    const id = typeof resource?.id === 'string' && resource.id !== '' ? resource.id : lastSegment(location);
    if (id === undefined) return;
    this.record(type, id, nameOf(type, resource));
  }

  /**
   * A create answered with an id the target had already shown as someone else's (a server that answers a
   * duplicate create with the existing record, 200) did not create anything: it stays foreign, never ours to delete.
   */
  private record(type: ResourceKind, id: string, name: string | undefined): void {
    if (this.foreign.has(key(type, id))) return;
    this.entries.set(key(type, id), { type, id, name });
  }

  private forget(type: ResourceKind, id: string): void {
    const k = key(type, id);
    if (this.entries.delete(k)) this.gone.add(k);
  }

  /** Ids in a 2xx answer (a resource, or a ListResponse's Resources) that the scenario did not create. */
  private observe(type: ResourceKind, body: unknown): void {
    const record = asRecord(body);
    if (!record) return;
    const resources = Array.isArray(record.Resources) ? record.Resources : [record];
    for (const item of resources) {
      const resource = asRecord(item);
      if (typeof resource?.id !== 'string') continue;
      const k = key(type, resource.id);
      const entry = this.entries.get(k);
      if (entry) entry.name = nameOf(type, resource) ?? entry.name;
      else if (!this.gone.has(k)) this.foreign.add(k);
    }
  }

  private learnBulk(body: unknown): void {
    const operations = asRecord(body)?.Operations;
    if (!Array.isArray(operations)) return;
    for (const item of operations) {
      const op = asRecord(item);
      const location = typeof op?.location === 'string' ? op.location : undefined;
      const status = Number(op?.status);
      const method = typeof op?.method === 'string' ? op.method.toUpperCase() : '';
      const target = location ? this.resourceOf(new URL(location, `${this.baseUrl}/`)) : undefined;
      if (!target) continue;
      if (method === 'POST' && (status === 201 || status === 200)) this.record(target.type, target.id, undefined);
      else if (method === 'DELETE' && (status < 300 || status === 404)) this.forget(target.type, target.id);
    }
  }

  private bulkRefusal(body: string | undefined): string | undefined {
    let parsed: unknown;
    try {
      parsed = body === undefined ? undefined : JSON.parse(body);
    } catch {
      return undefined;
    }
    const operations = asRecord(parsed)?.Operations;
    if (!Array.isArray(operations)) return undefined;
    for (const item of operations) {
      const op = asRecord(item);
      const method = typeof op?.method === 'string' ? op.method.toUpperCase() : '';
      const target = typeof op?.path === 'string' ? this.resourceOf(new URL(op.path.replace(/^\/+/, ''), `${this.baseUrl}/`)) : undefined;
      const refused = MUTATING.has(method) && target ? this.notOurs(method, target.type, target.id) : undefined;
      if (refused) return `bulk ${refused}`;
    }
    return undefined;
  }

  /** The first path segment below the base URL (`Users`, `Groups`, `Bulk`…). */
  private endpointOf(url: URL): string | undefined {
    return this.segments(url)?.[0];
  }

  /** `/Users/{id}` or `/Groups/{id}` below the base URL. */
  private resourceOf(url: URL): { type: ResourceKind; id: string } | undefined {
    const segments = this.segments(url);
    const type = segments ? ENDPOINTS[(segments[0] ?? '').toLowerCase()] : undefined;
    if (!segments || !type || segments.length !== 2 || segments[1] === '.search') return undefined;
    return { type, id: decodeURIComponent(segments[1]!) };
  }

  /** The request's URL parsed (read-only), once for both the refusal before sending and the learning after. */
  private parse(text: string): URL {
    if (this.lastUrl?.text !== text) this.lastUrl = { text, url: new URL(text) };
    return this.lastUrl.url;
  }

  private segments(url: URL): string[] | undefined {
    const last = this.lastUrl;
    if (last?.url === url && 'segments' in last) return last.segments;
    const segments = url.pathname.startsWith(`${this.basePath}/`) ? url.pathname.slice(this.basePath.length).split('/').filter(Boolean) : undefined;
    if (last?.url === url) last.segments = segments;
    return segments;
  }
}

function key(type: ResourceKind, id: string): string {
  return `${type}/${id}`;
}

function nameOf(type: ResourceKind, resource: Record<string, unknown> | undefined): string | undefined {
  const name = type === 'User' ? resource?.userName : resource?.displayName;
  return typeof name === 'string' ? name : undefined;
}

function lastSegment(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const segment = location.replace(/[?#].*$/, '').split('/').filter(Boolean).at(-1);
  return segment ? decodeURIComponent(segment) : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}
