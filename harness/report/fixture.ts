/**
 * RunResults for the report writers' tests (and for trying a writer by hand). They are built the way the
 * engine records runs — exchanges with redacted Authorization, findings pointing at exchange ids,
 * summaries counted from the scenarios, reasons worded as the runner words them — so a writer that passes
 * here meets real data shapes.
 */
import {
  AREAS,
  LEVELS,
  type Area,
  type CheckResult,
  type Exchange,
  type IdpReadiness,
  type Level,
  type RootCause,
  type RunCleanup,
  type RunResult,
  type RunSummary,
  type ScenarioResult,
  type TargetFeature,
} from '../model.js';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';

const BASE = 'http://127.0.0.1:43117/scim/v2';
const USER_ID = '2819c223-7f76-453a-919d-413861904646';
const T0 = Date.parse('2025-11-22T10:00:00.000Z');
/** The fixture run's id (six hex digits, as harness/runner/identity.ts makes them). */
export const RUN_ID = 'a3f9c1';

/** Text that breaks naive XML/HTML/Markdown writers: markup characters and C0 controls. */
export const HOSTILE_TEXT = `<b>&"quoted"&'apos'</b> bell\u0007 esc\u001b nul\u0000 tab\t|pipe|`;
/** A body that would end an inline script early if embedded unescaped. */
export const SCRIPT_BREAKER = '</script><script>window.pwned=1</script><!-- x';

function at(offsetMs: number): string {
  return new Date(T0 + offsetMs).toISOString();
}

export function summarize(scenarios: ScenarioResult[], failOn: RunResult['failOn']): RunSummary {
  const failedByLevel: Record<Level, number> = { MUST: 0, SHOULD: 0, MAY: 0 };
  let passedChecks = 0;
  let failedChecks = 0;
  let notApplicableChecks = 0;
  for (const s of scenarios) {
    for (const c of s.checks) {
      if (c.status === 'failed') {
        failedChecks++;
        failedByLevel[c.level]++;
      } else if (c.status === 'passed') passedChecks++;
      else notApplicableChecks++;
    }
  }
  const count = (status: ScenarioResult['status']) => scenarios.filter((s) => s.status === status).length;
  return {
    scenarios: { total: scenarios.length, passed: count('passed'), failed: count('failed'), error: count('error'), notApplicable: count('not-applicable') },
    notApplicableChecks,
    failedByLevel,
    passedChecks,
    failedChecks,
    conformant: failedByLevel.MUST === 0 && (failOn === 'must' || failedByLevel.SHOULD === 0),
  };
}

function jsonExchange(e: {
  id: string;
  label: string;
  area: Area;
  idp: string | undefined;
  method: string;
  path: string;
  requestBody?: unknown;
  status: number;
  responseHeaders?: Record<string, string>;
  responseBody?: unknown;
  startMs: number;
  durationMs: number;
  userAgent?: string;
}): Exchange {
  const requestBody = e.requestBody === undefined ? undefined : JSON.stringify(e.requestBody);
  const responseBody = e.responseBody === undefined ? '' : JSON.stringify(e.responseBody);
  const headers: Record<string, string> = {
    accept: 'application/scim+json',
    authorization: 'Bearer [REDACTED]',
    'user-agent': e.userAgent ?? 'scim-conformance/0.1.0',
  };
  if (requestBody !== undefined) {
    headers['content-type'] = 'application/scim+json; charset=utf-8';
    headers['content-length'] = String(Buffer.byteLength(requestBody));
  }
  return {
    id: e.id,
    label: e.label,
    area: e.area,
    idp: e.idp,
    request: { method: e.method, url: `${BASE}${e.path}`, headers, ...(requestBody === undefined ? {} : { body: requestBody }) },
    response: {
      status: e.status,
      headers: {
        'content-type': 'application/scim+json',
        ...(responseBody ? { 'content-length': String(Buffer.byteLength(responseBody)) } : {}),
        ...e.responseHeaders,
      },
      body: responseBody,
    },
    requestJson: e.requestBody,
    responseJson: e.responseBody,
    transportError: undefined,
    startedAt: at(e.startMs),
    durationMs: e.durationMs,
  };
}

