/** scim-conformance.config.{yaml,yml,json}: finding it, reading it with source positions, validating it, and refusing tokens in it. */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ReportFormat } from '../report/reporter.js';
import { ScenarioError } from '../scenario/errors.js';
import { issueError, sortedErrors } from '../scenario/load.js';
import { createLocator, pointerSegments } from '../scenario/positions.js';
import type { Issue } from '../scenario/schema.js';
import { didYouMean, listOf } from '../scenario/suggest.js';
import { parseScenarioYaml } from '../scenario/syntax.js';
import { FEATURES, type Feature } from '../scenario/types.js';
import { isPlainObject } from '../../vocabulary/json.js';
import { CONFIG_SCHEMA, DEFAULT_TOKEN_ENV, ENV_NAME_PATTERN, SUITES } from './config-schema.js';

export { DEFAULT_TOKEN_ENV } from './config-schema.js';

/** What a configuration file may hold; every key optional. Paths (`paths`, `out`, `baseline`) are absolute once loaded. */
export interface ConfigFile {
  /** SCIM base URL (http or https); absent: the embedded reference provider. */
  target?: string;
  /** Name of the environment variable holding the bearer token (default SCIM_TOKEN); never the token. */
  tokenEnv?: string;
  /** Scenario files or folders (the positional paths of `run`). */
  paths?: string[];
  /** IdP suites: the registered IdPs or `core`. */
  idps?: string[];
  tags?: string[];
  grep?: string;
  require?: Feature[];
  reports?: ReportFormat[];
  out?: string;
  failOn?: 'must' | 'should';
  baseline?: string;
  seed?: number;
  concurrency?: number;
  timeoutMs?: number;
  scenarioTimeoutMs?: number;
  bail?: boolean;
  groupPrefix?: string;
  keepExchanges?: boolean;
  transport?: 'http' | 'in-process';
  /** `i/n`, 1 ≤ i ≤ n. */
  shard?: string;
}

export type ConfigLoad = { ok: true; config: ConfigFile; file: string } | { ok: false; errors: string[] };

/** Looked for in this order; more than one in a folder is an error, since which one wins would be a guess. */
export const CONFIG_FILE_NAMES = ['scim-conformance.config.yaml', 'scim-conformance.config.yml', 'scim-conformance.config.json'] as const;

/** The configuration file in `cwd`, if any. Rejects when two or more of CONFIG_FILE_NAMES exist there. */
export async function findConfig(cwd: string): Promise<string | undefined> {
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const file = join(cwd, name);
    try {
      if ((await stat(file)).isFile()) found.push(file);
    } catch {
      // Absent is the common case, not a problem.
    }
  }
  if (found.length > 1) {
    throw new Error(`${listOf(found, 'and')} are both configuration files; keep one (which one wins would be a guess).`);
  }
  return found[0];
}

/** The token variable's name: the configuration's `tokenEnv`, else SCIM_TOKEN. `run` reads `env[tokenEnvName(config)]` unless --token is given. */
export function tokenEnvName(config: ConfigFile | undefined): string {
  return config?.tokenEnv ?? DEFAULT_TOKEN_ENV;
}

export async function loadConfig(file: string): Promise<ConfigLoad> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, errors: [new ScenarioError(file, 1, 1, `cannot read the file: ${(error as Error).message}`).format()] };
  }
  return loadConfigText(text, file);
}

