/**
 * Issue 12: a resource's rendering is kept per stored revision and base URL, with its JSON text, and a compiled
 * filter per text; these pin that what a client reads is never a stale copy (writes, renamed groups, renamed
 * members, other base URLs, projections, the same filter before and after a write) and that the text sent is
 * exactly the body's JSON.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
import type { ScimRequest, ScimResponse } from './http-types.js';
import { serializeBody } from './messages/serialized.js';
import { createProvider } from './provider.js';
import { TEST_TOKEN } from './test-support.js';

type Json = Record<string, unknown>;

function setUp() {
  const provider = createProvider({ token: TEST_TOKEN });
  const call = (method: string, path: string, options: { query?: string; body?: unknown; baseUrl?: string } = {}): ScimResponse => {
    const request: ScimRequest = {
      method,
      path,
      query: new URLSearchParams(options.query ?? ''),
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/scim+json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      baseUrl: options.baseUrl ?? 'http://a.test/scim/v2',
    };
    return provider.handler(request);
  };
  const user = (userName: string, displayName: string): string => {
    const res = call('POST', '/Users', { body: { schemas: [SCHEMA.user], userName, displayName } });
    expect(res.status).toBe(201);
    return String((res.body as Json).id);
  };
  return { provider, call, user };
}

const body = (res: ScimResponse) => res.body as Json;
const replace = (path: string, value: unknown) => ({ schemas: [MESSAGE.patchOp], Operations: [{ op: 'replace', path, value }] });

describe('kept renderings', () => {
  it('answers repeated reads with the same text as a fresh serialisation', () => {
    const { call, user } = setUp();
    const id = user('ada@example.com', 'Ada');
    const first = call('GET', `/Users/${id}`);
    const second = call('GET', `/Users/${id}`);
    expect(serializeBody(second.body)).toBe(JSON.stringify(second.body));
    expect(second.body).toEqual(first.body);
    const list = call('GET', '/Users', { query: 'filter=userName eq "ada@example.com"' });
    expect(serializeBody(list.body)).toBe(JSON.stringify(list.body));
    expect((body(list).Resources as Json[])[0]).toEqual(first.body);
  });

  it('shows a write at once, with its new version', () => {
    const { call, user } = setUp();
    const id = user('ada@example.com', 'Ada');
    const before = call('GET', `/Users/${id}`);
    expect(call('PATCH', `/Users/${id}`, { body: replace('displayName', 'Ada L.') }).status).toBe(200);
    const after = call('GET', `/Users/${id}`);
    expect(body(after).displayName).toBe('Ada L.');
    expect(after.headers.ETag).not.toBe(before.headers.ETag);
    expect(JSON.parse(serializeBody(after.body))).toMatchObject({ displayName: 'Ada L.', meta: { version: after.headers.ETag } });
  });

  it('names the base URL the request came to, not the one of an earlier read', () => {
    const { call, user } = setUp();
    const id = user('ada@example.com', 'Ada');
    call('GET', `/Users/${id}`, { baseUrl: 'http://a.test/scim/v2' });
    const other = call('GET', `/Users/${id}`, { baseUrl: 'http://b.test/scim/v2' });
    expect((body(other).meta as Json).location).toBe(`http://b.test/scim/v2/Users/${id}`);
    expect(serializeBody(other.body)).toContain('http://b.test/scim/v2/Users/');
  });

  it("follows a group's new name in its member's groups, and a member's new name in the group", () => {
    const { call, user } = setUp();
    const id = user('ada@example.com', 'Ada');
    const group = call('POST', '/Groups', { body: { schemas: [SCHEMA.group], displayName: 'Engineering', members: [{ value: id }] } });
    const groupId = String(body(group).id);
    expect(body(call('GET', `/Users/${id}`)).groups).toMatchObject([{ value: groupId, display: 'Engineering' }]);
    call('PATCH', `/Groups/${groupId}`, { body: replace('displayName', 'Research') });
    expect(body(call('GET', `/Users/${id}`)).groups).toMatchObject([{ value: groupId, display: 'Research' }]);
    call('GET', `/Groups/${groupId}`);
    call('PATCH', `/Users/${id}`, { body: replace('displayName', 'Ada L.') });
    expect(body(call('GET', `/Groups/${groupId}`)).members).toMatchObject([{ value: id, display: 'Ada L.' }]);
  });

  it('applies attributes and excludedAttributes after a plain read', () => {
    const { call, user } = setUp();
    const id = user('ada@example.com', 'Ada');
    call('GET', `/Users/${id}`);
    expect(body(call('GET', `/Users/${id}`, { query: 'attributes=userName' }))).not.toHaveProperty('displayName');
    expect(body(call('GET', `/Users/${id}`, { query: 'excludedAttributes=displayName' }))).not.toHaveProperty('displayName');
    expect(body(call('GET', `/Users/${id}`))).toHaveProperty('displayName', 'Ada');
  });

  it('hands out a kept body frozen, so no caller can make it differ from its text', () => {
    const { call, user } = setUp();
    const id = user('ada@example.com', 'Ada');
    const read = call('GET', `/Users/${id}`);
    expect(Object.isFrozen(read.body)).toBe(true);
    expect(() => {
      (read.body as Json).displayName = 'Mallory';
    }).toThrow(TypeError);
    expect(body(call('GET', `/Users/${id}`)).displayName).toBe('Ada');
  });
  it('keeps one rendering per live resource: none for a superseded revision or a deleted resource', () => {
    const { provider, call, user } = setUp();
    const users = provider.services.find((s) => s.name === 'User')!;
    const ids = [user('ada@example.com', 'Ada'), user('grace@example.com', 'Grace')];
    for (let i = 0; i < 50; i += 1) {
      for (const id of ids) {
        expect(call('PATCH', `/Users/${id}`, { body: replace('displayName', `Name ${i}`) }).status).toBe(200);
        expect(body(call('GET', `/Users/${id}`)).displayName).toBe(`Name ${i}`);
      }
    }
    expect(users.keptRenderings).toBe(2);
    expect(call('DELETE', `/Users/${ids[0]}`).status).toBe(204);
    expect(users.keptRenderings).toBe(1);
    expect(call('GET', `/Users/${ids[0]}`).status).toBe(404);
  });
});

describe('kept compiled filters', () => {
  it('answers the same filter text from the store as it is now', () => {
    const { call, user } = setUp();
    const query = 'filter=userName eq "ada@example.com"';
    expect(body(call('GET', '/Users', { query })).totalResults).toBe(0);
    const id = user('ada@example.com', 'Ada');
    expect(body(call('GET', '/Users', { query })).totalResults).toBe(1);
    call('PATCH', `/Users/${id}`, { body: replace('userName', 'grace@example.com') });
    expect(body(call('GET', '/Users', { query })).totalResults).toBe(0);
    expect(body(call('GET', '/Users', { query: 'filter=displayName eq "Ada"' })).totalResults).toBe(1);
    call('DELETE', `/Users/${id}`);
    expect(body(call('GET', '/Users', { query: 'filter=displayName eq "Ada"' })).totalResults).toBe(0);
  });

  it('refuses an invalid filter every time, never keeping it', () => {
    const { call } = setUp();
    for (let i = 0; i < 2; i += 1) {
      const res = call('GET', '/Users', { query: 'filter=password eq "x"' });
      expect(res.status).toBe(400);
      expect(body(res).scimType).toBe('invalidFilter');
    }
  });
});
