/**
 * For profile unit tests: an IdP context wired to a fresh embedded reference provider through msw (no
 * socket), recording every request exactly as the profile sent it (headers unredacted, for assertions).
 */
import type { Area, Exchange } from '../harness/model.js';
import { Session, type OutgoingRequest } from '../harness/runner/session.js';
import { FetchTransport } from '../harness/transport/fetch-transport.js';
import { mountInProcess } from '../harness/transport/in-process.js';
import type { Transport } from '../harness/transport/transport.js';
import { createProvider, type Provider, type ProviderOptions } from '../provider/provider.js';
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
  const provider = createProvider({ token: 'idp-test-token', ...options.provider });
  const mount = mountInProcess(provider.handler, provider.basePath);
  const sent: SentRequest[] = [];
  let pending: { label: string; area: Area } = { label: '', area: 'read' };
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
  const transport: Transport = new FetchTransport('in-process');
  const session = new Session(mount.baseUrl, provider.access.currentToken, transport, 5000, 'idp-test');
  const directory = new Directory({ seed: 7, users: 3, ...options.directory });
  const state = newIdpState();
  let cursor = 0;
  const ctx: IdpContext = {
    directory,
    state,
    settings: options.settings ?? {},
    http: {
      send: (request: OutgoingRequest, area: Area, label: string) => {
        pending = { label, area };
        return session.send(request, { label, area, idp: 'test' });
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
    exchanges: session.exchanges,
    take: () => {
      const fresh = sent.slice(cursor);
      cursor = sent.length;
      return fresh;
    },
    close: () => mount.unmount(),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
