/**
 * Test support for the provider's HTTP-level suites: starts a reference provider on a free port and
 * speaks real HTTP to it with Node's global `fetch`, plus the assertions every suite repeats (SCIM error
 * bodies, "nothing changed in the store").
 */
import { expect } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import { createProvider, type Provider, type ProviderOptions, type RunningProvider } from './provider.js';

export const TEST_TOKEN = 'test-token-0123456789';

export interface ScimCallOptions {
  /** A value to send as JSON, or a string sent verbatim (for malformed bodies). */
  body?: unknown;
  /** Extra or overriding headers; `null` removes a default header (e.g. `Content-Type`). */
  headers?: Record<string, string | null>;
  /** The bearer token; defaults to the provider's current token; `null` sends no `Authorization`. */
  token?: string | null;
}

export interface ScimResult {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or `undefined` when there is none or it is not JSON. */
  body: any;
  text: string;
}

export type ScimClient = (method: string, path: string, options?: ScimCallOptions) => Promise<ScimResult>;

export interface TestProvider {
  provider: Provider;
  running: RunningProvider;
  /** e.g. `http://127.0.0.1:PORT/scim/v2` */
  baseUrl: string;
  origin: string;
  /** `path` is below the base URL (`/Users`), or an absolute `http://` URL. */
  scim: ScimClient;
  close(): Promise<void>;
}

/** Starts `createProvider(options).listen(0)`; the token is {@link TEST_TOKEN} unless given. */
export async function startProvider(options: ProviderOptions = {}): Promise<TestProvider> {
  const provider = createProvider({ token: TEST_TOKEN, ...options });
  const running = await provider.listen(0);
  const scim = client(running.baseUrl, () => provider.access.currentToken);
  return { provider, running, baseUrl: running.baseUrl, origin: running.origin, scim, close: () => running.close() };
}

export function client(baseUrl: string, currentToken: () => string): ScimClient {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { Accept: 'application/scim+json' };
    const token = options.token === undefined ? currentToken() : options.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] = 'application/scim+json';
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
      if (existing !== undefined) delete headers[existing];
      if (value !== null) headers[name] = value;
    }
    const url = /^https?:\/\//.test(path) ? path : `${baseUrl}${path}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}

/** Asserts the response is `application/scim+json`. */
export function expectScimJson(res: ScimResult): void {
  expect(res.headers.get('content-type') ?? '', res.text).toMatch(/^application\/scim\+json(\s*;|$)/);
}

/**
 * Asserts an RFC 7644 §3.12 error: the HTTP status, the Error schema, `status` as a string equal to it,
 * `scimType` (exactly this value, or absent when `null`) and a non-empty `detail`.
 */
export function expectScimError(res: ScimResult, status: number, scimType: string | null): void {
  expect(res.status, res.text).toBe(status);
  expectScimJson(res);
  expect(res.body, res.text).toBeDefined();
  expect(res.body.schemas).toEqual([MESSAGE.error]);
  expect(res.body.status).toBe(String(status));
  if (scimType === null) expect(res.body.scimType).toBeUndefined();
  else expect(res.body.scimType).toBe(scimType);
  expect(typeof res.body.detail).toBe('string');
  expect((res.body.detail as string).trim().length).toBeGreaterThan(0);
}

/** Everything in the store (data and versions), so a test can assert a failed write changed nothing. */
export function storeSnapshot(provider: Provider): string {
  const out: Record<string, unknown[]> = {};
  for (const type of provider.profile.resourceTypes) {
    const name = type.type.name;
    out[name] = [...provider.store.all(name)].map((r) => ({ id: r.id, version: r.version, data: r.data })).sort((a, b) => a.id.localeCompare(b.id));
  }
  return JSON.stringify(out);
}

/** A minimal valid User body. */
export function userBody(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [SCHEMA.user], userName, ...extra };
}

/** A minimal valid Group body. */
export function groupBody(displayName: string, memberIds: string[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [SCHEMA.group],
    displayName,
    ...(memberIds.length > 0 ? { members: memberIds.map((value) => ({ value })) } : {}),
    ...extra,
  };
}

export function patchBody(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [MESSAGE.patchOp], Operations: operations };
}

/** POSTs and asserts 201, returning the created resource. */
export async function create(scim: ScimClient, endpoint: '/Users' | '/Groups', body: unknown): Promise<any> {
  const res = await scim('POST', endpoint, { body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
