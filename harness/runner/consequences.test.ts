/**
 * Consequences are not causes: steps that could not do their work because an earlier step failed carry
 * `consequenceOf` that step, in place, with their status kept; the scenario's verdict is unchanged.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../model.js';
import type { Scenario } from '../scenario/index.js';
import { loadSuites, selfTestOptions } from '../self-test.js';
import { runScenarios } from './run.js';
import type { TargetSpec } from './target.js';

const embedded: TargetSpec = { kind: 'embedded', transport: 'in-process', defect: undefined };

async function load(yaml: string): Promise<Scenario> {
  const dir = await mkdtemp(join(tmpdir(), 'scim-consequences-'));
  try {
    await writeFile(join(dir, 'scenario.yaml'), yaml);
    return (await loadSuites([join(dir, 'scenario.yaml')]))[0]!;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(scenario: Scenario, target: TargetSpec = embedded): Promise<ScenarioResult> {
  return (await runScenarios([scenario], selfTestOptions(target))).run.scenarios[0]!;
}

const FAIL_CREATE = "faults: [{ method: POST, path: '^/Users$', status: 500, times: 100 }]";

const user = `{ schemas: [urn:ietf:params:scim:schemas:core:2.0:User], userName: "c.{{ run.tag }}.{{ users.user1.email }}" }`;

function rawScenario(faults: string): string {
  return `name: consequences of a create that failed
directory: { seed: 5, users: 1 }
${faults}
steps:
  - request: { name: create the user, method: POST, path: /Users, body: ${user} }
    expect: { status: 201 }
    save: { id: body.id }
  - request: { name: read it, method: GET, path: "/Users/{{ vars.id }}" }
    expect: { status: 200 }
    save: { etag: headers.ETag, whole: body }
  - request: { method: GET, path: /Users, headers: { If-None-Match: "{{ vars.etag }}" } }
  - request: { name: delete it, method: DELETE, path: "/Users/{{ vars.id }}" }
    expect: { status: 204 }
`;
}

describe('a value an earlier step did not save', () => {
  it('makes every step that needs it a consequence of the step that failed to save it, still an error', async () => {
    const result = await run(await load(rawScenario(FAIL_CREATE)));
    expect(result.status).toBe('failed');
    const [create, read, conditional, remove] = result.steps;
    expect(create!.status).toBe('failed');
    expect(create!.consequenceOf).toBeUndefined();
    for (const step of [read!, remove!]) {
      expect(step.status).toBe('error');
      expect(step.consequenceOf?.step).toBe(0);
      expect(step.consequenceOf?.reason).toContain('vars.id');
      expect(step.consequenceOf?.reason).toContain('step 0 (create the user) failed');
      expect(step.messages).toEqual(['not run: needs vars.id, which step 0 (create the user) did not save (a consequence of that step\'s failure).']);
      expect(step.exchangeIds).toEqual([]);
    }
    // vars.etag was declared by step 1, which could not run: the cause is step 1's own cause.
    expect(conditional!.status).toBe('error');
    expect(conditional!.consequenceOf?.step).toBe(0);
    expect(conditional!.consequenceOf?.reason).toMatch(/^vars\.etag was never saved: step 1 \(read it\) did not run, a consequence of step 0 \(create the user\)$/);
    expect(conditional!.messages[0]).toMatch(/^not run: needs vars\.etag/);
  });

  it('counts a step that ran but whose response lacked the value as the cause', async () => {
    // The create answers 201 without a body: the step fails on `save id: body.id is absent in the response`.
    const faults = "faults: [{ method: POST, path: '^/Users$', status: 201, body: {}, times: 100 }]";
    const result = await run(await load(rawScenario(faults)));
    const [create, read] = result.steps;
    expect(create!.messages.join(' ')).toContain('save id: body.id is absent');
    expect(read!.consequenceOf).toEqual({ step: 0, reason: 'vars.id was never saved: step 0 (create the user) failed' });
  });

  it('leaves a reference to a var no step declares as it was: a scenario bug, not a consequence', async () => {
    // The loader refuses such a scenario; built by hand it reaches the runner, which says what it always said.
    const scenario = await load(rawScenario(FAIL_CREATE));
    const steps = scenario.steps.map((step) => (step.kind === 'request' && step.index === 3 ? { ...step, path: '/Users/{{ vars.nobody }}' } : step));
    const result = await run({ ...scenario, steps });
    const step = result.steps[3]!;
    expect(step.status).toBe('error');
    expect(step.consequenceOf).toBeUndefined();
    expect(step.messages[0]).toMatch(/^unknown reference 'vars\.nobody'/);
  });

  it('is not a consequence when the value was saved but lacks the field a step reads', async () => {
    const yaml = rawScenario('').replace('headers: { If-None-Match: "{{ vars.etag }}" }', 'headers: { X-Missing: "{{ vars.whole.nothingHere }}" }');
    const result = await run(await load(yaml));
    expect(result.steps[1]!.status).toBe('passed');
    expect(result.steps[2]!.status).toBe('error');
    expect(result.steps[2]!.consequenceOf).toBeUndefined();
    expect(result.steps[2]!.messages[0]).toMatch(/^unknown reference 'vars\.whole\.nothingHere'/);
  });
});

function idpScenario(idp: string, extra = ''): string {
  return `name: consequences of a failed assignment
idp: ${idp}
${extra}
directory: { seed: 5, users: 2 }
${FAIL_CREATE}
steps:
  - assign: user1
  - update: { user: user1, set: { familyName: Moreau } }
  - expect: { user: user1, active: true }
  - unassign: user1
  - expect: { user: user1, exists: false }
`;
}

describe('a user the IdP never provisioned because an earlier step failed', () => {
  it('Okta: update, unassign and expect of user1 after a failed assign are consequences of the assign', async () => {
    const result = await run(await load(idpScenario('okta')));
    expect(result.status).toBe('failed');
    const [assign, update, present, unassign, absent] = result.steps;
    expect(assign!.status).toBe('failed');
    expect(assign!.consequenceOf).toBeUndefined();
    const reason = 'user1 was never provisioned: step 0 (okta assign user1) failed to provision it';
    // Okta had no id to push to: it sent nothing, and the step is what the failed assign left undone.
    expect(update!.consequenceOf).toEqual({ step: 0, reason });
    expect(update!.exchangeIds).toEqual([]);
    expect(present!.status).toBe('failed');
    expect(present!.consequenceOf).toEqual({ step: 0, reason });
    expect(unassign!.consequenceOf).toEqual({ step: 0, reason });
    // What passes needs no explaining.
    expect(absent!.status).toBe('passed');
    expect(absent!.consequenceOf).toBeUndefined();
  });

  it('Entra: an update that tries the create again and fails is a failure of its own, then the new cause', async () => {
    const result = await run(await load(idpScenario('entra')));
    const [assign, update, present, unassign] = result.steps;
    expect(assign!.status).toBe('failed');
    expect(update!.status).toBe('failed');
    expect(update!.consequenceOf).toBeUndefined();
    expect(present!.consequenceOf?.step).toBe(1);
    expect(unassign!.consequenceOf?.step).toBe(1);
  });

  it('OneLogin: a group push refused for a member never provisioned is a consequence', async () => {
    const yaml = idpScenario('onelogin', 'settings: { provisionGroups: true }').replace(
      '  - update: { user: user1, set: { familyName: Moreau } }\n',
      '  - pushGroup: { name: Eng, members: [user1] }\n',
    );
    const result = await run(await load(yaml));
    const push = result.steps[1]!;
    expect(push.kind).toBe('pushGroup');
    expect(push.status).toBe('failed');
    expect(push.consequenceOf?.step).toBe(0);
    expect(push.consequenceOf?.reason).toContain('user1 was never provisioned');
  });

  it('is not claimed for a user that was never assigned', async () => {
    const yaml = idpScenario('okta').replace('  - assign: user1\n', '  - assign: user2\n');
    const result = await run(await load(yaml));
    expect(result.steps[2]!.status).toBe('failed');
    expect(result.steps.every((s) => s.consequenceOf === undefined)).toBe(true);
  });
});

describe('a user an earlier step failed to change', () => {
  it('Entra: an expect of the deactivated state after a refused deactivation is its consequence; a later passing step clears it', async () => {
    const yaml = `name: refused deactivation
idp: entra
directory: { seed: 5, users: 1 }
faults: [{ method: PATCH, path: '^/Users/', status: 400, times: 1 }]
steps:
  - assign: user1
  - unassign: user1
  - expect: { user: user1, active: false }
  - reassign: user1
  - expect: { user: user1, active: false }
`;
    const result = await run(await load(yaml));
    const [, unassign, afterRefusal, reassign, afterReassign] = result.steps;
    expect(unassign!.status).toBe('failed');
    expect(unassign!.consequenceOf).toBeUndefined();
    expect(afterRefusal!.status).toBe('failed');
    expect(afterRefusal!.consequenceOf).toEqual({ step: 1, reason: 'user1 kept its earlier state: step 1 (entra unassign user1) failed to change it' });
    // The reassign passed, so the last expect's failure (user1 is active again) is its own.
    expect(reassign!.status).toBe('passed');
    expect(afterReassign!.status).toBe('failed');
    expect(afterReassign!.consequenceOf).toBeUndefined();
  });
});

describe('a healthy provider', () => {
  it('gives no step of any suite a consequenceOf', async () => {
    const scenarios = await loadSuites(['scenarios']);
    const { run: result } = await runScenarios(scenarios, selfTestOptions(embedded, { concurrency: 4, scenarioTimeoutMs: 120_000 }));
    const marked = result.scenarios.flatMap((s) => s.steps.filter((step) => step.consequenceOf !== undefined).map((step) => `${s.file} step ${step.index}`));
    expect(marked).toEqual([]);
  }, 300_000);
});
