/**
 * The registry of IdP profiles: the one place a profile is registered. The scenario schema (`idp:` and
 * each IdP's `settings`), the CLI (`--idp`, `profiles`) and the reports all read it.
 */
import { entraProfile } from './entra.js';
import { oktaProfile } from './okta.js';
import { oneloginProfile } from './onelogin.js';
import type { Behaviour, Source } from './declaration.js';
import type { IdpProfile } from './profile.js';

/** In the order reports list them. Adding an IdP: its folder, and one entry here. */
export const IDP_PROFILES: readonly IdpProfile[] = [oktaProfile, entraProfile, oneloginProfile];

const BY_NAME: ReadonlyMap<string, IdpProfile> = new Map(IDP_PROFILES.map((p) => [p.declaration.name, p]));

export function idpProfile(name: string): IdpProfile | undefined {
  return BY_NAME.get(name);
}

/** The `idp:` names, in registry order. */
export function idpNames(): string[] {
  return IDP_PROFILES.map((p) => p.declaration.name);
}

/** A declared behaviour with its sources resolved: what reports and `profiles` show as evidence. */
export interface BehaviourEvidence {
  idp: string;
  behaviour: Behaviour;
  sources: (Source & { tag: string })[];
}

/** The evidence of a behaviour id (`okta.pre-create-lookup`), or undefined when no profile declares it. */
export function evidenceFor(behaviourId: string): BehaviourEvidence | undefined {
  const idp = behaviourId.split('.')[0] ?? '';
  const declaration = idpProfile(idp)?.declaration;
  const behaviour = declaration?.behaviours.find((b) => b.id === behaviourId);
  if (declaration === undefined || behaviour === undefined) return undefined;
  const sources = behaviour.sources.flatMap((tag) => {
    const source = declaration.sources[tag];
    return source === undefined ? [] : [{ tag, ...source }];
  });
  return { idp, behaviour, sources };
}