function check(
  checkId: string,
  level: Level,
  area: Area,
  rfc: string,
  title: string,
  passes: number,
  failures: CheckResult['failures'] = [],
): CheckResult {
  return { checkId, level, area, rfc, title, status: failures.length > 0 ? 'failed' : 'passed', failures, passes };
}

function notApplicableCheck(checkId: string, level: Level, area: Area, rfc: string, title: string, reason: string): CheckResult {
  return { checkId, level, area, rfc, title, status: 'not-applicable', reason, failures: [], passes: 0 };
}

/** The okta user the clean-up could not delete (the target refused DELETE; the user was deactivated). */
const OKTA_LEFTOVER = {
  type: 'User',
  id: USER_ID,
  name: 'isabella.hagenes@example.com',
  outcome: 'deactivated',
  reason: 'DELETE answered 403 Forbidden; set active to false instead',
} as const;

const oktaUser = {
  schemas: [SCHEMA.user],
  userName: 'isabella.hagenes@example.com',
  name: { givenName: 'Isabella', familyName: 'Hagenes' },
  emails: [{ primary: true, value: 'isabella.hagenes@example.com', type: 'work' }],
  // Hostile-looking but realistic: connectors are routinely probed with markup in free-text attributes.
  displayName: `Isabella ${SCRIPT_BREAKER}`,
  locale: 'en-US',
  externalId: '00u1f2g3h4i5j6k7l8m9',
  groups: [],
  password: '[REDACTED]',
  active: true,
};

function oktaScenario(hostile: boolean): ScenarioResult {
  const name = hostile ? `okta: assign ${HOSTILE_TEXT}` : 'okta: assign, read back and deactivate';
  const { password: _password, groups: _groups, ...returned } = oktaUser;
  const created = {
    ...returned,
    id: USER_ID,
    meta: { resourceType: 'User', created: at(120), lastModified: at(120), version: 'W/"1"', location: `${BASE}/Users/${USER_ID}` },
  };
  const exchanges: Exchange[] = [
    jsonExchange({
      id: 'okta/assign.yaml#1.1',
      label: 'okta assign user1',
      area: 'create',
      idp: 'okta',
      method: 'POST',
      path: '/Users',
      requestBody: oktaUser,
      status: 201,
      // The defect under test: no Location header on 201.
      responseHeaders: { etag: 'W/"1"' },
      responseBody: created,
      startMs: 100,
      durationMs: 38.4,
      userAgent: 'Okta SCIM Client 1.0.0',
    }),
    jsonExchange({
      id: 'okta/assign.yaml#2.1',
      label: 'okta get user1',
      area: 'read',
      idp: 'okta',
      method: 'GET',
      path: `/Users/${USER_ID}`,
      status: 200,
      responseBody: created,
      startMs: 160,
      durationMs: 6.2,
      userAgent: 'Okta SCIM Client 1.0.0',
    }),
    jsonExchange({
      id: 'okta/assign.yaml#3.1',
      label: 'okta deactivate user1',
      area: 'deactivate',
      idp: 'okta',
      method: 'PATCH',
      path: `/Users/${USER_ID}`,
      requestBody: {
        schemas: [MESSAGE.patchOp],
        Operations: [{ op: 'replace', value: { active: false } }],
      },
      status: 200,
      responseHeaders: { etag: 'W/"2"' },
      responseBody: { ...created, active: false, meta: { ...created.meta, version: 'W/"2"' } },
      startMs: 200,
      durationMs: 9.9,
      userAgent: 'Okta SCIM Client 1.0.0',
    }),
  ];
  const locationTitle = hostile ? `Location header ${HOSTILE_TEXT}` : 'POST answers 201 with a Location header equal to meta.location';
  return {
    name,
    file: 'scenarios/okta/assign.yaml',
    idp: 'okta',
    tags: ['okta', 'users', 'smoke'],
    status: 'failed',
    error: undefined,
    durationMs: 142.7,
    steps: [
      { index: 1, label: 'okta assign user1', status: 'passed', messages: [], exchangeIds: ['okta/assign.yaml#1.1'] },
      {
        index: 2,
        label: 'okta get user1',
        status: 'failed',
        messages: [hostile ? `expected header ETag ${HOSTILE_TEXT}` : 'expected header ETag to be present, it was missing'],
        exchangeIds: ['okta/assign.yaml#2.1'],
      },
      { index: 3, label: 'okta deactivate user1', status: 'passed', messages: [], exchangeIds: ['okta/assign.yaml#3.1'] },
      // Could not run: it sends If-Match with the ETag step 2 should have read. A consequence, not a second problem.
      {
        index: 4,
        label: 'okta update user1',
        status: 'failed',
        messages: ['not run: {{ etag }} was never saved'],
        exchangeIds: [],
        kind: 'update',
        consequenceOf: { step: 2, reason: hostile ? `the ETag ${HOSTILE_TEXT} was never saved` : 'the ETag step 2 should have read was never saved' },
      },
    ],
    exchanges,
    checks: [
      check('create.status-201', 'MUST', 'create', 'RFC 7644 §3.3', 'POST of a new resource answers 201 Created', 1),
      check('create.location', 'MUST', 'create', 'RFC 7644 §3.3', locationTitle, 0, [
        {
          checkId: 'create.location',
          passed: false,
          subject: 'Location header',
          expected: `${BASE}/Users/${USER_ID}`,
          actual: undefined,
          message: 'the 201 response has no Location header; RFC 7644 §3.3 requires it to equal meta.location',
          exchangeId: 'okta/assign.yaml#1.1',
        },
      ]),
      check('read.etag', 'SHOULD', 'read', 'RFC 7644 §3.14', 'Resource responses carry an ETag when etag.supported is true', 1, [
        {
          checkId: 'read.etag',
          passed: false,
          subject: 'ETag header',
          expected: 'W/"1"',
          actual: undefined,
          message: 'ServiceProviderConfig advertises etag.supported but GET returned no ETag header',
          exchangeId: 'okta/assign.yaml#2.1',
        },
      ]),
      check('patch.active-false', 'MUST', 'deactivate', 'RFC 7644 §3.5.2', 'PATCH replace active=false deactivates the user', 1),
      check('protocol.content-type', 'MUST', 'create', 'RFC 7644 §3.1, §8.1', 'Responses use application/scim+json', 3),
    ],
    cleanup: { created: 1, deleted: 0, leftovers: [hostile ? { ...OKTA_LEFTOVER, reason: `DELETE answered 403 ${HOSTILE_TEXT}` } : OKTA_LEFTOVER] },
  };
}

