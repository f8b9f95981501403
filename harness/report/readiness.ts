/** Per IdP suite: will that IdP work with the target, in the IdP's own terms (its names for its actions). */
import { IDP_ACTION_KINDS, type IdpActionKind } from '../../mock-idp/declaration.js';
import { idpNames, idpProfile } from '../../mock-idp/index.js';
import type { IdpReadiness, ReadinessItem, ReadinessVerdict, RunResult, ScenarioResult } from '../model.js';
import { rootCauses, runIssues, type Issue } from './root-causes.js';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The IdP's own name for an action, from its declaration; the scenario's name when the action is unknown. */
export function actionLabel(idp: string, action: string | undefined, scenario: Pick<ScenarioResult, 'name'>): string {
  if (action === undefined) return scenario.name;
  const names = idpProfile(idp)?.declaration.actionNames;
  return (names && isActionKind(action) ? names[action] : undefined) ?? action;
}

function isActionKind(action: string): action is IdpActionKind {
  return (IDP_ACTION_KINDS as readonly string[]).includes(action);
}

/** The IdPs whose suites ran, in registry order, then any other name (a custom profile) alphabetically. */
function suitesOf(run: RunResult): string[] {
  const seen = new Set(run.scenarios.flatMap((s) => (s.idp === undefined ? [] : [s.idp])));
  const known = idpNames().filter((n) => seen.has(n));
  return [...known, ...[...seen].filter((n) => !known.includes(n)).sort(byCodeUnit)];
}

/** One item per action (or per scenario, for problems no action owns), in the IdP's lifecycle order. */
function items(idp: string, issues: readonly Issue[]): ReadinessItem[] {
  const byKey = new Map<string, Issue[]>();
  for (const issue of issues) byKey.set(issue.itemKey, [...(byKey.get(issue.itemKey) ?? []), issue]);
  const order = (key: string): number => {
    const i = (IDP_ACTION_KINDS as readonly string[]).indexOf(key);
    return i >= 0 ? i : IDP_ACTION_KINDS.length;
  };
  return [...byKey]
    .sort(([a], [b]) => order(a) - order(b) || byCodeUnit(a, b))
    .map(([, group]) => {
      // The IdP's own failure says best what broke ("PATCH rejected with 400"); an outcome check's finding
      // ("active: expected false") only shows what followed from it.
      const first = group.find((i) => i.checkId === undefined) ?? group[0]!;
      return {
        action: first.action ?? first.step?.kind ?? 'scenario',
        label: actionLabel(idp, first.action, first.scenario),
        why: first.why,
        scenarios: [...new Set(group.map((i) => i.scenario.file))].sort(byCodeUnit),
        rootCauses: [...new Set(group.map((i) => i.causeId))].sort(byCodeUnit),
      };
    });
}

const VERDICT_WORDS: Readonly<Record<ReadinessVerdict, string>> = {
  works: 'works',
  'works-with-warnings': 'works with warnings',
  breaks: 'breaks',
  'not-tested': 'not tested',
};

/** "Okta: breaks at Create Users (201 Created without a Location header)", "Okta: works with warnings (2)", "Okta: works". */
export function headline(title: string, verdict: ReadinessVerdict, broken: readonly ReadinessItem[], warnings: readonly ReadinessItem[]): string {
  if (verdict === 'breaks') {
    const first = broken[0]!;
    const more = broken.length > 1 ? ` and ${broken.length - 1} more` : '';
    return `${title}: breaks at ${first.label} (${first.why})${more}`;
  }
  if (verdict === 'works-with-warnings') return `${title}: works with warnings (${warnings.length})`;
  if (verdict === 'not-tested') return `${title}: not tested (every scenario not applicable)`;
  return `${title}: ${VERDICT_WORDS[verdict]}`;
}

/** Readiness of every IdP suite in the run (core and docker scenarios without an IdP get none). */
export function readiness(run: RunResult, issues: readonly Issue[] = runIssues(run)): IdpReadiness[] {
  return suitesOf(run).map((idp) => {
    const scenarios = run.scenarios.filter((s) => s.idp === idp);
    const counts = {
      total: scenarios.length,
      passed: scenarios.filter((s) => s.status === 'passed').length,
      failed: scenarios.filter((s) => s.status === 'failed' || s.status === 'error').length,
      notApplicable: scenarios.filter((s) => s.status === 'not-applicable').length,
    };
    const own = issues.filter((i) => i.idp === idp);
    const broken = items(idp, own.filter((i) => i.breaking));
    // An action that breaks somewhere is listed once, as broken; its lesser problems elsewhere would only repeat it.
    const brokenKeys = new Set(own.filter((i) => i.breaking).map((i) => i.itemKey));
    const warnings = items(idp, own.filter((i) => !i.breaking && !brokenKeys.has(i.itemKey)));
    const verdict: ReadinessVerdict =
      counts.total > 0 && counts.notApplicable === counts.total ? 'not-tested' : broken.length > 0 ? 'breaks' : warnings.length > 0 ? 'works-with-warnings' : 'works';
    const title = idpProfile(idp)?.declaration.title ?? idp;
    return { idp, title, verdict, headline: headline(title, verdict, broken, warnings), broken, warnings, scenarios: counts };
  });
}

/** Both analyses of a run, from one pass over its problems: what the runner and merge-reports attach to the RunResult. */
export function analyseRun(run: RunResult): Required<Pick<RunResult, 'readiness' | 'rootCauses'>> {
  const issues = runIssues(run);
  return { readiness: readiness(run, issues), rootCauses: rootCauses(run, issues) };
}
