/**
 * Turns a HAR capture of an IdP's SCIM traffic into a scenario of raw `request` steps that replays it: ids the
 * target returned become saved variables, names the capture created become run-unique, and each step expects
 * the recorded status and the parts of the recorded body that another run on the same kind of target reproduces.
 */
import { Document, isCollection, isScalar, visit } from 'yaml';
import { isPlainObject } from '../../vocabulary/json.js';
import { parseJsonText } from '../checks/exchange-view.js';
import { requestUrl } from '../../vocabulary/exchange.js';
import { HTTP_METHODS, IDPS, type HttpMethod } from '../scenario/types.js';
import { headerValue, type Capture, type CapturedEntry, type HarHeader } from '../har/capture.js';

export interface ImportOptions {
  /** The capture's file name, for the header comment and the default scenario name. */
  file: string;
  /** The scenario's `name`; default "Imported capture <file>". */
  name?: string;
  /** The import date written in the header comment (tests pin it). */
  date?: Date;
}

export interface SkippedEntry {
  /** 0-based position in `log.entries`. */
  entry: number;
  method: string;
  url: string;
  reason: string;
}

export interface ImportSummary {
  entries: number;
  steps: number;
  /** The SCIM base URL the capture's requests share, e.g. `https://idp.example.com/scim/v2`. */
  baseUrl: string | undefined;
  idp: string | undefined;
  /** Distinct ids (and ETags) replaced by saved variables. */
  idsParameterised: number;
  /** Distinct userNames, emails, externalIds and group names made run-unique. */
  valuesMadeUnique: number;
  skipped: SkippedEntry[];
  /** What the scenario cannot reproduce exactly, or had to leave out. */
  warnings: string[];
}

export interface ImportResult {
  yaml: string;
  summary: ImportSummary;
}

/** The capture holds nothing a scenario can replay. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** The SCIM endpoints (RFC 7644 §3.2): the path before the first of them is the base URL. */
const ENDPOINTS = ['Users', 'Groups', 'ServiceProviderConfig', 'ResourceTypes', 'Schemas', 'Bulk', 'Me'];
const ENDPOINT_BY_LOWER = new Map(ENDPOINTS.map((e) => [e.toLowerCase(), e]));

/**
 * Headers the replay must not carry: the harness sends the target's own token (and never a captured credential),
 * and the transport owns the connection-level ones. HTTP/2 pseudo-headers (`:authority`) are dropped too.
 */
const DROPPED_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'accept-encoding',
  'transfer-encoding',
  'te',
  'upgrade',
  'expect',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Below this length an id such as "2" is too likely to occur by chance inside other text; only exact places count. */
const MIN_FREE_ID_LENGTH = 8;

const CORE_USER_ATTRS = ['userName', 'externalId'];

interface Prepared {
  entry: CapturedEntry;
  method: HttpMethod;
  endpoint: string;
  /** The recorded path below the base URL, still percent-encoded as sent. */
  path: string;
  /** The recorded query string without `?`, as sent. */
  search: string;
  requestJson: unknown;
  responseJson: unknown;
}

/** Where a target-generated value first appeared: the step that saves it and what it saves. */
interface Origin {
  step: StepDraft;
  source: string;
  variable: string;
  used: boolean;
}

interface StepDraft {
  prepared: Prepared;
  request: Record<string, unknown>;
  expect: Record<string, unknown>;
  save: Record<string, string>;
  comments: string[];
}

