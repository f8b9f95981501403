/**
 * The admin console's core, free of HTTP: what the page shows (organization state, members, recent
 * requests) and what it can do (the organization's security settings), read from and applied to the
 * provider's own objects. `routes.ts` only adapts this to express; tests may call it directly.
 */
import { SCHEMA } from '../../vocabulary/constants.js';
import { ScimLockedError, type Organization, type OrganizationState, type ScimAccess } from '../auth.js';
import { isObject as isRecord } from '../schemas/resource-schema.js';
import type { Store, StoredResource } from '../store.js';
import type { RecordedExchange, RequestLog } from './request-log.js';

/** The parts of a `Provider` the console reads and drives. */
export interface ConsoleDeps {
  store: Store;
  access: ScimAccess;
  organization: Organization;
  requests: RequestLog;
  basePath: string;
  profileName: string;
}

export interface ConsoleState {
  organization: OrganizationState;
  profile: string;
  /** Shown only while SCIM is enabled, as on Docker Hub. */
  scimBaseUrl: string | null;
}

export interface MemberRow {
  id: string;
  userName: string;
  name: string;
  active: boolean;
  dockerRole: string | null;
  dockerOrg: string | null;
  dockerTeam: string | null;
  created: string | null;
  lastModified: string | null;
}

export interface Snapshot {
  state: ConsoleState;
  members: MemberRow[];
  requests: RecordedExchange[];
}

/** A refused admin action: the HTTP status and a stable code for the JSON error body. */
export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function consoleState(deps: ConsoleDeps, origin: string): ConsoleState {
  const organization = deps.organization.state;
  return {
    organization,
    profile: deps.profileName,
    scimBaseUrl: organization.scimEnabled ? `${origin}${deps.basePath}` : null,
  };
}

export function memberRow(resource: StoredResource): MemberRow {
  const data = resource.data;
  const name = isRecord(data.name) ? data.name : {};
  const docker = isRecord(data[SCHEMA.dockerUser]) ? (data[SCHEMA.dockerUser] as Record<string, unknown>) : {};
  const meta = isRecord(data.meta) ? data.meta : {};
  const formatted =
    text(name.formatted) ?? ([text(name.givenName), text(name.familyName)].filter(Boolean).join(' ') || text(data.displayName) || '');
  return {
    id: resource.id,
    userName: text(data.userName) ?? '',
    name: formatted,
    // RFC 7643: `active` absent means the IdP never said otherwise; Docker Hub treats that member as active.
    active: data.active !== false,
    dockerRole: text(docker.dockerRole),
    dockerOrg: text(docker.dockerOrg),
    dockerTeam: text(docker.dockerTeam),
    created: text(meta.created),
    lastModified: text(meta.lastModified),
  };
}

export function members(deps: ConsoleDeps): MemberRow[] {
  return [...deps.store.all('User')].map(memberRow);
}

export function snapshot(deps: ConsoleDeps, origin: string): Snapshot {
  return { state: consoleState(deps, origin), members: members(deps), requests: deps.requests.list() };
}

export type ConsoleAction = 'sso' | 'domain' | 'enable' | 'disable' | 'regenerate';

export interface ActionResult {
  /** A sentence for the page's status line. */
  message: string;
  /** Only for `regenerate`. */
  token?: string;
}

/**
 * Applies one settings change. `body` is the parsed JSON the client sent (or undefined):
 * `sso` takes `{ "configured": boolean }`, `domain` takes `{ "verified": boolean, "domain"?: string }`,
 * the others take nothing. Throws {@link ConsoleError} for bad input or a refused change.
 */
export function applyAction(deps: ConsoleDeps, action: ConsoleAction, body: unknown): ActionResult {
  const org = deps.organization;
  switch (action) {
    case 'sso': {
      const input = object(body, ['configured']);
      return { message: org.setSsoConfigured(boolean(input, 'configured')).message };
    }
    case 'domain': {
      const input = object(body, ['verified', 'domain']);
      const verified = boolean(input, 'verified');
      if (!verified) {
        if (input.domain !== undefined) throw invalid("'domain' is only accepted with \"verified\": true.");
        return { message: org.unverifyDomain().message };
      }
      if (input.domain !== undefined && typeof input.domain !== 'string') throw invalid("'domain' must be a string.");
      try {
        return { message: org.verifyDomain(input.domain as string | undefined).message };
      } catch (error) {
        if (error instanceof RangeError) throw invalid(error.message);
        throw error;
      }
    }
    case 'enable':
      object(body ?? {}, []);
      try {
        org.enableScim();
      } catch (error) {
        if (error instanceof ScimLockedError) throw new ConsoleError(409, 'scim_locked', error.message);
        throw error;
      }
      return { message: 'SCIM enabled. Give the IdP the SCIM Base URL and API token.' };
    case 'disable':
      object(body ?? {}, []);
      org.disableScim();
      return { message: 'SCIM disabled. Provisioned users are kept; the IdP can no longer change them.' };
    case 'regenerate':
      object(body ?? {}, []);
      if (!deps.access.isEnabled) throw new ConsoleError(409, 'scim_disabled', 'Enable SCIM before generating a new API token.');
      return { message: 'New API token generated; the previous token no longer works.', token: org.regenerateToken() };
  }
}

/** The API token, shown only while SCIM is enabled (reveal and copy on the page). */
export function currentToken(deps: ConsoleDeps): string {
  if (!deps.access.isEnabled) throw new ConsoleError(409, 'scim_disabled', 'The API token is shown only while SCIM is enabled.');
  return deps.access.currentToken;
}

function invalid(message: string): ConsoleError {
  return new ConsoleError(400, 'invalid_request', message);
}

function object(body: unknown, allowed: string[]): Record<string, unknown> {
  if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw invalid(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}${allowed.length ? `; expected ${allowed.map((k) => `'${k}'`).join(', ')}` : '; this action takes no fields'}.`);
  }
  return body;
}

function boolean(input: Record<string, unknown>, key: string): boolean {
  const value = input[key];
  if (typeof value !== 'boolean') throw invalid(`'${key}' must be true or false.`);
  return value;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
