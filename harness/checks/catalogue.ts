/**
 * The catalogue: every spec check, once. The runner judges each recorded exchange with `runChecks`; the
 * report and the `checks` command list `CHECKS`.
 */
import type { Exchange, Finding } from '../model.js';
import { finding, type Check, type CheckContext } from './check.js';
import { DISCOVERY_CHECKS } from './discovery.js';
import { AUTH_CHECKS } from './protocol-auth.js';
import { BULK_CHECKS } from './protocol-bulk.js';
import { CREATE_CHECKS } from './protocol-create.js';
import { ERROR_CHECKS } from './protocol-errors.js';
import { FILTER_CHECKS } from './protocol-filter.js';
import { MEDIA_CHECKS } from './protocol-media.js';
import { PAGINATION_CHECKS } from './protocol-pagination.js';
import { STATUS_CHECKS } from './protocol-status.js';
import { RESOURCE_COMMON_CHECKS } from './resource-common.js';
import { SCHEMA_DRIVEN_CHECKS } from './schema-driven.js';
import { SCHEMA_VALIDITY_CHECKS } from './schema-validity.js';

export const CHECKS: readonly Check[] = [
  ...STATUS_CHECKS,
  ...CREATE_CHECKS,
  ...SCHEMA_VALIDITY_CHECKS,
  ...RESOURCE_COMMON_CHECKS,
  ...SCHEMA_DRIVEN_CHECKS,
  ...PAGINATION_CHECKS,
  ...FILTER_CHECKS,
  ...ERROR_CHECKS,
  ...MEDIA_CHECKS,
  ...AUTH_CHECKS,
  ...BULK_CHECKS,
  ...DISCOVERY_CHECKS,
];

const byId = new Map(CHECKS.map((check) => [check.id, check]));

export function findCheck(id: string): Check | undefined {
  return byId.get(id);
}

/**
 * Every applicable check's findings for one exchange. An exchange without a response (transport
 * failure) has nothing to judge. A check that throws is a harness bug: it is reported as a failing
 * finding of that check rather than hidden or allowed to abort the run.
 */
export function runChecks(exchange: Exchange, ctx: CheckContext, checks: readonly Check[] = CHECKS): Finding[] {
  if (!exchange.response) return [];
  const findings: Finding[] = [];
  for (const check of checks) {
    try {
      if (check.applies(exchange, ctx)) findings.push(...check.run(exchange, ctx));
    } catch (error) {
      findings.push(
        finding(check, exchange, false, {
          subject: 'harness',
          message: `internal error in check ${check.id}: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
    }
  }
  return findings;
}
