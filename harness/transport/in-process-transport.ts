/**
 * The in-process transport: a request to an embedded provider's reserved origin is answered by calling its
 * handler directly (provider/msw-adapter.ts `dispatchInProcess`), as text in and text out like a socket, with
 * no fetch, stream or msw machinery per request. The session's ledger refuses any other origin before a
 * transport is reached, so nothing else needs sending: a provider unmounted mid-request is a network error.
 */
import { dispatchInProcess } from '../../provider/msw-adapter.js';
import type { HttpRequest, HttpResponse } from '../model.js';
import { MAX_RESPONSE_BYTES, type SendOptions, type Transport, type TransportOutcome } from './transport.js';

export class InProcessTransport implements Transport {
  readonly name = 'in-process';

  async send(request: HttpRequest, options: SendOptions): Promise<TransportOutcome> {
    const started = performance.now();
    const answered = dispatchInProcess(request);
    if (!answered) {
      const origin = URL.canParse(request.url) ? new URL(request.url).origin : request.url;
      return { ok: false, error: { kind: 'network', message: `No embedded provider is mounted at ${origin}.` }, durationMs: 0 };
    }
    const limit = options.maxBodyBytes ?? MAX_RESPONSE_BYTES;
    const response: HttpResponse = { status: answered.status, headers: answered.headers, body: answered.body ?? '' };
    const bytes = answered.body === undefined ? 0 : Buffer.byteLength(answered.body);
    if (bytes > limit) {
      response.body = Buffer.from(answered.body!).subarray(0, limit).toString('utf8');
      response.truncatedAt = limit;
    }
    // The handler is synchronous: yield once, as a socket would, so a long sync does not starve timers and I/O.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return { ok: true, response, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  }
}
