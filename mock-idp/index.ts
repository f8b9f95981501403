/**
 * The IdP profiles the runner can drive, by scenario `idp:` name. Adding an IdP is adding its module here
 * (and its name to `IDPS` in harness/scenario/types.ts with its settings in scenarios/scenario.schema.json).
 */
import { entraProfile } from './entra.js';
import { oktaProfile } from './okta.js';
import { oneloginProfile } from './onelogin.js';
import type { IdpProfile } from './profile.js';

const PROFILES: ReadonlyMap<string, IdpProfile> = new Map([oktaProfile, entraProfile, oneloginProfile].map((p) => [p.name, p]));

export function idpProfile(name: string): IdpProfile | undefined {
  return PROFILES.get(name);
}
