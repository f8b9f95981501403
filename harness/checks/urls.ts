/** Comparing URIs the way a client would use them: relative references resolved against the request URL. */

export function resolveUri(value: string, base: string): string | undefined {
  try {
    return new URL(value, base).href;
  } catch {
    return undefined;
  }
}

/** Equal after resolution (so `/Users/1` and `https://host/Users/1` agree when the request was to host). */
export function sameUri(a: string, b: string, base: string): boolean {
  const ra = resolveUri(a, base);
  const rb = resolveUri(b, base);
  return ra !== undefined && ra === rb;
}
