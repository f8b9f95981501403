/**
 * Validation against the published schema (`scenarios/scenario.schema.json`) and translation of ajv's
 * errors into sentences an author can act on. The schema stays the single definition of the format:
 * editors read it for completion and help, the loader for validation.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schemaJson from '../../scenarios/scenario.schema.json' with { type: 'json' };
import type { PathSegment } from './positions.js';
import { pointerSegments } from './positions.js';
import { closest, didYouMean, listOf } from './suggest.js';
import { isPlainObject } from '../../vocabulary/json.js';
import { composeScenarioSchema, settingsDef } from './schema-compose.js';
import { IDPS, type IdpName } from './types.js';

/** The format file with the registered IdPs' names and settings composed in (schema-compose.ts). */
export const SCENARIO_SCHEMA: Readonly<Record<string, unknown>> = composeScenarioSchema(schemaJson);

/** A problem at a place in the loaded value; `atKey` points the message at the key rather than its value. */
export interface Issue {
  path: PathSegment[];
  message: string;
  atKey?: boolean;
}

let compiled: ValidateFunction | undefined;
/** Where each schema object sits in the schema (`#/$defs/step/else`), to give errors their own wording. */
let locations: WeakMap<object, string> | undefined;

function validator(): { validate: ValidateFunction; locate: (schema: unknown) => string } {
  if (compiled === undefined || locations === undefined) {
    // strictRequired is off because `if: { required: [request] }` tests keys declared elsewhere.
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats.default(ajv, ['hostname', 'regex']);
    compiled = ajv.compile(SCENARIO_SCHEMA);
    locations = indexSchema(SCENARIO_SCHEMA);
  }
  const index = locations;
  return { validate: compiled, locate: (schema) => (typeof schema === 'object' && schema !== null ? (index.get(schema) ?? '') : '') };
}

function indexSchema(root: unknown): WeakMap<object, string> {
  const index = new WeakMap<object, string>();
  const visit = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null) return;
    index.set(node, pointer);
    for (const [key, value] of Object.entries(node)) visit(value, `${pointer}/${key}`);
  };
  visit(root, '#');
  return index;
}

/** The setting names each IdP accepts, read from the schema so the two never disagree. */
export function settingNames(idp: IdpName): string[] {
  const defs = SCENARIO_SCHEMA.$defs;
  const def = isPlainObject(defs) ? defs[settingsDef(idp)] : undefined;
  const properties = isPlainObject(def) ? def.properties : undefined;
  return isPlainObject(properties) ? Object.keys(properties) : [];
}

export function validateAgainstSchema(data: unknown): Issue[] {
  const { validate, locate } = validator();
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if' && error.keyword !== 'propertyNames');
  const issues = errors.map((error) => describeError(error, data, locate));
  return dropShadowed(issues, errors, locate);
}

