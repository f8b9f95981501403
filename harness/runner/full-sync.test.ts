/**
 * The full-sync outcome checks against targets that get it wrong in ways no single exchange shows.
 */
import { describe, expect, it } from 'vitest';
import { Directory } from '../../mock-idp/directory.js';
import type { ScimHandler } from '../../provider/handler.js';
import type { ScimRequest } from '../../provider/http-types.js';
import { fromHarness, keepDeleted, runBent, verdict, type Bend } from './test-support.js';

const SCENARIO = `
name: full sync against a target that holds user1 twice
idp: okta
directory: { seed: 5, users: 2 }
steps:
  - fullSync: { assigned: [user1, user2] }
`;

/**
 * A target holding user1 twice, as the harness's reads see it (one user or many at once); the IdP's own
 * lookup is left to find one, so the sync goes as usual.
 */
function withDuplicate(userName: () => string): Bend {
  return (handler) => (request) => {
    const response = handler(request);
    // The run tags every userName (`local.sc-<run>-<n>@domain`); the seed gives the rest.
    const filter = request.query.get('filter')?.replace(/\.sc-[a-z0-9]+-\d+@/g, '@');
    if (request.method !== 'GET' || !fromHarness(request) || !filter?.includes(`userName eq "${userName()}"`)) return response;
    const body = response.body as { totalResults: number; Resources: Record<string, unknown>[] };
    const original = body.Resources.find((r) => String(r.userName).replace(/\.sc-[a-z0-9]+-\d+@/, '@') === userName());
    if (!original) return response;
    const copy = { ...original, id: 'duplicate' };
    return { ...response, body: { ...body, totalResults: body.totalResults + 1, itemsPerPage: body.Resources.length + 1, Resources: [...body.Resources, copy] } };
  };
}

describe('full-sync outcome checks', () => {
  it('fail when the target holds an assigned user twice', async () => {
    const directory = new Directory({ seed: 5, users: 2 });
    const { checks } = await runBent(SCENARIO, withDuplicate(() => directory.get('user1').userName));
    const assigned = verdict(checks, 'idp.full-sync.assigned');
    expect(assigned.status).toBe('failed');
    expect(assigned.messages).toEqual([expect.stringMatching(/^user1 \(.+\) is held 2 times after the full sync/)]);
    expect(assigned.passes).toBe(1);
  });
});

/** Leaves a request's JSON body through `edit`; other requests pass as they are. */
const editBody = (applies: (method: string, path: string) => boolean, edit: (body: Record<string, unknown>) => void): Bend => (handler) => (request) => {
  if (!applies(request.method, request.path) || request.body === undefined) return handler(request);
  const body = JSON.parse(request.body) as Record<string, unknown>;
  edit(body);
  return handler({ ...request, body: JSON.stringify(body) });
};

