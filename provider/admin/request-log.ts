/**
 * The last SCIM exchanges the provider saw (what an IdP sent and what it got), for the admin console's
 * "Recent requests" panel. A bounded ring: the oldest entry goes when a new one arrives past `capacity`.
 * Only what identifies an exchange is kept: never headers such as `Authorization`, never bodies.
 */
import type { ScimHandler } from '../handler.js';

/** One SCIM request and the status it got; no headers but the client's User-Agent, no bodies. */
export interface ScimExchange {
  time: string;
  method: string;
  /** Path and query as sent, e.g. `/scim/v2/Users?filter=...`. */
  path: string;
  status: number;
  userAgent: string | null;
  durationMs: number;
}

export interface RecordedExchange extends ScimExchange {
  /** Increasing from 1, so a client can tell entries apart and order them. */
  seq: number;
}

export class RequestLog {
  private readonly entries: RecordedExchange[] = [];
  private readonly listeners = new Set<(entry: RecordedExchange) => void>();
  private seq = 0;

  constructor(readonly capacity = 50) {}

  record(exchange: ScimExchange): RecordedExchange {
    this.seq += 1;
    const entry = { seq: this.seq, ...exchange };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Oldest first; copies. */
  list(): RecordedExchange[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries.length = 0;
  }

  subscribe(listener: (entry: RecordedExchange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Records every exchange the core handler answers, whatever carried it (express or the in-process msw
 * transport), so the console sees conformance runs of either kind.
 */
export function recordExchanges(handler: ScimHandler, log: RequestLog, basePath: string): ScimHandler {
  return (request) => {
    const time = new Date().toISOString();
    const started = performance.now();
    const response = handler(request);
    log.record({
      time,
      method: request.method,
      path: `${basePath}${request.path}${request.rawQuery ?? ''}`,
      status: response.status,
      userAgent: request.headers['user-agent'] ?? null,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
    return response;
  };
}
