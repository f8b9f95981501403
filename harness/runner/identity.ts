/**
 * Run identities: every resource a run creates carries its scenario's tag (`sc-<run id>-<n>`), so on a shared
 * target two runs, or two scenarios of one run, never collide, a leftover of an earlier run is never mistaken for
 * this run's, and the final sweep can find what the run created by its run id alone.
 */
import { randomBytes } from 'node:crypto';

/** Six hex digits: short enough for a userName, random enough that two concurrent runs never share one. */
export function newRunId(): string {
  return randomBytes(3).toString('hex');
}

export const RUN_ID_PATTERN = /^[a-z0-9]{1,12}$/;

/** What every resource of the run contains (the sweep searches for it). */
export function runMarker(runId: string): string {
  return `sc-${runId}-`;
}

/** The tag of one scenario of the run: the run marker plus the scenario's position in the run (1-based). */
export function scenarioTag(runId: string, ordinal: number): string {
  return `${runMarker(runId)}${ordinal}`;
}

/**
 * A group name as the run pushes it: the scenario's name for it, tagged, after the target's naming prefix
 * (`--group-prefix acme:` for Docker Hub, whose teams are `organization:team`).
 */
export function taggedGroupName(name: string, tag: string, prefix = ''): string {
  const prefixed = name.startsWith(prefix) ? name : `${prefix}${name}`;
  return prefixed.includes(tag) ? prefixed : `${prefixed} ${tag}`;
}
