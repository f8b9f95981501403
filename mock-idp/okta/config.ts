/**
 * The Okta app's settings as a scenario writes them (`settings:`), read through the one declared-settings
 * reader: checked against `okta/declaration.ts` and completed with its defaults (Docker's guide).
 */
import { readDeclaredSettings } from '../settings.js';
import { OKTA_DECLARATION } from './declaration.js';

export type OktaAppKind = 'wizard' | 'oin';

/** The settings with every default filled in; the shape is the declared schema's. */
export interface OktaConfig {
  provisioning: { createUsers: boolean; updateAttributes: boolean; deactivateUsers: boolean };
  appKind: OktaAppKind;
  pushGroups: boolean;
  mappings: OktaMappings;
}

export interface OktaMappings {
  /** `displayName` (off in Docker's guide). */
  displayName: boolean;
  /** `dockerRole`/`dockerOrg`/`dockerTeam` in the Docker extension, for users who have one set. */
  docker: boolean;
  /** The Okta user id as `externalId`. */
  externalId: boolean;
  /** The user's `locale`. */
  locale: boolean;
}

/** The settings completed with defaults, or one sentence naming every problem. */
export function readConfig(settings: Record<string, unknown>): { config: OktaConfig } | { error: string } {
  const read = readDeclaredSettings<OktaConfig>(OKTA_DECLARATION, settings);
  return read.ok ? { config: read.settings } : { error: read.error };
}
