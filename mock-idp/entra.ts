/**
 * The Microsoft Entra ID profile: its traffic is built in `entra/` (settings, attribute mappings and
 * PATCH quirks, the provisioning service's actions).
 */
export { entraProfile } from './entra/profile.js';
