/**
 * Test support for the admin console's suites (HTTP and browser): an admin API client over real HTTP with
 * a choice of credential, and a Server-Sent Events reader that waits for a matching event.
 */
import { expect } from 'vitest';

export type AdminCredentials =
  /** HTTP Basic `admin:<credential>`. */
  | { basic: string; user?: string }
  /** A raw `Authorization` header value (e.g. a SCIM `Bearer` token, to show it is refused). */
  | { authorization: string }
  /** A session cookie (`name=value`). */
  | { cookie: string }
  | null;

export interface AdminCallOptions {
  body?: unknown;
  /** Sends `X-Scim-Admin: 1` (default true for POST). */
  csrf?: boolean;
  headers?: Record<string, string>;
}

export interface AdminResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export type AdminClient = (method: string, path: string, options?: AdminCallOptions) => Promise<AdminResult>;

export function basicHeader(credential: string, user = 'admin'): string {
  return `Basic ${Buffer.from(`${user}:${credential}`).toString('base64')}`;
}

/** A client for `${origin}/admin/api/${path}` (or `/admin` itself when path is ''). */
export function adminClient(origin: string, credentials: AdminCredentials): AdminClient {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (credentials && 'basic' in credentials) headers.Authorization = basicHeader(credentials.basic, credentials.user);
    if (credentials && 'authorization' in credentials) headers.Authorization = credentials.authorization;
    if (credentials && 'cookie' in credentials) headers.Cookie = credentials.cookie;
    if (options.csrf ?? method === 'POST') headers['X-Scim-Admin'] = '1';
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    Object.assign(headers, options.headers);
    const url = path === '' ? `${origin}/admin` : `${origin}/admin/api/${path}`;
    const response = await fetch(url, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
}

/** Asserts a JSON admin error: the status, `application/json`, `{ error: code, message }`. */
export function expectAdminError(res: AdminResult, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  expect(res.body, res.text).toMatchObject({ error: code });
  expect(typeof res.body.message).toBe('string');
  expect((res.body.message as string).length).toBeGreaterThan(0);
}

export interface SseEvent {
  event: string;
  data: any;
}

export interface EventStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Resolves with the first event (already received or still to come) that matches; rejects after `timeoutMs`. */
  next(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** Opens `GET /admin/api/events` and parses the stream as it arrives. */
export async function openEvents(origin: string, headers: Record<string, string>): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(`${origin}/admin/api/events`, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (data.length === 0) continue;
            events.push({ event, data: JSON.parse(data.join('\n')) });
            for (const wake of waiters) wake();
          }
        }
      } catch {
        // aborted
      }
    })();
  } else {
    await response.text().catch(() => undefined);
  }
  return {
    status: response.status,
    headers: response.headers,
    events,
    next: (predicate, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching event within ${timeoutMs} ms; got: ${events.map((e) => e.event).join(', ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () => controller.abort(),
  };
}
