/**
 * The scenario schema as the loader and editors use it: the format in `scenarios/scenario.schema.json`
 * with its IdP parts (the `idp` names, each IdP's `settings`) derived from the registered profiles'
 * declarations, so a profile's settings are declared once. `npm run docs` writes the result back to the
 * file for editors; a test fails when the file is stale.
 */
import { IDP_PROFILES } from '../../mock-idp/index.js';
import { settingsSchema } from '../../mock-idp/declaration.js';
import { isPlainObject } from '../../vocabulary/json.js';

type SchemaObject = Record<string, unknown>;

/** The `$defs` key of an IdP's settings schema (errors are worded by where they occur). */
export function settingsDef(idp: string): string {
  return `${idp}Settings`;
}

export function composeScenarioSchema(base: Readonly<SchemaObject>): SchemaObject {
  const schema = structuredClone(base) as SchemaObject;
  const names = IDP_PROFILES.map((p) => p.declaration.name);
  const properties = objectAt(schema, 'properties');
  properties.idp = { ...objectAt(properties, 'idp'), enum: names };
  const defs = objectAt(schema, '$defs');
  for (const key of Object.keys(defs)) if (key.endsWith('Settings') && key !== 'noSettings') delete defs[key];
  for (const profile of IDP_PROFILES) defs[settingsDef(profile.declaration.name)] = settingsSchema(profile.declaration);
  // The IdP → settings rules are rebuilt; any other rule of the format is kept as written.
  const others = (Array.isArray(schema.allOf) ? schema.allOf : []).filter((rule) => !isSettingsRule(rule));
  const perIdp = names.map((name) => ({
    if: { properties: { idp: { const: name } }, required: ['idp'] },
    then: { properties: { settings: { $ref: `#/$defs/${settingsDef(name)}` } } },
  }));
  const none = { if: { not: { required: ['idp'] } }, then: { properties: { settings: { $ref: '#/$defs/noSettings' } } } };
  schema.allOf = [...perIdp, none, ...others];
  return schema;
}

function isSettingsRule(rule: unknown): boolean {
  if (!isPlainObject(rule) || !isPlainObject(rule.then) || !isPlainObject(rule.then.properties)) return false;
  return 'settings' in rule.then.properties;
}

function objectAt(node: SchemaObject, key: string): SchemaObject {
  const value = node[key];
  if (!isPlainObject(value)) throw new Error(`scenario.schema.json: '${key}' must be an object`);
  return value;
}
