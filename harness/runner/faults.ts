/**
 * Scenario `faults`: answers given instead of the target's own (429 + Retry-After, 503...), so a scenario
 * can watch how the IdP profile reacts. The embedded provider gets them as a handler wrapper; an external
 * target gets them in the transport, in front of it (the faulted request never reaches it), so the
 * same scenario tests the same IdP behaviour against any target. Each fault counts its own matches.
 */
import { MESSAGE } from '../../vocabulary/constants.js';
import type { ScimHandler } from '../../provider/handler.js';
import type { ScimResponse } from '../../provider/http-types.js';
import type { HttpRequest } from '../model.js';
import type { Fault } from '../scenario/types.js';
import type { Transport } from '../transport/transport.js';

type FaultPlan = (method: string, path: string) => ScimResponse | undefined;

function faultPlan(faults: Fault[]): FaultPlan {
  const counters = faults.map(() => 0);
  const patterns = faults.map((f) => (f.path === undefined ? undefined : new RegExp(f.path)));
  return (method, path) => {
    for (let i = 0; i < faults.length; i += 1) {
      const fault = faults[i]!;
      if (fault.method !== undefined && fault.method !== method) continue;
      if (patterns[i] && !patterns[i]!.test(path)) continue;
      counters[i]! += 1;
      const n = counters[i]!;
      if (n <= fault.skip || n > fault.skip + fault.times) continue;
      const body = fault.body ?? { schemas: [MESSAGE.error], status: String(fault.status), detail: `Injected fault: HTTP ${fault.status}.` };
      return { status: fault.status, headers: { ...fault.headers }, body };
    }
    return undefined;
  };
}

export function injectFaults(faults: Fault[]): ((handler: ScimHandler) => ScimHandler) | undefined {
  if (faults.length === 0) return undefined;
  const plan = faultPlan(faults);
  return (handler) => (request) => plan(request.method, request.path) ?? handler(request);
}

/** The same faults in front of an external target: `path` patterns match below its base URL, as above. */
export function faultingTransport(faults: Fault[], baseUrl: string, inner: Transport): Transport {
  if (faults.length === 0) return inner;
  const plan = faultPlan(faults);
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return {
    name: inner.name,
    async send(request: HttpRequest, options) {
      const pathname = new URL(request.url).pathname;
      const path = pathname.startsWith(basePath) ? pathname.slice(basePath.length) || '/' : pathname;
      const fault = plan(request.method, safeDecode(path));
      if (!fault) return inner.send(request, options);
      const headers: Record<string, string> = { ...fault.headers };
      if (fault.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/scim+json';
      return { ok: true, response: { status: fault.status, headers, body: fault.body === undefined ? '' : JSON.stringify(fault.body) }, durationMs: 0 };
    },
  };
}

/** A raw step may send a malformed escape on purpose; it is matched as sent then. */
function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
