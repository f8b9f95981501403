/** The ledger keeps a run to what it created: what it records from answers, and which requests it refuses. */
import { describe, expect, it } from 'vitest';
import { group, listResponse, makeExchange, user, type ExchangeSpec } from '../checks/test-exchange.js';
import type { Exchange, HttpRequest } from '../model.js';
import { Ledger } from './ledger.js';

const BASE = 'http://t.example/scim/v2';

/** An exchange with the target below BASE (test-exchange.ts defaults to another base URL). */
const exchange = (spec: ExchangeSpec & { path: string }): Exchange => makeExchange({ ...spec, path: /^https?:/.test(spec.path) ? spec.path : `${BASE}${spec.path}` });

const request = (method: string, path: string, body?: unknown): HttpRequest => ({
  method,
  url: /^https?:/.test(path) ? path : `${BASE}${path}`,
  headers: {},
  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
});

/** A ledger that has learned the given exchanges, in order. */
function ledgerOf(...exchanges: Exchange[]): Ledger {
  const ledger = new Ledger(BASE);
  for (const e of exchanges) ledger.learn(e);
  return ledger;
}

const createUser = (id: string, userName = `${id}@example.com`, status = 201) =>
  exchange({ method: 'POST', path: '/Users', status, body: user({ id, userName }), headers: { location: `${BASE}/Users/${id}` } });
const createGroup = (id: string, displayName = `Group ${id}`) =>
  exchange({ method: 'POST', path: '/Groups', status: 201, body: group({ id, displayName, members: [] }), headers: { location: `${BASE}/Groups/${id}` } });
const deleteUser = (id: string, status: number) => exchange({ method: 'DELETE', path: `/Users/${id}`, status });
/** The target showing a user the run did not create. */
const readUser = (id: string) => exchange({ method: 'GET', path: `/Users/${id}`, status: 200, body: user({ id, userName: 'customer@acme.example' }) });

