/** Groups every failure of a run by cause (a check, or a failed step's kind and message shape) and ranks them by damage. */
import { IDP_ACTION_KINDS } from '../../mock-idp/declaration.js';
import { findAnyCheck } from '../checks/outcome.js';
import { type Exchange, type Finding, type Level, type RootCause, type RunResult, type ScenarioResult, type StepResult } from '../model.js';

/**
 * One problem of the run, before grouping: a failing finding of a check, or a failed step no failing check explains.
 * Readiness (readiness.ts) reads the same list, so an IdP's broken actions and the root causes never disagree.
 */
export interface Issue {
  scenario: ScenarioResult;
  /** The scenario's IdP; undefined for core and docker scenarios (they count toward root causes only). */
  idp: string | undefined;
  /** The IdP action it belongs to (`assign`, `pushGroup`…), or undefined when neither step nor tags tell. */
  action: string | undefined;
  /** What readiness groups by: the action, or `scenario:<file>` when the action is unknown. */
  itemKey: string;
  level: Level;
  /** Whether it breaks the IdP (an IdP action or an expectation about its outcome failed), as opposed to a warning. */
  breaking: boolean;
  checkId: string | undefined;
  finding: Finding | undefined;
  step: StepResult | undefined;
  /** A few words for readiness: "PUT rejected with 400", "201 Created without a Location header". */
  why: string;
  /** Set by {@link runIssues}: the id of the root cause it was grouped under. */
  causeId: string;
}

