/**
 * The OneLogin profile on the wire: template rendering, settings, and the exact requests of every action
 * against the embedded reference provider. A test of a quirk names its source tag (idp-fidelity-audit.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Directory, type DirectoryUser } from './directory.js';
import {
  BEHAVIOUR,
  connectionTestUserName,
  DOCKER_HEADERS,
  DOCKER_TEMPLATE,
  ONELOGIN_DECLARATION,
  oneloginProfile,
  placeholdersOf,
  readSettings,
  renderTemplate,
  SCIM_1_1,
} from './onelogin.js';
import type { IdpAction } from './profile.js';
import { idpHarness, type IdpHarness, type SentRequest } from './test-support.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BASE = '/scim/v2';

function user(overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    key: 'user1',
    givenName: 'Zoë',
    familyName: 'Moreau',
    displayName: 'Zoë Moreau',
    email: 'zoe.moreau@example.com',
    userName: 'zmoreau',
    externalId: '00u1abcd',
    department: 'Engineering',
    employeeNumber: '01042',
    title: 'Engineer',
    mobilePhone: '+33 6 12 34 56 78',
    locale: 'fr-FR',
    manager: undefined,
    dockerRole: 'editor',
    dockerOrg: 'moby',
    dockerTeam: 'core',
    ...overrides,
  };
}

const render = (template: unknown, u: DirectoryUser = user(), parameters: Record<string, string> = { scimusername: 'email' }) =>
  renderTemplate(template, { user: u, parameters });

describe('OneLogin SCIM JSON Template rendering', () => {
  it("renders Docker's template from the user's first name, last name and email, scimusername mapped to Email", () => {
    expect(render(DOCKER_TEMPLATE)).toEqual({
      value: {
        schemas: [CORE],
        userName: 'zoe.moreau@example.com',
        name: { givenName: 'Zoë', familyName: 'Moreau' },
        emails: [{ value: 'zoe.moreau@example.com', primary: true }],
      },
      empty: [],
      unknown: [],
    });
  });

  it('fills every kind of user field, names in any case, custom fields with or without custom_attributes.', () => {
    const template = {
      a: '{$user.firstname}',
      b: '{$user.lastname}',
      c: '{$user.email}',
      d: '{$user.username}',
      e: '{$user.display_name}',
      f: '{$user.external_id}',
      g: '{$user.department}',
      h: '{$user.title}',
      i: '{$user.phone}',
      j: '{$user.locale_code}',
      k: '{$user.custom_attributes.dockerRole}',
      l: '{$user.dockerOrg}',
      m: '{$user.custom_attributes.dockerteam}',
      n: '{$user.custom_attributes.employeeNumber}',
      o: '{$user.FirstName}',
    };
    expect(render(template).value).toEqual({
      a: 'Zoë',
      b: 'Moreau',
      c: 'zoe.moreau@example.com',
      d: 'zmoreau',
      e: 'Zoë Moreau',
      f: '00u1abcd',
      g: 'Engineering',
      h: 'Engineer',
      i: '+33 6 12 34 56 78',
      j: 'fr-FR',
      k: 'editor',
      l: 'moby',
      m: 'core',
      n: '01042',
      o: 'Zoë',
    });
  });

  it('renders a placeholder with no value as the empty string, and never drops the attribute', () => {
    const u = user({ familyName: undefined as unknown as string, dockerRole: undefined, department: '' });
    const out = render(
      { name: { givenName: '{$user.firstname}', familyName: '{$user.lastname}' }, company: '{$user.company}', role: '{$user.custom_attributes.dockerRole}', dept: '{$user.department}' },
      u,
    );
    expect(out.value).toEqual({ name: { givenName: 'Zoë', familyName: '' }, company: '', role: '', dept: '' });
    expect(out.empty).toEqual(['{$user.lastname}', '{$user.company}', '{$user.custom_attributes.dockerRole}', '{$user.department}']);
    expect(out.unknown).toEqual([]);
  });

  it('substitutes placeholders in place inside longer strings, repeated and side by side', () => {
    const out = render({
      formatted: '{$user.firstname} {$user.lastname}',
      greeting: 'Hello {$user.firstname}, from {$user.company}!',
      glued: '{$user.firstname}{$user.lastname}.{$user.firstname}',
      manager: '{$user.manager_firstname} {$user.manager_lastname}',
    });
    expect(out.value).toEqual({ formatted: 'Zoë Moreau', greeting: 'Hello Zoë, from !', glued: 'ZoëMoreau.Zoë', manager: ' ' });
  });

  it('renders nested objects and arrays, keys included, and keeps the template untouched', () => {
    const template = {
      schemas: [CORE, ENTERPRISE],
      emails: [
        { value: '{$user.email}', type: 'work', primary: true },
        { value: 'alias-{$user.username}@example.com', type: 'other' },
      ],
      phoneNumbers: [{ value: '{$user.phone}', type: 'mobile' }],
      [ENTERPRISE]: { department: '{$parameters.department}', manager: { displayName: '{$user.manager_firstname}' } },
      tags: [['{$user.title}', ['{$user.locale_code}']]],
      'x-{$user.username}': 'key',
    };
    const before = structuredClone(template);
    const out = render(template, user(), { scimusername: 'email', department: 'department' });
    expect(out.value).toEqual({
      schemas: [CORE, ENTERPRISE],
      emails: [
        { value: 'zoe.moreau@example.com', type: 'work', primary: true },
        { value: 'alias-zmoreau@example.com', type: 'other' },
      ],
      phoneNumbers: [{ value: '+33 6 12 34 56 78', type: 'mobile' }],
      [ENTERPRISE]: { department: 'Engineering', manager: { displayName: '' } },
      tags: [['Engineer', ['fr-FR']]],
      'x-zmoreau': 'key',
    });
    expect(template).toEqual(before);
  });

  it('sends non-string values as written and never turns a placeholder into another type', () => {
    const out = render({ active: true, primary: false, count: 3, ratio: 0.5, nothing: null, empty: [], obj: {}, number: '{$user.custom_attributes.employeeNumber}', flag: '{$user.company}' });
    expect(out.value).toEqual({ active: true, primary: false, count: 3, ratio: 0.5, nothing: null, empty: [], obj: {}, number: '01042', flag: '' });
    expect(typeof (out.value as { number: unknown }).number).toBe('string');
  });

  it('maps custom parameters to user fields, names in any case', () => {
    const template = { userName: '{$parameters.scimusername}', role: '{$parameters.dockerRole}', title: '{$parameters.Title}' };
    const out = render(template, user(), { scimusername: 'username', dockerRole: 'custom_attributes.dockerRole', title: 'title' });
    expect(out.value).toEqual({ userName: 'zmoreau', role: 'editor', title: 'Engineer' });
  });

  it('renders unknown fields and unmapped parameters as "" (listed as unknown) and leaves non-placeholders alone', () => {
    const out = render({
      a: '{$user.no_such_field}',
      b: '{$parameters.unmapped}',
      c: '{$group.name}',
      d: '{user.email}',
      e: '{{ users.user1.email }}',
      f: '{$user.firstname',
      g: '{$User.firstname}',
      h: '${user.firstname}',
      i: '{$user.}',
      j: '{ $user.firstname }',
    });
    expect(out.value).toEqual({
      a: '',
      b: '',
      c: '{$group.name}',
      d: '{user.email}',
      e: '{{ users.user1.email }}',
      f: '{$user.firstname',
      g: '{$User.firstname}',
      h: '${user.firstname}',
      i: '{$user.}',
      j: '{ $user.firstname }',
    });
    expect(out.unknown).toEqual(['{$user.no_such_field}', '{$parameters.unmapped}']);
  });

  it('lists the placeholders a template uses', () => {
    expect(placeholdersOf({ ...DOCKER_TEMPLATE, '{$user.title}': ['{$user.firstname} {$user.phone}'] })).toEqual([
      '{$parameters.scimusername}',
      '{$user.firstname}',
      '{$user.lastname}',
      '{$user.email}',
      '{$user.title}',
      '{$user.phone}',
    ]);
  });
});

describe('OneLogin settings', () => {
  it("defaults to Docker's guide (D5): its headers, template and scimusername → email, Suspend, active on every PUT (O4)", () => {
    expect(readSettings({})).toEqual({
      ok: true,
      config: {
        headers: { ...DOCKER_HEADERS },
        template: DOCKER_TEMPLATE,
        templateName: 'docker',
        parameters: { scimusername: 'email' },
        onUnassign: 'suspend',
        activeOnPut: 'always',
        provisionGroups: false,
        retry: { retryOn: [429, 503], maxAttempts: 3, defaultWaitMs: 1000 },
      },
    });
    expect(Object.keys(ONELOGIN_DECLARATION.settings)).toEqual(['headers', 'template', 'parameters', 'onUnassign', 'activeOnPut', 'provisionGroups', 'retry']);
  });

  it('replaces the headers, merges parameters over scimusername → email, and refuses what OneLogin has no field for', () => {
    const read = readSettings({ headers: { 'X-Api': '1' }, parameters: { dept: 'department' } });
    if (!read.ok) throw new Error(read.error);
    expect(read.config.headers).toEqual({ 'X-Api': '1' });
    expect(read.config.parameters).toEqual({ scimusername: 'email', dept: 'department' });
    expect(readSettings({ parameters: { scimusername: 'mail' } })).toEqual({
      ok: false,
      error: expect.stringMatching(/^Invalid OneLogin settings: parameter 'scimusername' is mapped to 'mail', which is not a OneLogin user field \(fields: firstname, lastname, email, /),
    });
    const bad = readSettings({ onUnassign: 'disable', provisionGroups: 'yes', template: [], pushGroups: true, activeOnPut: 'never' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    for (const part of ["unknown setting 'pushGroups'", 'onUnassign must be "suspend" or "delete" or "nothing"', 'provisionGroups must be true or false', 'activeOnPut must be "always" or "lifecycle"', 'template must be']) {
      expect(bad.error).toContain(part);
    }
  });

  it('names a template (O2, O6) and brings the Enterprise connector\'s parameters (O7), under the scenario\'s own', () => {
    const read = readSettings({ template: 'enterprise-1.0', parameters: { title: 'department' } });
    if (!read.ok) throw new Error(read.error);
    expect(read.config.templateName).toBe('enterprise-1.0');
    expect(read.config.template.schemas).toEqual([SCIM_1_1.core, SCIM_1_1.enterprise]);
    expect(read.config.parameters).toEqual({ scimusername: 'email', title: 'department', department: 'department', external_manager_id: 'manager_ad_id' });
    const custom = readSettings({ template: { userName: '{$user.email}' } });
    expect(custom.ok && custom.config).toMatchObject({ template: { userName: '{$user.email}' }, templateName: undefined, parameters: { scimusername: 'email' } });
  });

  it('fails every action on bad settings without sending anything', async () => {
    const h = track(idpHarness({ settings: { parameters: { scimusername: 'mail' } } }));
    const outcome = await oneloginProfile.perform({ kind: 'assign', users: ['user1'] }, h.ctx);
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/^Invalid OneLogin settings: parameter 'scimusername' is mapped to 'mail'/);
    expect(h.take()).toEqual([]);
  });
});

describe('OneLogin declaration', () => {
  const declaration = ONELOGIN_DECLARATION;

  it('cites only declared sources, marks every behaviour without primary evidence with a note, and names only its own settings', () => {
    const tags = new Set(Object.keys(declaration.sources));
    const settings = new Set(Object.keys(declaration.settings));
    expect(declaration.groupSetting).toBe('provisionGroups');
    for (const tag of [...declaration.traffic.sources, ...Object.values(declaration.settings).flatMap((d) => d.sources ?? [])]) expect(tags).toContain(tag);
    for (const b of declaration.behaviours) {
      expect(b.id).toMatch(/^onelogin\.[a-z0-9.-]+$/);
      for (const tag of b.sources) expect(tags).toContain(tag);
      if (b.sources.length === 0) expect(b.note, b.id).toBeTruthy();
      for (const name of b.settings ?? []) expect(settings).toContain(name);
    }
    expect(new Set(declaration.behaviours.map((b) => b.id)).size).toBe(declaration.behaviours.length);
    expect(declaration.behaviours.map((b) => b.id).sort()).toEqual(Object.values(BEHAVIOUR).sort());
  });

  it("labels as documented only OneLogin's pages and sample (O1–O4, O7)", () => {
    const documented = Object.entries(declaration.sources).filter(([, s]) => s.kind === 'documented').map(([tag]) => tag);
    expect(documented.sort()).toEqual(['O1', 'O2', 'O3', 'O4', 'O7']);
  });

  it('has no primary evidence for the suspend and reactivation shapes, group PATCH bodies, retries, the empty-string rule and the PUT without active', () => {
    const unevidenced = declaration.behaviours.filter((b) => b.sources.length === 0).map((b) => [b.id, b.audit]);
    expect(unevidenced).toEqual([
      [BEHAVIOUR.updatePutWithoutActive, 'L-5'],
      [BEHAVIOUR.suspend, 'L-6'],
      [BEHAVIOUR.reactivate, 'L-6'],
      [BEHAVIOUR.memberPatch, 'L-11'],
      [BEHAVIOUR.retry, 'L-12'],
      [BEHAVIOUR.templateEmptyValue, 'L-7'],
    ]);
  });
});

// --- traffic -------------------------------------------------------------------------------------------

const harnesses: IdpHarness[] = [];
const DECLARED = new Set(ONELOGIN_DECLARATION.behaviours.map((b) => b.id));

// Every request the profile sends names a declared behaviour (the tests' own seeding requests are labelled 'seed').
afterEach(() => {
  for (const h of harnesses.splice(0)) {
    for (const r of h.sent) if (r.label !== 'seed') expect(DECLARED.has(r.behaviour ?? ''), `${r.method} ${r.label}: ${String(r.behaviour)}`).toBe(true);
    h.close();
  }
});

function track(h: IdpHarness): IdpHarness {
  harnesses.push(h);
  return h;
}

function docker(options: Parameters<typeof idpHarness>[0] = {}): IdpHarness {
  return track(idpHarness({ provider: { profile: 'docker-hub', verifiedDomains: ['example.com'] }, ...options }));
}

async function perform(h: IdpHarness, action: IdpAction) {
  return oneloginProfile.perform(action, h.ctx);
}

/** The request as an assertion sees it: method, path below the base URL, raw query, headers, body. */
function view(r: SentRequest) {
  return { method: r.method, path: r.url.pathname.slice(BASE.length), search: r.url.search, headers: r.headers, body: r.body };
}

