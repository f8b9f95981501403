/** ListResponse consistency and pagination (RFC 7644 §3.4.2, §3.4.2.4). */
import { judge, type Check } from './check.js';
import { listView } from './list-view.js';

export const totalResults: Check = {
  id: 'rfc7644.pagination.total-results',
  rfc: 'RFC 7644 §3.4.2',
  level: 'MUST',
  area: 'pagination',
  title: 'totalResults is a non-negative integer, at least the number of Resources returned',
  quote:
    'totalResults  The total number of results returned by the list or query operation. The value may be larger than the number of resources returned, such as when returning a single page (see Section 3.4.2.4) of results where multiple pages are available. REQUIRED.',
  hint:
    'Set `totalResults` to the integer count of all resources matching the query across every page (0 when none): never below Resources.length, never a string or null.',
  applies: (exchange, ctx) => listView(exchange, ctx) !== undefined,
  run(exchange, ctx) {
    const list = listView(exchange, ctx);
    if (!list) return [];
    const actual = list.body.totalResults;
    const ok = list.totalResults !== undefined && list.totalResults >= 0 && list.totalResults >= list.returned;
    const problem =
      actual === undefined ? 'totalResults is missing' : list.totalResults === undefined ? `totalResults ${JSON.stringify(actual)} is not an integer` : `totalResults ${list.totalResults} is less than the ${list.returned} Resources returned`;
    return [judge(totalResults, exchange, ok, { subject: 'totalResults', expected: `an integer ≥ ${list.returned}`, actual }, { pass: `totalResults ${list.totalResults} ≥ ${list.returned} returned`, fail: problem })];
  },
};

export const resourcesPresent: Check = {
  id: 'rfc7644.pagination.resources',
  rfc: 'RFC 7644 §3.4.2',
  level: 'MUST',
  area: 'pagination',
  title: 'Resources is present and not empty when totalResults is non-zero and the requested page has results',
  quote:
    'Resources  A multi-valued list of complex objects containing the requested resources. This MAY be a subset of the full set of resources if pagination (Section 3.4.2.4) is requested. REQUIRED if "totalResults" is non-zero.',
  hint:
    'Return the matches in a `Resources` array whenever totalResults is above 0 and the requested startIndex is within range; `totalResults: 3` with `Resources: []` or no Resources at all breaks paging clients.',
  applies: (exchange, ctx) => {
    const list = listView(exchange, ctx);
    // count=0 asks for totalResults only; a startIndex past the end has nothing to return.
    return list !== undefined && list.totalResults !== undefined && list.totalResults > 0 && list.requestedCount !== 0 && list.requestedStartIndex <= list.totalResults;
  },
  run(exchange, ctx) {
    const list = listView(exchange, ctx);
    if (!list) return [];
    const ok = list.resources !== undefined && list.resources.length > 0;
    return [
      judge(resourcesPresent, exchange, ok, { subject: 'Resources', expected: 'a non-empty array', actual: list.resources === undefined ? list.body.Resources : `${list.resources.length} items` }, {
        pass: `Resources has ${list.returned} items`,
        fail: list.resources === undefined ? `Resources missing although totalResults is ${list.totalResults}` : `Resources is empty although totalResults is ${list.totalResults} and startIndex ${list.requestedStartIndex} is within it`,
      }),
    ];
  },
};

export const itemsPerPage: Check = {
  id: 'rfc7644.pagination.items-per-page',
  rfc: 'RFC 7644 §3.4.2',
  level: 'MUST',
  area: 'pagination',
  title: 'itemsPerPage, when present, equals the number of Resources returned',
  quote: 'itemsPerPage  The number of resources returned in a list response page. REQUIRED when partial results are returned due to pagination.',
  hint: 'Set itemsPerPage to the number of Resources in this page (Resources.length), not to the count the client asked for.',
  applies: (exchange, ctx) => listView(exchange, ctx)?.body.itemsPerPage !== undefined,
  run(exchange, ctx) {
    const list = listView(exchange, ctx);
    if (!list) return [];
    const actual = list.body.itemsPerPage;
    return [
      judge(itemsPerPage, exchange, actual === list.returned, { subject: 'itemsPerPage', expected: list.returned, actual }, {
        pass: `itemsPerPage ${list.returned} matches Resources`,
        fail: `itemsPerPage is ${JSON.stringify(actual)} but ${list.returned} Resources were returned`,
      }),
    ];
  },
};

