/**
 * Running against someone else's endpoint: what the run creates is its own, it never changes what it did not
 * create (even when the target answers a lookup with a stranger's record), it removes what it created whatever the
 * target refuses, and says what it could not remove. Each target here is the reference provider over HTTP, holding
 * customer data before the run, bent where a real server would misbehave.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProvider, type Provider, type RunningProvider } from '../../provider/provider.js';
import type { RunResult } from '../model.js';
import { loadSuites, selfTestOptions } from '../self-test.js';
import { runScenarios, type RunOptions } from './run.js';
import { runYamlRun, type Bend } from './test-support.js';

const CUSTOMER = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'customer@acme.example', name: { familyName: 'Customer' }, active: true };

let running: RunningProvider | undefined;
let provider: Provider;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A provider holding one customer user before the run, `bend` altering how it answers. */
async function target(bend: Bend = (h) => h, profile: 'full' | 'docker-hub' = 'full'): Promise<{ url: string; customerId: string; customer: () => unknown }> {
  provider = createProvider({ token: 'harness-test-token-0123', profile, wrapHandler: bend });
  running = await provider.listen(0);
  const created = await fetch(`${running.baseUrl}/Users`, { method: 'POST', headers: { Authorization: 'Bearer harness-test-token-0123', 'Content-Type': 'application/scim+json' }, body: JSON.stringify(CUSTOMER) });
  const customerId = ((await created.json()) as { id: string }).id;
  return { url: running.baseUrl, customerId, customer: () => provider.store.get('User', customerId)?.data };
}

const run = (yaml: string, url: string, options: Partial<RunOptions> = {}): Promise<RunResult> => runYamlRun(yaml, { kind: 'external', url, token: 'harness-test-token-0123' }, options);

const userNames = () => [...provider.store.all('User')].map((r) => String(r.data.userName));

const OKTA_ASSIGN = `
name: Okta assigns two users and unassigns one
idp: okta
directory: { seed: 3, users: 2 }
steps:
  - assign: [user1, user2]
  - unassign: user2
`;

describe('run identities', () => {
  it('every user a run creates carries the run id; two runs with the same seed never share a userName', async () => {
    const { url } = await target();
    const seen: string[][] = [];
    for (let i = 0; i < 2; i += 1) {
      const result = await run(OKTA_ASSIGN, url, { keep: true });
      expect(result.runId).toMatch(/^[a-f0-9]{6}$/);
      expect(result.scenarios[0]!.status).toBe('passed');
      seen.push(userNames().filter((n) => n.includes(`sc-${result.runId}-`)));
    }
    expect(seen[0]).toHaveLength(2);
    expect(seen[1]).toHaveLength(2);
    expect(seen[0]!.some((n) => seen[1]!.includes(n))).toBe(false);
    // Only the run marker differs: the rest of each identity comes from the seed.
    expect(seen[0]!.map((n) => n.replace(/\.sc-\w+-\d+@/, '@')).sort()).toEqual(seen[1]!.map((n) => n.replace(/\.sc-\w+-\d+@/, '@')).sort());
  });
});

describe('--group-prefix', () => {
  it('pushes every group under the target naming rule, raw requests see it as run.groupPrefix, and Docker accepts the teams', async () => {
    const { url } = await target((h) => h, 'docker-hub');
    const yaml = `
name: Okta pushes a team to a Docker-like target
idp: okta
settings: { pushGroups: true }
directory: { seed: 4, users: 1, domain: example.com }
steps:
  - assign: user1
  - pushGroup: { name: backend, members: [user1] }
  - expect: { group: backend, members: [user1] }
  - request: { method: GET, path: /Groups, query: { filter: 'displayName eq "{{ run.groupPrefix }}backend {{ run.tag }}"' } }
    expect: { status: 200, body: { totalResults: 1 } }
`;
    const plain = await run(yaml, url);
    expect(plain.scenarios[0]!.status).toBe('failed');
    const prefixed = await run(yaml, url, { groupPrefix: 'acme:' });
    expect(prefixed.scenarios[0]!.steps.filter((s) => s.status !== 'passed')).toEqual([]);
    expect(prefixed.scenarios[0]!.exchanges.some((e) => e.request.body?.includes(`"displayName":"acme:backend sc-${prefixed.runId}-1"`))).toBe(true);
  });
});

