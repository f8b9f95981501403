/**
 * Known deviations the reference provider can be told to commit, one at a time (`--defect NAME`), so the
 * harness can prove that its checks catch them. Each defect wraps the clean core handler; the core
 * itself never knows about defects.
 */
import { MESSAGE } from '../harness/spec/constants.js';
import type { ScimHandler } from './handler.js';
import type { ScimRequest, ScimResponse } from './http-types.js';
import { isObject, type ScimObject } from './schemas/resource-schema.js';
import type { Store } from './store.js';
import type { Tolerances } from './tolerances.js';

/** A defect wraps the clean handler, or switches off IdP quirks the provider otherwise tolerates, or both. */
export interface DefectDefinition {
  name: string;
  description: string;
  wrap?: (handler: ScimHandler, store: Store) => ScimHandler;
  refuses?: (keyof Tolerances)[];
}

const isCreate = (req: ScimRequest, res: ScimResponse) => req.method === 'POST' && res.status === 201;

/** Rewrites successful responses' bodies and headers. */
const mapResponse = (fn: (req: ScimRequest, res: ScimResponse, store: Store) => ScimResponse) =>
  (handler: ScimHandler, store: Store): ScimHandler => (req) => fn(req, handler(req), store);

/** Rewrites or refuses requests before the core sees them. */
const mapRequest = (fn: (req: ScimRequest) => ScimRequest | ScimResponse) =>
  (handler: ScimHandler): ScimHandler => (req) => {
    const out = fn(req);
    return 'status' in out ? out : handler(out);
  };

function scimError(status: number, scimType: string | undefined, detail: string): ScimResponse {
  return { status, headers: {}, body: { schemas: [MESSAGE.error], status: String(status), ...(scimType ? { scimType } : {}), detail } };
}

function jsonBody(req: ScimRequest): unknown {
  try {
    return req.body === undefined ? undefined : (JSON.parse(req.body) as unknown);
  } catch {
    return undefined;
  }
}

