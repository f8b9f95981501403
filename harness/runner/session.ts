/**
 * A scenario's connection to its target: sends requests through the transport with the target's
 * bearer token, records every exchange (credentials redacted) and keeps the scenario's ledger (what it
 * created), which also decides what the harness refuses to send.
 */
import { parseJsonText } from '../checks/exchange-view.js';
import type { Area, Exchange, HttpRequest } from '../model.js';
import { requestUrl, type OutgoingRequest } from '../../vocabulary/exchange.js';

export type { OutgoingRequest } from '../../vocabulary/exchange.js';
import { redactHeaders, type Transport, type TransportOutcome } from '../transport/transport.js';
import { ExchangeLog, type ExchangeLogOptions } from './exchange-log.js';
import { noteExchange } from './heap-governor.js';
import { Ledger } from './ledger.js';

/**
 * The time now as an ISO 8601 string, its date and time formatted once a second: `toISOString` on every
 * exchange was a percent of a 10,000-user sync.
 */
function isoNow(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== clock.second) {
    clock.second = second;
    clock.prefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  return `${clock.prefix}${String(now % 1000).padStart(3, '0')}Z`;
}
const clock = { second: -1, prefix: '' };

/** The User-Agent of requests the harness sends itself (IdP traffic carries the IdP's). */
export const HARNESS_USER_AGENT = 'scim-conformance';


export interface ExchangeLabel {
  label: string;
  area: Area;
  idp: string | undefined;
  /** The IdP behaviour the request enacts (declared in its profile). */
  behaviour?: string | undefined;
  /**
   * A read the harness makes in a shape no IdP sends (many users at once): recorded, but not judged by the
   * spec checks, since what a target does with it says nothing about whether an IdP will work.
   */
  probe?: true;
}

export class Session {
  /** What the scenario keeps of its exchanges (harness/runner/exchange-log.ts): all of few, evidence of many. */
  readonly log: ExchangeLog;
  readonly ledger: Ledger;
  private sequence = 0;
  private readonly observers = new Set<(exchange: Exchange, label: ExchangeLabel) => void | Promise<void>>();
  /** Set when the scenario timed out or the run was interrupted: only clean-up goes out from then on. */
  private stopped: string | undefined;

  constructor(
    readonly baseUrl: string,
    private token: string,
    private readonly transport: Transport,
    private readonly requestTimeoutMs: number,
    private readonly exchangePrefix: string,
    /** The run's marker (`sc-<run id>-`): ids carrying it are the run's own made-up ones. */
    marker?: string,
    logOptions?: ExchangeLogOptions,
  ) {
    this.ledger = new Ledger(baseUrl, marker);
    this.log = new ExchangeLog(logOptions);
  }

  /** The exchanges kept so far, in the order sent. */
  get exchanges(): Exchange[] {
    return this.log.exchanges();
  }

  /**
   * Calls `observer` with every exchange recorded from now on (checks run as traffic flows); returns the way to
   * stop. An observer's promise holds the next request back until it settles (a judge that has fallen behind).
   */
  observe(observer: (exchange: Exchange, label: ExchangeLabel) => void | Promise<void>): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** No request but clean-up is sent after this; those already in flight finish. */
  stop(reason: string): void {
    this.stopped ??= reason;
  }

  /** The token changes when a scenario regenerates it on the embedded provider. */
  setToken(token: string): void {
    this.token = token;
  }

  get currentToken(): string {
    return this.token;
  }

  urlFor(path: string, query?: OutgoingRequest['query'], spaceAs: OutgoingRequest['spaceAs'] = '%20'): string {
    return requestUrl(this.baseUrl, path, query, spaceAs);
  }


  async send(request: OutgoingRequest, label: ExchangeLabel): Promise<Exchange> {
    const headers: Record<string, string> = { ...request.headers };
    // Header names as given, lower-cased once for the checks below.
    const given = Object.keys(headers).map((h) => h.toLowerCase());
    const auth = request.auth ?? 'default';
    if (auth === 'default' && !given.includes('authorization')) headers.Authorization = `Bearer ${this.token}`;
    else if (auth !== 'default' && auth !== 'none') headers.Authorization = auth;
    let body: string | undefined;
    if (request.rawBody !== undefined) body = request.rawBody;
    else if (request.body !== undefined) body = JSON.stringify(request.body);
    if (!request.exactHeaders) {
      if (body !== undefined && !given.includes('content-type')) headers['Content-Type'] = 'application/scim+json';
      if (!given.includes('accept')) headers.Accept = 'application/scim+json';
      // The harness's own requests (raw steps, read-backs) say who sent them, apart from the IdP's in a target's logs.
      if (!given.includes('user-agent')) headers['User-Agent'] = HARNESS_USER_AGENT;
    }
    const http: HttpRequest = { method: request.method.toUpperCase(), url: this.urlFor(request.path, request.query, request.spaceAs), headers };
    if (body !== undefined) http.body = body;
    const startedAt = isoNow();
    const refusal = this.stopped !== undefined && !request.cleanup ? `not sent: ${this.stopped}` : this.ledger.refusal(http);
    const outcome: TransportOutcome = refusal
      ? { ok: false, error: { kind: 'blocked', message: `Blocked by the harness: ${refusal}.` }, durationMs: 0 }
      : await this.transport.send(http, { timeoutMs: this.requestTimeoutMs });
    this.sequence += 1;
    const recordedRequest: HttpRequest = { method: http.method, url: http.url, headers: redactHeaders(http.headers) };
    if (body !== undefined) recordedRequest.body = body;
    const exchange = recorded(`${this.exchangePrefix}#${this.sequence}`, label, recordedRequest, outcome, parseJsonText(body), startedAt);
    this.log.add(exchange);
    this.ledger.learn(exchange);
    noteExchange();
    for (const observer of this.observers) {
      const behind = observer(exchange, label);
      if (behind) await behind;
    }
    return exchange;
  }
}

/**
 * The exchange as recorded, in the key order reports show (`behaviour` and `retried` only when set). Built as one
 * literal per shape rather than with conditional spreads, which cost a tenth of the session's time per request.
 */
function recorded(id: string, label: ExchangeLabel, request: HttpRequest, outcome: TransportOutcome, requestJson: unknown, startedAt: string): Exchange {
  const response = outcome.ok ? outcome.response : undefined;
  const responseJson = response ? parseJsonText(response.body) : undefined;
  const transportError = outcome.ok ? undefined : outcome.error;
  const exchange: Exchange =
    label.behaviour === undefined
      ? { id, label: label.label, area: label.area, idp: label.idp, request, response, requestJson, responseJson, transportError, startedAt, durationMs: outcome.durationMs }
      : { id, label: label.label, behaviour: label.behaviour, area: label.area, idp: label.idp, request, response, requestJson, responseJson, transportError, startedAt, durationMs: outcome.durationMs };
  if (!outcome.retried) return exchange;
  // Rare (a stale keep-alive socket): key order as before, `retried` ahead of the timing.
  const { startedAt: at, durationMs, ...rest } = exchange;
  return { ...rest, retried: outcome.retried, startedAt: at, durationMs };
}