describe('touch only what the run created', () => {
  it("a target that ignores filters answers Okta's lookup with a customer: the harness refuses to change it and says why", async () => {
    // Any filter returns every user, the customer first, as a server without filtering might.
    const ignoreFilter: Bend = (handler) => (request) => {
      if (request.method !== 'GET' || !request.query.has('filter')) return handler(request);
      const query = new URLSearchParams(request.query);
      query.delete('filter');
      return handler({ ...request, query });
    };
    const { url, customer } = await target(ignoreFilter);
    const before = structuredClone(customer());
    const result = await run(OKTA_ASSIGN, url);
    const scenario = result.scenarios[0]!;
    expect(scenario.status).toBe('failed');
    const blocked = scenario.exchanges.filter((e) => e.transportError?.kind === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked[0]!.transportError!.message).toMatch(/this run did not create it/);
    expect(customer()).toEqual(before);
    expect(userNames()).toEqual(['customer@acme.example']);
  });

  it('a link scenario creates the user it links to itself, and removes it afterwards', async () => {
    const { url, customer } = await target();
    const before = structuredClone(customer());
    const result = await run(
      `
name: Okta links an existing user
idp: okta
directory: { seed: 4, users: 1 }
steps:
  - request:
      method: POST
      path: /Users
      body: { schemas: [urn:ietf:params:scim:schemas:core:2.0:User], userName: "{{ users.user1.userName }}", title: Existing }
    expect: { status: 201 }
  - assign: user1
  - expect: { user: user1, attributes: { title: Existing } }
  - expect: { created: { users: 1 } }
`,
      url,
    );
    expect(result.scenarios[0]!.status, JSON.stringify(result.scenarios[0]!.steps)).toBe('passed');
    expect(result.cleanup).toMatchObject({ created: 1, deleted: 1, leftovers: [] });
    expect(customer()).toEqual(before);
    expect(userNames()).toEqual(['customer@acme.example']);
  });

  it('expect created counts only what the scenario created, not what the target held before', async () => {
    const { url } = await target();
    const result = await run(`${OKTA_ASSIGN}  - expect: { created: { users: 2 } }\n`, url);
    expect(result.scenarios[0]!.status).toBe('passed');
    const wrong = await run(`${OKTA_ASSIGN}  - expect: { created: { users: 3 } }\n`, url);
    expect(wrong.scenarios[0]!.steps.at(-1)!.messages).toEqual([expect.stringMatching(/^Expected 3 users created by this scenario to exist at the target, found 2 /)]);
  });
});

