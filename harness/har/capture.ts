/**
 * Reading a capture leniently for `import` and `compare`: only the fields replaying and comparing need, so a
 * hand-written or another tool's HAR that skips optional-in-practice fields (cookies, sizes, timings) still reads;
 * `file: reason` errors for input that is not a capture. read.ts checks full HAR 1.2 (what `record` writes).
 */
import { isPlainObject } from '../../vocabulary/json.js';
import type { HarHeader } from './har.js';

export type { HarHeader } from './har.js';
export { headerValue } from './har.js';

/** One recorded exchange, reduced to what a scenario step can replay and expect. */
export interface CapturedEntry {
  /** 0-based position in `log.entries`. */
  index: number;
  method: string;
  url: string;
  requestHeaders: HarHeader[];
  /** Request body text; undefined when none was recorded. */
  requestText: string | undefined;
  /** 0 when the capture holds no answer (an aborted request, as browsers record it). */
  status: number;
  responseHeaders: HarHeader[];
  responseText: string | undefined;
  /** The custom `_idp` field some recorders add: which IdP sent the request. */
  idp: string | undefined;
}

export interface Capture {
  entries: CapturedEntry[];
  /** `log.creator.name`, when present: shown in the scenario's header comment. */
  creator: string | undefined;
}

/** The input is not a HAR capture; `message` is `file: reason`. */
export class HarError extends Error {
  override readonly name = 'HarError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export function readCapture(text: string, file: string): Capture {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new HarError(file, `not JSON, so not a HAR capture (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isPlainObject(data) || !isPlainObject(data.log)) throw new HarError(file, 'not a HAR capture: no top-level "log" object');
  const log = data.log;
  if (!Array.isArray(log.entries)) throw new HarError(file, 'not a HAR capture: "log.entries" is not an array');
  const creator = isPlainObject(log.creator) && typeof log.creator.name === 'string' ? log.creator.name : undefined;
  return { entries: log.entries.map((entry, index) => readEntry(entry, index, file)), creator };
}

function readEntry(entry: unknown, index: number, file: string): CapturedEntry {
  const fail = (reason: string): never => {
    throw new HarError(file, `log.entries[${index}]: ${reason}`);
  };
  if (!isPlainObject(entry)) return fail('not an object');
  const { request, response } = entry;
  if (!isPlainObject(request)) return fail('no "request" object');
  if (typeof request.method !== 'string' || request.method === '') return fail('"request.method" is not a string');
  if (typeof request.url !== 'string') return fail('"request.url" is not a string');
  try {
    new URL(request.url);
  } catch {
    fail(`"request.url" is not an absolute URL: ${request.url}`);
  }
  if (!isPlainObject(response)) return fail('no "response" object');
  if (typeof response.status !== 'number' || !Number.isInteger(response.status)) return fail('"response.status" is not an integer');
  const postData = request.postData;
  const requestText = isPlainObject(postData) && typeof postData.text === 'string' ? postData.text : undefined;
  return {
    index,
    method: request.method.toUpperCase(),
    url: request.url,
    requestHeaders: readHeaders(request.headers, `log.entries[${index}].request.headers`, file),
    requestText,
    status: response.status,
    responseHeaders: readHeaders(response.headers, `log.entries[${index}].response.headers`, file),
    responseText: readContent(response.content),
    idp: typeof entry._idp === 'string' ? entry._idp : undefined,
  };
}

function readHeaders(value: unknown, where: string, file: string): HarHeader[] {
  // HAR 1.2 makes headers required, but hand-written captures often leave them out: treat that as none.
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new HarError(file, `${where}: not an array`);
  return value.map((header, i) => {
    if (!isPlainObject(header) || typeof header.name !== 'string' || typeof header.value !== 'string') {
      throw new HarError(file, `${where}[${i}]: expected { name, value } strings`);
    }
    return { name: header.name, value: header.value };
  });
}

/** HAR recorders base64-encode bodies they consider binary (`content.encoding`); SCIM JSON may land there too. */
function readContent(content: unknown): string | undefined {
  if (!isPlainObject(content) || typeof content.text !== 'string') return undefined;
  return content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
}
