/**
 * Issue 11, finding 4: JSON nested 100,000 deep in a Bulk operation's `data` or in a search's `attributes`
 * overflowed the stack of a recursive walk (a 500). Bodies are capped at MAX_JSON_DEPTH levels at parse:
 * a 400 `invalidSyntax` naming the cap, nothing written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../../../vocabulary/constants.js';
import { MAX_JSON_DEPTH } from '../../../vocabulary/json.js';
import { expectScimError, patchBody, storeSnapshot, userBody } from '../../../provider/test-support.js';
import { expectStillServing, seededProvider, type Seeded } from './support.js';

/** `value` spliced, as raw text, where `"DEEP"` stands in `template` (JSON.stringify could not build it). */
function withDeep(template: unknown, levels: number): string {
  return JSON.stringify(template).replace('"DEEP"', `${'['.repeat(levels)}${']'.repeat(levels)}`);
}

let s: Seeded;
beforeEach(async () => {
  s = await seededProvider();
});
afterEach(() => s.t.close());

async function expectDepthRefused(method: string, path: string, body: string): Promise<void> {
  const before = storeSnapshot(s.t.provider);
  const res = await s.t.scim(method, path, { body });
  expectScimError(res, 400, 'invalidSyntax');
  expect(res.body.detail).toContain(String(MAX_JSON_DEPTH));
  expect(storeSnapshot(s.t.provider)).toBe(before);
  await expectStillServing(s);
}

const search = { schemas: [MESSAGE.searchRequest], attributes: 'DEEP' };

describe('JSON nested 100,000 deep → 400 invalidSyntax naming the cap', () => {
  it('in a Bulk operation’s data', async () => {
    const bulk = { schemas: [MESSAGE.bulkRequest], Operations: [{ method: 'POST', path: '/Users', bulkId: 'a', data: userBody('deep@example.com', { nickName: 'DEEP' }) }] };
    await expectDepthRefused('POST', '/Bulk', withDeep(bulk, 100_000));
  });

  it('in POST /.search attributes', async () => {
    await expectDepthRefused('POST', '/.search', withDeep(search, 100_000));
  });

  it('in POST /Users/.search attributes', async () => {
    await expectDepthRefused('POST', '/Users/.search', withDeep(search, 100_000));
  });

  it('in a resource body and in a PATCH value', async () => {
    await expectDepthRefused('POST', '/Users', withDeep(userBody('deep@example.com', { nickName: 'DEEP' }), 100_000));
    await expectDepthRefused('PATCH', `/Users/${s.userId}`, withDeep(patchBody({ op: 'add', path: 'nickName', value: 'DEEP' }), 100_000));
  });
});

describe('the cap, exactly', () => {
  it(`${MAX_JSON_DEPTH} levels is parsed (and refused, if at all, for what it says); ${MAX_JSON_DEPTH + 1} is refused as too deep`, async () => {
    // The body object is level 1, so the splice adds levels - 1 more.
    const atCap = await s.t.scim('POST', '/Users', { body: withDeep({ schemas: [SCHEMA.user], userName: 'cap@example.com', nickName: 'DEEP' }, MAX_JSON_DEPTH - 1) });
    expectScimError(atCap, 400, 'invalidValue');
    expect(atCap.body.detail).not.toContain('deeper');
    await expectDepthRefused('POST', '/Users', withDeep({ schemas: [SCHEMA.user], userName: 'cap@example.com', nickName: 'DEEP' }, MAX_JSON_DEPTH));
  });
});
