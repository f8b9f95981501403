import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AREAS, LEVELS } from '../model.js';
import { MESSAGE, SCHEMA } from '../../vocabulary/constants.js';
import { catalogueMarkdown } from './catalogue-markdown.js';
import { CHECKS, findCheck, runChecks } from './catalogue.js';
import { CHECK_ID_PATTERN, type Check } from './check.js';
import { OUTCOME_CHECKS } from './outcome.js';
import {
  discoveredResourceTypesBody,
  discoveredSchemasBody,
  errorBody,
  group,
  listResponse,
  makeExchange,
  resourceHeaders,
  testContext,
  user,
  BASE_URL,
  type ExchangeSpec,
} from './test-exchange.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('the catalogue', () => {
  it('has unique, well-formed ids', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(CHECK_ID_PATTERN);
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))('%s is fully described', (_id, check: Check) => {
    expect(LEVELS).toContain(check.level);
    expect(AREAS).toContain(check.area);
    expect(check.rfc).toMatch(/^RFC 76\d\d §\d+(\.\d+)*/);
    expect(check.title.trim()).not.toBe('');
    expect(check.quote.trim().length).toBeGreaterThan(20);
    // The level is the RFC's word: a MUST check quotes a MUST-family keyword (or defines a value).
    if (check.level === 'SHOULD') expect(check.quote).not.toMatch(/\b(MUST|SHALL|REQUIRED)\b/);
  });

  const everyCheck = [...CHECKS, ...Object.values(OUTCOME_CHECKS)];

  it.each(everyCheck.map((c) => [c.id, c] as const))('%s has a hint a server developer can act on', (_id, check) => {
    // `hint` is required by the type; this guards against placeholders and restated titles.
    expect(check.hint.trim().length).toBeGreaterThanOrEqual(40);
    expect(check.hint.trim().toLowerCase()).not.toBe(check.title.trim().toLowerCase());
    expect(check.hint.trim().toLowerCase()).not.toBe(check.quote.trim().toLowerCase());
  });

  it('has a different hint for every check (spec and outcome)', () => {
    const hints = everyCheck.map((c) => c.hint.trim());
    expect(new Set(hints).size).toBe(hints.length);
  });

  it('finds checks by id', () => {
    expect(findCheck('rfc7644.create.location')?.rfc).toBe('RFC 7644 §3.3');
    expect(findCheck('rfc7644.nope.nope')).toBeUndefined();
  });

  it('has every check asserted, by id, in a topic test', () => {
    const sources = readdirSync(here)
      .filter((f) => f.endsWith('.test.ts') && f !== 'catalogue.test.ts')
      .map((f) => readFileSync(join(here, f), 'utf8'))
      .join('\n');
    const untested = CHECKS.map((c) => c.id).filter((id) => !sources.includes(`checkId: '${id}'`) && !sources.includes(`['${id}'`));
    expect(untested).toEqual([]);
  });
});

describe('catalogueMarkdown', () => {
  it('renders one row per check', () => {
    const md = catalogueMarkdown();
    const lines = md.trim().split('\n');
    expect(lines[0]).toBe('| id | level | area | RFC | title | How to fix |');
    expect(lines).toHaveLength(CHECKS.length + 2);
    expect(md).toContain('| `rfc7644.create.location` | MUST | create | RFC 7644 §3.3 |');
    for (const [i, check] of CHECKS.entries()) expect(lines[i + 2]!.endsWith(` | ${check.hint.replace(/\|/g, '\\|')} |`)).toBe(true);
  });
  it('shows outcome checks with their hints', () => {
    const md = catalogueMarkdown(Object.values(OUTCOME_CHECKS));
    for (const check of Object.values(OUTCOME_CHECKS)) expect(md).toContain(`| \`${check.id}\` |`);
    expect(md).toContain(OUTCOME_CHECKS.deactivatedReadable.hint);
  });
  it('escapes pipes, in titles and hints', () => {
    const md = catalogueMarkdown([{ ...CHECKS[0]!, title: 'a | b', hint: 'return `a|b`\nor c' }]);
    expect(md).toContain('a \\| b');
    expect(md).toContain('return `a\\|b` or c |');
    expect(md.trim().split('\n')).toHaveLength(3);
  });
});