describe('full-sync outcome checks: what the target keeps', () => {
  const clean: Bend = (handler) => handler;

  it('fail idp.full-sync.attributes, naming user and path, when the target drops a mapped attribute', async () => {
    const yaml = `
name: full sync against a target that drops displayName
idp: okta
settings: { mappings: { displayName: true } }
directory: { seed: 5, users: 2 }
steps:
  - fullSync: { assigned: [user1, user2] }
`;
    const directory = new Directory({ seed: 5, users: 2 });
    const dropping = editBody((method, path) => (method === 'POST' || method === 'PUT') && path.startsWith('/Users'), (body) => delete body.displayName);
    const { checks } = await runBent(yaml, dropping);
    const attributes = verdict(checks, 'idp.full-sync.attributes');
    expect(attributes.status).toBe('failed');
    expect(attributes.messages).toEqual(
      ['user1', 'user2'].map((key) => `${key} after the full sync: displayName expected ${JSON.stringify(directory.get(key).displayName)}, got absent.`),
    );
    expect(attributes.failures[0]).toMatchObject({ subject: 'user1.displayName', expected: directory.get('user1').displayName, actual: undefined });
    expect(verdict(checks, 'idp.full-sync.assigned')).toMatchObject({ status: 'passed', passes: 2 });
    // The same scenario against the clean provider passes: the failure is the dropped attribute's.
    expect(verdict((await runBent(yaml, clean)).checks, 'idp.full-sync.attributes')).toMatchObject({ status: 'passed', passes: 2 });
  });

  it('fail idp.full-sync.deprovisioned when the target keeps an unassigned (deactivated) user active', async () => {
    const yaml = `
name: full sync after Okta deactivated user2, against a target that ignores active false
idp: okta
settings: { appKind: oin }
directory: { seed: 6, users: 2 }
steps:
  - assign: [user1, user2]
  - unassign: user2
  - fullSync: { assigned: [user1] }
`;
    // An OIN app deactivates with PATCH `{"op":"replace","value":{"active":false}}` (audit S1).
    const keepActive = editBody((method, path) => method === 'PATCH' && path.startsWith('/Users/'), (body) => {
      for (const operation of body.Operations as { value?: Record<string, unknown> }[]) {
        if (operation.value?.active === false) operation.value.active = true;
      }
    });
    const { checks } = await runBent(yaml, keepActive);
    const deprovisioned = verdict(checks, 'idp.full-sync.deprovisioned');
    expect(deprovisioned.status).toBe('failed');
    expect(deprovisioned.messages).toEqual([expect.stringMatching(/^user2 \(.+\) was deprovisioned by the IdP but is still active after the full sync\.$/)]);
    expect(verdict(checks, 'idp.full-sync.assigned')).toMatchObject({ status: 'passed', passes: 1 });
    expect(verdict((await runBent(yaml, clean)).checks, 'idp.full-sync.deprovisioned')).toMatchObject({ status: 'passed', passes: 1 });
  });

  it('fail idp.full-sync.deprovisioned when a user the IdP deleted at the sync stays active (DELETE answered 204, nothing deleted)', async () => {
    const yaml = `
name: Entra deletes out-of-scope users at the sync, against a target that keeps them
idp: entra
settings: { onUnassign: delete }
directory: { seed: 7, users: 3 }
steps:
  - assign: [user1, user2, user3]
  - fullSync: { assigned: [user1, user3] }
`;
    const { checks } = await runBent(yaml, keepDeleted('/Users/'));
    const deprovisioned = verdict(checks, 'idp.full-sync.deprovisioned');
    expect(deprovisioned.status).toBe('failed');
    expect(deprovisioned.messages).toEqual([expect.stringMatching(/^user2 \(.+, id .+\) was deleted by the IdP but is still active after the full sync\.$/)]);
    expect(deprovisioned.failures[0]).toMatchObject({ subject: 'user2', expected: 'gone (or inactive)', actual: 'active: true' });
    expect(verdict(checks, 'idp.full-sync.assigned')).toMatchObject({ status: 'passed', passes: 2 });
    expect(verdict((await runBent(yaml, clean)).checks, 'idp.full-sync.deprovisioned')).toMatchObject({ status: 'passed', passes: 1 });
  });
});

