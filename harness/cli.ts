/**
 * `scim-conformance <command>`: run, checks, validate, profiles, provider, init, merge-reports. Exit codes: 0 conformant, 1 failures at or
 * above --fail-on, 2 usage or scenario error, 3 target unreachable or auth refused. Each command's module is
 * imported only when that command runs, so `--version` and `--help` start without loading the engine.
 */
import { EXIT, toolVersion, type Io } from './cli/io.js';

export { EXIT, type Io };

const mainUsage = () => `scim-conformance ${toolVersion()}: SCIM 2.0 conformance for provisioning connectors

Usage: scim-conformance <command> [options]

Commands:
  run [paths...]    run scenario suites (default: scenarios/) and write reports
  checks            print the catalogue of spec checks (Markdown)
  validate [paths]  lint scenario files without running them
  profiles [idp]    what each IdP profile sends, its settings, and the evidence for every behaviour
  provider          start the reference SCIM provider (same as npm run provider)
  init              write a commented scim-conformance.config.yaml and a CI workflow example here
  merge-reports     merge the report.json of CI shards (run --shard i/n) into one set of reports
  compare <har>     compare a HAR capture of real IdP traffic with a profile (--idp): differences per action
  record            a recording proxy: capture real IdP traffic to a redacted HAR 1.2 file
  import <har>      turn a HAR capture of SCIM traffic into a scenario that replays it

Run 'scim-conformance <command> --help' for a command's options.
Exit codes: 0 conformant, 1 failures at or above --fail-on, 2 usage or scenario error, 3 target unreachable or auth refused,
130 interrupted (Ctrl-C / SIGTERM; what the run created is removed first).`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return (await import('./cli/run.js')).runCommand(rest, io);
    case 'checks':
      return (await import('./cli/checks.js')).checksCommand(rest, io);
    case 'validate':
      return (await import('./cli/validate.js')).validateCommand(rest, io);
    case 'profiles':
      return (await import('./cli/profiles.js')).profilesCommand(rest, io);
    case 'init':
      return (await import('./cli/init.js')).initCommand(rest, io);
    case 'merge-reports':
      return (await import('./cli/merge-reports.js')).mergeReportsCommand(rest, io);
    case 'compare':
      return (await import('./cli/compare.js')).compareCommand(rest, io);
    case 'record':
      return (await import('./cli/record.js')).recordCommand(rest, io);
    case 'import':
      return (await import('./cli/import.js')).importCommand(rest, io);
    case 'provider': {
      const { main: providerMain } = await import('../provider/cli-main.js');
      return providerMain(rest);
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.out(mainUsage());
      return command === undefined ? EXIT.usage : EXIT.conformant;
    case '--version':
      io.out(toolVersion());
      return EXIT.conformant;
    default:
      io.err(`scim-conformance: unknown command '${command}'.\n\n${mainUsage()}`);
      return EXIT.usage;
  }
}
