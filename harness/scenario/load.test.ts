import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverScenarios, loadScenarioFile, loadScenarioText, type LoadResult } from './load.js';
import { stepLabel } from './label.js';
import type { RequestStep, Scenario } from './types.js';

const OKTA_LIFECYCLE = `# yaml-language-server: $schema=../scenario.schema.json
name: Okta assigns, updates and unassigns a user
description: Push New Users, Push Profile Updates (PUT) and Deactivate Users, as Docker's Okta guide sets them up.
idp: okta
tags: [okta, smoke]
provider: { profile: docker-hub, verifiedDomains: [example.com] }
settings:
  provisioning: { createUsers: true, updateAttributes: true, deactivateUsers: true }
  appKind: wizard
directory: { seed: 7, users: 3, domain: example.com, roles: { user2: editor } }
timeoutMs: 30000
steps:
  - testConnection: {}
  - assign: user1
  - expect: { user: user1, active: true, dockerRole: member }
  - update: { user: user1, set: { familyName: Moreau, dockerRole: owner } }
  - expect:
      user: user1
      dockerRole: owner
      attributes:
        name.familyName: Moreau
        emails: { length: 1 }
  - unassign: user1
  - expect: { user: user1, active: false }
  - reassign: user1
  - fullSync: { assigned: [user1, user2], provisioned: [user1] }
  - request:
      name: the user is found by userName in any case
      method: GET
      path: /Users
      query: { filter: 'userName eq "{{ users.user1.email }}"', startIndex: 1, count: 2 }
    expect:
      status: 200
      headers: { Content-Type: { contains: application/scim+json } }
      body:
        totalResults: 1
        Resources.0.userName: { equalsIgnoreCase: "{{ users.user1.email }}" }
        Resources.0.active: true
    save: { userId: body.Resources.0.id }
  - request:
      method: GET
      path: "/Users/{{ vars.userId }}"
    expect:
      status: 200
      body:
        id: "{{ vars.userId }}"
        urn:ietf:params:scim:schemas:extension:docker:2.0:User.dockerRole: owner
`;

const ENTRA_GROUPS = `name: Entra provisions a group and its members
idp: entra
tags: [entra, groups]
settings:
  matchingAttribute: externalId
  provisionGroups: true
  booleanStrings: true
  userAgent: Azure Active Directory SCIM Client
directory: { users: 2 }
steps:
  - testConnection:
  - assign: [user1, user2]
  - pushGroup: { name: "Engineering-{{ run.id }}", members: [user1, user2] }
  - expect: { group: "Engineering-{{ run.id }}", members: [user2, user1] }
  - pushGroup: { name: "Engineering-{{ run.id }}", members: [user2] }
  - expect: { group: "Engineering-{{ run.id }}", members: [user2] }
  - delete: { users: [user1] }
  - expect: { user: user1, exists: false }
`;

const CORE_RAW = `name: POST /Users answers 201 with Location, ETag and a uniqueness conflict on repeat
tags: [core, create]
directory: { users: 1 }
steps:
  - request:
      method: POST
      path: /Users
      headers: { Content-Type: application/scim+json }
      body:
        schemas: [urn:ietf:params:scim:schemas:core:2.0:User]
        userName: "{{ users.user1.email }}"
        name: { givenName: "{{ users.user1.givenName }}", familyName: "{{ users.user1.familyName }}" }
        externalId: "ext-{{ run.id }}"
    expect:
      status: 201
      headers:
        Location: "{{ response.body.meta.location }}"
        ETag: { matches: '^W/".+"$' }
      body:
        id: { typeOf: string }
        meta.resourceType: User
    save: { userId: body.id, etag: headers.ETag }
  - request:
      method: POST
      path: /Users
      body: { schemas: [urn:ietf:params:scim:schemas:core:2.0:User], userName: "{{ users.user1.email }}" }
    expect:
      status: 409
      body: { scimType: uniqueness, status: "409", detail: { present: true } }
  - request: { method: POST, path: /Users, rawBody: '{"userName": ', auth: none }
    expect: { status: [400, 401] }
  - request: { method: DELETE, path: "/Users/{{ vars.userId }}", headers: { If-Match: "{{ vars.etag }}" } }
    expect: { status: 204, body: { $: { present: false } } }
`;

