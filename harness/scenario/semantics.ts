/**
 * Checks a schema cannot express: references between parts of the file (user keys against the directory
 * size, `{{ vars.x }}` against earlier `save`s), and combinations that would make a scenario quietly test
 * nothing (an IdP action without an IdP, a group push with group provisioning off).
 */
import { isOperatorObject } from './expect.js';
import type { PathSegment } from './positions.js';
import { stepKey, targetItems, type RawOutcomeExpectation, type RawResponseExpectation, type RawScenario, type RawStep } from './raw.js';
import type { Issue } from './schema.js';
import { closest, didYouMean, listOf } from './suggest.js';
import { isPlainObject } from '../../vocabulary/json.js';
import { TEMPLATE_ROOTS, TemplateError, templateReferences } from './template.js';
import { idpProfile } from '../../mock-idp/index.js';
import { FEATURES, IDP_ACTION_KINDS, IDPS, isFeature, MATCHER_OPERATORS } from './types.js';
import { ALL_USERS, directoryHas, expandSelection, expandUsers, userListProblems } from './users.js';

const ACTIONS: ReadonlySet<string> = new Set(IDP_ACTION_KINDS);
const RUN_FIELDS = ['seed', 'id', 'tag', 'groupPrefix'];

/** The setting that lets each IdP push groups. */

export function checkSemantics(raw: RawScenario): Issue[] {
  const issues: Issue[] = [];
  const userCount = raw.directory?.users ?? 0;
  const checkUser = (user: string, path: PathSegment[], atKey = false): void => {
    const n = Number(user.slice('user'.length));
    if (n >= 1 && n <= userCount) return;
    issues.push({ path, atKey, message: `unknown user '${user}' ${directoryHas(userCount)}` });
  };
  // Keys and ranges: one check per written item, so a message points at the item that is wrong.
  const checkList = (items: readonly string[], path: PathSegment[], single = false): void => {
    for (const { index, message } of userListProblems(items, userCount)) issues.push({ path: single ? path : [...path, index], message });
  };

  for (const user of Object.keys(raw.directory?.roles ?? {})) checkUser(user, ['directory', 'roles', user], true);
  for (const [user, attributes] of Object.entries(raw.directory?.overrides ?? {})) {
    checkUser(user, ['directory', 'overrides', user], true);
    if ('dockerRole' in attributes) {
      issues.push({ path: ['directory', 'overrides', user, 'dockerRole'], atKey: true, message: 'set initial roles in `directory.roles`' });
    }
  }

  (raw.requires ?? []).forEach((feature, index) => {
    if (isFeature(feature)) return;
    const hint = feature.startsWith('schema:') ? ' (a schema is `schema:urn:…`)' : didYouMean(feature, FEATURES);
    issues.push({ path: ['requires', index], message: `unknown feature '${feature}'${hint}; known: ${listOf([...FEATURES])}, or schema:<URN>` });
  });

  const saved = new Set<string>();
  raw.steps.forEach((step, index) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['steps', index, ...rest];
    const key = stepKey(step);
    if (ACTIONS.has(key) && raw.idp === undefined) {
      issues.push({
        path: at(key),
        atKey: true,
        message: `\`${key}\` is an IdP action: set \`idp\` (${listOf([...IDPS])}) at the top, or use \`request\` steps for an IdP-agnostic scenario`,
      });
    }
    if (step.expectFailure && !ACTIONS.has(key)) {
      issues.push({ path: at('expectFailure'), atKey: true, message: '`expectFailure` goes beside an IdP action (assign, update, pushGroup, ...)' });
    }
    checkStepUsers(step, at, checkUser, checkList);
    if (step.fullSync) checkFullSync(step.fullSync, at('fullSync'), userCount, issues);
    if (step.pushGroup !== undefined) checkPushGroup(raw, step.pushGroup, at('pushGroup'), issues);
    if (step.request === undefined && step.expect !== undefined) checkOutcome(step.expect as RawOutcomeExpectation, at('expect'), issues);
    if (step.request !== undefined) {
      const { headers = {}, auth } = step.request;
      const authorization = Object.keys(headers).find((name) => name.toLowerCase() === 'authorization');
      if (authorization !== undefined && auth !== undefined) {
        issues.push({ path: at('request', 'headers', authorization), atKey: true, message: 'Authorization is set twice: keep `auth` or this header' });
      }
    }
    checkMatcherTypos(step, at, issues);

    // A request's own response is `response` in its expect; in its fields it is the previous step's.
    const templates = { users: userCount, saved, hasPrevious: index > 0 };
    if (step.request !== undefined) scanTemplates(step.request, at('request'), templates, issues);
    if (step.expect !== undefined) scanTemplates(step.expect, at('expect'), { ...templates, hasPrevious: templates.hasPrevious || step.request !== undefined }, issues);
    if (step.update !== undefined) scanTemplates(step.update.set, at('update', 'set'), templates, issues);
    if (step.pushGroup !== undefined) scanTemplates(step.pushGroup, at('pushGroup'), templates, issues);
    for (const name of Object.keys(step.save ?? {})) saved.add(name);
  });
  return issues;
}

