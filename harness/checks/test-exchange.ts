/**
 * Test support for the check tests (imports vitest; never imported by the engine): hand-built exchanges
 * given in a few fields, everything else defaulted the way the session records real traffic, and the
 * assertions every check test repeats.
 */
import { expect } from 'vitest';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import type { Area, Exchange, Finding } from '../model.js';
import { emptyContext, type Check, type CheckContext } from './check.js';
import type { JsonObject } from '../../vocabulary/json.js';

export const BASE_URL = 'https://scim.example.com/scim/v2';

export interface ExchangeSpec {
  id?: string;
  area?: Area;
  method?: string;
  /** Below the base URL (`/Users?filter=...`) or absolute. */
  path?: string;
  requestHeaders?: Record<string, string>;
  /** A JSON value (serialised) or raw text. */
  requestBody?: unknown;
  status?: number;
  /** Response headers; `Content-Type: application/scim+json` is added when there is a body, unless given. */
  headers?: Record<string, string>;
  /** A JSON value (serialised) or raw text; none by default. */
  body?: unknown;
  /** No response at all: the transport failed. */
  transportError?: boolean;
}

const text = (value: unknown): string | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

const parse = (raw: string | undefined): unknown => {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
};

export function makeExchange(spec: ExchangeSpec = {}): Exchange {
  const path = spec.path ?? '/Users';
  const url = /^https?:\/\//.test(path) ? path : `${BASE_URL}${path}`;
  const requestBody = text(spec.requestBody);
  const responseBody = text(spec.body) ?? '';
  const hasContentType = Object.keys(spec.headers ?? {}).some((h) => h.toLowerCase() === 'content-type');
  const headers = {
    ...(responseBody !== '' && !hasContentType ? { 'content-type': 'application/scim+json; charset=utf-8' } : {}),
    ...(spec.headers ?? {}),
  };
  const response = spec.transportError ? undefined : { status: spec.status ?? 200, headers, body: responseBody };
  return {
    id: spec.id ?? 'test#1',
    label: 'raw request',
    area: spec.area ?? 'read',
    idp: undefined,
    request: {
      method: spec.method ?? 'GET',
      url,
      headers: { Accept: 'application/scim+json', ...(requestBody !== undefined ? { 'Content-Type': 'application/scim+json' } : {}), ...(spec.requestHeaders ?? {}) },
      ...(requestBody !== undefined ? { body: requestBody } : {}),
    },
    response,
    requestJson: parse(requestBody),
    responseJson: response ? parse(responseBody) : undefined,
    transportError: spec.transportError ? { kind: 'refused', message: 'connect ECONNREFUSED' } : undefined,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 3,
  };
}

export const testContext = (overrides: Partial<CheckContext> = {}): CheckContext => emptyContext({ baseUrl: BASE_URL, ...overrides });

export function user(overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [SCHEMA.user],
    id: '2819c223',
    userName: 'bjensen@example.com',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    active: true,
    emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
    meta: {
      resourceType: 'User',
      created: '2026-01-01T10:00:00Z',
      lastModified: '2026-01-01T10:00:00Z',
      location: `${BASE_URL}/Users/2819c223`,
      version: 'W/"1"',
    },
    ...overrides,
  };
}

export function group(overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [SCHEMA.group],
    id: 'e9e30dba',
    displayName: 'Tour Guides',
    members: [{ value: '2819c223', type: 'User' }],
    meta: {
      resourceType: 'Group',
      created: '2026-01-01T10:00:00Z',
      lastModified: '2026-01-02T10:00:00Z',
      location: `${BASE_URL}/Groups/e9e30dba`,
      version: 'W/"3"',
    },
    ...overrides,
  };
}

export function listResponse(resources: unknown[], extra: JsonObject = {}): JsonObject {
  return { schemas: [MESSAGE.listResponse], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources, ...extra };
}

export function errorBody(status: number, scimType?: string, extra: JsonObject = {}): JsonObject {
  return { schemas: [MESSAGE.error], status: String(status), ...(scimType ? { scimType } : {}), detail: 'something went wrong', ...extra };
}

/** Headers a resource response carries: ETag equal to its version. */
export const resourceHeaders = (resource: JsonObject): Record<string, string> => {
  const meta = resource.meta as { version?: string } | undefined;
  return meta?.version ? { etag: meta.version } : {};
};

/** A minimal discovered `/Schemas` ListResponse for User (with password) and the enterprise extension. */
export function discoveredSchemasBody(): JsonObject {
  const a = (name: string, extra: JsonObject = {}) => ({
    name,
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...extra,
  });
  const multi = (name: string, types: string[]) =>
    a(name, {
      type: 'complex',
      multiValued: true,
      subAttributes: [a('value'), a('display'), a('type', { canonicalValues: types }), a('primary', { type: 'boolean' })],
    });
  return listResponse([
    {
      schemas: [SCHEMA.schema],
      id: SCHEMA.user,
      name: 'User',
      attributes: [
        a('userName', { required: true, uniqueness: 'server' }),
        a('name', { type: 'complex', subAttributes: [a('givenName'), a('familyName')] }),
        a('displayName'),
        a('active', { type: 'boolean' }),
        a('password', { mutability: 'writeOnly', returned: 'never' }),
        a('secretQuestion', { mutability: 'writeOnly' }),
        a('loginCount', { type: 'integer' }),
        a('lastLogin', { type: 'dateTime' }),
        multi('emails', ['work', 'home', 'other']),
        multi('phoneNumbers', ['work', 'home', 'mobile']),
        a('groups', { type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [a('value'), a('display')] }),
      ],
    },
    {
      schemas: [SCHEMA.schema],
      id: SCHEMA.enterpriseUser,
      name: 'EnterpriseUser',
      attributes: [a('employeeNumber'), a('costCenter'), a('manager', { type: 'complex', subAttributes: [a('value'), a('displayName')] })],
    },
    { schemas: [SCHEMA.schema], id: SCHEMA.group, name: 'Group', attributes: [a('displayName', { required: true })] },
  ]);
}

export function discoveredResourceTypesBody(): JsonObject {
  return listResponse([
    {
      schemas: [SCHEMA.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: SCHEMA.user,
      schemaExtensions: [{ schema: SCHEMA.enterpriseUser, required: false }],
    },
    { schemas: [SCHEMA.resourceType], id: 'Group', name: 'Group', endpoint: '/Groups', schema: SCHEMA.group },
  ]);
}

/** Runs a check that must apply; every finding must name the check and the exchange. */
export function verdicts(check: Check, exchange: Exchange, ctx: CheckContext = testContext()): Finding[] {
  expect(check.applies(exchange, ctx), `${check.id} should apply to ${exchange.request.method} ${exchange.request.url}`).toBe(true);
  const findings = check.run(exchange, ctx);
  expect(findings.length).toBeGreaterThan(0);
  for (const f of findings) {
    expect(f.checkId).toBe(check.id);
    expect(f.exchangeId).toBe(exchange.id);
  }
  return findings;
}

/** The one finding of a check that must apply and judge exactly one thing. */
export function verdict(check: Check, exchange: Exchange, ctx: CheckContext = testContext()): Finding {
  const findings = verdicts(check, exchange, ctx);
  expect(findings).toHaveLength(1);
  return findings[0] as Finding;
}

export function notApplicable(check: Check, exchange: Exchange, ctx: CheckContext = testContext()): void {
  expect(check.applies(exchange, ctx), `${check.id} should not apply`).toBe(false);
}
