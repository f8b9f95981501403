/**
 * A transport sends one HTTP request to the target and records what happened. Implementations: real
 * HTTP (`fetch`), and in-process through msw straight into the embedded provider's handler (no socket).
 */
import type { HttpRequest, HttpResponse, TransportError } from '../model.js';

export interface SendOptions {
  timeoutMs: number;
}

export type TransportOutcome =
  | { ok: true; response: HttpResponse; durationMs: number }
  | { ok: false; error: TransportError; durationMs: number };

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
    else out[name] = value.replace(/^(\w+)\s+.*$/, '$1 [redacted]').replace(/^[^\s]+$/, '[redacted]');
  }
  return out;
}