function coreScenario(): ScenarioResult {
  const spc = {
    schemas: [SCHEMA.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token' }],
  };
  return {
    name: 'core: discovery',
    file: 'scenarios/core/discovery.yaml',
    idp: undefined,
    tags: ['discovery', 'smoke'],
    status: 'passed',
    error: undefined,
    durationMs: 21.3,
    steps: [{ index: 1, label: 'GET /ServiceProviderConfig', status: 'passed', messages: [], exchangeIds: ['core/discovery.yaml#1.1'] }],
    exchanges: [
      jsonExchange({
        id: 'core/discovery.yaml#1.1',
        label: 'raw request',
        area: 'discovery',
        idp: undefined,
        method: 'GET',
        path: '/ServiceProviderConfig',
        status: 200,
        responseBody: spc,
        startMs: 10,
        durationMs: 4.1,
      }),
    ],
    checks: [
      check('discovery.spc-schemas', 'MUST', 'discovery', 'RFC 7643 §5', 'ServiceProviderConfig carries its schema URN', 1),
      check('discovery.content-type', 'SHOULD', 'discovery', 'RFC 7644 §8.1', 'Discovery answers application/scim+json', 1),
      check('discovery.etag-advertised', 'MAY', 'discovery', 'RFC 7643 §5', 'ServiceProviderConfig advertises etag support', 1),
      notApplicableCheck('filter.sort-order', 'MUST', 'filter', 'RFC 7644 §3.4.2.3', 'sortBy orders the results', 'ServiceProviderConfig sort.supported is false'),
    ],
    cleanup: { created: 0, deleted: 0, leftovers: [] },
  };
}

function errorScenario(): ScenarioResult {
  const post = jsonExchange({
    id: 'entra/groups.yaml#1.1',
    label: 'entra push group Engineering',
    area: 'groups',
    idp: 'entra',
    method: 'POST',
    path: '/Groups',
    requestBody: { schemas: [SCHEMA.group], displayName: 'Engineering', externalId: 'grp-1', members: [] },
    status: 201,
    responseHeaders: { location: `${BASE}/Groups/g-1`, etag: 'W/"1"' },
    responseBody: { schemas: [SCHEMA.group], id: 'g-1', displayName: 'Engineering', members: [] },
    startMs: 300,
    durationMs: 12,
    userAgent: 'Azure Active Directory SCIM Client',
  });
  const patch: Exchange = {
    id: 'entra/groups.yaml#2.1',
    label: 'entra add member user1',
    area: 'patch',
    idp: 'entra',
    request: {
      method: 'PATCH',
      url: `${BASE}/Groups/g-1`,
      headers: { 'content-type': 'application/scim+json', authorization: 'Bearer [REDACTED]' },
      body: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"value":"u-1"}]}]}',
    },
    response: undefined,
    requestJson: {
      schemas: [MESSAGE.patchOp],
      Operations: [{ op: 'Add', path: 'members', value: [{ value: 'u-1' }] }],
    },
    responseJson: undefined,
    transportError: { kind: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:43117' },
    startedAt: at(330),
    durationMs: 1.5,
  };
  return {
    name: 'entra: group push',
    file: 'scenarios/entra/groups.yaml',
    idp: 'entra',
    tags: ['entra', 'groups'],
    status: 'error',
    error: 'target unreachable: connect ECONNREFUSED 127.0.0.1:43117',
    durationMs: 35.9,
    steps: [
      { index: 1, label: 'entra push group Engineering', status: 'passed', messages: [], exchangeIds: [post.id] },
      {
        index: 2,
        label: 'entra add member user1',
        status: 'error',
        messages: ['transport error (refused): connect ECONNREFUSED 127.0.0.1:43117'],
        exchangeIds: [patch.id],
      },
    ],
    exchanges: [post, patch],
    checks: [check('groups.create-201', 'MUST', 'groups', 'RFC 7644 §3.3', 'POST /Groups answers 201 Created', 1)],
    cleanup: { created: 1, deleted: 1, leftovers: [] },
  };
}

