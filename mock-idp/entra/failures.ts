/**
 * Entra's rules for failures, as Microsoft and its support staff describe them: the escrow back-off of a failed
 * object (E13: about 30 min, 1 h, then 2 h), when start-up calls or the error rate put the job in quarantine and
 * how a quarantined job retries (E3, E17). Pure functions: the cycle (cycles.ts) applies them.
 */
import type { JobCounts } from './memory.js';

const ESCROW_BACKOFF = ['about 30 minutes', 'about 1 hour', 'about 2 hours'] as const;

/** How long Entra waits before retrying an object that failed `failures` times (E13, Danny Zollner). */
export function escrowBackoff(failures: number): string {
  return ESCROW_BACKOFF[Math.min(Math.max(failures, 1), ESCROW_BACKOFF.length) - 1]!;
}

const QUARANTINE_RETRIES = ['6 hours', '12 hours', '24 hours'] as const;

/** When a quarantined job tries again after `retries` failed retries: 6 h, 12 h, 24 h, then every 24 h (E17). */
export function quarantineRetryAfter(retries: number): string {
  return retries < QUARANTINE_RETRIES.length ? `${QUARANTINE_RETRIES[retries]} after the failure` : 'every 24 hours';
}

/**
 * The quarantine a failed start-up call brings at once, "regardless of failure counts" (E17): invalid credentials
 * (401/403: EncounteredQuarantineException) or a SCIM compliance issue (a 404 where 200 was expected). Other
 * failures only fail the activity.
 */
export function startupQuarantineReason(status: number | undefined): string | undefined {
  if (status === 401 || status === 403) return `invalid credentials: HTTP ${status} to the start-up call (EncounteredQuarantineException)`;
  if (status === 404) return 'SCIM compliance issue: HTTP 404 where 200 with an empty ListResponse was expected';
  return undefined;
}

/**
 * The error-rate quarantine (EncounteredEscrowProportionThreshold, E17): evaluated from 5,000 failures on, it
 * quarantines above 40% failed events or 40,000 failures; reference failures count only towards the absolute
 * 60,000. Far beyond a scenario's size, so scenarios reach quarantine by start-up calls.
 */
export function errorRateQuarantine(counts: JobCounts): boolean {
  if (counts.failures + counts.referenceFailures > 60_000) return true;
  if (counts.failures < 5_000) return false;
  return counts.failures > 40_000 || counts.failures / counts.events > 0.4;
}
