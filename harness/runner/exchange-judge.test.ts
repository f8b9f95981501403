/**
 * Issue 12: a long scenario's exchanges are judged in a worker thread. Judged there or inline, a run's check
 * results are the same — passes, failures (with their evidence kept), not-applicable marks — and a worker
 * that fails hands its work back instead of losing it.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Check, CheckContext } from '../checks/check.js';
import { finding } from '../checks/check.js';
import { CHECKS } from '../checks/catalogue.js';
import type { Exchange, RunResult } from '../model.js';
import { CheckTally } from './aggregate.js';
import { ExchangeJudge } from './exchange-judge.js';
import { runYamlRun } from './test-support.js';

const SYNC = `
name: a 30-user Okta full sync against Docker Hub's model
idp: okta
provider: { profile: docker-hub, verifiedDomains: [example.com] }
directory: { seed: 4, users: 30, domain: example.com }
steps:
  - fullSync: { assigned: all, except: [user30] }
  - expect: { created: { users: 29 } }
`;

const embedded = (defect?: string) => ({ kind: 'embedded' as const, transport: 'in-process' as const, defect });

/** What a report says of each check, with what differs from run to run (ids, origins, run tags) blanked. */
const verdicts = (run: RunResult) =>
  JSON.parse(
    JSON.stringify(run.scenarios[0]!.checks)
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
      .replace(/p\d+\.embedded\.invalid/g, 'ORIGIN')
      .replace(/sc-[a-z0-9]+-\d+/g, 'TAG')
      .replace(/[^"]*scim-runner-[^/"]+\//g, 'DIR/'),
  ) as unknown;

/** A GET by id answered with `status` and an empty object. */
const exchange = (n: number, status: number): Exchange => ({
  id: `x#${n}`,
  label: 'test',
  area: 'read',
  idp: undefined,
  request: { method: 'GET', url: `http://t.invalid/scim/v2/Users/${n}`, headers: {} },
  response: { status, headers: { 'content-type': 'application/scim+json' }, body: '{}' },
  requestJson: undefined,
  responseJson: {},
  transportError: undefined,
  startedAt: new Date(0).toISOString(),
  durationMs: 1,
});


describe('judging in a worker thread', () => {
  it('gives the same check results as judging inline, failures included', async () => {
    for (const defect of [undefined, 'no-location']) {
      const inline = await runYamlRun(SYNC, embedded(defect), { offloadChecksAfter: Infinity });
      const offloaded = await runYamlRun(SYNC, embedded(defect), { offloadChecksAfter: 0 });
      expect(verdicts(offloaded)).toEqual(verdicts(inline));
      expect(offloaded.scenarios[0]!.status).toBe(inline.scenarios[0]!.status);
      expect(inline.scenarios[0]!.checks.reduce((sum, c) => sum + c.passes, 0)).toBeGreaterThan(500);
    }
    const failing = await runYamlRun(SYNC, embedded('no-location'), { offloadChecksAfter: 0 });
    expect(failing.scenarios[0]!.checks.find((c) => c.checkId === 'rfc7644.create.location')?.status).toBe('failed');
  });

  it('marks checks of a feature the target lacks not applicable where they would apply, as inline', async () => {
    const ctx: CheckContext = { baseUrl: 'http://t.invalid/scim/v2', schemas: undefined, resourceTypes: undefined };
    const lacking = CHECKS.find((c) => c.id === 'rfc7644.read.status')!;
    const tallies = await Promise.all(
      [Infinity, 0].map(async (offloadAfter) => {
        const tally = new CheckTally((id) => CHECKS.find((c) => c.id === id));
        const others = CHECKS.filter((c) => c !== lacking);
        const judge = new ExchangeJudge({ context: ctx, checks: others, notApplicable: [{ check: lacking, reason: 'the target lacks it' }] }, tally, offloadAfter);
        for (let n = 1; n <= 20; n += 1) await judge.judge(exchange(n, 200), ctx);
        expect(await judge.whenReady()).toBe(offloadAfter === 0 && availableParallelism() > 1);
        // One core: judged inline either way (a worker would only take turns with the traffic).
        expect(judge.offloaded).toBe(offloadAfter === 0 && availableParallelism() > 1);
        await judge.close();
        return tally.list();
      }),
    );
    expect(tallies[1]).toEqual(tallies[0]);
    expect(tallies[1]!.find((c) => c.checkId === lacking.id)).toMatchObject({ status: 'not-applicable', reason: 'the target lacks it' });
  });

  it('keeps the exchange each failure points at, past the exchange budget, however far the worker lags', async () => {
    // A window of 2: every verdict comes back from the worker after the window has moved on.
    const run = await runYamlRun(SYNC, embedded('no-location'), { offloadChecksAfter: 0, exchanges: { budget: 10, window: 2 } });
    const scenario = run.scenarios[0]!;
    const location = scenario.checks.find((c) => c.checkId === 'rfc7644.create.location')!;
    expect(location.failures).toHaveLength(20);
    const kept = new Set(scenario.exchanges.map((e) => e.id));
    for (const failure of location.failures) expect(kept.has(failure.exchangeId!), failure.exchangeId).toBe(true);
    expect(scenario.exchangeCount!.omitted).toBeGreaterThan(0);
  });
});

describe('sharing the checks between the threads', () => {
  it('hands exchanges to a worker still loading instead of judging them here', async () => {
    if (availableParallelism() < 2) return expect(availableParallelism()).toBe(1);
    const ctx: CheckContext = { baseUrl: 'http://t.invalid/scim/v2', schemas: undefined, resourceTypes: undefined };
    const tally = new CheckTally((id) => CHECKS.find((c) => c.id === id));
    const judge = new ExchangeJudge({ context: ctx, checks: CHECKS, notApplicable: [] }, tally, 1);
    expect(judge.judge(exchange(0, 200), ctx)).toBeUndefined();
    // The second starts the worker; it and the next are posted before it has loaded.
    for (let n = 1; n <= 20; n += 1) expect(judge.judge(exchange(n, 200), ctx)).toBeUndefined();
    expect(judge.offloaded).toBe(false);
    await judge.close();
    expect(judge.judgedBy).toEqual({ here: 1, worker: 20 });
  });

  it('leaves to the worker what piled up while it loaded, without making the sender wait', async () => {
    if (availableParallelism() < 2) return expect(availableParallelism()).toBe(1);
    const ctx: CheckContext = { baseUrl: 'http://t.invalid/scim/v2', schemas: undefined, resourceTypes: undefined };
    const tally = new CheckTally((id) => CHECKS.find((c) => c.id === id));
    const judge = new ExchangeJudge({ context: ctx, checks: CHECKS, notApplicable: [] }, tally, 0);
    judge.foresee(1);
    // 1,500 before the worker can say it is ready (no turn of the event loop): more than its queue (512).
    for (let n = 1; n <= 1_500; n += 1) expect(judge.judge(exchange(n, 200), ctx)).toBeUndefined();
    expect(await judge.whenReady()).toBe(true);
    // It is ready with a backlog it has not fallen behind on: the next ones are its too, while it catches up.
    for (let n = 1_501; n <= 1_600; n += 1) expect(judge.judge(exchange(n, 200), ctx)).toBeUndefined();
    await judge.close();
    expect(judge.judgedBy).toEqual({ here: 0, worker: 1_600 });
  });

  it('judges here what the worker has no room for, with the same verdicts, in the order sent', async () => {
    if (availableParallelism() < 2) return expect(availableParallelism()).toBe(1);
    const ctx: CheckContext = { baseUrl: 'http://t.invalid/scim/v2', schemas: undefined, resourceTypes: undefined };
    const run = async (offloadAfter: number) => {
      const tally = new CheckTally((id) => CHECKS.find((c) => c.id === id));
      const judge = new ExchangeJudge({ context: ctx, checks: CHECKS, notApplicable: [] }, tally, offloadAfter);
      await judge.judge(exchange(0, 200), ctx);
      expect(await judge.whenReady()).toBe(offloadAfter === 0);
      // Handed over faster than the worker can answer (no turn of the event loop between them).
      // 900: more than the worker's queue (512) and fewer than make the sender wait (3,072).
      for (let n = 1; n <= 900; n += 1) expect(judge.judge(exchange(n, n % 7 === 0 ? 500 : 200), ctx)).toBeUndefined();
      await judge.close();
      return { judgedBy: { ...judge.judgedBy }, checks: tally.list() };
    };
    const inline = await run(Infinity);
    const shared = await run(0);
    expect(inline.judgedBy).toEqual({ here: 901, worker: 0 });
    expect(shared.judgedBy.worker).toBeGreaterThan(0);
    expect(shared.judgedBy.here).toBeGreaterThan(300);
    expect(shared.judgedBy.here + shared.judgedBy.worker).toBe(901);
    expect(shared.checks).toEqual(inline.checks);
    const failed = shared.checks.filter((c) => c.failures.length > 0);
    expect(failed.length).toBeGreaterThan(0);
    for (const check of failed) {
      const order = check.failures.map((f) => Number(f.exchangeId!.slice(2)));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });
});

describe('a worker that fails', () => {
  /** A check the worker's catalogue does not know: the worker refuses its setup and exits. */
  const outsider: Check = {
    id: 'test.outsider',
    rfc: 'test',
    level: 'MUST',
    area: 'read',
    title: 'every response is a 200',
    quote: '',
    hint: '',
    applies: (exchange) => exchange.response !== undefined,
    run: (exchange) => [finding(outsider, exchange, exchange.response?.status === 200, { subject: 'status', message: 'status' })],
  };
  it('hands back what it had not judged: every exchange is judged once, inline', async () => {
    const lookup = (id: string) => (id === outsider.id ? outsider : CHECKS.find((c) => c.id === id));
    const tally = new CheckTally(lookup);
    const ctx: CheckContext = { baseUrl: 'http://t.invalid/scim/v2', schemas: undefined, resourceTypes: undefined };
    const judge = new ExchangeJudge({ context: ctx, checks: [outsider], notApplicable: [] }, tally, 0);
    for (let n = 1; n <= 50; n += 1) await judge.judge(exchange(n, n % 10 === 0 ? 500 : 200), ctx);
    await judge.close();
    const [result] = tally.list();
    expect(result).toMatchObject({ checkId: outsider.id, status: 'failed', passes: 45 });
    expect(result!.failures.map((f) => f.exchangeId)).toEqual(['x#10', 'x#20', 'x#30', 'x#40', 'x#50']);
    expect(judge.offloaded).toBe(false);
  });
});
