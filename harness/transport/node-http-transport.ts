/**
 * Sends requests over a real socket with node:http / node:https, so a target sees exactly the headers the IdP
 * profile set (plus Host, Content-Length and Connection, which every HTTP client sends): Node's `fetch` would add
 * `user-agent: node`, `accept-language: *` and `sec-fetch-mode: cors`, which no IdP sends.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { HttpRequest, HttpResponse } from '../model.js';
import { MAX_RESPONSE_BYTES, type SendOptions, type Transport, type TransportOutcome } from './transport.js';

type Failure = { kind: 'timeout' | 'network' | 'refused'; message: string };

// IdPs keep connections open between requests; so does the harness (idle sockets close after a second).
const agents = { http: new HttpAgent({ keepAlive: true, timeout: 1000 }), https: new HttpsAgent({ keepAlive: true, timeout: 1000 }) };

export class NodeHttpTransport implements Transport {
  readonly name = 'http';

  send(request: HttpRequest, options: SendOptions): Promise<TransportOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const limit = options.maxBodyBytes ?? MAX_RESPONSE_BYTES;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: { response: HttpResponse } | { error: Failure }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve('response' in outcome ? { ok: true, response: outcome.response, durationMs: elapsed() } : { ok: false, error: outcome.error, durationMs: elapsed() });
      };
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        finish({ error: { kind: 'network', message: `Not a URL: ${request.url}` } });
        return;
      }
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      const headers: Record<string, string> = { ...request.headers };
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['Content-Length'] = String(body.length);
      const agent = url.protocol === 'https:' ? agents.https : agents.http;
      const req = send(url, { method: request.method, headers, agent }, (res) => {
        readBody(res, limit)
          .then(({ text, truncatedAt }) => finish({ response: { status: res.statusCode ?? 0, headers: flatHeaders(res), body: text, ...(truncatedAt === undefined ? {} : { truncatedAt }) } }))
          .catch((error: unknown) => finish({ error: describe(error) }));
      });
      // The whole exchange, not each socket read, is bounded: a target trickling bytes must not stall the run.
      const timer = setTimeout(() => {
        finish({ error: { kind: 'timeout', message: `No response within ${options.timeoutMs} ms.` } });
        req.destroy();
      }, options.timeoutMs);
      req.on('error', (error) => finish({ error: describe(error) }));
      req.end(body);
    });
  }
}

/** The body as text, at most `limit` bytes: past it the socket is closed so nothing more is read. */
function readBody(res: IncomingMessage, limit: number): Promise<{ text: string; truncatedAt?: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size + chunk.length > limit) {
        chunks.push(chunk.subarray(0, limit - size));
        res.destroy();
        resolve({ text: Buffer.concat(chunks).toString('utf8'), truncatedAt: limit });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', reject);
  });
}

/** Header names lower-cased, repeated headers joined as fetch joins them (`set-cookie` aside, which nothing reads). */
function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function describe(error: unknown): Failure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `Connection refused: ${message}` };
  return { kind: 'network', message: `${code && !message.includes(code) ? `${code}: ` : ''}${message}` };
}
