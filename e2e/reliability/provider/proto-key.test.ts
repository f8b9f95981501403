/**
 * Issue 11, finding 5: a `__proto__` key was refused by `POST /Users` but silently dropped inside a Bulk
 * operation (201, the value gone). One rule now holds wherever a body is accepted: the same 400.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE } from '../../../vocabulary/constants.js';
import { expectScimError, groupBody, patchBody, storeSnapshot, userBody } from '../../../provider/test-support.js';
import { expectStillServing, seededProvider, type Seeded } from './support.js';

/** `template` as JSON with its `"PROTO"` key renamed `__proto__` (an object literal cannot carry it as data). */
function withProto(template: unknown): string {
  return JSON.stringify(template).replace('"PROTO"', '"__proto__"');
}

let s: Seeded;
beforeEach(async () => {
  s = await seededProvider();
});
afterEach(() => s.t.close());

const poisoned = { PROTO: { isAdmin: true } };

async function refused(method: string, path: string, body: string): Promise<string> {
  const before = storeSnapshot(s.t.provider);
  const res = await s.t.scim(method, path, { body });
  expectScimError(res, 400, 'invalidSyntax');
  expect(res.body.detail).toContain('__proto__');
  expect(storeSnapshot(s.t.provider)).toBe(before);
  return res.text;
}

describe('__proto__ anywhere in a body → the same 400 invalidSyntax, nothing written', () => {
  it('inside a Bulk operation’s data (was: 201 with the key dropped)', async () => {
    const bulk = { schemas: [MESSAGE.bulkRequest], Operations: [{ method: 'POST', path: '/Users', bulkId: 'a', data: userBody('bulk@example.com', poisoned) }] };
    await refused('POST', '/Bulk', withProto(bulk));
    await expectStillServing(s);
  });

  it('every route that takes a body answers exactly as POST /Users does', async () => {
    const users = await refused('POST', '/Users', withProto(userBody('p@example.com', poisoned)));
    const answers = [
      await refused('POST', '/Groups', withProto(groupBody('G', [], poisoned))),
      await refused('PUT', `/Users/${s.userId}`, withProto(userBody('seeded@example.com', poisoned))),
      await refused('PATCH', `/Users/${s.userId}`, withProto(patchBody({ op: 'add', value: poisoned }))),
      await refused('POST', '/Users/.search', withProto({ schemas: [MESSAGE.searchRequest], ...poisoned })),
      await refused('POST', '/.search', withProto({ schemas: [MESSAGE.searchRequest], ...poisoned })),
      await refused('POST', '/Bulk', withProto({ schemas: [MESSAGE.bulkRequest], Operations: [{ method: 'PATCH', path: `/Users/${s.userId}`, data: patchBody({ op: 'add', path: 'name', value: poisoned }) }] })),
    ];
    for (const answer of answers) expect(answer).toBe(users);
    await expectStillServing(s);
  });

  it('also when the key is spelled with \\u escapes', async () => {
    const escaped = JSON.stringify(userBody('esc@example.com', { PROTO: {} })).replace('"PROTO"', '"\\u005f_proto\\u005f_"');
    await refused('POST', '/Users', escaped);
  });
});
