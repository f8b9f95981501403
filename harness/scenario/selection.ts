/** Which loaded scenarios a run takes: opt-in suites (tag `scale`) only when the command line asks for them. */
import { dirname, resolve } from 'node:path';
import type { Scenario } from './types.js';

/**
 * Tags of suites too slow for the default run (`scale`: 10,000-user full syncs, a minute or more each).
 * `run` and `run scenarios` skip them; they run when asked for by tag or by path.
 */
export const OPT_IN_TAGS: readonly string[] = ['scale'];

/** The opt-in tags a scenario carries. */
export function optInTags(scenario: Pick<Scenario, 'tags'>): string[] {
  return scenario.tags.filter((tag) => OPT_IN_TAGS.includes(tag));
}

/**
 * Asked for: one of its opt-in tags is among `--tag`, or a path on the command line is the file itself or
 * the folder it sits in (`run scenarios/scale`). A folder further up (`run scenarios`, the default) holds
 * the everyday suites too, so naming it is not asking for the slow ones.
 */
export function optInAsked(scenario: Pick<Scenario, 'tags' | 'file'>, paths: readonly string[], tags: readonly string[]): boolean {
  const own = optInTags(scenario);
  if (own.length === 0) return true;
  if (own.some((tag) => tags.includes(tag))) return true;
  const file = resolve(scenario.file);
  return paths.some((path) => {
    const named = resolve(path);
    return named === file || named === dirname(file);
  });
}
