/**
 * A scenario as the runner sees it: parsed, validated against `scenarios/scenario.schema.json`,
 * checked for meaning, and normalised so every spelling of a step has one shape.
 *
 * Strings inside steps may still hold `{{ ... }}` templates; they are rendered at run time
 * (`template.ts`, `render.ts`) because they refer to responses and saved variables.
 */
import { idpNames } from '../../mock-idp/index.js';
import type { DockerRole } from '../../vocabulary/constants.js';

/** The registered IdP profiles' names (`mock-idp/index.ts`): the values `idp:` and `--idp` accept. */
export const IDPS: readonly string[] = idpNames();
export type IdpName = string;

/**
 * What a scenario may need of its target (`requires:`). ServiceProviderConfig features, Groups (a Group
 * resource type), a schema extension (`docker`, `enterprise`, or any `schema:<URN>`), and `admin`: the
 * embedded reference provider's organization switches, which no external target has.
 */
export const FEATURES = ['groups', 'no-groups', 'patch', 'bulk', 'filter', 'sort', 'etag', 'changePassword', 'docker', 'enterprise', 'admin'] as const;
export type NamedFeature = (typeof FEATURES)[number];
/** A named feature or `schema:<URN>`. */
export type Feature = NamedFeature | `schema:${string}`;
export const SCHEMA_FEATURE_PREFIX = 'schema:';

export function isFeature(value: string): value is Feature {
  return (FEATURES as readonly string[]).includes(value) || /^schema:urn:\S+$/.test(value);
}

/** A need of the scenario, and where it comes from (`declared`, or the step that implies it). */
export interface Requirement {
  feature: Feature;
  why: string;
}

export const PROVIDER_PROFILES = ['full', 'docker-hub', 'docker-hub-legacy'] as const;
export type ProviderProfile = (typeof PROVIDER_PROFILES)[number];

/** Directory attributes a scenario may set (`update.set`, `directory.overrides`); the IdP maps them to SCIM. */
export const DIRECTORY_ATTRIBUTES = [
  'userName',
  'email',
  'givenName',
  'familyName',
  'displayName',
  'externalId',
  'department',
  'employeeNumber',
  'manager',
  'title',
  'mobilePhone',
  'locale',
  'dockerRole',
  'dockerOrg',
  'dockerTeam',
] as const;
export type DirectoryAttribute = (typeof DIRECTORY_ATTRIBUTES)[number];
/** `null` clears the attribute in the directory. */
export type DirectoryAttributes = Partial<Record<DirectoryAttribute, string | null>>;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * Which IdP's traffic the scenario replays, and the settings block as the scenario wrote it: defaults
 * belong to the IdP profile, whose declaration also gave the loader the schema it was checked against.
 */
export type IdpBinding = { idp: IdpName; settings: Readonly<Record<string, unknown>> } | { idp: undefined; settings: Record<string, never> };

export interface ProviderOptions {
  profile: ProviderProfile;
  verifiedDomains: string[];
}

export interface DirectorySpec {
  /** Undefined: the run's seed. */
  seed: number | undefined;
  /** Users are `user1` … `user${users}`. */
  users: number;
  domain: string;
  /** Initial Docker roles by user key. */
  roles: Record<string, DockerRole>;
  /** Generated attributes replaced, by user key. */
  overrides: Record<string, DirectoryAttributes>;
}

interface StepBase {
  /** Position in `steps` (0-based). */
  index: number;
  /** 1-based source position of the step, for messages. */
  line: number;
  column: number;
  /** IdP actions: the IdP must report the action as failed. */
  expectFailure: boolean;
}

export interface TestConnectionStep extends StepBase {
  kind: 'testConnection';
}

/** `assign: user1`, `assign: [user1]`, `assign: { user: user1 }` and `assign: { users: [user1] }` all land here. */
export interface UsersStep extends StepBase {
  kind: 'assign' | 'unassign' | 'reassign' | 'delete';
  users: string[];
}

export interface UpdateStep extends StepBase {
  kind: 'update';
  users: string[];
  set: DirectoryAttributes;
}

export interface FullSyncStep extends StepBase {
  kind: 'fullSync';
  /** Undefined: as earlier steps left the IdP. */
  assigned: string[] | undefined;
  provisioned: string[] | undefined;
}