function describeError(error: ErrorObject, data: unknown, locate: (schema: unknown) => string): Issue {
  const path = pointerSegments(error.instancePath, data);
  const where = locate(error.parentSchema);
  const params = error.params as Record<string, unknown>;
  // Errors inside `propertyNames` are about a key: point at it.
  if (error.propertyName !== undefined) {
    return { path: [...path, error.propertyName], atKey: true, message: describeKeyError(error, where, error.propertyName) };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return { path: [...path, key], atKey: true, message: unknownKey(key, where, error.parentSchema) };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      if (where === '#/$defs/updateStep/else') return { path, message: 'update needs `user: user1` or `users: [user1, ...]`' };
      return { path, message: `missing required key '${missing}'` };
    }
    case 'type':
      if (where === '#/$defs/userSelection') return { path, message: `${USER_SELECTION}, not ${kindOf(error.data)}` };
      return { path, message: typeMessage(error, where) };
    case 'const':
      if (where === '#/$defs/userSelection/then') return { path, message: `${USER_SELECTION}, not ${JSON.stringify(error.data)}` };
      return { path, message: error.message ?? 'fails const' };
    case 'enum': {
      const allowed = (Array.isArray(params.allowedValues) ? params.allowedValues : []).map(String);
      const value = String(error.data);
      const hint = didYouMean(value, allowed);
      if (where === '#/properties/idp') return { path, message: `unknown idp '${value}': must be ${listOf(allowed)}${hint}` };
      return { path, message: `must be ${listOf(allowed)}, not ${JSON.stringify(error.data)}${hint}` };
    }
    case 'pattern':
      return { path, message: patternMessage(where, error.data) };
    case 'format':
      return { path, message: formatMessage(String(params.format), error.data) };
    case 'minProperties':
      if (where === '#/$defs/step') return { path, message: 'empty step: write one action, e.g. `assign: user1`' };
      if (where === '#/$defs/responseExpectation') return { path, message: 'expect needs status, headers or body' };
      return { path, message: 'must not be empty' };
    case 'maxProperties':
      if (where.startsWith('#/$defs/step/else')) {
        const keys = isPlainObject(error.data) ? Object.keys(error.data) : [];
        return { path, message: `a step holds one action, found ${listOf(keys, 'and')} (only \`request\` takes \`expect\` and \`save\`)` };
      }
      if (where === '#/$defs/userTarget') return { path, message: 'give `user` or `users`, not both' };
      if (where === '#/$defs/noSettings') {
        return { path, message: `settings belong to an IdP: set \`idp\` (${listOf([...IDPS])}) or remove \`settings\`` };
      }
      return { path, message: `must have at most ${String(params.limit)} keys` };
    case 'minItems':
      return { path, message: 'must not be empty' };
    case 'uniqueItems': {
      const items = Array.isArray(error.data) ? error.data : [];
      return { path, message: `lists ${JSON.stringify(items[Number(params.j)])} twice` };
    }
    case 'minimum':
    case 'maximum':
      return { path, message: `must be ${error.keyword === 'minimum' ? '>=' : '<='} ${String(params.limit)}, not ${JSON.stringify(error.data)}` };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'not':
      if (where === '#/$defs/request') return { path, message: 'give `body` (JSON) or `rawBody` (text), not both' };
      if (where === '#/$defs/updateStep/then') return { path, message: 'give `user` or `users`, not both' };
      return { path, message: 'is not allowed here' };
    case 'false schema':
      if (path[path.length - 1] === 'save') return { path, atKey: true, message: '`save` belongs to a request step (beside `request`)' };
      return { path, atKey: true, message: 'is not allowed here' };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

function describeKeyError(error: ErrorObject, where: string, key: string): string {
  if (where === '#/$defs/userKey') return `'${key}' is not a user key: users are named user1, user2, ...`;
  if (where === '#/$defs/headerName') return `'${key}' is not a valid header name`;
  if (where === '#/$defs/save/propertyNames') return `'${key}' is not a valid variable name (letters, digits and _; not starting with a digit)`;
  if (where === '#/$defs/step/then/propertyNames') return `'${key}' cannot go with \`request\`: a request step holds only request, expect and save`;
  return `key '${key}': ${error.message ?? 'not allowed'}`;
}

function unknownKey(key: string, where: string, parentSchema: unknown): string {
  const properties = isPlainObject(parentSchema) && isPlainObject(parentSchema.properties) ? Object.keys(parentSchema.properties) : [];
  const hint = didYouMean(key, properties);
  const idp = IDPS.find((name) => where === `#/$defs/${settingsDef(name)}`);
  if (idp !== undefined) {
    const owners = IDPS.filter((other) => other !== idp && settingNames(other).includes(key));
    const owner = owners.length > 0 ? ` (it is ${article(listOf(owners))} setting)` : hint;
    return `'${key}' is not ${article(idp)} setting${owner}; ${idp} settings are ${listOf(properties, 'and')}`;
  }
  switch (where) {
    case '#/$defs/step':
      return `unknown step '${key}'${hint}; a step is ${listOf(properties.filter((p) => p !== 'save' && p !== 'expectFailure'))}`;
    case '#/$defs/testConnectionStep':
      return 'testConnection takes no options: write `testConnection: {}`';
    case '#/$defs/userTarget':
      return `unknown key '${key}': write \`user1\`, \`[user1, user2]\`, \`{ user: user1 }\` or \`{ users: [user1, user2] }\``;
    case '#/$defs/matcherOperators':
      return `unknown matcher '${key}'${hint}; matchers are ${listOf(properties)}`;
    case '#/$defs/userAttributes': {
      // Authors used to SCIM write `name.familyName`; the directory says `familyName`.
      const suggestion = closest(key.split('.').pop() ?? key, properties);
      const like = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
      return `unknown directory attribute '${key}'${like}; attributes are ${listOf(properties, 'and')}`;
    }
    default:
      return `unknown key '${key}'${hint}${properties.length > 0 && properties.length <= 12 ? `; allowed: ${properties.join(', ')}` : ''}`;
  }
}

function article(word: string): string {
  // "a onelogin": the o of one sounds like w.
  return `${/^(?!one)[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function typeMessage(error: ErrorObject, where: string): string {
  if (where === '#/$defs/testConnectionStep') return 'testConnection takes no options: write `testConnection: {}`';
  const raw = (error.params as { type?: unknown }).type;
  const types = (Array.isArray(raw) ? raw : [raw]).map((type) => TYPE_NAMES[String(type)] ?? String(type));
  return `must be ${listOf(types)}, not ${kindOf(error.data)}`;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

const USER_SELECTION = 'must be `all` or a list of users and ranges ([user1, user5..user9])';

function patternMessage(where: string, value: unknown): string {
  const shown = JSON.stringify(value);
  switch (where) {
    case '#/$defs/userKey':
      return `${shown} is not a user key: users are named user1, user2, ...`;
    case '#/$defs/userKeyOrRange':
    case '#/$defs/userTarget':
      // `all` is a whole selection (`assigned: all`), so inside a list it can only be a slip.
      if (value === 'all') return where === '#/$defs/userTarget' ? '`all` is for fullSync (`assigned: all`); here name the users, e.g. user1..user100' : '`all` stands alone (`assigned: all`, with `except: [...]` for the users left out), not inside a list';
      return `${shown} is not a user key or range: users are named user1, user2, ..., ranges user1..user100`;
    case '#/$defs/request/properties/path':
      return `${shown} must start with / (relative to the target base URL), http(s):// or a template`;
    case '#/properties/tags/items':
      return `tag ${shown} must be lower-case letters, digits, '.', '_' or '-'`;
    case '#/$defs/save/additionalProperties':
      return `${shown} must be status, headers.<name>, body or body.<path>`;
    case '#/$defs/numberOrTemplate':
      return `must be a number or a whole template such as "{{ vars.count }}", not ${shown}`;
    default:
      return `${shown} does not have the expected form`;
  }
}