const DOCKER_MISSING = `the target's /Schemas does not list ${SCHEMA.dockerUser}`;

/** A scenario the target could not run: it did not start, so it has no steps, exchanges or checks. */
function notApplicableScenario(name: string, file: string, idp: string | undefined, tags: string[], needs: ScenarioResult['notApplicable']): ScenarioResult {
  return { name, file, idp, tags, status: 'not-applicable', error: undefined, durationMs: 3, steps: [], exchanges: [], checks: [], notApplicable: needs };
}

/**
 * Three scenarios the target lacks a feature for: two need the Docker schema extension (the same reason,
 * each needing it for its own reason, as the runner records it) and one needs Bulk.
 */
function notApplicableScenarios(hostile: boolean): ScenarioResult[] {
  return [
    notApplicableScenario('okta: Docker role mapping', 'scenarios/okta/docker-role-mapping.yaml', 'okta', ['okta', 'roles'], [
      { feature: 'docker', reason: DOCKER_MISSING, needed: 'step 2 (expect)' },
    ]),
    notApplicableScenario('core: bulk', 'scenarios/core/bulk.yaml', undefined, ['bulk'], [
      { feature: 'bulk', reason: 'ServiceProviderConfig bulk.supported is false', needed: 'declared' },
    ]),
    notApplicableScenario('onelogin: role mapping', 'scenarios/onelogin/role-mapping.yaml', 'onelogin', ['onelogin', 'roles'], [
      { feature: 'docker', reason: DOCKER_MISSING, needed: hostile ? HOSTILE_TEXT : 'declared' },
    ]),
  ];
}

/** What the fixture's external target advertises: no Bulk, no sorting, no Docker extension. */
const FEATURES: TargetFeature[] = [
  { feature: 'groups', supported: true, source: '/ResourceTypes' },
  { feature: 'patch', supported: true, source: 'ServiceProviderConfig patch.supported' },
  { feature: 'bulk', supported: false, source: 'ServiceProviderConfig bulk.supported' },
  { feature: 'filter', supported: true, source: 'ServiceProviderConfig filter.supported' },
  { feature: 'sort', supported: false, source: 'ServiceProviderConfig sort.supported' },
  { feature: 'etag', supported: true, source: 'ServiceProviderConfig etag.supported' },
  { feature: 'changePassword', supported: false, source: 'ServiceProviderConfig changePassword.supported' },
  { feature: 'docker', supported: false, source: '/Schemas' },
  { feature: 'enterprise', supported: true, source: '/Schemas' },
  { feature: 'admin', supported: false, source: 'embedded reference provider' },
];

