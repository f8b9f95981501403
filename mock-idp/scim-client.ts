/**
 * The SCIM calls every IdP profile makes, with that IdP's headers and retry behaviour: a request that
 * honours `429`/`503` + `Retry-After` as the IdP does (and never retries what the IdP never retries),
 * and the `filter=userName eq "..."` lookup all three IdPs make before creating a user.
 */
import type { Area, Exchange } from '../vocabulary/exchange.js';
import type { OutgoingRequest } from '../vocabulary/exchange.js';
import type { IdpSender } from './profile.js';

export interface RetryPolicy {
  /** Statuses the IdP retries (after `Retry-After`, or `defaultWaitMs`). */
  retryOn: number[];
  maxAttempts: number;
  defaultWaitMs: number;
}

export type ScimResource = Record<string, unknown>;

export interface IdpClientOptions {
  /** Headers the IdP sends on every request (Authorization is added by the session). */
  headers: Record<string, string>;
  /** Extra headers on requests with a body (e.g. Okta's `Content-Type` with charset). */
  bodyHeaders: Record<string, string>;
  retry: RetryPolicy;
  /** How the IdP writes a space in a query string (default `%20`; Entra: `+`). */
  spaceAs?: '%20' | '+';
}

export class IdpScimClient {
  constructor(
    private readonly http: IdpSender,
    private readonly options: IdpClientOptions,
  ) {}

  /** Sends with the IdP's headers; retries as the IdP would. Returns the last exchange. */
  async send(request: OutgoingRequest, area: Area, label: string, behaviour?: string): Promise<Exchange> {
    const withBody = request.body !== undefined || request.rawBody !== undefined;
    const headers = { ...this.options.headers, ...(withBody ? this.options.bodyHeaders : undefined), ...request.headers };
    const sent: OutgoingRequest = { ...request, headers, exactHeaders: true };
    if (this.options.spaceAs) sent.spaceAs = this.options.spaceAs;
    let attempt = 1;
    for (;;) {
      const exchange = await this.http.send(sent, area, attempt === 1 ? label : `${label} (retry ${attempt - 1})`, behaviour);
      const status = exchange.response?.status;
      if (status === undefined || !this.options.retry.retryOn.includes(status) || attempt >= this.options.retry.maxAttempts) return exchange;
      await this.http.sleep(retryAfterMs(exchange.response?.headers['retry-after'], this.options.retry.defaultWaitMs));
      attempt += 1;
    }
  }

  /** `GET /Users?filter=<attr> eq "<value>"` plus the IdP's paging parameters; the resources found. */
  async findUsers(
    filter: string,
    query: Record<string, string | number>,
    label: string,
    behaviour?: string,
  ): Promise<{ exchange: Exchange; resources: ScimResource[] | undefined }> {
    const exchange = await this.send({ method: 'GET', path: '/Users', query: { filter, ...query } }, 'filter', label, behaviour);
    if (exchange.response?.status !== 200) return { exchange, resources: undefined };
    const body = exchange.responseJson as { Resources?: unknown } | undefined;
    const list = Array.isArray(body?.Resources) ? (body.Resources as ScimResource[]) : [];
    return { exchange, resources: list };
  }
}

/** `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | undefined, fallbackMs: number): number {
  if (header === undefined) return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - Date.now());
}

/** SCIM filter string literal: RFC 7644 uses JSON string escaping. */
export function filterString(value: string): string {
  return JSON.stringify(value);
}

export function statusOf(exchange: Exchange): string {
  return exchange.response ? `HTTP ${exchange.response.status}` : `no response (${exchange.transportError?.message ?? 'transport failure'})`;
}

export function scimId(exchange: Exchange): string | undefined {
  const body = exchange.responseJson as { id?: unknown } | undefined;
  return typeof body?.id === 'string' ? body.id : undefined;
}
