/**
 * Reads what a target declares about itself (ServiceProviderConfig, Schemas, ResourceTypes; `GET /Groups` when it
 * publishes no resource types) into the context the schema-driven checks use and the features scenarios need.
 * Once per run for an external target; per scenario for the embedded provider, which is new each time.
 * These reads are not judged: the discovery scenario (core/discovery.yaml) judges discovery, and an IdP that never
 * reads it (none of the three does) should not fail on it.
 */
import type { CheckContext } from '../checks/check.js';
import type { Exchange } from '../model.js';
import { FeatureSet } from './features.js';
import type { Session } from './session.js';
import { answerOf } from './verdicts.js';

/** Why a run stops early, when it is the target's fault rather than a scenario's. */
export type TargetFailure = 'unreachable' | 'auth-refused';

export interface TargetDiscovery {
  context: CheckContext;
  features: FeatureSet;
  /** Set when the target cannot be reached or refuses the token: nothing else will work either. */
  failure: { kind: TargetFailure; message: string } | undefined;
}

export async function discoverTarget(session: Session, embedded: boolean): Promise<TargetDiscovery> {
  const get = (path: string, query?: Record<string, number>) =>
    session.send({ method: 'GET', path, ...(query ? { query } : {}) }, { label: `discovery GET ${path}`, area: 'discovery', idp: undefined });
  const spc = await get('/ServiceProviderConfig');
  const failure = failureOf(spc, session.baseUrl);
  const ok = (e: Exchange) => (e.response?.status === 200 ? e.responseJson : undefined);
  if (failure) {
    const context = { baseUrl: session.baseUrl, schemas: undefined, resourceTypes: undefined, serviceProviderConfig: undefined };
    const answers = { serviceProviderConfig: answerOf(spc), resourceTypes: 'not asked', schemas: 'not asked' };
    return { context, features: new FeatureSet({ context, answers, embedded }), failure };
  }
  const schemas = await get('/Schemas');
  const resourceTypes = await get('/ResourceTypes');
  const context: CheckContext = { baseUrl: session.baseUrl, schemas: ok(schemas), resourceTypes: ok(resourceTypes), serviceProviderConfig: ok(spc) };
  const answers = { serviceProviderConfig: answerOf(spc), resourceTypes: answerOf(resourceTypes), schemas: answerOf(schemas) };
  let groupsProbe: { ok: boolean; answer: string } | undefined;
  if (context.resourceTypes === undefined) {
    const groups = await get('/Groups', { count: 1 });
    groupsProbe = { ok: groups.response?.status === 200, answer: answerOf(groups) };
  }
  return { context, features: new FeatureSet({ context, answers, groupsProbe, embedded }), failure: undefined };
}

function failureOf(first: Exchange, baseUrl: string): TargetDiscovery['failure'] {
  if (first.transportError) return { kind: 'unreachable', message: `Target ${baseUrl} is unreachable: ${first.transportError.message}` };
  const status = first.response?.status;
  if (status === 401 || status === 403) return { kind: 'auth-refused', message: `Target ${baseUrl} refused the token (HTTP ${status}).` };
  return undefined;
}