export function importCapture(capture: Capture, options: ImportOptions): ImportResult {
  const skipped: SkippedEntry[] = [];
  const warnings: string[] = [];
  const skip = (entry: CapturedEntry, reason: string) => skipped.push({ entry: entry.index, method: entry.method, url: entry.url, reason });

  const baseUrl = commonBase(capture.entries);
  const prepared: Prepared[] = [];
  for (const entry of capture.entries) {
    const reason = prepare(entry, baseUrl, prepared);
    if (reason !== undefined) skip(entry, reason);
  }
  if (prepared.length === 0) {
    throw new ImportError(
      capture.entries.length === 0 ? 'the capture holds no entries' : `none of its ${capture.entries.length} entries is a SCIM request that can be replayed (${skipped[0]?.reason ?? ''})`,
    );
  }

  const unique = runUniqueValues(prepared);
  const ids = new Map<string, Origin>();
  const etags = new Map<string, Origin>();
  const counters = new Map<string, number>();
  const nextVariable = (stem: string) => {
    const n = (counters.get(stem) ?? 0) + 1;
    counters.set(stem, n);
    return `${stem}${n}`;
  };
  const useOrigin = (origin: Origin) => {
    if (!origin.used) {
      origin.used = true;
      origin.step.save[origin.variable] = origin.source;
    }
    return `{{ vars.${origin.variable} }}`;
  };
  const replacer = new Replacer(unique, ids, etags, useOrigin);

  const steps: StepDraft[] = [];
  for (const p of prepared) {
    const step: StepDraft = { prepared: p, request: {}, expect: {}, save: {}, comments: [] };
    const name = `${p.method} ${decodeForLabel(p.path)}${p.search === '' ? '' : `?${decodeForLabel(p.search)}`}`;
    step.request.name = name.length > 120 ? `${name.slice(0, 119)}…` : name;
    step.request.method = p.method;

    step.request.path = p.path
      .split('/')
      .map((segment) => replacer.segment(segment))
      .join('/');

    if (p.search !== '') {
      const query = queryAsMap(p.search);
      if (query !== undefined) {
        // A literal '+' is recorded as %2B, so a bare '+' is a space in form encoding: sent again the same way.
        if (p.search.includes('+')) step.request.spaceAs = '+';
        step.request.query = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, replacer.text(v, k)]));
      } else {
        // The harness would re-encode a `query:` map differently from the capture, so the query stays in the path as recorded.
        step.request.path = `${String(step.request.path)}?${replacer.rawQuery(p.search)}`;
        if (p.search.includes('+')) step.request.spaceAs = '+';
        step.comments.push('query kept in the path as recorded: a `query:` map would be encoded differently');
      }
    }

    const headers = replayHeaders(p.entry.requestHeaders, (value) => replacer.header(value));
    if (Object.keys(headers).length > 0) step.request.headers = headers;

    if (p.requestJson !== undefined && (Array.isArray(p.requestJson) || isPlainObject(p.requestJson))) {
      step.request.body = replacer.json(p.requestJson);
    } else if (p.entry.requestText !== undefined && p.entry.requestText !== '') {
      step.request.rawBody = replacer.text(p.entry.requestText, '');
    }

    expectations(step, replacer);
    steps.push(step);

    // What this response returned becomes known only after its own step: later steps refer to it.
    learnIds(step, ids, nextVariable);
    learnEtags(step, etags, nextVariable);
  }

  const unparameterised = replacer.locationOnly;
  if (unparameterised.size > 0) {
    warnings.push(`${unparameterised.size} id(s) were answered only in a Location header; \`save\` keeps whole headers, so later uses of them stay literal`);
  }
  for (const origin of ids.values()) {
    if (origin.used && origin.source.startsWith('body.Resources.')) {
      warnings.push(
        `${origin.variable} is the id of a resource the capture found in a list (${origin.step.prepared.method} ${origin.step.prepared.endpoint}), not one it created; the replay finds it only if the target holds it`,
      );
    }
  }

  const idp = commonIdp(prepared, warnings);
  const requires = requirements(prepared);
  const scenario: Record<string, unknown> = {
    name: options.name ?? `Imported capture ${basename(options.file)}`,
    description: `Replays ${steps.length} SCIM request(s) recorded in ${basename(options.file)}${baseUrl ? ` against ${baseUrl}` : ''}, with ids taken from the target's answers and the created names made run-unique.`,
    ...(idp === undefined ? {} : { idp }),
    tags: ['imported'],
    ...(requires.length > 0 ? { requires } : {}),
    steps: steps.map((step) => ({
      request: step.request,
      ...(Object.keys(step.expect).length > 0 ? { expect: step.expect } : {}),
      ...(Object.keys(step.save).length > 0 ? { save: step.save } : {}),
    })),
  };

  const yaml = emit(scenario, steps, options, capture, skipped);
  return {
    yaml,
    summary: {
      entries: capture.entries.length,
      steps: steps.length,
      baseUrl,
      idp,
      idsParameterised: [...ids.values(), ...etags.values()].filter((o) => o.used).length,
      valuesMadeUnique: replacer.uniqueUsed.size,
      skipped,
      warnings,
    },
  };
}