const ACTION_KINDS: ReadonlySet<string> = new Set(IDP_ACTION_KINDS);
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Scenario tags that name the IdP action a scenario is about (the bundled suites' vocabulary). */
const TAG_ACTIONS: Readonly<Record<string, string>> = {
  setup: 'testConnection',
  create: 'assign',
  update: 'update',
  deactivate: 'unassign',
  suspend: 'unassign',
  unassign: 'unassign',
  reactivate: 'reassign',
  delete: 'delete',
  'full-sync': 'fullSync',
  groups: 'pushGroup',
};

/** Outcome checks (`idp.<action>.<what>`) name the action whose end state they judge, when no exchange says it. */
const OUTCOME_ACTIONS: Readonly<Record<string, string>> = {
  assign: 'assign',
  update: 'update',
  deactivate: 'unassign',
  reassign: 'reassign',
  delete: 'delete',
  groups: 'pushGroup',
  'full-sync': 'fullSync',
};

/** The action a scenario's raw requests test: only when its tags point at exactly one (else it is labelled by name). */
export function requestAction(scenario: Pick<ScenarioResult, 'tags'>): string | undefined {
  const actions = new Set(scenario.tags.flatMap((t) => (TAG_ACTIONS[t] === undefined ? [] : [TAG_ACTIONS[t]!])));
  return actions.size === 1 ? [...actions][0] : undefined;
}

function isAction(kind: string | undefined): kind is string {
  return kind !== undefined && ACTION_KINDS.has(kind);
}

/** The IdP action a step serves: its own kind, the tagged action for raw requests, the action before it for `expect`/`admin`. */
function stepAction(scenario: ScenarioResult, step: StepResult): string | undefined {
  if (isAction(step.kind)) return step.kind;
  if (step.kind === 'request') return requestAction(scenario);
  // An expect step reads back what the last IdP action left at the target, so its problems are that action's.
  const before = scenario.steps.filter((s) => s.index < step.index && isAction(s.kind)).at(-1);
  return before?.kind;
}

function outcomeAction(checkId: string): string | undefined {
  const match = /^idp\.([a-z-]+)\./.exec(checkId);
  return match ? OUTCOME_ACTIONS[match[1]!] : undefined;
}

/** At most `max` characters, on one line. */
export function short(text: string, max = 90): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/**
 * A message with its particulars (quoted values, ids, URLs, numbers) blanked, so "user1 … 409" and "user2 … 409"
 * group as one cause while "409" and "timed out" stay apart.
 */
export function messageShape(message: string): string {
  return short(message, 200)
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '<value>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\S*@\S+/g, '<email>')
    .replace(/\buser\d+\b/g, '<user>')
    .replace(/\d+/g, '<n>');
}

/** What a failed step ran into, in a few words: the method and status of the last refused request, else its message. */
function stepWhy(scenario: ScenarioResult, step: StepResult): string {
  const exchanges = new Map(scenario.exchanges.map((e) => [e.id, e]));
  const refused = step.exchangeIds
    .map((id) => exchanges.get(id))
    .filter((e): e is Exchange => e?.response !== undefined && e.response.status >= 400)
    .at(-1);
  if (refused) return `${refused.request.method} rejected with ${refused.response!.status}`;
  return short(step.messages[0] ?? (step.status === 'error' ? 'step error' : 'step failed'), 80);
}

function itemKey(action: string | undefined, scenario: ScenarioResult): string {
  return action ?? `scenario:${scenario.file}`;
}

/** Scenarios in file order: a whole run and its merged shards list them differently, the analyses must not care. */
function scenariosInOrder(run: RunResult): ScenarioResult[] {
  return [...run.scenarios].sort((a, b) => byCodeUnit(a.file, b.file));
}

/** Every problem of the run (consequence steps left out), each with the id of the root cause it belongs to. */
export function runIssues(run: RunResult): Issue[] {
  const issues: Omit<Issue, 'causeId'>[] = [];
  for (const scenario of scenariosInOrder(run)) {
    if (scenario.status === 'not-applicable') continue;
    const stepOf = new Map<string, StepResult>();
    for (const step of scenario.steps) for (const id of step.exchangeIds) stepOf.set(id, step);
    const judged = new Set<string>();
    const before = issues.length;

    for (const check of scenario.checks) {
      if (check.status !== 'failed') continue;
      // A failed result always keeps at least one finding; an empty list (hand-made report) still counts once.
      const findings: (Finding | undefined)[] = check.failures.length > 0 ? check.failures : [undefined];
      for (const finding of findings) {
        const step = finding?.exchangeId === undefined ? undefined : stepOf.get(finding.exchangeId);
        if (finding?.exchangeId !== undefined) judged.add(finding.exchangeId);
        const action = step && isAction(step.kind) ? step.kind : (outcomeAction(check.checkId) ?? (step ? stepAction(scenario, step) : undefined));
        issues.push({
          scenario,
          idp: scenario.idp,
          action,
          itemKey: itemKey(action, scenario),
          level: check.level,
          // The IdP breaks when its action failed (the step's own issue below) or the outcome it relies on is wrong (an
          // idp.* check); a spec violation on traffic the IdP got through is a warning in readiness, a root cause all the same.
          breaking: check.checkId.startsWith('idp.') && check.level === 'MUST',
          checkId: check.checkId,
          finding,
          step,
          why: short(finding?.message ?? check.title, 80),
        });
      }
    }

    for (const step of scenario.steps) {
      if (step.status === 'passed' || step.consequenceOf !== undefined) continue;
      // A raw request whose failing check already says what went wrong is not a second cause. An IdP action or an
      // expectation of its outcome is: the IdP gave up there (Entra's PATCH refused), whatever else its lookups showed.
      if (!isAction(step.kind) && step.kind !== 'expect' && step.exchangeIds.some((id) => judged.has(id))) continue;
      const action = stepAction(scenario, step);
      issues.push({
        scenario,
        idp: scenario.idp,
        action,
        itemKey: itemKey(action, scenario),
        level: 'MUST',
        // An IdP action's own failure, or an expectation about what it left at the target, breaks the IdP; a raw request warns.
        breaking: isAction(step.kind) || step.kind === 'expect',
        checkId: undefined,
        finding: undefined,
        step,
        why: stepWhy(scenario, step),
      });
    }

    // A scenario that stopped (timeout, target unreachable) with nothing else to show for it is a cause of its own.
    if (issues.length === before && (scenario.status === 'error' || scenario.status === 'failed')) {
      issues.push({
        scenario,
        idp: scenario.idp,
        action: undefined,
        itemKey: itemKey(undefined, scenario),
        level: 'MUST',
        breaking: scenario.status === 'error',
        checkId: undefined,
        finding: undefined,
        step: undefined,
        why: short(scenario.error ?? `scenario ${scenario.status}`, 80),
      });
    }
  }
  return assignCauses(issues);
}

/** The step kind a step-only issue is grouped under (`scenario` when the scenario itself stopped). */
function stepKind(issue: Omit<Issue, 'causeId'>): string {
  return issue.step?.kind ?? (issue.step ? 'step' : 'scenario');
}

function issueMessage(issue: Omit<Issue, 'causeId'>): string {
  return issue.step?.messages[0] ?? issue.scenario.error ?? issue.why;
}

/** A lowercase id fragment from free text: `400-invalidvalue`. */
function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/g, '');
  return s === '' ? 'none' : s;
}

/**
 * How a finding reads when deciding whether one check failed for clearly different reasons: its message with the
 * particulars blanked (every list's own itemsPerPage is one mistake), but an HTTP status kept, so a 400 in some
 * places and a 500 in others stay two causes.
 */
