/** Placeholder until the OneLogin profile lands: every action fails loudly. */
import type { IdpProfile } from './profile.js';

export const oneloginProfile: IdpProfile = {
  name: 'onelogin',
  title: 'OneLogin',
  settings: {},
  perform: async (action) => ({ ok: false, messages: [`The OneLogin profile does not implement '${action.kind}' yet.`] }),
};
