/**
 * For the Entra wire tests: a harness whose `take()` leaves out the start-of-activity probes (pinned in their own
 * tests), Entra's exact headers, and the request shapes the tests compare against.
 */
import { expect } from 'vitest';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import type { DirectoryUser } from '../directory.js';
import type { ActionOutcome, IdpAction } from '../profile.js';
import { idpHarness, type IdpHarness, type SentRequest } from '../test-support.js';
import { DEFAULT_USER_AGENT } from './declaration.js';
import { mailNickname } from './mapping.js';
import { entraProfile } from './profile.js';

export const ENT = SCHEMA.enterpriseUser;
export const DOCKER = SCHEMA.dockerUser;
export const BASE = '/scim/v2';

export type EntraHarness = IdpHarness & {
  /** Every request since the last take, the start-up probes included. */
  takeAll(): SentRequest[];
};

const open: IdpHarness[] = [];

/** Closes every harness the test opened: call it from `afterEach`. */
export function closeHarnesses(): void {
  for (const h of open.splice(0)) h.close();
}

/** The probes every activity starts with (E5), and a quarantined job's retry of them (E17). */
const isStartupProbe = (r: SentRequest) => r.label === 'activity probe' || r.label === 'quarantine retry';

/** `take()` leaves the start-up probes out, so each test reads the traffic of what it exercises. */
export function harness(options: Parameters<typeof idpHarness>[0] = {}): EntraHarness {
  const h = idpHarness(options);
  open.push(h);
  const takeAll = h.take.bind(h);
  return Object.assign(h, { takeAll, take: () => takeAll().filter((r) => !isStartupProbe(r)) });
}

export const perform = (h: IdpHarness, action: IdpAction): Promise<ActionOutcome> => entraProfile.perform(action, h.ctx);

/** The headers Entra sends: bearer token and its User-Agent; Content-Type with its charset (E4) only with a body. */
export function entraHeaders(withBody: boolean, userAgent = DEFAULT_USER_AGENT): Record<string, string> {
  return {
    authorization: 'Bearer idp-test-token-0123',
    'user-agent': userAgent,
    ...(withBody ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
  };
}

/** method, path below the base URL, raw query string (encoding included), headers and body. */
export function wire(r: SentRequest) {
  return { method: r.method, path: r.url.pathname.slice(BASE.length), search: r.url.search, headers: r.headers, body: r.body };
}

/** `METHOD /path` below the base URL. */
export const line = (r: SentRequest): string => `${r.method} ${r.url.pathname.slice(BASE.length)}`;

/** The query string Entra sends: form encoding, spaces as '+', quotes %22 (E5, E6). */
export const query = (params: Record<string, string>): string => `?${new URLSearchParams(params).toString()}`;
export const filterQuery = (filter: string): string => query({ filter });

/** The matching GET on userName Entra sends before a create, an update or a reactivation. */
export const userNameFilter = (u: DirectoryUser): string => filterQuery(`userName eq "${u.userName}"`);

export function createBodyOf(u: DirectoryUser): Record<string, unknown> {
  return {
    schemas: [SCHEMA.user, ENT],
    externalId: mailNickname(u),
    userName: u.userName,
    active: true,
    displayName: u.displayName,
    title: u.title,
    emails: [{ primary: true, type: 'work', value: u.email }],
    meta: { resourceType: 'User' },
    name: { formatted: `${u.givenName} ${u.familyName}`, familyName: u.familyName, givenName: u.givenName },
    phoneNumbers: [{ type: 'mobile', value: u.mobilePhone }],
    roles: [],
    [ENT]: { department: u.department, employeeNumber: u.employeeNumber },
  };
}

export const patch = (...Operations: unknown[]) => ({ schemas: [MESSAGE.patchOp], Operations });

/** Creates a user at the target behind Entra's back (another connector, an earlier run). */
export async function seedUser(h: IdpHarness, body: Record<string, unknown>): Promise<string> {
  const exchange = await h.ctx.http.send({ method: 'POST', path: '/Users', body: { schemas: [SCHEMA.user], ...body } }, 'create', 'seed');
  h.take();
  expect(exchange.response?.status).toBe(201);
  return (exchange.responseJson as { id: string }).id;
}

/** Changes a user at the target behind Entra's back. */
export async function driftUser(h: IdpHarness, id: string, ...Operations: unknown[]): Promise<void> {
  const exchange = await h.ctx.http.send({ method: 'PATCH', path: `/Users/${id}`, body: patch(...Operations) }, 'patch', 'drift');
  h.take();
  expect(exchange.response?.status).toBe(200);
}

export async function readUser(h: IdpHarness, id: string) {
  const exchange = await h.ctx.http.send({ method: 'GET', path: `/Users/${id}` }, 'read', 'read back');
  h.take();
  return { status: exchange.response?.status, body: exchange.responseJson as Record<string, any> };
}

export async function provision(h: IdpHarness, ...users: string[]): Promise<void> {
  const outcome = await perform(h, { kind: 'assign', users });
  expect(outcome).toMatchObject({ ok: true });
  h.take();
}

/** An error answer as a SCIM server writes it. */
export const scimError = (status: number, detail = 'no'): Response => Response.json({ schemas: [MESSAGE.error], status: String(status), detail }, { status });

/** A ListResponse holding these resources. */
export const listOf = (...Resources: Record<string, unknown>[]): Response =>
  Response.json({ schemas: [MESSAGE.listResponse], totalResults: Resources.length, startIndex: 1, itemsPerPage: Resources.length, Resources }, { headers: { 'Content-Type': 'application/scim+json' } });

