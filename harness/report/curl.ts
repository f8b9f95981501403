/**
 * "Copy as curl" for a recorded request. The recorded Authorization value is redacted, so the command
 * reads the token from `$SCIM_TOKEN` instead: pasting it into a shell replays the request for real
 * without the report ever having held the secret.
 */
import type { HttpRequest } from '../model.js';

/** Headers curl computes itself; replaying the recorded values would be wrong or rejected. */
const SKIPPED = new Set(['content-length', 'host', 'connection', 'transfer-encoding', 'accept-encoding']);

/** POSIX single-quoting: nothing inside is expanded, and `'` is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(request: HttpRequest): string {
  // One option per line so a reader can see (and delete) single headers before pasting.
  const method = request.method.toUpperCase();
  const lines = [`curl -sS -X ${/^[A-Z]+$/.test(method) ? method : shellQuote(method)} ${shellQuote(request.url)}`];
  const names = Object.keys(request.headers).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  for (const name of names) {
    const lower = name.toLowerCase();
    if (SKIPPED.has(lower)) continue;
    // Double quotes on purpose: the shell must expand $SCIM_TOKEN.
    if (lower === 'authorization') lines.push('-H "Authorization: Bearer $SCIM_TOKEN"');
    else lines.push(`-H ${shellQuote(`${name}: ${request.headers[name] ?? ''}`)}`);
  }
  if (request.body !== undefined && request.body !== '') lines.push(`--data-raw ${shellQuote(request.body)}`);
  return lines.join(' \\\n  ');
}
