/**
 * The Microsoft Entra ID profile: its declaration (settings, traffic, behaviours and their evidence) and actions
 * are built in `entra/`.
 */
export { entraProfile } from './entra/profile.js';
