/** The recording reverse proxy behind `scim-conformance record`: forward unchanged, answer unchanged, record the pair as redacted HAR. */
// It answers a down target with a SCIM 502 and survives malformed or abandoned requests: an IdP's sync must
// not stop because the recorder in its path did.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { harQueryString, mimeTypeOf, type HarEntry, type HarHeader } from '../har/har.js';
import { credentialOf, type Redactor } from '../har/redact.js';
import { recogniseIdp } from '../har/recognise.js';

/** RFC 9110 §7.6.1: meaningful for one connection only, never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Bodies past this are refused with 413: no SCIM request is near it, and buffering it must not exhaust memory. */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
/** Response bodies past this are still streamed to the client whole, but only this much is recorded. */
export const MAX_RECORDED_RESPONSE_BYTES = 16 * 1024 * 1024;
/** Longer than Okta's and Entra's 60 s, so the IdP gives up first, as it would without the recorder. */
const UPSTREAM_TIMEOUT_MS = 120_000;

export interface RecordedExchange {
  /** 1, 2, … in the order answers completed. */
  sequence: number;
  entry: HarEntry;
}

export interface ProxyOptions {
  /** The SCIM base URL requests are forwarded below (`https://example.com/scim/v2`). */
  target: string;
  port: number;
  host?: string;
  redactor: Redactor;
  /** Called with each exchange once its answer is complete (or failed), already redacted. */
  onExchange: (exchange: RecordedExchange) => void;
}

export interface RecordingProxy {
  /** `http://host:port/`: what the IdP (or its tunnel) is pointed at. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, lets exchanges in flight finish (up to `graceMs`), then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

function scimError(status: number, detail: string): string {
  return JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail });
}

/** Header names a `Connection` header lists are hop-by-hop for that message too (RFC 9110 §7.6.1). */
function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  const list = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/** Pairs of a rawHeaders list, minus hop-by-hop ones: case and order as they came. */
function forwardable(raw: readonly string[], headers: IncomingHttpHeaders): [string, string][] {
  const listed = connectionListed(headers);
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower)) continue;
    out.push([name, raw[i + 1]!]);
  }
  return out;
}

function decode(body: Buffer, encoding: string | undefined): string {
  try {
    switch (encoding?.trim().toLowerCase()) {
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(body).toString('utf8');
      case 'deflate':
        return inflateSync(body).toString('utf8');
      case 'br':
        return brotliDecompressSync(body).toString('utf8');
      default:
        return body.toString('utf8');
    }
  } catch {
    // A body that does not decompress is recorded as it came; the client got those bytes either way.
    return body.toString('utf8');
  }
}

/**
 * The path the target gets: the request's path below the proxy's root, appended to the target's path. A
 * request that already starts with the target's path (an IdP configured with the full base URL through a
 * tunnel) keeps it, instead of getting it twice. The query goes on byte for byte.
 */
export function targetPath(targetUrl: URL, rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = q < 0 ? '' : rawUrl.slice(q);
  const base = targetUrl.pathname.replace(/\/+$/, '');
  const below = path.startsWith('/') ? path : `/${path}`;
  if (base === '' || below === base || below.startsWith(`${base}/`)) return `${below}${query}`;
  return `${base}${below === '/' ? '' : below}${query}`;
}

