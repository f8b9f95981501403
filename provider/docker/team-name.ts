/**
 * Docker's group-mapping names (docker/docs group-mapping.md, audit source D2): a group is `organization:team`,
 * and the organization must be the one this SCIM connection provisions. Pure functions, no store.
 */
import { badRequest } from '../messages/error.js';

/** The team a Docker group name designates; throws 400 `invalidValue` saying the expected form. */
export function teamOf(displayName: unknown, organization: string): string {
  const expected = `'${organization}:<team>' (e.g. '${organization}:backend')`;
  const text = typeof displayName === 'string' ? displayName : '';
  const colon = text.indexOf(':');
  if (colon <= 0 || text.indexOf(':', colon + 1) >= 0) {
    throw badRequest('invalidValue', `Group displayName '${text}' is not a Docker team name: Docker maps each group to a team and expects 'organization:team', here ${expected}.`);
  }
  const org = text.slice(0, colon);
  const team = text.slice(colon + 1);
  if (org.toLowerCase() !== organization.toLowerCase()) {
    throw badRequest('invalidValue', `Group displayName '${text}' names organization '${org}', but this SCIM connection provisions organization '${organization}': expected ${expected}.`);
  }
  if (team.trim() === '' || team.trim() !== team) {
    throw badRequest('invalidValue', `Group displayName '${text}' has no team name after the organization (or one with surrounding spaces): expected ${expected}.`);
  }
  return team;
}

/** The group name of a team of the organization. */
export function teamGroupName(organization: string, team: string): string {
  return `${organization}:${team}`;
}

/** Team names compare without case, as Docker organization and team names are lower-case namespaces. */
export function sameTeamName(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