function formatMessage(format: string, value: unknown): string {
  if (format === 'regex') {
    try {
      new RegExp(String(value));
    } catch (error) {
      return `invalid regular expression: ${(error as Error).message}`;
    }
  }
  return `${JSON.stringify(value)} is not a valid ${format}`;
}

/**
 * A step with `save` but no `request` fails twice (too many keys, save not allowed); the second says more.
 * A user selection of the wrong type fails its own type and, through `else`, the list's: the first says both.
 */
function dropShadowed(issues: Issue[], errors: ErrorObject[], locate: (schema: unknown) => string): Issue[] {
  const saveMisplaced = new Set(errors.filter((e) => e.keyword === 'false schema').map((e) => e.instancePath.replace(/\/save$/, '')));
  const badSelection = new Set(errors.filter((e) => e.keyword === 'type' && locate(e.parentSchema) === '#/$defs/userSelection').map((e) => e.instancePath));
  const kept = issues.map((issue, i) => ({ issue, error: errors[i] })).filter(({ error }) => {
    if (error?.keyword === 'type' && locate(error.parentSchema) === '#/$defs/userList' && badSelection.has(error.instancePath)) return false;
    return !(error?.keyword === 'maxProperties' && (locate(error.parentSchema) ?? '').startsWith('#/$defs/step/else') && saveMisplaced.has(error.instancePath));
  });
  return mergeAlternatives(kept);
}

/**
 * A value that fits none of an `anyOf` makes ajv report every branch plus "must match a schema in anyOf":
 * one sentence instead, `must be docker, core-1.0 or a mapping, not 5`, when every branch says "must be".
 */
function mergeAlternatives(items: { issue: Issue; error: ErrorObject | undefined }[]): Issue[] {
  const drop = new Set<number>();
  const replace = new Map<number, Issue>();
  items.forEach(({ error }, i) => {
    if (error === undefined || (error.keyword !== 'anyOf' && error.keyword !== 'oneOf')) return;
    const branches = items
      .map((item, j) => ({ ...item, j }))
      .filter((b) => b.j !== i && b.error?.instancePath === error.instancePath && b.error.schemaPath.startsWith(`${error.schemaPath}/`));
    const parts = branches.map((b) => /^must be (.*?)(, not .*)?$/.exec(b.issue.message));
    if (branches.length === 0 || parts.some((p) => p === null)) return;
    const matched = parts as RegExpExecArray[];
    let wanted = [...new Set(matched.map((p) => p[1] ?? ''))];
    // An enum of words already says "a string".
    if (branches.some((b) => b.error?.keyword === 'enum')) wanted = wanted.filter((w) => w !== 'a string');
    const not = matched.find((p) => p[2] !== undefined)?.[2] ?? '';
    for (const b of branches) drop.add(b.j);
    replace.set(i, { ...(items[i]?.issue as Issue), message: `must be ${wanted.join(', or ')}${not}` });
  });
  return items.flatMap(({ issue }, i) => (drop.has(i) ? [] : [replace.get(i) ?? issue]));
}