export const partialResults: Check = {
  id: 'rfc7644.pagination.partial',
  rfc: 'RFC 7644 §3.4.2',
  level: 'MUST',
  area: 'pagination',
  title: 'A partial page (fewer Resources than totalResults) carries startIndex and itemsPerPage',
  quote:
    'startIndex  The 1-based index of the first result in the current set of list results. REQUIRED when partial results are returned due to pagination. itemsPerPage  The number of resources returned in a list response page. REQUIRED when partial results are returned due to pagination.',
  hint:
    'When a page holds fewer Resources than totalResults, include `startIndex` (the 1-based position of its first resource) and `itemsPerPage` (Resources.length), so the IdP can ask for the next page.',
  applies: (exchange, ctx) => {
    const list = listView(exchange, ctx);
    return list !== undefined && list.totalResults !== undefined && list.returned < list.totalResults;
  },
  run(exchange, ctx) {
    const list = listView(exchange, ctx);
    if (!list) return [];
    const missing = ['startIndex', 'itemsPerPage'].filter((k) => list.body[k] === undefined);
    return [
      judge(partialResults, exchange, missing.length === 0, { subject: 'startIndex, itemsPerPage', expected: 'both present', actual: missing.length === 0 ? 'both present' : `missing ${missing.join(', ')}` }, {
        pass: `partial page (${list.returned} of ${list.totalResults}) carries startIndex and itemsPerPage`,
        fail: `partial page (${list.returned} of ${list.totalResults}) lacks ${missing.join(' and ')}`,
      }),
    ];
  },
};

export const startIndex: Check = {
  id: 'rfc7644.pagination.start-index',
  rfc: 'RFC 7644 §3.4.2.4',
  level: 'MUST',
  area: 'pagination',
  title: 'startIndex echoes the requested startIndex (default 1, values below 1 read as 1)',
  quote: 'startIndex  The 1-based index of the first query result. A value less than 1 SHALL be interpreted as 1.',
  hint:
    "Echo the request's `startIndex` in the ListResponse (1 when none was sent, or when 0 or a negative value was) and begin the page at that 1-based position, not at a 0-based offset.",
  applies: (exchange, ctx) => {
    const list = listView(exchange, ctx);
    if (!list || !list.query || list.body.startIndex === undefined) return false;
    // Past the end there is no first result whose index could be echoed.
    return !(list.returned === 0 && list.totalResults !== undefined && list.requestedStartIndex > list.totalResults);
  },
  run(exchange, ctx) {
    const list = listView(exchange, ctx);
    if (!list) return [];
    const actual = list.body.startIndex;
    return [
      judge(startIndex, exchange, actual === list.requestedStartIndex, { subject: 'startIndex', expected: list.requestedStartIndex, actual }, {
        pass: `startIndex ${list.requestedStartIndex} as requested`,
        fail: `startIndex is ${JSON.stringify(actual)}, the request asked for ${list.requestedStartIndex}`,
      }),
    ];
  },
};

export const countLimit: Check = {
  id: 'rfc7644.pagination.count',
  rfc: 'RFC 7644 §3.4.2.4',
  level: 'MUST',
  area: 'pagination',
  title: 'No more Resources than the requested count (negative counts read as 0)',
  quote: 'When specified, the service provider MUST NOT return more results than specified, although it MAY return fewer results.',
  hint:
    'Return at most `count` Resources (a lower maximum of your own is fine, more is not); `count=0`, or a negative count, means no Resources, only totalResults.',
  applies: (exchange, ctx) => {
    const list = listView(exchange, ctx);
    return list !== undefined && list.query && list.requestedCount !== undefined;
  },
  run(exchange, ctx) {
    const list = listView(exchange, ctx);
    if (!list || list.requestedCount === undefined) return [];
    return [
      judge(countLimit, exchange, list.returned <= list.requestedCount, { subject: 'Resources', expected: `at most ${list.requestedCount}`, actual: list.returned }, {
        pass: `${list.returned} Resources for count ${list.requestedCount}`,
        fail: `${list.returned} Resources returned for count ${list.requestedCount}`,
      }),
    ];
  },
};

export const PAGINATION_CHECKS: readonly Check[] = [totalResults, resourcesPresent, itemsPerPage, partialResults, startIndex, countLimit];
