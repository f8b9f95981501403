// `npm run gen:validators`: rewrites harness/spec/validators.generated.ts after a change to the spec schemas.
import { writeFileSync } from 'node:fs';
import { validatorModuleSource } from '../harness/spec/codegen.js';

const target = new URL('../harness/spec/validators.generated.ts', import.meta.url);
writeFileSync(target, validatorModuleSource());
console.log(`wrote ${target.pathname}`);