describe('full-sync outcome checks: answers that say nothing are not taken as success', () => {
  const yaml = `
name: full sync of two users
idp: okta
directory: { seed: 8, users: 2 }
steps:
  - fullSync: { assigned: [user1, user2] }
`;
  /** Bends the responses to GET requests that `applies` picks. */
  const bendGet = (applies: (path: string, query: URLSearchParams, request: ScimRequest) => boolean, bend: (body: Record<string, unknown>) => { status: number; body: unknown }): Bend =>
    (handler) => (request) => {
      const response = handler(request);
      if (request.method !== 'GET' || !applies(request.path, request.query, request)) return response;
      return { ...response, ...bend(response.body as Record<string, unknown>) };
    };

  it('fail idp.full-sync.assigned when active reads back as the string "True"', async () => {
    // Stored as a string, so every read shows it: by id and in a filter's Resources.
    const asString = (user: unknown) => ({ ...(user as Record<string, unknown>), active: 'True' });
    const stringActive = bendGet(
      (path) => /^\/Users(\/[^/]+)?$/.test(path),
      (body) => ({ status: 200, body: Array.isArray(body.Resources) ? { ...body, Resources: body.Resources.map(asString) } : asString(body) }),
    );
    const assigned = verdict((await runBent(yaml, stringActive)).checks, 'idp.full-sync.assigned');
    expect(assigned.status).toBe('failed');
    expect(assigned.messages).toEqual(['user1', 'user2'].map((key) => `${key} is assigned but its active is "True", not a boolean, after the full sync.`));
    expect(assigned.failures[0]).toMatchObject({ actual: 'active: "True"' });
  });

  it('fail idp.full-sync.assigned when the duplicate count cannot be read, instead of counting none', async () => {
    // The harness's reads by filter (many at once, then one by one) get a 500; the IdP's own lookups do not.
    const brokenCount = bendGet((path, query, request) => path === '/Users' && query.has('filter') && fromHarness(request), () => ({
      status: 500,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'boom' },
    }));
    const assigned = verdict((await runBent(yaml, brokenCount)).checks, 'idp.full-sync.assigned');
    expect(assigned.status).toBe('failed');
    expect(assigned.messages).toEqual([
      expect.stringMatching(/^user1 \(.+\): copies could not be counted after the full sync: GET \/Users\?filter=userName eq ".+" answered 500 without a numeric totalResults\.$/),
      expect.stringMatching(/^user2 \(.+\): copies could not be counted/),
    ]);
  });

  it('fail idp.full-sync.deprovisioned when a deleted user reads back with 500, not 404', async () => {
    const deleting = `
name: Entra deletes user2 at the sync; the target then fails reads of it
idp: entra
settings: { onUnassign: delete }
directory: { seed: 7, users: 2 }
steps:
  - assign: [user1, user2]
  - fullSync: { assigned: [user1] }
`;
    const brokenRead = bendGet((path) => /^\/Users\/[^/]+$/.test(path), (body) => (body.status === '404' ? { status: 500, body: { ...body, status: '500' } } : { status: 200, body }));
    const deprovisioned = verdict((await runBent(deleting, brokenRead)).checks, 'idp.full-sync.deprovisioned');
    expect(deprovisioned.status).toBe('failed');
    expect(deprovisioned.messages).toEqual([expect.stringMatching(/^user2 \(.+, id .+\) was deleted by the IdP; reading it back answered 500, not 404\.$/)]);
  });
});

