/** The configuration file's JSON Schema, built from the lists the CLI checks against, and its published copy (schemas/config.schema.json). */
import { writeFileSync } from 'node:fs';
import { OPTIONAL_REPORT_FORMATS, REPORT_FORMATS } from '../report/reporter.js';
import { FEATURES, IDPS } from '../scenario/types.js';

/** Where `run` looks for the token when the configuration names no variable (the `--token` flag's fallback). */
export const DEFAULT_TOKEN_ENV = 'SCIM_TOKEN';

/** An environment variable's name as POSIX shells accept it: a token would rarely fit, and never a URL or `Bearer …`. */
export const ENV_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
export const SHARD_PATTERN = '^[1-9][0-9]*/[1-9][0-9]*$';
export const TARGET_PATTERN = '^https?://[^\\s/?#]+([/?#]\\S*)?$';
const TAG_PATTERN = '^[a-z0-9][a-z0-9._-]*$';
const SCHEMA_FEATURE_PATTERN = '^schema:urn:\\S+$';

/** The IdP suites `--idp` and `idps` select: the registered profiles, plus `core` for scenarios without an IdP. */
export const SUITES: readonly string[] = [...IDPS, 'core'];

/**
 * Generated rather than hand-written so a new IdP profile, feature or report format reaches the schema without
 * anyone remembering to edit it; `config.test.ts` fails when the published file lags behind.
 */
