/** `scim-conformance init`: writes a commented scim-conformance.config.yaml and a CI workflow example into the user's project. */
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { REPORT_FORMATS } from '../report/reporter.js';
import { JUNIT_REPORT_FILE } from '../report/junit.js';
import { HTML_REPORT_FILE } from '../report/html.js';
import { JSON_REPORT_FILE } from '../report/json.js';
import { MARKDOWN_REPORT_FILE } from '../report/markdown.js';
import { FEATURES } from '../scenario/types.js';
import { DEFAULT_TOKEN_ENV, SUITES } from './config-schema.js';
import { CONFIG_FILE_NAMES } from './config.js';
import { CONFIG_FILE, GITHUB_WORKFLOW_FILE, GITLAB_CI_FILE, OUT, githubShardedWorkflow, githubWorkflow, gitlabJob } from './ci-templates.js';
import { EXIT, startCommand, type Io } from './io.js';

export const INIT_USAGE = `Usage: scim-conformance init [--dir D] [--force] [--ci github|gitlab|none] [--shards N]

Writes into your project (default: the current folder):
  scim-conformance.config.yaml            every setting of 'run', commented; 'run' reads it from the folder it starts in
  .github/workflows/scim-conformance.yml  a GitHub Actions workflow (--ci github, the default), or
  .gitlab-ci.scim-conformance.yml         a GitLab CI job to include (--ci gitlab); --ci none writes no workflow

Options:
  --dir D     the project folder to write into (it must exist)
  --force     overwrite files that already exist (without it, an existing file stops init, exit 2)
  --ci KIND   github (default), gitlab or none
  --shards N  with --ci github: split the suites over a matrix of N machines and merge their reports (2 to 64)`;

export { CONFIG_FILE, GITHUB_WORKFLOW_FILE, GITLAB_CI_FILE };
const CI_KINDS = ['github', 'gitlab', 'none'] as const;
type CiKind = (typeof CI_KINDS)[number];


