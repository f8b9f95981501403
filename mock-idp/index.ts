/**
 * The IdP profiles the runner can drive, by scenario `idp:` name. Adding an IdP is adding its module here.
 */
import type { IdpProfile } from './profile.js';

const profiles = new Map<string, IdpProfile>();

export function registerIdpProfile(profile: IdpProfile): void {
  profiles.set(profile.name, profile);
}

export function idpProfile(name: string): IdpProfile | undefined {
  return profiles.get(name);
}

export function idpProfileNames(): string[] {
  return [...profiles.keys()];
}
