/**
 * The in-process transport: a request to an embedded provider's reserved origin is answered by calling its
 * handler directly (provider/msw-adapter.ts `dispatchInProcess`), as text in and text out like a socket, with
 * no fetch, stream or msw machinery per request. The session's ledger refuses any other origin before a
 * transport is reached, so nothing else needs sending: a provider unmounted mid-request is a network error.
 */
import { dispatchInProcess } from '../../provider/msw-adapter.js';
import type { HttpRequest, HttpResponse } from '../model.js';
import { MAX_RESPONSE_BYTES, type SendOptions, type Transport, type TransportOutcome } from './transport.js';

/** How often a run of in-process requests lets the event loop turn. */
const YIELD_EVERY_MS = 1;
/** When one last did, for every in-process transport alike: they share the one event loop. */
let lastYield = 0;

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
    // The handler is synchronous: yield as a socket would, so a long sync does not starve timers, I/O and the
    // judge's answers — once a millisecond, not after every request (a turn of the event loop each time was
    // 5 % of a 10,000-user sync).
    const now = performance.now();
    if (now - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    return { ok: true, response, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  }
}
