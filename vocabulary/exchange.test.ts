/**
 * requestUrl joins the usual request as text instead of through the URL parser (issue 12): for every kind of
 * path, base and query it must give exactly what the parser gives.
 */
import { describe, expect, it } from 'vitest';
import { requestUrl, type OutgoingRequest } from './exchange.js';

/** The parser's answer, as requestUrl gave it before the text join. */
function parsed(baseUrl: string, path: string, query?: OutgoingRequest['query'], spaceAs: OutgoingRequest['spaceAs'] = '%20'): string {
  const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(`${baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(Object.entries(query ?? {}).map(([k, v]) => [k, String(v)]));
  params.forEach((value, key) => url.searchParams.append(key, value));
  if (spaceAs === '%20') url.search = url.search.replace(/\+/g, '%20');
  return url.toString();
}

const BASES = ['http://127.0.0.1:8080/scim/v2', 'https://T.Example/scim/v2', 'http://h.test/', 'http://h.test', 'http://h.test/a?x=1', 'http://p3.embedded.invalid/scim/v2'];
const PATHS = [
  '/Users',
  '/Users/2819c223-7f76-453a-919d-413861904646',
  `/Users/${encodeURIComponent('a/b c')}`,
  '/Users/a%2Fb',
  '/Users/../Groups',
  '/Users/./x',
  '/Users/%2e%2E/Groups',
  '/Users/%2E',
  '/Users/a b',
  '/Users/ü',
  '/Users/a"b<c>',
  '/Users?filter=x',
  '/Users#frag',
  '/Users/{id}',
  '/Users/a\\b',
  "/Users/it's+ok;v=1:@!$&()*,",
  '//evil.test/x',
  'Users',
  '/',
  'http://other.test/scim/Users',
];
const QUERIES: OutgoingRequest['query'][] = [
  undefined,
  {},
  { filter: 'userName eq "a b+c@example.com"', startIndex: 1, count: 100 },
  { attributes: 'emails,name.givenName', excludedAttributes: 'groups' },
  new URLSearchParams('filter=displayName%20eq%20%22x%22&count=0'),
  { odd: 'ä & = ? # %', flag: true },
];

describe('requestUrl', () => {
  it('gives exactly what the URL parser gives, for every base, path, query and space encoding', () => {
    let compared = 0;
    for (const base of BASES) {
      for (const path of PATHS) {
        for (const query of QUERIES) {
          for (const spaceAs of ['%20', '+'] as const) {
            expect(requestUrl(base, path, query, spaceAs), `${base} ${path} ${JSON.stringify(query)} ${spaceAs}`).toBe(parsed(base, path, query, spaceAs));
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(BASES.length * PATHS.length * QUERIES.length * 2);
  });
});
