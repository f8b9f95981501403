/**
 * The provider core speaks plain request/response values; node:http (http-adapter.ts), express for the admin
 * console, and the in-process dispatch (msw-adapter.ts) only adapt to and from these.
 */
export interface ScimRequest {
  method: string;
  /** Path below the SCIM base URL, starting with `/`, without the query string, percent-decoded per segment by the router. */
  path: string;
  query: URLSearchParams;
  /** The query string exactly as sent (`?a=b`, or empty), for logs; `query` is what the core reads. */
  rawQuery?: string;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  /** The raw body text, `undefined` when there is none. */
  body: string | undefined;
  /**
   * The adapter stopped reading a body larger than maxPayloadSize (so it is never buffered); the core
   * answers 413 once the caller is authenticated, so an unauthenticated caller learns nothing but 401.
   */
  bodyTooLarge?: boolean;
  /** The SCIM base URL as the client addressed it, e.g. `http://127.0.0.1:8080/scim/v2`. */
  baseUrl: string;
}

export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value to serialise, or `undefined` for no body (204, 304). */
  body: unknown;
}
