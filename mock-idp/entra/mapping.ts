/**
 * Entra's attribute mappings: which directory attribute becomes which SCIM attribute, the exact path Entra
 * writes in PATCH operations and matching filters (`emails[type eq "work"].value`, enterprise URN paths),
 * the create body, and the PATCH operations with Entra's quirks (capitalized ops, "True"/"False" strings,
 * manager as a bare id string, several operations in one request).
 */
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import type { DirectoryUser } from '../directory.js';
import type { ScimResource } from '../scim-client.js';

export const ENTERPRISE = SCHEMA.enterpriseUser;
export const DOCKER = SCHEMA.dockerUser;

export type MappingSet = 'default' | 'docker';

export type AttributeId =
  | 'externalId'
  | 'userName'
  | 'displayName'
  | 'title'
  | 'email'
  | 'givenName'
  | 'familyName'
  | 'formatted'
  | 'mobile'
  | 'department'
  | 'employeeNumber'
  | 'manager'
  | 'dockerRole'
  | 'dockerOrg'
  | 'dockerTeam';

/** Entra's (string) view of a user: mapped attribute → value; absent = no value. */
export type UserView = Partial<Record<AttributeId, string>>;

export interface MappedAttribute {
  id: AttributeId;
  /** The path Entra writes in PATCH operations and matching filters. */
  path: string;
  /** The mapping sets that carry it. */
  mappings: MappingSet[];
  /** Carried only with `mapDockerRoles`. */
  docker?: boolean;
  /** The value the target holds, read from its resource. */
  read(resource: ScimResource): string | undefined;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const objectAt = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const plain = (name: string) => (r: ScimResource) => asString(r[name]);
const nameField = (name: string) => (r: ScimResource) => asString(objectAt(r.name)?.[name]);
const typed = (attribute: string, type: string) => (r: ScimResource) => {
  const list = Array.isArray(r[attribute]) ? (r[attribute] as unknown[]) : [];
  const hit = list.map(objectAt).find((e) => typeof e?.type === 'string' && e.type.toLowerCase() === type);
  return asString(hit?.value);
};
const extension = (urn: string, name: string) => (r: ScimResource) => asString(objectAt(r[urn])?.[name]);

const BOTH: MappingSet[] = ['default', 'docker'];
const DEFAULT: MappingSet[] = ['default'];

/** In the order Entra lists them (and so the order of PATCH operations). */
export const MAPPED_ATTRIBUTES: readonly MappedAttribute[] = [
  { id: 'externalId', path: 'externalId', mappings: DEFAULT, read: plain('externalId') },
  { id: 'userName', path: 'userName', mappings: BOTH, read: plain('userName') },
  { id: 'displayName', path: 'displayName', mappings: DEFAULT, read: plain('displayName') },
  { id: 'title', path: 'title', mappings: DEFAULT, read: plain('title') },
  { id: 'email', path: 'emails[type eq "work"].value', mappings: DEFAULT, read: typed('emails', 'work') },
  { id: 'givenName', path: 'name.givenName', mappings: BOTH, read: nameField('givenName') },
  { id: 'familyName', path: 'name.familyName', mappings: BOTH, read: nameField('familyName') },
  { id: 'formatted', path: 'name.formatted', mappings: DEFAULT, read: nameField('formatted') },
  { id: 'mobile', path: 'phoneNumbers[type eq "mobile"].value', mappings: DEFAULT, read: typed('phoneNumbers', 'mobile') },
  { id: 'department', path: `${ENTERPRISE}:department`, mappings: DEFAULT, read: extension(ENTERPRISE, 'department') },
  { id: 'employeeNumber', path: `${ENTERPRISE}:employeeNumber`, mappings: DEFAULT, read: extension(ENTERPRISE, 'employeeNumber') },
  {
    id: 'manager',
    path: `${ENTERPRISE}:manager`,
    mappings: DEFAULT,
    read: (r) => {
      const manager = objectAt(r[ENTERPRISE])?.manager;
      return asString(manager) ?? asString(objectAt(manager)?.value);
    },
  },
  { id: 'dockerRole', path: `${DOCKER}:dockerRole`, mappings: BOTH, docker: true, read: extension(DOCKER, 'dockerRole') },
  { id: 'dockerOrg', path: `${DOCKER}:dockerOrg`, mappings: BOTH, docker: true, read: extension(DOCKER, 'dockerOrg') },
  { id: 'dockerTeam', path: `${DOCKER}:dockerTeam`, mappings: BOTH, docker: true, read: extension(DOCKER, 'dockerTeam') },
];

export function mappedAttributeByPath(path: string): MappedAttribute | undefined {
  const wanted = path.replace(/\s+/g, ' ').trim().toLowerCase();
  return MAPPED_ATTRIBUTES.find((a) => a.path.toLowerCase() === wanted);
}

export interface MappingOptions {
  mappings: MappingSet;
  mapDockerRoles: boolean;
  /** What `externalId` carries: the mail alias (E2's default mapping table) or the objectId (a customisation). */
  externalIdFrom: 'mailNickname' | 'objectId';
}

/** The user's mail alias: Entra derives mailNickname from the UPN's local part when it creates a user. */
export function mailNickname(user: DirectoryUser): string {
  const at = user.userName.lastIndexOf('@');
  return at < 0 ? user.userName : user.userName.slice(0, at);
}

export function activeAttributes(options: MappingOptions): MappedAttribute[] {
  return MAPPED_ATTRIBUTES.filter((a) => a.mappings.includes(options.mappings) && (!a.docker || options.mapDockerRoles));
}

/**
 * What Entra would write for this directory user. `managerId` is the manager's id at the target (Entra
 * resolves the reference to an object it provisioned), undefined when there is none or it is unresolved.
 */
export function desiredView(user: DirectoryUser, managerId: string | undefined, options: MappingOptions): UserView {
  const all: UserView = {
    externalId: options.externalIdFrom === 'mailNickname' ? mailNickname(user) : user.externalId,
    userName: user.userName,
    displayName: user.displayName,
    title: user.title,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    formatted: [user.givenName, user.familyName].filter((p) => p !== undefined && p !== '').join(' ') || undefined,
    mobile: user.mobilePhone,
    department: user.department,
    employeeNumber: user.employeeNumber,
    manager: managerId,
    dockerRole: user.dockerRole,
    dockerOrg: user.dockerOrg,
    dockerTeam: user.dockerTeam,
  };
  const view: UserView = {};
  for (const attribute of activeAttributes(options)) {
    const value = all[attribute.id];
    if (value !== undefined && value !== '') view[attribute.id] = value;
  }
  return view;
}

/** The target's values of the mapped attributes. */
export function readView(resource: ScimResource, options: MappingOptions): UserView {
  const view: UserView = {};
  for (const attribute of activeAttributes(options)) {
    const value = attribute.read(resource);
    if (value !== undefined) view[attribute.id] = value;
  }
  return view;
}

/** `active` as the target reports it (true, false, or undefined when it says nothing usable). */
export function readActive(resource: ScimResource): boolean | undefined {
  const active = resource.active;
  if (typeof active === 'boolean') return active;
  if (typeof active === 'string' && /^(true|false)$/i.test(active)) return active.toLowerCase() === 'true';
  return undefined;
}

/** `POST /Users` as Entra sends it. */
export function createBody(view: UserView): Record<string, unknown> {
  const hasDocker = view.dockerRole !== undefined || view.dockerOrg !== undefined || view.dockerTeam !== undefined;
  const body: Record<string, unknown> = { schemas: [SCHEMA.user, ENTERPRISE, ...(hasDocker ? [DOCKER] : [])] };
  if (view.externalId !== undefined) body.externalId = view.externalId;
  if (view.userName !== undefined) body.userName = view.userName;
  body.active = true;
  if (view.displayName !== undefined) body.displayName = view.displayName;
  if (view.title !== undefined) body.title = view.title;
  if (view.email !== undefined) body.emails = [{ primary: true, type: 'work', value: view.email }];
  body.meta = { resourceType: 'User' };
  const name = compact({ formatted: view.formatted, familyName: view.familyName, givenName: view.givenName });
  if (name) body.name = name;
  if (view.mobile !== undefined) body.phoneNumbers = [{ type: 'mobile', value: view.mobile }];
  body.roles = [];
  const enterprise = compact({
    department: view.department,
    employeeNumber: view.employeeNumber,
    manager: view.manager === undefined ? undefined : { value: view.manager },
  });
  if (enterprise) body[ENTERPRISE] = enterprise;
  const docker = compact({ dockerRole: view.dockerRole, dockerOrg: view.dockerOrg, dockerTeam: view.dockerTeam });
  if (docker) body[DOCKER] = docker;
  return body;
}

export type PatchOpName = 'Add' | 'Replace' | 'Remove';

export interface PatchOperation {
  op: PatchOpName;
  path: string;
  value?: unknown;
}

/**
 * The operations that bring the target to `desired`, one per attribute, in mapping order: `Add` where the target
 * has no value, `Replace` where it has another. `read` is the user as Entra's matching GET returned it (undefined
 * when it found nobody: Entra then goes by `known`, what it last pushed). `Remove` only where Entra had pushed a
 * value that is now cleared in the directory and the target still has one: Entra clears what an admin cleared,
 * not what it never mapped. The manager is a reference, compared with `known` only (E2 Example 4 checks it
 * separately, `managerCheck`): a bare id string, removed with a value filter on the old id (reported, E8).
 */
export function updateOperations(read: UserView | undefined, known: UserView, desired: UserView, options: MappingOptions): PatchOperation[] {
  const operations: PatchOperation[] = [];
  for (const attribute of activeAttributes(options)) {
    const target = attribute.id === 'manager' ? known[attribute.id] : (read ?? known)[attribute.id];
    const after = desired[attribute.id];
    if (after === undefined) {
      const pushed = known[attribute.id];
      if (pushed === undefined || target === undefined) continue;
      operations.push({ op: 'Remove', path: attribute.id === 'manager' ? `${attribute.path}[value eq ${JSON.stringify(pushed)}]` : attribute.path });
    } else if (after !== target) {
      operations.push({ op: target === undefined ? 'Add' : 'Replace', path: attribute.path, value: after });
    }
  }
  return operations;
}

/** Whether Entra's record of what it pushed differs from what it would push now: the user has changes to send. */
export function viewsDiffer(a: UserView, b: UserView): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as AttributeId[]);
  return [...keys].some((key) => a[key] !== b[key]);
}

