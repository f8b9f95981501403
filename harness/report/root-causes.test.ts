/** Root causes from constructed runs: grouping, splitting by cause, consequences left out, ranking and wording. */
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../model.js';
import { messageShape, rootCauses, runIssues } from './root-causes.js';
import { exchange, failing, runOf, scenario, step } from './root-causes.test-support.js';

/** An Okta scenario whose assign POST lacks a Location header (MUST), and whose list is off by one (SHOULD). */
function oktaCreate(file: string): ScenarioResult {
  const post = exchange('POST', '/Users', 201);
  const list = exchange('GET', '/Users?startIndex=1&count=2', 200);
  return scenario(file, 'okta', {
    steps: [step(0, 'testConnection', [list]), step(1, 'assign', [post])],
    exchanges: [list, post],
    checks: [
      failing('rfc7644.create.location', 'MUST', [{ exchange: post, message: '201 Created without a Location header' }]),
      failing('rfc7644.pagination.items-per-page', 'SHOULD', [{ exchange: list, message: 'itemsPerPage is 100 but 3 Resources were returned', actual: 100 }]),
    ],
  });
}

describe('root causes', () => {
  it('groups one check across scenarios and ranks MUST before SHOULD, however many SHOULD failures there are', () => {
    const list = exchange('GET', '/Users', 200);
    const many = scenario('scenarios/core/lists.yaml', undefined, {
      exchanges: [list],
      checks: [failing('rfc7644.pagination.items-per-page', 'SHOULD', Array.from({ length: 9 }, () => ({ exchange: list, message: 'itemsPerPage is 100 but 3 Resources were returned', actual: 100 })))],
    });
    const causes = rootCauses(runOf([oktaCreate('scenarios/okta/a.yaml'), oktaCreate('scenarios/okta/b.yaml'), many]));
    expect(causes.map((c) => [c.id, c.level])).toEqual([
      ['rfc7644.create.location', 'MUST'],
      ['rfc7644.pagination.items-per-page', 'SHOULD'],
    ]);
    const location = causes[0]!;
    // The assign steps passed: the IdP got through, so the missing header breaks no IdP action.
    expect(location.impact).toEqual({ idpActions: 0, scenarios: 2, failures: 2, idps: ['okta'] });
    expect(location.observed).toBe('201 Created without a Location header');
    expect(location.required).toBe('title of rfc7644.create.location (RFC 7644 §3.3)');
    expect(location.scenarios).toEqual(['scenarios/okta/a.yaml', 'scenarios/okta/b.yaml']);
    expect(location.example).toMatchObject({ scenario: 'scenarios/okta/a.yaml', status: 201, request: 'POST http://127.0.0.1/scim/v2/Users' });
    // The catalogue's hint when the check has one; the constructed rfc as a generic fallback never shows then.
    expect(location.hint.length).toBeGreaterThan(10);
    expect(causes[1]!.impact.failures).toBe(11);
  });

  it('ranks by scenarios failed, then IdP actions broken, then failures, then id', () => {
    const a = exchange('POST', '/Users', 400);
    const b = exchange('PUT', '/Users/1', 400);
    const c = exchange('GET', '/Users', 500);
    const run = runOf([
      scenario('scenarios/okta/two-actions.yaml', 'okta', {
        steps: [step(0, 'assign', [a]), step(1, 'update', [b])],
        exchanges: [a, b],
        checks: [failing('idp.assign.z-two-actions', 'MUST', [{ exchange: a, message: 'm' }, { exchange: b, message: 'm' }])],
      }),
      scenario('scenarios/core/one.yaml', undefined, { exchanges: [c], checks: [failing('rfc7644.a.many-failures', 'MUST', [{ exchange: c, message: 'm' }, { exchange: c, message: 'm' }, { exchange: c, message: 'm' }])] }),
      scenario('scenarios/core/two.yaml', undefined, { exchanges: [c], checks: [failing('rfc7644.b.two-scenarios', 'MUST', [{ exchange: c, message: 'm' }])] }),
      scenario('scenarios/core/three.yaml', undefined, { exchanges: [c], checks: [failing('rfc7644.b.two-scenarios', 'MUST', [{ exchange: c, message: 'm' }]), failing('rfc7644.c.tie', 'MUST', [{ exchange: c, message: 'm' }])] }),
      scenario('scenarios/core/four.yaml', undefined, { exchanges: [c], checks: [failing('rfc7644.b.tie', 'MUST', [{ exchange: c, message: 'm' }])] }),
      scenario('scenarios/core/five.yaml', undefined, { exchanges: [c], checks: [failing('rfc7643.may.thing', 'MAY', [{ exchange: c, message: 'm' }])] }),
    ]);
    expect(rootCauses(run).map((x) => x.id)).toEqual(['rfc7644.b.two-scenarios', 'idp.assign.z-two-actions', 'rfc7644.a.many-failures', 'rfc7644.b.tie', 'rfc7644.c.tie', 'rfc7643.may.thing']);
  });

  it('splits a check failing for two or three distinct reasons, not one whose values are particulars', () => {
    const e = exchange('PUT', '/Users/1', 400);
    const split = scenario('scenarios/core/split.yaml', undefined, {
      exchanges: [e],
      checks: [failing('rfc7644.status.put', 'MUST', [{ exchange: e, message: 'PUT answered 400', actual: 400 }, { exchange: e, message: 'PUT answered 500', actual: 500 }, { exchange: e, message: 'PUT answered 400', actual: 400 }])],
    });
    const particulars = scenario('scenarios/core/counts.yaml', undefined, {
      exchanges: [e],
      checks: [failing('rfc7644.pagination.items-per-page', 'SHOULD', [1, 2, 3, 4].map((n) => ({ exchange: e, message: `itemsPerPage is ${n}`, actual: n })))],
    });
    const ids = rootCauses(runOf([split, particulars])).map((c) => [c.id, c.impact.failures]);
    expect(ids).toEqual([
      ['rfc7644.status.put~400', 2],
      ['rfc7644.status.put~500', 1],
      ['rfc7644.pagination.items-per-page', 4],
    ]);
  });

  it('turns failed steps into step:<kind> causes, leaves consequences out, and lets a check explain a raw request step', () => {
    const post = exchange('POST', '/Users', 201);
    const put = exchange('PUT', '/Users/1', 400);
    const s = scenario('scenarios/okta/steps.yaml', 'okta', {
      steps: [
        step(0, 'assign', [post], { messages: ['okta assign user1: POST /Users answered 201 without an id'] }),
        step(1, 'update', [put], { messages: ['user1 was never provisioned'], consequenceOf: { step: 0, reason: 'user1 has no id' } }),
        step(2, 'request', [], { messages: ['expected status 200, got 404'] }),
      ],
      exchanges: [post, put],
    });
    const explained = scenario('scenarios/okta/explained.yaml', 'okta', {
      steps: [step(0, 'request', [post], { messages: ['header Location: expected a value, got absent'] })],
      exchanges: [post],
      checks: [failing('rfc7644.create.location', 'MUST', [{ exchange: post, message: '201 Created without a Location header' }])],
    });
    const causes = rootCauses(runOf([s, explained]));
    expect(causes.map((c) => c.id)).toEqual(['step:assign', 'rfc7644.create.location', 'step:request']);
    const assign = causes.find((c) => c.id === 'step:assign')!;
    expect(assign.checkId).toBeUndefined();
    expect(assign.level).toBe('MUST');
    expect(assign.observed).toContain('answered 201 without an id');
    expect(assign.hint).toMatch(/POST \/Users with 201/);
    expect(runIssues(runOf([s])).some((i) => i.step?.index === 1)).toBe(false);
  });

  it('groups step messages by shape: the same failure for user1 and user2 is one cause', () => {
    expect(messageShape('okta assign user1 (a.b@example.com): POST answered 409 "uniqueness"')).toBe(messageShape('okta assign user2 (c.d@example.com): POST answered 500 "other"'));
    const one = scenario('scenarios/okta/a.yaml', 'okta', { steps: [step(0, 'assign', [], { messages: ['user1: POST answered 409'] })] });
    const two = scenario('scenarios/okta/b.yaml', 'okta', { steps: [step(0, 'assign', [], { messages: ['user2: POST answered 500'] })] });
    const three = scenario('scenarios/okta/c.yaml', 'okta', { steps: [step(0, 'assign', [], { messages: ['timed out after 60 s'] })] });
    const ids = rootCauses(runOf([one, two, three])).map((c) => [c.id, c.impact.scenarios]);
    expect(ids).toEqual([
      ['step:assign~user-post-answered-n', 2],
      ['step:assign~timed-out-after-n-s', 1],
    ]);
  });

  it('is the same whatever order the scenarios come in (a merged run lists them differently)', () => {
    const scenarios = [oktaCreate('scenarios/okta/b.yaml'), oktaCreate('scenarios/okta/a.yaml')];
    expect(rootCauses(runOf(scenarios))).toEqual(rootCauses(runOf([...scenarios].reverse())));
  });

  it('finds nothing in a run where everything passed', () => {
    const e = exchange('GET', '/Users', 200);
    expect(rootCauses(runOf([scenario('scenarios/okta/ok.yaml', 'okta', { steps: [step(0, 'testConnection', [e])], exchanges: [e] })]))).toEqual([]);
  });
});
