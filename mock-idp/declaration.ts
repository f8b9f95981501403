/**
 * What every IdP profile declares about itself, in one shape: its settings (schema, default, meaning),
 * the traffic it sends by default, the sources its behaviours rest on and the behaviours themselves. The
 * scenario schema, the CLI (`--idp`, `profiles`) and the reports are derived from these declarations.
 */
import type { RetryPolicy } from './scim-client.js';

/** A JSON Schema (draft 2020-12) fragment. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Where a claim about an IdP comes from. `documented`: published by the IdP's vendor (its docs, its
 * sample server). `reported`: observed and written down by others (server authors' issues, support
 * answers, third-party guides, captured traffic). Tags are those of ../shared/docs/idp-fidelity-audit.md.
 */
export interface Source {
  title: string;
  url: string;
  kind: 'documented' | 'reported';
}

/** Something the IdP does on the wire that a scenario or check depends on. */
export interface Behaviour {
  /** Stable id `<idp>.<slug>` (slugs may nest: `okta.user.lookup`): requests that enact it carry it, reports name it. */
  id: string;
  /** What the IdP does, in a sentence. */
  title: string;
  /** The audit row it answers, e.g. `O-19`, when there is one. */
  audit?: string;
  /** Source tags (keys of `IdpDeclaration.sources`); empty means no primary evidence. */
  sources: readonly string[];
  /** Why we model it this way: required when `sources` is empty or the sources disagree. */
  note?: string;
  /** Settings that switch or shape it. */
  settings?: readonly string[];
}

export interface SettingDeclaration {
  /** One sentence for the README, `scim-conformance profiles` and editors. */
  description: string;
  /** The value's schema (without description or default; nested objects give their own per property). */
  schema: JsonSchema;
  /** The value when a scenario leaves it out. */
  default: unknown;
  /** Source tags the default (or the choice it offers) rests on. */
  sources?: readonly string[];
}

/** The traffic a profile sends before any setting changes it. */
export interface TrafficDeclaration {
  /** Headers on every request (Authorization comes from the target's token). */
  headers: Readonly<Record<string, string>>;
  /** Extra headers on requests with a body. */
  bodyHeaders: Readonly<Record<string, string>>;
  /** How a space in a query string goes on the wire. */
  spaceAs: '%20' | '+';
  retry: RetryPolicy;
  /** Source tags for the headers, encoding and retry policy. */
  sources: readonly string[];
}

/**
 * The IdP actions a scenario step can ask a profile to perform (`IdpAction['kind']`). Declared here, below the
 * harness, so each declaration can name them; harness/scenario/types.ts lists the same kinds for the scenario format.
 */
export const IDP_ACTION_KINDS = ['testConnection', 'assign', 'update', 'unassign', 'reassign', 'delete', 'fullSync', 'pushGroup'] as const;
export type IdpActionKind = (typeof IDP_ACTION_KINDS)[number];

export interface IdpDeclaration {
  /** The scenario's `idp:` value and the CLI's `--idp` word. */
  name: string;
  title: string;
  /** One sentence on what is modelled (which app kind, which connector). */
  summary: string;
  /** The setting that must be true for `pushGroup` steps (group provisioning on). */
  groupSetting: string;
  settings: Readonly<Record<string, SettingDeclaration>>;
  traffic: TrafficDeclaration;
  sources: Readonly<Record<string, Source>>;
  behaviours: readonly Behaviour[];
  /**
   * The IdP's own name for each action, as its admin console or docs call it ("Push Groups", "Provision on
   * demand"): readiness lines in the reports speak in these terms so an admin recognises what breaks.
   */
  actionNames: Readonly<Record<IdpActionKind, string>>;
}

/** The JSON Schema of a profile's whole `settings` block, as the scenario schema embeds it. */
export function settingsSchema(declaration: IdpDeclaration): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(declaration.settings)) {
    properties[name] = titled({ description: setting.description, ...setting.schema, default: setting.default }, name);
  }
  return {
    title: `${declaration.title} settings`,
    description: declaration.summary,
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** Editors show a title per property: the setting's name, nested objects' keys included, unless one is given. */
function titled(schema: Record<string, unknown>, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = { title: name, ...schema };
  const nested = schema.properties;
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
    out.properties = Object.fromEntries(Object.entries(nested).map(([key, value]) => [key, typeof value === 'object' && value !== null ? titled(value as Record<string, unknown>, key) : value]));
  }
  return out;
}

/** A behaviour by id, across the declaration (undefined when the id is not declared). */
export function behaviourById(declaration: IdpDeclaration, id: string): Behaviour | undefined {
  return declaration.behaviours.find((b) => b.id === id);
}
