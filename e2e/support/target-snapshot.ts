/** Seeds a SCIM target with "customer" data and snapshots it, with plain fetch, independent of the harness under test. */

export type ResourceKind = 'User' | 'Group';

export interface TargetSnapshot {
  /** id → the resource's JSON text, keys sorted at every level so equal resources compare byte for byte. */
  users: Map<string, string>;
  groups: Map<string, string>;
}

export interface SnapshotEntry {
  type: ResourceKind;
  id: string;
  /** The JSON text before (missing, changed) and after (changed, added). */
  before?: string;
  after?: string;
}

export interface SnapshotDiff {
  missing: SnapshotEntry[];
  changed: SnapshotEntry[];
  /** ids present after but not before. */
  added: SnapshotEntry[];
}

export interface SeedOptions {
  users: number;
  groups: number;
  /** Marks the seeded data (email domain, externalId, group names) so repeated seeds never collide. */
  tag: string;
}

export interface SeededIds {
  users: string[];
  groups: string[];
}

export interface SnapshotOptions {
  /** `count` asked for per page; the server may answer with more or fewer. */
  pageSize?: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SCIM_JSON = 'application/scim+json';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
// Far above any seed here: a server that keeps answering new ids past this is not paging as it says.
const MAX_PAGES = 1_000;

// ---------------------------------------------------------------------------------------------------------------
// HTTP

async function scimRequest(baseUrl: string, token: string, path: string, init: { method?: string; body?: Json } = {}): Promise<Json> {
  const method = init.method ?? 'GET';
  const response = await fetch(`${baseUrl.replace(/\/$/, '')}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: SCIM_JSON,
      ...(init.body === undefined ? {} : { 'content-type': SCIM_JSON }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as Json;
}

async function scim(baseUrl: string, token: string, path: string, init: { method?: string; body?: Json } = {}): Promise<JsonObject> {
  const body = await scimRequest(baseUrl, token, path, init);
  if (!isObject(body)) throw new Error(`${init.method ?? 'GET'} ${path}: expected a JSON object`);
  return body;
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshot

/** JSON with object keys sorted at every level; array order is kept (it is part of what a server returns). */
export function stableStringify(value: Json): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key] ?? null);
  return sorted;
}

/** Every resource at an endpoint, paging by startIndex/count and advancing by what each page actually held. */
async function listAll(baseUrl: string, token: string, endpoint: string, pageSize: number): Promise<Map<string, string>> {
  const byId = new Map<string, string>();
  let startIndex = 1;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await scim(baseUrl, token, `${endpoint}?startIndex=${startIndex}&count=${pageSize}`);
    const total = body.totalResults;
    if (typeof total !== 'number') throw new Error(`${endpoint}: ListResponse without a numeric totalResults`);
    const resources = Array.isArray(body.Resources) ? body.Resources : [];
    let fresh = 0;
    for (const resource of resources) {
      if (!isObject(resource) || typeof resource.id !== 'string') throw new Error(`${endpoint}: resource without an id`);
      if (!byId.has(resource.id)) fresh++;
      byId.set(resource.id, stableStringify(resource));
    }
    if (byId.size >= total) return byId;
    // A page with nothing new means the server ignores startIndex (or lost resources): the snapshot can't be whole.
    if (fresh === 0) {
      throw new Error(`${endpoint}: page at startIndex=${startIndex} brought no new resources (${byId.size} of ${total})`);
    }
    // Not `count`: a server may return more or fewer than asked, and the next page starts after what it gave.
    startIndex += resources.length;
  }
  throw new Error(`${endpoint}: still paging after ${MAX_PAGES} pages`);
}

/** Whether the target serves /Groups at all (404: it has no Group resource type). */
async function hasGroups(baseUrl: string, token: string): Promise<boolean> {
  const response = await fetch(`${baseUrl.replace(/\/$/, '')}/Groups?count=0`, { headers: { Authorization: `Bearer ${token}`, Accept: SCIM_JSON } });
  await response.arrayBuffer();
  return response.status !== 404;
}

export async function snapshotTarget(baseUrl: string, token: string, options: SnapshotOptions = {}): Promise<TargetSnapshot> {
  const pageSize = options.pageSize ?? 50;
  const users = await listAll(baseUrl, token, '/Users', pageSize);
  // A target without Groups (Docker Hub) has none to keep.
  const groups = (await hasGroups(baseUrl, token)) ? await listAll(baseUrl, token, '/Groups', pageSize) : new Map<string, string>();
  return { users, groups };
}

function diffKind(type: ResourceKind, before: Map<string, string>, after: Map<string, string>, diff: SnapshotDiff): void {
  for (const [id, text] of before) {
    const now = after.get(id);
    if (now === undefined) diff.missing.push({ type, id, before: text });
    else if (now !== text) diff.changed.push({ type, id, before: text, after: now });
  }
  for (const [id, text] of after) {
    if (!before.has(id)) diff.added.push({ type, id, after: text });
  }
}

export function diffSnapshots(before: TargetSnapshot, after: TargetSnapshot): SnapshotDiff {
  const diff: SnapshotDiff = { missing: [], changed: [], added: [] };
  diffKind('User', before.users, after.users, diff);
  diffKind('Group', before.groups, after.groups, diff);
  return diff;
}

// ---------------------------------------------------------------------------------------------------------------
// Seed

const GIVEN_NAMES = [
  'Amara', 'Bence', 'Carmen', 'Dmitri', 'Elif', 'Farid', 'Grace', 'Hiroshi', 'Ingrid', 'Jamal', 'Katarzyna', 'Liam',
  'Mei', 'Nikolai', 'Olivia', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Thandiwe', 'Ugo', 'Valentina', 'Wei', 'Yusuf', 'Zoë',
];
const FAMILY_NAMES = [
  'Okafor', 'Kovács', 'Ruiz', 'Volkov', 'Yılmaz', 'Haddad', "O'Brien", 'Tanaka', 'Lindqvist', 'Bakr', 'Nowak',
  'Murphy', 'Chen', 'Petrov', 'Bennett', 'Raman', 'Dubois', 'Moreno', 'Andersen', 'Dlamini', 'Esposito', 'Rossi',
  'Zhang', 'Demir', 'Fischer',
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Customer Support', 'Finance', 'Marketing', 'Legal', 'People Operations'];
const TITLES = ['Software Engineer', 'Account Executive', 'Support Specialist', 'Controller', 'Product Marketer', 'Counsel'];

/** Lower-case ASCII letters, digits and hyphens only, so the tag fits an email domain. */
function domainLabel(tag: string): string {
  const label = tag.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return label || 'seed';
}

function emailLocalPart(given: string, family: string): string {
  // "Zoë O'Brien" → "zoe.obrien": accents folded, punctuation dropped, as a mail admin would.
  const fold = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
  return `${fold(given)}.${fold(family)}`;
}

async function advertisesEnterpriseUser(baseUrl: string, token: string): Promise<boolean> {
  try {
    const body = await scimRequest(baseUrl, token, '/ResourceTypes');
    // RFC 7644 §4 wants a ListResponse, but some servers answer a bare array: accept both.
    const types = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.Resources) ? body.Resources : [];
    return types.some(
      (t) =>
        isObject(t) &&
        t.name === 'User' &&
        Array.isArray(t.schemaExtensions) &&
        t.schemaExtensions.some((e) => isObject(e) && e.schema === ENTERPRISE_USER),
    );
  } catch {
    // No (readable) /ResourceTypes: seed core attributes only.
    return false;
  }
}

function customerUser(index: number, count: number, domain: string, tag: string, enterprise: boolean, managerId: string | undefined): JsonObject {
  const given = GIVEN_NAMES[index % GIVEN_NAMES.length] ?? 'Alex';
  const family = FAMILY_NAMES[(index * 7) % FAMILY_NAMES.length] ?? 'Smith';
  // Two users, a third and two thirds of the way through, are deactivated accounts a customer still keeps.
  const inactive = index === Math.floor(count / 3) || index === Math.floor((2 * count) / 3);
  const suffix = index >= GIVEN_NAMES.length ? String(Math.floor(index / GIVEN_NAMES.length) + 1) : '';
  const email = `${emailLocalPart(given, family)}${suffix}@${domain}`;
  const department = DEPARTMENTS[index % DEPARTMENTS.length] ?? 'Engineering';
  const user: JsonObject = {
    schemas: enterprise && index % 3 === 0 ? [USER_SCHEMA, ENTERPRISE_USER] : [USER_SCHEMA],
    userName: email,
    externalId: `${tag}-cust-${String(index + 1).padStart(4, '0')}`,
    name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
    displayName: `${given} ${family}`,
    title: TITLES[index % TITLES.length] ?? 'Analyst',
    active: !inactive,
    emails: [{ value: email, type: 'work', primary: true }],
  };
  if (index % 4 === 1) user.phoneNumbers = [{ value: `+1 555 01${String(index).padStart(2, '0')}`, type: 'work' }];
  if (enterprise && index % 3 === 0) {
    user[ENTERPRISE_USER] = {
      employeeNumber: String(10_000 + index),
      department,
      costCenter: `CC-${100 + (index % DEPARTMENTS.length)}`,
      organization: 'Customer Corp',
      ...(managerId === undefined ? {} : { manager: { value: managerId } }),
    };
  }
  return user;
}

async function create(baseUrl: string, token: string, endpoint: string, body: JsonObject): Promise<string> {
  const created = await scim(baseUrl, token, endpoint, { method: 'POST', body });
  if (typeof created.id !== 'string') throw new Error(`POST ${endpoint}: response without an id`);
  return created.id;
}

/**
 * Creates pre-existing "customer" data a conformance run must leave alone: users with realistic names and work
 * emails (some with enterprise data when the target advertises the extension, two inactive) and groups holding
 * some of them. Returns the ids in creation order.
 */
export async function seedTarget(baseUrl: string, token: string, options: SeedOptions): Promise<SeededIds> {
  const domain = `${domainLabel(options.tag)}.example.com`;
  const enterprise = await advertisesEnterpriseUser(baseUrl, token);
  const users: string[] = [];
  for (let i = 0; i < options.users; i++) {
    // Later enterprise users report to the first user, so a manager reference points at real customer data.
    const body = customerUser(i, options.users, domain, options.tag, enterprise, users[0]);
    users.push(await create(baseUrl, token, '/Users', body));
  }
  const groups: string[] = [];
  const groupCount = (await hasGroups(baseUrl, token)) ? options.groups : 0;
  for (let g = 0; g < groupCount; g++) {
    // Every (groups+1)-th user is in no group at all, the rest are spread over the groups.
    const members = users.filter((_, i) => i % (options.groups + 1) === g).map((id) => ({ value: id, type: 'User' }));
    const name = DEPARTMENTS[g % DEPARTMENTS.length] ?? `Team ${g + 1}`;
    groups.push(await create(baseUrl, token, '/Groups', { schemas: [GROUP_SCHEMA], displayName: `${name} (${options.tag})`, members }));
  }
  return { users, groups };
}
