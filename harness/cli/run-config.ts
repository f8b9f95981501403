/** The config file under `run`'s flags: its fields turned into the flags they stand for, so one validation serves both. */
import { relative } from 'node:path';
import { findConfig, loadConfig, tokenEnvName, type ConfigFile } from './config.js';

/** `run`'s flag values as parseArgs gives them (strings, string lists, booleans). */
export interface RunFlags {
  target?: string;
  token?: string;
  transport?: string;
  idp?: string;
  tag?: string[];
  grep?: string;
  report?: string;
  out?: string;
  'fail-on'?: string;
  baseline?: string;
  seed?: string;
  concurrency?: string;
  timeout?: string;
  'scenario-timeout'?: string;
  bail?: boolean;
  require?: string[];
  'group-prefix'?: string;
  'keep-exchanges'?: boolean;
  shard?: string;
}

/** What the config says, in flag form; paths made relative to `cwd` so reports name files as a command line would. */
export function configAsFlags(config: ConfigFile, cwd: string): { flags: RunFlags; paths: string[] | undefined } {
  const text = (n: number | undefined) => (n === undefined ? undefined : String(n));
  const flags: RunFlags = {
    target: config.target,
    transport: config.transport,
    idp: config.idps?.join(','),
    tag: config.tags,
    grep: config.grep,
    report: config.reports?.join(','),
    out: config.out === undefined ? undefined : relative(cwd, config.out) || '.',
    'fail-on': config.failOn,
    baseline: config.baseline,
    seed: text(config.seed),
    concurrency: text(config.concurrency),
    timeout: text(config.timeoutMs),
    'scenario-timeout': text(config.scenarioTimeoutMs),
    bail: config.bail,
    require: config.require,
    'group-prefix': config.groupPrefix,
    'keep-exchanges': config.keepExchanges,
    shard: config.shard,
  };
  for (const key of Object.keys(flags) as (keyof RunFlags)[]) if (flags[key] === undefined) delete flags[key];
  return { flags, paths: config.paths?.map((p) => relative(cwd, p) || '.') };
}

/**
 * Flags over config: a flag given replaces the config's value (a list flag replaces the whole list). A target
 * named on the command line also drops the config's `transport`, which only means something for the embedded provider.
 */
export function overlay<T extends RunFlags>(flags: T, fromConfig: RunFlags): T {
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)) as T;
  const base: RunFlags = { ...fromConfig };
  if (given.target !== undefined) delete base.transport;
  return { ...base, ...given } as T;
}

export type ConfigChoice = { ok: true; config: ConfigFile | undefined; file: string | undefined; tokenEnv: string } | { ok: false; errors: string[] };

/** `--config FILE`, else a config file in `cwd` if there is one; errors come back as file:line:column lines. */
export async function chooseConfig(explicit: string | undefined, cwd: string): Promise<ConfigChoice> {
  let file: string | undefined;
  try {
    file = explicit ?? (await findConfig(cwd));
  } catch (error) {
    return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
  if (file === undefined) return { ok: true, config: undefined, file: undefined, tokenEnv: tokenEnvName(undefined) };
  const loaded = await loadConfig(file);
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  return { ok: true, config: loaded.config, file: loaded.file, tokenEnv: tokenEnvName(loaded.config) };
}
