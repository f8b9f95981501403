/** The request log: what a row may show of the query, and the unauthenticated rows kept apart from the real ones. */
import { describe, expect, it } from 'vitest';
import { mountInProcess } from '../msw-adapter.js';
import { createProvider } from '../provider.js';
import { redactQuery, RequestLog, type ScimExchange } from './request-log.js';

const TOKEN = 'log-test-token-0123';

describe('recent requests', () => {
  it('records in-process (msw) traffic too, with the SCIM query as sent', async () => {
    const provider = createProvider({ token: TOKEN });
    const mount = mountInProcess(provider.handler, provider.basePath);
    try {
      const res = await fetch(`${mount.baseUrl}/Users?filter=userName%20eq%20%22x%22`, {
        headers: { Authorization: `Bearer ${TOKEN}`, 'User-Agent': 'OneLogin SCIM' },
      });
      expect(res.status).toBe(200);
      expect(provider.requests.list()).toMatchObject([
        { method: 'GET', path: '/scim/v2/Users?filter=userName%20eq%20%22x%22', status: 200, userAgent: 'OneLogin SCIM' },
      ]);
    } finally {
      mount.unmount();
    }
  });

  it('never shows a token put in the URL', async () => {
    const provider = createProvider({ token: TOKEN });
    const mount = mountInProcess(provider.handler, provider.basePath);
    try {
      await fetch(`${mount.baseUrl}/Users?access_token=${TOKEN}&count=2&${TOKEN}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      const [entry] = provider.requests.list();
      expect(entry!.path).toBe('/scim/v2/Users?access_token=[redacted]&count=2&[redacted]');
      expect(JSON.stringify(provider.requests.list())).not.toContain(TOKEN);
    } finally {
      mount.unmount();
    }
  });
});

describe('redactQuery', () => {
  it.each([
    ['', ''],
    ['?filter=userName%20eq%20%22a%22&startIndex=1&count=10', '?filter=userName%20eq%20%22a%22&startIndex=1&count=10'],
    ['?sortBy=name.familyName&sortOrder=descending&attributes=userName&excludedAttributes=groups', '?sortBy=name.familyName&sortOrder=descending&attributes=userName&excludedAttributes=groups'],
    ['?FILTER=x', '?FILTER=x'],
    ['?access_token=abc&token=t&key=k&secret=s&password=p&api-key=1', '?access_token=[redacted]&token=[redacted]&key=[redacted]&secret=[redacted]&password=[redacted]&api-key=[redacted]'],
    ['?anything=short', '?anything=[redacted]'],
    ['?dckr_scim_0123456789abcdef', '?[redacted]'],
    ['?a_very_long_parameter_name=1', '?[redacted]=[redacted]'],
    ['?flag&count=', '?flag&count='],
    ['?%zz=1', '?[redacted]=[redacted]'],
  ])('%s → %s', (raw, shown) => {
    expect(redactQuery(raw)).toBe(shown);
  });
});

describe('RequestLog', () => {
  const exchange = (status: number, path = '/scim/v2/Users'): ScimExchange => ({ time: new Date(0).toISOString(), method: 'GET', path, status, userAgent: null, durationMs: 0 });

  it('keeps unauthenticated (401) rows apart: a flood of them never evicts authenticated history', () => {
    const log = new RequestLog(3, 2);
    for (let i = 0; i < 3; i += 1) log.record(exchange(200, `/scim/v2/Users/${i}`));
    for (let i = 0; i < 100; i += 1) log.record(exchange(401));
    const listed = log.list();
    expect(listed.filter((e) => e.status === 200).map((e) => e.path)).toEqual(['/scim/v2/Users/0', '/scim/v2/Users/1', '/scim/v2/Users/2']);
    expect(listed.filter((e) => e.status === 401).map((e) => e.seq)).toEqual([102, 103]);
    expect(log.unauthenticatedCount).toBe(100);
  });

  it('keeps the last `capacity` rows in order as the ring wraps, and starts afresh after clear', () => {
    const log = new RequestLog(3, 2);
    for (let i = 0; i < 7; i += 1) log.record(exchange(200, `/scim/v2/Users/${i}`));
    expect(log.list().map((e) => [e.seq, e.path])).toEqual([
      [5, '/scim/v2/Users/4'],
      [6, '/scim/v2/Users/5'],
      [7, '/scim/v2/Users/6'],
    ]);
    log.clear();
    expect(log.list()).toEqual([]);
    log.record(exchange(401));
    log.record(exchange(200));
    expect(log.list().map((e) => [e.seq, e.status])).toEqual([
      [8, 401],
      [9, 200],
    ]);
  });

  it('lists both, oldest first', () => {
    const log = new RequestLog(5, 5);
    log.record(exchange(200));
    log.record(exchange(401));
    log.record(exchange(201));
    expect(log.list().map((e) => [e.seq, e.status])).toEqual([
      [1, 200],
      [2, 401],
      [3, 201],
    ]);
  });
});

describe('recording is cheap, showing formats (issue 12)', () => {
  it('a noted exchange is shown redacted, with an ISO time, when listed', () => {
    const log = new RequestLog(5, 5);
    log.note({ startedAt: 0, method: 'GET', path: '/scim/v2/Users', rawQuery: `?access_token=${TOKEN}&count=2`, status: 200, userAgent: 'Okta', durationMs: 1.234 });
    expect(log.list()).toEqual([
      { seq: 1, time: '1970-01-01T00:00:00.000Z', method: 'GET', path: '/scim/v2/Users?access_token=[redacted]&count=2', status: 200, userAgent: 'Okta', durationMs: 1.2 },
    ]);
    expect(JSON.stringify(log.list())).not.toContain(TOKEN);
  });

  it('a listener gets each noted exchange at once, already formatted', () => {
    const log = new RequestLog(5, 5);
    const seen: string[] = [];
    log.subscribe((entry) => seen.push(`${entry.seq} ${entry.path} ${entry.status}`));
    log.note({ startedAt: 0, method: 'GET', path: '/scim/v2/Users', rawQuery: '?secret=s', status: 401, userAgent: null, durationMs: 0 });
    expect(seen).toEqual(['1 /scim/v2/Users?secret=[redacted] 401']);
    expect(log.unauthenticatedCount).toBe(1);
  });
});
