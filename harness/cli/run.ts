/** `scim-conformance run`: flags → target and selection, the run, reports, the verdict and exit code. */
import { join, relative } from 'node:path';
import { DEFECT_NAMES } from '../../provider/defects.js';
import type { Exchange, RunResult } from '../model.js';
import { parseReportFormats, writeReports } from '../report/reporter.js';
import { EXCHANGES_FILE, openExchangeStream, type ExchangeStream } from '../report/exchange-stream.js';
import { attachHarSpool, HAR_SPOOL_FILE, openHarSpool, type HarSpool } from '../report/har.js';
import { readReport } from '../report/json.js';
import { applyBaseline } from '../runner/baseline.js';
import { RUN_DEFAULTS, runScenarios } from '../runner/run.js';
import { durationsFromReport, parseShard, selectShard } from '../runner/shard.js';
import type { TargetSpec } from '../runner/target.js';
import { RUN_ID_PATTERN } from '../runner/identity.js';
import { optInAsked, optInTags } from '../scenario/index.js';
import { FEATURES, IDPS, isFeature } from '../scenario/types.js';
import { EXIT, startCommand, toolVersion, type Io } from './io.js';
import { loadAll } from './load.js';
import { chooseConfig, configAsFlags, overlay } from './run-config.js';
import { cleanupLines, listLines, notApplicableLines, progressPrinter, readinessLines } from './run-output.js';

export const RUN_USAGE = `Usage: scim-conformance run [paths...] [options]

Runs every scenario under the given files/folders (default: the suites bundled with scim-conformance) and
checks every exchange.

Settings also come from scim-conformance.config.yaml (or .yml/.json) in this folder, or --config FILE;
a flag given on the command line wins over the config (scim-conformance init writes a commented one).
  --config FILE         the config file to use (default: scim-conformance.config.* here, if any)

Target (default: a fresh embedded reference provider per scenario):
  --target URL          SCIM base URL of your endpoint, e.g. https://example.com/scim/v2
  --token T             its bearer token (or set SCIM_TOKEN, or the variable the config's tokenEnv names)
  --require LIST        features whose absence fails the run instead of making scenarios not applicable:
                        ${FEATURES.join(', ')} or schema:<URN> (comma-separated, repeatable)
  --keep                leave what the run created on the target (for inspection) and list it
  --run-id ID           the id the run marks its resources with (default: random; letters and digits)
  --group-prefix P      put P before every group name the run creates, for a target with a naming rule
                        (Docker Hub: --group-prefix acme: makes 'Engineering' the team 'acme:Engineering …')
  --transport T         embedded provider only: http (default, real socket) or in-process (msw, no socket)
  --defect NAME         embedded provider only: inject one known deviation (${DEFECT_NAMES.join(', ')})
Selection:
  --bundled             run the bundled suites as well as the paths given (the default when no path is given)
  --list                print what would run (file, IdP, tags, name) and exit without running
  --shard I/N           run only slice I of N of the selection (CI matrix; merge the reports with merge-reports):
                        deterministic, balanced by count, or by duration with --durations
  --durations FILE      an earlier report.json whose scenario durations balance the shards
  --idp LIST            only these IdP suites: ${[...IDPS, 'core'].join(',')} (comma-separated)
  --tag TAG             only scenarios with this tag (repeatable: any of them); scenarios tagged scale
                        (10,000-user syncs) run only with --tag scale or when their file or folder is named
  --grep REGEX          only scenarios whose name matches
Reports:
  --report LIST         json,junit,html,md (default: all four), and har: report.har, every exchange as HAR 1.2
  --out DIR             where reports go (default: reports/)
  --fail-on LEVEL       must (default) or should: the lowest failing check level that fails the run
  --baseline FILE       an earlier report.json: judge only regressions against it
  --keep-exchanges      write every exchange to DIR/exchanges.ndjson as it happens (reports keep every
                        exchange of a scenario up to 1,000, beyond that only those a failure points at)
Run:
  --seed N              seed of the simulated directories (default 1)
  --concurrency N       scenarios run side by side (default 4)
  --timeout MS          per request (default 60000: Okta and Entra wait 60 s, audit sources S4, E13)
  --scenario-timeout MS per scenario (default 120000)
  --bail                stop at the first scenario that does not pass`;

