/**
 * `npm run bench`: speed and memory of the reference provider's query paths, reported as ratios against
 * a baseline measured in the same run (never as absolute timings in tests).
 *  - indexed `userName eq` on 20,000 users vs on 200 users: ~1x means O(1) lookups;
 *  - a page of 10 from a full-scan filter vs a page of 10 with no filter: the scan cost alone;
 *  - heap growth of 200 list queries over 20,000 users relative to the store's own size: a small ratio
 *    means queries copy only the page they return, not the store.
 */
import { createProvider } from '../provider/provider.js';
import type { ScimRequest } from '../provider/http-types.js';
import { SCHEMA } from '../vocabulary/constants.js';

const TOKEN = 'bench-token-0123456789';

function seeded(users: number) {
  const provider = createProvider({ token: TOKEN, limits: { maxResults: 1000 } });
  const call = (method: string, path: string, query = '', body?: unknown) => {
    const request: ScimRequest = {
      method,
      path,
      query: new URLSearchParams(query),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      baseUrl: 'http://bench/scim/v2',
    };
    return provider.handler(request);
  };
  for (let i = 0; i < users; i += 1) {
    const res = call('POST', '/Users', '', {
      schemas: [SCHEMA.user],
      userName: `user${i}@example.com`,
      name: { givenName: `Given${i}`, familyName: `Family${i % 97}` },
      emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }],
      active: i % 3 !== 0,
    });
    if (res.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(res.body)}`);
  }
  return call;
}

function time(label: string, iterations: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(50, iterations); i += 1) fn(i);
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) fn(i);
  const perOp = (performance.now() - start) / iterations;
  console.log(`  ${label.padEnd(58)} ${(perOp * 1000).toFixed(1).padStart(9)} µs/op`);
  return perOp;
}

const small = seeded(200);
const large = seeded(20_000);
console.log('Reference provider query paths');
/**
 * The filter of lookup `i` on a store of `users`: a userName in one of ten letter cases (it is case-insensitive), so
 * every lookup is a filter text of its own on both stores, as an IdP's sync sends; and among the most recently
 * created users, whose renderings the provider still keeps (10,000 of them) on both stores. The provider keeps
 * compiled filters by text and renderings by resource: 200 repeated texts of 200 kept users against fresh texts of
 * evicted users measured those caches, not the lookup (2.7–4.7x instead of ~1x).
 */
const CASES = ['user', 'User', 'uSer', 'usEr', 'useR', 'USer', 'UsEr', 'UseR', 'uSEr', 'USER'];
const lookup = (i: number, users: number) => `filter=userName eq "${CASES[Math.floor(i / 200) % CASES.length]}${users - 1 - (i % 200)}@example.com"`;
const eqSmall = time('userName eq, 200 users (baseline)', 2000, (i) => small('GET', '/Users', lookup(i, 200)));
const eqLarge = time('userName eq, 20,000 users', 2000, (i) => large('GET', '/Users', lookup(i, 20_000)));
const plain = time('first page of 10, no filter, 20,000 users (baseline)', 200, () => large('GET', '/Users', 'count=10'));
const scan = time('first page of 10, filter name.familyName eq, 20,000 users', 50, () => large('GET', '/Users', 'filter=name.familyName eq "Family7"&count=10'));

global.gc?.();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < 200; i += 1) large('GET', '/Users', 'filter=active eq true&count=10');
const growth = process.memoryUsage().heapUsed - before;

// Bulk: a chain where each POST references the next one's bulkId (the worst order) vs as many independent POSTs.
const bulk = seeded(0);
const groupOp = (id: string, ref: string | undefined) => ({
  method: 'POST',
  path: '/Groups',
  bulkId: id,
  data: { schemas: [SCHEMA.group], displayName: id, ...(ref ? { members: [{ value: `bulkId:${ref}` }] } : {}) },
});
const bulkOf = (ops: unknown[]) => bulk('POST', '/Bulk', '', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: ops });
let round = 0;
const bulkIndependent = time('Bulk of 1,000 independent POSTs (baseline)', 3, () => {
  round += 1;
  bulkOf(Array.from({ length: 1000 }, (_, i) => groupOp(`i${round}-${i}`, undefined)));
});
const bulkChain = time('Bulk of 1,000 POSTs, each referencing the next', 3, () => {
  round += 1;
  bulkOf(Array.from({ length: 1000 }, (_, i) => groupOp(`c${round}-${i}`, i + 1 < 1000 ? `c${round}-${i + 1}` : undefined)));
});

console.log('\nRatios (same run):');
console.log(`  indexed lookup, 100x more users:       ${(eqLarge / eqSmall).toFixed(2)}x  (O(1) target: < 3x)`);
console.log(`  full-scan filter vs unfiltered page:   ${(scan / plain).toFixed(1)}x`);
console.log(`  Bulk bulkId chain vs independent:      ${(bulkChain / bulkIndependent).toFixed(1)}x  (linear target: < 4x; quadratic passes were > 10x)`);
console.log(`  heap growth of 200 filtered queries:   ${(growth / 1024 / 1024).toFixed(1)} MiB (store copies would be ~${((200 * 20000 * 600) / 1024 / 1024 / 1024).toFixed(1)} GiB)`);
