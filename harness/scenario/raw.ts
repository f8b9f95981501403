/**
 * The scenario as written in YAML, once the schema has accepted it. Validation is what makes these
 * shapes true, so they are only used after `validateAgainstSchema` returned no issue.
 */
import type { ProviderProfile } from './types.js';

/** Keys and ranges (`user1..user5000`) wherever a list of users goes; `user` alone stays one key. */
export type RawUserTarget = string | string[] | { user?: string; users?: string[] };
/** `all` (every directory user) or a list of keys and ranges. */
export type RawUserSelection = 'all' | string[];

export interface RawRequest {
  name?: string;
  method: string;
  path: string;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  auth?: string;
  body?: unknown;
  rawBody?: string;
  spaceAs?: '%20' | '+';
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
  /** `except` takes users out of `assigned` (`assigned: all, except: [user10]`). */
  fullSync?: { assigned?: RawUserSelection; provisioned?: RawUserSelection; except?: string[] } | null;
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

/**
 * The items (keys or ranges) a target writes, with the path of each below the step key. `{ user }` is
 * one key by the schema; a bare string may be a range (`assign: user1..user100`).
 */
export function targetItems(target: RawUserTarget): { item: string; path: (string | number)[] }[] {
  if (typeof target === 'string') return [{ item: target, path: [] }];
  if (Array.isArray(target)) return target.map((item, i) => ({ item, path: [i] }));
  if (target.user !== undefined) return [{ item: target.user, path: ['user'] }];
  return (target.users ?? []).map((item, i) => ({ item, path: ['users', i] }));
}