export async function runCommand(args: string[], io: Io): Promise<number> {
  const parsed = startCommand(
    'run',
    args,
    {
      target: { type: 'string' },
      token: { type: 'string' },
      transport: { type: 'string' },
      defect: { type: 'string' },
      idp: { type: 'string' },
      tag: { type: 'string', multiple: true },
      grep: { type: 'string' },
      report: { type: 'string' },
      out: { type: 'string' },
      'fail-on': { type: 'string' },
      baseline: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      'scenario-timeout': { type: 'string' },
      bail: { type: 'boolean' },
      require: { type: 'string', multiple: true },
      keep: { type: 'boolean' },
      'run-id': { type: 'string' },
      'group-prefix': { type: 'string' },
      'keep-exchanges': { type: 'boolean' },
      bundled: { type: 'boolean' },
      list: { type: 'boolean' },
      shard: { type: 'string' },
      durations: { type: 'string' },
      config: { type: 'string' },
    },
    RUN_USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { usageError } = parsed;
  const cwd = process.cwd();
  const chosen = await chooseConfig(parsed.values.config, cwd);
  if (!chosen.ok) {
    io.err(chosen.errors.join('\n'));
    return EXIT.usage;
  }
  const fromConfig = chosen.config ? configAsFlags(chosen.config, cwd) : undefined;
  if (chosen.file) io.err(`scim-conformance: config ${relative(cwd, chosen.file)}`);
  // From here on `v` is the command line over the config file; errors name the flag either way.
  const v = fromConfig ? overlay(parsed.values, fromConfig.flags) : parsed.values;
  const positionals = parsed.positionals.length > 0 ? parsed.positionals : (fromConfig?.paths ?? []);
  const int = (value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    return Number.isInteger(n) && n >= min ? n : Number.NaN;
  };
  const seed = int(v.seed, RUN_DEFAULTS.seed, 0);
  const concurrency = int(v.concurrency, RUN_DEFAULTS.concurrency, 1);
  // Defaults: RUN_DEFAULTS (harness/runner/run.ts), shared with the library's run().
  const timeout = int(v.timeout, RUN_DEFAULTS.requestTimeoutMs, 1);
  const scenarioTimeout = int(v['scenario-timeout'], RUN_DEFAULTS.scenarioTimeoutMs, 1);
  for (const [name, n] of Object.entries({ seed, concurrency, timeout, 'scenario-timeout': scenarioTimeout })) {
    if (Number.isNaN(n)) return usageError(`--${name} must be a whole number.`);
  }
  const failOn = (v['fail-on'] ?? RUN_DEFAULTS.failOn).toLowerCase();
  if (failOn !== 'must' && failOn !== 'should') return usageError(`--fail-on must be 'must' or 'should', got '${v['fail-on']}'.`);
  const formats = parseReportFormats(v.report ?? 'json,junit,html,md');
  if (!formats.ok) return usageError(formats.error);

  const required = (v.require ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  const unknownFeature = required.find((f) => !isFeature(f));
  if (unknownFeature) return usageError(`--require: unknown feature '${unknownFeature}'; known: ${FEATURES.join(', ')}, or schema:<URN>.`);
  if (v['run-id'] !== undefined && !RUN_ID_PATTERN.test(v['run-id'])) return usageError(`--run-id must be 1 to 12 lower-case letters or digits, got '${v['run-id']}'.`);

  let target: TargetSpec;
  if (v.target !== undefined) {
    const token = v.token ?? io.env[chosen.tokenEnv];
    if (!token) return usageError(`--target needs --token (or the environment variable ${chosen.tokenEnv}).`);
    if (!/^https?:\/\//.test(v.target)) return usageError(`--target must be an http(s) URL, got '${v.target}'.`);
    if (v.defect !== undefined || v.transport !== undefined) return usageError('--defect and --transport apply to the embedded provider only.');
    target = { kind: 'external', url: v.target, token };
  } else {
    const transport = v.transport ?? 'http';
    if (transport !== 'http' && transport !== 'in-process') return usageError(`--transport must be 'http' or 'in-process', got '${transport}'.`);
    if (v.defect !== undefined && !DEFECT_NAMES.includes(v.defect)) return usageError(`unknown --defect '${v.defect}'; known: ${DEFECT_NAMES.join(', ')}.`);
    target = { kind: 'embedded', transport, defect: v.defect };
  }

  let grep: RegExp | undefined;
  if (v.grep !== undefined) {
    try {
      grep = new RegExp(v.grep, 'i');
    } catch (error) {
      return usageError(`--grep is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const idps = v.idp?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const suites = [...IDPS, 'core'];
  const unknownIdp = idps?.find((i) => !suites.includes(i));
  if (unknownIdp) return usageError(`--idp: unknown '${unknownIdp}'; use ${suites.join(', ')}.`);

  const shard = v.shard === undefined ? undefined : parseShard(v.shard);
  if (shard && 'error' in shard) return usageError(`--shard: ${shard.error}`);
  if (v.durations !== undefined && !shard) return usageError('--durations balances --shard; give --shard I/N too.');
  // Every shard sweeps the target for its run id at the end: shards sharing one would remove each other's resources mid-run.
  if (shard && v['run-id'] !== undefined && target.kind === 'external') return usageError('--run-id with --shard on an external target: each shard needs its own run id (leave --run-id out).');
  let durations: Map<string, number> | undefined;
  if (v.durations !== undefined) {
    const read = await readReport(v.durations);
    if (!read.ok) return usageError(`--durations ${v.durations}: ${read.error}`);
    durations = durationsFromReport(read.value);
  }

  let baseline: RunResult | undefined;
  if (v.baseline !== undefined) {
    const read = await readReport(v.baseline);
    if (!read.ok) return usageError(`--baseline ${v.baseline}: ${read.error}`);
    baseline = read.value;
  }

  const all = await loadAll(positionals, io, { bundled: v.bundled ?? false });
  if (!all) return EXIT.usage;
  const matching = all.filter(
    (s) =>
      (!idps || idps.includes(s.idp ?? 'core')) &&
      (!v.tag || v.tag.some((t) => s.tags.includes(t))) &&
      (!grep || grep.test(s.name)),
  );
  // Opt-in suites (`scale`: minutes each) run only when --tag or a path on the command line asks for them.
  const selected = matching.filter((s) => optInAsked(s, positionals, v.tag ?? []));
  const scenarios = shard ? selectShard(selected, shard, durations) : selected;
  const skipped = matching.length - selected.length;
  if (skipped > 0) {
    const tags = [...new Set(matching.flatMap((s) => (selected.includes(s) ? [] : optInTags(s))))];
    io.err(`scim-conformance: ${skipped} scenario(s) tagged ${tags.join(', ')} not run; ask for them with ${tags.map((t) => `--tag ${t}`).join(' or ')}, or name their file or folder.`);
  }
  if (selected.length === 0) return usageError('no scenario matches the selection (--idp/--tag/--grep).');
  // An empty slice is not an error: a CI matrix wider than the suite still gets a (vacuous) report to merge.
  if (shard) io.err(`scim-conformance: shard ${shard.index}/${shard.total}: ${scenarios.length} of ${selected.length} scenario(s)${durations ? `, balanced by the durations in ${v.durations}` : ''}.`);
  if (v.list) {
    for (const line of listLines(scenarios)) io.out(line);
    return EXIT.conformant;
  }

  const progress = progressPrinter(io, scenarios.length);
  const outDir = v.out ?? 'reports';
  let stream: ExchangeStream | undefined;
  if (v['keep-exchanges']) {
    try {
      stream = openExchangeStream(outDir);
    } catch (error) {
      io.err(`scim-conformance: could not open ${join(outDir, EXCHANGES_FILE)}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usage;
    }
  }
  // report.har holds every exchange, more than a report keeps in memory: they are spooled to disk as they happen.
  let harSpool: HarSpool | undefined;
  if (formats.formats.includes('har')) {
    try {
      harSpool = openHarSpool(outDir);
    } catch (error) {
      stream?.close();
      io.err(`scim-conformance: could not open ${join(outDir, HAR_SPOOL_FILE)}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usage;
    }
  }
  const sinks = [stream?.write, harSpool?.write].filter((s): s is (exchange: Exchange) => void => s !== undefined);
  const outcome = await runScenarios(scenarios, {
    target,
    seed,
    failOn,
    concurrency,
    requestTimeoutMs: timeout,
    scenarioTimeoutMs: scenarioTimeout,
    bail: v.bail ?? false,
    toolVersion: toolVersion(),
    onScenario: progress,
    ...(required.length > 0 ? { required } : {}),
    keep: v.keep ?? false,
    ...(v['run-id'] !== undefined ? { runId: v['run-id'] } : {}),
    ...(v['group-prefix'] !== undefined ? { groupPrefix: v['group-prefix'] } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
    ...(sinks.length > 0 ? { exchanges: { sink: (exchange: Exchange) => sinks.forEach((sink) => sink(exchange)) } } : {}),
  }).finally(() => {
    stream?.close();
    harSpool?.close();
  });
  if (stream) io.out(`exchanges: ${stream.file} (${stream.written})`);
  if (v.keep && target.kind === 'embedded') io.err('scim-conformance: --keep applies to an external --target; the embedded provider is discarded after each scenario.');
  const judged = baseline ? applyBaseline(outcome.run, baseline, v.baseline!) : outcome.run;
  const run = shard ? { ...judged, shard: { index: shard.index, total: shard.total } } : judged;
  if (harSpool) attachHarSpool(run, harSpool, { tokens: target.kind === 'external' ? [target.token] : [] });
  try {
    const files = await writeReports(run, formats.formats, outDir);
    for (const file of files) io.out(`report: ${file}`);
  } catch (error) {
    io.err(`scim-conformance: could not write reports to ${outDir}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
  const s = run.summary;
  for (const line of [...notApplicableLines(run), ...cleanupLines(run), ...readinessLines(run)]) io.out(line);
  const applicable = s.scenarios.total - s.scenarios.notApplicable;
  const verdict = run.interrupted ? `INTERRUPTED, no verdict (ran ${s.scenarios.total} of ${scenarios.length} scenarios)` : s.conformant ? 'CONFORMANT' : 'NOT CONFORMANT';
  io.out(
    `${verdict} (fail-on ${failOn.toUpperCase()}${baseline ? ', regressions only' : ''}): ` +
      `${s.scenarios.passed}/${applicable} scenarios passed${s.scenarios.notApplicable > 0 ? `, ${s.scenarios.notApplicable} not applicable` : ''}; ` +
      `failed checks MUST ${s.failedByLevel.MUST}, SHOULD ${s.failedByLevel.SHOULD}, MAY ${s.failedByLevel.MAY} (run ${run.runId})`,
  );
  if (outcome.targetFailure) {
    io.err(`scim-conformance: ${outcome.targetFailureMessage ?? `target ${outcome.targetFailure === 'unreachable' ? 'unreachable' : 'refused the token'}; see the scenario error above.`}`);
    return EXIT.target;
  }
  if (run.interrupted) return EXIT.interrupted;
  return s.conformant ? EXIT.conformant : EXIT.failures;
}

