/**
 * Sends requests with Node's `fetch` (undici). With msw listening, the same code reaches the embedded
 * provider in-process; without it, a real socket. Timeouts and network failures become values.
 */
import type { HttpRequest, HttpResponse } from '../model.js';
import { MAX_RESPONSE_BYTES, type SendOptions, type Transport, type TransportOutcome } from './transport.js';

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
      const { text: body, truncatedAt } = await readBounded(res, options.maxBodyBytes ?? MAX_RESPONSE_BYTES);
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const response: HttpResponse = { status: res.status, headers, body, ...(truncatedAt === undefined ? {} : { truncatedAt }) };
      return { ok: true, response, durationMs: elapsed() };
    } catch (error) {
      return { ok: false, error: describeFailure(error, options.timeoutMs), durationMs: elapsed() };
    }
  }
}

/** The body as text, reading at most `limit` bytes; the stream is cancelled past it so nothing more arrives. */
async function readBounded(res: Response, limit: number): Promise<{ text: string; truncatedAt?: number }> {
  if (res.body === null) return { text: '' };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - size));
      await reader.cancel();
      return { text: decode(chunks), truncatedAt: limit };
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: decode(chunks) };
}

function decode(chunks: Uint8Array[]): string {
  return new TextDecoder().decode(Buffer.concat(chunks));
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
