/**
 * The harness judging itself: every suite against the clean reference provider, then against each of
 * its known defects, in-process (no sockets) so the whole sweep stays fast. `npx tsx harness/self-test.ts`
 * prints what each defect makes fail; `self-test.test.ts` pins it.
 */
import { DEFECT_NAMES } from '../provider/defects.js';
import type { RunResult } from './model.js';
import { runScenarios, type RunOptions } from './runner/run.js';
import type { TargetSpec } from './runner/target.js';
import { discoverScenarios, loadScenarioFile, optInAsked, type Scenario } from './scenario/index.js';

export interface DefectVerdict {
  /** Check ids that failed somewhere in the run. */
  failedChecks: string[];
  /** Files of scenarios that did not pass. */
  failedScenarios: string[];
}

export async function loadSuites(paths = ['scenarios']): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  for (const file of await discoverScenarios(paths)) {
    const loaded = await loadScenarioFile(file);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join('\n'));
    // Opt-in suites (`scale`: 10,000-user syncs) run only where named, as in the CLI.
    if (optInAsked(loaded.scenario, paths, [])) scenarios.push(loaded.scenario);
  }
  return scenarios;
}

/** Run options for the harness's own tests: seeded, every scenario run, `Retry-After` waits cut to 10 ms. */
export function selfTestOptions(target: TargetSpec, overrides: Partial<Omit<RunOptions, 'target'>> = {}): RunOptions {
  return {
    target,
    seed: 1,
    failOn: 'must',
    concurrency: 1,
    requestTimeoutMs: 10_000,
    scenarioTimeoutMs: 60_000,
    bail: false,
    maxRetryWaitMs: 10,
    toolVersion: 'self-test',
    ...overrides,
  };
}

export async function runAgainst(scenarios: Scenario[], defect: string | undefined): Promise<{ run: RunResult; verdict: DefectVerdict }> {
  const { run } = await runScenarios(scenarios, selfTestOptions({ kind: 'embedded', transport: 'in-process', defect }, { concurrency: 4, scenarioTimeoutMs: 120_000 }));
  const failedChecks = new Set<string>();
  for (const s of run.scenarios) for (const c of s.checks) if (c.status === 'failed') failedChecks.add(c.checkId);
  return {
    run,
    verdict: {
      failedChecks: [...failedChecks].sort(),
      failedScenarios: run.scenarios.filter((s) => s.status !== 'passed').map((s) => s.file).sort(),
    },
  };
}

if (process.argv[1]?.endsWith('self-test.ts')) {
  const scenarios = await loadSuites(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['scenarios']);
  for (const defect of [undefined, ...DEFECT_NAMES]) {
    const { verdict } = await runAgainst(scenarios, defect);
    console.log(`${defect ?? '(clean)'}:\n  checks: ${verdict.failedChecks.join(', ') || '-'}\n  scenarios: ${verdict.failedScenarios.join(', ') || '-'}`);
  }
  process.exit(0);
}
