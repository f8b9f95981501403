/**
 * What Entra's provisioning service remembers beyond the shared IdpState, kept beside it for as long as the state
 * lives (a scenario): what it last pushed per user, managers set by updates, the escrow of failed objects, the
 * users whose permanent deletion it still owes the target, and the job's quarantine and error counts.
 */
import { profileMemory, type IdpState } from '../profile.js';
import type { UserView } from './mapping.js';

/** A user whose last operation failed (or never ran because its cycle did not start), retried by the next cycle. */
export interface EscrowEntry {
  /** Failed attempts so far: the back-off step (0: the cycle never got to it). */
  failures: number;
  /** Why it is there, as the provisioning logs said. */
  reason: string;
}

export interface Quarantine {
  /** Why, in Microsoft's terms (E17). */
  reason: string;
  /** Cycles that retried since and failed again. */
  retries: number;
}

/** Provisioning events of the job since its last (re)start, which the error-rate quarantine is judged on (E17). */
export interface JobCounts {
  events: number;
  failures: number;
  /** Failed manager or member updates: counted apart, only towards the absolute threshold (E17). */
  referenceFailures: number;
}

export interface EntraMemory {
  /** Directory key → the mapped values Entra last pushed (what it believes the target holds). */
  views: Map<string, UserView>;
  /** Manager set by an `update` action (user key, or null when cleared), for directories without one. */
  managers: Map<string, string | null>;
  escrow: Map<string, EscrowEntry>;
  /** Users permanently deleted in Entra whose DELETE the target has not yet accepted. */
  purged: Set<string>;
  quarantine: Quarantine | undefined;
  counts: JobCounts;
}

export function memoryOf(state: IdpState): EntraMemory {
  return profileMemory(state, 'entra.memory', newMemory);
}

function newMemory(): EntraMemory {
  return { views: new Map(), managers: new Map(), escrow: new Map(), purged: new Set(), quarantine: undefined, counts: newCounts() };
}

export function newCounts(): JobCounts {
  return { events: 0, failures: 0, referenceFailures: 0 };
}
