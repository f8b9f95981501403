/** The shared body parser: the nesting cap and the `__proto__` rule, on the text, before any walk. */
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../vocabulary/json.js';
import { ScimError } from './error.js';
import { parseJsonBody } from './json-body.js';

function refusal(text: string): ScimError {
  try {
    parseJsonBody(text);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error(`accepted: ${text.slice(0, 80)}`);
}

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('parseJsonBody', () => {
  it('parses ordinary JSON, escapes and all', () => {
    expect(parseJsonBody('{"a":[1,{"b":"\\u0041"}],"c":"__proto__ as a value is fine"}')).toEqual({ a: [1, { b: 'A' }], c: '__proto__ as a value is fine' });
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1} with 400 invalidSyntax naming the cap`, () => {
    expect(() => parseJsonBody(nested(MAX_JSON_DEPTH))).not.toThrow();
    const error = refusal(nested(MAX_JSON_DEPTH + 1));
    expect([error.status, error.scimType]).toEqual([400, 'invalidSyntax']);
    expect(error.detail).toContain(String(MAX_JSON_DEPTH));
  });

  it('refuses 100,000 levels in one linear scan, without recursion', () => {
    expect(refusal(nested(100_000)).status).toBe(400);
  });

  it('brackets inside strings do not count as depth', () => {
    expect(parseJsonBody(JSON.stringify({ s: '['.repeat(1000) }))).toEqual({ s: '['.repeat(1000) });
  });

  it('refuses a __proto__ key at any depth, spelled plainly or with \\u escapes, with one message', () => {
    const details = ['{"__proto__":{}}', '{"a":[{"b":{"__proto__":1}}]}', '{"\\u005f_proto__":{}}', '{"__pr\\u006fto__":null}'].map((text) => {
      const error = refusal(text);
      expect([error.status, error.scimType]).toEqual([400, 'invalidSyntax']);
      return error.detail;
    });
    expect(new Set(details).size).toBe(1);
    expect(details[0]).toContain('__proto__');
  });

  it('malformed JSON is still 400 invalidSyntax', () => {
    expect(refusal('{"a":').scimType).toBe('invalidSyntax');
  });
});
