/** `scim-conformance validate`: lint scenario files without running them. */
import { EXIT, parse, type Io } from './io.js';
import { loadAll } from './load.js';

export async function validateCommand(args: string[], io: Io): Promise<number> {
  const usage = 'Usage: scim-conformance validate [paths...]\n\nChecks scenario files (default: the bundled suites) against scenarios/scenario.schema.json and for meaning;\nprints file:line:column: reason.';
  const parsed = parse(args, {}, usage, io);
  if (!parsed) return EXIT.usage;
  if (parsed.values.help) {
    io.out(usage);
    return EXIT.conformant;
  }
  const scenarios = await loadAll(parsed.positionals, io);
  if (!scenarios) return EXIT.usage;
  io.out(`${scenarios.length} scenario file(s) valid.`);
  return EXIT.conformant;
}

