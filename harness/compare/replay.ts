/** Has a profile perform recognised actions against a fresh embedded reference provider, in-process, recording every request as it sent it. */
import { Directory, type DirectorySpec } from '../../mock-idp/directory.js';
import { newIdpState, type ActionOutcome, type IdpAction, type IdpContext, type IdpProfile } from '../../mock-idp/profile.js';
import { dispatchInProcess, mountInProcess } from '../../provider/msw-adapter.js';
import { createProvider } from '../../provider/provider.js';
import { requestUrl, type Area, type Exchange, type OutgoingRequest } from '../../vocabulary/exchange.js';
import type { WireRequest } from './har.js';
import type { Seed } from './recognise.js';
import { parseJson } from './wire.js';

export interface ReplayStep {
  action: IdpAction;
  /** Applied to the directory first, as the runner applies an update step's `set`. */
  set?: Record<string, string | null> | undefined;
}

export interface ReplayedAction {
  requests: WireRequest[];
  outcome: ActionOutcome;
}

export interface ReplayOptions {
  profile: IdpProfile;
  settings: Record<string, unknown>;
  directory: DirectorySpec;
  /** Resources created at the provider before the first step, unrecorded (what the target held before the capture). */
  seeds?: Seed[];
}

/** Each step's requests, in order, as the profile sent them (its exact headers plus Authorization). */
export async function replay(steps: ReplayStep[], options: ReplayOptions): Promise<ReplayedAction[]> {
  const provider = createProvider({ token: 'compare-replay-token-0123' });
  const mount = mountInProcess(provider.handler, provider.basePath);
  const directory = new Directory(options.directory);
  let sent: WireRequest[] = [];
  let counter = 0;
  const ctx: IdpContext = {
    directory,
    state: newIdpState(),
    settings: options.settings,
    http: {
      send: async (request, area, label, behaviour) => {
        const { exchange, wire } = dispatch(mount.baseUrl, provider.access.currentToken, request, { area, label, behaviour, id: `compare#${(counter += 1)}`, idp: options.profile.declaration.name });
        sent.push(wire);
        return exchange;
      },
      // Retry-After waits are the IdP's timing, not its request shapes: the replay does not wait them out.
      sleep: async () => {},
    },
  };
  const out: ReplayedAction[] = [];
  try {
    for (const seed of options.seeds ?? []) {
      const headers = { Authorization: `Bearer ${provider.access.currentToken}`, 'Content-Type': 'application/scim+json' };
      const answered = dispatchInProcess({ method: 'POST', url: `${mount.baseUrl}/${seed.resource}`, headers, body: JSON.stringify(seed.body) });
      if (answered?.status !== 201) throw new Error(`could not seed the ${seed.resource} resource the capture links to: HTTP ${answered?.status ?? 'no answer'} ${answered?.body ?? ''}`);
    }
    for (const step of steps) {
      sent = [];
      if (step.action.kind === 'update' && step.set !== undefined) directory.update(step.action.user, step.set);
      const outcome = await options.profile.perform(step.action, ctx);
      out.push({ requests: sent, outcome });
    }
  } finally {
    mount.unmount();
  }
  return out;
}

interface Labels {
  area: Area;
  label: string;
  behaviour: string | undefined;
  id: string;
  idp: string;
}

/** Builds the request as the harness session would put it on the wire, and answers it from the provider's handler. */
function dispatch(baseUrl: string, token: string, request: OutgoingRequest, labels: Labels): { exchange: Exchange; wire: WireRequest } {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if ((request.auth ?? 'default') === 'default') headers.Authorization = `Bearer ${token}`;
  else if (request.auth !== 'none' && request.auth !== undefined) headers.Authorization = request.auth;
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const url = requestUrl(baseUrl, request.path, request.query, request.spaceAs);
  const startedAt = new Date().toISOString();
  const answered = dispatchInProcess({ method: request.method, url, headers, ...(body === undefined ? {} : { body }) });
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const wire: WireRequest = { method: request.method.toUpperCase(), url, headers: lower, body, status: answered?.status, responseBody: answered?.body };
  const exchange: Exchange = {
    id: labels.id,
    label: labels.label,
    ...(labels.behaviour === undefined ? {} : { behaviour: labels.behaviour }),
    area: labels.area,
    idp: labels.idp,
    request: { method: request.method, url, headers, ...(body === undefined ? {} : { body }) },
    response: answered === undefined ? undefined : { status: answered.status, headers: answered.headers, body: answered.body ?? '' },
    requestJson: parseJson(body),
    responseJson: parseJson(answered?.body),
    transportError: answered === undefined ? { kind: 'network', message: 'the embedded provider is not mounted' } : undefined,
    startedAt,
    durationMs: 0,
  };
  return { exchange, wire };
}
