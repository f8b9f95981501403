/** Reading a HAR 1.2 file back (a `record` capture, a run's report.har, a browser's export) into typed entries, or a reason it cannot be. */
import { readFile } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { HarEntry, HarFile } from './har.js';
import { HAR_SCHEMA } from './schema.js';

export type HarReadResult = { ok: true; file: string; har: HarFile; entries: HarEntry[] } | { ok: false; file: string; error: string };

let validator: ValidateFunction | undefined;

/** The compiled HAR 1.2 schema (harness/har/schema.ts). */
export function harValidator(): ValidateFunction {
  if (!validator) {
    // strict off: the schema leaves `_`-custom and unknown HAR fields open, as HAR 1.2 allows.
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    validator = ajv.compile(HAR_SCHEMA);
  }
  return validator;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const shown = (errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  const more = (errors?.length ?? 0) > shown.length ? ` (and ${(errors?.length ?? 0) - shown.length} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Checks text as HAR 1.2; `file` only names it in the error. */
export function parseHar(text: string, file = '<har>'): HarReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, file, error: `${file}: not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const validate = harValidator();
  if (!validate(value)) {
    const version = (value as { log?: { version?: unknown } } | null)?.log?.version;
    const hint = version !== undefined && version !== '1.2' ? ` (log.version is ${JSON.stringify(version)}; only HAR 1.2 is read)` : '';
    return { ok: false, file, error: `${file}: not a HAR 1.2 file: ${describe(validate.errors)}${hint}` };
  }
  const har = value as HarFile;
  return { ok: true, file, har, entries: har.log.entries };
}

/** Reads and checks a HAR 1.2 file: its entries in file order, or an error naming the file and the reason. */
export async function readHar(file: string): Promise<HarReadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, file, error: `${file}: cannot read (${error instanceof Error ? error.message : String(error)})` };
  }
  return parseHar(text, file);
}
