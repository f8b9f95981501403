/**
 * One measured full sync for bench/harness-scale.ts, in a process of its own so its peak memory is its own:
 * an Okta full sync of N directory users against the embedded provider, reports built in memory (not
 * written). Prints one JSON line: exchanges, milliseconds, peak RSS, status.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toReportJson } from '../harness/report/json.js';
import { runScenarios } from '../harness/runner/run.js';
import { loadSuites, selfTestOptions } from '../harness/self-test.js';

const users = Number(process.argv[2]);
const transport = process.argv[3] === 'http' ? 'http' : 'in-process';
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
  const scenarios = await loadSuites([join(dir, 'sync.yaml')]);
  const started = performance.now();
  const { run } = await runScenarios(scenarios, selfTestOptions({ kind: 'embedded', transport, defect: undefined }, { scenarioTimeoutMs: 3_600_000 }));
  const reportBytes = toReportJson(run).length;
  const ms = performance.now() - started;
  const scenario = run.scenarios[0]!;
  const exchanges = scenario.exchangeCount?.total ?? scenario.exchanges.length;
  console.log(JSON.stringify({ users, transport, exchanges, ms: Math.round(ms), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), status: scenario.status, reportKb: Math.round(reportBytes / 1024) }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