/** The URL prefix most entries share before a SCIM endpoint segment. */
function commonBase(entries: readonly CapturedEntry[]): string | undefined {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const split = splitAtEndpoint(entry.url);
    if (split) counts.set(split.base, (counts.get(split.base) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [base, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = base;
  return best;
}

function splitAtEndpoint(url: string): { base: string; path: string; endpoint: string; search: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const segments = parsed.pathname.split('/');
  const at = segments.findIndex((s) => ENDPOINT_BY_LOWER.has(s.toLowerCase()));
  if (at < 0) return undefined;
  return {
    base: `${parsed.origin}${segments.slice(0, at).join('/')}`,
    path: `/${segments.slice(at).join('/')}`,
    endpoint: ENDPOINT_BY_LOWER.get(segments[at]!.toLowerCase())!,
    search: parsed.search.replace(/^\?/, ''),
  };
}

/** Adds the entry to `out`, or says why it cannot be a step. */
function prepare(entry: CapturedEntry, baseUrl: string | undefined, out: Prepared[]): string | undefined {
  const split = splitAtEndpoint(entry.url);
  if (!split) return `not a SCIM endpoint (no ${ENDPOINTS.join(', ')} in the path)`;
  if (split.base !== baseUrl) return `below another base URL (${split.base}) than the capture's ${baseUrl ?? ''}`;
  if (!(HTTP_METHODS as readonly string[]).includes(entry.method)) return `method ${entry.method} cannot be a raw request (${HTTP_METHODS.join(', ')})`;
  if (entry.status === 0) return 'no response was recorded (aborted or failed request)';
  const texts = [entry.url, entry.requestText ?? '', ...entry.requestHeaders.map((h) => h.value)];
  if (texts.some((t) => t.includes('{{'))) return "it contains '{{', which the scenario format reads as a template and cannot escape";
  out.push({
    entry,
    method: entry.method as HttpMethod,
    endpoint: split.endpoint,
    path: split.path,
    search: split.search,
    requestJson: parseJsonText(entry.requestText),
    responseJson: parseJsonText(entry.responseText),
  });
  return undefined;
}

/**
 * The userNames, emails, externalIds and group displayNames the capture writes (POST, PUT, PATCH of Users and
 * Groups), each with its run-unique template: the run's tag before an email's `@` (the domain stays, so a
 * verified domain still holds), at the end of other names, and groups named as the harness names its own.
 */
function runUniqueValues(prepared: readonly Prepared[]): Map<string, UniqueValue> {
  const values = new Map<string, UniqueValue>();
  const add = (value: unknown, kind: UniqueValue['kind']) => {
    if (typeof value !== 'string' || value === '' || values.has(value)) return;
    values.set(value, { kind, template: kind === 'group' ? `{{ run.groupPrefix }}${value} {{ run.tag }}` : tagged(value) });
  };
  for (const p of prepared) {
    if (!['POST', 'PUT', 'PATCH'].includes(p.method) || !isPlainObject(p.requestJson)) continue;
    const isGroup = p.endpoint === 'Groups';
    if (p.endpoint !== 'Users' && !isGroup) continue;
    const fromResource = (resource: unknown) => {
      if (!isPlainObject(resource)) return;
      for (const attr of CORE_USER_ATTRS) add(resource[attr], 'name');
      if (isGroup) add(resource.displayName, 'group');
      if (Array.isArray(resource.emails)) for (const email of resource.emails) if (isPlainObject(email)) add(email.value, 'name');
    };
    if (p.method !== 'PATCH') {
      fromResource(p.requestJson);
      continue;
    }
    const operations = p.requestJson.Operations;
    if (!Array.isArray(operations)) continue;
    for (const op of operations) {
      if (!isPlainObject(op)) continue;
      const path = typeof op.path === 'string' ? op.path : undefined;
      if (path === undefined) fromResource(op.value);
      else if (CORE_USER_ATTRS.includes(path) || (isGroup && path === 'displayName')) add(op.value, isGroup && path === 'displayName' ? 'group' : 'name');
    }
  }
  return values;
}

function tagged(value: string): string {
  const at = value.lastIndexOf('@');
  return at > 0 ? `${value.slice(0, at)}.{{ run.tag }}${value.slice(at)}` : `${value}.{{ run.tag }}`;
}

interface UniqueValue {
  /** `group`: a group's displayName, an ordinary word that may also be a department or a title elsewhere. */
  kind: 'name' | 'group';
  template: string;
}

/** Where a group's name is replaced: its own attributes, PATCH values, and filters (a query parameter or raw text). */
const GROUP_NAME_KEYS = new Set(['displayName', 'display', 'value', 'filter', '']);

/** Rewrites recorded text: run-unique names and target-generated ids become templates. */
class Replacer {
  /** Run-unique values actually replaced somewhere. */
  readonly uniqueUsed = new Set<string>();
  /** Ids seen only in a Location header (see `learnIds`). */
  readonly locationOnly = new Set<string>();

  constructor(
    private readonly unique: Map<string, UniqueValue>,
    private readonly ids: Map<string, Origin>,
    private readonly etags: Map<string, Origin>,
    private readonly use: (origin: Origin) => string,
  ) {}

  /** A path segment: an id replaces the whole (decoded) segment. */
  segment(segment: string): string {
    const decoded = safeDecode(segment);
    const origin = this.ids.get(decoded);
    return origin ? this.use(origin) : segment;
  }

  /** A header value: an ETag a response gave (If-Match), else as recorded. */
  header(value: string): string {
    const origin = this.etags.get(value);
    return origin ? this.use(origin) : this.text(value, '');
  }

  /** A JSON value as the replay should send it. */
  json(value: unknown, key = ''): unknown {
    if (typeof value === 'string') return this.text(value, key);
    if (Array.isArray(value)) return value.map((item) => this.json(item, key));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.json(v, k)]));
    return value;
  }

  /**
   * A string: a whole value equal to an id or a created name is replaced by its template; inside longer text
   * (filters, `$ref` URLs) only at word boundaries, and ids only when long enough not to occur by chance.
   */
  text(value: string, key: string): string {
    const id = this.ids.get(value);
    if (id && (value.length >= MIN_FREE_ID_LENGTH || ['id', 'value', '$ref'].includes(key))) return this.use(id);
    const name = this.unique.get(value);
    if (name !== undefined && (name.kind === 'name' || GROUP_NAME_KEYS.has(key))) {
      this.uniqueUsed.add(value);
      return name.template;
    }
    let out = value;
    for (const [original, { kind, template }] of this.unique) {
      if (kind === 'group' && key !== 'filter' && key !== '') continue;
      const replaced = replaceBounded(out, original, template);
      if (replaced !== out) this.uniqueUsed.add(original);
      out = replaced;
    }
    for (const [original, origin] of this.ids) {
      if (original.length < MIN_FREE_ID_LENGTH || !out.includes(original)) continue;
      const replaced = replaceBounded(out, original, `{{ vars.${origin.variable} }}`);
      if (replaced !== out) this.use(origin);
      out = replaced;
    }
    return out;
  }

  /**
   * A query string kept as recorded: parameters whose decoded value changes are re-encoded (templates left
   * readable); the others keep their recorded bytes.
   */
  rawQuery(search: string): string {
    return search
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        const key = pair.slice(0, eq);
        const decoded = safeDecode(pair.slice(eq + 1).replace(/\+/g, ' '));
        const replaced = this.text(decoded, safeDecode(key));
        return replaced === decoded ? pair : `${key}=${encodeAroundTemplates(replaced)}`;
      })
      .join('&');
  }
}

