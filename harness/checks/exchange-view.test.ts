/** Reading recorded bodies: JSON parsed once, with the depth guard every recursive check relies on. */
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../vocabulary/json.js';
import { parseJsonText } from './exchange-view.js';

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('parseJsonText', () => {
  it('parseJsonText refuses a document nested past the limit without overflowing the stack, and keeps one at it', () => {
    expect(parseJsonText(arrays(1_000_000))).toBeUndefined();
    expect(parseJsonText(arrays(MAX_JSON_DEPTH))).toEqual(JSON.parse(arrays(MAX_JSON_DEPTH)));
    expect(parseJsonText('   ')).toBeUndefined();
    expect(parseJsonText('{"a":')).toBeUndefined();
    expect(parseJsonText(undefined)).toBeUndefined();
  });
});
