/** A raw request's `spaceAs: '+'` reaches the wire as form encoding (Entra's filters), the default stays %20. */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../scenario/index.js';
import { selfTestOptions } from '../self-test.js';
import { runScenarios } from './run.js';

const scenario = (spaceAs: string) => `
name: space encoding
steps:
  - request: { method: GET, path: /Users, query: { filter: 'userName eq "nobody@example.com"' }${spaceAs} }
    expect: { status: 200, body: { totalResults: 0 } }
  - request: { method: GET, path: '/Users?filter=userName+eq+%22nobody%40example.com%22'${spaceAs} }
    expect: { status: 200, body: { totalResults: 0 } }
`;

async function urls(spaceAs: string): Promise<string[]> {
  const loaded = loadScenarioText(scenario(spaceAs), 'space.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.format()).join('\n'));
  const { run } = await runScenarios([loaded.scenario], selfTestOptions({ kind: 'embedded', transport: 'in-process', defect: undefined }));
  expect(run.scenarios[0]!.status).toBe('passed');
  return run.scenarios[0]!.exchanges.map((e) => e.request.url.replace(/^.*\/Users/, '/Users'));
}

describe('spaceAs on raw requests', () => {
  it("sends '+' for spaces, in a query map and in a query written in the path", async () => {
    expect(await urls(', spaceAs: "+"')).toEqual(['/Users?filter=userName+eq+%22nobody%40example.com%22', '/Users?filter=userName+eq+%22nobody%40example.com%22']);
  });

  it('sends %20 by default', async () => {
    expect(await urls('')).toEqual(['/Users?filter=userName%20eq%20%22nobody%40example.com%22', '/Users?filter=userName%20eq%20%22nobody%40example.com%22']);
  });

  it('refuses any other encoding with the file position', () => {
    const loaded = loadScenarioText(scenario(', spaceAs: "_"'), 'space.yaml');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors[0]!.format()).toMatch(/^space\.yaml:4:\d+: .*spaceAs/);
  });
});
