/** From the YAML shape (schema- and semantics-checked) to the one shape per step the runner consumes. */
import type { DockerRole } from '../../vocabulary/constants.js';
import { toMatcher } from './expect.js';
import { requirementsOf } from './requirements.js';
import type { Locator } from './positions.js';
import { expandSelection, expandUsers } from './users.js';
import { stepKey, targetItems, type RawOutcomeExpectation, type RawResponseExpectation, type RawScenario, type RawStep, type RawUserSelection } from './raw.js';
import type {
  DirectoryAttributes,
  HttpMethod,
  IdpBinding,
  Matcher,
  ResponseExpectation,
  Scenario,
  Step,
} from './types.js';

export function normalise(raw: RawScenario, file: string, locator: Locator): Scenario {
  const directory = raw.directory ?? {};
  const steps = raw.steps.map((step, index) => {
    const { line, column } = locator.position(['steps', index]);
    return normaliseStep(step, { index, line, column, expectFailure: step.expectFailure === true }, directory.users ?? 0);
  });
  return {
    file,
    name: raw.name,
    description: raw.description,
    tags: raw.tags ?? [],
    provider: { profile: raw.provider?.profile ?? 'full', verifiedDomains: raw.provider?.verifiedDomains ?? [] },
    directory: {
      seed: directory.seed,
      users: directory.users ?? 0,
      domain: directory.domain ?? 'example.com',
      roles: { ...(directory.roles ?? {}) },
      overrides: Object.fromEntries(Object.entries(directory.overrides ?? {}).map(([user, values]) => [user, attributes(values)])),
    },
    timeoutMs: raw.timeoutMs,
    faults: (raw.faults ?? []).map((f) => ({
      method: f.method,
      path: f.path,
      skip: f.skip ?? 0,
      times: f.times ?? 1,
      status: f.status,
      headers: { ...(f.headers ?? {}) },
      body: f.body,
    })),
    steps,
    requires: requirementsOf(raw.requires ?? [], steps, raw.directory),
    ...binding(raw),
  };
}

// The schema chose the settings sub-schema by `idp`, so the casts only restate what was validated.
function binding(raw: RawScenario): IdpBinding {
  return raw.idp === undefined ? { idp: undefined, settings: {} } : { idp: raw.idp, settings: raw.settings ?? {} };
}

function attributes(values: Record<string, string | number | null>): DirectoryAttributes {
  // YAML reads `employeeNumber: 1042` as a number; directories hold text.
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'number' ? String(value) : value]));
}

/**
 * Ranges and `all` become the explicit key lists the runner and the IdP profiles already take: even 100,000
 * keys are a few MB, small beside a run's exchanges, and `undefined` already means "as earlier steps left
 * the assignments", not "everyone".
 */
function normaliseStep(step: RawStep, base: { index: number; line: number; column: number; expectFailure: boolean }, directorySize: number): Step {
  const kind = stepKey(step);
  switch (kind) {
    case 'testConnection':
      return { ...base, kind };
    case 'admin':
      return { ...base, kind, action: step.admin! };
    case 'assign':
    case 'unassign':
    case 'reassign':
    case 'delete': {
      const target = step[kind];
      return { ...base, kind, users: target === undefined ? [] : expandUsers(targetItems(target).map(({ item }) => item)) };
    }
    case 'update': {
      const update = step.update ?? { set: {} };
      return { ...base, kind, users: update.user !== undefined ? [update.user] : expandUsers(update.users ?? []), set: attributes(update.set) };
    }
    case 'fullSync': {
      const sync = step.fullSync ?? {};
      const select = (selection: RawUserSelection | undefined, except?: string[]) => (selection === undefined ? undefined : expandSelection(selection, directorySize, except));
      return { ...base, kind, assigned: select(sync.assigned, sync.except), provisioned: select(sync.provisioned) };
    }
    case 'pushGroup': {
      const push = step.pushGroup ?? { name: '' };
      return { ...base, kind, group: push.name, members: push.members === undefined ? undefined : expandUsers(push.members), renameTo: push.renameTo, delete: push.delete ?? false };
    }
    case 'expect': {
      const outcome = (step.expect ?? {}) as RawOutcomeExpectation;
      return {
        ...base,
        kind,
        subject:
          outcome.user !== undefined
            ? { type: 'user', user: outcome.user }
            : outcome.created !== undefined
              ? { type: 'created', users: outcome.created.users, groups: outcome.created.groups }
              : { type: 'group', group: outcome.group ?? '' },
        exists: outcome.exists ?? true,
        active: outcome.active,
        dockerRole: outcome.dockerRole as DockerRole | undefined,
        members: outcome.members === undefined ? undefined : expandUsers(outcome.members),
        attributes: matchers(outcome.attributes),
      };
    }
    case 'request':
    case 'save': {
      const request = step.request ?? { method: 'GET', path: '/' };
      return {
        ...base,
        kind: 'request',
        name: request.name,
        method: request.method as HttpMethod,
        path: request.path,
        query: { ...(request.query ?? {}) },
        headers: { ...(request.headers ?? {}) },
        auth: request.auth ?? 'default',
        body: request.body,
        rawBody: request.rawBody,
        spaceAs: request.spaceAs ?? '%20',
        expect: step.expect === undefined ? undefined : responseExpectation(step.expect as RawResponseExpectation),
        save: { ...(step.save ?? {}) },
      };
    }
  }
}

function responseExpectation(raw: RawResponseExpectation): ResponseExpectation {
  const status = raw.status === undefined ? undefined : Array.isArray(raw.status) ? raw.status : [raw.status];
  return { status, headers: matchers(raw.headers), body: matchers(raw.body) };
}

function matchers(raw: Record<string, unknown> | undefined): Record<string, Matcher> {
  return Object.fromEntries(Object.entries(raw ?? {}).map(([path, value]) => [path, toMatcher(value)]));
}