const DOCKER_WIRE_HEADERS = { authorization: 'Bearer idp-test-token-0123', 'content-type': 'application/scim+json', 'user-agent': 'OneLogin SCIM' };

function userNameQuery(value: string): string {
  return `?filter=userName%20eq%20${encodeURIComponent(JSON.stringify(value))}`;
}

function dockerBody(u: DirectoryUser) {
  return { schemas: [CORE], userName: u.email, name: { givenName: u.givenName, familyName: u.familyName }, emails: [{ value: u.email, primary: true }] };
}

function stored(h: IdpHarness) {
  return [...h.provider.store.all('User')].map((r) => r.data as Record<string, unknown>);
}

async function seedAtTarget(h: IdpHarness, body: Record<string, unknown>): Promise<string> {
  const exchange = await h.ctx.http.send({ method: 'POST', path: '/Users', body, headers: { 'Content-Type': 'application/scim+json' } }, 'create', 'seed');
  h.take();
  return (exchange.responseJson as { id: string }).id;
}

describe('OneLogin traffic: test connection', () => {
  it('looks up a userName no user has, with exactly the custom headers, and passes on an empty list', async () => {
    const h = docker();
    const outcome = await perform(h, { kind: 'testConnection' });
    expect(outcome.ok).toBe(true);
    const guid = connectionTestUserName(7);
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    const sent = h.take();
    expect(sent.map(view)).toEqual([{ method: 'GET', path: '/Users', search: userNameQuery(guid), headers: DOCKER_WIRE_HEADERS, body: undefined }]);
    expect(sent[0]?.behaviour).toBe(BEHAVIOUR.testConnection);
  });

  it('takes a 404 as a valid endpoint and anything else as a failed test', async () => {
    const h404 = docker({ intercept: () => new Response(null, { status: 404 }) });
    expect((await perform(h404, { kind: 'testConnection' })).ok).toBe(true);
    const h500 = docker({ intercept: () => Response.json({ detail: 'boom' }, { status: 500 }) });
    const failed = await perform(h500, { kind: 'testConnection' });
    expect(failed.ok).toBe(false);
    expect(failed.messages).toEqual(['OneLogin could not test connection: HTTP 500 (boom).']);
    expect(h500.take()).toHaveLength(1);
  });
});

