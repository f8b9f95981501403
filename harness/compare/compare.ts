/** The fidelity comparison: recognise a capture's IdP actions, have the profile perform them, and list the differences per action. */
import type { IdpProfile } from '../../mock-idp/profile.js';
import { compareRequests, describeRequest, type Difference } from './diff.js';
import type { Capture } from './har.js';
import { opensWithProbe, recognise } from './recognise.js';
import { replay } from './replay.js';

export interface ActionReport {
  /** 1-based, in capture order. */
  index: number;
  label: string;
  /** The IdP action kind, or `unrecognised`. */
  kind: string;
  note: string | undefined;
  /** What the profile sent, as `METHOD /template?query`. */
  expected: string[];
  /** What the capture shows. */
  actual: string[];
  /** The profile's own verdict on the action (a failed replay explains missing requests). */
  profileOutcome: { ok: boolean; messages: string[] } | undefined;
  differences: Difference[];
}

export interface CompareReport {
  idp: string;
  /** The capture file, as named on the command line. */
  capture: string;
  settings: Record<string, unknown>;
  requests: number;
  actions: ActionReport[];
  differences: Difference[];
}

export interface CompareOptions {
  profile: IdpProfile;
  /** The profile's settings, as a scenario's `settings:` block. */
  settings: Record<string, unknown>;
  /** How the report names the capture. */
  source: string;
}

export async function compareCapture(capture: Capture, options: CompareOptions): Promise<CompareReport> {
  const recognition = recognise(capture.requests, { activityProbes: await probesEachActivity(options) });
  const steps = recognition.actions.flatMap((a) => (a.action === undefined ? [] : [{ action: a.action, set: a.set }]));
  const replayed = await replay(steps, { profile: options.profile, settings: options.settings, directory: recognition.directory, seeds: recognition.seeds });
  const actions: ActionReport[] = [];
  let next = 0;
  for (const [i, recognised] of recognition.actions.entries()) {
    const index = i + 1;
    const done = recognised.action === undefined ? undefined : replayed[next++];
    const expected = done?.requests ?? [];
    // Unrecognised traffic is traffic the profile would not send: each request is an extra one.
    const found = compareRequests(expected, recognised.requests).map((d) => ({
      action: index,
      actionLabel: recognised.label,
      ...d,
      ...(recognised.action === undefined && d.kind === 'extra' ? { detail: `${d.detail} (not recognised as an IdP action: ${recognised.note ?? 'unknown'})` } : {}),
    }));
    actions.push({
      index,
      label: recognised.label,
      kind: recognised.action?.kind ?? 'unrecognised',
      note: recognised.note,
      expected: expected.map(describeRequest),
      actual: recognised.requests.map(describeRequest),
      profileOutcome: done?.outcome,
      differences: found,
    });
  }
  return {
    idp: options.profile.declaration.name,
    capture: options.source,
    settings: options.settings,
    requests: capture.requests.length,
    actions,
    differences: actions.flatMap((a) => a.differences),
  };
}

/** Learnt from the profile, not assumed per IdP name: does its assign open with a probe (Entra's activity start)? */
async function probesEachActivity(options: CompareOptions): Promise<boolean> {
  const [done] = await replay([{ action: { kind: 'assign', users: ['user1'] } }], { profile: options.profile, settings: options.settings, directory: { seed: 1, users: 1 } });
  return opensWithProbe(done?.requests ?? []);
}
