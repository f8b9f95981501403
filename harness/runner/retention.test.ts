/**
 * A run past a scenario's exchange budget: checks still judge every exchange, reports still hold the exchange
 * every failure points at, the step says how many passing ones were dropped, and report.json stays valid.
 */
import { describe, expect, it } from 'vitest';
import { validateReport } from '../report/json.js';
import { runYamlRun, verdict } from './test-support.js';

const SYNC = `
name: a 40-user full sync past a budget of 10 exchanges
idp: okta
directory: { seed: 5, users: 40 }
steps:
  - fullSync: { assigned: all, except: [user40] }
  - expect: { created: { users: 39 } }
`;

describe('exchange retention past the budget', () => {
  it('judges every exchange, keeps what failures point at, counts the rest', async () => {
    const run = await runYamlRun(SYNC, { kind: 'embedded', transport: 'in-process', defect: 'no-location' }, { exchanges: { budget: 10, window: 8 } });
    const scenario = run.scenarios[0]!;
    const location = verdict(scenario.checks, 'rfc7644.create.location');
    // Every create was judged (39 POSTs), though far fewer exchanges were kept.
    expect(location.status).toBe('failed');
    expect(location.failures).toHaveLength(20);
    const kept = new Set(scenario.exchanges.map((e) => e.id));
    for (const failure of location.failures) expect(kept.has(failure.exchangeId!), failure.exchangeId).toBe(true);
    expect(scenario.exchangeCount!.total).toBe(39 * 2 + 2 + 2);
    expect(scenario.exchanges.length + scenario.exchangeCount!.omitted).toBe(scenario.exchangeCount!.total);
    expect(scenario.exchanges.length).toBeLessThan(40);
    const sync = scenario.steps[0]!;
    // 39 users × (Okta's lookup, its create) and the harness's two reads of 20 and 19 users: 80 in the step, most dropped.
    expect(sync.omittedExchanges).toBeGreaterThan(50);
    expect(sync.exchangeIds.every((id) => kept.has(id))).toBe(true);
    expect(validateReport(JSON.parse(JSON.stringify(run))).ok).toBe(true);
  });

  it('an ordinary scenario keeps every exchange and reports no count', async () => {
    const run = await runYamlRun(SYNC, { kind: 'embedded', transport: 'in-process', defect: undefined });
    const scenario = run.scenarios[0]!;
    expect(scenario.status).toBe('passed');
    expect(scenario.exchangeCount).toBeUndefined();
    expect(scenario.steps.every((s) => s.omittedExchanges === undefined)).toBe(true);
    expect(scenario.steps[0]!.exchangeIds.length).toBe(39 * 2 + 2);
  });
});
