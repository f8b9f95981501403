/** Placeholder until the Microsoft Entra ID profile lands: every action fails loudly. */
import type { IdpProfile } from './profile.js';

export const entraProfile: IdpProfile = {
  name: 'entra',
  title: 'Microsoft Entra ID',
  settings: {},
  perform: async (action) => ({ ok: false, messages: [`The Microsoft Entra ID profile does not implement '${action.kind}' yet.`] }),
};