/** `loadConfig` for text already read; `file` names it in errors and anchors its relative paths. */
export function loadConfigText(text: string, file: string): ConfigLoad {
  const failed = (errors: ScenarioError[]): ConfigLoad => ({ ok: false, errors: sortedErrors(errors).map((e) => e.format()) });
  // A file of comments only (what `init` writes, minus its few active lines) configures nothing: that is valid.
  if (text.split(/\r?\n/).every((line) => /^\s*(#.*|---\s*(#.*)?|\.\.\.\s*)?$/.test(line))) return built({}, file);
  if (/\.json$/i.test(file)) {
    // YAML reads JSON too, but its words for a JSON slip (a missing comma, a trailing one) are YAML's.
    const jsonError = jsonSyntaxError(text, file);
    if (jsonError !== undefined) return failed([jsonError]);
  }
  const parsed = parseScenarioYaml(text, file);
  if (!parsed.ok) return failed(parsed.errors);
  let data: unknown;
  try {
    data = parsed.document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return failed([new ScenarioError(file, 1, 1, `cannot read the YAML: ${(error as Error).message}`)]);
  }
  const locator = createLocator(parsed.document, parsed.lineCounter);
  const issues = [...secretIssues(data), ...schemaIssues(data)];
  const refused = new Set(issues.filter((i) => i.message.startsWith(REFUSED)).map((i) => String(i.path[0])));
  // A refused key also fails the schema (unknown key, `token`'s `not: {}`, a token as tokenEnv): the refusal says it better.
  const kept = issues.filter((i) => !(refused.has(String(i.path[0])) && !i.message.startsWith(REFUSED)));
  if (kept.length === 0) kept.push(...meaningIssues(data as ConfigFile));
  if (kept.length > 0) return failed(kept.map((issue) => issueError(issue, file, locator)));
  return built(data as ConfigFile & { $schema?: string }, file);
}

/** Relative paths are the config file's, not the working directory's: a config means the same from wherever `run` starts. */
function built(data: ConfigFile & { $schema?: string }, file: string): ConfigLoad {
  const absolute = resolve(file);
  const base = dirname(absolute);
  const { $schema: _ignored, ...config } = data;
  if (config.paths !== undefined) config.paths = config.paths.map((p) => resolve(base, p));
  if (config.out !== undefined) config.out = resolve(base, config.out);
  if (config.baseline !== undefined) config.baseline = resolve(base, config.baseline);
  return { ok: true, config, file: absolute };
}

const REFUSED = 'refused:';
const PUT_IT_IN_ENV = 'put the token in an environment variable and name it in tokenEnv (e.g. tokenEnv: SCIM_TOKEN)';
/** Keys under which people write credentials; a config file is committed, so none may hold one. */
const SECRET_KEY = /token|secret|passw(or)?d|credential|bearer|api[-_]?key|authori[sz]ation/i;

function secretIssues(data: unknown): Issue[] {
  if (!isPlainObject(data)) return [];
  const issues: Issue[] = [];
  for (const key of Object.keys(data)) {
    if (key === 'tokenEnv' || !SECRET_KEY.test(key)) continue;
    issues.push({ path: [key], atKey: true, message: `${REFUSED} '${key}' would put a credential in this file, which gets committed; ${PUT_IT_IN_ENV}` });
  }
  const tokenEnv = data.tokenEnv;
  if (typeof tokenEnv === 'string' && looksLikeToken(tokenEnv)) {
    issues.push({ path: ['tokenEnv'], message: `${REFUSED} this looks like a token, not the name of a variable (the value is not shown); ${PUT_IT_IN_ENV}` });
  }
  return issues;
}

/**
 * Variable names are short and, by convention, upper-case; tokens are long and mixed, or have a known shape
 * (Bearer …, a JWT, a GitHub or GitLab token). A false alarm costs a rename; a miss leaks a credential.
 */
export function looksLikeToken(value: string): boolean {
  if (/^(bearer|basic)\s/i.test(value) || /^eyJ[\w-]+\./.test(value) || /^(ghp|gho|ghs|ghu|github_pat|glpat|xox[abpr]|sk)[-_]/.test(value)) return true;
  if (!new RegExp(ENV_NAME_PATTERN).test(value)) return value.length >= 20 && !/\s/.test(value) && /[A-Za-z]/.test(value) && /\d/.test(value);
  return value.length >= 20 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // strict: a schema keyword typo is a bug here, not something to ignore silently.
  compiled ??= new Ajv2020({ allErrors: true, verbose: true, strict: true }).compile(CONFIG_SCHEMA);
  return compiled;
}

const PROPERTIES = Object.keys(isPlainObject(CONFIG_SCHEMA.properties) ? CONFIG_SCHEMA.properties : {}).filter((k) => k !== '$schema' && k !== 'token');

function schemaIssues(data: unknown): Issue[] {
  const validate = validator();
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // A failed `anyOf` is described once, by its own error, not by each branch it tried.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.instancePath}|${e.schemaPath}/`);
  return errors.filter((e) => !alternatives.some((a) => `${e.instancePath}|${e.schemaPath}`.startsWith(a))).map((e) => describe(e, data));
}

function describe(error: ErrorObject, data: unknown): Issue {
  const path = pointerSegments(error.instancePath, data);
  const key = String(path[0] ?? '');
  const params = error.params as Record<string, unknown>;
  // The token variable's value may be a pasted token: no message repeats it.
  const shown = key === 'tokenEnv' ? 'the value given' : kindOf(error.data);
  switch (error.keyword) {
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      return { path: [...path, unknown], atKey: true, message: `unknown key '${unknown}'${didYouMean(unknown, PROPERTIES)}; keys are ${listOf(PROPERTIES, 'and')}` };
    }
    case 'not':
      return { path, atKey: true, message: `${REFUSED} '${key}' would put a credential in this file, which gets committed; ${PUT_IT_IN_ENV}` };
    case 'type': {
      const raw = params.type;
      const types = (Array.isArray(raw) ? raw : [raw]).map((t) => TYPE_NAMES[String(t)] ?? String(t));
      return { path, message: `must be ${listOf(types)}, not ${shown}` };
    }
    case 'enum': {
      const allowed = (Array.isArray(params.allowedValues) ? params.allowedValues : []).map(String);
      return { path, message: `must be ${listOf(allowed.map((a) => `'${a}'`))}, not ${shown}${didYouMean(String(error.data), allowed)}` };
    }
    case 'anyOf':
      // Only `require` items have alternatives: a named feature or schema:<URN>.
      return { path, message: `unknown feature ${JSON.stringify(error.data)}${didYouMean(String(error.data), FEATURES)}; features are ${FEATURES.join(', ')}, or schema:<URN>` };
    case 'pattern':
      return { path, message: patternMessage(key, shown) };
    case 'minimum':
      return { path, message: `must be >= ${String(params.limit)}, not ${shown}` };
    case 'minItems':
      return { path, message: key === 'paths' ? 'must not be empty (leave paths out to run the bundled suites)' : 'must not be empty (leave the key out for the default)' };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'uniqueItems': {
      const items = Array.isArray(error.data) ? error.data : [];
      return { path, message: `lists ${JSON.stringify(items[Number(params.j)])} twice` };
    }
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

function patternMessage(key: string, shown: string): string {
  switch (key) {
    case 'target':
      return `must be an http(s) URL such as https://staging.example.com/scim/v2, not ${shown}`;
    case 'tokenEnv':
      return `must be the NAME of an environment variable (letters, digits and _, not starting with a digit), never the token itself: ${PUT_IT_IN_ENV}`;
    case 'tags':
      return `tag ${shown} must be lower-case letters, digits, '.', '_' or '-'`;
    case 'shard':
      return `must be 'i/n' with whole numbers from 1, e.g. 1/4, not ${shown}`;
    default:
      return `${shown} does not have the expected form`;
  }
}

/** What a schema cannot say: a URL that parses and carries no credential, a valid regular expression, a shard within its count. */
function meaningIssues(config: ConfigFile): Issue[] {
  const issues: Issue[] = [];
  if (config.target !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(config.target);
    } catch {
      issues.push({ path: ['target'], message: `must be an http(s) URL such as https://staging.example.com/scim/v2, not ${JSON.stringify(config.target)}` });
    }
    const secretParam = url === undefined ? undefined : [...url.searchParams.keys()].find((name) => SECRET_KEY.test(name));
    if (url !== undefined && (url.username !== '' || url.password !== '' || secretParam !== undefined)) {
      // The URL is not echoed: it holds the credential.
      issues.push({ path: ['target'], message: `${REFUSED} the URL carries a credential (${secretParam === undefined ? 'user:password@' : `?${secretParam}=`}); ${PUT_IT_IN_ENV}` });
    }
    if (config.transport !== undefined) {
      issues.push({ path: ['transport'], atKey: true, message: 'transport applies to the embedded provider only: remove it, or remove target' });
    }
  }
  if (config.grep !== undefined) {
    try {
      // The flags `run` uses: a pattern valid there is valid here.
      new RegExp(config.grep, 'i');
    } catch (error) {
      issues.push({ path: ['grep'], message: `not a valid regular expression: ${(error as Error).message}` });
    }
  }
  if (config.shard !== undefined) {
    const [index, count] = config.shard.split('/').map(Number);
    if (index !== undefined && count !== undefined && index > count) issues.push({ path: ['shard'], message: `shard ${index} of ${count} does not exist: i must be at most n` });
  }
  return issues;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

/** JSON.parse's reason, placed: Node says `… in JSON at position N`, which becomes line and column. */
function jsonSyntaxError(text: string, file: string): ScenarioError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    let reason = message.replace(/ in JSON at position \d+.*$/, '');
    if (Number.isNaN(offset)) return new ScenarioError(file, 1, 1, `JSON: ${reason}`);
    // `{ "a": 1, }` fails at the brace; the slip is the comma before it, perhaps lines earlier.
    const comma = /,\s*$/.exec(text.slice(0, offset));
    const at = comma !== null && /^[}\]]/.test(text.slice(offset).trimStart()) ? comma.index : offset;
    if (at !== offset) reason = 'a trailing comma is not allowed';
    const before = text.slice(0, at).split('\n');
    return new ScenarioError(file, before.length, (before[before.length - 1]?.length ?? 0) + 1, `JSON: ${reason}`);
  }
}

/** The IdP suites a configuration may name (re-exported for `run`'s flag check to share). */
export { SUITES };
