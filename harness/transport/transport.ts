/**
 * A transport sends one HTTP request to the target and records what happened. Implementations: real
 * HTTP (`fetch`), and in-process through msw straight into the embedded provider's handler (no socket).
 */
import type { HttpRequest, HttpResponse, TransportError } from '../model.js';

export interface SendOptions {
  timeoutMs: number;
  /** Bytes of a response body kept; the rest is not read (default {@link MAX_RESPONSE_BYTES}). */
  maxBodyBytes?: number;
}

/**
 * What the harness reads of one response: far above any SCIM page (1,000 users are about 2 MB), far below
 * what would exhaust memory when a hostile or broken target streams without end.
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Set when the request was sent a second time, on a fresh connection, because the first attempt failed on a
 * reused keep-alive socket before any response byte arrived (the target had closed the idle connection). Only
 * idempotent methods (RFC 9110 §9.2.2) are retried, and only once; the outcome is the second attempt's.
 */
export interface TransportRetry {
  /** Why the first attempt was abandoned, in words for a report, e.g. `the target had closed the keep-alive connection (reused after 5012 ms idle): ECONNRESET: socket hang up`. */
  reason: string;
}

export type TransportOutcome =
  | { ok: true; response: HttpResponse; durationMs: number; retried?: TransportRetry }
  | { ok: false; error: TransportError; durationMs: number; retried?: TransportRetry };

export interface Transport {
  readonly name: string;
  send(request: HttpRequest, options: SendOptions): Promise<TransportOutcome>;
}

const REDACTED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** What gets recorded: credentials never reach a report, a log or an HTML page. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!REDACTED_HEADERS.has(name.toLowerCase())) out[name] = value;
    else out[name] = redacted(value);
  }
  return out;
}

/** The last credential redacted and its redaction: a run sends the same token thousands of times. */
let lastRedacted: { value: string; redacted: string } | undefined;

function redacted(value: string): string {
  if (lastRedacted?.value !== value) {
    lastRedacted = { value, redacted: value.replace(/^(\w+)\s+.*$/, '$1 [redacted]').replace(/^[^\s]+$/, '[redacted]') };
  }
  return lastRedacted.redacted;
}