function ok(result: LoadResult): Scenario {
  if (!result.ok) throw new Error(`expected a valid scenario:\n${result.errors.map((e) => e.format()).join('\n')}`);
  return result.scenario;
}

/** Loads `text` and returns its errors as `line:column: message`. */
function errorsOf(text: string): string[] {
  const result = loadScenarioText(text, 'scenarios/okta/x.yaml');
  if (result.ok) throw new Error('expected errors, the scenario loaded');
  return result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`);
}

describe('valid scenarios', () => {
  it('loads an Okta lifecycle with normalised steps and source lines', () => {
    const scenario = ok(loadScenarioText(OKTA_LIFECYCLE, 'scenarios/okta/lifecycle.yaml'));
    expect(scenario.idp).toBe('okta');
    if (scenario.idp === 'okta') expect(scenario.settings.appKind).toBe('wizard');
    expect(scenario.provider).toEqual({ profile: 'docker-hub', verifiedDomains: ['example.com'] });
    expect(scenario.directory).toEqual({ seed: 7, users: 3, domain: 'example.com', roles: { user2: 'editor' }, overrides: {} });
    expect(scenario.timeoutMs).toBe(30000);
    expect(scenario.steps.map((s) => s.kind)).toEqual([
      'testConnection', 'assign', 'expect', 'update', 'expect', 'unassign', 'expect', 'reassign', 'fullSync', 'request', 'request',
    ]);
    expect(scenario.steps[0]).toEqual({ kind: 'testConnection', index: 0, line: 13, column: 5, expectFailure: false });
    expect(scenario.steps[1]).toEqual({ kind: 'assign', users: ['user1'], index: 1, line: 14, column: 5, expectFailure: false });
    expect(scenario.steps[3]).toMatchObject({ kind: 'update', users: ['user1'], set: { familyName: 'Moreau', dockerRole: 'owner' } });
    expect(scenario.steps[4]).toMatchObject({
      kind: 'expect',
      subject: { type: 'user', user: 'user1' },
      exists: true,
      dockerRole: 'owner',
      attributes: { 'name.familyName': { kind: 'literal', value: 'Moreau' }, emails: { kind: 'operators', operators: { length: 1 } } },
    });
    expect(scenario.steps[8]).toMatchObject({ kind: 'fullSync', assigned: ['user1', 'user2'], provisioned: ['user1'] });
    const request = scenario.steps[9] as RequestStep;
    expect(request).toMatchObject({
      kind: 'request',
      name: 'the user is found by userName in any case',
      method: 'GET',
      path: '/Users',
      auth: 'default',
      query: { filter: 'userName eq "{{ users.user1.email }}"', startIndex: 1, count: 2 },
      save: { userId: 'body.Resources.0.id' },
      line: 27,
    });
    expect(request.expect?.status).toEqual([200]);
    expect(request.expect?.body['Resources.0.active']).toEqual({ kind: 'literal', value: true });
  });

  it('loads an Entra group scenario; an empty testConnection is allowed', () => {
    const scenario = ok(loadScenarioText(ENTRA_GROUPS, 'entra/groups.yaml'));
    expect(scenario.steps[0]).toMatchObject({ kind: 'testConnection' });
    expect(scenario.steps[2]).toMatchObject({ kind: 'pushGroup', group: 'Engineering-{{ run.id }}', members: ['user1', 'user2'], delete: false });
    expect(scenario.steps[3]).toMatchObject({ kind: 'expect', subject: { type: 'group', group: 'Engineering-{{ run.id }}' }, members: ['user2', 'user1'] });
    expect(scenario.steps[7]).toMatchObject({ kind: 'expect', subject: { type: 'user', user: 'user1' }, exists: false });
  });

  it('loads an IdP-agnostic raw request scenario with defaults filled in', () => {
    const scenario = ok(loadScenarioText(CORE_RAW, 'core/create.yaml'));
    expect(scenario.idp).toBeUndefined();
    expect(scenario.settings).toEqual({});
    expect(scenario.provider).toEqual({ profile: 'full', verifiedDomains: [] });
    expect(scenario.directory).toMatchObject({ seed: undefined, users: 1, domain: 'example.com' });
    const [create, , malformed, remove] = scenario.steps as RequestStep[];
    expect(create?.body).toMatchObject({ userName: '{{ users.user1.email }}' });
    expect(create?.rawBody).toBeUndefined();
    expect(create?.expect?.headers.ETag).toEqual({ kind: 'operators', operators: { matches: '^W/".+"$' } });
    expect(malformed).toMatchObject({ rawBody: '{"userName": ', body: undefined, auth: 'none', expect: { status: [400, 401] } });
    expect(remove?.expect?.body.$).toEqual({ kind: 'operators', operators: { present: false } });
  });

  it('gives every spelling of a user target the same shape', () => {
    const users = ['user1', '[user1]', '{ user: user1 }', '{ users: [user1] }'].map((target) => {
      const scenario = ok(loadScenarioText(`name: n\nidp: onelogin\ndirectory: { users: 1 }\nsteps:\n  - unassign: ${target}\n`, 'f.yaml'));
      const [step] = scenario.steps;
      return step?.kind === 'unassign' ? step.users : undefined;
    });
    expect(users).toEqual([['user1'], ['user1'], ['user1'], ['user1']]);
  });

  it('shares bodies through anchors under x- keys and merge keys', () => {
    const scenario = ok(
      loadScenarioText(
        `name: anchors
x-user: &user { schemas: [urn:ietf:params:scim:schemas:core:2.0:User], active: true }
steps:
  - request: { method: POST, path: /Users, body: { <<: *user, userName: a@example.com } }
  - request: { method: POST, path: /Users, body: *user }
`,
        'core/anchors.yaml',
      ),
    );
    const [first, second] = scenario.steps as RequestStep[];
    expect(first?.body).toEqual({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], active: true, userName: 'a@example.com' });
    expect(second?.body).toEqual({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], active: true });
  });

  it('accepts OneLogin settings with a SCIM JSON template', () => {
    const scenario = ok(
      loadScenarioText(
        `name: OneLogin suspends on unassign
idp: onelogin
settings:
  headers: { Content-Type: application/scim+json, User-Agent: OneLogin SCIM }
  parameters: { scimusername: email }
  onUnassign: suspend
  template:
    schemas: [urn:ietf:params:scim:schemas:core:2.0:User]
    userName: "{$parameters.scimusername}"
    name: { givenName: "{$user.firstname}", familyName: "{$user.lastname}" }
directory: { users: 1, overrides: { user1: { givenName: Zoë, employeeNumber: 1042 } } }
steps:
  - assign: user1
  - unassign: user1
  - expect: { user: user1, active: false }
`,
        'onelogin/suspend.yaml',
      ),
    );
    expect(scenario.idp).toBe('onelogin');
    expect(scenario.settings.template).toMatchObject({ userName: '{$parameters.scimusername}' });
    expect(scenario.directory.overrides).toEqual({ user1: { givenName: 'Zoë', employeeNumber: '1042' } });
  });
});

describe('errors point at the line and column', () => {
  it('reports a misspelt step with a suggestion, at the key', () => {
    expect(errorsOf('name: n\nidp: okta\ndirectory: { users: 1 }\nsteps:\n  - asign: user1\n')).toEqual([
      "5:5: steps[0].asign: unknown step 'asign' (did you mean 'assign'?); a step is testConnection, assign, update, unassign, reassign, delete, fullSync, pushGroup, expect, request or admin",
    ]);
  });

  it('reports a misspelt top-level key', () => {
    expect(errorsOf('name: n\ndirectroy: { users: 1 }\nsteps: [ { request: { method: GET, path: /Users } } ]\n')).toEqual([
      expect.stringMatching(/^2:1: directroy: unknown key 'directroy' \(did you mean 'directory'\?\)/),
    ]);
  });

  it('reports a wrong type at the value', () => {
    expect(errorsOf('name: n\nsteps:\n  - request:\n      method: GET\n      path: /Users\n    expect:\n      status: "200"\n')).toEqual([
      '7:15: steps[0].expect.status: must be a whole number or a list, not the string "200"',
    ]);
  });

  it('reports an unknown user against the directory size', () => {
    expect(errorsOf('name: n\nidp: okta\ndirectory: { users: 3 }\nsteps:\n  - assign: user1\n  - update: { users: [user2, user9], set: { givenName: X } }\n')).toEqual([
      "6:30: steps[1].update.users[1]: unknown user 'user9' (the directory has user1..user3)",
    ]);
  });

  it('reports a SCIM path where a directory attribute is meant', () => {
    expect(errorsOf('name: n\nidp: okta\ndirectory: { users: 1 }\nsteps:\n  - update: { user: user1, set: { name.familyName: Moreau } }\n')[0]).toMatch(
      /^5:35: steps\[0\]\.update\.set\["name\.familyName"\]: unknown directory attribute 'name\.familyName' \(did you mean 'familyName'\?\); attributes are userName, email, /,
    );
  });

  it('reports a user key that is not one', () => {
    expect(errorsOf('name: n\nidp: okta\nsteps:\n  - assign: bob\n')).toEqual(['4:13: steps[0].assign: "bob" is not a user key or range: users are named user1, user2, ..., ranges user1..user100']);
  });

  it('reports an unknown idp with a suggestion', () => {
    expect(errorsOf('name: n\nidp: Okta\nsteps:\n  - testConnection: {}\n')).toEqual([
      "2:6: idp: unknown idp 'Okta': must be okta, entra or onelogin (did you mean 'okta'?)",
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const [error, ...rest] = errorsOf('name: n\nsteps:\n  - request: { method: GET, path: /Users\n  - assign: user1\n');
    expect(rest).toEqual([]);
    expect(error).toMatch(/^\d+:\d+: YAML: /);
    expect(errorsOf('name: n\nsteps:\n  - assign: user1\n   bad: indentation\n')[0]).toMatch(/^4:\d+: YAML: /);
  });

  it('reports an unclosed quote where it opens, and an alias without anchor', () => {
    expect(errorsOf('name: n\nsteps:\n  - request: { method: GET, path: "/Users }\n  - request: { method: GET, path: /Groups }\n')).toEqual([
      '3:35: YAML: this quote is never closed',
    ]);
    expect(errorsOf('name: n\nsteps:\n  - request: { method: POST, path: /Users, body: *user }\n')).toEqual([
      '3:50: YAML: alias *user has no anchor &user before it',
    ]);
  });

  it('reports duplicate keys', () => {
    expect(errorsOf('name: n\nsteps:\n  - request:\n      method: GET\n      method: POST\n      path: /Users\n')).toEqual(["5:7: YAML: duplicate key 'method'"]);
  });

  it('reports an unquoted template, which YAML would read as a mapping', () => {
    expect(errorsOf('name: n\ndirectory: { users: 1 }\nsteps:\n  - request: { method: GET, path: /Users, query: { filter: {{ users.user1.email }} } }\n')).toEqual([
      '4:60: unquoted template: write "{{ ... }}" in quotes ({ starts a YAML mapping)',
    ]);
  });

  it('reports an IdP action in a scenario without idp', () => {
    expect(errorsOf('name: n\ndirectory: { users: 1 }\nsteps:\n  - request: { method: GET, path: /Users }\n  - assign: user1\n')).toEqual([
      '5:5: steps[1].assign: `assign` is an IdP action: set `idp` (okta, entra or onelogin) at the top, or use `request` steps for an IdP-agnostic scenario',
    ]);
  });

  it("reports another IdP's setting, naming whose it is", () => {
    expect(errorsOf('name: n\nidp: okta\nsettings:\n  appKind: oin\n  onUnassign: suspend\nsteps:\n  - testConnection: {}\n')).toEqual([
      "5:3: settings.onUnassign: 'onUnassign' is not an okta setting (it is an entra or onelogin setting); okta settings are provisioning, appKind, pushGroups and mappings",
    ]);
    expect(errorsOf('name: n\nidp: okta\nsettings: { template: {} }\nsteps:\n  - testConnection: {}\n')[0]).toMatch(/^3:13: settings.template: 'template' is not an okta setting \(it is a onelogin setting\)/);
  });

  it('says in one sentence what a value fitting none of its alternatives may be', () => {
    expect(errorsOf('name: n\nidp: onelogin\nsettings: { template: 5 }\nsteps:\n  - testConnection: {}\n')).toEqual([
      '3:23: settings.template: must be docker, core-1.0, enterprise-1.0 or enterprise-2.0, or a mapping, not the number 5',
    ]);
  });

  it('reports settings without idp and a wrong setting value', () => {
    expect(errorsOf('name: n\nsettings: { appKind: oin }\nsteps:\n  - request: { method: GET, path: / }\n')).toEqual([
      '2:11: settings: settings belong to an IdP: set `idp` (okta, entra or onelogin) or remove `settings`',
    ]);
    expect(errorsOf('name: n\nidp: okta\nsettings: { appKind: post }\nsteps:\n  - testConnection: {}\n')).toEqual([
      '3:22: settings.appKind: must be wizard or oin, not "post"',
    ]);
  });

  it('reports request steps mixed with actions, save without request, and body with rawBody', () => {
    expect(
      errorsOf(`name: n
idp: okta
directory: { users: 1 }
steps:
  - request: { method: GET, path: /Users }
    assign: user1
  - assign: user1
    save: { id: body.id }
  - request: { method: POST, path: /Users, body: {}, rawBody: "{" }
`),
    ).toEqual([
      "6:5: steps[0].assign: 'assign' cannot go with `request`: a request step holds only request, expect and save",
      '8:5: steps[1].save: `save` belongs to a request step (beside `request`)',
      '9:14: steps[2].request: give `body` (JSON) or `rawBody` (text), not both',
    ]);
  });

  it('reports templates that cannot resolve: unknown user, unsaved variable, unknown root, header case', () => {
    expect(
      errorsOf(`name: n
directory: { users: 1 }
steps:
  - request: { method: GET, path: "/Users/{{ vars.userId }}" }
    save: { etag: headers.etag }
  - request: { method: GET, path: /Users, query: { filter: 'userName eq "{{ users.user2.email }}"' } }
  - request: { method: GET, path: "/Users/{{ user.user1.id }}", headers: { If-Match: "{{ vars.etag }}" } }
  - request: { method: GET, path: "{{ response.headers.Location }}" }
  - request: { method: GET, path: "/Users/{{ vars.userId" }
`),
    ).toEqual([
      "4:35: steps[0].request.path: template '{{ vars.userId }}': no earlier step saves 'userId'",
      "6:60: steps[1].request.query.filter: template '{{ users.user2.email }}': unknown user 'user2' (the directory has user1)",
      "7:35: steps[2].request.path: template '{{ user.user1.id }}': unknown root 'user' (did you mean 'users'?); templates start with users, vars, response or run",
      "8:35: steps[3].request.path: template '{{ response.headers.Location }}': header names are lower-case here, write response.headers.location",
      "9:35: steps[4].request.path: unclosed template '{{ vars.userId': missing '}}'",
    ]);
  });

  it('reports matcher mistakes: unknown operator, a literal that looks like one, an invalid regex', () => {
    expect(
      errorsOf(`name: n
steps:
  - request: { method: GET, path: /Users }
    expect:
      body:
        totalResults: { gte: 1, lt: 5 }
        detail: { presnt: true }
        id: { matches: "([a-z" }
`),
    ).toEqual([
      "6:33: steps[0].expect.body.totalResults.lt: unknown matcher 'lt' (did you mean 'lte'?); matchers are equals, equalsIgnoreCase, matches, present, length, contains, oneOf, gte, lte or typeOf",
      expect.stringMatching(/^8:24: steps\[0\]\.expect\.body\.id\.matches: invalid regular expression: /),
    ]);
    expect(errorsOf('name: n\nsteps:\n  - request: { method: GET, path: /Users }\n    expect: { body: { detail: { presnt: true } } }\n')).toEqual([
      "4:33: steps[0].expect.body.detail.presnt: 'presnt' looks like the matcher 'present'; to compare with an object holding 'presnt', write { equals: { presnt: ... } }",
    ]);
  });

  it('reports group steps without group provisioning and outcome expectations that contradict themselves', () => {
    expect(
      errorsOf(`name: n
idp: entra
directory: { users: 1 }
steps:
  - pushGroup: { name: Eng, members: [user1] }
  - expect: { user: user1, exists: false, active: false }
  - expect: { group: Eng, active: true }
  - expect: { exists: true }
`),
    ).toEqual([
      '5:5: steps[0].pushGroup: entra pushes groups only with `settings.provisionGroups: true`',
      '6:28: steps[1].expect.exists: nothing else can be checked on something expected not to exist (active)',
      '7:27: steps[2].expect.active: `active` applies to a user, not a group',
      '8:13: steps[3].expect: expect needs `user` (a directory user), `group` (a pushed group) or `created` (counts of what the scenario created)',
    ]);
  });

  it('reports an empty file, a missing name and an empty step list', () => {
    expect(errorsOf('# nothing yet\n')).toEqual(['1:1: empty file: a scenario needs at least `name` and `steps`']);
    expect(errorsOf('steps: []\n')).toEqual(["1:1: missing required key 'name'", '1:8: steps: must not be empty']);
  });

  it('formats errors as file:line:column: message', () => {
    const result = loadScenarioText('name: n\nidp: okta\ndirectory: { users: 3 }\nsteps:\n  - assign: user9\n', 'scenarios/okta/x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.format()).toBe("scenarios/okta/x.yaml:5:13: steps[0].assign: unknown user 'user9' (the directory has user1..user3)");
    }
  });
});

describe('user ranges, all and except', () => {
  const scenario = (steps: string, users = 10) => `name: n\nidp: okta\nsettings: { pushGroups: true }\ndirectory: { users: ${users} }\nsteps:\n${steps}`;

  it('expand to the explicit key lists the runner takes', () => {
    const loaded = ok(
      loadScenarioText(
        scenario(`  - fullSync: { assigned: all, except: [user2, user5..user9] }
  - fullSync: { assigned: [user3..user5, user1], provisioned: all }
  - assign: user1..user3
  - unassign: [user4, user6..user7]
  - delete: { users: [user8..user9] }
  - update: { users: [user1..user2], set: { title: Lead } }
  - pushGroup: { name: Eng, members: [user1..user3] }
  - expect: { group: Eng, members: [user1..user3] }
`),
        'x.yaml',
      ),
    );
    const lists = loaded.steps.map((step) => {
      if (step.kind === 'fullSync') return [step.assigned, step.provisioned];
      if (step.kind === 'pushGroup' || step.kind === 'expect') return step.members;
      return 'users' in step ? step.users : undefined;
    });
    expect(lists).toEqual([
      [['user1', 'user3', 'user4', 'user10'], undefined],
      [['user3', 'user4', 'user5', 'user1'], ['user1', 'user2', 'user3', 'user4', 'user5', 'user6', 'user7', 'user8', 'user9', 'user10']],
      ['user1', 'user2', 'user3'],
      ['user4', 'user6', 'user7'],
      ['user8', 'user9'],
      ['user1', 'user2'],
      ['user1', 'user2', 'user3'],
      ['user1', 'user2', 'user3'],
    ]);
  });

  it('keep a 10,000-user full sync to one line, and its label short', () => {
    const loaded = ok(loadScenarioText(scenario('  - fullSync: { assigned: all, except: [user10, user20] }\n  - assign: [user1..user9999]\n', 10_000), 'x.yaml'));
    const [sync, assign] = loaded.steps;
    expect(sync?.kind === 'fullSync' && sync.assigned?.length).toBe(9_998);
    expect(sync?.kind === 'fullSync' && sync.assigned?.includes('user10')).toBe(false);
    expect(assign && stepLabel(assign, 'okta')).toBe('okta assign user1..user9999');
  });

  it('report ranges outside the directory or backwards and users named twice, at the item', () => {
    expect(
      errorsOf(
        scenario(`  - fullSync: { assigned: [user1..user20] }
  - fullSync: { assigned: [user9..user2] }
  - fullSync: { assigned: [user1..user5, user3], provisioned: [user2..user4, user4..user6] }
  - assign: user5..user11
`),
      ),
    ).toEqual([
      "6:28: steps[0].fullSync.assigned[0]: range 'user1..user20' goes past the directory (the directory has user1..user10)",
      "7:28: steps[1].fullSync.assigned[0]: range 'user9..user2' runs backwards: write user2..user9",
      '8:42: steps[2].fullSync.assigned[1]: lists user3 twice (also in user1..user5)',
      '8:78: steps[2].fullSync.provisioned[1]: lists user4 twice (also in user2..user4)',
      "9:13: steps[3].assign: range 'user5..user11' goes past the directory (the directory has user1..user10)",
    ]);
  });

  it('report an except outside the directory or outside assigned, an except without assigned, and all of nobody', () => {
    expect(
      errorsOf(
        scenario(`  - fullSync: { assigned: all, except: [user11] }
  - fullSync: { assigned: [user1..user5], except: [user4..user7] }
  - fullSync: { except: [user1] }
`),
      ),
    ).toEqual([
      "6:41: steps[0].fullSync.except[0]: unknown user 'user11' (the directory has user1..user10)",
      '7:52: steps[1].fullSync.except[0]: user6 is not in `assigned`: `except` only takes users out of it',
      '8:17: steps[2].fullSync.except: `except` takes users out of `assigned`: write `assigned: all` (or a list) beside it',
    ]);
    expect(errorsOf('name: n\nidp: okta\nsteps:\n  - fullSync: { assigned: all }\n')).toEqual([
      '4:27: steps[0].fullSync.assigned: `all` selects nobody (the directory has no users: set `directory.users`)',
    ]);
  });

  it('say what a selection may be when it is neither all nor a list, and where all cannot go', () => {
    expect(
      errorsOf(
        scenario(`  - fullSync: { assigned: everyone }
  - fullSync: { provisioned: 3 }
  - fullSync: { assigned: [all, user1] }
  - assign: user0..user3
  - assign: all
`),
      ),
    ).toEqual([
      '6:27: steps[0].fullSync.assigned: must be `all` or a list of users and ranges ([user1, user5..user9]), not "everyone"',
      '7:30: steps[1].fullSync.provisioned: must be `all` or a list of users and ranges ([user1, user5..user9]), not the number 3',
      '8:28: steps[2].fullSync.assigned[0]: `all` stands alone (`assigned: all`, with `except: [...]` for the users left out), not inside a list',
      '9:13: steps[3].assign: "user0..user3" is not a user key or range: users are named user1, user2, ..., ranges user1..user100',
      '10:13: steps[4].assign: `all` is for fullSync (`assigned: all`); here name the users, e.g. user1..user100',
    ]);
  });
});

describe('expectFailure', () => {
  it('goes beside an IdP action and is kept on the step', () => {
    const result = loadScenarioText('name: n\nidp: okta\nsettings: { pushGroups: true }\ndirectory: { users: 1 }\nsteps:\n  - pushGroup: { name: G, members: [user1] }\n    expectFailure: true\n  - assign: user1\n', 'x.yaml');
    if (!result.ok) throw new Error(result.errors.map((e) => e.format()).join('\n'));
    expect(result.scenario.steps.map((s) => [s.kind, s.expectFailure])).toEqual([
      ['pushGroup', true],
      ['assign', false],
    ]);
  });

  it('is refused beside a request or an outcome expectation', () => {
    expect(errorsOf('name: n\ndirectory: { users: 1 }\nsteps:\n  - request: { method: GET, path: /Users }\n    expectFailure: true\n')).toEqual([
      "5:5: steps[0].expectFailure: 'expectFailure' cannot go with `request`: a request step holds only request, expect and save",
    ]);
    expect(errorsOf('name: n\nidp: okta\ndirectory: { users: 1 }\nsteps:\n  - expect: { user: user1 }\n    expectFailure: true\n')).toEqual([
      '6:5: steps[0].expectFailure: `expectFailure` goes beside an IdP action (assign, update, pushGroup, ...)',
    ]);
  });
});

describe('files and folders', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'scenarios-'));
    await mkdir(join(root, 'okta', 'deep'), { recursive: true });
    await mkdir(join(root, '.hidden'));
    await writeFile(join(root, 'okta', 'b.yaml'), OKTA_LIFECYCLE);
    await writeFile(join(root, 'okta', 'deep', 'a.yml'), ENTRA_GROUPS);
    await writeFile(join(root, 'core.YAML'), CORE_RAW);
    await writeFile(join(root, 'okta', 'notes.md'), '# not a scenario');
    await writeFile(join(root, '.hidden', 'x.yaml'), CORE_RAW);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds *.yaml and *.yml recursively, sorted, without duplicates', async () => {
    const files = await discoverScenarios([join(root, 'okta'), root, join(root, 'okta', 'notes.md')]);
    expect(files).toEqual([join(root, 'core.YAML'), join(root, 'okta', 'b.yaml'), join(root, 'okta', 'deep', 'a.yml'), join(root, 'okta', 'notes.md')]);
  });

  it('rejects a path that does not exist', async () => {
    await expect(discoverScenarios([join(root, 'missing')])).rejects.toThrow(/scenario path not found/);
  });

  it('loads a file from disk, and reports one it cannot read', async () => {
    const loaded = await loadScenarioFile(join(root, 'okta', 'b.yaml'));
    expect(ok(loaded).file).toBe(join(root, 'okta', 'b.yaml'));
    const missing = await loadScenarioFile(join(root, 'nope.yaml'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors[0]?.format()).toMatch(/nope\.yaml:1:1: cannot read the file: ENOENT/);
  });
});
