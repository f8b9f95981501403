/** `scim-conformance import capture.har`: writes a scenario that replays a HAR capture of SCIM traffic. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { HarError, ImportError, importCapture, readHar, type ImportSummary } from '../import/index.js';
import { formatErrors, loadScenarioText } from '../scenario/index.js';
import { EXIT, startCommand, type Io } from './io.js';

export const IMPORT_USAGE = `Usage: scim-conformance import capture.har [--out scenario.yaml] [--name NAME] [--force]

Turns a HAR 1.2 capture of an IdP's SCIM traffic into a scenario of raw requests that replays it: the IdP's
own headers (not Authorization: the run sends the target's token), ids the target answered saved and reused,
created userNames, emails, externalIds and group names made unique per run, and each step expecting the
recorded status and the stable part of the recorded body. Check it with 'validate', replay it with 'run'.

  --out FILE    write the scenario there (default: print it on stdout, the summary on stderr)
  --name NAME   the scenario's name (default: "Imported capture <file>")
  --force       overwrite FILE if it exists`;

export async function importCommand(args: string[], io: Io): Promise<number> {
  const started = startCommand('import', args, { out: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' } }, IMPORT_USAGE, io);
  if (typeof started === 'number') return started;
  const { values: v, positionals, usageError: usageError } = started;
  if (positionals.length !== 1) return usageError(`give exactly one capture file.\n\n${IMPORT_USAGE}`);
  const file = positionals[0]!;
  if (v.name !== undefined && v.name.trim() === '') return usageError('--name must not be empty.');
  // Checked before reading the capture, so a refused overwrite costs nothing and says so first.
  if (v.out !== undefined && v.force !== true && existsSync(v.out)) return usageError(`${v.out} already exists; nothing written. Pass --force to overwrite.`);

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`${file}: cannot read the file (${error instanceof Error ? error.message : String(error)})`);
    return EXIT.usage;
  }
  let result;
  try {
    result = importCapture(readHar(text, file), { file, ...(v.name === undefined ? {} : { name: v.name }) });
  } catch (error) {
    if (error instanceof HarError) io.err(error.message);
    else if (error instanceof ImportError) io.err(`${file}: ${error.message}`);
    else throw error;
    return EXIT.usage;
  }

  // What import writes must load; a failure here is the importer's bug, reported rather than written.
  const check = loadScenarioText(result.yaml, v.out ?? 'imported.yaml');
  if (!check.ok) {
    io.err(`scim-conformance import: the scenario made from ${file} does not validate (an importer bug, please report it):\n${formatErrors(check.errors)}`);
    return EXIT.failures;
  }

  const summary = summaryLines(file, result.summary);
  if (v.out === undefined) {
    io.out(result.yaml.trimEnd());
    for (const line of summary) io.err(line);
  } else {
    await writeFile(v.out, result.yaml);
    for (const line of [...summary, `Wrote ${v.out}. Replay it: scim-conformance run ${v.out}`]) io.out(line);
  }
  return EXIT.conformant;
}

function summaryLines(file: string, s: ImportSummary): string[] {
  const lines = [
    `${file}: ${s.entries} entr${s.entries === 1 ? 'y' : 'ies'} → ${s.steps} step(s) below ${s.baseUrl ?? '?'}${s.idp ? ` (idp: ${s.idp})` : ''}; ` +
      `${s.idsParameterised} id(s)/ETag(s) parameterised, ${s.valuesMadeUnique} value(s) made run-unique, ${s.skipped.length} entr${s.skipped.length === 1 ? 'y' : 'ies'} skipped.`,
  ];
  for (const skip of s.skipped) lines.push(`  skipped entry ${skip.entry} (${skip.method} ${skip.url}): ${skip.reason}`);
  for (const warning of s.warnings) lines.push(`  note: ${warning}`);
  return lines;
}