export const DEFECTS: DefectDefinition[] = [
  {
    name: 'no-location',
    description: 'POST answers 201 without a Location header.',
    wrap: mapResponse((req, res) => {
      if (!isCreate(req, res)) return res;
      const { Location: _dropped, ...headers } = res.headers;
      return { ...res, headers };
    }),
  },
  {
    name: 'create-200',
    description: 'POST answers 200 instead of 201 Created.',
    wrap: mapResponse((req, res) => (isCreate(req, res) ? { ...res, status: 200 } : res)),
  },
  {
    name: 'etag-mismatch',
    description: 'The ETag header differs from meta.version.',
    wrap: mapResponse((_req, res) => (res.headers.ETag ? { ...res, headers: { ...res.headers, ETag: 'W/"stale"' } } : res)),
  },
  {
    name: 'case-sensitive-username',
    description: 'The userName eq filter compares case-sensitively.',
    wrap: mapResponse((req, res) => {
      const filter = req.query.get('filter');
      const match = filter ? /^\s*userName\s+eq\s+"([^"]*)"\s*$/i.exec(filter) : null;
      if (!match || !isObject(res.body) || !Array.isArray(res.body.Resources)) return res;
      const resources = (res.body.Resources as ScimObject[]).filter((r) => r.userName === match[1]);
      return { ...res, body: { ...res.body, totalResults: resources.length, itemsPerPage: resources.length, Resources: resources } };
    }),
  },
  {
    name: 'ignore-start-index',
    description: 'startIndex is ignored: every page starts at the first resource.',
    wrap: mapRequest((req) => {
      const query = new URLSearchParams(req.query);
      query.delete('startIndex');
      return { ...req, query };
    }),
  },
  {
    name: 'return-password',
    description: "The User's password (returned: never) is returned.",
    wrap: mapResponse((req, res, store) => {
      if (!isObject(res.body) || res.body.id === undefined) return res;
      const stored = store.get('User', String(res.body.id));
      if (!stored || stored.data.password === undefined) return res;
      return { ...res, body: { ...res.body, password: stored.data.password } };
    }),
  },
  {
    name: 'refuse-capitalized-op',
    description: 'PATCH ops spelled "Replace"/"Add"/"Remove" (as Entra sends them) are refused.',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      if (req.method !== 'PATCH' || !isObject(body) || !Array.isArray(body.Operations)) return req;
      const bad = (body.Operations as unknown[]).find((op) => isObject(op) && typeof op.op === 'string' && op.op !== op.op.toLowerCase());
      return bad && isObject(bad) ? scimError(400, 'invalidSyntax', `Unknown PATCH op '${String(bad.op)}'.`) : req;
    }),
  },
  {
    name: 'refuse-string-booleans',
    description: 'Booleans sent as "True"/"False" strings (as Entra sends them) are refused.',
    wrap: mapRequest((req) => {
      if (!['POST', 'PUT', 'PATCH'].includes(req.method) || req.body === undefined) return req;
      return /"(true|false)"/i.test(req.body) && /"active"|"path"\s*:\s*"active"/i.test(req.body)
        ? scimError(400, 'invalidValue', "Attribute 'active' must be a boolean.")
        : req;
    }),
  },
  {
    name: 'bad-error-body',
    description: 'Error responses carry a non-SCIM body (no schemas, numeric status).',
    wrap: mapResponse((_req, res) => (res.status >= 400 && isObject(res.body) ? { ...res, body: { error: res.body.detail, status: res.status } } : res)),
  },
  {
    name: 'no-uniqueness',
    description: 'A second user with an existing userName is created instead of 409 uniqueness.',
    wrap: (handler) => (req) => {
      const res = handler(req);
      if (req.method !== 'POST' || res.status !== 409) return res;
      // Retry with a userName made unique behind the client's back, as a careless server would store it.
      const body = jsonBody(req);
      if (!isObject(body) || typeof body.userName !== 'string') return res;
      return handler({ ...req, body: JSON.stringify({ ...body, userName: `${body.userName}#${Date.now()}` }) });
    },
  },
  {
    name: 'no-www-authenticate',
    description: '401 responses lack the WWW-Authenticate header.',
    wrap: mapResponse((_req, res) => {
      if (res.status !== 401) return res;
      const { 'WWW-Authenticate': _dropped, ...headers } = res.headers;
      return { ...res, headers };
    }),
  },
  {
    name: 'deactivate-deletes',
    description: 'Deactivating a user (active=false) deletes it, so a later GET is 404.',
    wrap: (handler) => (req) => {
      const res = handler(req);
      if (!['PATCH', 'PUT'].includes(req.method) || res.status !== 200 || !isObject(res.body) || res.body.active !== false) return res;
      handler({ ...req, method: 'DELETE', body: undefined, headers: { ...req.headers, 'if-match': undefined } });
      return res;
    },
  },
  {
    name: 'ignore-docker-role',
    description: 'dockerRole is accepted but never stored: every user stays a member.',
    wrap: (handler) => (req) => {
      const body = jsonBody(req);
      if (!isObject(body) || req.body === undefined || !req.body.includes('dockerRole')) return handler(req);
      const strip = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(strip);
        if (!isObject(value)) return value;
        const out: ScimObject = {};
        for (const [k, v] of Object.entries(value)) {
          if (k === 'dockerRole' || (typeof v === 'string' && /dockerRole$/.test(k))) continue;
          if (k === 'path' && typeof v === 'string' && v.endsWith('dockerRole')) return undefined;
          out[k] = strip(v);
        }
        return out;
      };
      const cleaned = strip(body);
      if (isObject(cleaned) && Array.isArray(cleaned.Operations)) {
        cleaned.Operations = (cleaned.Operations as unknown[]).filter((op) => op !== undefined);
        if ((cleaned.Operations as unknown[]).length === 0) cleaned.Operations = [{ op: 'add', value: {} }];
      }
      return handler({ ...req, body: JSON.stringify(cleaned) });
    },
  },
  {
    name: 'refuse-filter-upsert',
    description: 'PATCH through an eq value filter that matches nothing is refused (noTarget) instead of creating the element, as Entra expects.',
    refuses: ['filterUpsert'],
  },
  {
    name: 'refuse-manager-string',
    description: "A bare string for the enterprise manager (Entra's `manager: \"id\"`) is refused.",
    refuses: ['bareStringComplex'],
  },
  {
    name: 'remove-all-members',
    description: 'PATCH remove of `members` with a value list removes every member, not just the listed ones.',
    refuses: ['removeValueList'],
  },
  {
    name: 'refuse-manager-filter-remove',
    description: 'PATCH remove of the manager through a value filter (Entra\'s `manager[value eq "id"]`) is refused.',
    refuses: ['singleValuedFilterRemove'],
  },
  {
    name: 'wrong-content-type',
    description: 'Responses are labelled text/plain instead of application/scim+json.',
    wrap: mapResponse((_req, res) => (res.body === undefined ? res : { ...res, headers: { ...res.headers, 'Content-Type': 'text/plain' } })),
  },
];

export const DEFECT_NAMES = DEFECTS.map((d) => d.name);

export function findDefect(name: string): DefectDefinition | undefined {
  return DEFECTS.find((d) => d.name === name);
}
