/**
 * `npm run soak [-- --seconds 60 --clients 20 --store data|memory --seed N]`: the long soak (see soak-run.ts);
 * npm test runs a short one. Prints the heap samples and exits 1 when the heap grew or a write was lost.
 */
import { parseArgs } from 'node:util';
import { heapAllowance, heapStayedFlat, heapTrend, runSoak, type MemorySample } from './soak-run.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '20' },
    store: { type: 'string', default: 'data' },
    seed: { type: 'string' },
  },
});
const store = values.store === 'memory' ? 'memory' : 'data';
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const line = (s: MemorySample) => `${(s.atMs / 1000).toFixed(1).padStart(6)} s  ${String(s.requests).padStart(7)} requests  heap ${mb(s.heapUsed).padStart(9)}  external ${mb(s.external).padStart(8)}  rss ${mb(s.rss).padStart(9)}`;

console.log(`soak: ${values.clients} clients, ${values.seconds} s, ${store} store`);
try {
  const result = await runSoak({
    seconds: Number(values.seconds),
    clients: Number(values.clients),
    store,
    seed: values.seed === undefined ? undefined : Number(values.seed),
    onSample: (s) => console.log(line(s)),
  });
  const rate = Math.round((result.writes + result.reads + result.refusals) / result.seconds);
  console.log(
    `\n${result.writes} writes, ${result.reads} reads, ${result.refusals} refusals (~${rate} requests/s); ` +
      `${result.users} users, ${result.groups} groups, ${result.sharedMembers} in the shared group — all as acknowledged` +
      `${result.restartVerified ? ', again after kill -9 and a restart' : ''}.`,
  );
  console.log(`heap after full GC: ${mb(result.baseline.heapUsed)} at ${(result.baseline.atMs / 1000).toFixed(1)} s → ${mb(result.final.heapUsed)} at the end (+${mb(result.final.heapUsed - result.baseline.heapUsed)}; allowed +${mb(heapAllowance(result))})`);
  const trend = heapTrend(result);
  console.log(`heap trend: ${trend.bytesPerRequest.toFixed(1)} bytes per request over ${trend.samples} samples (V8's ongoing compilation alone shows 8–15)`);
  if (!heapStayedFlat(result)) {
    console.error(`soak: FAILED — the heap grew with the same live data (seed ${result.seed}).`);
    process.exitCode = 1;
  } else console.log('soak: passed');
} catch (error) {
  console.error(`soak: FAILED — ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