function checkStepUsers(
  step: RawStep,
  at: (...rest: PathSegment[]) => PathSegment[],
  checkUser: (user: string, path: PathSegment[]) => void,
  checkList: (items: readonly string[], path: PathSegment[], single?: boolean) => void,
): void {
  for (const kind of ['assign', 'unassign', 'reassign', 'delete'] as const) {
    const target = step[kind];
    if (target === undefined) continue;
    const items = targetItems(target);
    // A lone key or range (`assign: user1..user9`) is reported at the value itself, not at an index.
    if (items.length === 1 && items[0]!.path.length === 0) checkList([items[0]!.item], at(kind), true);
    else if (typeof target === 'object' && !Array.isArray(target) && target.user !== undefined) checkUser(target.user, at(kind, 'user'));
    else checkList(items.map(({ item }) => item), Array.isArray(target) ? at(kind) : at(kind, 'users'));
  }
  if (step.update !== undefined) {
    const { user, users = [] } = step.update;
    if (user !== undefined) checkUser(user, at('update', 'user'));
    checkList(users, at('update', 'users'));
  }
  for (const list of ['assigned', 'provisioned', 'except'] as const) {
    const selection = step.fullSync?.[list];
    if (Array.isArray(selection)) checkList(selection, at('fullSync', list));
  }
  checkList(step.pushGroup?.members ?? [], at('pushGroup', 'members'));
  if (step.request === undefined && step.expect !== undefined) {
    const outcome = step.expect as RawOutcomeExpectation;
    if (outcome.user !== undefined) checkUser(outcome.user, at('expect', 'user'));
    checkList(outcome.members ?? [], at('expect', 'members'));
  }
}

/**
 * `all` of an empty directory and an `except` that takes out nobody would make a full sync quietly test
 * less than it says. Each list's own keys and ranges are checked with the other lists.
 */
function checkFullSync(sync: NonNullable<RawStep['fullSync']>, path: PathSegment[], userCount: number, issues: Issue[]): void {
  for (const list of ['assigned', 'provisioned'] as const) {
    if (sync[list] === ALL_USERS && userCount === 0) issues.push({ path: [...path, list], message: `\`all\` selects nobody ${directoryHas(0)}` });
  }
  const { except, assigned } = sync;
  if (except === undefined) return;
  if (assigned === undefined) {
    issues.push({ path: [...path, 'except'], atKey: true, message: '`except` takes users out of `assigned`: write `assigned: all` (or a list) beside it' });
    return;
  }
  // Lists with their own problems were reported above; expanding them could also mean a range of millions.
  if (Array.isArray(assigned) && userListProblems(assigned, userCount).length > 0) return;
  const broken = new Set(userListProblems(except, userCount).map(({ index }) => index));
  const selected = new Set(expandSelection(assigned, userCount));
  except.forEach((item, index) => {
    if (broken.has(index)) return;
    const outside = expandUsers([item]).find((key) => !selected.has(key));
    if (outside === undefined) return;
    issues.push({ path: [...path, 'except', index], message: `${outside} is not in \`assigned\`: \`except\` only takes users out of it` });
  });
}

function checkPushGroup(raw: RawScenario, push: NonNullable<RawStep['pushGroup']>, path: PathSegment[], issues: Issue[]): void {
  if (raw.idp !== undefined) {
    const setting = idpProfile(raw.idp)?.declaration.groupSetting;
    if (setting !== undefined && raw.settings?.[setting] !== true) {
      issues.push({ path, atKey: true, message: `${raw.idp} pushes groups only with \`settings.${setting}: true\`` });
    }
  }
  if (push.delete === true && (push.members !== undefined || push.renameTo !== undefined)) {
    issues.push({ path: [...path, 'delete'], atKey: true, message: 'a deleted group takes no `members` or `renameTo`' });
  }
}

