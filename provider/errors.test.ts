/**
 * RFC 7644 §3.12 error responses over HTTP: every failure is a SCIM Error body with the right status and
 * `scimType`, and a failed write leaves the store as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA } from '../vocabulary/constants.js';
import { create, expectScimError, expectScimJson, startProvider, storeSnapshot, userBody, type ScimCallOptions, type ScimResult, type TestProvider } from './test-support.js';

let t: TestProvider;
let existingId = '';

beforeAll(async () => {
  t = await startProvider({ limits: { maxPayloadSize: 1024 } });
  existingId = (await create(t.scim, '/Users', userBody('existing@example.com', { displayName: 'Existing' }))).id;
});
afterAll(() => t.close());

/** Sends a request that must fail with this error and change nothing. */
async function fails(method: string, path: string, options: ScimCallOptions, status: number, scimType: string | null): Promise<ScimResult> {
  const before = storeSnapshot(t.provider);
  const res = await t.scim(method, path, options);
  expectScimError(res, status, scimType);
  expect(storeSnapshot(t.provider)).toBe(before);
  return res;
}

describe('request bodies', () => {
  it('malformed JSON → 400 invalidSyntax', async () => {
    await fails('POST', '/Users', { body: '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": ' }, 400, 'invalidSyntax');
    await fails('PUT', `/Users/${existingId}`, { body: '{not json}' }, 400, 'invalidSyntax');
    await fails('PATCH', `/Users/${existingId}`, { body: "{'single': 'quotes'}" }, 400, 'invalidSyntax');
  });

  it('a JSON value that is not an object → 400 invalidSyntax', async () => {
    await fails('POST', '/Users', { body: '[]' }, 400, 'invalidSyntax');
    await fails('POST', '/Users', { body: '"userName"' }, 400, 'invalidSyntax');
  });

  it('an empty POST body → 400 invalidSyntax', async () => {
    await fails('POST', '/Users', { body: '' }, 400, 'invalidSyntax');
  });

  it('Content-Type: text/plain → 415', async () => {
    await fails('POST', '/Users', { body: userBody('text@example.com'), headers: { 'Content-Type': 'text/plain' } }, 415, null);
    await fails('PUT', `/Users/${existingId}`, { body: userBody('existing@example.com'), headers: { 'Content-Type': 'text/plain' } }, 415, null);
  });

  it('Content-Type: application/xml → 415', async () => {
    await fails('POST', '/Users', { body: '<user/>', headers: { 'Content-Type': 'application/xml' } }, 415, null);
  });

  it('Content-Type: application/json is accepted', async () => {
    const res = await t.scim('POST', '/Users', { body: userBody('json@example.com'), headers: { 'Content-Type': 'application/json' } });
    expect(res.status, res.text).toBe(201);
    expectScimJson(res);
  });

  it('Content-Type: application/scim+json; charset=utf-8 (Okta) is accepted', async () => {
    const res = await t.scim('POST', '/Users', { body: userBody('okta@example.com'), headers: { 'Content-Type': 'application/scim+json; charset=utf-8' } });
    expect(res.status, res.text).toBe(201);
  });

  it('a body over maxPayloadSize → 413, nothing created', async () => {
    const body = userBody('big@example.com', { displayName: 'x'.repeat(2000) });
    await fails('POST', '/Users', { body }, 413, null);
    expect(t.provider.store.findByUserName('User', 'big@example.com')).toBeUndefined();
  });

  it('an oversized body without a valid token → 401, not 413: the caller learns nothing of the limit', async () => {
    const body = userBody('big3@example.com', { displayName: 'z'.repeat(5000) });
    const anonymous = await fails('POST', '/Users', { body, token: null }, 401, null);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="scim"');
    await fails('PUT', `/Users/${existingId}`, { body, token: 'not-the-token' }, 401, null);
    // Authenticated, the same body is refused for its size.
    await fails('POST', '/Users', { body }, 413, null);
  });

  it('a chunked body (no Content-Length) that grows past maxPayloadSize → 413 once authenticated, 401 without a token', async () => {
    const chunks = ['{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"chunked@example.com","displayName":"', 'c'.repeat(900), 'c'.repeat(900), '"}'];
    const send = (token: string | null) =>
      fetch(`${t.baseUrl}/Users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/scim+json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: new ReadableStream({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const before = storeSnapshot(t.provider);
    const refused = await send(t.provider.access.currentToken);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { status: string }).status).toBe('413');
    const anonymous = await send(null);
    expect(anonymous.status).toBe(401);
    expect(storeSnapshot(t.provider)).toBe(before);
  });

  it('the server still answers after refusing a large body', async () => {
    await fails('POST', '/Users', { body: userBody('big2@example.com', { displayName: 'y'.repeat(5000) }) }, 413, null);
    const res = await t.scim('GET', `/Users/${existingId}`);
    expect(res.status).toBe(200);
  });
});

describe('routing', () => {
  it('an unknown endpoint → 404 SCIM error', async () => {
    await fails('GET', '/Devices', {}, 404, null);
    await fails('POST', '/Devices', { body: { schemas: ['urn:example:Device'] } }, 404, null);
  });

  it('a path below a resource → 404 SCIM error', async () => {
    await fails('GET', `/Users/${existingId}/manager`, {}, 404, null);
  });

  it('an unknown id → 404 SCIM error for GET, PUT, PATCH and DELETE', async () => {
    await fails('GET', '/Users/00000000-0000-0000-0000-000000000000', {}, 404, null);
    await fails('PUT', '/Users/00000000-0000-0000-0000-000000000000', { body: userBody('ghost@example.com') }, 404, null);
    await fails(
      'PATCH',
      '/Users/00000000-0000-0000-0000-000000000000',
      { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] } },
      404,
      null,
    );
    await fails('DELETE', '/Users/00000000-0000-0000-0000-000000000000', {}, 404, null);
  });

  it('a path outside the SCIM base → 404 SCIM error', async () => {
    const res = await t.scim('GET', `${t.origin}/not-scim`);
    expectScimError(res, 404, null);
  });

  it.each([
    ['DELETE', '/Users', 'GET, POST'],
    ['PUT', '/Users', 'GET, POST'],
    ['PATCH', '/Users', 'GET, POST'],
    ['POST', '/Users/{id}', 'GET, PUT, PATCH, DELETE'],
    ['PUT', '/ServiceProviderConfig', 'GET'],
    ['POST', '/ServiceProviderConfig', 'GET'],
    ['DELETE', '/Schemas', 'GET'],
    ['POST', '/ResourceTypes', 'GET'],
    ['GET', '/Users/.search', 'POST'],
    ['GET', '/.search', 'POST'],
    ['GET', '/Bulk', 'POST'],
  ])('%s %s → 405 with Allow: %s', async (method, rawPath, allow) => {
    const path = rawPath.replace('{id}', existingId);
    const options: ScimCallOptions = ['POST', 'PUT', 'PATCH'].includes(method) ? { body: userBody('method@example.com') } : {};
    const res = await fails(method, path, options, 405, null);
    const header = res.headers.get('allow') ?? '';
    expect(header.split(',').map((m) => m.trim()).sort()).toEqual(allow.split(', ').sort());
  });
});

describe('method before body', () => {
  it('PUT /ServiceProviderConfig without a body is still 405 with Allow: GET (no body could make it valid)', async () => {
    const res = await fails('PUT', '/ServiceProviderConfig', {}, 405, null);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('POST /Users/{id} without a body is still 405', async () => {
    const res = await fails('POST', `/Users/${existingId}`, {}, 405, null);
    expect(res.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE');
  });
});

describe('schema enforcement on POST', () => {
  it('an unknown attribute → 400 invalidSyntax', async () => {
    await fails('POST', '/Users', { body: userBody('unknown@example.com', { favouriteColour: 'blue' }) }, 400, 'invalidSyntax');
  });

  it('an unknown sub-attribute is an unknown attribute too → 400 invalidSyntax', async () => {
    const res = await fails('POST', '/Users', { body: userBody('sub@example.com', { name: { givenName: 'A', nickname: 'B' } }) }, 400, 'invalidSyntax');
    expect(res.body.detail).toMatch(/nickname/);
  });

  it('an unknown schema URN → 400 invalidValue', async () => {
    await fails('POST', '/Users', { body: { schemas: [SCHEMA.user, 'urn:example:params:scim:schemas:Unknown'], userName: 'urn@example.com' } }, 400, 'invalidValue');
  });

  it('schemas without the core schema → 400 invalidValue', async () => {
    await fails('POST', '/Users', { body: { schemas: [SCHEMA.group], userName: 'group@example.com' } }, 400, 'invalidValue');
  });

  it('missing userName → 400 invalidValue', async () => {
    await fails('POST', '/Users', { body: { schemas: [SCHEMA.user], displayName: 'No Name' } }, 400, 'invalidValue');
    await fails('POST', '/Users', { body: { schemas: [SCHEMA.user], userName: '' } }, 400, 'invalidValue');
  });

  it('a wrong type (active: "maybe") → 400 invalidValue', async () => {
    await fails('POST', '/Users', { body: userBody('maybe@example.com', { active: 'maybe' }) }, 400, 'invalidValue');
    await fails('POST', '/Users', { body: userBody('num@example.com', { active: 1 }) }, 400, 'invalidValue');
    await fails('POST', '/Users', { body: userBody('str@example.com', { displayName: 42 }) }, 400, 'invalidValue');
  });

  it('a single value where an array is required → 400 invalidValue', async () => {
    await fails('POST', '/Users', { body: userBody('arr@example.com', { emails: { value: 'a@example.com' } }) }, 400, 'invalidValue');
  });

  it('two primary values → 400 invalidValue', async () => {
    const emails = [
      { value: 'a@example.com', primary: true },
      { value: 'b@example.com', primary: true },
    ];
    await fails('POST', '/Users', { body: userBody('primaries@example.com', { emails }) }, 400, 'invalidValue');
  });

  it('"active": "False" (Entra) is accepted as the boolean false', async () => {
    const res = await t.scim('POST', '/Users', { body: userBody('entra@example.com', { active: 'False' }) });
    expect(res.status, res.text).toBe(201);
    expect(res.body.active).toBe(false);
    const got = await t.scim('GET', `/Users/${res.body.id}`);
    expect(got.body.active).toBe(false);
    const truthy = await t.scim('POST', '/Users', { body: userBody('entra2@example.com', { active: 'TRUE' }) });
    expect(truthy.status, truthy.text).toBe(201);
    expect(truthy.body.active).toBe(true);
  });

  it('attribute names are case-insensitive and come back canonical', async () => {
    const res = await t.scim('POST', '/Users', { body: { SCHEMAS: [SCHEMA.user], USERNAME: 'caps@example.com', DisplayName: 'Caps' } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.userName).toBe('caps@example.com');
    expect(res.body.displayName).toBe('Caps');
    expect(res.body.USERNAME).toBeUndefined();
  });
});

describe('error bodies', () => {
  it('every error is application/scim+json with the Error schema', async () => {
    const res = await t.scim('GET', '/Nope');
    expectScimError(res, 404, null);
    expect(res.text.length).toBeGreaterThan(0);
  });
});
