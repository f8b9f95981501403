/** What the data directory holds, key by key, and how each value is sealed so a damaged one is never loaded. */
import { createHash } from 'node:crypto';
import type { StoredResource } from '../store.js';

/** The format of the directory; a later incompatible change bumps it and refuses older directories. */
export const FORMAT = 1;

export const META_KEY = 'meta';
export const ORGANIZATION_KEY = 'organization';
const RESOURCE_PREFIX = 'resource/';

export interface Meta {
  format: number;
  /** The profile the data was written under: a resource of one profile is not valid in another. */
  profile: string;
}

/** The organization's state and its bearer token: everything the admin console can change. */
export interface SavedOrganization {
  name: string;
  ssoConfigured: boolean;
  domainVerified: boolean;
  domain: string;
  scimEnabled: boolean;
  tokenIssuedAt: string;
  token: string;
}

export function resourceKey(resourceType: string, id: string): string {
  return `${RESOURCE_PREFIX}${resourceType}/${id}`;
}

export function isResourceKey(key: string): boolean {
  return key.startsWith(RESOURCE_PREFIX);
}

/**
 * A value as stored: a digest of the JSON, a space, the JSON. LMDB has no checksums of its own, so a page
 * damaged on disk (a torn write on hardware that lied about a flush) would otherwise load as wrong data.
 */
export function seal(value: unknown): string {
  const json = JSON.stringify(value);
  return `${digest(json)} ${json}`;
}

/** The value, or `undefined` when the record is damaged (digest mismatch or not JSON). */
export function unseal(record: unknown): unknown {
  if (typeof record !== 'string') return undefined;
  const space = record.indexOf(' ');
  const json = record.slice(space + 1);
  if (space < 0 || record.slice(0, space) !== digest(json)) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function digest(json: string): string {
  return createHash('sha256').update(json).digest('base64url').slice(0, 22);
}

export function isMeta(value: unknown): value is Meta {
  return isRecord(value) && typeof value.format === 'number' && typeof value.profile === 'string';
}

export function isSavedOrganization(value: unknown): value is SavedOrganization {
  if (!isRecord(value)) return false;
  const strings = ['name', 'domain', 'tokenIssuedAt', 'token'].every((k) => typeof value[k] === 'string');
  const flags = ['ssoConfigured', 'domainVerified', 'scimEnabled'].every((k) => typeof value[k] === 'boolean');
  return strings && flags;
}

export function isStoredResource(value: unknown): value is StoredResource {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.resourceType === 'string' &&
    typeof value.version === 'number' &&
    isRecord(value.data)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
