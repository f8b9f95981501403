import { describe, expect, it } from 'vitest';
import { deepEqual, matchExpectations, matchValue, saveValues, toMatcher, type ResponseView } from './expect.js';
import type { ResponseExpectation } from './types.js';

const response: ResponseView = {
  status: 201,
  headers: { 'Content-Type': 'application/scim+json; charset=utf-8', Location: 'https://scim.example.com/Users/42', ETag: 'W/"1"' },
  json: {
    id: '42',
    userName: 'Ada.Lovelace@Example.com',
    active: true,
    emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    totalResults: 3,
    phoneNumbers: null,
  },
};

/** Failures of `raw` (as written in YAML) against `actual`. */
const check = (raw: unknown, actual: unknown) => matchValue('body.x', toMatcher(raw), actual);

function expectation(partial: Partial<Record<'status' | 'headers' | 'body', unknown>>): ResponseExpectation {
  const matchers = (raw: unknown) => Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).map(([k, v]) => [k, toMatcher(v)]));
  const status = partial.status === undefined ? undefined : ([] as number[]).concat(partial.status as number | number[]);
  return { status, headers: matchers(partial.headers), body: matchers(partial.body) };
}

describe('matchExpectations', () => {
  it('is empty when everything is met, headers matched in any case', () => {
    const met = expectation({
      status: [200, 201],
      headers: { location: 'https://scim.example.com/Users/42', 'CONTENT-TYPE': { contains: 'application/scim+json' }, etag: { matches: '^W/"\\d+"$' } },
      body: { id: '42', 'emails.0.primary': true, 'name.familyName': 'Lovelace', totalResults: { gte: 1, lte: 3 } },
    });
    expect(matchExpectations(met, response)).toEqual([]);
  });

  it('names path, expectation and actual value for every failure', () => {
    const unmet = expectation({
      status: 200,
      headers: { Location: { present: false }, 'Retry-After': { present: true } },
      body: { active: false, 'emails.0.type': 'home', detail: { present: true } },
    });
    expect(matchExpectations(unmet, response)).toEqual([
      'status: expected 200, got 201',
      'header Location: expected absent, got "https://scim.example.com/Users/42"',
      'header Retry-After: expected present, got absent',
      'body.active: expected false, got true',
      'body.emails.0.type: expected "home", got "work"',
      'body.detail: expected present, got absent',
    ]);
    expect(matchExpectations(expectation({ status: [200, 204] }), response)).toEqual(['status: expected one of 200, 204, got 201']);
  });

  it('addresses the whole body with $ and explains a body that is not JSON', () => {
    const empty: ResponseView = { status: 204, headers: {}, json: undefined };
    expect(matchExpectations(expectation({ status: 204, body: { $: { present: false } } }), empty)).toEqual([]);
    expect(matchExpectations(expectation({ body: { id: { present: true } } }), empty)).toEqual([
      'body.id: expected present, got absent (the response body is empty or not JSON)',
    ]);
    expect(matchExpectations(expectation({ body: { $: { typeOf: 'object' } } }), response)).toEqual([]);
  });
});

