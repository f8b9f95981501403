/**
 * Sends requests with Node's `fetch` (undici). With msw listening, the same code reaches the embedded
 * provider in-process; without it, a real socket. Timeouts and network failures become values.
 */
import type { HttpRequest, HttpResponse } from '../model.js';
import type { SendOptions, Transport, TransportOutcome } from './transport.js';

export class FetchTransport implements Transport {
  readonly name: string;

  constructor(name = 'http') {
    this.name = name;
  }

  async send(request: HttpRequest, options: SendOptions): Promise<TransportOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const res = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const body = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const response: HttpResponse = { status: res.status, headers, body };
      return { ok: true, response, durationMs: elapsed() };
    } catch (error) {
      return { ok: false, error: describeFailure(error, options.timeoutMs), durationMs: elapsed() };
    }
  }
}

function describeFailure(error: unknown, timeoutMs: number): { kind: 'timeout' | 'network' | 'refused'; message: string } {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', message: `No response within ${timeoutMs} ms.` };
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  const detail = cause?.message ?? (error instanceof Error ? error.message : String(error));
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `Connection refused: ${detail}` };
  return { kind: 'network', message: `${code ? `${code}: ` : ''}${detail}` };
}
