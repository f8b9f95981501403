/**
 * The registry of IdP profiles: the one place a profile is registered. The scenario schema (`idp:` and
 * each IdP's `settings`), the CLI (`--idp`, `profiles`) and the reports all read it.
 */
import { entraProfile } from './entra.js';
import { oktaProfile } from './okta.js';
import { oneloginProfile } from './onelogin.js';
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