describe('OneLogin traffic: create', () => {
  it('GETs by the scimusername (URL-encoded) then POSTs the rendered template', async () => {
    const h = docker({ directory: { overrides: { user1: { email: 'zoe+scim@example.com' } } } });
    const u1 = h.directory.get('user1');
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome).toMatchObject({ ok: true });
    const [find, create, ...rest] = h.take().map(view);
    expect(rest).toEqual([]);
    expect(find).toEqual({ method: 'GET', path: '/Users', search: '?filter=userName%20eq%20%22zoe%2Bscim%40example.com%22', headers: DOCKER_WIRE_HEADERS, body: undefined });
    expect(create).toEqual({ method: 'POST', path: '/Users', search: '', headers: DOCKER_WIRE_HEADERS, body: dockerBody(u1) });
    expect(h.sent.map((r) => r.behaviour)).toEqual([BEHAVIOUR.findUser, BEHAVIOUR.createUser]);
    const id = h.state.provisioned.get('user1');
    expect(id).toBeDefined();
    expect(h.state.assigned.has('user1')).toBe(true);
    expect(stored(h)).toEqual([expect.objectContaining({ id, userName: 'zoe+scim@example.com', name: { givenName: u1.givenName, familyName: u1.familyName } })]);
  });

  it('links the user the lookup finds, without a POST', async () => {
    const h = docker();
    const u1 = h.directory.get('user1');
    const id = await seedAtTarget(h, { schemas: [CORE], userName: u1.email.toUpperCase() });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    expect(outcome.messages[0]).toMatch(/^OneLogin linked user1 to the existing user/);
    expect(h.take().map((r) => `${r.method} ${r.url.pathname}`)).toEqual([`GET ${BASE}/Users`]);
    expect(h.state.provisioned.get('user1')).toBe(id);
  });

  it('filters on the scimusername parameter even when the template maps userName differently', async () => {
    const h = docker({ settings: { parameters: { scimusername: 'username' } }, directory: { overrides: { user1: { userName: 'zoe@example.com' } } } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const [find, create] = h.take();
    expect(find?.url.searchParams.get('filter')).toBe('userName eq "zoe@example.com"');
    expect((create?.body as { userName: string }).userName).toBe('zoe@example.com');
  });

  it("template core-1.0 (O2): OneLogin's Core template with the SCIM 1.1 URN; a SCIM 2.0 target refuses it (an admin-visible error)", async () => {
    const h = docker({ settings: { template: 'core-1.0' } });
    const u1 = h.directory.get('user1');
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    const [, create] = h.take();
    expect(create?.body).toEqual({ schemas: ['urn:scim:schemas:core:1.0'], userName: u1.email, name: { givenName: u1.givenName, familyName: u1.familyName, formatted: u1.displayName } });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages).toEqual([expect.stringMatching(/^OneLogin could not create user1: HTTP 400 invalidValue \(Schema 'urn:scim:schemas:core:1\.0' is not supported/)]);
    expect(h.state.adminTasks).toEqual(outcome.messages);
    expect(h.state.provisioned.has('user1')).toBe(false);
    expect(stored(h)).toEqual([]);
  });

  it("template enterprise-1.0 (O2, O7): SCIM 1.1 URNs, emails as one object, the connector's title, department and Manager ID parameters", async () => {
    const h = docker({ settings: { template: 'enterprise-1.0' } });
    const u1 = h.directory.get('user1');
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    const [, create] = h.take();
    expect(create?.body).toEqual({
      schemas: [SCIM_1_1.core, SCIM_1_1.enterprise],
      userName: u1.email,
      name: { familyName: u1.familyName, givenName: u1.givenName, formatted: u1.displayName },
      emails: { value: u1.email, type: 'work', primary: true },
      title: u1.title,
      [SCIM_1_1.enterprise]: { department: u1.department, manager: { managerId: '', displayName: ' ' } },
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/^OneLogin could not create user1: HTTP 400 invalidValue/);
  });

  it('template enterprise-2.0 (O6): RFC URNs, id null, meta, and active rendered as the string "true"; the target provisions it', async () => {
    const h = docker({ settings: { template: 'enterprise-2.0' } });
    const u1 = h.directory.get('user1');
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    const [, create] = h.take();
    expect(create?.body).toEqual({
      schemas: [CORE, ENTERPRISE],
      id: null,
      meta: { resourceType: 'User' },
      userName: u1.email,
      active: 'true',
      name: { familyName: u1.familyName, givenName: u1.givenName, formatted: u1.displayName },
      emails: [{ value: u1.email, type: 'work', primary: true }],
      title: u1.title,
      [ENTERPRISE]: { department: u1.department, manager: { value: '', displayName: ' ' } },
    });
    expect(stored(h)).toEqual([expect.objectContaining({ active: true, title: u1.title, [ENTERPRISE]: expect.objectContaining({ department: u1.department }) })]);
  });

  it('a template rendering {$user.active} (O6) keeps its string on every PUT: "true" for an update, "false" for a suspend', async () => {
    const h = docker({ settings: { template: 'enterprise-2.0' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    await perform(h, { kind: 'update', user: 'user1', set: {} });
    await perform(h, { kind: 'unassign', users: ['user1'] });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    const puts = h.take().filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.behaviour, (r.body as { active: unknown }).active])).toEqual([
      [BEHAVIOUR.updatePut, 'true'],
      [BEHAVIOUR.suspend, 'false'],
      [BEHAVIOUR.reactivate, 'true'],
    ]);
    expect(h.provider.store.get('User', id)?.data.active).toBe(true);
  });

  it('sends an unmapped parameter as "" and names it when the target refuses the result', async () => {
    const h = docker({ settings: { template: { ...DOCKER_TEMPLATE, userName: '{$parameters.login}' } } });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    const [, create] = h.take();
    expect((create?.body as { userName: string }).userName).toBe('');
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/^OneLogin could not create user1: HTTP 400 invalidValue .*\. The template has placeholders OneLogin cannot fill \(rendered ""\): \{\$parameters\.login\}\.$/);
  });

  it('sends exactly the custom headers the admin configured: none invented beyond Authorization (fetch types a body without one)', async () => {
    const h = docker({ settings: { headers: { 'User-Agent': 'Acme OneLogin', 'X-Tenant': 'acme' } } });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    const [find, create] = h.take();
    expect(find?.headers).toEqual({ authorization: 'Bearer idp-test-token-0123', 'user-agent': 'Acme OneLogin', 'x-tenant': 'acme' });
    // No Content-Type configured: fetch labels the string body text/plain, and the target refuses it.
    expect(create?.headers).toEqual({ authorization: 'Bearer idp-test-token-0123', 'user-agent': 'Acme OneLogin', 'x-tenant': 'acme', 'content-type': 'text/plain;charset=UTF-8' });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages[0]).toMatch(/^OneLogin could not create user1: HTTP 415/);
  });

  it('keeps header names and values as configured (application/json is a JSON media type the target accepts)', async () => {
    const h = docker({ settings: { headers: { 'content-type': 'application/json', 'USER-AGENT': 'OneLogin SCIM' } } });
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
    for (const r of h.take()) expect(r.headers).toEqual({ authorization: 'Bearer idp-test-token-0123', 'content-type': 'application/json', 'user-agent': 'OneLogin SCIM' });
  });

  it('honours 429 with Retry-After (L-12, no primary evidence), and never retries a 400', async () => {
    let posts = 0;
    const h = docker({
      intercept: (request) => {
        if (request.method !== 'POST') return undefined;
        posts += 1;
        return posts === 1 ? new Response(null, { status: 429, headers: { 'Retry-After': '1' } }) : undefined;
      },
    });
    expect((await perform(h, { kind: 'assign', users: ['user1'] })).ok).toBe(true);
    expect(h.take().map((r) => `${r.method} ${r.label}`)).toEqual(['GET find user1', 'POST create user1', 'POST create user1 (retry 1)']);

    const bad = docker({ intercept: (request) => (request.method === 'POST' ? Response.json({ detail: 'no' }, { status: 400 }) : undefined) });
    expect((await perform(bad, { kind: 'assign', users: ['user1'] })).ok).toBe(false);
    expect(bad.take().map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('retry: none sends a throttled request once (L-12: retries are undocumented, so both are testable)', async () => {
    const h = docker({ settings: { retry: 'none' }, intercept: (request) => (request.method === 'POST' ? new Response(null, { status: 429, headers: { 'Retry-After': '1' } }) : undefined) });
    const outcome = await perform(h, { kind: 'assign', users: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(h.take().map((r) => `${r.method} ${r.label}`)).toEqual(['GET find user1', 'POST create user1']);
  });
});

describe('OneLogin traffic: update', () => {
  it('PUTs the rendered template plus active true to /Users/{id} (O4: active on every PUT): a full replace, no GET before', async () => {
    const h = docker();
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    // A value the template does not carry, set at the target behind OneLogin's back.
    await h.ctx.http.send(
      { method: 'PATCH', path: `/Users/${id}`, body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'displayName', value: 'Set elsewhere' }] }, headers: { 'Content-Type': 'application/scim+json' } },
      'patch',
      'seed',
    );
    expect(stored(h)[0]?.displayName).toBe('Set elsewhere');
    h.take();
    const u1 = h.directory.update('user1', { familyName: 'Moreau-Lefèvre' });
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: { familyName: 'Moreau-Lefèvre' } });
    expect(outcome.ok).toBe(true);
    const [put] = h.take();
    expect(put && view(put)).toEqual({ method: 'PUT', path: `/Users/${id}`, search: '', headers: DOCKER_WIRE_HEADERS, body: { ...dockerBody(u1), active: true } });
    expect(put?.behaviour).toBe(BEHAVIOUR.updatePut);
    const [after] = stored(h);
    expect(after?.name).toEqual({ givenName: u1.givenName, familyName: 'Moreau-Lefèvre' });
    expect(after?.displayName).toBeUndefined();
    expect(after?.active).toBe(true);
  });

  it('activeOnPut: lifecycle (no primary evidence, L-5): a profile update PUT leaves active out; suspend and reactivation carry it', async () => {
    const h = docker({ settings: { activeOnPut: 'lifecycle' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    await perform(h, { kind: 'update', user: 'user1', set: {} });
    await perform(h, { kind: 'unassign', users: ['user1'] });
    await perform(h, { kind: 'reassign', users: ['user1'] });
    await perform(h, { kind: 'fullSync', assigned: undefined });
    expect(h.take().map((r) => [r.behaviour, (r.body as { active?: boolean }).active])).toEqual([
      [BEHAVIOUR.updatePutWithoutActive, undefined],
      [BEHAVIOUR.suspend, false],
      [BEHAVIOUR.reactivate, true],
      [BEHAVIOUR.reapplyMappings, undefined],
    ]);
  });

  it('changes the userName with the email it is mapped to', async () => {
    const h = docker();
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.directory.update('user1', { email: 'zoe.new@example.com' });
    await perform(h, { kind: 'update', user: 'user1', set: { email: 'zoe.new@example.com' } });
    expect(stored(h)[0]).toMatchObject({ userName: 'zoe.new@example.com', emails: [{ value: 'zoe.new@example.com', primary: true }] });
  });

  it('sends nothing for a user without access to the app, and creates an assigned user not yet provisioned', async () => {
    const h = docker();
    expect(await perform(h, { kind: 'update', user: 'user1', set: { title: 'x' } })).toMatchObject({ ok: true, messages: [expect.stringMatching(/no access to the app/)] });
    expect(h.take()).toEqual([]);
    h.state.assigned.add('user2');
    await perform(h, { kind: 'update', user: 'user2', set: { title: 'x' } });
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('fails (an admin-visible error) when the target no longer has the user', async () => {
    const h = docker();
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.provider.store.clear();
    const outcome = await perform(h, { kind: 'update', user: 'user1', set: {} });
    expect(outcome.ok).toBe(false);
    expect(h.state.adminTasks).toEqual([expect.stringMatching(/^OneLogin could not update user1: HTTP 404/)]);
  });
});

describe('OneLogin traffic: unassign and delete', () => {
  it('suspend (default; O3 the choice, shape unpublished): PUT of the rendered template plus active:false; the user reads back inactive', async () => {
    const h = docker();
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    const outcome = await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(outcome).toEqual({ ok: true, messages: ['OneLogin suspended user1 (HTTP 200).'] });
    const u1 = h.directory.get('user1');
    const [put] = h.take();
    expect(put && view(put)).toEqual({ method: 'PUT', path: `/Users/${id}`, search: '', headers: DOCKER_WIRE_HEADERS, body: { ...dockerBody(u1), active: false } });
    expect(put?.behaviour).toBe(BEHAVIOUR.suspend);
    expect(Object.keys(h.sent.at(-1)!.body as object).at(-1)).toBe('active');
    expect(h.state.deactivated.has('user1')).toBe(true);
    expect(h.state.assigned.has('user1')).toBe(false);
    expect(h.provider.store.get('User', id)?.data.active).toBe(false);

    // Unassigning again, or a profile change while suspended, sends nothing.
    await perform(h, { kind: 'unassign', users: ['user1'] });
    await perform(h, { kind: 'update', user: 'user1', set: {} });
    expect(h.take()).toEqual([]);
  });

  it('reassign reactivates: PUT of the rendered template plus active:true', async () => {
    const h = docker();
    await perform(h, { kind: 'assign', users: ['user1'] });
    await perform(h, { kind: 'unassign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    const outcome = await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(outcome.ok).toBe(true);
    expect(h.take().map(view)).toEqual([{ method: 'PUT', path: `/Users/${id}`, search: '', headers: DOCKER_WIRE_HEADERS, body: { ...dockerBody(h.directory.get('user1')), active: true } }]);
    expect(h.state.deactivated.has('user1')).toBe(false);
    expect(h.provider.store.get('User', id)?.data.active).toBe(true);
    // Already assigned and active: nothing more to send.
    await perform(h, { kind: 'assign', users: ['user1'] });
    expect(h.take()).toEqual([]);
  });

  it('an active:true in the template is overridden by the suspend', async () => {
    const h = docker({ settings: { template: { ...DOCKER_TEMPLATE, active: true } } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    await perform(h, { kind: 'unassign', users: ['user1'] });
    expect((h.sent.at(-1)?.body as { active: boolean }).active).toBe(false);
  });

  it('delete (O3, O4): DELETE /Users/{id} with the custom headers and no body; the user is gone', async () => {
    const h = docker({ settings: { onUnassign: 'delete' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    expect((await perform(h, { kind: 'unassign', users: ['user1'] })).ok).toBe(true);
    expect(h.take().map(view)).toEqual([{ method: 'DELETE', path: `/Users/${id}`, search: '', headers: DOCKER_WIRE_HEADERS, body: undefined }]);
    expect(stored(h)).toEqual([]);
    expect(h.state.provisioned.has('user1')).toBe(false);
    // Granting access again creates the user anew.
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take().map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(stored(h)).toHaveLength(1);
  });

  it('a user deleted in OneLogin gets the same treatment (suspend by default, DELETE with delete)', async () => {
    const h = docker();
    await perform(h, { kind: 'assign', users: ['user1'] });
    h.take();
    await perform(h, { kind: 'delete', users: ['user1'] });
    expect(h.take().map((r) => [r.method, (r.body as { active?: boolean }).active])).toEqual([['PUT', false]]);

    const d = docker({ settings: { onUnassign: 'delete' } });
    await perform(d, { kind: 'assign', users: ['user1'] });
    d.take();
    await perform(d, { kind: 'delete', users: ['user1'] });
    expect(d.take().map((r) => r.method)).toEqual(['DELETE']);
  });

  it('nothing: no request; the user stays active at the target; access granted again re-sends the user', async () => {
    const h = docker({ settings: { onUnassign: 'nothing' } });
    await perform(h, { kind: 'assign', users: ['user1'] });
    const id = h.state.provisioned.get('user1')!;
    h.take();
    const outcome = await perform(h, { kind: 'unassign', users: ['user1'] });
    expect(outcome).toEqual({ ok: true, messages: ['user1 lost access to the app; onUnassign is "Do nothing", so OneLogin sends nothing.'] });
    expect(h.take()).toEqual([]);
    expect(h.provider.store.get('User', id)).toBeDefined();
    expect(h.state.deactivated.has('user1')).toBe(false);
    await perform(h, { kind: 'reassign', users: ['user1'] });
    expect(h.take().map((r) => [r.method, (r.body as { active?: boolean }).active])).toEqual([['PUT', true]]);
  });

  it('sends nothing for a user never provisioned', async () => {
    const h = docker({ settings: { onUnassign: 'delete' } });
    expect((await perform(h, { kind: 'unassign', users: ['user2'] })).ok).toBe(true);
    expect(h.take()).toEqual([]);
  });
});

describe('OneLogin traffic: full sync (Apply to All → Reapply Mappings)', () => {
  it('50 assigned users, 10 already provisioned: 10 PUTs, 40 lookups and creates; the target ends with exactly the 50', async () => {
    const h = docker({ directory: { seed: 3, users: 50 } });
    const all = h.directory.keys();
    const first10 = all.slice(0, 10);
    await perform(h, { kind: 'assign', users: first10 });
    expect(stored(h)).toHaveLength(10);
    const ids = new Map(h.state.provisioned);
    h.take();

    const outcome = await perform(h, { kind: 'fullSync', assigned: all });
    expect(outcome.ok).toBe(true);
    const sent = h.take();
    const byMethod = (m: string) => sent.filter((r) => r.method === m);
    expect(byMethod('PUT').map((r) => r.url.pathname)).toEqual(first10.map((k) => `${BASE}/Users/${ids.get(k)}`));
    expect(byMethod('GET')).toHaveLength(40);
    expect(byMethod('POST')).toHaveLength(40);
    expect(sent).toHaveLength(90);
    for (const r of sent) expect(r.headers).toEqual(DOCKER_WIRE_HEADERS);

    const users = stored(h);
    expect(users).toHaveLength(50);
    expect(users.map((u) => u.userName).sort()).toEqual(all.map((k) => h.directory.get(k).email).sort());
    expect(new Set(h.state.provisioned.values()).size).toBe(50);
    // The 10 kept their ids: updated in place, not re-created.
    for (const k of first10) expect(h.state.provisioned.get(k)).toBe(ids.get(k));
  });

  it('links and re-sends a user already at the target that OneLogin did not know, and keeps the current assignment by default', async () => {
    const h = docker({ directory: { users: 3 } });
    await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
    const u2 = h.directory.get('user2');
    h.state.provisioned.delete('user2');
    h.take();
    await perform(h, { kind: 'fullSync', assigned: undefined });
    expect(h.take().map((r) => `${r.method} ${r.label} ${r.behaviour}`)).toEqual([
      `PUT reapply user1 ${BEHAVIOUR.reapplyMappings}`,
      `GET find user2 ${BEHAVIOUR.findUser}`,
      `PUT reapply user2 ${BEHAVIOUR.reapplyMappings}`,
    ]);
    expect(stored(h).map((u) => u.userName).sort()).toEqual([h.directory.get('user1').email, u2.email].sort());
  });

  it('applies onUnassign to a user left out of the assignments before the sync', async () => {
    for (const [onUnassign, expected] of [['suspend', 'PUT'], ['delete', 'DELETE']] as const) {
      const h = docker({ directory: { users: 2 }, settings: { onUnassign } });
      await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
      const id2 = h.state.provisioned.get('user2')!;
      h.take();
      await perform(h, { kind: 'fullSync', assigned: ['user1'] });
      const sent = h.take();
      expect(sent.map((r) => `${r.method} ${view(r).path}`)).toEqual([`${expected} /Users/${id2}`, `PUT /Users/${h.state.provisioned.get('user1')}`]);
      if (onUnassign === 'suspend') expect((sent[0]!.body as { active?: boolean }).active).toBe(false);
      const held = stored(h);
      if (onUnassign === 'suspend') expect(held.find((u) => u.id === id2)?.active).toBe(false);
      else expect(held.map((u) => u.userName)).toEqual([h.directory.get('user1').email]);
    }
  });

  it('reactivates an assigned user it had suspended', async () => {
    const h = docker();
    await perform(h, { kind: 'assign', users: ['user1'] });
    await perform(h, { kind: 'unassign', users: ['user1'] });
    h.take();
    await perform(h, { kind: 'fullSync', assigned: ['user1'] });
    expect(h.take().map((r) => [r.method, (r.body as { active?: boolean }).active])).toEqual([['PUT', true]]);
    expect(stored(h)[0]?.active).toBe(true);
  });
});

describe('OneLogin traffic: groups', () => {
  it('finds or creates the group (O1), then one PATCH per member added or removed (L-11, bodies unpublished)', async () => {
    const h = track(idpHarness({ settings: { provisionGroups: true } }));
    await perform(h, { kind: 'assign', users: ['user1', 'user2', 'user3'] });
    const id = (k: string) => h.state.provisioned.get(k)!;
    h.take();

    expect((await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user1', 'user2'] })).ok).toBe(true);
    const [list, create, add1, add2, ...rest] = h.take().map(view);
    expect(rest).toEqual([]);
    expect(list).toEqual({ method: 'GET', path: '/Groups', search: '', headers: DOCKER_WIRE_HEADERS, body: undefined });
    expect(create).toEqual({ method: 'POST', path: '/Groups', search: '', headers: DOCKER_WIRE_HEADERS, body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering' } });
    const groupId = h.state.groups.get('Engineering')!;
    expect(add1).toEqual({ method: 'PATCH', path: `/Groups/${groupId}`, search: '', headers: DOCKER_WIRE_HEADERS, body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: id('user1') }] }] } });
    expect(add2?.body).toEqual({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: id('user2') }] }] });
    expect(h.sent.slice(-4).map((r) => r.behaviour)).toEqual([BEHAVIOUR.listGroups, BEHAVIOUR.createGroup, BEHAVIOUR.memberPatch, BEHAVIOUR.memberPatch]);

    await perform(h, { kind: 'pushGroup', name: 'Engineering', members: ['user2', 'user3'] });
    expect(h.take().map((r) => r.body)).toEqual([
      { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: id('user3') }] }] },
      { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${id('user1')}"]` }] },
    ]);
    const members = (h.provider.store.get('Group', groupId)?.data.members as { value: string }[]).map((m) => m.value).sort();
    expect(members).toEqual([id('user2'), id('user3')].sort());
    expect(oneloginProfile.pushedGroup?.('Engineering', h.ctx)).toEqual({ id: groupId, members: ['user2', 'user3'] });

    // A push that names no members leaves the membership alone: no PATCH at all.
    expect((await perform(h, { kind: 'pushGroup', name: 'Engineering', members: undefined })).ok).toBe(true);
    expect(h.take()).toEqual([]);
  });

  it('uses a group that already exists at the target and its current members', async () => {
    const h = track(idpHarness({ settings: { provisionGroups: true } }));
    await perform(h, { kind: 'assign', users: ['user1', 'user2'] });
    const created = await h.ctx.http.send(
      { method: 'POST', path: '/Groups', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'ops', members: [{ value: h.state.provisioned.get('user1') }] }, headers: { 'Content-Type': 'application/scim+json' } },
      'groups',
      'seed',
    );
    h.take();
    await perform(h, { kind: 'pushGroup', name: 'Ops', members: ['user1', 'user2'] });
    expect(h.take().map((r) => `${r.method} ${r.label}`)).toEqual(['GET find group Ops', 'PATCH add user2 to group Ops']);
    expect(h.state.groups.get('Ops')).toBe((created.responseJson as { id: string }).id);
  });

  it('pushes no group while group provisioning is off, and refuses members not provisioned', async () => {
    const off = docker();
    expect(await perform(off, { kind: 'pushGroup', name: 'x', members: [] })).toEqual({
      ok: false,
      messages: ['Group provisioning is off for this app (settings.provisionGroups); OneLogin cannot push group x.'],
    });
    expect(off.take()).toEqual([]);

    const h = track(idpHarness({ settings: { provisionGroups: true } }));
    const outcome = await perform(h, { kind: 'pushGroup', name: 'x', members: ['user1'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.messages).toContain('user1 is not provisioned to the app, so OneLogin cannot add it to group x.');
  });

  it('sends nothing for a group rename or deletion: OneLogin provisions membership only', async () => {
    const h = track(idpHarness({ settings: { provisionGroups: true } }));
    const renamed = await perform(h, { kind: 'pushGroup', name: 'x', members: undefined, renameTo: 'y' });
    expect(renamed).toEqual({ ok: false, messages: [expect.stringMatching(/does not push a group rename: it provisions group membership only/)] });
    const deleted = await perform(h, { kind: 'pushGroup', name: 'x', members: undefined, delete: true });
    expect(deleted.messages[0]).toMatch(/does not push a group deletion/);
    expect(h.take()).toEqual([]);
  });
});

describe('OneLogin profile: seeded directory', () => {
  it('renders a seeded directory user with the default settings', () => {
    const directory = new Directory({ seed: 7, users: 1 });
    const u1 = directory.get('user1');
    expect(render(DOCKER_TEMPLATE, u1).value).toEqual(dockerBody(u1));
  });
});

describe('OneLogin: the user as it maps it (full-sync attribute check)', () => {
  it('is the rendered SCIM JSON Template without active, id and meta; undefined with invalid settings', () => {
    const h = docker();
    const u = h.directory.get('user1');
    expect(oneloginProfile.mappedUser!('user1', h.ctx)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: u.email,
      name: { givenName: u.givenName, familyName: u.familyName },
      emails: [{ value: u.email, primary: true }],
    });
    expect(oneloginProfile.mappedUser!('user1', { ...h.ctx, settings: { onUnassign: 'vanish' } })).toBeUndefined();
    expect(Object.keys(oneloginProfile.mappedUser!('user1', { ...h.ctx, settings: { template: 'enterprise-2.0' } })!)).toEqual(['schemas', 'userName', 'name', 'emails', 'title', ENTERPRISE]);
  });
});