describe('runChecks', () => {
  // A target advertising ETags: rfc7644.etag.header binds only such a target.
  const ctx = testContext({ schemas: discoveredSchemasBody(), resourceTypes: discoveredResourceTypesBody(), serviceProviderConfig: { etag: { supported: true } } });

  it('passes a conforming create on every applicable check', () => {
    const body = user();
    const { id: _serverAssigned, meta: _serverSet, ...sent } = user();
    const exchange = makeExchange({ method: 'POST', path: '/Users', requestBody: sent, status: 201, headers: { Location: `${BASE_URL}/Users/2819c223`, ...resourceHeaders(body) }, body });
    const findings = runChecks(exchange, ctx);
    expect(findings.filter((f) => !f.passed)).toEqual([]);
    expect(new Set(findings.map((f) => f.checkId))).toEqual(
      new Set([
        'rfc7644.create.status',
        'rfc7644.create.location',
        'rfc7643.user.valid',
        'rfc7643.common.schemas',
        'rfc7643.common.id',
        'rfc7643.meta.last-modified',
        'rfc7643.meta.resource-type',
        'rfc7644.etag.header',
        'rfc7643.meta.version',
        'rfc7643.schema.declared',
        'rfc7643.schema.required',
        'rfc7643.schema.returned-never',
        'rfc7643.schema.write-only',
        'rfc7643.schema.types',
        'rfc7643.user.password',
        'rfc7643.multi-valued.primary',
        'rfc7643.multi-valued.canonical-type',
        'rfc7644.media.accept',
        'rfc7644.media.json',
      ]),
    );
  });

  it('reports each defect of a bad error under its own check', () => {
    const exchange = makeExchange({ status: 401, headers: { 'content-type': 'application/json' }, body: { status: 401, scimType: 'unauthorized' } });
    const failed = runChecks(exchange, ctx)
      .filter((f) => !f.passed)
      .map((f) => f.checkId)
      .sort();
    expect(failed).toEqual(['rfc7644.auth.www-authenticate', 'rfc7644.errors.scim-type', 'rfc7644.errors.status', 'rfc7644.errors.valid', 'rfc7644.media.accept']);
  });

  it('judges nothing without a response', () => {
    const exchange = makeExchange({ transportError: true });
    expect(runChecks(exchange, ctx)).toEqual([]);
    for (const check of CHECKS) expect(check.applies(exchange, ctx)).toBe(false);
  });

  it('turns a throwing check into a visible failing finding', () => {
    const broken: Check = { ...CHECKS[0]!, applies: () => true, run: () => { throw new Error('boom'); } };
    expect(runChecks(makeExchange(), ctx, [broken])).toEqual([
      expect.objectContaining({ checkId: broken.id, passed: false, subject: 'harness', message: expect.stringContaining('boom') }),
    ]);
  });
});

describe('odd input', () => {
  const odd: ExchangeSpec[] = [
    { body: 'not json at all' },
    { body: 'null' },
    { body: '42' },
    { body: '"a string"' },
    { body: [] },
    { path: '/Users', body: { schemas: 'not-an-array', Resources: 'nope', totalResults: 'many', itemsPerPage: null, startIndex: {} } },
    { path: '/Users', body: { schemas: [MESSAGE.listResponse], totalResults: 2, Resources: [null, 7, 'x', [], { meta: 'm', id: 5, emails: 'e', schemas: [1] }] } },
    { path: '/Users?filter=userName%20eq%20%22x%22&startIndex=abc&count=NaN', body: listResponse([{ userName: 5 }, { userName: null }]) },
    { path: '/Users/1', body: { schemas: [SCHEMA.user], id: '1', meta: { created: 5, lastModified: [], version: 3 }, emails: [{ primary: 'true' }, null], 'urn:x': 'y' } },
    { path: '/Users/1', body: user({ name: 'flat', emails: { value: 'x' }, [SCHEMA.enterpriseUser]: [1, 2] }), headers: { ETag: '' } },
    { method: 'POST', path: '/Users', status: 201, headers: { Location: 'http://[bad' }, body: { meta: { location: '::::' } } },
    { method: 'POST', path: '/Users/.search', requestBody: '{not json', body: listResponse([]) },
    { method: 'POST', path: '/Users/.search', requestBody: { schemas: [MESSAGE.searchRequest], filter: 7, startIndex: 'x', count: {} }, body: listResponse([group()]) },
    { method: 'POST', path: '/Bulk', body: { schemas: [MESSAGE.bulkResponse], Operations: [null, 'x', { status: {}, method: 5 }, { status: '500', response: 'oops' }] } },
    { method: 'POST', path: '/Bulk', body: { Operations: 'none' } },
    { path: '/ResourceTypes', body: { Resources: [null, { schema: 5, schemaExtensions: 'x' }] } },
    { path: '/Schemas', body: { Resources: [{ id: 5, attributes: 'x' }, { id: 'urn:a', attributes: [null, { name: 5 }, { name: 'a', subAttributes: 'x' }] }] } },
    { path: '/ServiceProviderConfig', body: 'null' },
    { status: 500, body: errorBody(500, undefined, { scimType: null }) },
    { status: 401, headers: {}, body: '' },
    { path: 'not a url at all', body: user() },
    { path: 'https://elsewhere.example/other/path', body: user() },
    { method: 'PATCH', path: '/Users/1?attributes=', status: 204 },
    { method: 'GET', path: '/Schemas/urn%ZZ', body: {} },
  ];
  const contexts = [
    testContext(),
    testContext({ schemas: discoveredSchemasBody(), resourceTypes: discoveredResourceTypesBody(), serviceProviderConfig: { etag: { supported: true } } }),
    testContext({ baseUrl: 'not a url', schemas: 'junk', resourceTypes: [null, 5, { name: 'X' }], serviceProviderConfig: 7, hints: { invalidFilter: true, requestedStartIndex: -1, requestedCount: -1 } }),
    testContext({ baseUrl: undefined, schemas: { Resources: 'x' }, resourceTypes: {} }),
  ];

  it.each(odd.map((spec, i) => [i, spec] as const))('case %i neither throws nor reports an internal error', (_i, spec) => {
    for (const ctx of contexts) {
      const exchange = makeExchange(spec);
      for (const check of CHECKS) {
        expect(() => (check.applies(exchange, ctx) ? check.run(exchange, ctx) : [])).not.toThrow();
      }
      expect(runChecks(exchange, ctx).filter((f) => f.subject === 'harness')).toEqual([]);
    }
  });
});
