/**
 * Scenario faults reach the IdP the same way whatever the target: in the embedded provider's handler, or
 * in the transport in front of an external one (the faulted request never reaches it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider, type RunningProvider } from '../../provider/provider.js';
import { loadSuites, selfTestOptions } from '../self-test.js';
import { runScenarios } from './run.js';

describe('scenario faults', () => {
  const provider = createProvider({ token: 'external-token-0123' });
  let running: RunningProvider;
  beforeAll(async () => {
    running = await provider.listen(0);
  });
  afterAll(async () => {
    await running.close();
  });

  const creates = (exchanges: { request: { method: string; url: string }; response?: { status: number } | undefined }[]) =>
    exchanges.filter((e) => e.request.method === 'POST' && new URL(e.request.url).pathname.endsWith('/Users')).map((e) => e.response?.status);

  it('throttle the first create against an external target too, and Okta retries it once', async () => {
    const scenarios = await loadSuites(['scenarios/okta/quirk-429-retry.yaml']);
    const before = provider.store.count('User');
    const { run } = await runScenarios(scenarios, selfTestOptions({ kind: 'external', url: running.baseUrl, token: 'external-token-0123' }));
    const result = run.scenarios[0]!;
    expect(result.status).toBe('passed');
    expect(creates(result.exchanges)).toEqual([429, 201]);
    const throttled = result.exchanges.find((e) => e.response?.status === 429)!;
    expect(throttled.response?.headers['Retry-After']).toBe('1');
    // The runner deletes what a scenario created on a shared target; only the retried create reached it.
    expect(provider.store.count('User')).toBe(before);
  });

  it('behave the same in the embedded provider', async () => {
    const scenarios = await loadSuites(['scenarios/okta/quirk-429-retry.yaml']);
    const { run } = await runScenarios(scenarios, selfTestOptions({ kind: 'embedded', transport: 'in-process', defect: undefined }));
    expect(creates(run.scenarios[0]!.exchanges)).toEqual([429, 201]);
  });
});