export async function initCommand(args: string[], io: Io): Promise<number> {
  const started = startCommand('init', args, { dir: { type: 'string' }, force: { type: 'boolean' }, ci: { type: 'string' }, shards: { type: 'string' } }, INIT_USAGE, io);
  if (typeof started === 'number') return started;
  const { values: v, positionals, usageError: usageError } = started;
  if (positionals.length > 0) return usageError(`unexpected '${positionals[0]}': name the project folder with --dir.`);
  const ci = (v.ci ?? 'github').toLowerCase();
  if (!isCiKind(ci)) return usageError(`--ci must be github, gitlab or none, got '${v.ci}'.`);
  const shards = v.shards === undefined ? undefined : Number(v.shards);
  if (shards !== undefined && (!Number.isInteger(shards) || shards < 2 || shards > 64)) return usageError(`--shards must be a whole number from 2 to 64, got '${v.shards}'.`);
  if (shards !== undefined && ci !== 'github') return usageError('--shards writes a GitHub Actions matrix; use it with --ci github.');

  const dir = resolve(v.dir ?? '.');
  try {
    if (!(await stat(dir)).isDirectory()) return usageError(`--dir ${v.dir}: not a folder.`);
  } catch {
    // Creating a mistyped folder would hide the typo; the project folder exists already.
    return usageError(`--dir ${v.dir}: no such folder.`);
  }
  // Shown as the user would type them: relative to where they named the folder.
  const shown = (name: string) => (v.dir === undefined ? name : join(v.dir, name));

  const files: { name: string; text: string }[] = [{ name: CONFIG_FILE, text: configTemplate() }];
  if (ci === 'github') files.push({ name: GITHUB_WORKFLOW_FILE, text: shards === undefined ? githubWorkflow() : githubShardedWorkflow(shards) });
  if (ci === 'gitlab') files.push({ name: GITLAB_CI_FILE, text: gitlabJob() });

  // A second config file under another name would make `run` refuse both: --force replaces, it never deletes.
  for (const other of CONFIG_FILE_NAMES.filter((n) => n !== CONFIG_FILE)) {
    if (existsSync(join(dir, other))) {
      return usageError(`${shown(other)} already configures this project; edit it, or remove it and run init again (two config files make 'run' refuse both).`);
    }
  }
  // Every file is checked before any is written, so a refusal leaves the project as it was.
  if (v.force !== true) {
    const existing = [];
    for (const file of files) if (existsSync(join(dir, file.name))) existing.push(shown(file.name));
    if (existing.length > 0) return usageError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; nothing written. Pass --force to overwrite.`);
  }
  try {
    for (const file of files) {
      const path = join(dir, file.name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text);
      io.out(`wrote ${shown(file.name)}`);
    }
  } catch (error) {
    io.err(`scim-conformance init: could not write into ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
  const cd = v.dir === undefined ? '' : `cd ${v.dir} && `;
  io.out(`\nNext: ${cd}npx scim-conformance run`);
  io.out(`  tests the embedded reference provider; to test your endpoint, set target: in ${CONFIG_FILE} and export ${DEFAULT_TOKEN_ENV}=<its bearer token>.`);
  if (ci === 'github') io.out(`  CI: add the repository secret ${DEFAULT_TOKEN_ENV} (Settings → Secrets and variables → Actions) once target: is set.`);
  if (ci === 'gitlab') io.out(`  CI: include ${GITLAB_CI_FILE} from .gitlab-ci.yml and add the masked CI/CD variable ${DEFAULT_TOKEN_ENV} once target: is set.`);
  return EXIT.conformant;
}

function isCiKind(value: string): value is CiKind {
  return (CI_KINDS as readonly string[]).includes(value);
}


/**
 * Every key of schemas/config.schema.json, explained; the active ones are the defaults a team usually wants
 * written down, the rest commented out with their default or an example. `target` stays commented so the
 * first `run` works with no endpoint and no token.
 */
export function configTemplate(): string {
  const reports = ['json', 'junit', 'html', 'md'].filter((f) => (REPORT_FORMATS as readonly string[]).includes(f));
  return `# yaml-language-server: $schema=./node_modules/scim-conformance/schemas/config.schema.json
# scim-conformance configuration, written by \`scim-conformance init\`.
# \`npx scim-conformance run\` reads this file from the folder it starts in. A command-line flag overrides the key
# it corresponds to (--target, --report, --out, ...). Relative paths are relative to this file.
# Every key is optional; the schema above gives editors completion and help.

# ---- Target ----------------------------------------------------------------------------------------------

# SCIM base URL of the endpoint to test (--target). While it stays commented out, \`run\` tests the embedded
# reference provider: a first run needs no endpoint and no token.
# target: https://staging.example.com/scim/v2

# The NAME of the environment variable holding the endpoint's bearer token (--token overrides it).
# Never write the token itself here: this file gets committed. In CI, map a secret to this variable.
tokenEnv: ${DEFAULT_TOKEN_ENV}

# Embedded provider only (no target): http, a real socket (default), or in-process, no socket.
# transport: http

# Put this before every group name the run creates, for a target with a naming rule: Docker Hub's teams are
# organization:team, so "acme:" pushes the group Engineering as acme:Engineering.
# groupPrefix: "acme:"

# ---- What to run -----------------------------------------------------------------------------------------

# Scenario files or folders, relative to this file (default: the suites bundled with scim-conformance).
# paths: [scim-scenarios]

# Only these IdP suites (default: all): ${SUITES.join(', ')}; core is the scenarios without an IdP.
# idps: [${SUITES.join(', ')}]

# Only scenarios with one of these tags. Scenarios tagged scale (10,000-user syncs) run only when listed here.
# tags: [smoke]

# Only scenarios whose name matches this regular expression (case-insensitive).
# grep: "create|delete"

# Features whose absence fails the run instead of making the scenarios that need them not applicable:
# ${FEATURES.join(', ')}, or schema:<URN>.
# require: [groups, patch]

# Run only shard i of n (one per CI machine), then merge their report.json with \`scim-conformance merge-reports\`.
# shard: 1/4

# ---- Reports and verdict ---------------------------------------------------------------------------------

# Formats to write: ${REPORT_FORMATS.join(', ')} (${JSON_REPORT_FILE}, ${JUNIT_REPORT_FILE}, ${HTML_REPORT_FILE}, ${MARKDOWN_REPORT_FILE}).
reports: [${reports.join(', ')}]

# Folder for the reports, relative to this file (the CI workflow uploads from it: change both together).
out: ${OUT}

# The lowest failing check level that fails the run: must (only MUST failures fail) or should (SHOULD too).
failOn: must

# An earlier report.json: judge only regressions against it (new failures fail; fixed ones are listed).
# baseline: baseline/report.json

# Also write every exchange to <out>/exchanges.ndjson as it happens (credentials redacted).
# keepExchanges: false

# ---- Run -------------------------------------------------------------------------------------------------

# Seed of the simulated IdP directories (a scenario's own directory.seed wins).
# seed: 1

# Scenarios run side by side.
# concurrency: 4

# Time limit per request, in milliseconds (60 s is what Okta and Entra wait).
# timeoutMs: 60000

# Time limit per scenario, in milliseconds.
# scenarioTimeoutMs: 120000

# Stop at the first scenario that does not pass.
# bail: false
`;
}
