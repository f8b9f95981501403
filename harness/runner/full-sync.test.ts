/**
 * The full-sync outcome checks against targets that get it wrong in ways no single exchange shows.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Directory } from '../../mock-idp/directory.js';
import type { ScimHandler } from '../../provider/handler.js';
import { createProvider, type RunningProvider } from '../../provider/provider.js';
import type { CheckResult } from '../model.js';
import { loadSuites } from '../self-test.js';
import { runScenarios } from './run.js';

const OPTIONS = {
  seed: 1,
  failOn: 'must' as const,
  concurrency: 1,
  requestTimeoutMs: 10_000,
  scenarioTimeoutMs: 60_000,
  bail: false,
  maxRetryWaitMs: 10,
  toolVersion: 'test',
};

const SCENARIO = `
name: full sync against a target that holds user1 twice
idp: okta
directory: { seed: 5, users: 2 }
steps:
  - fullSync: { assigned: [user1, user2] }
`;

/**
 * A target that answers a plain `userName eq` filter on user1 with two users, as one holding a duplicate
 * does. Okta's own lookup carries startIndex/count and sees one, so the sync goes as usual.
 */
function withDuplicate(userName: () => string): (handler: ScimHandler) => ScimHandler {
  return (handler) => (request) => {
    const response = handler(request);
    const filter = request.query.get('filter');
    if (request.method !== 'GET' || request.query.has('count') || filter !== `userName eq "${userName()}"`) return response;
    const body = response.body as { Resources: Record<string, unknown>[] };
    const copy = { ...body.Resources[0], id: 'duplicate' };
    return { ...response, body: { ...body, totalResults: 2, itemsPerPage: 2, Resources: [...body.Resources, copy] } };
  };
}

describe('full-sync outcome checks', () => {
  let dir: string;
  let running: RunningProvider;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scim-full-sync-'));
    await writeFile(join(dir, 'duplicate.yaml'), SCENARIO);
    const directory = new Directory({ seed: 5, users: 2 });
    running = await createProvider({ token: 't', wrapHandler: withDuplicate(() => directory.get('user1').userName) }).listen(0);
  });
  afterAll(async () => {
    await running.close();
    await rm(dir, { recursive: true, force: true });
  });

  const check = (checks: CheckResult[], id: string) => checks.find((c) => c.checkId === id);

  it('fail when the target holds an assigned user twice', async () => {
    const scenarios = await loadSuites([join(dir, 'duplicate.yaml')]);
    const { run } = await runScenarios(scenarios, { ...OPTIONS, target: { kind: 'external', url: running.baseUrl, token: 't' } });
    const assigned = check(run.scenarios[0]!.checks, 'idp.full-sync.assigned')!;
    expect(assigned.status).toBe('failed');
    expect(assigned.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^user1 \(.+\) is held 2 times after the full sync/)]);
    expect(assigned.passes).toBe(1);
  });
});
