import { describe, expect, it } from 'vitest';
import { matchExpectations } from './expect.js';
import { stepLabel } from './label.js';
import { loadScenarioText } from './load.js';
import { renderExpectation, renderRequest } from './render.js';
import { TemplateError, type TemplateContext } from './template.js';
import type { RequestStep, Step } from './types.js';

const SCENARIO = `name: render
idp: okta
settings: { pushGroups: true }
directory: { users: 2 }
steps:
  - request: { method: POST, path: /Users, body: { userName: "{{ users.user1.email }}" } }
    save: { userId: body.id, etag: headers.etag, number: body.employeeNumber }
  - request:
      method: PATCH
      path: "/Users/{{ vars.userId }}"
      query: { attributes: userName, count: 2 }
      headers: { If-Match: "{{ vars.etag }}" }
      auth: "Bearer {{ run.id }}"
      body:
        schemas: [urn:ietf:params:scim:api:messages:2.0:PatchOp]
        Operations: [{ op: replace, value: { active: false, employeeNumber: "{{ vars.number }}" } }]
    expect:
      status: 200
      headers: { ETag: { matches: "^W/" }, Location: "{{ response.body.meta.location }}" }
      body: { id: "{{ vars.userId }}", meta.version: { present: true } }
  - request: { method: POST, path: /Users, rawBody: '{"userName":"{{ users.user2.email }}"' }
  - testConnection: {}
  - assign: [user1, user2]
  - update: { user: user1, set: { familyName: Moreau } }
  - pushGroup: { name: Eng, renameTo: Engineering }
  - expect: { user: user2, exists: false }
  - request: { name: list users, method: GET, path: /Users }
`;

/** The steps after the one that saves variables. */
function steps(): Step[] {
  const result = loadScenarioText(SCENARIO, 'render.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => e.format()).join('\n'));
  return result.scenario.steps.slice(1);
}

const context: TemplateContext = {
  users: { user1: { email: 'ada@example.com' }, user2: { email: 'alan@example.com' } },
  vars: { userId: 'u-42', etag: 'W/"3"', number: 1042 },
  run: { seed: 1, id: 'tok', tag: 'sc-tok-1', groupPrefix: '' },
};

describe('renderRequest', () => {
  it('renders text fields as text and keeps raw values in the JSON body', () => {
    const [patch] = steps() as RequestStep[];
    expect(renderRequest(patch as RequestStep, context)).toEqual({
      method: 'PATCH',
      path: '/Users/u-42',
      query: { attributes: 'userName', count: '2' },
      headers: { 'If-Match': 'W/"3"' },
      auth: 'Bearer tok',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: false, employeeNumber: 1042 } }],
      },
      rawBody: undefined,
    });
  });

  it('renders a raw body as text', () => {
    const raw = steps()[1] as RequestStep;
    expect(renderRequest(raw, context)).toMatchObject({ body: undefined, rawBody: '{"userName":"alan@example.com"' });
  });

  it('throws TemplateError for a reference that does not resolve', () => {
    const [patch] = steps() as RequestStep[];
    expect(() => renderRequest(patch as RequestStep, { ...context, vars: {} })).toThrow(TemplateError);
  });
});

describe('renderExpectation', () => {
  it('renders matchers against the response being checked', () => {
    const [patch] = steps() as RequestStep[];
    const json = { id: 'u-42', meta: { version: 'W/"4"', location: 'https://x/Users/u-42' } };
    const view = { status: 200, headers: { etag: 'W/"4"', location: 'https://x/Users/u-42' }, json };
    const rendered = renderExpectation(patch?.expect ?? { status: undefined, headers: {}, body: {} }, {
      ...context,
      response: { status: view.status, headers: view.headers, body: json },
    });
    expect(rendered.body.id).toEqual({ kind: 'literal', value: 'u-42' });
    expect(matchExpectations(rendered, view)).toEqual([]);
    expect(matchExpectations(rendered, { ...view, headers: { etag: 'W/"4"', location: 'https://x/Users/other' } })).toEqual([
      'header Location: expected "https://x/Users/u-42", got "https://x/Users/other"',
    ]);
  });
});

describe('stepLabel', () => {
  it('says what each step does', () => {
    expect(steps().map((step) => stepLabel(step, 'okta'))).toEqual([
      'PATCH /Users/{{ vars.userId }}?attributes=userName&count=2',
      'POST /Users',
      'okta testConnection',
      'okta assign user1, user2',
      'okta update user1 (familyName)',
      'okta pushGroup Eng → Engineering',
      'expect user2 absent',
      'list users',
    ]);
  });
});