/** `active` as Entra writes it: "True"/"False" unless the aadOptscim062020 flag is set. */
export function activeOperation(active: boolean, booleanStrings: boolean, op: PatchOpName = 'Replace'): PatchOperation {
  return { op, path: 'active', value: booleanStrings ? (active ? 'True' : 'False') : active };
}

/** An operation as it goes on the wire: with the flag, ops are lower case and a grouped replace has no path. */
export interface WireOperation {
  op: string;
  path?: string;
  value?: unknown;
}

/**
 * Entra's PATCH operations as they travel. Without the aadOptscim062020 flag they go as built (capitalized
 * ops, one per attribute, members removed with a value list). With it (Microsoft, "Known issues and
 * resolutions with SCIM 2.0 protocol compliance"): ops are lower case; several replaces of attributes
 * without a value filter become one `replace` with no path whose value is keyed by attribute path
 * (`"name.givenName"`, `"urn:...:enterprise:2.0:User:employeeNumber"`), after the filtered ones; and each
 * removed member is its own `remove` with a `members[value eq "id"]` path and no value.
 */
export function wireOperations(operations: PatchOperation[], aadOptscim062020: boolean): WireOperation[] {
  if (!aadOptscim062020) return operations;
  const groupable = operations.filter((o) => o.op === 'Replace' && !o.path.includes('['));
  const grouped = groupable.length >= 2 ? new Set(groupable) : new Set<PatchOperation>();
  const wire: WireOperation[] = [];
  for (const operation of operations) {
    if (grouped.has(operation)) continue;
    if (operation.op === 'Remove' && operation.path === 'members' && Array.isArray(operation.value)) {
      for (const member of operation.value as { value: string }[]) wire.push({ op: 'remove', path: `members[value eq ${JSON.stringify(member.value)}]` });
      continue;
    }
    wire.push({ ...operation, op: operation.op.toLowerCase() });
  }
  if (grouped.size > 0) wire.push({ op: 'replace', value: Object.fromEntries([...grouped].map((o) => [o.path, o.value])) });
  return wire;
}

export function patchBody(operations: WireOperation[]): Record<string, unknown> {
  return { schemas: [MESSAGE.patchOp], Operations: operations };
}

function compact(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return Object.keys(out).length === 0 ? undefined : out;
}
