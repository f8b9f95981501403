/**
 * Reads many of a run's users or groups in one request for the harness's own verification (a full sync's end
 * state, `expect: created`): `filter=userName eq "a" or userName eq "b" …`, {@link BATCH_SIZE} to a request,
 * so checking 10,000 users is 500 reads of a target others share, not 10,000.
 *
 * Only what an answer shows well is taken from it: whatever it does not show (absent, a copy too many, an
 * attribute off) the caller reads one by one, as it would without batches, before anything fails. A target
 * whose answer does not fit the question — an error (no `or` in its filters), a resource that was not asked
 * for (the filter ignored), fewer on the page than it counts, or most of what was asked missing (the filter
 * half understood) — is read one by one from then on: a feature it lacks never turns into a failure.
 */
import type { Area, Exchange } from '../model.js';
import type { OutgoingRequest } from './session.js';

/** Values per request at most. */
export const BATCH_SIZE = 20;
/**
 * The longest filter a batch sends, URL-encoded: IIS (where many endpoints built for Entra run) refuses query
 * strings over 2,048 bytes by default, so a batch of long userNames is cut shorter rather than refused.
 */
export const MAX_FILTER_CHARS = 1_500;

export interface BatchAnswer {
  exchange: Exchange;
  /** The resources found per value asked (userName folded to lower case: it is case-insensitive). */
  found: Map<string, Record<string, unknown>[]>;
}

export type BatchAttribute = 'userName' | 'id';

/** How a value is compared: userName case-insensitively (RFC 7643 §4.1.1), id exactly. */
export function batchKey(attribute: BatchAttribute, value: string): string {
  return attribute === 'userName' ? value.toLowerCase() : value;
}

/** One `attribute eq "value"` clause of a batch's filter. */
function clause(attribute: BatchAttribute, value: string): string {
  return `${attribute} eq ${JSON.stringify(value)}`;
}

/**
 * `items` in order, in slices of at most {@link BATCH_SIZE} whose filter (by `attribute`, each item's value from
 * `valueOf`) stays within {@link MAX_FILTER_CHARS} URL-encoded; an item too long for any batch is a slice alone.
 */
export function slices<T>(items: readonly T[], attribute: BatchAttribute, valueOf: (item: T) => string): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let length = 0;
  for (const item of items) {
    const added = encodeURIComponent(`${current.length === 0 ? '' : ' or '}${clause(attribute, valueOf(item))}`).length;
    if (current.length > 0 && (current.length >= BATCH_SIZE || length + added > MAX_FILTER_CHARS)) {
      out.push(current);
      current = [];
      length = encodeURIComponent(clause(attribute, valueOf(item))).length;
    } else length += added;
    current.push(item);
  }
  if (current.length > 0) out.push(current);
  return out;
}

export class BatchReader {
  private usable = true;

  constructor(private readonly send: (request: OutgoingRequest, label: string, area: Area) => Promise<Exchange>) {}

  /** False once the target answered a batch in a way that does not fit: everything is read one by one after. */
  get enabled(): boolean {
    return this.usable;
  }

  /**
   * The resources of `endpoint` whose `attribute` is one of `values`, or undefined when there is nothing to
   * gain (fewer than two values) or the answer cannot be taken (then batches stop). `attributes` narrows what
   * each resource carries when only its presence matters.
   */
  async read(endpoint: '/Users' | '/Groups', attribute: BatchAttribute, values: readonly string[], label: string, area: Area, attributes?: string): Promise<BatchAnswer | undefined> {
    if (!this.usable || values.length < 2) return undefined;
    const filter = values.map((value) => clause(attribute, value)).join(' or ');
    // Room for a copy of each, so a duplicate shows in the count rather than on a second page.
    const query: Record<string, string> = { filter, count: String(values.length * 2) };
    if (attributes !== undefined) query.attributes = attributes;
    const exchange = await this.send({ method: 'GET', path: endpoint, query }, label, area);
    const found = this.answered(exchange, attribute, values);
    if (found === undefined || found.size < values.length / 2) this.usable = false;
    return found === undefined ? undefined : { exchange, found };
  }

  /** The resources per value asked, or undefined when the answer does not fit the question. */
  private answered(exchange: Exchange, attribute: BatchAttribute, values: readonly string[]): Map<string, Record<string, unknown>[]> | undefined {
    if (exchange.response?.status !== 200) return undefined;
    const body = exchange.responseJson as { totalResults?: unknown; Resources?: unknown } | undefined;
    const resources = body?.Resources === undefined ? [] : body.Resources;
    if (typeof body?.totalResults !== 'number' || !Array.isArray(resources) || resources.length !== body.totalResults) return undefined;
    const asked = new Set(values.map((value) => batchKey(attribute, value)));
    const found = new Map<string, Record<string, unknown>[]>();
    for (const resource of resources as unknown[]) {
      if (typeof resource !== 'object' || resource === null) return undefined;
      const value = (resource as Record<string, unknown>)[attribute];
      const key = typeof value === 'string' ? batchKey(attribute, value) : undefined;
      if (key === undefined || !asked.has(key)) return undefined;
      const copies = found.get(key);
      if (copies) copies.push(resource as Record<string, unknown>);
      else found.set(key, [resource as Record<string, unknown>]);
    }
    return found;
  }
}
