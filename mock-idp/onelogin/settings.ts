/**
 * The OneLogin app's configuration from a scenario's `settings`: the declared schema and defaults
 * (`declaration.ts`, read by the shared `readDeclaredSettings`), then what a schema cannot say: a named
 * template resolved with its parameters, parameters merged over `scimusername → email` and naming real
 * OneLogin user fields.
 */
import { readDeclaredSettings } from '../settings.js';
import { DEFAULT_PARAMETERS, ONELOGIN_DECLARATION, ONELOGIN_RETRY } from './declaration.js';
import { isKnownField, knownFieldNames } from './template.js';
import { NAMED_TEMPLATES, type TemplateName } from './templates.js';
import type { RetryPolicy } from '../scim-client.js';

export type OnUnassign = 'suspend' | 'delete' | 'nothing';
export type ActiveOnPut = 'always' | 'lifecycle';

/** The settings block as the declaration's schema checked and completed it. */
interface DeclaredSettings {
  headers: Record<string, string>;
  template: TemplateName | Record<string, unknown>;
  parameters: Record<string, string>;
  onUnassign: OnUnassign;
  activeOnPut: ActiveOnPut;
  provisionGroups: boolean;
  retry: 'retry-after' | 'none';
}

export interface OneLoginConfig {
  /** Custom Headers, sent exactly (Authorization is added from the SCIM Bearer Token). */
  headers: Record<string, string>;
  template: Readonly<Record<string, unknown>>;
  /** The template's name when the scenario named one, for messages. */
  templateName: TemplateName | undefined;
  /** Custom parameter → user field. */
  parameters: Record<string, string>;
  onUnassign: OnUnassign;
  activeOnPut: ActiveOnPut;
  provisionGroups: boolean;
  retry: RetryPolicy;
}

const NO_RETRY: RetryPolicy = { retryOn: [], maxAttempts: 1, defaultWaitMs: 0 };

export type OneLoginSettingsRead = { ok: true; config: OneLoginConfig } | { ok: false; error: string };

export function readSettings(raw: Record<string, unknown>): OneLoginSettingsRead {
  const read = readDeclaredSettings<DeclaredSettings>(ONELOGIN_DECLARATION, raw);
  if (!read.ok) return read;
  const settings = read.settings;
  const templateName = typeof settings.template === 'string' ? settings.template : undefined;
  const named = templateName === undefined ? undefined : NAMED_TEMPLATES[templateName];
  // The connector's own parameters first, the admin's mappings over them (as the Parameters tab shows them).
  const parameters = { ...DEFAULT_PARAMETERS, ...(named?.parameters ?? {}), ...settings.parameters };
  const unknown = Object.entries(parameters).filter(([, field]) => !isKnownField(field));
  if (unknown.length > 0) {
    const list = unknown.map(([name, field]) => `parameter '${name}' is mapped to '${field}'`).join(', ');
    return { ok: false, error: `Invalid OneLogin settings: ${list}, which is not a OneLogin user field (fields: ${knownFieldNames().join(', ')}).` };
  }
  return {
    ok: true,
    config: {
      headers: settings.headers,
      template: typeof settings.template === 'string' ? NAMED_TEMPLATES[settings.template].template : settings.template,
      templateName,
      parameters,
      onUnassign: settings.onUnassign,
      activeOnPut: settings.activeOnPut,
      provisionGroups: settings.provisionGroups,
      retry: settings.retry === 'none' ? NO_RETRY : ONELOGIN_RETRY,
    },
  };
}
