/**
 * The shape of a spec check and the context it judges an exchange in.
 *
 * Ids are `rfc7643.<topic>.<what>` or `rfc7644.<topic>.<what>` (see CHECK_ID_PATTERN), filed under the SCIM
 * RFC the requirement belongs to even when the sentence quoted comes from an RFC it points to (401's
 * `WWW-Authenticate` is RFC 7235's, required through RFC 7644 §2).
 *
 * Levels follow the quoted sentence: MUST/SHALL/REQUIRED (and their negations) → MUST, SHOULD/RECOMMENDED
 * → SHOULD, MAY/OPTIONAL → MAY. Two cases have no keyword: a definition of the data model ("The attribute is
 * never returned", "The name of the resource type of the resource") is enforced as MUST, since a value
 * contradicting it is not what the RFC defines; protocol behaviour told as plain prose ("a successful PUT
 * operation returns a 200 OK") is SHOULD, since the RFC chose not to make it a requirement.
 */
import type { Area, Exchange, Finding, Level } from '../model.js';
import type { Feature } from '../scenario/types.js';

export const CHECK_ID_PATTERN = /^rfc764[34]\.[a-z-]+\.[a-z0-9-]+$/;

/** What the scenario knows about an exchange that the exchange itself does not say. */
export interface ExchangeHints {
  /** The scenario sent a deliberately malformed or unsupported filter (expects 400 `invalidFilter`). */
  invalidFilter?: boolean;
  /** Overrides the `startIndex` read from the request URL or SearchRequest body (for requests built oddly). */
  requestedStartIndex?: number;
  /** Overrides the `count` read from the request URL or SearchRequest body. */
  requestedCount?: number;
}

export interface CheckContext {
  /** The target's SCIM base URL, e.g. `http://127.0.0.1:8080/scim/v2`; routes are read below it. */
  baseUrl: string | undefined;
  /** The parsed body of the target's `GET /Schemas` (a ListResponse, or a bare array), if discovered. */
  schemas: unknown;
  /** The parsed body of the target's `GET /ResourceTypes`, if discovered. */
  resourceTypes: unknown;
  /** The parsed body of the target's `GET /ServiceProviderConfig`, if discovered. */
  serviceProviderConfig?: unknown;
  hints?: ExchangeHints;
}

/** What a report says about a check: spec checks and outcome checks (outcome.ts) share it. */
export interface CheckInfo {
  /** Stable across releases: reports and baselines refer to it. */
  id: string;
  /** e.g. `RFC 7644 §3.3`, or the IdP behaviour an outcome check relies on. */
  rfc: string;
  level: Level;
  area: Area;
  title: string;
  /** The RFC sentence enforced, verbatim as far as known. */
  quote: string;
  /**
   * How a server developer makes a failing endpoint pass: concrete, one or two sentences (what to return,
   * which header, field or status, an example value), grounded in the quote rather than restating the title.
   * Required, so no check joins the catalogue without one; `checks`, `checks --json` and the README show it.
   */
  hint: string;
}

export interface Check extends CheckInfo {
  /**
   * An optional feature (harness/scenario/types.ts FEATURES) the requirement only binds a target offering: on a
   * target that does not advertise it, the check is reported not applicable instead of run.
   */
  requires?: Feature;
  /** Whether the exchange is one this check can judge; never throws. */
  applies(exchange: Exchange, ctx: CheckContext): boolean;
  /** Only called when `applies` is true; returns at least one finding. */
  run(exchange: Exchange, ctx: CheckContext): Finding[];
}

export interface FindingDetail {
  /** What was looked at, e.g. `Location header` or `Resources[2].userName`. */
  subject: string;
  expected?: unknown;
  actual?: unknown;
  message: string;
}

/** The one way findings are made, so every check reports the same shape. */
export function finding(check: Pick<Check, 'id'>, exchange: Exchange, passed: boolean, detail: FindingDetail): Finding {
  return made(check, exchange, passed, detail, detail.message);
}

/** Built field by field, not with spreads or a copy of `detail`: a 10,000-user run makes close to a million findings. */
function made(check: Pick<Check, 'id'>, exchange: Exchange, passed: boolean, detail: Omit<FindingDetail, 'message'>, message: string): Finding {
  const result: Finding = { checkId: check.id, passed, subject: detail.subject, message, exchangeId: exchange.id };
  if ('expected' in detail) result.expected = detail.expected;
  if ('actual' in detail) result.actual = detail.actual;
  return result;
}

export const pass = (check: Pick<Check, 'id'>, exchange: Exchange, detail: FindingDetail) => finding(check, exchange, true, detail);
export const fail = (check: Pick<Check, 'id'>, exchange: Exchange, detail: FindingDetail) => finding(check, exchange, false, detail);

/** An empty context: nothing discovered, no hints. */
export function emptyContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return { baseUrl: undefined, schemas: undefined, resourceTypes: undefined, ...overrides };
}

/** A pass or a fail on one condition, with the message for each outcome. */
export function judge(
  check: Pick<Check, 'id'>,
  exchange: Exchange,
  ok: boolean,
  detail: Omit<FindingDetail, 'message'>,
  messages: { pass: string; fail: string },
): Finding {
  return made(check, exchange, ok, detail, ok ? messages.pass : messages.fail);
}