/** Occurrences of `original` not inside a longer word, email or id. */
function replaceBounded(text: string, original: string, replacement: string): string {
  if (!text.includes(original)) return text;
  const escaped = original.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![A-Za-z0-9._%+@-])${escaped}(?![A-Za-z0-9_%+@-]|\\.[A-Za-z0-9])`, 'g'), () => replacement);
}

function encodeAroundTemplates(text: string): string {
  return text
    .split(/(\{\{[^}]*\}\})/)
    .map((part) => (part.startsWith('{{') ? part : encodeURIComponent(part)))
    .join('');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function decodeForLabel(text: string): string {
  return safeDecode(text.replace(/\+/g, '%20'));
}

/**
 * The query as a `query:` map when the harness, which writes it with URLSearchParams and spaces as %20, sends the
 * same bytes as the capture (spaces as '+' aside, reported apart); undefined when it would not (repeated
 * parameters, another escaping), so the caller keeps the recorded string.
 */
function queryAsMap(search: string): Record<string, string> | undefined {
  const params = [...new URLSearchParams(search)];
  const map = Object.fromEntries(params);
  if (Object.keys(map).length !== params.length) return undefined;
  const base = 'http://replay.invalid';
  const sent = new URL(requestUrl(base, '/', map)).search.replace(/^\?/, '');
  return sent === search.replace(/\+/g, '%20') || new URL(requestUrl(base, '/', map, '+')).search.replace(/^\?/, '') === search ? map : undefined;
}

function replayHeaders(headers: readonly HarHeader[], value: (v: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const header of headers) {
    const lower = header.name.toLowerCase();
    if (DROPPED_HEADERS.has(lower) || header.name.startsWith(':') || !HEADER_NAME.test(header.name)) continue;
    const name = names.get(lower);
    // A header recorded twice travels as one comma-joined value (RFC 9110 §5.3), as a record allows only one.
    if (name !== undefined) out[name] = `${out[name]}, ${value(header.value)}`;
    else {
      names.set(lower, header.name);
      out[header.name] = value(header.value);
    }
  }
  return out;
}

/** Ids the response returned, each remembered with where a `save` finds it, unless an earlier step gave it. */
function learnIds(step: StepDraft, ids: Map<string, Origin>, nextVariable: (stem: string) => string): void {
  const body = step.prepared.responseJson;
  const stemOf = (resource: Record<string, unknown>, fallback: string) => {
    const meta = resource.meta;
    const type = isPlainObject(meta) && typeof meta.resourceType === 'string' ? meta.resourceType : fallback;
    return type.toLowerCase() === 'group' ? 'group' : type.toLowerCase() === 'user' ? 'user' : 'id';
  };
  const endpointStem = step.prepared.endpoint === 'Groups' ? 'group' : step.prepared.endpoint === 'Users' ? 'user' : 'id';
  const learn = (id: unknown, source: string, stem: string) => {
    if (typeof id !== 'string' || id === '' || ids.has(id)) return;
    ids.set(id, { step, source, variable: nextVariable(stem), used: false });
  };
  const fromResource = (resource: unknown, prefix: string) => {
    if (!isPlainObject(resource)) return;
    learn(resource.id, `${prefix}id`, stemOf(resource, endpointStem));
    if (Array.isArray(resource.members)) {
      resource.members.forEach((member, i) => {
        if (isPlainObject(member)) learn(member.value, `${prefix}members.${i}.value`, member.type === 'Group' ? 'group' : 'user');
      });
    }
  };
  if (isPlainObject(body)) {
    fromResource(body, 'body.');
    if (Array.isArray(body.Resources)) body.Resources.forEach((r, i) => fromResource(r, `body.Resources.${i}.`));
  }
  const location = headerValue(step.prepared.entry.responseHeaders, 'Location');
  if (location !== undefined && !(isPlainObject(body) && typeof body.id === 'string')) {
    const id = safeDecode(location.replace(/\/+$/, '').split('/').at(-1) ?? '');
    // Noted, not parameterised: `save` takes a whole header, not its last segment.
    if (id !== '' && !ids.has(id)) step.comments.push(`id ${id} is only in the Location header; later uses stay literal`);
  }
}

/** ETags (header and meta.version), for If-Match / If-None-Match in later requests. */
function learnEtags(step: StepDraft, etags: Map<string, Origin>, nextVariable: (stem: string) => string): void {
  const header = headerValue(step.prepared.entry.responseHeaders, 'ETag');
  if (header !== undefined && header !== '' && !etags.has(header)) etags.set(header, { step, source: 'headers.ETag', variable: nextVariable('etag'), used: false });
  const body = step.prepared.responseJson;
  const meta = isPlainObject(body) ? body.meta : undefined;
  if (isPlainObject(meta) && typeof meta.version === 'string' && meta.version !== '' && !etags.has(meta.version)) {
    etags.set(meta.version, { step, source: 'body.meta.version', variable: nextVariable('etag'), used: false });
  }
}

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** The recorded status, and what of the recorded body is stable from run to run. */
function expectations(step: StepDraft, replacer: Replacer): void {
  const { entry, responseJson: body } = step.prepared;
  step.expect.status = entry.status;
  if (!isPlainObject(body)) return;
  const out: Record<string, unknown> = {};
  const schemas = Array.isArray(body.schemas) ? body.schemas.filter((s): s is string => typeof s === 'string') : [];
  if (schemas.length > 0) out.schemas = schemas;

  if (schemas.includes(ERROR_SCHEMA)) {
    if (body.status !== undefined) out.status = body.status;
    if (typeof body.scimType === 'string') out.scimType = body.scimType;
  } else if (schemas.includes(LIST_SCHEMA)) {
    // A list is stable only when it is scoped to names this capture created: then the target's other data cannot change it.
    const scoped = Object.values((step.request.query as Record<string, string> | undefined) ?? {})
      .concat(String(step.request.path))
      .some((v) => v.includes('{{ run.tag }}'));
    if (scoped && typeof body.totalResults === 'number') {
      out.totalResults = body.totalResults;
      const first = Array.isArray(body.Resources) ? body.Resources[0] : undefined;
      if (body.totalResults === 1 && isPlainObject(first)) Object.assign(out, prefixed(resourceShape(first, replacer), 'Resources.0.'));
    } else if (typeof body.totalResults === 'number') {
      step.comments.push("totalResults not expected: the list is not scoped to names this capture created, so the target's other data changes it");
    }
  } else if (entry.status >= 200 && entry.status < 300) {
    Object.assign(out, resourceShape(body, replacer));
  }
  if (Object.keys(out).length > 0) step.expect.body = out;
}

/**
 * A resource's stable attributes. Left out: id when this very response gives it first (the target picks it),
 * and meta's created/lastModified/version/location, which change every run.
 */
function resourceShape(resource: Record<string, unknown>, replacer: Replacer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof resource.id === 'string') {
    const templated = replacer.text(resource.id, 'id');
    if (templated !== resource.id) out.id = templated;
  }
  for (const attr of ['userName', 'displayName', 'externalId']) {
    if (typeof resource[attr] === 'string') out[attr] = replacer.text(resource[attr], attr);
  }
  if (typeof resource.active === 'boolean') out.active = resource.active;
  const meta = resource.meta;
  if (isPlainObject(meta) && typeof meta.resourceType === 'string') out['meta.resourceType'] = meta.resourceType;
  return out;
}

function prefixed(record: Record<string, unknown>, prefix: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [`${prefix}${k}`, v]));
}

function commonIdp(prepared: readonly Prepared[], warnings: string[]): string | undefined {
  const named = new Set(prepared.map((p) => p.entry.idp));
  if (named.size !== 1) {
    if ([...named].some((n) => n !== undefined)) warnings.push(`entries name different IdPs (${[...named].map(String).join(', ')}): no \`idp\` set`);
    return undefined;
  }
  const [idp] = named;
  if (idp === undefined) return undefined;
  if (!IDPS.includes(idp)) {
    warnings.push(`_idp '${idp}' is not a known IdP profile (${IDPS.join(', ')}): no \`idp\` set`);
    return undefined;
  }
  return idp;
}

