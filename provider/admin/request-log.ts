/**
 * The last SCIM exchanges the provider saw (what an IdP sent and what it got), for the admin console's
 * "Recent requests" panel. Two bounded rings: authenticated exchanges (the last `capacity`) and
 * unauthenticated ones (401, the last `unauthenticatedCapacity`, plus a running count), so a flood of
 * requests without the token can never push the real history out.
 * Only what identifies an exchange is kept: never headers such as `Authorization`, never bodies, and query
 * values only where they cannot carry a secret (see {@link redactQuery}).
 *
 * Recording is on every SCIM request's path, and showing is rare (a console that lists or streams): a row is
 * kept as the raw facts and turned into what the console shows (ISO time, redacted query) only when someone
 * asks for it (issue 12: this formatting was 12 % of a GET's cost). A raw query never leaves this module.
 */
import type { ScimHandler } from '../handler.js';

/** One SCIM request and the status it got; no headers but the client's User-Agent, no bodies. */
export interface ScimExchange {
  time: string;
  method: string;
  /** Path and query as sent, the query redacted by {@link redactQuery}, e.g. `/scim/v2/Users?filter=...`. */
  path: string;
  status: number;
  userAgent: string | null;
  durationMs: number;
}

export interface RecordedExchange extends ScimExchange {
  /** Increasing from 1, so a client can tell entries apart and order them. */
  seq: number;
}

export const REDACTED = '[redacted]';

/**
 * SCIM's own query parameters (RFC 7644 §3.4.2, §3.9): their values are what an IdP asks for, useful when
 * debugging, and a credential has no business in them. Compared case-insensitively.
 */
const SHOWN_PARAMETERS = new Set(['filter', 'sortby', 'sortorder', 'startindex', 'count', 'attributes', 'excludedattributes']);

/**
 * A parameter name outside the list above is shown only when it is short and plain: shorter than the
 * shortest accepted bearer token (16 characters), so a token sent as a bare `?<token>` never shows.
 */
const SHOWN_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

/**
 * The query as the console may show it. The rule: values of SCIM's own parameters (filter, sortBy,
 * sortOrder, startIndex, count, attributes, excludedAttributes) are kept as sent; every other value is
 * `[redacted]` (so `access_token`, `token`, `key`, `secret`, `password`… never show, whatever they are
 * called); a name that is not short and plain is `[redacted]` too.
 */
export function redactQuery(rawQuery: string): string {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (query === '') return rawQuery;
  return `?${query.split('&').map(redactParameter).join('&')}`;
}

function redactParameter(part: string): string {
  const eq = part.indexOf('=');
  const rawName = eq < 0 ? part : part.slice(0, eq);
  const name = decodeSafely(rawName);
  const shownName = SHOWN_PARAMETERS.has(name.toLowerCase()) || SHOWN_NAME.test(name) ? rawName : REDACTED;
  if (eq < 0) return shownName;
  const value = SHOWN_PARAMETERS.has(name.toLowerCase()) ? part.slice(eq + 1) : REDACTED;
  return `${shownName}=${value}`;
}

