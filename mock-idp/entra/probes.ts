/**
 * Entra's random-GUID probes: Test Connection (E2: a user "that doesn't exist, using a random GUID as the matching
 * property selected", and "a random user and group"; E12: without a User-Agent) and the same queries at the start
 * of every activity (E5; E18 shows them as on-demand provisioning's "Test connection" step).
 */
import { randomUUID } from 'node:crypto';
import { filterString, type IdpScimClient } from '../scim-client.js';
import { ENTRA, type EntraBehaviour } from './declaration.js';
import type { EntraRun } from './run.js';

/** The admin's Test Connection: each probe must answer 200 with an empty ListResponse. */
export async function testConnection(run: EntraRun): Promise<void> {
  const failed = await probe(run, run.probeClient, 'test connection');
  if (failed !== undefined) return;
  const quarantined = run.memory.quarantine;
  // E17: quarantine ends with a cycle whose calls succeed, or Restart provisioning; not with the button.
  const still = quarantined ? ` The provisioning job stays in quarantine (${quarantined.reason}) until its next cycle starts cleanly or provisioning is restarted.` : '';
  run.note(`Entra Test Connection succeeded.${still}`);
}

/** What stopped a probe: the HTTP status, when there was one. */
export interface ProbeFailure {
  status: number | undefined;
}

type ProbeLabel = 'test connection' | 'activity probe' | 'quarantine retry';

const OPENING: Record<ProbeLabel, string> = {
  'test connection': 'Entra Test Connection failed',
  'activity probe': 'Entra stopped before doing anything: its start-of-activity probe failed',
  'quarantine retry': "Entra's quarantined provisioning job retried and stopped again: its start-up probe failed",
};

/**
 * A user that does not exist, by a random GUID on the matching attribute, and with group provisioning a random
 * group: each must answer 200 with an empty ListResponse, or Entra stops there (and logs why).
 */
export async function probe(run: EntraRun, client: IdpScimClient, label: ProbeLabel): Promise<ProbeFailure | undefined> {
  const probes = [{ path: '/Users', filter: `${run.settings.matchingAttribute} eq ${filterString(randomUUID())}`, behaviour: ENTRA.testUsers as EntraBehaviour }];
  if (run.settings.provisionGroups) probes.push({ path: '/Groups', filter: `displayName eq ${filterString(randomUUID())}`, behaviour: ENTRA.testGroups });
  for (const { path, filter, behaviour } of probes) {
    const tagged = label === 'test connection' ? behaviour : label === 'activity probe' ? ENTRA.activityProbe : ENTRA.quarantine;
    const exchange = await client.send({ method: 'GET', path, query: { filter } }, 'filter', label, tagged);
    const status = exchange.response?.status;
    if (status !== 200) {
      run.fail(`${OPENING[label]}: GET ${path}?filter=${filter} answered ${run.describe(exchange)}; Entra expects 200 with an empty ListResponse.`);
      return { status };
    }
    const body = exchange.responseJson as { totalResults?: unknown; Resources?: unknown } | undefined;
    const resources = Array.isArray(body?.Resources) ? body.Resources : [];
    if (body?.totalResults !== 0 || resources.length !== 0) {
      run.fail(`${OPENING[label]}: ${filter} on a random GUID answered totalResults ${JSON.stringify(body?.totalResults)} with ${resources.length} resource(s); Entra expects an empty ListResponse.`);
      return { status };
    }
  }
  return undefined;
}