/**
 * What the target must offer for the replay to mean anything: raw requests imply no need, so it is declared.
 * Only what the capture's target accepted (2xx), so a recorded refusal still replays as a refusal.
 */
function requirements(prepared: readonly Prepared[]): string[] {
  const needs = new Set<string>();
  for (const p of prepared) {
    if (p.entry.status < 200 || p.entry.status >= 300) continue;
    if (p.endpoint === 'Groups') needs.add('groups');
    if (p.endpoint === 'Bulk') needs.add('bulk');
    if (p.method === 'PATCH') needs.add('patch');
    if (/(^|&)filter=/i.test(p.search)) needs.add('filter');
    if (headerValue(p.entry.requestHeaders, 'If-Match') !== undefined || headerValue(p.entry.requestHeaders, 'If-None-Match') !== undefined) needs.add('etag');
  }
  return ['groups', 'patch', 'bulk', 'filter', 'etag'].filter((n) => needs.has(n));
}

function basename(file: string): string {
  return file.split(/[\\/]/).at(-1) ?? file;
}

function emit(scenario: Record<string, unknown>, steps: readonly StepDraft[], options: ImportOptions, capture: Capture, skipped: readonly SkippedEntry[]): string {
  const doc = new Document(scenario);
  const date = (options.date ?? new Date()).toISOString().slice(0, 10);
  const header = [
    ` Imported from ${basename(options.file)} on ${date} by \`scim-conformance import\`${capture.creator ? ` (recorded by ${capture.creator})` : ''}.`,
    ' Each step replays one recorded request and expects its recorded status; ids come from earlier answers (save → vars).',
    ...skipped.map((s) => ` Skipped entry ${s.entry} (${s.method} ${s.url}): ${s.reason}.`),
  ];
  doc.commentBefore = header.join('\n');
  steps.forEach((step, i) => {
    const node = doc.getIn(['steps', i], true);
    const comment = [` entry ${step.prepared.entry.index}: recorded ${step.prepared.entry.status}`, ...step.comments.map((c) => ` ${c}`)].join('\n');
    if (isCollection(node)) node.commentBefore = comment;
  });
  // Templates are quoted, as the format's README asks of hand-written files.
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && node.value.includes('{{')) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}