/** Percent-decoded (`+` as space, as forms send it); the raw text when it is not valid percent-encoding. */
function decodeSafely(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** What {@link recordExchanges} notes of an exchange; formatted into a {@link ScimExchange} only when shown. */
export interface RawExchange {
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  method: string;
  /** Base path and path below it, without the query. */
  path: string;
  /** The query exactly as sent, unredacted: kept only until formatted. */
  rawQuery: string;
  status: number;
  userAgent: string | null;
  durationMs: number;
}

/** A ring slot: the shown row, or the raw facts to build it from. */
interface Row {
  seq: number;
  status: number;
  raw: RawExchange | undefined;
  shown: RecordedExchange | undefined;
}

export class RequestLog {
  private readonly authenticated: Ring;
  private readonly unauthenticated: Ring;
  private readonly listeners = new Set<(entry: RecordedExchange) => void>();
  private seq = 0;
  private unauthenticatedSeen = 0;

  constructor(
    readonly capacity = 50,
    readonly unauthenticatedCapacity = 10,
  ) {
    this.authenticated = new Ring(capacity);
    this.unauthenticated = new Ring(unauthenticatedCapacity);
  }

  record(exchange: ScimExchange): RecordedExchange {
    const row = this.keep(exchange.status, undefined);
    row.shown = { seq: row.seq, ...exchange };
    this.emit(row);
    return row.shown;
  }

  /** The cheap path: keeps the raw facts; the row is formatted when listed, or now if someone is listening. */
  note(raw: RawExchange): void {
    const row = this.keep(raw.status, raw);
    if (this.listeners.size > 0) this.emit(row);
  }

  /** Both rings merged, oldest first; copies. */
  list(): RecordedExchange[] {
    return [...this.authenticated.rows(), ...this.unauthenticated.rows()].sort((a, b) => a.seq - b.seq).map((row) => ({ ...shown(row) }));
  }

  /** Unauthenticated (401) exchanges since start, including those no longer listed. */
  get unauthenticatedCount(): number {
    return this.unauthenticatedSeen;
  }

  clear(): void {
    this.authenticated.clear();
    this.unauthenticated.clear();
  }

  subscribe(listener: (entry: RecordedExchange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private keep(status: number, raw: RawExchange | undefined): Row {
    this.seq += 1;
    const row: Row = { seq: this.seq, status, raw, shown: undefined };
    // 401 means the request did not hold the token: whoever sent it must not displace the real history.
    const ring = status === 401 ? this.unauthenticated : this.authenticated;
    if (status === 401) this.unauthenticatedSeen += 1;
    ring.push(row);
    return row;
  }

  private emit(row: Row): void {
    if (this.listeners.size === 0) return;
    const entry = shown(row);
    for (const listener of this.listeners) listener(entry);
  }
}

/**
 * A bounded ring of rows: the newest overwrites the oldest in place. (An array cut back by splice, or shift,
 * on every request moved the whole history each time: ~0.4 µs of every SCIM request, issue 12.)
 */
class Ring {
  private readonly slots: (Row | undefined)[];
  private readonly capacity: number;
  /** Where the next row goes: once the ring is full, the oldest row's slot. */
  private next = 0;
  private size = 0;

  constructor(capacity: number) {
    // Whole rows only, none for a negative capacity (as the array cut back to `capacity` rows kept).
    this.capacity = Math.max(0, Math.ceil(capacity));
    this.slots = new Array<Row | undefined>(this.capacity).fill(undefined);
  }

  push(row: Row): void {
    if (this.capacity === 0) return;
    this.slots[this.next] = row;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (this.size < this.capacity) this.size += 1;
  }

  /** The rows kept, oldest first. */
  rows(): Row[] {
    const start = this.size < this.capacity ? 0 : this.next;
    const rows: Row[] = [];
    for (let i = 0; i < this.size; i += 1) rows.push(this.slots[(start + i) % this.capacity]!);
    return rows;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}

/** The row as the console shows it, formatted (and the raw query dropped) the first time it is asked for. */
function shown(row: Row): RecordedExchange {
  if (row.shown === undefined) {
    const raw = row.raw!;
    row.shown = {
      seq: row.seq,
      time: new Date(raw.startedAt).toISOString(),
      method: raw.method,
      path: `${raw.path}${redactQuery(raw.rawQuery)}`,
      status: raw.status,
      userAgent: raw.userAgent,
      durationMs: Math.round(raw.durationMs * 10) / 10,
    };
    row.raw = undefined;
  }
  return row.shown;
}

/**
 * Records every exchange the core handler answers, whatever carried it (node:http or the in-process msw
 * transport), so the console sees conformance runs of either kind.
 */
export function recordExchanges(handler: ScimHandler, log: RequestLog, basePath: string): ScimHandler {
  return (request) => {
    const startedAt = Date.now();
    const started = performance.now();
    const response = handler(request);
    log.note({
      startedAt,
      method: request.method,
      path: `${basePath}${request.path}`,
      rawQuery: request.rawQuery ?? '',
      status: response.status,
      userAgent: request.headers['user-agent'] ?? null,
      durationMs: performance.now() - started,
    });
    return response;
  };
}
