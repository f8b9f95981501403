/**
 * Sends requests over a real socket with node:http / node:https, so a target sees exactly the headers the IdP
 * profile set (plus Host, Content-Length and Connection, which every HTTP client sends): Node's `fetch` would add
 * `user-agent: node`, `accept-language: *` and `sec-fetch-mode: cors`, which no IdP sends. Connections are kept
 * alive as IdPs keep them, and one the target closed while idle is neither reused late nor fatal to an
 * idempotent request (see `send`).
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../model.js';
import { MAX_RESPONSE_BYTES, type SendOptions, type Transport, type TransportOutcome } from './transport.js';

type Failure = { kind: 'timeout' | 'network' | 'refused'; message: string };

/** How long the harness keeps an idle connection for reuse when the target announces nothing shorter. */
const DEFAULT_IDLE_MS = 1000;

/**
 * Subtracted from a target's `Keep-Alive: timeout=N`: its clock starts when it wrote the response, ours when we
 * read it, and a request must reach it before it closes. Node's own agent uses the same second.
 */
const KEEP_ALIVE_MARGIN_MS = 1000;

/** RFC 9110 §9.2.2: PUT, DELETE and the safe methods (§9.2.1) are idempotent; POST and PATCH are not. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** What a failure on a stale keep-alive socket looks like from node:http (and from undici, in its words). */
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const STALE_MESSAGES = ['socket hang up', 'other side closed'];

/** When a pooled socket went idle and how long it may stay so; kept beside the socket, not on it. */
const idleSince = new WeakMap<Duplex, { since: number; allowMs: number }>();
/** A target's announced keep-alive timeout in ms, noted when its response arrives, read when the socket is pooled. */
const announcedTimeout = new WeakMap<Duplex, number>();

/** How long a socket may sit idle: the harness's own limit, or shorter when the target announced less. */
function allowedIdleMs(socket: Duplex, idleMs: number): number {
  const announced = announcedTimeout.get(socket);
  return announced === undefined ? idleMs : Math.min(idleMs, announced - KEEP_ALIVE_MARGIN_MS);
}

/** `timeout=N` (seconds) of a `Keep-Alive` header (RFC 2068 §19.7.1.1, still what servers send), in ms. */
function keepAliveTimeoutMs(header: string | undefined): number | undefined {
  const seconds = header === undefined ? undefined : /(?:^|[\s,;])timeout\s*=\s*(\d+)/i.exec(header)?.[1];
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}

/**
 * Called by the agent when a socket goes back to the pool. Node's agent already shortens the socket's idle
 * timer to the target's hint; this also notes when it went idle so {@link discardStale} can judge by the clock.
 */
function pool(socket: Duplex, keptByNode: boolean, idleMs: number): boolean {
  const allowMs = allowedIdleMs(socket, idleMs);
  if (!keptByNode || allowMs <= 0) return false;
  idleSince.set(socket, { since: performance.now(), allowMs });
  return true;
}

class PoolingHttpAgent extends HttpAgent {
  constructor(private readonly idleMs: number) {
    super({ keepAlive: true, timeout: idleMs });
  }

  // @types/node declares `void`, but Node reads the result: false makes the agent close the socket instead.
  override keepSocketAlive(socket: Duplex): boolean {
    return pool(socket, (super.keepSocketAlive(socket) as unknown) !== false, this.idleMs);
  }
}

class PoolingHttpsAgent extends HttpsAgent {
  constructor(private readonly idleMs: number) {
    super({ keepAlive: true, timeout: idleMs });
  }

  // As above: the base method returns whether the socket may be kept, despite its declared type.
  override keepSocketAlive(socket: Duplex): boolean {
    return pool(socket, (super.keepSocketAlive(socket) as unknown) !== false, this.idleMs);
  }
}

/**
 * Closes pooled sockets that have been idle longer than allowed. Their idle timers would have done it, had the
 * event loop been free to run them; a request taking one now would likely meet a connection the target closed.
 */
function discardStale(agent: HttpAgent): void {
  const now = performance.now();
  for (const sockets of Object.values(agent.freeSockets)) {
    // A copy: removing a socket edits the agent's list.
    for (const socket of [...(sockets ?? [])]) {
      const idle = idleSince.get(socket);
      if (idle === undefined || now - idle.since <= idle.allowMs) continue;
      // Destroyed first, so the agent's removeSocket also drops it from the free list; 'agentRemove' is Node's
      // documented way to take a socket out of an agent's pool at once (its 'close' would come a tick too late).
      socket.destroy();
      socket.emit('agentRemove');
    }
  }
}

/** One attempt's result; `stale` is set when it failed on a reused connection before any response byte. */
type Attempt = { response: HttpResponse } | { error: Failure; stale?: { cause: string; idleMs: number | undefined } };

export interface NodeHttpTransportOptions {
  /** How long an idle connection is kept for reuse, in ms (default 1000); a target's shorter `Keep-Alive` wins. */
  idleMs?: number;
}

