/**
 * Consequences are not causes: a step that cannot do its work because an earlier step failed is marked
 * `consequenceOf` that step (harness/model.ts), so reports fold it under its cause and do not count it as a
 * problem of its own. The step keeps its place and its status; the scenario's verdict does not change.
 *
 * Two ways a failure carries over, each attributed only when the earlier failure explains the later one:
 *
 * - A missing saved value. A step whose templates name `vars.X` that is not there, when an earlier step declared
 *   `save: { X: … }` and did not save it (it failed, answered without the value, or could not run itself), is a
 *   consequence of the last such step, or, when that step was itself a consequence, of its cause. A `vars.X` no
 *   earlier step declares is a bug of the scenario, not a consequence (the loader rejects it before a run).
 *
 * - A missing resource. A user the IdP tried to provision in a step that failed with a failing exchange of its
 *   own (a create or lookup the target refused) and named that user in its messages, and that the IdP still
 *   does not hold, was never provisioned by that step; likewise a group a failed `pushGroup` never created.
 *   Later, while it stays unprovisioned:
 *     - `update`, `unassign` or `delete` of only such users that sent nothing that failed (the IdP had no id to
 *       send to) is a consequence, passed or not;
 *     - a `pushGroup` that failed without a failing exchange of its own, over such members (or of such a group:
 *       a rename or delete of a group never created), is a consequence;
 *     - an `expect` about a user an earlier step failed to change (a deactivation refused) while the user exists;
 *     - an `expect` about such a user that found it absent, or about such a group (absent, or lacking only such
 *       members), is a consequence.
 *   A step that stopped on a template or scenario error is never put down to a missing resource.
 *   A step that tries again (Entra and OneLogin provision on update, any IdP on assign or full sync) and fails
 *   with its own failing exchange is a failure of its own, and becomes the cause from then on.
 */
import type { IdpState } from '../../mock-idp/profile.js';
import type { Exchange, StepResult } from '../model.js';
import type { Step } from '../scenario/index.js';
import type { TemplateError } from '../scenario/template.js';

export type ConsequenceOf = NonNullable<StepResult['consequenceOf']>;

/** What an `expect` step found missing, for attributing its failure. */
export interface ExpectMiss {
  /** A directory user expected present that the target does not hold. */
  user?: string;
  /** A group (as the scenario names it) expected present that the target does not hold. */
  group?: string;
  /** Members a group lacks (directory keys). */
  members?: string[];
}

/** What one step did, as far as attributing it goes. */
export interface StepDoing {
  step: Step;
  result: StepResult;
  /** The step sent a request that failed (no answer, or an error answer other than a GET's 404). */
  ownFailure: boolean;
  expectMiss?: ExpectMiss | undefined;
}

/** A request the step sent failed: no answer, or 4xx/5xx (a GET's 404 is a lookup finding nothing). */
export function failingExchange(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  if (status === undefined) return true;
  if (status < 400) return false;
  return !(status === 404 && exchange.request.method.toUpperCase() === 'GET');
}

interface Cause {
  index: number;
  label: string;
}

export class Consequences {
  /** Earlier steps' results, by index. */
  private readonly results = new Map<number, StepResult>();
  /** Directory key → the step that failed to provision it, while the IdP still does not hold it. */
  private readonly unprovisioned = new Map<string, Cause>();
  /** Group name (as the scenario writes it) → the failed pushGroup that never created it. */
  private readonly ungrouped = new Map<string, Cause>();
  /**
   * Directory key → the step that failed to change a user the target does hold (a deactivation refused, an update
   * rejected), until a later step on that user passes: an `expect` of the new state then fails because of it.
   */
  private readonly unchanged = new Map<string, Cause>();

  constructor(
    private readonly steps: readonly Step[],
    private readonly state: IdpState,
    /** The name a scenario's group has in the IdP's state (tagged). */
    private readonly groupName: (name: string) => string,
  ) {}

  /**
   * A template error on `vars.X` that an earlier step declared but never saved: the message the step shows
   * instead ("not run: needs vars.id, which step 0 (create the user) did not save") and what it is a consequence
   * of. Undefined for any other error, or for a var no earlier step declares (a scenario bug).
   */
  missingVar(step: Step, error: TemplateError, vars: Record<string, unknown>, sent: boolean): { message: string; consequenceOf: ConsequenceOf } | undefined {
    const [root, name] = error.reference.split('.');
    if (root !== 'vars' || name === undefined || name === '') return undefined;
    if (Object.hasOwn(vars, name) && vars[name] !== undefined) return undefined;
    const declaring = this.steps.filter((s) => s.index < step.index && s.kind === 'request' && Object.hasOwn(s.save, name)).at(-1);
    const cause = declaring === undefined ? undefined : this.results.get(declaring.index);
    if (cause === undefined || cause.status === 'passed') return undefined;
    const named = `step ${cause.index} (${cause.label})`;
    const root_ = cause.consequenceOf === undefined ? undefined : this.results.get(cause.consequenceOf.step);
    const rootNamed = root_ === undefined ? undefined : `step ${root_.index} (${root_.label})`;
    const doing = sent ? 'not judged' : 'not run';
    if (rootNamed === undefined || root_ === undefined) {
      return {
        message: `${doing}: needs vars.${name}, which ${named} did not save (a consequence of that step's failure).`,
        consequenceOf: { step: cause.index, reason: `vars.${name} was never saved: ${named} failed` },
      };
    }
    return {
      message: `${doing}: needs vars.${name}, which ${named} did not save: it could not run either, a consequence of ${rootNamed}.`,
      consequenceOf: { step: root_.index, reason: `vars.${name} was never saved: ${named} did not run, a consequence of ${rootNamed}` },
    };
  }