describe('leave nothing behind', () => {
  it('removes every user and group a scenario created, groups first, and reports the totals', async () => {
    const { url } = await target();
    const result = await run(
      `
name: Okta pushes a group
idp: okta
settings: { pushGroups: true }
directory: { seed: 5, users: 2 }
steps:
  - assign: [user1, user2]
  - pushGroup: { name: Engineering, members: [user1, user2] }
`,
      url,
    );
    expect(result.scenarios[0]!.status).toBe('passed');
    const deletes = result.scenarios[0]!.exchanges.filter((e) => e.label === 'cleanup').map((e) => new URL(e.request.url).pathname.split('/').at(-2));
    expect(deletes).toEqual(['Groups', 'Users', 'Users']);
    expect(result.cleanup).toMatchObject({ created: 3, deleted: 3, leftovers: [], kept: false, sweep: { ran: true, found: 0 } });
    expect(provider.store.count('Group')).toBe(0);
    expect(userNames()).toEqual(['customer@acme.example']);
  });

  it('deactivates a user the target refuses to DELETE, and reports what it could not remove with the answer', async () => {
    const refuse = (methods: string[]): Bend => (handler) => (request) =>
      methods.includes(request.method) && request.path.startsWith('/Users/') && request.headers['user-agent'] === 'scim-conformance'
        ? { status: 405, headers: { 'content-type': 'application/scim+json' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '405', detail: 'not allowed' } }
        : handler(request);
    const { url } = await target(refuse(['DELETE']));
    const result = await run(OKTA_ASSIGN, url);
    expect(result.cleanup!.leftovers.map((l) => l.outcome)).toEqual(['deactivated', 'deactivated']);
    expect(result.cleanup!.leftovers[0]!.reason).toMatch(/^DELETE answered 405; set active to false instead$/);
    expect([...provider.store.all('User')].filter((r) => r.data.userName !== 'customer@acme.example').every((r) => r.data.active === false)).toBe(true);
    await running!.close();

    const { url: stubborn } = await target(refuse(['DELETE', 'PATCH', 'PUT']));
    const left = await run(OKTA_ASSIGN, stubborn);
    expect(left.cleanup!.leftovers).toHaveLength(2);
    expect(left.cleanup!.leftovers[0]).toMatchObject({ type: 'User', outcome: 'left', name: expect.stringContaining(`sc-${left.runId}-1`) });
    expect(left.cleanup!.leftovers[0]!.reason).toMatch(/DELETE answered 405; deactivating failed too \(PATCH answered 405, PUT answered 405\)/);
  });

  it('never sends the token to another host, whatever Location and meta.location the target hands back (issue 11, finding 7)', async () => {
    const elsewhere: string[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const foreign = `http://127.0.0.1:${(other.address() as AddressInfo).port}/scim/v2`;
    // Every created user is said to live on the other host, and its body carries no id: only the Location names it.
    const pointElsewhere: Bend = (handler) => (request) => {
      const response = handler(request);
      if (request.method !== 'POST' || response.status !== 201 || typeof response.body !== 'object' || response.body === null) return response;
      const { id, meta, ...rest } = response.body as { id: string; meta: Record<string, unknown> };
      const location = `${foreign}${request.path}/${id}`;
      return { ...response, headers: { ...response.headers, location }, body: { ...rest, meta: { ...meta, location } } };
    };
    try {
      const { url } = await target(pointElsewhere);
      const result = await run(OKTA_ASSIGN, url);
      expect(elsewhere).toEqual([]);
      // The id came from the Location's last segment and was removed at the target itself.
      expect(result.cleanup).toMatchObject({ created: 2, deleted: 2, leftovers: [] });
      expect(userNames()).toEqual(['customer@acme.example']);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('the final sweep removes a user whose create answer was lost, found by the run marker, and nothing else', async () => {
    // The first create lands but its answer is a 500: no ledger can know the id.
    let lost = false;
    const loseFirstCreate: Bend = (handler) => (request) => {
      const response = handler(request);
      const okta = request.headers['user-agent']?.startsWith('Okta') === true;
      if (lost || !okta || request.method !== 'POST' || request.path !== '/Users' || response.status !== 201) return response;
      lost = true;
      return { status: 500, headers: { 'content-type': 'application/scim+json' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500' } };
    };
    const { url, customer } = await target(loseFirstCreate);
    const before = structuredClone(customer());
    const result = await run(OKTA_ASSIGN, url);
    expect(result.cleanup!.sweep).toMatchObject({ ran: true, found: 1, deleted: 1 });
    expect(userNames()).toEqual(['customer@acme.example']);
    expect(customer()).toEqual(before);
  });

  it('the sweep deletes nothing without the marker even when the target ignores its filter', async () => {
    const ignoreCo: Bend = (handler) => (request) => {
      if (!request.query.get('filter')?.includes(' co ')) return handler(request);
      const query = new URLSearchParams(request.query);
      query.delete('filter');
      return handler({ ...request, query });
    };
    const { url, customer } = await target(ignoreCo);
    const result = await run(OKTA_ASSIGN, url);
    expect(result.cleanup!.sweep).toMatchObject({ ran: true, found: 0 });
    expect(customer()).toBeDefined();
  });

  it('--keep leaves what the run created and lists it', async () => {
    const { url } = await target();
    const result = await run(OKTA_ASSIGN, url, { keep: true });
    expect(result.cleanup).toMatchObject({ kept: true, sweep: { ran: false } });
    expect(result.cleanup!.leftovers.map((l) => l.outcome)).toEqual(['kept', 'kept']);
    expect(userNames()).toHaveLength(3);
  });

  it('a scenario that times out stops sending and still removes what it created', async () => {
    // A target taking 10 ms per create cannot take 40 in 150 ms: the timeout strikes mid-sync, with users already created.
    const slowCreates: Bend = (handler) => (request) => {
      if (request.method === 'POST') for (const until = performance.now() + 10; performance.now() < until; );
      return handler(request);
    };
    const { url } = await target(slowCreates);
    const yaml = `
name: Okta full sync that cannot finish in time
idp: okta
directory: { seed: 6, users: 40 }
steps:
  - fullSync: { assigned: [${Array.from({ length: 40 }, (_, i) => `user${i + 1}`).join(', ')}] }
`;
    const result = await run(yaml, url, { scenarioTimeoutMs: 150 });
    const scenario = result.scenarios[0]!;
    expect(scenario.status).toBe('error');
    expect(scenario.error).toMatch(/timeout of 150 ms/);
    expect(scenario.cleanup!.created).toBeGreaterThan(0);
    expect(scenario.cleanup!.leftovers).toEqual([]);
    expect(userNames()).toEqual(['customer@acme.example']);
  });
});

describe('requirements and not applicable', () => {
  const DOCKER = `
name: Okta maps a Docker role
idp: okta
settings: { mappings: { docker: true } }
directory: { seed: 7, users: 1, roles: { user1: editor } }
steps:
  - assign: user1
  - expect: { user: user1, dockerRole: editor }
`;

  it('a scenario needing what the target does not publish is not applicable, with the reason, and sends nothing', async () => {
    const { url } = await target();
    const result = await run(DOCKER, url);
    const scenario = result.scenarios[0]!;
    expect(scenario.status).toBe('not-applicable');
    expect(scenario.exchanges).toEqual([]);
    expect(scenario.notApplicable).toEqual([{ feature: 'docker', reason: expect.stringMatching(/does not publish urn:\S*docker\S* /), needed: 'directory.roles maps Docker roles' }]);
    expect(result.summary).toMatchObject({ conformant: true, scenarios: { notApplicable: 1, passed: 0 } });
    expect(result.target.features).toContainEqual({ feature: 'docker', supported: false, source: '/Schemas, /ResourceTypes' });
  });

  it('against a target that publishes it, the same scenario runs', async () => {
    const { url } = await target(undefined, 'docker-hub');
    const result = await run(DOCKER, url);
    expect(result.scenarios[0]!.status).toBe('passed');
  });

  it('--require turns the missing feature into a failure', async () => {
    const { url } = await target();
    const result = await run(DOCKER, url, { required: ['docker'] });
    expect(result.scenarios[0]!.status).toBe('failed');
    expect(result.scenarios[0]!.error).toMatch(/^Required by --require but not offered: docker/);
    expect(result.summary.conformant).toBe(false);
  });
});

describe('--bail', () => {
  it('stops after the first scenario that fails, and that scenario still removes what it created', async () => {
    const { url } = await target();
    const failing = `
name: creates a user, then fails
directory: { seed: 9, users: 1 }
steps:
  - request:
      method: POST
      path: /Users
      body: { schemas: [urn:ietf:params:scim:schemas:core:2.0:User], userName: "{{ users.user1.email }}" }
    expect: { status: 201 }
  - request: { method: GET, path: /Users }
    expect: { status: 418 }
`;
    const dir = await mkdtemp(join(tmpdir(), 'scim-bail-'));
    try {
      await writeFile(join(dir, 'a.yaml'), failing);
      await writeFile(join(dir, 'b.yaml'), OKTA_ASSIGN);
      const { run: result } = await runScenarios(await loadSuites([join(dir, 'a.yaml'), join(dir, 'b.yaml')]), selfTestOptions({ kind: 'external', url, token: 'harness-test-token-0123' }, { bail: true }));
      expect(result.scenarios.map((s) => s.status)).toEqual(['failed']);
      expect(result.scenarios[0]!.cleanup).toMatchObject({ created: 1, deleted: 1, leftovers: [] });
      expect(userNames()).toEqual(['customer@acme.example']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