export class NodeHttpTransport implements Transport {
  readonly name = 'http';
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(options: NodeHttpTransportOptions = {}) {
    const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.agents = { http: new PoolingHttpAgent(idleMs), https: new PoolingHttpsAgent(idleMs) };
  }

  /**
   * A pooled connection goes stale when the target closes it after its own idle timeout and the harness, its
   * event loop busy checking thousands of exchanges, has not noticed before reusing it. So a socket idle longer
   * than allowed is discarded by the clock first (its timer could not fire while the loop was blocked), and an
   * idempotent request (RFC 9110 §9.2.2) that still fails on a reused socket before any response byte arrived is
   * sent once more on a fresh connection; a POST or PATCH is not, and its error says why.
   */
  async send(request: HttpRequest, options: SendOptions): Promise<TransportOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { ok: false, error: { kind: 'network', message: `Not a URL: ${request.url}` }, durationMs: elapsed() };
    }
    const agent = url.protocol === 'https:' ? this.agents.https : this.agents.http;
    // One deadline for the exchange, retry included: the timeout bounds what the run waits, not each attempt.
    const deadline = started + options.timeoutMs;
    discardStale(agent);
    const first = await attempt(url, request, options, deadline, agent);
    if (!('error' in first) || first.stale === undefined) return outcome(first, elapsed());
    const { cause, idleMs } = first.stale;
    const idle = idleMs === undefined ? '' : ` after ${Math.round(idleMs)} ms idle`;
    const method = request.method.toUpperCase();
    if (!IDEMPOTENT.has(method)) {
      const message =
        `The target closed an idle keep-alive connection as the request was sent (reused${idle}; ${cause}); ` +
        `${method} is not retried because it is not idempotent (RFC 9110 §9.2.2) — the target may or may not have acted on it.`;
      return { ok: false, error: { kind: 'network', message }, durationMs: elapsed() };
    }
    // `agent: false`: a connection of its own, closed after the response, so no other stale pooled socket is taken.
    const second = await attempt(url, request, options, deadline, false);
    return { ...outcome(second, elapsed()), retried: { reason: `the target had closed the keep-alive connection (reused${idle}): ${cause}` } };
  }

  /** Closes pooled connections (tests, and a harness that is done with its targets). */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function outcome(result: Attempt, durationMs: number): TransportOutcome {
  return 'response' in result ? { ok: true, response: result.response, durationMs } : { ok: false, error: result.error, durationMs };
}

function attempt(url: URL, request: HttpRequest, options: SendOptions, deadline: number, agent: HttpAgent | false): Promise<Attempt> {
  const limit = options.maxBodyBytes ?? MAX_RESPONSE_BYTES;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['Content-Length'] = String(body.length);
    let responded = false;
    const req = send(url, { method: request.method, headers, agent }, (res) => {
      responded = true;
      const announced = keepAliveTimeoutMs(headerText(res.headers['keep-alive']));
      if (announced !== undefined) announcedTimeout.set(res.socket, announced);
      readBody(res, limit)
        .then(({ text, truncatedAt }) => finish({ response: { status: res.statusCode ?? 0, headers: flatHeaders(res), body: text, ...(truncatedAt === undefined ? {} : { truncatedAt }) } }))
        .catch((error: unknown) => finish({ error: describe(error) }));
    });
    const reuse = watchReuse(req);
    // The whole exchange, not each socket read, is bounded: a target trickling bytes must not stall the run.
    const timer = setTimeout(
      () => {
        finish({ error: { kind: 'timeout', message: `No response within ${options.timeoutMs} ms.` } });
        req.destroy();
      },
      Math.max(0, deadline - performance.now()),
    );
    req.on('error', (error) => {
      const stale = !responded && reuse.untouched() ? staleCause(error) : undefined;
      finish(stale === undefined ? { error: describe(error) } : { error: describe(error), stale: { cause: stale, idleMs: reuse.idleMs } });
    });
    req.end(body);
  });
}

/**
 * Whether the request went out on a pooled socket that has not delivered a byte since: only then can a failure
 * be the target's close of an idle connection rather than a failure of this request.
 */
function watchReuse(req: ClientRequest): { untouched(): boolean; idleMs: number | undefined } {
  let socket: Socket | undefined;
  let bytesAtStart = 0;
  const watch = { untouched: () => req.reusedSocket && socket !== undefined && socket.bytesRead === bytesAtStart, idleMs: undefined as number | undefined };
  req.once('socket', (s: Socket) => {
    socket = s;
    bytesAtStart = s.bytesRead;
    const idle = idleSince.get(s);
    if (req.reusedSocket && idle !== undefined) watch.idleMs = performance.now() - idle.since;
  });
  return watch;
}

/** The failure in words when it is what a closed keep-alive connection produces, else undefined. */
function staleCause(error: Error): string | undefined {
  const code = 'code' in error ? String(error.code) : '';
  if (!STALE_CODES.has(code) && !STALE_MESSAGES.some((m) => error.message.includes(m))) return undefined;
  return describe(error).message;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
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
