import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../provider/schemas/profiles.js';
import { DOCKER_ROLES } from '../../vocabulary/constants.js';
import { SCENARIO_SCHEMA, settingNames, validateAgainstSchema } from './schema.js';
import { isPlainObject } from '../../vocabulary/json.js';
import { DIRECTORY_ATTRIBUTES, HTTP_METHODS, IDP_ACTION_KINDS, IDPS, JSON_TYPES, MATCHER_OPERATORS, PROVIDER_PROFILES } from './types.js';

/** The value at a JSON pointer such as `#/$defs/step`. */
function at(pointer: string): Record<string, unknown> {
  let node: unknown = SCENARIO_SCHEMA;
  for (const key of pointer.replace(/^#\//, '').split('/')) node = isPlainObject(node) ? node[key] : undefined;
  if (!isPlainObject(node)) throw new Error(`nothing at ${pointer}`);
  return node;
}

const keys = (pointer: string) => Object.keys(at(pointer));

describe('the published schema', () => {
  it('is draft 2020-12 with an $id', () => {
    expect(SCENARIO_SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(SCENARIO_SCHEMA.$id).toEqual(expect.any(String));
  });

  it('agrees with the TypeScript constants', () => {
    expect(at('#/properties/idp').enum).toEqual([...IDPS]);
    expect(at('#/$defs/provider/properties/profile').enum).toEqual([...PROVIDER_PROFILES]);
    expect([...PROVIDER_PROFILES]).toEqual([...PROFILES]);
    expect(at('#/$defs/directory/properties/roles/additionalProperties').enum).toEqual([...DOCKER_ROLES]);
    expect(at('#/$defs/outcomeExpectation/properties/dockerRole').enum).toEqual([...DOCKER_ROLES]);
    expect(keys('#/$defs/userAttributes/properties')).toEqual([...DIRECTORY_ATTRIBUTES]);
    expect(at('#/$defs/request/properties/method').enum).toEqual([...HTTP_METHODS]);
    expect(keys('#/$defs/matcherOperators/properties')).toEqual([...MATCHER_OPERATORS]);
    expect(at('#/$defs/matcherOperators/properties/typeOf').enum).toEqual([...JSON_TYPES]);
    expect(keys('#/$defs/step/properties')).toEqual([...IDP_ACTION_KINDS, 'expect', 'request', 'save', 'admin', 'expectFailure']);
  });

  it('has settings for each IdP', () => {
    expect(settingNames('okta')).toEqual(['provisioning', 'appKind', 'pushGroups', 'mappings']);
    expect(settingNames('entra')).toEqual([
      'matchingAttribute',
      'provisionGroups',
      'booleanStrings',
      'aadOptscim062020',
      'userAgent',
      'assignBy',
      'onUnassign',
      'onDelete',
      'attributeMappings',
      'externalIdFrom',
      'mapDockerRoles',
      'deprovisionOp',
      'throttling',
      'adscimGroupSchema',
      'memberChecks',
    ]);
    expect(settingNames('onelogin')).toEqual(['headers', 'template', 'parameters', 'onUnassign', 'activeOnPut', 'provisionGroups', 'retry']);
  });

  it('describes every property, so editors can show help', () => {
    const undocumented: string[] = [];
    let checked = 0;
    const visit = (node: unknown, pointer: string): void => {
      if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${pointer}/${i}`));
      if (!isPlainObject(node)) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && isPlainObject(value)) {
          for (const [name, property] of Object.entries(value)) {
            if (!isPlainObject(property)) continue;
            const target = typeof property.$ref === 'string' ? at(property.$ref) : {};
            const described = typeof (property.description ?? target.description) === 'string';
            const titled = typeof (property.title ?? target.title) === 'string';
            // Properties inside if/then/else only narrow ones declared (and documented) beside them.
            if (/\/(if|then|else)(\/|$)/.test(pointer)) continue;
            checked += 1;
            if (!(described && titled)) undocumented.push(`${pointer}/properties/${name}`);
          }
        }
        visit(value, `${pointer}/${key}`);
      }
    };
    visit(SCENARIO_SCHEMA, '#');
    expect(undocumented).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });

  it('accepts a minimal scenario and locates issues by path', () => {
    expect(validateAgainstSchema({ name: 'n', steps: [{ request: { method: 'GET', path: '/Users' } }] })).toEqual([]);
    expect(validateAgainstSchema({ name: 'n', steps: [{ assign: 'user1', unassign: 'user1' }] })).toEqual([
      { path: ['steps', 0], message: 'a step holds one action, found assign and unassign (only `request` takes `expect` and `save`)' },
    ]);
  });
});
