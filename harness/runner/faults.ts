/**
 * Scenario `faults`: answers the embedded provider gives instead of its own (429 + Retry-After, 503...),
 * so a scenario can watch how the IdP profile reacts. Each fault counts its own matches.
 */
import { MESSAGE } from '../spec/constants.js';
import type { ScimHandler } from '../../provider/handler.js';
import type { Fault } from '../scenario/types.js';

export function injectFaults(faults: Fault[]): ((handler: ScimHandler) => ScimHandler) | undefined {
  if (faults.length === 0) return undefined;
  const counters = faults.map(() => 0);
  const patterns = faults.map((f) => (f.path === undefined ? undefined : new RegExp(f.path)));
  return (handler) => (request) => {
    for (let i = 0; i < faults.length; i += 1) {
      const fault = faults[i]!;
      if (fault.method !== undefined && fault.method !== request.method) continue;
      if (patterns[i] && !patterns[i]!.test(request.path)) continue;
      counters[i]! += 1;
      const n = counters[i]!;
      if (n <= fault.skip || n > fault.skip + fault.times) continue;
      const body = fault.body ?? { schemas: [MESSAGE.error], status: String(fault.status), detail: `Injected fault: HTTP ${fault.status}.` };
      return { status: fault.status, headers: { ...fault.headers }, body };
    }
    return handler(request);
  };
}
