/**
 * The library API of the package (`import { run, createProvider } from 'scim-conformance'`): the reference
 * provider, scenario loading and validation, runs and reports, with the types a caller needs. The CLI is built
 * from the same pieces; this module only gathers them, plus `run()`, which gives a whole run the CLI's defaults.
 */
import { packageFile } from './package-root.js';
import type { RunResult, ScenarioResult } from './model.js';
import { EXIT, toolVersion } from './cli/io.js';
import { REPORT_FORMATS, writeReports, type ReportFormat } from './report/reporter.js';
import { RUN_DEFAULTS, runScenarios, type RunOptions } from './runner/run.js';
import type { TargetSpec } from './runner/target.js';
import { discoverScenarios, loadScenarioFile, optInAsked, ScenarioError, type Scenario } from './scenario/index.js';
import { IDPS } from './scenario/types.js';

/**
 * The reference SCIM 2.0 provider: `createProvider(options).listen(0)` serves SCIM at `baseUrl` (bearer token
 * `provider.access.currentToken`) and the admin console at `/admin`. Defaults: profile `full`, prerequisites met,
 * SCIM enabled, everything in memory (`dataDir` keeps it on disk).
 */
export { createProvider, type Provider, type ProviderOptions, type RunningProvider } from '../provider/provider.js';

/** Every spec check the harness judges exchanges with (what `scim-conformance checks` lists). */
export { CHECKS } from './checks/catalogue.js';
export type { Check, CheckInfo } from './checks/check.js';

/** What a run produces: the verdict, per-scenario steps, checks and exchanges. It is what report.json holds. */
export type { Finding, Level, RunResult, RunSummary, ScenarioResult, ScenarioStatus } from './model.js';

/** A loaded, validated scenario file; `ScenarioError` is a problem in one, at `file:line:column`. */
export type { Scenario } from './scenario/index.js';
export { ScenarioError, formatErrors } from './scenario/index.js';

/**
 * The engine itself, for callers that load and select scenarios on their own: runs them against `options.target`
 * and returns the RunResult (`run()` below wraps it with the CLI's defaults).
 */
export { runScenarios, type RunOptions, type RunOutcome } from './runner/run.js';
export type { TargetSpec } from './runner/target.js';

/** Reads an earlier report.json (older versions upgraded); never throws: `{ ok: false, error }` says what is wrong. */
export { readReport, validateReport, type ValidationResult } from './report/json.js';
/** Writes the reports of a run (`json`, `junit`, `md`, `html`) into a folder and returns the files written. */
export { writeReports, REPORT_FORMATS, type ReportFormat } from './report/reporter.js';

/** The package's bundled suites (`scenarios/` of the installed package): core, okta, entra, onelogin, docker, scale. */
export function bundledScenarios(): string {
  return packageFile('scenarios');
}

export type LoadScenariosResult = { ok: true; scenarios: Scenario[] } | { ok: false; errors: ScenarioError[] };

/**
 * Loads and validates every scenario file (`*.yaml`, recursively) under `paths` (default: the bundled suites).
 * Every problem of every file comes back at once, each at `file:line:column`; a path that does not exist or holds
 * no scenario file is an error at `path:1:1`. Never throws for a bad file.
 */
export async function loadScenarios(paths: readonly string[] = [bundledScenarios()]): Promise<LoadScenariosResult> {
  let files: string[];
  try {
    files = await discoverScenarios([...paths]);
  } catch (error) {
    return { ok: false, errors: [new ScenarioError(paths.join(', '), 1, 1, error instanceof Error ? error.message : String(error))] };
  }
  if (files.length === 0) return { ok: false, errors: [new ScenarioError(paths.join(', '), 1, 1, 'no scenario files (*.yaml) here')] };
  const scenarios: Scenario[] = [];
  const errors: ScenarioError[] = [];
  for (const file of files) {
    const loaded = await loadScenarioFile(file);
    if (loaded.ok) scenarios.push(loaded.scenario);
    else errors.push(...loaded.errors);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenarios };
}

/** `scim-conformance validate` as a function: the problems of the scenario files under `paths` (none: all valid). */
export async function validateScenarios(paths?: readonly string[]): Promise<ScenarioError[]> {
  const loaded = await loadScenarios(paths);
  return loaded.ok ? [] : loaded.errors;
}

