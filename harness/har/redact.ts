/** What never reaches a HAR file: credentials in headers, bearer tokens wherever they appear, and chosen JSON fields (password always). */
import type { HarEntry, HarHeader } from './har.js';
import { harQueryString } from './har.js';

export const REDACTED = '[redacted]';

/** Credential headers, as harness/transport/transport.ts redacts them for the other reports. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

/** Passwords are always redacted: an IdP sends real ones when password sync is on. */
export const DEFAULT_REDACTED_FIELDS = ['password'];

/**
 * Tokens shorter than this are not searched for in text: replacing a 3-letter string everywhere would mangle
 * bodies while hiding nothing worth hiding (the Authorization header itself is redacted regardless).
 */
const MIN_TOKEN_LENGTH = 6;

export interface RedactOptions {
  /** Secrets to replace wherever they appear (header values, URLs, bodies). */
  tokens?: Iterable<string>;
  /** More header names whose values are replaced (case-insensitive). */
  headers?: Iterable<string>;
  /** JSON paths (`password`, `name.givenName`, `urn:…:User:employeeNumber`) whose values are replaced, besides password. */
  fields?: Iterable<string>;
}

export interface Redactor {
  /** Adds a secret to search for from now on (the recorder learns each bearer token from the requests it sees). */
  addToken(token: string): void;
  /** A redacted copy of the entry. */
  entry(entry: HarEntry): HarEntry;
  /** A string with every known token replaced. */
  text(text: string): string;
}

/** A field path split into object keys: a schema URN prefix (up to its last `:`) is one key, the rest split on dots. */
export function fieldPathKeys(path: string): string[] {
  if (path.toLowerCase().startsWith('urn:')) {
    const cut = path.lastIndexOf(':');
    return [path.slice(0, cut), ...path.slice(cut + 1).split('.')].filter(Boolean);
  }
  return path.split('.').filter(Boolean);
}

/** The token of an `Authorization: <scheme> <token>` value (Bearer, Basic…), or the whole value without a scheme. */
export function credentialOf(value: string): string | undefined {
  const match = /^\s*(?:\S+\s+)?(\S+)\s*$/.exec(value);
  return match?.[1];
}

export function createRedactor(options: RedactOptions = {}): Redactor {
  const tokens = new Set<string>();
  const headerNames = new Set([...CREDENTIAL_HEADERS, ...[...(options.headers ?? [])].map((h) => h.toLowerCase())]);
  // SCIM attribute names are case-insensitive (RFC 7643 §2.1), so paths match regardless of case.
  const paths = [...new Set([...DEFAULT_REDACTED_FIELDS, ...(options.fields ?? [])])].map((p) => fieldPathKeys(p).map((k) => k.toLowerCase()));
  const addToken = (token: string) => {
    if (token.length >= MIN_TOKEN_LENGTH && token !== REDACTED) tokens.add(token);
  };
  for (const token of options.tokens ?? []) addToken(token);

  const text = (value: string): string => {
    let out = value;
    for (const token of tokens) if (out.includes(token)) out = out.split(token).join(REDACTED);
    // A token can also travel URL-encoded (a query parameter); only worth a second pass when encoding changes it.
    for (const token of tokens) {
      const encoded = encodeURIComponent(token);
      if (encoded !== token && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
    }
    return out;
  };

  const header = (h: HarHeader): HarHeader => {
    const lower = h.name.toLowerCase();
    if (!headerNames.has(lower)) return { ...h, value: text(h.value) };
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      // Keep the scheme: "Bearer [redacted]" still tells a reader how the IdP authenticated.
      const scheme = /^\s*(\S+)\s+\S/.exec(h.value)?.[1];
      return { ...h, value: scheme ? `${scheme} ${REDACTED}` : REDACTED };
    }
    return { ...h, value: REDACTED };
  };

  const body = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const fielded = paths.length > 0 ? redactJsonText(value, paths) : value;
    return text(fielded);
  };

  const entry = (e: HarEntry): HarEntry => {
    const url = text(e.request.url);
    const requestText = body(e.request.postData?.text);
    const responseText = body(e.response.content.text);
    return {
      ...e,
      request: {
        ...e.request,
        url,
        headers: e.request.headers.map(header),
        queryString: url === e.request.url ? e.request.queryString.map((q) => ({ ...q, value: text(q.value) })) : harQueryString(url),
        ...(e.request.postData ? { postData: { ...e.request.postData, text: requestText ?? '' } } : {}),
      },
      response: {
        ...e.response,
        headers: e.response.headers.map(header),
        redirectURL: text(e.response.redirectURL),
        content: { ...e.response.content, ...(responseText !== undefined ? { text: responseText } : {}) },
      },
      ...(e._error !== undefined ? { _error: text(e._error) } : {}),
    };
  };

  return { addToken, entry, text };
}