/** The run's clean-up as the runner sums it from the scenarios' (with the final sweep). */
function runCleanup(scenarios: ScenarioResult[]): RunCleanup {
  const withCleanup = scenarios.filter((s) => s.cleanup);
  return {
    created: withCleanup.reduce((n, s) => n + s.cleanup!.created, 0),
    deleted: withCleanup.reduce((n, s) => n + s.cleanup!.deleted, 0),
    kept: false,
    leftovers: withCleanup.flatMap((s) => s.cleanup!.leftovers.map((l) => ({ ...l, scenario: s.name }))),
    sweep: { ran: true, found: 0, deleted: 0, note: 'nothing left over' },
  };
}

export interface FixtureOptions {
  /** Puts markup and control characters into names, titles and messages. */
  hostile?: boolean;
  /** Leaves the baseline block out. */
  withoutBaseline?: boolean;
  failOn?: RunResult['failOn'];
  /** A run against the embedded provider: no advertised features, no clean-up. */
  embedded?: boolean;
  /** The run was stopped before every scenario ran. */
  interrupted?: boolean;
  /** Leaves out `readiness` and `rootCauses` (a report from before they were computed). */
  withoutGrouping?: boolean;
}

const OKTA_FILE = 'scenarios/okta/assign.yaml';

/**
 * The fixture run's readiness, written by hand the way harness/report/readiness.ts words it: Okta breaks at
 * creating users (the missing Location) and warns at profile updates (no ETag); Entra was not tested to its end.
 */
function fixtureReadiness(hostile: boolean): IdpReadiness[] {
  return [
    {
      idp: 'okta',
      title: 'Okta',
      verdict: 'breaks',
      headline: hostile ? `Okta: breaks at ${HOSTILE_TEXT}` : 'Okta: breaks at Create Users (no Location header on 201)',
      broken: [{ action: 'assign', label: 'Create Users', why: 'no Location header on 201', scenarios: [OKTA_FILE], rootCauses: ['create.location'] }],
      warnings: [{ action: 'update', label: 'Push Profile Updates', why: 'GET answers without an ETag', scenarios: [OKTA_FILE], rootCauses: ['read.etag'] }],
      scenarios: { total: 2, passed: 0, failed: 1, notApplicable: 1 },
    },
    {
      idp: 'entra',
      title: 'Microsoft Entra ID',
      verdict: 'not-tested',
      headline: 'Microsoft Entra ID: not tested to the end (the target went away during Group Push)',
      broken: [],
      warnings: [],
      scenarios: { total: 1, passed: 0, failed: 0, notApplicable: 0 },
    },
  ];
}

/** The fixture run's root causes, most damaging first, each with the exchange that shows it. */
function fixtureRootCauses(okta: ScenarioResult, hostile: boolean): RootCause[] {
  return [
    {
      id: 'create.location',
      checkId: 'create.location',
      level: 'MUST',
      title: 'POST answers 201 with a Location header equal to meta.location',
      observed: 'answered 201 without a Location header',
      required: 'RFC 7644 §3.3: "the server SHALL … include a Location header"; Okta reads the new id from it',
      hint: hostile ? `Fix ${HOSTILE_TEXT}` : 'Set the Location header of a 201 to the created resource URL (meta.location).',
      impact: { idpActions: 2, scenarios: 1, failures: 1, idps: ['okta'] },
      example: { scenario: okta.name, exchangeId: 'okta/assign.yaml#1.1', request: `POST ${BASE}/Users`, status: 201 },
      scenarios: [OKTA_FILE],
    },
    {
      id: 'read.etag',
      checkId: 'read.etag',
      level: 'SHOULD',
      title: 'Resource responses carry an ETag when etag.supported is true',
      observed: 'GET answered 200 without an ETag header while etag.supported is true',
      required: 'RFC 7644 §3.14: a server that advertises ETags returns them on every resource response',
      hint: 'Return the ETag header (W/"<version>") on GET, or advertise etag.supported false.',
      impact: { idpActions: 1, scenarios: 1, failures: 1, idps: ['okta'] },
      example: { scenario: okta.name, exchangeId: 'okta/assign.yaml#2.1', request: `GET ${BASE}/Users/${USER_ID}`, status: 200 },
      scenarios: [OKTA_FILE],
    },
  ];
}

