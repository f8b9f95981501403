/** What every command shares: the terminal it writes to, exit codes, the tool's version, flag parsing. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { packageFile } from '../package-root.js';

export const EXIT = { conformant: 0, failures: 1, usage: 2, target: 3, interrupted: 130 } as const;

let version: string | undefined;

/** Read on first use, not at import: `--version` and `checks` start without reading more than they need. */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  isTty: boolean;
  /** On a terminal: replaces the one live status line (an empty string clears it). */
  status?: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C / SIGTERM: the run stops, cleans up and writes its reports. */
  signal?: AbortSignal;
}

/** The config `parse` hands to parseArgs: the command's options plus `--help`. */
type ParseConfig<T> = { args: string[]; options: T & { help: { type: 'boolean'; short: string } }; allowPositionals: true; strict: true };

/** Spelled out (not inferred) because the inferred type names an unexported @types/node type, which a declaration build cannot emit. */
export type Parsed<T extends ParseArgsConfig['options']> = ReturnType<typeof parseArgs<ParseConfig<T>>>;

export function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, usage: string, io: Io): Parsed<T> | undefined {
  try {
    const config: ParseConfig<T> = { args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true };
    return parseArgs(config);
  } catch (error) {
    io.err(`scim-conformance: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return undefined;
  }
}

/** A started command: its flags and positionals, and how it reports a usage error (exit 2). */
export interface Started<T extends ParseArgsConfig['options']> {
  values: Parsed<T>['values'];
  positionals: string[];
  usageError: (message: string) => number;
}

/**
 * The start every command shares: flags parsed (an unknown one is a usage error), `--help` answered with `usage`;
 * a number when the command is already done (its exit code).
 */
export function startCommand<T extends ParseArgsConfig['options']>(name: string, args: string[], options: T, usage: string, io: Io): Started<T> | number {
  const parsed = parse(args, options, usage, io);
  if (!parsed) return EXIT.usage;
  // Every command's options include `help` (parse adds it); the generic type cannot see that.
  if ((parsed.values as { help?: boolean }).help) {
    io.out(usage);
    return EXIT.conformant;
  }
  const usageError = (message: string) => {
    io.err(`scim-conformance ${name}: ${message}\n\nSee 'scim-conformance ${name} --help'.`);
    return EXIT.usage;
  };
  return { values: parsed.values, positionals: parsed.positionals, usageError };
}