function findingKey(finding: Finding | undefined): string {
  if (finding === undefined) return '(absent)';
  const statuses = [...finding.message.matchAll(/\b(?:answered|status:?|got|with)\s+([1-5]\d\d)\b/g)].map((m) => m[1]);
  return statuses.length > 0 ? statuses.join(',') : messageShape(finding.message);
}

/**
 * Cause ids. A check is one cause unless its findings read in two or three distinct ways once particulars are blanked
 * (e.g. a 400 in some places and a 500 in others): then one cause per way, `<check>~<slug>`. More than that are
 * particulars of one mistake, not separate causes. Steps: `step:<kind>`, split by message shape the same way.
 */
function assignCauses(issues: Omit<Issue, 'causeId'>[]): Issue[] {
  const base = (i: Omit<Issue, 'causeId'>) => (i.checkId !== undefined ? i.checkId : `step:${stepKind(i)}`);
  const variant = (i: Omit<Issue, 'causeId'>) => (i.checkId !== undefined ? findingKey(i.finding) : messageShape(issueMessage(i)));
  const variants = new Map<string, Set<string>>();
  for (const i of issues) {
    const set = variants.get(base(i)) ?? new Set<string>();
    set.add(variant(i));
    variants.set(base(i), set);
  }
  const ids = new Map<string, Map<string, string>>();
  for (const [key, set] of variants) {
    const values = [...set].sort(byCodeUnit);
    const split = key.startsWith('step:') ? values.length > 1 : values.length >= 2 && values.length <= 3;
    const byValue = new Map<string, string>();
    const used = new Set<string>();
    for (const value of values) {
      if (!split) {
        byValue.set(value, key);
        continue;
      }
      let id = `${key}~${slug(value)}`;
      // Two values can slug alike ("a b" and "a-b"): number the later one so ids stay unique and stable.
      for (let n = 2; used.has(id); n += 1) id = `${key}~${slug(value)}-${n}`;
      used.add(id);
      byValue.set(value, id);
    }
    ids.set(key, byValue);
  }
  return issues.map((i) => ({ ...i, causeId: ids.get(base(i))!.get(variant(i))! }));
}

const STEP_TITLES: Readonly<Record<string, string>> = {
  testConnection: 'The IdP\'s connection test failed',
  assign: 'Provisioning an assigned user failed',
  update: 'Pushing a profile update failed',
  unassign: 'Deprovisioning an unassigned user failed',
  reassign: 'Reactivating a reassigned user failed',
  delete: 'Deprovisioning a deleted user failed',
  fullSync: 'A full sync failed',
  pushGroup: 'Pushing a group failed',
  request: 'A request did not get the response the scenario expects',
  expect: 'The target does not hold what the IdP provisioned',
  admin: 'An organization setting could not be changed',
  scenario: 'The scenario could not run to its end',
};

const STEP_HINTS: Readonly<Record<string, string>> = {
  testConnection: 'Answer GET /Users with a filter or startIndex/count with 200 and a ListResponse (integer totalResults, startIndex, itemsPerPage), and accept the bearer token.',
  assign: 'Answer the lookup GET /Users?filter=userName eq "…" with 200 and a ListResponse, and POST /Users with 201 and the created user (its id).',
  update: 'Accept the IdP\'s update (PUT of the whole user, or PATCH with its op spellings) with 200 and the updated user.',
  unassign: 'Accept active:false (by PUT or PATCH) with 200 and keep the user readable with active false.',
  reassign: 'Accept active:true (by PUT or PATCH) with 200 and leave the other attributes as they were.',
  delete: 'Accept the deprovisioning request the IdP sends for a deleted user (deactivation, or DELETE answered 204) and answer 404 afterwards when deleted.',
  fullSync: 'Answer every lookup, create and update of the sync as for a single user; a failure on one user fails the sync.',
  pushGroup: 'Support /Groups: lookup by displayName, POST with 201, and the IdP\'s PATCH or PUT of members with 200 (or 204).',
  request: 'Compare the response with the step\'s expectation in the report (status, headers, body) and answer as the RFC section the scenario cites says.',
  expect: 'Read the user or group back after the IdP action and make the stored state match what was sent (active, attributes, members).',
  admin: 'The embedded provider\'s organization switch failed; see the step message.',
  scenario: 'See the scenario error: a target that stops answering or times out fails every IdP at that point.',
};

function stepTitle(kind: string): string {
  return STEP_TITLES[kind] ?? `A ${kind} step failed`;
}

