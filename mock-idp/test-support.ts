/**
 * For profile unit tests: an IdP context wired to a fresh embedded reference provider through msw (no
 * socket), recording every request exactly as the profile sent it (headers unredacted, for assertions).
 */
import { mountInProcess } from '../provider/msw-adapter.js';
import { createProvider, type Provider, type ProviderOptions } from '../provider/provider.js';
import { requestUrl, type Area, type Exchange, type OutgoingRequest } from '../vocabulary/exchange.js';
import { Directory, type DirectorySpec } from './directory.js';
import { newIdpState, type IdpContext, type IdpState } from './profile.js';

/** A provider with Docker's role-mapping extension: the `full` profile is a plain RFC server without it. */
export const DOCKER_HUB: ProviderOptions = { profile: 'docker-hub', verifiedDomains: [] };

export interface SentRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  label: string;
  area: Area;
  /** The declared behaviour the profile said the request enacts. */
  behaviour: string | undefined;
}

export interface IdpHarness {
  ctx: IdpContext;
  provider: Provider;
  directory: Directory;
  state: IdpState;
  /** Every request the profile sent, in order, as msw saw it on the wire (header names lower-case, Authorization included). */
  sent: SentRequest[];
  exchanges: Exchange[];
  /** Requests sent since the last call (then forgotten). */
  take(): SentRequest[];
  close(): void;
}

export function idpHarness(options: {
  settings?: Record<string, unknown>;
  directory?: Partial<DirectorySpec>;
  provider?: ProviderOptions;
  /** Answer some requests instead of the provider (fault injection), e.g. a 429 once. */
  intercept?: (request: Request) => Response | undefined | Promise<Response | undefined>;
}): IdpHarness {
  const provider = createProvider({ token: 'idp-test-token-0123', ...options.provider });
  const mount = mountInProcess(provider.handler, provider.basePath);
  const sent: SentRequest[] = [];
  let pending: { label: string; area: Area; behaviour: string | undefined } = { label: '', area: 'read', behaviour: undefined };
  // msw sees the request exactly as it went over the wire: every header the profile (and fetch) set.
  mount.setInterceptor(async (request) => {
    const text = await request.clone().text();
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => {
      headers[k] = v;
    });
    sent.push({ method: request.method, url: new URL(request.url), headers, body: text === '' ? undefined : safeJson(text), ...pending });
    return options.intercept?.(request);
  });
  const exchanges: Exchange[] = [];
  const directory = new Directory({ seed: 7, users: 3, ...options.directory });
  const state = newIdpState();
  let cursor = 0;
  const ctx: IdpContext = {
    directory,
    state,
    settings: options.settings ?? {},
    http: {
      send: (request: OutgoingRequest, area: Area, label: string, behaviour?: string) => {
        pending = { label, area, behaviour };
        return sendRecorded(mount.baseUrl, provider.access.currentToken, request, { label, area, behaviour }, exchanges);
      },
      sleep: async () => {},
    },
  };
  return {
    ctx,
    provider,
    directory,
    state,
    sent,
    exchanges,
    take: () => {
      const fresh = sent.slice(cursor);
      cursor = sent.length;
      return fresh;
    },
    close: () => mount.unmount(),
  };
}

/**
 * Sends as the harness session does (for IdP traffic the profile's exact headers plus Authorization, its
 * query encoding) and records the exchange; the tests read what msw saw, so nothing is redacted here.
 */
async function sendRecorded(baseUrl: string, token: string, request: OutgoingRequest, label: { label: string; area: Area; behaviour: string | undefined }, into: Exchange[]): Promise<Exchange> {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if ((request.auth ?? 'default') === 'default') headers.Authorization = `Bearer ${token}`;
  else if (request.auth !== 'none' && request.auth !== undefined) headers.Authorization = request.auth;
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  // A test's own seeding requests (not the profile's, which are exact) get the media type a SCIM client sends.
  if (!request.exactHeaders && body !== undefined) headers['Content-Type'] ??= 'application/scim+json';
  const url = requestUrl(baseUrl, request.path, request.query, request.spaceAs);
  const startedAt = new Date().toISOString();
  const response = await fetch(url, { method: request.method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    responseHeaders[k] = v;
  });
  const exchange: Exchange = {
    id: `idp-test#${into.length + 1}`,
    label: label.label,
    area: label.area,
    ...(label.behaviour === undefined ? {} : { behaviour: label.behaviour }),
    idp: 'test',
    request: { method: request.method, url, headers, ...(body === undefined ? {} : { body }) },
    response: { status: response.status, headers: responseHeaders, body: text },
    requestJson: body === undefined ? undefined : safeJson(body),
    responseJson: text === '' ? undefined : safeJson(text),
    transportError: undefined,
    startedAt,
    durationMs: Date.now() - Date.parse(startedAt),
  };
  into.push(exchange);
  return exchange;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
