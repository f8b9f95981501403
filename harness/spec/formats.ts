/** The string formats the spec schemas use: ajv-formats' full set plus the XSD dateTime RFC 7643 §2.3.5 names. */
import { createRequire } from 'node:module';
import type { Format } from 'ajv/dist/2020.js';
import { isXsdDateTime } from './datetime.js';
import { XSD_DATE_TIME_FORMAT } from './json-schemas.js';

// ajv-formats is CommonJS; its `formats` module holds the definitions without the plugin around them.
const require = createRequire(import.meta.url);
const { fullFormats } = require('ajv-formats/dist/formats') as typeof import('ajv-formats/dist/formats.js');

/**
 * By name, as the precompiled validators (validators.generated.ts) look them up at run time and as the code
 * generator (codegen.ts) registers them with ajv: one object, so the generated code finds what it was built with.
 */
export const SPEC_FORMATS: Readonly<Record<string, Format>> = {
  ...fullFormats,
  [XSD_DATE_TIME_FORMAT]: { type: 'string', validate: isXsdDateTime },
};