  /** Whether what the step did is explained by an earlier failure to provision a user or group it is about. */
  resourceCause(doing: StepDoing): ConsequenceOf | undefined {
    const { step, result, ownFailure } = doing;
    const held = (key: string) => this.state.provisioned.has(key);
    const lost = (keys: readonly string[]) => keys.filter((key) => this.unprovisioned.has(key) && !held(key));
    const userReason = (key: string) => {
      const cause = this.unprovisioned.get(key)!;
      return { step: cause.index, reason: `${key} was never provisioned: step ${cause.index} (${cause.label}) failed to provision it` };
    };
    const groupReason = (name: string) => {
      const cause = this.ungrouped.get(name)!;
      return { step: cause.index, reason: `group ${name} was never created: step ${cause.index} (${cause.label}) failed to push it` };
    };
    switch (step.kind) {
      case 'update':
      case 'unassign':
      case 'delete': {
        // The IdP had no id for any of them: it sent nothing that failed, so there was nothing it could do.
        const users = lost(step.users);
        if (ownFailure || users.length === 0 || users.length !== step.users.length) return undefined;
        return userReason(users[0]!);
      }
      case 'pushGroup': {
        if (result.status === 'passed' || ownFailure) return undefined;
        const group = this.groupGone(step.group);
        if (group && (step.renameTo !== undefined || step.delete)) return groupReason(step.group);
        const members = lost(step.members ?? []);
        return members.length > 0 ? userReason(members[0]!) : undefined;
      }
      case 'expect': {
        const miss = doing.expectMiss;
        if (result.status === 'passed') return undefined;
        if (miss === undefined && step.subject.type === 'user' && this.unchanged.has(step.subject.user)) {
          const key = step.subject.user;
          const cause = this.unchanged.get(key)!;
          return { step: cause.index, reason: `${key} kept its earlier state: step ${cause.index} (${cause.label}) failed to change it` };
        }
        if (miss === undefined) return undefined;
        if (miss.user !== undefined) return lost([miss.user]).length === 1 ? userReason(miss.user) : undefined;
        if (miss.group !== undefined) return this.groupGone(miss.group) ? groupReason(miss.group) : undefined;
        if (miss.members !== undefined && miss.members.length > 0) {
          const members = lost(miss.members);
          return members.length === miss.members.length ? userReason(members[0]!) : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** After each step: remember its result, and what its failure left unprovisioned (or what is provisioned now). */
  record(doing: StepDoing): void {
    const { step, result } = doing;
    this.results.set(step.index, result);
    for (const key of [...this.unprovisioned.keys()]) if (this.state.provisioned.has(key)) this.unprovisioned.delete(key);
    for (const name of [...this.ungrouped.keys()]) if (this.state.groups.has(this.groupName(name))) this.ungrouped.delete(name);
    if (result.status === 'passed') for (const key of this.changed(step)) this.unchanged.delete(key);
    if (result.status === 'passed' || !doing.ownFailure || result.consequenceOf !== undefined) return;
    const cause = { index: step.index, label: result.label };
    const text = result.messages.join('\n');
    for (const key of this.changed(step)) if (this.state.provisioned.has(key) && mentions(text, key)) this.unchanged.set(key, cause);
    for (const key of this.attempted(step)) {
      if (!this.state.provisioned.has(key) && mentions(text, key)) this.unprovisioned.set(key, cause);
    }
    if (step.kind === 'pushGroup' && !step.delete) {
      const names = [step.group, ...(step.renameTo === undefined ? [] : [step.renameTo])];
      if (names.every((name) => !this.state.groups.has(this.groupName(name)))) for (const name of names) this.ungrouped.set(name, cause);
    }
  }

  private groupGone(name: string): boolean {
    return this.ungrouped.has(name) && !this.state.groups.has(this.groupName(name));
  }

  /** The users a step set out to change at the target. */
  private changed(step: Step): string[] {
    switch (step.kind) {
      case 'assign':
      case 'reassign':
      case 'update':
      case 'unassign':
      case 'delete':
        return step.users;
      case 'fullSync':
        return [...new Set([...(step.assigned ?? this.state.assigned), ...(step.provisioned ?? [])])];
      default:
        return [];
    }
  }

  /** The users a step may have tried to provision. */
  private attempted(step: Step): string[] {
    switch (step.kind) {
      case 'assign':
      case 'reassign':
      case 'update':
        return step.users;
      case 'fullSync':
        return [...new Set([...(step.assigned ?? this.state.assigned), ...(step.provisioned ?? [])])];
      case 'pushGroup':
        return step.members ?? [];
      default:
        return [];
    }
  }
}

/** The message names the directory key as a word (`user1`, not inside `user10`). */
function mentions(text: string, key: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`).test(text);
}

