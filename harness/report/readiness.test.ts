/** Readiness per IdP: verdicts and headlines from constructed runs, and from real runs against a defective embedded provider. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { IDP_ACTION_KINDS as DECLARED_KINDS, type IdpActionKind as DeclaredKind } from '../../mock-idp/declaration.js';
import { IDP_PROFILES } from '../../mock-idp/index.js';
import { findCheck } from '../checks/catalogue.js';
import { readinessLines } from '../cli/run-output.js';
import { runScenarios } from '../runner/run.js';
import { IDP_ACTION_KINDS, type IdpActionKind } from '../scenario/types.js';
import { loadSuites, selfTestOptions } from '../self-test.js';
import { analyseRun, readiness } from './readiness.js';
import { exchange, failing, runOf, scenario, step } from './root-causes.test-support.js';
import { rootCauses } from './root-causes.js';

describe('IdP action names', () => {
  it('are the scenario format\'s action kinds, declared below the harness', () => {
    expect([...DECLARED_KINDS]).toEqual([...IDP_ACTION_KINDS]);
    expectTypeOf<DeclaredKind>().toEqualTypeOf<IdpActionKind>();
  });

  it.each(IDP_PROFILES.map((p) => [p.declaration.name, p.declaration] as const))('%s names every action in its own terms', (_, d) => {
    for (const kind of IDP_ACTION_KINDS) expect(d.actionNames[kind], kind).toMatch(/\S/);
  });
});

describe('readiness verdicts and headlines', () => {
  const list = () => exchange('GET', '/Users?startIndex=1&count=2', 200);

  it('works: every scenario passed or not applicable', () => {
    const e = list();
    const run = runOf([
      scenario('scenarios/entra/setup.yaml', 'entra', { steps: [step(0, 'testConnection', [e])], exchanges: [e] }),
      scenario('scenarios/entra/groups.yaml', 'entra', { status: 'not-applicable' }),
    ]);
    const [entra] = readiness(run);
    expect(entra).toMatchObject({ idp: 'entra', title: 'Microsoft Entra ID', verdict: 'works', headline: 'Microsoft Entra ID: works', broken: [], warnings: [] });
    expect(entra!.scenarios).toEqual({ total: 2, passed: 1, failed: 0, notApplicable: 1 });
  });

  it('warns, not breaks, for a MUST spec violation on traffic the IdP got through (the action passed)', () => {
    const post = exchange('POST', '/Users', 201);
    const run = runOf([
      scenario('scenarios/okta/create.yaml', 'okta', {
        steps: [step(0, 'assign', [post])],
        exchanges: [post],
        checks: [failing('rfc7644.create.location', 'MUST', [{ exchange: post, message: '201 Created without a Location header' }])],
      }),
    ]);
    const [okta] = readiness(run);
    expect(okta!.verdict).toBe('works-with-warnings');
    expect(okta!.headline).toBe('Okta: works with warnings (1)');
    expect(okta!.warnings).toEqual([{ action: 'assign', label: 'Create Users', why: '201 Created without a Location header', scenarios: ['scenarios/okta/create.yaml'], rootCauses: ['rfc7644.create.location'] }]);
  });

  it('breaks at the IdP action that failed, in the IdP\'s own words', () => {
    const post = exchange('POST', '/Users', 201);
    const run = runOf([
      scenario('scenarios/okta/create.yaml', 'okta', {
        steps: [step(0, 'assign', [post], { messages: ['okta assign user1: the 201 had no id'] })],
        exchanges: [post],
        checks: [failing('rfc7643.common.id', 'MUST', [{ exchange: post, message: 'the created User has no id' }])],
      }),
    ]);
    const [okta] = readiness(run);
    expect(okta!.verdict).toBe('breaks');
    // Said in the IdP's words (the step's own failure); the check on the same exchange is a root cause of its own.
    expect(okta!.headline).toBe('Okta: breaks at Create Users (okta assign user1: the 201 had no id)');
    expect(okta!.broken).toEqual([{ action: 'assign', label: 'Create Users', why: 'okta assign user1: the 201 had no id', scenarios: ['scenarios/okta/create.yaml'], rootCauses: ['step:assign'] }]);
    expect(rootCauses(run).map((c) => c.id).sort()).toEqual(['rfc7643.common.id', 'step:assign']);
  });

  it('breaks at a failed IdP action step, saying which request was rejected; a consequence is no item of its own', () => {
    const get = exchange('GET', '/Users/1', 200);
    const put = exchange('PUT', '/Users/1', 400);
    const run = runOf([
      scenario('scenarios/okta/update.yaml', 'okta', {
        steps: [step(0, 'update', [get, put], { messages: ['okta update user1: PUT /Users/1 answered 400'] }), step(1, 'unassign', [], { messages: ['user1 has no id'], consequenceOf: { step: 0, reason: 'no id' } })],
        exchanges: [get, put],
      }),
    ]);
    const [okta] = readiness(run);
    expect(okta!.headline).toBe('Okta: breaks at Update User Attributes (PUT rejected with 400)');
    expect(okta!.broken.map((i) => i.action)).toEqual(['update']);
    expect(okta!.broken[0]!.rootCauses).toEqual(['step:update']);
  });

  it('works with warnings when only SHOULD or MAY checks failed, counting the actions that warn', () => {
    const e = list();
    const put = exchange('PUT', '/Users/1', 200);
    const run = runOf(
      [
        scenario('scenarios/onelogin/setup.yaml', 'onelogin', {
          steps: [step(0, 'testConnection', [e]), step(1, 'update', [put])],
          exchanges: [e, put],
          checks: [
            failing('rfc7644.pagination.items-per-page', 'SHOULD', [{ exchange: e, message: 'itemsPerPage is 100 but 3 Resources were returned', actual: 100 }]),
            failing('rfc7644.status.put', 'MAY', [{ exchange: put, message: 'PUT answered 200 without a body' }]),
          ],
        }),
      ],
      // Warnings stay warnings at --fail-on should: readiness asks whether the IdP works, not whether the run passes.
      'should',
    );
    const [onelogin] = readiness(run);
    expect(onelogin).toMatchObject({ verdict: 'works-with-warnings', headline: 'OneLogin: works with warnings (2)', broken: [] });
    expect(onelogin!.warnings.map((w) => w.label)).toEqual(['API Connection test', 'Update user']);
  });

  it('counts a raw request as a warning, labelled by the action its tags name or else by the scenario', () => {
    const post = exchange('POST', '/Users', 201);
    const get = exchange('GET', '/Users/1', 404);
    const run = runOf([
      scenario('scenarios/okta/link.yaml', 'okta', {
        tags: ['okta', 'create', 'link'],
        steps: [step(0, 'request', [post])],
        exchanges: [post],
        checks: [failing('rfc7644.create.location', 'MUST', [{ exchange: post, message: '201 Created without a Location header' }])],
      }),
      scenario('scenarios/okta/odd.yaml', 'okta', { tags: ['okta', 'quirk'], steps: [step(0, 'request', [get], { messages: ['expected status 200, got 404'] })], exchanges: [get] }),
    ]);
    const [okta] = readiness(run);
    expect(okta!.broken).toEqual([]);
    expect(okta!.warnings.map((i) => [i.action, i.label])).toEqual([['assign', 'Create Users'], ['request', 'scenario scenarios/okta/odd.yaml']]);
  });

  it('is not tested when every scenario was not applicable; core scenarios get no line', () => {
    const run = runOf([scenario('scenarios/entra/groups.yaml', 'entra', { status: 'not-applicable' }), scenario('scenarios/core/crud.yaml', undefined, {})]);
    expect(readiness(run).map((r) => [r.idp, r.verdict, r.headline])).toEqual([['entra', 'not-tested', 'Microsoft Entra ID: not tested (every scenario not applicable)']]);
  });

  it('lists IdPs in registry order and says "and N more" when several actions break', () => {
    const a = exchange('POST', '/Users', 500);
    const b = exchange('PATCH', '/Groups/1', 500);
    const run = runOf([
      scenario('scenarios/onelogin/x.yaml', 'onelogin', {}),
      scenario('scenarios/okta/x.yaml', 'okta', { steps: [step(0, 'pushGroup', [b], { messages: ['group push failed'] }), step(1, 'assign', [a], { messages: ['create failed'] })], exchanges: [a, b] }),
    ]);
    const lines = readiness(run).map((r) => r.headline);
    expect(lines).toEqual(['Okta: breaks at Create Users (POST rejected with 500) and 1 more', 'OneLogin: works']);
  });
});

describe('terminal lines', () => {
  it('print only the headlines when everything works, then the top five causes with a fix each', () => {
    const ok = runOf([scenario('scenarios/okta/ok.yaml', 'okta', {})]);
    expect(readinessLines({ ...ok, ...analyseRun(ok) })).toEqual(['Okta: works']);

    const checks = Array.from({ length: 7 }, (_, i) => {
      const e = exchange('POST', '/Users', 201);
      return { e, check: failing(`rfc7644.create.thing${i}`, 'MUST', [{ exchange: e, message: `problem ${i}.` }]) };
    });
    const bad = runOf([scenario('scenarios/okta/bad.yaml', 'okta', { steps: [step(0, 'assign', checks.map((c) => c.e), { messages: ['okta assign user1 failed'] })], exchanges: checks.map((c) => c.e), checks: checks.map((c) => c.check) })]);
    const lines = readinessLines({ ...bad, ...analyseRun(bad) });
    expect(lines[0]).toBe('Okta: breaks at Create Users (okta assign user1 failed)');
    expect(lines[1]).toBe('Top root causes:');
    expect(lines.slice(2)).toHaveLength(10);
    expect(lines[2]).toBe('1. MUST step:assign — okta assign user1 failed (breaks 1 IdP action in 1 scenario).');
    expect(lines[3]).toMatch(/^ {3}Fix: \S/);
    expect(lines[4]).toBe('2. MUST rfc7644.create.thing0 — problem 0 (1 failure in 1 scenario).');
    expect(lines[5]).toMatch(/^ {3}Fix: Make the endpoint satisfy RFC 7644 §3\.3: title of rfc7644\.create\.thing0\.$/);
  });
});

describe('real runs against the embedded provider', () => {
  const FILES = ['scenarios/okta/create-assign.yaml', 'scenarios/okta/setup-test-connection.yaml', 'scenarios/entra/setup.yaml', 'scenarios/entra/provision-on-demand.yaml', 'scenarios/entra/quirk-capitalized-ops.yaml', 'scenarios/onelogin/create.yaml', 'scenarios/core/crud.yaml'];

  async function runWith(defect: string | undefined) {
    const scenarios = await loadSuites(FILES);
    return (await runScenarios(scenarios, selfTestOptions({ kind: 'embedded', transport: 'in-process', defect }, { concurrency: 4 }))).run;
  }

  it('reads "works" for every IdP without a defect, with no root cause', async () => {
    const run = await runWith(undefined);
    expect(run.readiness?.map((r) => r.headline)).toEqual(['Okta: works', 'Microsoft Entra ID: works', 'OneLogin: works']);
    expect(run.rootCauses).toEqual([]);
  }, 60_000);

  it('puts the defect\'s check first, with its hint; no IdP needs Location, so each works with warnings (no-location)', async () => {
    const run = await runWith('no-location');
    const top = run.rootCauses?.[0];
    expect(top).toMatchObject({ id: 'rfc7644.create.location', checkId: 'rfc7644.create.location', level: 'MUST', observed: '201 Created without a Location header' });
    expect(top!.hint).toBe(findCheck('rfc7644.create.location')!.hint);
    expect(top!.impact.idps).toEqual(['entra', 'okta', 'onelogin']);
    expect(top!.example?.request).toMatch(/^POST .*\/Users$/);
    expect(top!.example?.status).toBe(201);
    // Okta, Entra and OneLogin read the new user's id from the 201 body (audit): the missing header is a spec violation, not a break.
    const verdicts = Object.fromEntries((run.readiness ?? []).map((r) => [r.idp, r.verdict]));
    expect(verdicts).toEqual({ okta: 'works-with-warnings', entra: 'works-with-warnings', onelogin: 'works-with-warnings' });
    expect(run.readiness?.[0]?.warnings[0]).toMatchObject({ action: 'assign', label: 'Create Users', why: '201 Created without a Location header' });
  }, 60_000);

  it('breaks only the IdP whose traffic the endpoint refuses: Entra\'s capitalised PATCH ops (refuse-capitalized-op)', async () => {
    const run = await runWith('refuse-capitalized-op');
    const verdicts = Object.fromEntries((run.readiness ?? []).map((r) => [r.idp, r.verdict]));
    expect(verdicts).toEqual({ okta: 'works', entra: 'breaks', onelogin: 'works' });
    const entra = run.readiness!.find((r) => r.idp === 'entra')!;
    expect(entra.headline).toMatch(/^Microsoft Entra ID: breaks at /);
    expect(entra.broken.flatMap((i) => i.scenarios)).toContain('scenarios/entra/quirk-capitalized-ops.yaml');
    expect(run.rootCauses?.length).toBeGreaterThan(0);
  }, 60_000);
});