describe('matchers', () => {
  it('literal: deep equality, order of keys ignored, types strict', () => {
    expect(check({ b: [1, { c: 2 }], a: 'x' }, { a: 'x', b: [1, { c: 2 }] })).toEqual([]);
    expect(check('404', 404)).toEqual(['body.x: expected "404", got 404']);
    expect(check([1, 2], [2, 1])).toEqual(['body.x: expected [1,2], got [2,1]']);
    expect(check({ a: 1 }, { a: 1, b: 2 })).toEqual(['body.x: expected {"a":1}, got {"a":1,"b":2}']);
  });

  it('equals: deep equality, also for objects whose keys look like operators', () => {
    expect(check({ equals: { present: true } }, { present: true })).toEqual([]);
    expect(check({ equals: 3 }, 4)).toEqual(['body.x: expected 3, got 4']);
  });

  it('equalsIgnoreCase', () => {
    expect(check({ equalsIgnoreCase: 'ada.lovelace@example.com' }, 'Ada.Lovelace@Example.com')).toEqual([]);
    expect(check({ equalsIgnoreCase: 'ada@example.com' }, 'bob@example.com')).toEqual(['body.x: expected "ada@example.com" ignoring case, got "bob@example.com"']);
    expect(check({ equalsIgnoreCase: 'x' }, undefined)).toEqual(['body.x: expected "x" ignoring case, got absent']);
  });

  it('matches: unanchored regular expression over text and numbers', () => {
    expect(check({ matches: '^W/".+"$' }, 'W/"3"')).toEqual([]);
    expect(check({ matches: '^4\\d\\d$' }, 404)).toEqual([]);
    expect(check({ matches: '^[0-9a-f-]{36}$' }, 'abc')).toEqual(['body.x: expected to match /^[0-9a-f-]{36}$/, got "abc"']);
    expect(check({ matches: 'x' }, { x: 1 })).toEqual(['body.x: expected to match /x/, got {"x":1}']);
    expect(check({ matches: '([' }, 'a')[0]).toMatch(/^body\.x: invalid regular expression \/\(\[\/: /);
  });

  it('present: null counts as absent, as SCIM says', () => {
    expect(check({ present: true }, 'x')).toEqual([]);
    expect(check({ present: false }, undefined)).toEqual([]);
    expect(check({ present: false }, null)).toEqual([]);
    expect(check({ present: true }, null)).toEqual(['body.x: expected present, got null']);
    expect(check({ present: false }, 0)).toEqual(['body.x: expected absent, got 0']);
  });

  it('length: arrays and strings', () => {
    expect(check({ length: 1 }, [{ value: 'a' }])).toEqual([]);
    expect(check({ length: 3 }, 'abc')).toEqual([]);
    expect(check({ length: 1 }, [1, 2])).toEqual(['body.x: expected length 1, got length 2: [1,2]']);
    expect(check({ length: 0 }, undefined)).toEqual(['body.x: expected length 0, got absent (not an array or string)']);
  });

  it('contains: array elements (objects by their given fields) and substrings', () => {
    const emails = [{ value: 'a@example.com', type: 'work', primary: true }, { value: 'b@example.com' }];
    expect(check({ contains: { value: 'a@example.com', primary: true } }, emails)).toEqual([]);
    expect(check({ contains: 'member' }, ['owner', 'member'])).toEqual([]);
    expect(check({ contains: 'scim+json' }, 'application/scim+json')).toEqual([]);
    expect(check({ contains: { value: 'c@example.com' } }, emails)[0]).toMatch(/^body\.x: expected an element \{"value":"c@example.com"\}, got \[/);
    expect(check({ contains: 'x' }, 5)).toEqual(['body.x: expected an array or string containing "x", got 5']);
  });

  it('oneOf', () => {
    expect(check({ oneOf: [200, 204] }, 204)).toEqual([]);
    expect(check({ oneOf: ['invalidValue', 'invalidSyntax'] }, 'uniqueness')).toEqual([
      'body.x: expected one of "invalidValue", "invalidSyntax", got "uniqueness"',
    ]);
  });

  it('gte and lte, also with thresholds rendered from text', () => {
    expect(check({ gte: 1, lte: 10 }, 10)).toEqual([]);
    expect(check({ gte: '2' }, 3)).toEqual([]);
    expect(check({ gte: 5 }, 4)).toEqual(['body.x: expected >= 5, got 4']);
    expect(check({ lte: 5 }, 6)).toEqual(['body.x: expected <= 5, got 6']);
    expect(check({ gte: 1 }, '3')).toEqual(['body.x: expected a number >= 1, got "3"']);
  });

  it('typeOf', () => {
    expect(check({ typeOf: 'integer' }, 3)).toEqual([]);
    expect(check({ typeOf: 'number' }, 3)).toEqual([]);
    expect(check({ typeOf: 'array' }, [])).toEqual([]);
    expect(check({ typeOf: 'null' }, null)).toEqual([]);
    expect(check({ typeOf: 'integer' }, '3')).toEqual(['body.x: expected type integer, got string "3"']);
    expect(check({ typeOf: 'string' }, undefined)).toEqual(['body.x: expected type string, got absent']);
  });

  it('reports every unmet operator of a combined matcher, and operators misused after rendering', () => {
    expect(check({ typeOf: 'string', length: 2 }, 'abc')).toEqual(['body.x: expected length 2, got length 3: "abc"']);
    expect(check({ gte: 'many' }, 3)).toEqual(['body.x: matcher \'gte\' needs a number, got "many"']);
    expect(check({ present: 'yes' }, 3)).toEqual(['body.x: matcher \'present\' needs true or false, got "yes"']);
  });
});

describe('helpers', () => {
  it('toMatcher keeps plain objects literal and operator objects as operators', () => {
    expect(toMatcher({ value: 'x', type: 'work' })).toEqual({ kind: 'literal', value: { value: 'x', type: 'work' } });
    expect(toMatcher({ present: true })).toEqual({ kind: 'operators', operators: { present: true } });
    expect(toMatcher(null)).toEqual({ kind: 'literal', value: null });
  });

  it('deepEqual', () => {
    expect(deepEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });

  it('saveValues reads status, headers in any case and body paths, and reports what is missing', () => {
    const saved = saveValues({ code: 'status', location: 'headers.location', etag: 'headers.ETag', id: 'body.id', all: 'body', none: 'body.meta.version' }, response);
    expect(saved.values).toEqual({ code: 201, location: 'https://scim.example.com/Users/42', etag: 'W/"1"', id: '42', all: response.json });
    expect(saved.errors).toEqual(['save none: body.meta.version is absent in the response']);
  });
});
