/**
 * One measured full sync for bench/harness-scale.ts, in a process of its own so its peak memory is its own:
 * an Okta full sync of N directory users against the embedded provider (`in-process` or `http`), or against
 * the reference provider started as a process of its own (`external`: the harness's memory without the
 * target's store of N users), reports built in memory (not written). Prints one JSON line: exchanges,
 * milliseconds, peak RSS (and the external provider's), status.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as JsonModule from '../harness/report/json.js';
import type * as RunModule from '../harness/runner/run.js';
import type * as ScenarioModule from '../harness/scenario/index.js';

const users = Number(process.argv[2]);
const mode = process.argv[3] === 'http' || process.argv[3] === 'external' ? process.argv[3] : 'in-process';
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
const TOKEN = 'bench-scale-token-0123456789';

/** The compiled reference provider as a process of its own on a free port: its base URL, and how to read its peak memory and stop it. */
async function startProvider(): Promise<{ url: string; peakRssMb(): Promise<number>; stop(): void }> {
  const child = spawn(process.execPath, [new URL('../dist/provider/cli.js', import.meta.url).pathname, '--port', '0', '--token', TOKEN], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  while (!/SCIM base URL: (\S+)/.test(out)) {
    const [chunk] = (await once(child.stdout, 'data')) as [string];
    out += chunk;
  }
  const url = /SCIM base URL: (\S+)/.exec(out)![1]!;
  child.stdout.resume();
  // VmHWM: the process's peak resident set, as maxRSS is for this one.
  const peakRssMb = async () => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024);
  return { url, peakRssMb, stop: () => child.kill() };
}

const provider = mode === 'external' ? await startProvider() : undefined;
const dir = await mkdtemp(join(tmpdir(), 'scim-bench-scale-'));
try {
  await writeFile(join(dir, 'sync.yaml'), yaml);
  const loaded = await loadScenarioFile(join(dir, 'sync.yaml'));
  if (!loaded.ok) throw new Error(loaded.errors.map(String).join('\n'));
  const started = performance.now();
  const { run } = await runScenarios([loaded.scenario], {
    target: provider ? { kind: 'external', url: provider.url, token: TOKEN } : { kind: 'embedded', transport: mode === 'http' ? 'http' : 'in-process', defect: undefined },
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
  const providerPeakRssMb = provider ? await provider.peakRssMb() : undefined;
  console.log(JSON.stringify({ users, transport: mode, build: process.argv[4] === 'compiled' ? 'compiled' : 'tsx', exchanges, ms: Math.round(ms), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), providerPeakRssMb, status: scenario.status, reportKb: Math.round(reportBytes / 1024) }));
} finally {
  provider?.stop();
  await rm(dir, { recursive: true, force: true });
}
