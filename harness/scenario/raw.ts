/**
 * The scenario as written in YAML, once the schema has accepted it. Validation is what makes these
 * shapes true, so they are only used after `validateAgainstSchema` returned no issue.
 */
import type { ProviderProfile } from './types.js';

export type RawUserTarget = string | string[] | { user?: string; users?: string[] };

export interface RawRequest {
  name?: string;
  method: string;
  path: string;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  auth?: string;
  body?: unknown;
  rawBody?: string;
}

export interface RawResponseExpectation {
  status?: number | number[];
  headers?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

export interface RawOutcomeExpectation {
  user?: string;
  group?: string;
  created?: { users?: number; groups?: number };
  exists?: boolean;
  active?: boolean;
  dockerRole?: string;
  members?: string[];
  attributes?: Record<string, unknown>;
}

export interface RawStep {
  testConnection?: Record<string, never> | null;
  assign?: RawUserTarget;
  update?: { user?: string; users?: string[]; set: Record<string, string | number | null> };
  unassign?: RawUserTarget;
  reassign?: RawUserTarget;
  delete?: RawUserTarget;
  fullSync?: { assigned?: string[]; provisioned?: string[] } | null;
  pushGroup?: { name: string; members?: string[]; renameTo?: string; delete?: boolean };
  /** Beside `request`: a response expectation; alone: an outcome expectation. */
  expect?: RawResponseExpectation | RawOutcomeExpectation;
  request?: RawRequest;
  save?: Record<string, string>;
  admin?: AdminAction;
  expectFailure?: true;
}

export type AdminAction = 'regenerateToken' | 'regenerateTokenKeepOld' | 'disableScim' | 'enableScim';

export interface RawFault {
  method?: string;
  path?: string;
  skip?: number;
  times?: number;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RawScenario {
  name: string;
  description?: string;
  idp?: string;
  tags?: string[];
  provider?: { profile?: ProviderProfile; verifiedDomains?: string[] };
  requires?: string[];
  settings?: Record<string, unknown>;
  directory?: {
    seed?: number;
    users?: number;
    domain?: string;
    roles?: Record<string, 'member' | 'editor' | 'owner'>;
    overrides?: Record<string, Record<string, string | number | null>>;
  };
  timeoutMs?: number;
  faults?: RawFault[];
  steps: RawStep[];
}

/** The key that names a step's kind: `request` wins because its step also holds `expect` and `save`. */
export function stepKey(step: RawStep): Exclude<keyof RawStep, 'expectFailure'> {
  if (step.request !== undefined) return 'request';
  const [key] = Object.keys(step).filter((k) => k !== 'expectFailure');
  return (key ?? 'testConnection') as Exclude<keyof RawStep, 'expectFailure'>;
}

/** The user keys a target names, with the path of each below the step key. */
export function targetUsers(target: RawUserTarget): { user: string; path: (string | number)[] }[] {
  if (typeof target === 'string') return [{ user: target, path: [] }];
  if (Array.isArray(target)) return target.map((user, i) => ({ user, path: [i] }));
  if (target.user !== undefined) return [{ user: target.user, path: ['user'] }];
  return (target.users ?? []).map((user, i) => ({ user, path: ['users', i] }));
}
