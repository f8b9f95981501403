/** A response body's JSON text, carried by the body object itself so that a kept rendering is not serialised twice. */

/*
 * A non-enumerable symbol property: JSON.stringify, Object.keys/entries, structuredClone and object spread all
 * pass it by, so a wrapper that answers another body (a defect, a fault, the harness) hands over an object
 * without it, which is serialised as usual. Only frozen objects carry it, so the text can never fall behind a
 * body changed in place. (A WeakMap from body to text did the same, but every list answer adds a short-lived
 * key, and ephemerons made each young-generation GC dearer: issue 12.)
 */
const TEXT: unique symbol = Symbol('scim.jsonText');

interface WithText {
  [TEXT]?: string;
}

/** Freezes `body` (its own properties; what it shares is never changed in place) and attaches `text` as its JSON. */
export function withText<T extends object>(body: T, text: string): Readonly<T> {
  Object.defineProperty(body, TEXT, { value: text });
  return Object.freeze(body);
}

/** The JSON text of a body: the attached one, else `JSON.stringify`. */
export function serializeBody(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const text = (body as WithText)[TEXT];
    if (text !== undefined) return text;
  }
  return JSON.stringify(body);
}