/**
 * A run against an external target with six scenarios: okta (a failing MUST check with its full
 * exchange, a failing SHOULD check, a failed step, and a user the clean-up could only deactivate), core
 * (passing, with one check not applicable because the target does not sort), entra (a scenario error
 * after the target went away) and three not applicable (two lack the Docker extension, one Bulk); plus
 * what the target advertises, the run's clean-up and a baseline block naming one new failure and one
 * fixed check.
 */
export function makeRunResult(options: FixtureOptions = {}): RunResult {
  const failOn = options.failOn ?? 'must';
  const hostile = options.hostile ?? false;
  const okta = oktaScenario(hostile);
  const scenarios = [okta, coreScenario(), errorScenario(), ...notApplicableScenarios(hostile)];
  if (options.embedded) for (const s of scenarios) delete s.cleanup;
  const run: RunResult = {
    tool: { name: 'scim-conformance', version: '0.1.0' },
    runId: RUN_ID,
    interrupted: options.interrupted ?? false,
    startedAt: at(0),
    durationMs: 412.5,
    target: options.embedded ? { kind: 'embedded', url: BASE, profile: 'full' } : { kind: 'external', url: BASE, profile: undefined, features: FEATURES },
    idps: ['okta', 'entra'],
    seed: 42,
    failOn,
    scenarios,
    summary: summarize(scenarios, failOn),
  };
  if (!options.embedded) run.cleanup = runCleanup(scenarios);
  if (!options.withoutGrouping) {
    run.readiness = fixtureReadiness(hostile);
    run.rootCauses = fixtureRootCauses(okta, hostile);
  }
  if (!options.withoutBaseline) {
    run.baseline = {
      file: 'reports/baseline/report.json',
      newFailures: [`${okta.name}::create.location`],
      fixed: ['core: discovery::discovery.content-type', 'okta: removed scenario::patch.remove-members'],
    };
  }
  return run;
}

/**
 * A large, deterministic run for performance tests: `checkCount` check results spread over every IdP
 * row and area, one in seven failing (at every level, in every area), each failure with its own exchange.
 */
export function makeLargeRunResult(checkCount: number): RunResult {
  const idps = ['okta', 'entra', 'onelogin', undefined];
  const perScenario = 50;
  const scenarios: ScenarioResult[] = [];
  for (let n = 0; n * perScenario < checkCount; n++) {
    const idp = idps[n % idps.length];
    const row = idp ?? 'core';
    const exchanges: Exchange[] = [];
    const checks: CheckResult[] = [];
    for (let i = 0; i < perScenario && n * perScenario + i < checkCount; i++) {
      const k = n * perScenario + i;
      const area = AREAS[k % AREAS.length]!;
      // Every seventh fails; 7 is coprime with the 15 areas, and the shift cycles failures through the levels.
      const level = LEVELS[(k + Math.floor(k / 7)) % 3]!;
      const failing = k % 7 === 3;
      const failures: CheckResult['failures'] = [];
      if (failing) {
        const id = `${row}/bulk-${n}.yaml#${i}.1`;
        exchanges.push(
          jsonExchange({
            id,
            label: `${row} step ${i}`,
            area,
            idp,
            method: 'PATCH',
            path: `/Users/u-${k}`,
            requestBody: { schemas: [MESSAGE.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] },
            status: 400,
            responseBody: { schemas: [MESSAGE.error], status: '400', scimType: 'invalidPath', detail: `bad path ${k}` },
            startMs: k,
            durationMs: 3,
          }),
        );
        failures.push({ checkId: `${area}.check-${k % 40}`, passed: false, subject: 'status', expected: 200, actual: 400, message: `expected 200, got 400 (#${k})`, exchangeId: id });
      }
      checks.push(check(`${area}.check-${k % 40}`, level, area, `RFC 7644 §3.${(k % 14) + 1}`, `Generated check ${k}`, failing ? 0 : 2, failures));
    }
    scenarios.push({
      name: `${row}: generated ${n}`,
      file: `scenarios/${row}/generated-${n}.yaml`,
      idp,
      tags: [row, n % 2 === 0 ? 'even' : 'odd'],
      status: checks.some((c) => c.status === 'failed') ? 'failed' : 'passed',
      error: undefined,
      durationMs: 100,
      steps: [],
      exchanges,
      checks,
    });
  }
  return {
    tool: { name: 'scim-conformance', version: '0.1.0' },
    runId: RUN_ID,
    interrupted: false,
    startedAt: at(0),
    durationMs: 60_000,
    target: { kind: 'external', url: BASE, profile: undefined },
    idps: ['okta', 'entra', 'onelogin'],
    seed: 7,
    failOn: 'must',
    scenarios,
    summary: summarize(scenarios, 'must'),
  };
}

