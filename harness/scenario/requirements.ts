/**
 * What a scenario needs of its target: what it declares (`requires:`) plus what its steps imply, so a scenario
 * cannot forget that a group push needs Groups or an admin step the embedded provider; raw requests declare theirs. One entry per feature,
 * with where it comes from, for the "not applicable" reason.
 */
import { isFeature, type Feature, type Requirement, type Step } from './types.js';

export function requirementsOf(declared: string[], steps: Step[], directory: { roles?: Record<string, string>; overrides?: Record<string, Record<string, unknown>> } | undefined): Requirement[] {
  const found = new Map<Feature, string>();
  const add = (feature: Feature, why: string) => {
    if (!found.has(feature)) found.set(feature, why);
  };
  for (const feature of declared) if (isFeature(feature)) add(feature, 'declared');
  if (Object.keys(directory?.roles ?? {}).length > 0) add('docker', 'directory.roles maps Docker roles');
  const dockerOverride = Object.values(directory?.overrides ?? {}).some((o) => DOCKER_ATTRIBUTES.some((a) => o[a] !== undefined && o[a] !== null));
  if (dockerOverride) add('docker', 'directory.overrides sets a Docker attribute');
  for (const step of steps) {
    const at = `step ${step.index + 1}`;
    for (const feature of impliedBy(step)) add(feature, `${at} (${step.kind})`);
  }
  return [...found].map(([feature, why]) => ({ feature, why }));
}

/**
 * Raw requests imply nothing: a request to /Groups may be there to show that a target without Groups refuses it
 * (docker/no-groups). Nor does an IdP step expected to fail (a group push the target must refuse).
 */
const DOCKER_ATTRIBUTES = ['dockerRole', 'dockerOrg', 'dockerTeam'] as const;

function impliedBy(step: Step): Feature[] {
  if (step.expectFailure) return [];
  switch (step.kind) {
    case 'admin':
      return ['admin'];
    case 'pushGroup':
      return ['groups'];
    case 'expect':
      if (step.subject.type === 'group' || (step.subject.type === 'created' && step.subject.groups !== undefined)) return ['groups'];
      return step.dockerRole !== undefined ? ['docker'] : [];
    case 'update':
      return DOCKER_ATTRIBUTES.some((a) => step.set[a] !== undefined) ? ['docker'] : [];
    default:
      return [];
  }
}