export async function startRecordingProxy(options: ProxyOptions): Promise<RecordingProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`the target must be an http(s) URL, got '${options.target}'`);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const { redactor } = options;
  /** What each client token was recognised as: later requests of the same client without a clue inherit it. */
  const idpByToken = new Map<string, string>();
  let sequence = 0;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const record = (entry: HarEntry) => {
    sequence += 1;
    try {
      options.onExchange({ sequence, entry: redactor.entry(entry) });
    } catch {
      // A failing listener (a full disk) must not take the proxy down with it; the writer reports its own failure.
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const startedDateTime = new Date(started).toISOString();
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    inFlight += 1;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    };
    res.once('close', done);

    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => done());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const pathAndQuery = targetPath(target, rawUrl);
      const url = `${target.origin}${pathAndQuery}`;
      const headerPairs = forwardable(req.rawHeaders, req.headers).map(([n, v]): [string, string] => (n.toLowerCase() === 'host' ? [n, target.host] : [n, v]));
      // A chunked request lost its Transfer-Encoding above; the target gets the same bytes with their length.
      if (req.headers['transfer-encoding'] !== undefined && body.length > 0) headerPairs.push(['Content-Length', String(body.length)]);
      const recordedHeaders: HarHeader[] = headerPairs.map(([name, value]) => ({ name, value }));
      const authorization = req.headers.authorization;
      const token = authorization ? credentialOf(authorization) : undefined;
      if (token) redactor.addToken(token);
      const bodyText = body.length > 0 ? body.toString('utf8') : undefined;
      const recognised = recogniseIdp({ method, url, headers: recordedHeaders, body: bodyText });
      if (recognised && token) idpByToken.set(token, recognised);
      const idp = recognised ?? (token ? idpByToken.get(token) : undefined);
      const requestPart: HarEntry['request'] = {
        method,
        url,
        httpVersion: `HTTP/${req.httpVersion}`,
        cookies: [],
        headers: recordedHeaders,
        queryString: harQueryString(url),
        ...(bodyText !== undefined ? { postData: { mimeType: mimeTypeOf(recordedHeaders), text: bodyText } } : {}),
        headersSize: -1,
        bodySize: size,
      };
      const entryOf = (response: HarEntry['response'], timings: HarEntry['timings'], error?: string): HarEntry => ({
        startedDateTime,
        time: timings.send + timings.wait + timings.receive,
        request: requestPart,
        response,
        cache: {},
        timings,
        ...(idp ? { _idp: idp } : {}),
        ...(error ? { _error: error } : {}),
      });
      /** The proxy answers itself (502, 504, 413) and records that answer. */
      const answerOwn = (status: number, statusText: string, detail: string) => {
        const text = scimError(status, detail);
        if (!res.headersSent) {
          res.writeHead(status, statusText, { 'Content-Type': 'application/scim+json', 'Content-Length': Buffer.byteLength(text) });
          res.end(text);
        } else {
          res.destroy();
        }
        const elapsed = Date.now() - started;
        const response: HarEntry['response'] = {
          status,
          statusText,
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: [{ name: 'Content-Type', value: 'application/scim+json' }],
          content: { size: Buffer.byteLength(text), mimeType: 'application/scim+json', text },
          redirectURL: '',
          headersSize: -1,
          bodySize: Buffer.byteLength(text),
          comment: 'answered by the scim-conformance recorder, not the target',
        };
        record(entryOf(response, { send: 0, wait: elapsed, receive: 0 }, detail));
      };

      if (tooLarge) {
        answerOwn(413, 'Payload Too Large', `scim-conformance record: request body over ${MAX_REQUEST_BYTES} bytes, not forwarded`);
        return;
      }

      const outgoing: OutgoingHttpHeaders = {};
      for (const [name, value] of headerPairs) {
        const existing = outgoing[name];
        outgoing[name] = existing === undefined ? value : `${String(existing)}, ${value}`;
      }
      let sentAt = started;
      let settled = false;
      const upstream = send({ protocol: target.protocol, hostname: target.hostname, port: target.port || undefined, method, path: pathAndQuery, headers: outgoing, timeout: UPSTREAM_TIMEOUT_MS }, (answer) => {
        const firstByte = Date.now();
        const listed = connectionListed(answer.headers);
        const back: string[] = [];
        for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
          const name = answer.rawHeaders[i]!;
          if (HOP_BY_HOP.has(name.toLowerCase()) || listed.has(name.toLowerCase())) continue;
          back.push(name, answer.rawHeaders[i + 1]!);
        }
        const status = answer.statusCode ?? 502;
        const statusText = answer.statusMessage ?? '';
        try {
          res.writeHead(status, statusText, back);
        } catch {
          // The target sent a header node refuses to repeat (an invalid character): pass the rest on without it.
          res.writeHead(status, statusText);
        }
        const received: Buffer[] = [];
        let receivedBytes = 0;
        answer.on('data', (chunk: Buffer) => {
          receivedBytes += chunk.length;
          if (receivedBytes <= MAX_RECORDED_RESPONSE_BYTES) received.push(chunk);
          res.write(chunk);
        });
        const finish = (error?: string) => {
          if (settled) return;
          settled = true;
          if (error) res.destroy();
          else res.end();
          const end = Date.now();
          const responseHeaders: HarHeader[] = [];
          for (let i = 0; i + 1 < back.length; i += 2) responseHeaders.push({ name: back[i]!, value: back[i + 1]! });
          const encoding = answer.headers['content-encoding'];
          const text = decode(Buffer.concat(received), Array.isArray(encoding) ? encoding[0] : encoding);
          const truncated = receivedBytes > MAX_RECORDED_RESPONSE_BYTES;
          const response: HarEntry['response'] = {
            status,
            statusText,
            httpVersion: `HTTP/${answer.httpVersion}`,
            cookies: [],
            headers: responseHeaders,
            content: {
              size: Buffer.byteLength(text),
              mimeType: mimeTypeOf(responseHeaders, ''),
              text,
              ...(truncated ? { comment: `truncated: only the first ${MAX_RECORDED_RESPONSE_BYTES} of ${receivedBytes} bytes were recorded` } : {}),
            },
            // A redirect's target only: Location on a 201 names the created resource, not a redirection.
            redirectURL: status >= 300 && status < 400 ? headerValueOf(answer.headers.location) : '',
            headersSize: -1,
            bodySize: receivedBytes,
          };
          record(entryOf(response, { send: sentAt - started, wait: firstByte - sentAt, receive: end - firstByte }, error));
        };
        answer.on('end', () => finish());
        answer.on('error', (error) => finish(`the target's answer broke off: ${error.message}`));
        answer.on('aborted', () => finish("the target's answer broke off"));
      });
      upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${UPSTREAM_TIMEOUT_MS} ms`)));
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return;
        settled = true;
        const timedOut = /no answer within/.test(error.message);
        const reason = `${error.code ? `${error.code}: ` : ''}${error.message}`;
        if (timedOut) answerOwn(504, 'Gateway Timeout', `scim-conformance record: the target ${target.origin} did not answer: ${reason}`);
        else answerOwn(502, 'Bad Gateway', `scim-conformance record: the target ${target.origin} is unreachable: ${reason}`);
      });
      // The IdP hung up before the answer: stop waiting for it upstream too.
      res.once('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body, () => {
        sentAt = Date.now();
      });
    });
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      // Nothing a client sends may crash the recorder: answer and carry on.
      if (!res.headersSent) {
        const text = scimError(500, `scim-conformance record: ${error instanceof Error ? error.message : String(error)}`);
        res.writeHead(500, { 'Content-Type': 'application/scim+json' }).end(text);
      } else res.destroy();
    }
  });
  // Malformed HTTP never reaches the handler: answer 400 on the socket (node's default closes silently).
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    port: address.port,
    server,
    async close(graceMs = 5_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

function headerValueOf(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}
