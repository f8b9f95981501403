/** What a scenario needs of its target: `requires:` as declared and as its steps imply, and the `created` outcome form. */
import { describe, expect, it } from 'vitest';
import { loadScenarioText, type LoadResult } from './load.js';
import { requirementsOf } from './requirements.js';
import type { Requirement, Scenario, Step } from './types.js';

function ok(result: LoadResult): Scenario {
  if (!result.ok) throw new Error(`expected a valid scenario:\n${result.errors.map((e) => e.format()).join('\n')}`);
  return result.scenario;
}

/** The requirements of a scenario given its top-level keys and steps (YAML). */
function requiresOf(header: string, steps: string): Requirement[] {
  return ok(loadScenarioText(`name: n\n${header}\nsteps:\n${steps}`, 'scenarios/x.yaml')).requires;
}

/** Errors of a scenario that must not load, as `line:column: message`. */
function errorsOf(text: string): string[] {
  const result = loadScenarioText(text, 'scenarios/x.yaml');
  if (result.ok) throw new Error('expected errors, the scenario loaded');
  return result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`);
}

const OKTA = 'idp: okta\nsettings: { pushGroups: true }\ndirectory: { users: 2 }';

describe('requirementsOf', () => {
  const step = (kind: 'admin' | 'pushGroup', index: number): Step =>
    kind === 'admin'
      ? { kind, action: 'disableScim', index, line: index + 5, column: 5, expectFailure: false }
      : { kind, group: 'Eng', members: undefined, renameTo: undefined, delete: false, index, line: index + 5, column: 5, expectFailure: false };

  it('puts declared features first, then what roles and steps imply, each once with where it comes from', () => {
    expect(requirementsOf(['patch', 'groups'], [step('admin', 0), step('pushGroup', 1), step('admin', 2)], { roles: { user1: 'owner' } })).toEqual([
      { feature: 'patch', why: 'declared' },
      { feature: 'groups', why: 'declared' },
      { feature: 'docker', why: 'directory.roles maps Docker roles' },
      { feature: 'admin', why: 'step 1 (admin)' },
    ]);
  });

  it('ignores a declared name that is not a feature (the schema has already refused it)', () => {
    expect(requirementsOf(['grops', 'schema:urn:example:x'], [], undefined)).toEqual([{ feature: 'schema:urn:example:x', why: 'declared' }]);
  });

  it('takes empty roles for no roles', () => {
    expect(requirementsOf([], [], {})).toEqual([]);
  });
});

describe('requires, as loaded', () => {
  it('keeps the declared features in order, a schema URN included', () => {
    expect(requiresOf('requires: [sort, filter, schema:urn:example:params:scim:schemas:extension:acme:2.0:User]', '  - request: { method: GET, path: /Users }\n')).toEqual([
      { feature: 'sort', why: 'declared' },
      { feature: 'filter', why: 'declared' },
      { feature: 'schema:urn:example:params:scim:schemas:extension:acme:2.0:User', why: 'declared' },
    ]);
  });

  it('an admin step implies admin', () => {
    expect(requiresOf('directory: { users: 1 }', '  - request: { method: GET, path: /Users }\n  - admin: disableScim\n')).toEqual([{ feature: 'admin', why: 'step 2 (admin)' }]);
  });

  it('a group push implies groups, unless it is expected to fail', () => {
    expect(requiresOf(OKTA, '  - assign: user1\n  - pushGroup: { name: Eng, members: [user1] }\n')).toEqual([{ feature: 'groups', why: 'step 2 (pushGroup)' }]);
    expect(requiresOf(OKTA, '  - pushGroup: { name: Eng, members: [user1] }\n    expectFailure: true\n')).toEqual([]);
  });

  it('expecting a group, or a count of created groups, implies groups; a count of users alone does not', () => {
    expect(requiresOf(OKTA, '  - expect: { group: Eng, exists: false }\n')).toEqual([{ feature: 'groups', why: 'step 1 (expect)' }]);
    expect(requiresOf(OKTA, '  - expect: { created: { groups: 1 } }\n')).toEqual([{ feature: 'groups', why: 'step 1 (expect)' }]);
    expect(requiresOf(OKTA, '  - expect: { created: { users: 1, groups: 0 } }\n')).toEqual([{ feature: 'groups', why: 'step 1 (expect)' }]);
    expect(requiresOf(OKTA, '  - expect: { created: { users: 1 } }\n')).toEqual([]);
  });

  it('directory roles imply docker', () => {
    expect(requiresOf('idp: okta\ndirectory: { users: 2, roles: { user2: editor } }', '  - assign: user2\n')).toEqual([{ feature: 'docker', why: 'directory.roles maps Docker roles' }]);
  });

  it('expecting a Docker role implies docker', () => {
    expect(requiresOf(OKTA, '  - assign: user1\n  - expect: { user: user1, dockerRole: owner }\n')).toEqual([{ feature: 'docker', why: 'step 2 (expect)' }]);
    expect(requiresOf(OKTA, '  - assign: user1\n  - expect: { user: user1, active: true }\n')).toEqual([]);
  });

  it.each(['dockerRole: owner', 'dockerOrg: moby', 'dockerTeam: core'])('an update setting %s implies docker', (set) => {
    expect(requiresOf(OKTA, `  - update: { user: user1, set: { ${set} } }\n`)).toEqual([{ feature: 'docker', why: 'step 1 (update)' }]);
  });

  it('an update of other attributes implies nothing', () => {
    expect(requiresOf(OKTA, '  - update: { user: user1, set: { familyName: Moreau } }\n')).toEqual([]);
  });

  it('raw requests imply nothing, even to /Groups and /Bulk', () => {
    const steps = [
      '  - request: { method: POST, path: /Groups, body: { displayName: Eng } }',
      '  - request: { method: POST, path: /Bulk, body: { Operations: [] } }',
      '  - request: { method: PATCH, path: /Users/x, body: {} }',
    ].join('\n');
    expect(requiresOf('directory: { users: 1 }', `${steps}\n`)).toEqual([]);
  });

  it('lists a feature once, where it first comes from', () => {
    expect(
      requiresOf(
        `requires: [groups]\n${OKTA}\n`,
        '  - pushGroup: { name: Eng, members: [user1] }\n  - expect: { group: Eng, members: [user1] }\n  - admin: enableScim\n  - admin: disableScim\n',
      ),
    ).toEqual([
      { feature: 'groups', why: 'declared' },
      { feature: 'admin', why: 'step 3 (admin)' },
    ]);
  });

  it('refuses an unknown feature at its line and column, listing the allowed ones', () => {
    const errors = errorsOf('name: n\nrequires:\n  - patch\n  - grops\nsteps:\n  - request: { method: GET, path: /Users }\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors).toEqual([
      "4:5: requires[1]: unknown feature 'grops' (did you mean 'groups'?); known: groups, no-groups, patch, bulk, filter, sort, etag, changePassword, docker, enterprise or admin, or schema:<URN>",
    ]);
  });

  it('refuses schema: without a URN', () => {
    const errors = errorsOf('name: n\nrequires: [schema:acme]\nsteps:\n  - request: { method: GET, path: /Users }\n');
    expect(errors).toEqual([expect.stringMatching(/^2:12: requires\[0\]: unknown feature 'schema:acme' \(a schema is `schema:urn:…`\)/)]);
  });
});

describe('the created outcome', () => {
  it('loads expect: { created: { users: 3 } } as a count of created users', () => {
    const scenario = ok(loadScenarioText('name: n\nidp: okta\ndirectory: { users: 3 }\nsteps:\n  - assign: [user1, user2, user3]\n  - expect: { created: { users: 3 } }\n', 'x.yaml'));
    expect(scenario.steps[1]).toMatchObject({ kind: 'expect', exists: true });
    expect(scenario.steps[1]?.kind === 'expect' && scenario.steps[1].subject).toStrictEqual({ type: 'created', users: 3, groups: undefined });
  });

  it('refuses created beside a user, at the expectation', () => {
    expect(errorsOf('name: n\nidp: okta\ndirectory: { users: 1 }\nsteps:\n  - assign: user1\n  - expect: { created: { users: 1 }, user: user1 }\n')).toEqual([
      '6:13: steps[1].expect: give one of `user`, `created`, not several',
    ]);
  });
});