describe('what a create records', () => {
  it("records a POST /Users answered 201 by the body's id and userName, even when Location points elsewhere", () => {
    const ledger = ledgerOf(
      exchange({ method: 'POST', path: '/Users', status: 201, body: user({ id: 'u-1', userName: 'alice@example.com' }), headers: { location: `${BASE}/Users/somewhere-else` } }),
    );
    expect(ledger.live()).toEqual([{ type: 'User', id: 'u-1', name: 'alice@example.com' }]);
    expect(ledger.has('User', 'u-1')).toBe(true);
    expect(ledger.has('User', 'somewhere-else')).toBe(false);
    expect(ledger.createdCount).toBe(1);
  });

  it("falls back to the Location header's last segment (decoded, without query) when the body has no id", () => {
    const { id: _id, ...withoutId } = user({ userName: 'bob@example.com' });
    const ledger = ledgerOf(exchange({ method: 'POST', path: '/Users', status: 201, body: withoutId, headers: { location: `${BASE}/Users/loc%207?attributes=id` } }));
    expect(ledger.live()).toEqual([{ type: 'User', id: 'loc 7', name: 'bob@example.com' }]);
  });

  it('records nothing when neither the body nor a Location names the new resource', () => {
    const ledger = ledgerOf(exchange({ method: 'POST', path: '/Users', status: 201, body: { userName: 'x@example.com' } }));
    expect(ledger.live()).toEqual([]);
    expect(ledger.createdCount).toBe(0);
  });

  it('records a POST answered 200 as a creation all the same', () => {
    const ledger = ledgerOf(createUser('u-200', 'c@example.com', 200));
    expect(ledger.has('User', 'u-200')).toBe(true);
    expect(ledger.createdCount).toBe(1);
  });

  it('does not record a POST that failed', () => {
    const ledger = ledgerOf(exchange({ method: 'POST', path: '/Users', status: 409, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', id: 'u-x' } }));
    expect(ledger.createdCount).toBe(0);
  });

  it('records a group by its displayName', () => {
    expect(ledgerOf(createGroup('g-1', 'Engineering sc-abc-1')).live()).toEqual([{ type: 'Group', id: 'g-1', name: 'Engineering sc-abc-1' }]);
  });

  it('does not take POST /Users/.search answered 200 for a creation', () => {
    const ledger = ledgerOf(exchange({ method: 'POST', path: '/Users/.search', status: 200, body: listResponse([user({ id: 's-1' })]) }));
    expect(ledger.createdCount).toBe(0);
    expect(ledger.live()).toEqual([]);
    // What a search returns is someone else's.
    expect(ledger.refusal(request('DELETE', '/Users/s-1'))).toEqual(expect.any(String));
  });

  it('learns nothing from an exchange without a response', () => {
    const ledger = ledgerOf(exchange({ method: 'POST', path: '/Users', transportError: true }), exchange({ method: 'GET', path: '/Users/f-1', transportError: true }));
    expect(ledger.createdCount).toBe(0);
    // Nothing was seen: f-1 is not marked as a stranger's, only as not the run's.
    expect(ledger.refusal(request('DELETE', '/Users/f-1'))).toMatch(/it is not in the ledger of what this scenario created/);
  });

  it('keeps the name as the target last returned it', () => {
    const ledger = ledgerOf(createUser('u-1', 'old@example.com'), exchange({ method: 'PUT', path: '/Users/u-1', status: 200, body: user({ id: 'u-1', userName: 'new@example.com' }) }));
    expect(ledger.live()).toEqual([{ type: 'User', id: 'u-1', name: 'new@example.com' }]);
  });
});

describe('bulk', () => {
  const bulkResponse = (operations: unknown[]) => exchange({ method: 'POST', path: '/Bulk', status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'], Operations: operations } });

  it('records the POST operations answered "201" with a location, and forgets the DELETE ones', () => {
    const ledger = ledgerOf(
      createUser('own'),
      bulkResponse([
        { method: 'POST', bulkId: 'a', location: `${BASE}/Users/b-1`, status: '201' },
        { method: 'POST', bulkId: 'b', location: `${BASE}/Groups/bg-1`, status: '201' },
        { method: 'POST', bulkId: 'c', status: '409', response: { status: '409', scimType: 'uniqueness' } },
        { method: 'DELETE', location: `${BASE}/Users/own`, status: '204' },
      ]),
    );
    expect(ledger.live()).toEqual([
      { type: 'Group', id: 'bg-1', name: undefined },
      { type: 'User', id: 'b-1', name: undefined },
    ]);
    expect(ledger.has('User', 'own')).toBe(false);
    expect(ledger.createdCount).toBe(3);
  });

  it('does not record a bulk POST operation that failed', () => {
    const ledger = ledgerOf(bulkResponse([{ method: 'POST', bulkId: 'a', location: `${BASE}/Users/b-1`, status: '400' }]));
    expect(ledger.createdCount).toBe(0);
  });
});

describe('deletions', () => {
  it.each([204, 404])('forgets a resource whose DELETE was answered %i, and still counts it as created', (status) => {
    const ledger = ledgerOf(createUser('u-1'), createUser('u-2'), deleteUser('u-1', status));
    expect(ledger.live().map((e) => e.id)).toEqual(['u-2']);
    expect(ledger.has('User', 'u-1')).toBe(false);
    expect(ledger.createdCount).toBe(2);
  });

  it('keeps a resource whose DELETE failed', () => {
    const ledger = ledgerOf(createUser('u-1'), deleteUser('u-1', 500));
    expect(ledger.has('User', 'u-1')).toBe(true);
  });

  it('does not take a deleted resource the target still lists for a stranger', () => {
    const ledger = ledgerOf(createUser('u-1'), deleteUser('u-1', 204), exchange({ method: 'GET', path: '/Users', status: 200, body: listResponse([user({ id: 'u-1' })]) }));
    expect(ledger.refusal(request('DELETE', '/Users/u-1'))).toBeUndefined();
  });
});

it('lists groups before users, so a group goes before its members', () => {
  const ledger = ledgerOf(createUser('u-1'), createGroup('g-1'), createUser('u-2'), createGroup('g-2'));
  expect(ledger.live().map((e) => `${e.type}/${e.id}`)).toEqual(['Group/g-1', 'Group/g-2', 'User/u-1', 'User/u-2']);
});

describe('refusals', () => {
  it.each(['PUT', 'PATCH', 'DELETE'])('refuses %s to a user the target returned but the run did not create', (method) => {
    const reason = ledgerOf(readUser('f-1')).refusal(request(method, '/Users/f-1'));
    expect(reason).toEqual(expect.stringContaining('f-1'));
    expect(reason).toContain('did not create');
  });

  it('lets a GET read a foreign resource', () => {
    expect(ledgerOf(readUser('f-1')).refusal(request('GET', '/Users/f-1'))).toBeUndefined();
  });

  it('lets a PATCH change what the run created', () => {
    expect(ledgerOf(readUser('f-1'), createUser('own')).refusal(request('PATCH', '/Users/own'))).toBeUndefined();
  });

  it("takes the ids of a ListResponse's Resources for foreign, per resource type", () => {
    const ledger = ledgerOf(
      createUser('own'),
      exchange({ method: 'GET', path: '/Users?filter=userName%20eq%20%22x%22', status: 200, body: listResponse([user({ id: 'f-1' }), user({ id: 'own' })]) }),
      exchange({ method: 'GET', path: '/Groups', status: 200, body: listResponse([group({ id: 'fg-1' })]) }),
    );
    expect(ledger.refusal(request('DELETE', '/Users/f-1'))).toEqual(expect.any(String));
    expect(ledger.refusal(request('PATCH', '/Groups/fg-1'))).toEqual(expect.any(String));
    expect(ledger.refusal(request('PATCH', '/Users/own'))).toBeUndefined();
  });

  it('recognises a foreign id however the request URL spells it (percent-encoding, trailing slash, query)', () => {
    const ledger = ledgerOf(readUser('f 1'));
    expect(ledger.refusal(request('DELETE', '/Users/f%201'))).toEqual(expect.any(String));
    expect(ledger.refusal(request('PUT', '/Users/f%201/?attributes=id'))).toEqual(expect.any(String));
  });

  it.each(['GET', 'POST', 'DELETE'])('refuses a %s to another origin, naming both', (method) => {
    const reason = new Ledger(BASE).refusal(request(method, 'http://evil.example/scim/v2/Users'));
    expect(reason).toContain('http://evil.example');
    expect(reason).toContain('http://t.example');
  });

  it('refuses another port or scheme of the same host', () => {
    const ledger = new Ledger(BASE);
    expect(ledger.refusal(request('GET', 'http://t.example:8443/scim/v2/Users'))).toEqual(expect.any(String));
    expect(ledger.refusal(request('GET', 'https://t.example/scim/v2/Users'))).toEqual(expect.any(String));
  });

  it('refuses a Bulk request whose operations PATCH or DELETE a foreign resource', () => {
    const ledger = ledgerOf(readUser('f-1'), createUser('own'));
    const bulk = (operations: unknown[]) => request('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: operations });
    const create = { method: 'POST', path: '/Users', bulkId: 'n', data: { userName: 'n@example.com' } };
    expect(ledger.refusal(bulk([create, { method: 'PATCH', path: '/Users/f-1', data: {} }]))).toMatch(/^bulk PATCH User f-1/);
    expect(ledger.refusal(bulk([{ method: 'delete', path: 'Users/f-1' }]))).toMatch(/^bulk DELETE User f-1/);
    expect(ledger.refusal(bulk([create, { method: 'PATCH', path: '/Users/own', data: {} }, { method: 'DELETE', path: '/Users/own' }]))).toBeUndefined();
  });

  it('adopt() makes a foreign resource the run\'s: it may be deleted and is cleaned up', () => {
    const ledger = ledgerOf(readUser('f-1'));
    expect(ledger.refusal(request('DELETE', '/Users/f-1'))).toEqual(expect.any(String));
    ledger.adopt({ type: 'User', id: 'f-1', name: 'u.sc-abc-1@example.com' });
    expect(ledger.refusal(request('DELETE', '/Users/f-1'))).toBeUndefined();
    expect(ledger.live()).toEqual([{ type: 'User', id: 'f-1', name: 'u.sc-abc-1@example.com' }]);
  });
});

describe('a create never takes over what the target showed as someone else’s', () => {
  it('a POST answered with the id of a record the target returned before stays foreign: not live, not deletable', () => {
    // A server that answers a duplicate create with the existing (customer) record, 200.
    const ledger = ledgerOf(readUser('cust'), createUser('cust', 'customer@acme.example', 200));
    expect(ledger.live()).toEqual([]);
    expect(ledger.refusal(request('DELETE', '/Users/cust'))).toMatch(/this run did not create it/);
  });

  it('nor does a Bulk POST naming such an id', () => {
    const bulk = exchange({
      method: 'POST',
      path: '/Bulk',
      status: 200,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'], Operations: [{ method: 'POST', bulkId: 'b1', status: '201', location: `${BASE}/Users/cust` }] },
    });
    const ledger = ledgerOf(readUser('cust'), bulk);
    expect(ledger.live()).toEqual([]);
    expect(ledger.refusal(request('PATCH', '/Users/cust'))).toBeDefined();
  });

  it('guards a target that routes paths in any case: /users/<id> is /Users/<id>', () => {
    const ledger = ledgerOf(readUser('cust'));
    expect(ledger.refusal(request('DELETE', '/users/cust'))).toMatch(/this run did not create it/);
    expect(ledger.refusal(request('POST', '/bulk', { Operations: [{ method: 'DELETE', path: '/Users/cust' }] }))).toMatch(/^bulk DELETE User cust/);
  });
});

describe('only what the run created may change', () => {
  it('refuses PUT, PATCH and DELETE of an id it never created, even one it never saw', () => {
    const ledger = new Ledger(BASE, 'sc-abc123-');
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(ledger.refusal(request(method, '/Users/someone'))).toMatch(/^\w+ User someone: this run did not create it/);
    expect(ledger.refusal(request('GET', '/Users/someone'))).toBeUndefined();
  });

  it('allows an id the run made up (it carries the run marker), one it deleted already, and bulkId references', () => {
    const ledger = new Ledger(BASE, 'sc-abc123-');
    ledger.learn(createUser('u-1'));
    ledger.learn(deleteUser('u-1', 204));
    expect(ledger.refusal(request('DELETE', '/Users/u-1'))).toBeUndefined();
    expect(ledger.refusal(request('DELETE', '/Users/err-sc-abc123-4-no-such-id'))).toBeUndefined();
    expect(ledger.refusal(request('DELETE', '/Users/err-sc-zzz999-4-no-such-id'))).toBeDefined();
    expect(ledger.refusal(request('POST', '/Bulk', { Operations: [{ method: 'PATCH', path: '/Groups/bulkId:g1' }] }))).toBeUndefined();
    expect(ledger.refusal(request('POST', '/Bulk', { Operations: [{ method: 'PATCH', path: '/Groups/other' }] }))).toMatch(/^bulk PATCH Group other: this run did not create it/);
  });
});