/**
 * A huge run with everything the grouping adds, for size tests of the text reports: makeLargeRunResult's
 * scenarios, each failing one with a failed step and a step that could not run because of it, a root cause
 * per failing check id (long observed/required/hint text, as a verbose check writes it), and a readiness
 * entry per IdP listing a broken item per failing area.
 */
export function makeHugeGroupedRun(checkCount: number): RunResult {
  const run = makeLargeRunResult(checkCount);
  const byCheck = new Map<string, { level: Level; scenarios: Set<string>; failures: number; example: RootCause['example'] }>();
  for (const s of run.scenarios) {
    if (s.status !== 'failed') continue;
    s.steps = [
      { index: 1, label: `${s.idp ?? 'core'} assign user1`, status: 'failed', messages: ['expected status 201, got 400'], exchangeIds: s.exchanges.slice(0, 1).map((e) => e.id), kind: 'assign' },
      {
        index: 2,
        label: `${s.idp ?? 'core'} update user1`,
        status: 'failed',
        messages: ['not run'],
        exchangeIds: [],
        kind: 'update',
        consequenceOf: { step: 1, reason: 'user1 was never created, so there is no id to update' },
      },
    ];
    for (const c of s.checks) {
      if (c.status !== 'failed') continue;
      const entry = byCheck.get(c.checkId) ?? { level: c.level, scenarios: new Set<string>(), failures: 0, example: undefined };
      entry.scenarios.add(s.file);
      entry.failures += c.failures.length;
      const f = c.failures[0];
      if (!entry.example && f?.exchangeId) entry.example = { scenario: s.name, exchangeId: f.exchangeId, request: `PATCH ${BASE}/Users/u-1`, status: 400 };
      byCheck.set(c.checkId, entry);
    }
  }
  run.rootCauses = [...byCheck].map(([checkId, e]): RootCause => ({
    id: checkId,
    checkId,
    level: e.level,
    title: `Generated check ${checkId}`,
    observed: `answered 400 invalidPath to a PATCH the IdP sends ${'in every sync '.repeat(10)}`,
    required: `RFC 7644 §3.5.2: the server MUST accept the path ${'as written by the IdP '.repeat(10)}`,
    hint: `Accept the path form the IdP sends ${'and answer 200 with the resource '.repeat(10)}`,
    impact: { idpActions: e.scenarios.size * 2, scenarios: e.scenarios.size, failures: e.failures, idps: ['okta', 'entra', 'onelogin'] },
    example: e.example,
    scenarios: [...e.scenarios],
  }));
  run.readiness = ['okta', 'entra', 'onelogin'].map((idp): IdpReadiness => ({
    idp,
    title: idp,
    verdict: 'breaks',
    headline: `${idp}: breaks at ${AREAS.length} actions`,
    broken: AREAS.map((area) => ({
      action: area,
      label: `${area} action`,
      why: 'answered 400',
      scenarios: run.scenarios.filter((s) => s.idp === idp).map((s) => s.file),
      rootCauses: [...byCheck.keys()].filter((id) => id.startsWith(`${area}.`)),
    })),
    warnings: [],
    scenarios: { total: run.scenarios.filter((s) => s.idp === idp).length, passed: 0, failed: 0, notApplicable: 0 },
  }));
  return run;
}
