import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specAjv, validatorModuleSource } from './codegen.js';
import { SPEC_SCHEMA_NAMES, SPEC_SCHEMAS } from './json-schemas.js';
import * as generated from './validators.generated.js';

describe('the precompiled spec validators', () => {
  it('are what the schemas make now (after a schema change: npm run gen:validators)', () => {
    const written = readFileSync(new URL('./validators.generated.ts', import.meta.url), 'utf8');
    expect(written === validatorModuleSource(), 'harness/spec/validators.generated.ts is stale: run npm run gen:validators').toBe(true);
  });

  it('judge as ajv compiling the schemas at run time does, errors and all', () => {
    const ajv = specAjv();
    const samples: [(typeof SPEC_SCHEMA_NAMES)[number], unknown][] = [
      ['User', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'a', userName: 'u', meta: { created: '2026-01-01T00:00:00Z', location: 'https://x/Users/a' } }],
      ['User', { schemas: ['urn:x'], id: 'bulkId:1', userName: '', meta: { created: 'yesterday', location: 'not a uri ::' }, emails: [{ value: 1 }] }],
      ['Group', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g', displayName: 'G', members: [{ value: 'a', $ref: 'https://x/Users/a' }] }],
      ['ListResponse', { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: '3', Resources: {} }],
      ['Error', { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: 400, scimType: 'nope' }],
      ['PatchOp', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'move' }] }],
    ];
    for (const [name, value] of samples) {
      const compiled = ajv.getSchema(String(SPEC_SCHEMAS[name].$id))!;
      const precompiled = generated[name] as typeof compiled;
      expect(precompiled(value), `${name} ${JSON.stringify(value)}`).toBe(compiled(value));
      expect(precompiled.errors ?? null).toEqual(compiled.errors ?? null);
    }
    // Both answers above include failures, not only passes.
    expect(samples.filter(([name, value]) => !(generated[name] as (v: unknown) => boolean)(value)).length).toBeGreaterThan(3);
  });
});
