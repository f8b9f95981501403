/** The exchange log keeps every exchange of a small scenario and, past its budget, only what evidence points at. */
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../model.js';
import { ExchangeLog } from './exchange-log.js';

const exchange = (n: number): Exchange => ({
  id: `s.yaml#${n}`,
  label: `GET ${n}`,
  area: 'read',
  idp: undefined,
  request: { method: 'GET', url: `http://t/scim/v2/Users/${n}`, headers: {} },
  response: { status: 200, headers: {}, body: '{}' },
  requestJson: undefined,
  responseJson: {},
  transportError: undefined,
  startedAt: '2026-12-03T00:00:00.000Z',
  durationMs: 1,
});

describe('ExchangeLog', () => {
  it('keeps every exchange within its budget', () => {
    const log = new ExchangeLog({ budget: 10, window: 3 });
    for (let n = 1; n <= 10; n += 1) log.add(exchange(n));
    expect(log.exchanges().map((e) => e.id)).toHaveLength(10);
    expect(log.omitted).toBe(0);
  });

  it('past the budget keeps only pinned exchanges, counts the rest and hands every one to the sink first', () => {
    const sunk: string[] = [];
    const log = new ExchangeLog({ budget: 3, window: 4, sink: (e) => sunk.push(e.id) });
    for (let n = 1; n <= 1000; n += 1) {
      log.add(exchange(n));
      if (n === 500) log.pin('s.yaml#500');
      if (n === 502) log.pin('s.yaml#499'); // still in the window of the last four
      if (n === 900) log.pin('s.yaml#10'); // long gone: nothing to keep
    }
    log.pinLast(2);
    log.finish();
    expect(log.exchanges().map((e) => e.id)).toEqual(['s.yaml#1', 's.yaml#2', 's.yaml#3', 's.yaml#499', 's.yaml#500', 's.yaml#999', 's.yaml#1000']);
    expect(log.total).toBe(1000);
    expect(log.omitted).toBe(993);
    expect(sunk).toHaveLength(1000);
  });

  it('tells a step which of its exchanges were kept and how many were not', () => {
    const log = new ExchangeLog({ budget: 2, window: 1 });
    for (let n = 1; n <= 6; n += 1) log.add(exchange(n));
    log.finish();
    expect(log.range(1, 1)).toEqual({ ids: ['s.yaml#1'], omitted: 0 });
    expect(log.range(2, 6)).toEqual({ ids: ['s.yaml#2'], omitted: 4 });
  });

  it('holds a bounded number of exchanges however many are recorded', () => {
    const log = new ExchangeLog({ budget: 5, window: 8 });
    for (let n = 1; n <= 50_000; n += 1) log.add(exchange(n));
    expect(log.exchanges()).toHaveLength(5 + 8);
    log.finish();
    expect(log.exchanges()).toHaveLength(5);
    expect(log.omitted).toBe(49_995);
  });

  it('holds an exchange being judged past the window until it is settled, then lets it go unless pinned', () => {
    const log = new ExchangeLog({ budget: 0, window: 2 });
    log.add(exchange(1));
    log.hold('s.yaml#1');
    log.add(exchange(2));
    log.hold('s.yaml#2');
    for (let n = 3; n <= 100; n += 1) log.add(exchange(n));
    // Both are still held however far the window moved: a late verdict can still pin them.
    expect(log.exchanges()).toHaveLength(100);
    log.pin('s.yaml#2');
    log.settle('s.yaml#1');
    // #1 goes; #2 is still being judged, so it and everything after it stay.
    expect(log.exchanges()).toHaveLength(99);
    log.settle('s.yaml#2');
    expect(log.exchanges().map((e) => e.id)).toEqual(['s.yaml#2', 's.yaml#99', 's.yaml#100']);
    log.finish();
    expect(log.exchanges().map((e) => e.id)).toEqual(['s.yaml#2']);
    expect(log.omitted).toBe(99);
  });
});