function checkOutcome(outcome: RawOutcomeExpectation, path: PathSegment[], issues: Issue[]): void {
  const subjects = (['user', 'group', 'created'] as const).filter((key) => outcome[key] !== undefined);
  if (subjects.length !== 1) {
    issues.push({
      path,
      message: subjects.length === 0 ? 'expect needs `user` (a directory user), `group` (a pushed group) or `created` (counts of what the scenario created)' : `give one of ${subjects.map((k) => `\`${k}\``).join(', ')}, not several`,
    });
    return;
  }
  if (outcome.created !== undefined) {
    const extra = Object.keys(outcome).filter((key) => key !== 'created');
    if (extra.length > 0) issues.push({ path: [...path, extra[0]!], atKey: true, message: '`created` counts resources; it takes no other keys' });
    return;
  }
  const onlyFor: Record<string, 'user' | 'group'> = { active: 'user', dockerRole: 'user', members: 'group' };
  for (const [key, subject] of Object.entries(onlyFor)) {
    if (key in outcome && outcome[subject] === undefined) {
      issues.push({ path: [...path, key], atKey: true, message: `\`${key}\` applies to a ${subject}, not a ${subject === 'user' ? 'group' : 'user'}` });
    }
  }
  if (outcome.exists === false) {
    const extra = Object.keys(outcome).filter((key) => !['user', 'group', 'exists'].includes(key));
    if (extra.length > 0) issues.push({ path: [...path, 'exists'], atKey: true, message: `nothing else can be checked on something expected not to exist (${extra.join(', ')})` });
  }
}

/** `{ presnt: true }` would compare as a literal object and fail at run time for a reason hard to see. */
function checkMatcherTypos(step: RawStep, at: (...rest: PathSegment[]) => PathSegment[], issues: Issue[]): void {
  const groups: [Record<string, unknown> | undefined, PathSegment[]][] = [];
  if (step.request !== undefined) {
    const expect = step.expect as RawResponseExpectation | undefined;
    groups.push([expect?.headers, at('expect', 'headers')], [expect?.body, at('expect', 'body')]);
  } else {
    groups.push([(step.expect as RawOutcomeExpectation | undefined)?.attributes, at('expect', 'attributes')]);
  }
  for (const [matchers, path] of groups) {
    for (const [name, matcher] of Object.entries(matchers ?? {})) {
      if (!isPlainObject(matcher) || isOperatorObject(matcher)) continue;
      const keys = Object.keys(matcher);
      const [only] = keys;
      const operator = keys.length === 1 && only !== undefined ? closest(only, MATCHER_OPERATORS) : undefined;
      if (only !== undefined && operator !== undefined) {
        issues.push({
          path: [...path, name, only],
          atKey: true,
          message: `'${only}' looks like the matcher '${operator}'; to compare with an object holding '${only}', write { equals: { ${only}: ... } }`,
        });
      }
    }
  }
}

interface TemplateScope {
  users: number;
  /** Variables saved by earlier steps. */
  saved: ReadonlySet<string>;
  /** Whether a response can exist when these templates render. */
  hasPrevious: boolean;
}

function scanTemplates(value: unknown, path: PathSegment[], scope: TemplateScope, issues: Issue[]): void {
  if (typeof value === 'string') {
    const problem = templateProblem(value, scope);
    if (problem !== undefined) issues.push({ path, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => scanTemplates(item, [...path, i], scope, issues));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) scanTemplates(item, [...path, key], scope, issues);
  }
}

function templateProblem(text: string, scope: TemplateScope): string | undefined {
  let references: string[];
  try {
    references = templateReferences(text);
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
  for (const reference of references) {
    const [root = '', first, second] = reference.split('.');
    const prefix = `template '{{ ${reference} }}'`;
    if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
      const hint = closest(root, TEMPLATE_ROOTS);
      return `${prefix}: unknown root '${root}'${hint ? ` (did you mean '${hint}'?)` : ''}; templates start with ${listOf([...TEMPLATE_ROOTS])}`;
    }
    if (first === undefined) continue;
    if (root === 'users') {
      const n = /^user([1-9][0-9]*)$/.exec(first);
      if (n === null || Number(n[1]) > scope.users) return `${prefix}: unknown user '${first}' ${directoryHas(scope.users)}`;
    }
    if (root === 'vars' && !scope.saved.has(first)) {
      const known = [...scope.saved];
      return `${prefix}: no earlier step saves '${first}'${known.length > 0 ? ` (saved so far: ${known.join(', ')})` : ''}`;
    }
    if (root === 'run' && !RUN_FIELDS.includes(first)) return `${prefix}: run has ${listOf(RUN_FIELDS)}`;
    if (root === 'response') {
      if (!scope.hasPrevious) return `${prefix}: there is no response before the first step`;
      if (first === 'headers' && second !== undefined && second !== second.toLowerCase()) {
        return `${prefix}: header names are lower-case here, write response.headers.${second.toLowerCase()}`;
      }
    }
  }
  return undefined;
}
