/**
 * Issue 11, finding 2 (Bulk part) and the Bulk cap: a 1,000-step bulkId chain cost seconds (every pass
 * re-scanned every waiting operation); resolution is now linear. More operations than the advertised
 * `bulk.maxOperations` are a 413 (RFC 7644 §3.7.3) with nothing run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../../../vocabulary/constants.js';
import { expectScimError, storeSnapshot, userBody } from '../../../provider/test-support.js';
import { expectStillServing, seededProvider, type Seeded } from './support.js';

let s: Seeded;
beforeEach(async () => {
  s = await seededProvider();
});
afterEach(() => s.t.close());

type Operation = Record<string, unknown>;

function group(bulkId: string, memberRef: string | undefined): Operation {
  const members = memberRef === undefined ? [] : [{ type: 'Group', value: `bulkId:${memberRef}` }];
  return { method: 'POST', path: '/Groups', bulkId, data: { schemas: [SCHEMA.group], displayName: bulkId, members } };
}

/** The statuses of a Bulk request's operations (the request itself must answer 200). */
async function bulkStatuses(operations: Operation[]): Promise<string[]> {
  const res = await s.t.scim('POST', '/Bulk', { body: { schemas: [MESSAGE.bulkRequest], Operations: operations } });
  expect(res.status, res.text.slice(0, 500)).toBe(200);
  return (res.body.Operations as { status: string }[]).map((o) => o.status);
}

async function advertisedMaxOperations(): Promise<number> {
  const config = await s.t.scim('GET', '/ServiceProviderConfig');
  expect(config.body.bulk.supported).toBe(true);
  return Number(config.body.bulk.maxOperations);
}

describe('bulkId resolution is linear', () => {
  it('a 1,000-step chain, each operation referencing the next, resolves every reference', async () => {
    const n = 1000;
    // Worst order for the old passes: only the last operation can run in each one. How long it takes against
    // independent operations is a ratio `npm run bench` reports: no timing here.
    const chain = await bulkStatuses(Array.from({ length: n }, (_, i) => group(`c${i}`, i + 1 < n ? `c${i + 1}` : undefined)));
    expect(chain).toEqual(new Array(n).fill('201'));
    const first = (await s.t.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "c0"')}`)).body.Resources[0];
    const second = (await s.t.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "c1"')}`)).body.Resources[0];
    expect(first.members.map((m: { value: string }) => m.value)).toEqual([second.id]);
    await expectStillServing(s);
  });
});

describe('operations per Bulk request are capped at the advertised bulk.maxOperations', () => {
  it('maxOperations + 1 → 413 naming the cap, nothing run; exactly maxOperations runs', async () => {
    const max = await advertisedMaxOperations();
    const ops = Array.from({ length: max + 1 }, (_, i) => ({ method: 'POST', path: '/Users', bulkId: `u${i}`, data: userBody(`u${i}@example.com`) }));
    const before = storeSnapshot(s.t.provider);
    const res = await s.t.scim('POST', '/Bulk', { body: { schemas: [MESSAGE.bulkRequest], Operations: ops } });
    expectScimError(res, 413, null);
    expect(res.body.detail).toContain(`maxOperations is ${max}`);
    expect(storeSnapshot(s.t.provider)).toBe(before);
    expect(await bulkStatuses(ops.slice(0, max))).toEqual(new Array(max).fill('201'));
    await expectStillServing(s);
  });
});
