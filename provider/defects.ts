/**
 * Known deviations the reference provider can be told to commit, one at a time (`--defect NAME`), so the
 * harness can prove that its checks catch them. Each defect wraps the clean core handler; the core
 * itself never knows about defects.
 */
import { MESSAGE, SCHEMA } from '../vocabulary/constants.js';
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
    wrap: mapResponse((_req, res, store) => {
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
    name: 'ignore-deactivate',
    description: 'active:false (any spelling, in a body or a PATCH) is accepted but not applied: deprovisioned users stay active.',
    wrap: mapRequest((req) => {
      if (!['POST', 'PUT', 'PATCH'].includes(req.method) || req.body === undefined) return req;
      const kept = req.body.replace(/("active"\s*:\s*)("false"|false)/gi, '$1true');
      const body = jsonBody({ ...req, body: kept });
      if (!isObject(body) || !Array.isArray(body.Operations)) return { ...req, body: kept };
      const operations = (body.Operations as unknown[]).map((op) =>
        isObject(op) && typeof op.path === 'string' && op.path.trim().toLowerCase() === 'active' && /^false$/i.test(String(op.value)) ? { ...op, value: true } : op,
      );
      return { ...req, body: JSON.stringify({ ...body, Operations: operations }) };
    }),
  },
  {
    name: 'reactivate-resets',
    description: 'Reactivating an inactive user rebuilds it from its userName alone: name, emails, displayName and the Docker role are lost.',
    wrap: (handler, store) => (req) => {
      if ((req.method !== 'PATCH' && req.method !== 'PUT') || !/^\/Users\/[^/]+$/.test(req.path)) return handler(req);
      const read = { ...req, method: 'GET', body: undefined, headers: { ...req.headers, 'if-match': undefined, 'if-none-match': undefined } };
      const before = handler(read);
      const res = handler(req);
      if (res.status !== 200 || !isObject(before.body) || before.body.active !== false || !isObject(res.body) || res.body.active !== true) return res;
      // Rewritten in the store, not by a PUT: the docker-hub profile's PUT never clears `name` (Docker Hub API, D4).
      const stored = store.get('User', String(res.body.id));
      if (!stored) return res;
      const { id, userName, meta } = stored.data;
      store.put({ ...stored, version: store.nextVersion(), data: { schemas: [SCHEMA.user], id, userName, active: true, meta } });
      return handler(read);
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
    name: 'refuse-path-keys',
    description: 'PATCH replace without a path whose value is keyed by attribute paths (Entra with aadOptscim062020: `"name.givenName"`) is refused.',
    refuses: ['pathKeysInValue'],
  },
  {
    name: 'refuse-readonly-echo',
    description: "PATCH without a path that repeats the readOnly id unchanged (Okta's group rename) is refused with mutability.",
    refuses: ['readOnlyEcho'],
  },
  {
    name: 'refuse-charset',
    description: 'A Content-Type with parameters (Okta\'s `application/scim+json; charset=utf-8`) is refused with 415.',
    wrap: mapRequest((req) => {
      const type = req.headers['content-type'];
      return req.body !== undefined && type?.includes(';') ? scimError(415, undefined, `Unsupported Content-Type '${type}'.`) : req;
    }),
  },
  {
    name: 'refuse-json-content-type',
    description: 'Bodies labelled application/json (what a OneLogin admin may configure) are refused with 415; only application/scim+json is read.',
    wrap: mapRequest((req) => {
      const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      return req.body !== undefined && type === 'application/json' ? scimError(415, undefined, 'Only application/scim+json is accepted.') : req;
    }),
  },
  {
    name: 'filter-plus-as-space',
    description: "The filter is decoded once more, so a '+' in a value (Okta sends %2B) becomes a space and the lookup misses.",
    wrap: mapRequest((req) => {
      const filter = req.query.get('filter');
      if (filter === null || !filter.includes('+')) return req;
      const query = new URLSearchParams(req.query);
      query.set('filter', filter.replace(/\+/g, ' '));
      return { ...req, query };
    }),
  },
  {
    name: 'refuse-empty-members',
    description: 'POST /Groups with `members: []` (as Okta pushes a group) is refused with invalidValue.',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      const empty = req.method === 'POST' && req.path === '/Groups' && isObject(body) && Array.isArray(body.members) && body.members.length === 0;
      return empty ? scimError(400, 'invalidValue', "'members' must not be empty.") : req;
    }),
  },
  {
    name: 'require-patch-path',
    description: 'PATCH operations without a `path` (Okta\'s `{"op":"replace","value":{"active":false}}`) are refused with noTarget.',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      if (req.method !== 'PATCH' || !isObject(body) || !Array.isArray(body.Operations)) return req;
      const pathless = (body.Operations as unknown[]).some((op) => isObject(op) && (typeof op.path !== 'string' || op.path.trim() === ''));
      return pathless ? scimError(400, 'noTarget', 'Every PATCH operation needs a path.') : req;
    }),
  },
  {
    name: 'refuse-add-active',
    description: 'A PATCH `add` of `active` (how Entra also deprovisions, audit source E10) is refused with invalidPath, as servers that take `add` for multi-valued attributes only do.',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      if (req.method !== 'PATCH' || !isObject(body) || !Array.isArray(body.Operations)) return req;
      const addActive = (body.Operations as unknown[]).some((op) => isObject(op) && typeof op.op === 'string' && op.op.toLowerCase() === 'add' && typeof op.path === 'string' && op.path.toLowerCase() === 'active');
      return addActive ? scimError(400, 'invalidPath', '`add` applies to multi-valued attributes; use replace for active.') : req;
    }),
  },
  {
    name: 'replace-whole-complex',
    description: 'A path-less replace of a complex attribute (`{"name":{"familyName":"x"}}`) replaces it whole, dropping the sub-attributes not given.',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      if (req.method !== 'PATCH' || !isObject(body) || !Array.isArray(body.Operations)) return req;
      const operations: unknown[] = [];
      for (const op of body.Operations as unknown[]) {
        if (isObject(op) && typeof op.op === 'string' && op.op.toLowerCase() === 'replace' && op.path === undefined && isObject(op.value)) {
          for (const [key, value] of Object.entries(op.value)) if (isObject(value) && !key.startsWith('urn:')) operations.push({ op: 'remove', path: key });
        }
        operations.push(op);
      }
      return { ...req, body: JSON.stringify({ ...body, Operations: operations }) };
    }),
  },
  {
    name: 'ignore-urn-paths',
    description: 'PATCH operations on schema-URN-qualified paths (`urn:...:enterprise:2.0:User:department`, as Entra writes them) are silently dropped.',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      if (req.method !== 'PATCH' || !isObject(body) || !Array.isArray(body.Operations)) return req;
      const kept = (body.Operations as unknown[]).filter((op) => !(isObject(op) && typeof op.path === 'string' && /^urn:.*:[^:]+$/i.test(op.path)));
      if (kept.length === body.Operations.length) return req;
      return { ...req, body: JSON.stringify({ ...body, Operations: kept.length > 0 ? kept : [{ op: 'add', value: {} }] }) };
    }),
  },
  {
    name: 'first-op-only',
    description: 'Only the first operation of a PATCH is applied (Entra sends one per changed attribute in one request).',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      if (req.method !== 'PATCH' || !isObject(body) || !Array.isArray(body.Operations) || body.Operations.length < 2) return req;
      return { ...req, body: JSON.stringify({ ...body, Operations: body.Operations.slice(0, 1) }) };
    }),
  },
  {
    name: 'ignore-member-filter-remove',
    description: 'PATCH remove with a value-filter path (`members[value eq "id"]`, as Okta Push Groups sends it) is answered with success but removes nothing (the authentik bug Okta users reported: audit S7).',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      if (req.method !== 'PATCH' || !isObject(body) || !Array.isArray(body.Operations)) return req;
      // The filter is pointed at no member, which the provider answers with success and no change.
      const ignored = body.Operations.map((op) =>
        isObject(op) && typeof op.op === 'string' && op.op.toLowerCase() === 'remove' && typeof op.path === 'string' && /^members\[/i.test(op.path)
          ? { ...op, path: 'members[value eq "ignored-by-defect"]' }
          : op,
      );
      return { ...req, body: JSON.stringify({ ...body, Operations: ignored }) };
    }),
  },
  {
    name: 'accept-unknown-schemas',
    description: 'Unknown schema URNs in a body (the SCIM 1.1 `urn:scim:schemas:core:1.0` of OneLogin\'s documented templates) are ignored instead of refused, so a misconfigured template provisions silently.',
    wrap: mapRequest((req) => {
      const body = jsonBody(req);
      if (!['POST', 'PUT'].includes(req.method) || !isObject(body) || !Array.isArray(body.schemas)) return req;
      const known = (urn: unknown) => typeof urn === 'string' && (urn.startsWith('urn:ietf:params:scim:') || urn === SCHEMA.dockerUser);
      if ((body.schemas as unknown[]).every(known)) return req;
      const cleaned: ScimObject = {};
      for (const [key, value] of Object.entries(body)) if (!key.startsWith('urn:') || known(key)) cleaned[key] = value;
      const core = req.path.startsWith('/Groups') ? SCHEMA.group : SCHEMA.user;
      cleaned.schemas = [core, ...(body.schemas as unknown[]).filter((urn) => known(urn) && urn !== core)];
      return { ...req, body: JSON.stringify(cleaned) };
    }),
  },
  {
    name: 'put-merges',
    description: 'PUT merges into the stored user instead of replacing it: attributes the body leaves out are kept (RFC 7644 §3.5.1 clears them).',
    wrap: (handler, store) => (req) => {
      const body = jsonBody(req);
      const id = /^\/Users\/([^/]+)$/.exec(req.path)?.[1];
      const stored = id === undefined ? undefined : store.get('User', id);
      if (req.method !== 'PUT' || !isObject(body) || !stored) return handler(req);
      const { meta: _meta, ...kept } = stored.data;
      return handler({ ...req, body: JSON.stringify({ ...kept, ...body }) });
    },
  },
  {
    name: 'refuse-empty-strings',
    description: 'Empty strings in a body (OneLogin renders a template placeholder without a value as "") are refused with invalidValue.',
    wrap: mapRequest((req) => {
      if (!['POST', 'PUT', 'PATCH'].includes(req.method) || req.body === undefined) return req;
      return /:\s*""/.test(req.body) ? scimError(400, 'invalidValue', 'Attribute values must not be empty strings.') : req;
    }),
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