/** Options of {@link run}; every one has the CLI's default. */
export interface RunSuitesOptions {
  /** Scenario files or folders (default: the bundled suites). */
  paths?: readonly string[];
  /** Only these suites: `okta`, `entra`, `onelogin`, `core` (scenarios without an IdP). Default: all. */
  idps?: readonly string[];
  /** Only scenarios with one of these tags; `scale` scenarios run only when asked for here or by path. */
  tags?: readonly string[];
  /** Only scenarios whose name matches. */
  grep?: RegExp;
  /** Your endpoint (`https://…/scim/v2` and its bearer token). Default: a fresh embedded reference provider per scenario. */
  target?: { url: string; token: string };
  /** Embedded provider only: `http` (a real socket, default) or `in-process` (its handler called directly). */
  transport?: 'http' | 'in-process';
  /** Embedded provider only: commit one known deviation (provider/defects.ts), to see the harness catch it. */
  defect?: string;
  /** Features whose absence fails the run instead of making scenarios not applicable. */
  required?: readonly string[];
  /** Default 1. */
  seed?: number;
  /** Lowest failing check level that fails the run. Default `must`. */
  failOn?: 'must' | 'should';
  /** Scenarios side by side. Default 4. */
  concurrency?: number;
  /** Per request. Default 60000 (what Okta and Entra wait). */
  requestTimeoutMs?: number;
  /** Per scenario. Default 120000. */
  scenarioTimeoutMs?: number;
  /** Stop at the first scenario that does not pass. */
  bail?: boolean;
  /** Write reports into this folder; none are written without it. */
  out?: string;
  /** With `out`: the formats (default all four). */
  reports?: readonly ReportFormat[];
  /** Aborting it stops the run: no new scenario starts, running ones stop and clean up. */
  signal?: AbortSignal;
  /** Called as each scenario finishes. */
  onScenario?: (result: ScenarioResult, done: number, total: number) => void;
}

export type RunSuitesResult =
  | {
      ok: true;
      run: RunResult;
      /** The CLI's exit code for this run: 0 conformant, 1 failures, 3 target unreachable or token refused, 130 interrupted. */
      exitCode: number;
      /** Set when the target could not be reached or refused the token, in words. */
      targetFailure?: string;
      /** Report files written (empty without `out`). */
      reportFiles: string[];
    }
  /** A scenario file did not load: nothing ran. */
  | { ok: false; errors: ScenarioError[] };

/**
 * One whole run, as `scim-conformance run` does it: load and validate, select, run, write reports. Throws a
 * RangeError for options that cannot be right (an unknown IdP, a selection matching no scenario).
 *
 * ```ts
 * const result = await run({ idps: ['okta'], target: { url: 'https://staging.example.com/scim/v2', token } });
 * if (result.ok) console.log(result.run.summary.conformant, result.exitCode);
 * else console.error(formatErrors(result.errors));
 * ```
 */
export async function run(options: RunSuitesOptions = {}): Promise<RunSuitesResult> {
  const suites = [...IDPS, 'core'];
  const unknownIdp = options.idps?.find((idp) => !suites.includes(idp));
  if (unknownIdp !== undefined) throw new RangeError(`scim-conformance: unknown IdP '${unknownIdp}'; use ${suites.join(', ')}.`);
  const paths = options.paths ?? [bundledScenarios()];
  const loaded = await loadScenarios(paths);
  if (!loaded.ok) return loaded;
  const tags = options.tags ?? [];
  const scenarios = loaded.scenarios.filter(
    (s) =>
      (!options.idps || options.idps.includes(s.idp ?? 'core')) &&
      (tags.length === 0 || tags.some((t) => s.tags.includes(t))) &&
      (!options.grep || options.grep.test(s.name)) &&
      optInAsked(s, paths, tags),
  );
  if (scenarios.length === 0) throw new RangeError('scim-conformance: no scenario matches the selection (idps, tags, grep).');

  const target: TargetSpec = options.target
    ? { kind: 'external', url: options.target.url, token: options.target.token }
    : { kind: 'embedded', transport: options.transport ?? 'http', defect: options.defect };
  const runOptions: RunOptions = {
    target,
    seed: options.seed ?? RUN_DEFAULTS.seed,
    failOn: options.failOn ?? RUN_DEFAULTS.failOn,
    concurrency: options.concurrency ?? RUN_DEFAULTS.concurrency,
    requestTimeoutMs: options.requestTimeoutMs ?? RUN_DEFAULTS.requestTimeoutMs,
    scenarioTimeoutMs: options.scenarioTimeoutMs ?? RUN_DEFAULTS.scenarioTimeoutMs,
    bail: options.bail ?? false,
    toolVersion: toolVersion(),
    ...(options.required ? { required: [...options.required] } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onScenario ? { onScenario: options.onScenario } : {}),
  };
  const outcome = await runScenarios(scenarios, runOptions);
  const reportFiles = options.out === undefined ? [] : await writeReports(outcome.run, options.reports ?? REPORT_FORMATS, options.out);
  const exitCode = outcome.targetFailure
    ? EXIT.target
    : outcome.run.interrupted
      ? EXIT.interrupted
      : outcome.run.summary.conformant
        ? EXIT.conformant
        : EXIT.failures;
  const targetFailure = outcome.targetFailure ? (outcome.targetFailureMessage ?? `target ${outcome.targetFailure}`) : undefined;
  return { ok: true, run: outcome.run, exitCode, reportFiles, ...(targetFailure !== undefined ? { targetFailure } : {}) };
}

/** Reads a HAR 1.2 file (a `record` capture, a run's report.har): typed entries, or `{ ok: false, error }` naming the file. */
export { readHar, parseHar, type HarReadResult } from './har/read.js';
export type { HarEntry, HarFile } from './har/har.js';