function hintFor(issue: Issue): string {
  if (issue.checkId !== undefined) {
    const info = findAnyCheck(issue.checkId);
    const check = issue.scenario.checks.find((c) => c.checkId === issue.checkId);
    const rfc = info?.rfc ?? check?.rfc ?? 'the RFC';
    return info?.hint ?? `Make the endpoint satisfy ${rfc}: ${info?.title ?? check?.title ?? issue.checkId}.`;
  }
  const kind = stepKind(issue);
  return STEP_HINTS[kind] ?? 'See the failed step\'s message and exchanges in the report.';
}

const LEVEL_RANK: Readonly<Record<Level, number>> = { MUST: 0, SHOULD: 1, MAY: 2 };

/**
 * What to fix first: MUST before SHOULD before MAY, then the scenarios it fails (fixing it turns the most red green),
 * then the IdP actions it breaks (readiness lists those per IdP), failures, and the id.
 */
export function compareCauses(a: RootCause, b: RootCause): number {
  return (
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    b.impact.scenarios - a.impact.scenarios ||
    b.impact.idpActions - a.impact.idpActions ||
    b.impact.failures - a.impact.failures ||
    byCodeUnit(a.id, b.id)
  );
}

/** The run's root causes, ranked (see {@link compareCauses}). */
export function rootCauses(run: RunResult, issues: readonly Issue[] = runIssues(run)): RootCause[] {
  const groups = new Map<string, Issue[]>();
  for (const issue of issues) groups.set(issue.causeId, [...(groups.get(issue.causeId) ?? []), issue]);
  const causes = [...groups].map(([id, group]) => cause(id, group));
  return causes.sort(compareCauses);
}

function cause(id: string, group: Issue[]): RootCause {
  const first = group[0]!;
  const checkId = first.checkId;
  const info = checkId === undefined ? undefined : findAnyCheck(checkId);
  const result = checkId === undefined ? undefined : first.scenario.checks.find((c) => c.checkId === checkId);
  const level: Level = result?.level ?? info?.level ?? first.level;
  const title = result?.title ?? info?.title ?? stepTitle(stepKind(first));
  const scenarios = [...new Set(group.map((i) => i.scenario.file))].sort(byCodeUnit);
  const idps = [...new Set(group.flatMap((i) => (i.idp === undefined ? [] : [i.idp])))].sort(byCodeUnit);
  // The IdP actions it breaks (readiness's broken items), not every action whose traffic showed it.
  const actions = new Set(group.flatMap((i) => (i.idp === undefined || !i.breaking ? [] : [`${i.idp}:${i.itemKey}`])));
  const example = exampleOf(group);
  return {
    id,
    checkId,
    level,
    title,
    observed: observedOf(group),
    required: checkId !== undefined ? `${title} (${result?.rfc ?? info?.rfc ?? checkId})` : requiredOfStep(first),
    hint: hintFor(first),
    impact: { idpActions: actions.size, scenarios: scenarios.length, failures: group.length, idps },
    ...(example ? { example } : {}),
    scenarios,
  };
}

/** What the endpoint did: the first finding's message (with the value it showed), or the step's first message. */
function observedOf(group: Issue[]): string {
  const first = group[0]!;
  if (first.finding !== undefined) {
    const forms = new Set(group.map((i) => (i.finding ? messageShape(i.finding.message) : '')));
    const more = forms.size > 1 ? ` (and ${forms.size - 1} other form${forms.size > 2 ? 's' : ''})` : '';
    return `${short(first.finding.message, 160)}${more}`;
  }
  const message = issueMessage(first);
  const refused = first.step && first.why.includes(' rejected with ') ? `${first.why}: ` : '';
  return short(`${refused}${message}`, 200);
}

function requiredOfStep(issue: Issue): string {
  const kind = stepKind(issue);
  if (isAction(kind)) {
    return issue.idp === undefined ? `The ${kind} action succeeds against the target` : `${issue.idp}'s ${kind} action succeeds against the target, as the profile's declared behaviours need`;
  }
  if (kind === 'request') return 'The response the scenario expects for its request (status, headers, body)';
  if (kind === 'expect') return 'The target holds the state the IdP provisioned';
  return 'The scenario runs to its end';
}

/** The first kept exchange that shows the cause, by scenario file and failure order. */
function exampleOf(group: Issue[]): RootCause['example'] {
  for (const issue of group) {
    const ids = issue.finding?.exchangeId !== undefined ? [issue.finding.exchangeId] : [...(issue.step?.exchangeIds ?? [])].reverse();
    for (const id of ids) {
      const exchange = issue.scenario.exchanges.find((e) => e.id === id);
      // The request alone: every renderer adds the status (`→ 201`) itself.
      if (exchange) return { scenario: issue.scenario.file, exchangeId: id, request: `${exchange.request.method} ${exchange.request.url}`, status: exchange.response?.status };
    }
  }
  return undefined;
}
