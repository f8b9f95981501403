/** A failing IdP step shows, in every report, the behaviours its requests enacted and the sources behind them. */
import { describe, expect, it } from 'vitest';
import { IDP_PROFILES } from '../../mock-idp/index.js';
import type { Exchange, RunResult } from '../model.js';
import { exchangeIndex, stepEvidence } from './analysis.js';
import { makeRunResult } from './fixture.js';
import { buildPageData } from './html-data.js';
import { toJUnitXml } from './junit.js';
import { toMarkdown } from './markdown.js';

/** A documented and an undocumented behaviour, taken from the registry so the test follows the declarations. */
function declared(withSources: boolean): { id: string; url: string | undefined } {
  for (const { declaration: d } of IDP_PROFILES) {
    const b = d.behaviours.find((x) => (x.sources.length > 0) === withSources);
    if (b) return { id: b.id, url: b.sources[0] === undefined ? undefined : d.sources[b.sources[0]]?.url };
  }
  throw new Error('no such behaviour declared');
}

/** The fixture run with its failing Okta step's exchange tagged as enacting `behaviour`. */
function runWithBehaviour(behaviour: string): { run: RunResult; failing: Exchange } {
  const run = makeRunResult();
  const scenario = run.scenarios.find((s) => s.steps.some((st) => st.status === 'failed' && st.exchangeIds.length > 0));
  const step = scenario?.steps.find((st) => st.status === 'failed');
  const failing = scenario?.exchanges.find((e) => e.id === step?.exchangeIds[0]);
  if (!failing) throw new Error('fixture lost its failing step');
  failing.behaviour = behaviour;
  return { run, failing };
}

describe('step evidence', () => {
  it('resolves a declared behaviour to its title and sources', () => {
    const { id, url } = declared(true);
    const { run, failing } = runWithBehaviour(id);
    const [evidence] = stepEvidence({ exchangeIds: [failing.id, failing.id] }, exchangeIndex(run));
    expect(evidence?.behaviour).toBe(id);
    expect(evidence?.sources[0]?.url).toBe(url);
    expect(stepEvidence({ exchangeIds: [failing.id, failing.id] }, exchangeIndex(run))).toHaveLength(1);
  });

  it('says when a behaviour is unknown, and gives nothing for untagged traffic', () => {
    const { run, failing } = runWithBehaviour('okta.no-such-thing');
    expect(stepEvidence({ exchangeIds: [failing.id] }, exchangeIndex(run))[0]?.title).toMatch(/not declared/);
    delete failing.behaviour;
    expect(stepEvidence({ exchangeIds: [failing.id] }, exchangeIndex(run))).toEqual([]);
  });

  it('is shown in the Markdown, JUnit and HTML data of the failing step', () => {
    const { id, url } = declared(true);
    const { run } = runWithBehaviour(id);
    expect(toMarkdown(run)).toContain(`evidence: ${id}`);
    expect(toJUnitXml(run)).toContain(`evidence: ${id}`);
    expect(toJUnitXml(run)).toContain(url ?? 'no url');
    const problems = buildPageData(run).scenarios.flatMap((s) => s.problems);
    expect(problems.flatMap((p) => p.evidence).map((e) => e.behaviour)).toContain(id);
  });

  it('labels a behaviour without primary evidence as such, with its note', () => {
    const { id } = declared(false);
    const { run } = runWithBehaviour(id);
    expect(toMarkdown(run)).toMatch(new RegExp(`evidence: ${id.replace(/\./g, '\\.')}.*no primary evidence`));
  });
});