export const CONFIG_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:scim-conformance:schema:config:1',
  title: 'scim-conformance configuration',
  description:
    'scim-conformance.config.yaml (or .yml, .json): the settings of `scim-conformance run`, read from the working directory. Every key is optional; a command-line flag overrides the key it corresponds to. Relative paths (paths, out, baseline) are relative to this file. The bearer token never goes here: put it in an environment variable and name that variable in tokenEnv.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: {
      title: 'Schema reference',
      description: 'Where editors find this schema, e.g. ./node_modules/scim-conformance/schemas/config.schema.json. Ignored by the loader.',
      type: 'string',
    },
    target: {
      title: 'Target',
      description: 'SCIM base URL of the endpoint under test, e.g. https://staging.example.com/scim/v2 (flag --target). Leave it out to test the embedded reference provider. No credentials in the URL.',
      type: 'string',
      pattern: TARGET_PATTERN,
    },
    tokenEnv: {
      title: 'Token environment variable',
      description: `The NAME of the environment variable that holds the target's bearer token (default ${DEFAULT_TOKEN_ENV}); the flag --token overrides it. Never the token itself.`,
      type: 'string',
      pattern: ENV_NAME_PATTERN,
      default: DEFAULT_TOKEN_ENV,
    },
    token: {
      title: 'Refused',
      description: 'Never put the token in this file (it ends up in version control): put it in an environment variable and name it in tokenEnv.',
      not: {},
    },
    paths: {
      title: 'Scenario paths',
      description: "Scenario files or folders to run, relative to this file (the command line's positional paths). Default: the bundled suites.",
      type: 'array',
      minItems: 1,
      items: { title: 'Scenario file or folder', type: 'string', minLength: 1 },
    },
    idps: {
      title: 'IdP suites',
      description: `Only these IdP suites (flag --idp): ${SUITES.join(', ')}; core is the scenarios without an IdP. Default: all.`,
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { title: 'IdP suite', type: 'string', enum: [...SUITES] },
    },
    tags: {
      title: 'Tags',
      description: 'Only scenarios with one of these tags (flag --tag). Scenarios tagged scale run only when listed here or named in paths.',
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { title: 'Tag', description: "Lower-case word: letters, digits, '.', '_' or '-'.", type: 'string', pattern: TAG_PATTERN },
    },
    grep: {
      title: 'Name filter',
      description: 'Only scenarios whose name matches this regular expression, case-insensitive (flag --grep).',
      type: 'string',
      minLength: 1,
    },
    require: {
      title: 'Required features',
      description: `Features whose absence fails the run instead of making scenarios not applicable (flag --require): ${FEATURES.join(', ')}, or schema:<URN>.`,
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        title: 'Feature',
        type: 'string',
        anyOf: [
          { type: 'string', enum: [...FEATURES] },
          { type: 'string', pattern: SCHEMA_FEATURE_PATTERN },
        ],
      },
    },
    reports: {
      title: 'Report formats',
      description: `Reports to write (flag --report): ${REPORT_FORMATS.join(', ')}, or ${OPTIONAL_REPORT_FORMATS.join(', ')} (every exchange as HAR 1.2, only when named). Default: the first four.`,
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { title: 'Report format', type: 'string', enum: [...REPORT_FORMATS, ...OPTIONAL_REPORT_FORMATS] },
    },
    out: {
      title: 'Report folder',
      description: 'Where reports go, relative to this file (flag --out). Default: reports.',
      type: 'string',
      minLength: 1,
    },
    failOn: {
      title: 'Fail on',
      description: 'The lowest failing check level that fails the run (flag --fail-on): must (default) or should.',
      type: 'string',
      enum: ['must', 'should'],
      default: 'must',
    },
    baseline: {
      title: 'Baseline',
      description: 'An earlier report.json, relative to this file: judge only regressions against it (flag --baseline).',
      type: 'string',
      minLength: 1,
    },
    seed: {
      title: 'Seed',
      description: "Seed of the simulated IdP directories (flag --seed; default 1; a scenario's own directory.seed wins).",
      type: 'integer',
      minimum: 0,
      default: 1,
    },
    concurrency: {
      title: 'Concurrency',
      description: 'Scenarios run side by side (flag --concurrency; default 4).',
      type: 'integer',
      minimum: 1,
      default: 4,
    },
    timeoutMs: {
      title: 'Request timeout (ms)',
      description: 'Time limit per request in milliseconds (flag --timeout; default 60000, what Okta and Entra wait).',
      type: 'integer',
      minimum: 1,
      default: 60000,
    },
    scenarioTimeoutMs: {
      title: 'Scenario timeout (ms)',
      description: 'Time limit per scenario in milliseconds (flag --scenario-timeout; default 120000).',
      type: 'integer',
      minimum: 1,
      default: 120000,
    },
    bail: {
      title: 'Bail',
      description: 'Stop at the first scenario that does not pass (flag --bail; default false).',
      type: 'boolean',
      default: false,
    },
    groupPrefix: {
      title: 'Group prefix',
      description: "Put this before every group name the run creates, for a target with a naming rule (flag --group-prefix), e.g. 'acme:' for Docker Hub's organization:team.",
      type: 'string',
      minLength: 1,
    },
    keepExchanges: {
      title: 'Keep exchanges',
      description: 'Write every exchange to <out>/exchanges.ndjson as it happens (flag --keep-exchanges; default false).',
      type: 'boolean',
      default: false,
    },
    transport: {
      title: 'Transport',
      description: 'Embedded provider only: http (default, a real socket) or in-process (no socket) (flag --transport). An error beside target in this file; ignored when --target is given on the command line.',
      type: 'string',
      enum: ['http', 'in-process'],
      default: 'http',
    },
    shard: {
      title: 'Shard',
      description: "Run only shard i of n, written 'i/n' (flag --shard); merge the shards' report.json with merge-reports.",
      type: 'string',
      pattern: SHARD_PATTERN,
    },
  },
};

/** The published file's exact text. */
export function configSchemaText(): string {
  return `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`;
}

/** `npx tsx harness/cli/config-schema.ts` rewrites schemas/config.schema.json after the lists above change. */
if (process.argv[1]?.endsWith('config-schema.ts')) {
  writeFileSync(new URL('../../schemas/config.schema.json', import.meta.url), configSchemaText());
}
