/** Placeholder until the Okta profile lands: every action fails loudly. */
import type { IdpProfile } from './profile.js';

export const oktaProfile: IdpProfile = {
  name: 'okta',
  title: 'Okta',
  settings: {},
  perform: async (action) => ({ ok: false, messages: [`The Okta profile does not implement '${action.kind}' yet.`] }),
};