export interface PushGroupStep extends StepBase {
  kind: 'pushGroup';
  group: string;
  /** The full member list after the push; undefined leaves membership as it was. */
  members: string[] | undefined;
  renameTo: string | undefined;
  delete: boolean;
}

/** `created`: the resources this scenario created at the target (its ledger), counted by type. */
export type ExpectSubject = { type: 'user'; user: string } | { type: 'group'; group: string } | { type: 'created'; users: number | undefined; groups: number | undefined };

/** The target's view of a directory user or pushed group. */
export interface ExpectStep extends StepBase {
  kind: 'expect';
  subject: ExpectSubject;
  exists: boolean;
  active: boolean | undefined;
  dockerRole: DockerRole | undefined;
  members: string[] | undefined;
  /** Dotted path in the target's resource → matcher. */
  attributes: Record<string, Matcher>;
}

export interface RequestStep extends StepBase {
  kind: 'request';
  name: string | undefined;
  method: HttpMethod;
  /** Relative to the target base URL, or absolute. */
  path: string;
  query: Record<string, string | number | boolean>;
  headers: Record<string, string>;
  /** `default` (target token), `none`, or the Authorization value to send. */
  auth: string;
  /** JSON body; undefined when none (or when `rawBody` is used). */
  body: unknown;
  rawBody: string | undefined;
  /** How spaces in the query go on the wire: `%20` (default) or `+` (form encoding, Entra's filters). */
  spaceAs: '%20' | '+';
  expect: ResponseExpectation | undefined;
  /** Variable name → `status` | `headers.<name>` | `body[.<path>]`. */
  save: Record<string, string>;
}

/** An organization admin's switch on the embedded provider (Docker Hub security settings). */
export interface AdminStep extends StepBase {
  kind: 'admin';
  action: 'regenerateToken' | 'regenerateTokenKeepOld' | 'disableScim' | 'enableScim';
}

/** An answer the embedded provider gives instead of its own, for matching requests. */
export interface Fault {
  method: string | undefined;
  /** Regular expression over the path below the base URL. */
  path: string | undefined;
  skip: number;
  times: number;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Step = TestConnectionStep | UsersStep | UpdateStep | FullSyncStep | PushGroupStep | ExpectStep | RequestStep | AdminStep;
export type StepKind = Step['kind'];

export const IDP_ACTION_KINDS = ['testConnection', 'assign', 'update', 'unassign', 'reassign', 'delete', 'fullSync', 'pushGroup'] as const;
export type IdpActionKind = (typeof IDP_ACTION_KINDS)[number];
export const STEP_KINDS: readonly StepKind[] = [...IDP_ACTION_KINDS, 'expect', 'request', 'admin'];

export const MATCHER_OPERATORS = [
  'equals',
  'equalsIgnoreCase',
  'matches',
  'present',
  'length',
  'contains',
  'oneOf',
  'gte',
  'lte',
  'typeOf',
] as const;
export type MatcherOperator = (typeof MATCHER_OPERATORS)[number];

export const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;
export type JsonType = (typeof JSON_TYPES)[number];

/**
 * Operator values are `unknown` on purpose: before rendering they may be template strings
 * (`gte: "{{ vars.n }}"`), so their types are checked when matching.
 */
export type MatcherOperators = Partial<Record<MatcherOperator, unknown>>;

/**
 * Decided at load time (not after rendering) so a template that renders to an object such as
 * `{ present: true }` is compared as data, never mistaken for operators.
 */
export type Matcher = { kind: 'literal'; value: unknown } | { kind: 'operators'; operators: MatcherOperators };

export interface ResponseExpectation {
  /** Acceptable status codes; undefined: any. */
  status: number[] | undefined;
  /** Header name as written → matcher; names compare case-insensitively. */
  headers: Record<string, Matcher>;
  /** Dotted path (`$` = whole body) → matcher. */
  body: Record<string, Matcher>;
}

export type Scenario = {
  /** The file as given to the loader (kept relative when given relative). */
  file: string;
  name: string;
  description: string | undefined;
  tags: string[];
  provider: ProviderOptions;
  directory: DirectorySpec;
  timeoutMs: number | undefined;
  faults: Fault[];
  steps: Step[];
  /** Declared (`requires:`) and implied by the steps (harness/scenario/requirements.ts), one per feature. */
  requires: Requirement[];
} & IdpBinding;
