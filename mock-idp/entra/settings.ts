/**
 * The Entra ID enterprise application's provisioning settings: the declared schema and defaults
 * (declaration.ts, read by the shared reader) plus what a schema cannot say about Entra.
 */
import { readDeclaredSettings, type SettingsRead } from '../settings.js';
import { ENTRA_DECLARATION } from './declaration.js';
import { mappedAttributeByPath } from './mapping.js';

export { DEFAULT_USER_AGENT } from './declaration.js';

export interface EntraSettings {
  matchingAttribute: string;
  provisionGroups: boolean;
  booleanStrings: boolean;
  aadOptscim062020: boolean;
  userAgent: string;
  assignBy: 'onDemand' | 'cycle';
  onUnassign: 'disable' | 'delete';
  onDelete: 'disable' | 'purge';
  attributeMappings: 'default' | 'docker';
  externalIdFrom: 'mailNickname' | 'objectId';
  mapDockerRoles: boolean;
  /** The op of the PATCH that disables a user: `Replace` (Microsoft's samples) or `Add` (reported, E10). */
  deprovisionOp: 'Replace' | 'Add';
  throttling: 'retryAfter' | 'nextCycle';
  adscimGroupSchema: boolean;
  memberChecks: boolean;
}

export function readSettings(raw: Record<string, unknown>): SettingsRead<EntraSettings> {
  const read = readDeclaredSettings<EntraSettings>(ENTRA_DECLARATION, raw);
  if (!read.ok) return read;
  const problems = semanticProblems(read.settings, raw);
  if (problems.length > 0) return { ok: false, error: `Invalid ${ENTRA_DECLARATION.title} settings: ${problems.join('; ')}.` };
  // booleanStrings stays as read even with the flag: it describes the unflagged service, which provision on demand
  // still is (E1); the run sends real booleans wherever the flag applies.
  return read;
}

function semanticProblems(settings: EntraSettings, raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const matching = mappedAttributeByPath(settings.matchingAttribute);
  if (matching === undefined) {
    problems.push(`matchingAttribute ${JSON.stringify(settings.matchingAttribute)} is not an attribute Entra maps (try userName, externalId or emails[type eq "work"].value)`);
  } else if (!matching.mappings.includes(settings.attributeMappings)) {
    problems.push(`matchingAttribute ${settings.matchingAttribute} is not mapped with attributeMappings: ${settings.attributeMappings}`);
  }
  // A tenant with the flag and string booleans does not exist: the flag is what turns the strings into booleans.
  if (settings.aadOptscim062020 && raw.booleanStrings === true) problems.push('booleanStrings: true contradicts aadOptscim062020: true (the flag sends real booleans)');
  return problems;
}
