/**
 * Sends requests with Node's `fetch` (undici). With msw listening, the same code reaches the embedded
 * provider in-process; without it, a real socket. Timeouts and network failures become values.
 */
import type { HttpRequest, HttpResponse } from '../model.js';
import { MAX_RESPONSE_BYTES, type SendOptions, type Transport, type TransportOutcome } from './transport.js';

/** Where the per-request deadline timer comes from: the global timers, or a test's counting stand-in. */
export interface DeadlineTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const globalTimers: DeadlineTimers = {
  set: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // As AbortSignal.timeout did: a pending deadline alone does not keep the process running.
    timer.unref();
    return timer;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class FetchTransport implements Transport {
  readonly name: string;
  private readonly timers: DeadlineTimers;

  constructor(name = 'http', timers: DeadlineTimers = globalTimers) {
    this.name = name;
    this.timers = timers;
  }

  async send(request: HttpRequest, options: SendOptions): Promise<TransportOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    // Not AbortSignal.timeout: its timer cannot be cancelled, and for its full duration it holds the signal and,
    // through it, the whole fetch (streams, buffers, msw's request graph) long after the response was read.
    const controller = new AbortController();
    const timer = this.timers.set(() => controller.abort(new DOMException(`No response within ${options.timeoutMs} ms.`, 'TimeoutError')), options.timeoutMs);
    try {
      const res = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: controller.signal,
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
    } finally {
      // The body is read (or the exchange failed): nothing may keep this request alive any longer.
      this.timers.clear(timer);
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
