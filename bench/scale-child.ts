/**
 * One measured full sync for bench/harness-scale.ts, in a process of its own so its peak memory is its own:
 * an Okta full sync of N directory users against the embedded provider, reports built in memory (not
 * written). Prints one JSON line: exchanges, milliseconds, peak RSS, status.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as JsonModule from '../harness/report/json.js';
import type * as RunModule from '../harness/runner/run.js';
import type * as ScenarioModule from '../harness/scenario/index.js';

const users = Number(process.argv[2]);
const transport = process.argv[3] === 'http' ? 'http' : 'in-process';
// `compiled`: the engine as the package ships it (dist/, plain JavaScript), else the sources through tsx, whose
// keepNames wrappers cost a quarter of the time at this scale.
const base = process.argv[4] === 'compiled' ? '../dist/harness/' : '../harness/';
const { toReportJson } = (await import(`${base}report/json.js`)) as typeof JsonModule;
const { runScenarios } = (await import(`${base}runner/run.js`)) as typeof RunModule;
const { loadScenarioFile } = (await import(`${base}scenario/index.js`)) as typeof ScenarioModule;
const yaml = `name: bench full sync of ${users} users
idp: okta
directory: { seed: 3, users: ${users} }
timeoutMs: 3600000
steps:
  - fullSync: { assigned: all }
  - expect: { created: { users: ${users} } }
`;
const dir = await mkdtemp(join(tmpdir(), 'scim-bench-scale-'));
try {
  await writeFile(join(dir, 'sync.yaml'), yaml);
  const loaded = await loadScenarioFile(join(dir, 'sync.yaml'));
  if (!loaded.ok) throw new Error(loaded.errors.map(String).join('\n'));
  const started = performance.now();
  const { run } = await runScenarios([loaded.scenario], {
    target: { kind: 'embedded', transport, defect: undefined },
    seed: 1,
    failOn: 'must',
    concurrency: 1,
    requestTimeoutMs: 60_000,
    scenarioTimeoutMs: 3_600_000,
    bail: false,
    toolVersion: 'bench',
    // `SCALE_INLINE=1` judges every exchange on the main thread, to compare with the worker.
    ...(process.env.SCALE_INLINE === '1' ? { offloadChecksAfter: Infinity } : {}),
  });
  const reportBytes = toReportJson(run).length;
  const ms = performance.now() - started;
  const scenario = run.scenarios[0]!;
  const exchanges = scenario.exchangeCount?.total ?? scenario.exchanges.length;
  console.log(JSON.stringify({ users, transport, build: process.argv[4] === 'compiled' ? 'compiled' : 'tsx', exchanges, ms: Math.round(ms), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), status: scenario.status, reportKb: Math.round(reportBytes / 1024) }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
