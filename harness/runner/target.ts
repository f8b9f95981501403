/**
 * Where a scenario's traffic goes. The embedded reference provider is fresh for every scenario (isolation
 * for free), reached over a real socket or in-process (its handler called directly); an external target is shared, so the
 * runner cleans up what each scenario created.
 */
import type { ScimHandler } from '../../provider/handler.js';
import { createProvider, type Provider, type RunningProvider } from '../../provider/provider.js';
import type { ProfileName } from '../../provider/schemas/profiles.js';
import { NodeHttpTransport } from '../transport/node-http-transport.js';
import { InProcessTransport } from '../transport/in-process-transport.js';
import { mountInProcess, type InProcessMount } from '../../provider/msw-adapter.js';
import type { Transport } from '../transport/transport.js';
import type { Fault } from '../scenario/types.js';
import { faultingTransport } from './faults.js';

export type TargetSpec =
  | { kind: 'embedded'; transport: 'http' | 'in-process'; defect: string | undefined }
  | { kind: 'external'; url: string; token: string };

export interface ScenarioTarget {
  baseUrl: string;
  token: string;
  transport: Transport;
  /** The embedded provider, when there is one (scenarios may drive its admin switches). */
  provider: Provider | undefined;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  profile: ProfileName;
  verifiedDomains: string[];
  wrapHandler?: ((handler: ScimHandler) => ScimHandler) | undefined;
  /** The scenario's injected faults, for an external target (the embedded one takes `wrapHandler`). */
  faults?: Fault[];
}

const http = new NodeHttpTransport();
const inProcess = new InProcessTransport();

export async function openTarget(spec: TargetSpec, embedded: EmbeddedOptions): Promise<ScenarioTarget> {
  if (spec.kind === 'external') {
    const baseUrl = spec.url.replace(/\/+$/, '');
    return { baseUrl, token: spec.token, transport: faultingTransport(embedded.faults ?? [], baseUrl, http), provider: undefined, close: async () => {} };
  }
  const provider = createProvider({
    profile: embedded.profile,
    verifiedDomains: embedded.verifiedDomains,
    defect: spec.defect,
    ...(embedded.wrapHandler ? { wrapHandler: embedded.wrapHandler } : {}),
  });
  if (spec.transport === 'in-process') {
    const mount: InProcessMount = mountInProcess(provider.handler, provider.basePath);
    return { baseUrl: mount.baseUrl, token: provider.access.currentToken, transport: inProcess, provider, close: async () => mount.unmount() };
  }
  const running: RunningProvider = await provider.listen(0);
  return { baseUrl: running.baseUrl, token: provider.access.currentToken, transport: http, provider, close: () => running.close() };
}