describe('full-sync outcome checks: how the end state is read', () => {
  const yaml = `
name: full sync of three users with displayName mapped
idp: okta
settings: { mappings: { displayName: true } }
directory: { seed: 9, users: 3 }
steps:
  - fullSync: { assigned: [user1, user2, user3] }
`;
  // The harness's own reads after the sync (the IdP's lookups and creates carry its action's label).
  const reads = (result: { exchanges: { label: string; request: { url: string } }[] }) =>
    result.exchanges.filter((e) => e.label.startsWith('full sync:') || e.label.startsWith('expect')).map((e) => decodeURIComponent(new URL(e.request.url).pathname + new URL(e.request.url).search));

  it('reads the users many at once when one filter shows each once, active and as mapped', async () => {
    const result = await runBent(yaml, (handler) => handler);
    expect(verdict(result.checks, 'idp.full-sync.assigned')).toMatchObject({ status: 'passed', passes: 3 });
    expect(verdict(result.checks, 'idp.full-sync.attributes')).toMatchObject({ status: 'passed', passes: 3 });
    expect(reads(result)).toHaveLength(1);
    expect(reads(result)[0]).toMatch(/^\/scim\/v2\/Users\?filter=userName eq "[^"]+" or userName eq "[^"]+" or userName eq "[^"]+"&count=6$/);
  });

  /** The harness's reads by a filter with `or` answered by `answer` (the IdP's lookups have none). */
  const orFilters = (answer: (request: ScimRequest, response: ReturnType<ScimHandler>) => ReturnType<ScimHandler>): Bend => (handler) => (request) => {
    const response = handler(request);
    return request.method === 'GET' && fromHarness(request) && / or /.test(request.query.get('filter') ?? '') ? answer(request, response) : response;
  };
  const perUser = (result: { exchanges: { label: string; request: { url: string } }[] }) => reads(result).filter((r) => /filter=userName eq "[^"]+"$/.test(r));

  /** A list answer cut to its first `n` resources, counted as `total`. */
  const cut = (response: ReturnType<ScimHandler>, n: number, total: number) => {
    const body = response.body as { Resources: unknown[] };
    return { ...response, body: { ...body, totalResults: total, itemsPerPage: n, Resources: body.Resources.slice(0, n) } };
  };
  /** A target that answers a filter with `or` with every user it holds. */
  const ignoringOr: Bend = (handler) => (request) =>
    handler(request.method === 'GET' && fromHarness(request) && / or /.test(request.query.get('filter') ?? '') ? { ...request, query: new URLSearchParams({ count: '100' }) } : request);
  // A user of the target's own, created before the sync by a raw request (so the run still removes it).
  const withOther = yaml.replace('steps:\n', `steps:\n  - request: { name: another user, method: POST, path: /Users, body: { schemas: [urn:ietf:params:scim:schemas:core:2.0:User], userName: "other.{{ run.tag }}@example.org" } }\n    expect: { status: 201 }\n`);

  it.each([
    ['refuses `or` (400 invalidFilter)', yaml, orFilters(() => ({ status: 400, headers: {}, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter', detail: 'or is not supported' } })), 3],
    // The whole list it holds, a user nobody asked for among them.
    // No IdP sends such a read, so a target that breaks on it fails no spec check either.
    ['fails on `or` (500)', yaml, orFilters(() => ({ status: 500, headers: {}, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'boom' } })), 3],
    // As SCIMMY does with `attributes=id`: resources without their `schemas` (RFC 7643 §3 requires it everywhere).
    ['leaves `schemas` out of what it returns for `or`', `${yaml}  - expect: { created: { users: 3 } }\n`, orFilters((request, response) => {
      const body = response.body as { Resources: Record<string, unknown>[] };
      return { ...response, body: { ...body, Resources: body.Resources.map(({ schemas: _left, ...rest }) => rest) } };
    }), 0],
    ['ignores the filter', withOther, ignoringOr, 3],
    ['pages at 2 whatever the count (fewer on the page than it counts)', yaml, orFilters((request, response) => cut(response, 2, 3)), 3],
    ['understands only the first clause', yaml, orFilters((request, response) => cut(response, 1, 1)), 2],
  ] as const)('reads one by one where it must, failing nothing, against a target that %s', async (what, scenario, bend, oneByOne) => {
    const result = await runBent(scenario, bend);
    expect(result.status, JSON.stringify(result.checks.filter((c) => c.status === 'failed').map((c) => c.checkId))).toBe('passed');
    expect(verdict(result.checks, 'idp.full-sync.assigned')).toMatchObject({ status: 'passed', passes: 3 });
    expect(verdict(result.checks, 'idp.full-sync.attributes')).toMatchObject({ status: 'passed', passes: 3 });
    expect(perUser(result)).toHaveLength(oneByOne);
  });

  it('confirms by id before failing: a list view without displayName does not fail users whose own read has it', async () => {
    const trimmedList: Bend = (handler) => (request) => {
      const response = handler(request);
      if (request.method !== 'GET' || request.path !== '/Users' || !fromHarness(request)) return response;
      const body = response.body as { Resources: Record<string, unknown>[] };
      return { ...response, body: { ...body, Resources: body.Resources.map(({ displayName: _dropped, ...rest }) => rest) } };
    };
    const result = await runBent(yaml, trimmedList);
    expect(verdict(result.checks, 'idp.full-sync.attributes')).toMatchObject({ status: 'passed', passes: 3 });
    expect(verdict(result.checks, 'idp.full-sync.assigned')).toMatchObject({ status: 'passed', passes: 3 });
    // Each user: the filter, then GET by the id the IdP holds.
    expect(reads(result).filter((r) => /^\/scim\/v2\/Users\/[^/?]+$/.test(r))).toHaveLength(3);
  });
});