/** Redacts the fields of a JSON body; text that is not JSON, or has none of the fields, comes back unchanged byte for byte. */
export function redactJsonText(text: string, paths: readonly string[][]): string {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const changed = redactValue(value, paths);
  return changed ? JSON.stringify(value) : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyOf(object: Record<string, unknown>, lowerKey: string): string | undefined {
  return Object.keys(object).find((k) => k.toLowerCase() === lowerKey);
}

/** Replaces, in place, the value at `keys` below `object`; true when something was replaced. */
function redactAt(object: Record<string, unknown>, keys: readonly string[]): boolean {
  const [first, ...rest] = keys;
  if (first === undefined) return false;
  const key = keyOf(object, first);
  if (key === undefined) return false;
  if (rest.length === 0) {
    if (object[key] === REDACTED || object[key] === null) return false;
    object[key] = REDACTED;
    return true;
  }
  const child = object[key];
  if (Array.isArray(child)) return child.map((c) => isObject(c) && redactAt(c, rest)).some(Boolean);
  return isObject(child) && redactAt(child, rest);
}

/**
 * Matches every path at every depth (a resource inside a ListResponse or a Bulk operation has its fields one
 * level down), and PATCH operations whose `path` names a field: their `value` is the secret.
 */
function redactValue(value: unknown, paths: readonly string[][]): boolean {
  let changed = false;
  if (Array.isArray(value)) {
    for (const item of value) changed = redactValue(item, paths) || changed;
    return changed;
  }
  if (!isObject(value)) return false;
  for (const keys of paths) {
    changed = redactAt(value, keys) || changed;
    // Entra writes an extension attribute as one flat key, `"urn:…:User:employeeNumber": "…"`, in PATCH values.
    if (keys.length > 1 && keys[0]!.startsWith('urn:')) changed = redactAt(value, [`${keys[0]}:${keys.slice(1).join('.')}`]) || changed;
  }
  const opPath = value[keyOf(value, 'path') ?? ''];
  const valueKey = keyOf(value, 'value');
  if (typeof opPath === 'string' && valueKey !== undefined && keyOf(value, 'op') !== undefined && patchPathNames(opPath, paths)) {
    if (value[valueKey] !== REDACTED) {
      value[valueKey] = REDACTED;
      changed = true;
    }
  }
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) changed = redactValue(child, paths) || changed;
  return changed;
}

/** A PATCH path (`password`, `urn:…:User:employeeNumber`, `name.givenName`) names one of the redacted fields. */
function patchPathNames(opPath: string, paths: readonly string[][]): boolean {
  const keys = fieldPathKeys(opPath.trim()).map((k) => k.toLowerCase());
  return paths.some((p) => p.length === keys.length && p.every((k, i) => k === keys[i]) ||
    // A core attribute may be written with its schema URN in front (urn:…:core:2.0:User:password).
    (keys.length === p.length + 1 && keys[0]?.startsWith('urn:') === true && p.every((k, i) => k === keys[i + 1])));
}
