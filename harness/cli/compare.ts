/** `scim-conformance compare capture.har --idp <name>`: how faithfully a profile replays a captured IdP's traffic. */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { idpNames, idpProfile } from '../../mock-idp/index.js';
import { readDeclaredSettings } from '../../mock-idp/settings.js';
import { compareCapture } from '../compare/compare.js';
import { readHar } from '../compare/har.js';
import { parseCompareFormats, terminalLines, writeCompareReports } from '../compare/report.js';
import { EXIT, startCommand, type Io } from './io.js';

export const COMPARE_USAGE = `Usage: scim-conformance compare <capture.har> --idp <${idpNamesText()}> [options]

Recognises the IdP actions in a HAR 1.2 capture of real provisioning traffic (test connection, lookup and
create, update, deactivate and reactivate, delete, group push), has the profile perform the same actions
against the embedded reference provider, and lists the differences per action: requests missing or extra,
method, path, query encoding, headers, body shape (PATCH operations, paths, value types). Values (names,
ids, passwords) are not compared; shapes are.

Options:
  --idp NAME            the profile to compare with (required unless every entry names the same _idp)
  --settings FILE       the profile's settings (YAML or JSON), as a scenario's settings: block
  --report LIST         md,json: also write compare.md / compare.json
  --out DIR             where --report writes (default: reports/)

Exit codes: 0 no differences, 1 differences, 2 usage error or unreadable capture or settings.`;

function idpNamesText(): string {
  return idpNames().join('|');
}

export async function compareCommand(args: string[], io: Io): Promise<number> {
  const started = startCommand('compare', args, { idp: { type: 'string' }, settings: { type: 'string' }, report: { type: 'string' }, out: { type: 'string' } }, COMPARE_USAGE, io);
  if (typeof started === 'number') return started;
  const { values: v, positionals, usageError: fail } = started;
  if (positionals.length !== 1) return fail(`name one capture file.\n\n${COMPARE_USAGE}`);
  const file = positionals[0]!;
  const formats = v.report === undefined ? undefined : parseCompareFormats(v.report);
  if (formats !== undefined && !formats.ok) return fail(formats.error);

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const capture = readHar(text);
  if (!capture.ok) return fail(`${file}: ${capture.error}`);
  const idp = v.idp ?? capture.value.idp;
  if (idp === undefined) return fail(`--idp is required (${idpNamesText()}).`);
  const profile = idpProfile(idp);
  if (profile === undefined) return fail(`unknown --idp '${idp}' (${idpNamesText()}).`);

  let settings: Record<string, unknown> = {};
  if (v.settings !== undefined) {
    const read = await readSettingsFile(v.settings);
    if (!read.ok) return fail(`${v.settings}: ${read.error}`);
    settings = read.settings;
  }
  // Checked here so a bad file is a usage error naming it, not a profile that fails every action.
  const checked = readDeclaredSettings(profile.declaration, settings);
  if (!checked.ok) return fail(`${v.settings ?? 'settings'}: ${checked.error}`);

  let report: Awaited<ReturnType<typeof compareCapture>>;
  try {
    report = await compareCapture(capture.value, { profile, settings, source: file });
  } catch (error) {
    // The replay could not start (e.g. a resource the capture links to is one the reference provider refuses).
    return fail(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const line of terminalLines(report)) io.out(line);
  if (formats !== undefined) {
    const dir = v.out ?? 'reports';
    try {
      for (const written of await writeCompareReports(report, formats.formats, dir)) io.out(`report: ${written}`);
    } catch (error) {
      return fail(`could not write reports to ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return report.differences.length === 0 ? EXIT.conformant : EXIT.failures;
}

async function readSettingsFile(path: string): Promise<{ ok: true; settings: Record<string, unknown> } | { ok: false; error: string }> {
  let raw: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    raw = parseYaml(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (raw === null || raw === undefined) return { ok: true, settings: {} };
  // A scenario file's shape (`settings:` at the top) is accepted too, so one file serves both.
  const value = typeof raw === 'object' && !Array.isArray(raw) && 'settings' in raw ? (raw as { settings: unknown }).settings : raw;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'the settings must be a mapping' };
  return { ok: true, settings: value as Record<string, unknown> };
}
