import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLIENT_JS } from './html-client.js';
import { buildPageData, type PageData } from './html-data.js';
import { PAGE_CSS } from './html-style.js';
import { embedJson, toHtml } from './html.js';
import { makeLargeRunResult, makeRunResult, SCRIPT_BREAKER } from './fixture.js';

/** What an HTML parser does: the data element ends at the first `</script`, whatever JSON says. */
function embeddedData(html: string): PageData {
  const start = html.indexOf('<script type="application/json" id="report-data">');
  expect(start).toBeGreaterThan(0);
  const from = html.indexOf('>', start) + 1;
  const end = html.toLowerCase().indexOf('</script', from);
  return JSON.parse(html.slice(from, end)) as PageData;
}

describe('report.html', () => {
  const run = makeRunResult();
  const html = toHtml(run);

  it('references nothing on the network; the only URLs are RFC links', () => {
    const literal = html.match(/https?:\/\/[^\s"'<>)\\]*/gi) ?? [];
    for (const url of literal) expect(url).toMatch(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+/);
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html.match(/<link\b[^>]*>/gi)).toEqual(['<link rel="icon" href="data:,">']);
    // Static markup links nowhere; the script only writes RFC links, in-page `#` permalinks and root-cause example
    // links, and the sources a failing IdP step's behaviour rests on (followed only when clicked, never loaded).
    const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    expect(markup).not.toMatch(/href="(?!data:)[^"#]/);
    expect(CLIENT_JS.match(/href="/g)).toHaveLength(4);
    expect(CLIENT_JS).toContain(`<a class="rc-example" data-testid="root-cause-example" href="#' + esc(h)`);
    expect(CLIENT_JS).toContain(`'<a href="' + esc(src.url) + '" rel="noreferrer">'`);
    expect(CLIENT_JS).toContain(`'<a href="' + esc(x.href)`);
    expect(CLIENT_JS).toContain(`<a class="permalink" href="#' + esc(link)`);
    // The browser is told so too: nothing may load beyond the inline style and script.
    expect(html).toContain('default-src &#39;none&#39;');
  });

  it('hashes exactly its inline style and script in the CSP', () => {
    const hash = (s: string) => `sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}`;
    expect(html).toContain(`style-src &#39;${hash(PAGE_CSS)}&#39;`);
    expect(html).toContain(`script-src &#39;${hash(CLIENT_JS)}&#39;`);
    expect(html).toContain(`<style>${PAGE_CSS}</style>`);
    expect(html).toContain(`<script>${CLIENT_JS}</script>`);
  });

  it('embeds the page data as JSON, including RFC links and the exchange', () => {
    const data = embeddedData(html);
    expect(data).toEqual(JSON.parse(JSON.stringify(buildPageData(run))));
    const row = data.rows.find((r) => r.checkId === 'create.location')!;
    expect(row.refs).toEqual([{ label: 'RFC 7644 §3.3', href: 'https://www.rfc-editor.org/rfc/rfc7644#section-3.3' }]);
    const exchange = data.exchanges[row.failures[0]!.exchangeId!]!;
    expect(exchange).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:43117/scim/v2/Users', status: 201 });
    expect(exchange.curl).toContain('-H "Authorization: Bearer $SCIM_TOKEN"');
  });

  it('keeps a body containing </script> and <!-- inside the data element', () => {
    expect(SCRIPT_BREAKER).toContain('</script>');
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    const data = embeddedData(html);
    const body = Object.values(data.exchanges).find((e) => e.id === 'okta/assign.yaml#1.1')!.requestBody!;
    expect(body.text).toContain(SCRIPT_BREAKER);
    expect(embedJson({ s: '</script><!-- \u2028' })).toBe('{"s":"\\u003c\\/script\\u003e\\u003c!-- \\u2028"}');
  });

  it('escapes hostile names in the static markup', () => {
    const hostile = makeRunResult({ hostile: true });
    const page = toHtml(hostile);
    expect(page).not.toContain('<b>');
    expect(embeddedData(page).scenarios[0]!.name).toBe(hostile.scenarios[0]!.name);
  });

  it('ships a script that parses and the hooks browser tests rely on', () => {
    expect(() => new Function(CLIENT_JS)).not.toThrow();
    for (const id of [
      'verdict',
      'filter-status',
      'filter-level',
      'filter-idp',
      'filter-scenario',
      'filter-tag',
      'filter-q',
      'filter-reset',
      'result-count',
      'show-more',
      'filter-scenario-status',
      'interrupted',
      'cleanup',
      'features',
      'not-applicable',
      'readiness',
      'root-causes',
      'problem-count',
    ]) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    for (const hook of [`'" data-testid="cell-' + esc(row) + '-' + esc(area)`, `data-testid="check-' + esc(r.checkId)`, `data-testid="curl"`, `data-testid="copy-curl"`]) {
      expect(CLIENT_JS).toContain(hook);
    }
  });
});

describe('page data', () => {
  const data = buildPageData(makeRunResult());

  it('lists failures first, MUST before SHOULD, marking baseline changes', () => {
    expect(data.rows.slice(0, 2).map((r) => [r.checkId, r.level, r.change])).toEqual([
      ['create.location', 'MUST', 'new'],
      ['read.etag', 'SHOULD', null],
    ]);
    expect(data.rows.find((r) => r.checkId === 'discovery.content-type')?.change).toBe('fixed');
    expect(data.rows.map((r) => r.id)).toEqual(data.rows.map((_r, i) => i));
    expect(data.baseline?.fixedElsewhere).toEqual(['okta: removed scenario::patch.remove-members']);
  });

  it('colours matrix cells by the worst failure level', () => {
    expect(data.matrix.rows).toEqual(['okta', 'entra', 'onelogin', 'core']);
    expect(data.matrix.cells['okta:create']?.state).toBe('fail');
    expect(data.matrix.cells['okta:read']?.state).toBe('warn');
    expect(data.matrix.cells['core:discovery']?.state).toBe('pass');
    expect(data.matrix.cells['onelogin:create']).toBeUndefined();
    // A MUST check that did not apply leaves its cell neutral, not red.
    expect(data.matrix.cells['core:filter']).toEqual({ state: 'na', passed: 0, failed: { MUST: 0, SHOULD: 0, MAY: 0 }, notApplicable: 1 });
  });

  it('lists not-applicable check results last, with their reason', () => {
    const last = data.rows.at(-1)!;
    expect(last).toMatchObject({ checkId: 'filter.sort-order', status: 'not-applicable', reason: 'ServiceProviderConfig sort.supported is false', change: null });
    expect(data.rows.filter((r) => r.status === 'not-applicable')).toHaveLength(1);
    expect(data.rows.find((r) => r.checkId === 'create.location')!.reason).toBeNull();
  });

  it('carries not-applicable scenarios with their needs, grouped by the missing feature', () => {
    const docker = data.scenarios.find((s) => s.name === 'okta: Docker role mapping')!;
    expect(docker).toMatchObject({ status: 'not-applicable', checks: 0, failedChecks: 0, notApplicable: [{ feature: 'docker' }] });
    expect(data.notApplicable.map((g) => [g.feature, g.scenarios.map((e) => data.scenarios[e.index]!.name)])).toEqual([
      ['docker', ['okta: Docker role mapping', 'onelogin: role mapping']],
      ['bulk', ['core: bulk']],
    ]);
    expect(data.scenarios.find((s) => s.name === 'core: discovery')).toMatchObject({ notApplicableChecks: 1, notApplicable: [] });
  });

  it('carries the run id, interruption, what the target advertises and what the clean-up left', () => {
    expect(data.meta).toMatchObject({ runId: 'a3f9c1', interrupted: false, required: [] });
    expect(data.meta.target.features?.find((f) => f.feature === 'bulk')).toEqual({ feature: 'bulk', supported: false, source: 'ServiceProviderConfig bulk.supported' });
    expect(data.cleanup).toMatchObject({ created: 2, deleted: 1, kept: false, line: 'created 2, removed 1; final sweep: found 0, removed 0 (nothing left over)' });
    expect(data.cleanup!.leftovers).toEqual([
      {
        scenario: 'okta: assign, read back and deactivate',
        type: 'User',
        id: '2819c223-7f76-453a-919d-413861904646',
        name: 'isabella.hagenes@example.com',
        label: 'User isabella.hagenes@example.com (id 2819c223-7f76-453a-919d-413861904646)',
        outcome: 'deactivated',
        outcomeText: 'deactivated, not deleted',
        reason: 'DELETE answered 403 Forbidden; set active to false instead',
      },
    ]);
    expect(data.scenarios[0]!.leftovers).toBe(1);
    expect(buildPageData(makeRunResult({ embedded: true })).cleanup).toBeNull();
    expect(buildPageData(makeRunResult({ interrupted: true })).meta.interrupted).toBe(true);
  });

  it('carries only the exchanges a failure or a failed step points at', () => {
    expect(Object.keys(data.exchanges).sort()).toEqual(['entra/groups.yaml#2.1', 'okta/assign.yaml#1.1', 'okta/assign.yaml#2.1']);
    expect(data.exchanges['entra/groups.yaml#2.1']).toMatchObject({ status: null, transportError: 'refused: connect ECONNREFUSED 127.0.0.1:43117' });
  });

  it('carries readiness and root causes, each cause with the result and exchange its example opens', () => {
    expect(data.readiness.map((r) => [r.idp, r.verdict])).toEqual([
      ['okta', 'breaks'],
      ['entra', 'not-tested'],
    ]);
    const [location, etag] = data.rootCauses;
    expect(location).toMatchObject({ id: 'create.location', exampleExchange: 'okta/assign.yaml#1.1' });
    expect(data.rows[location!.exampleRow!]!.checkId).toBe('create.location');
    expect(data.rows[etag!.exampleRow!]!.checkId).toBe('read.etag');
    // Without the grouping the page data has empty lists, and the page hides both sections.
    expect(buildPageData(makeRunResult({ withoutGrouping: true }))).toMatchObject({ readiness: [], rootCauses: [] });
  });

  it('marks a step that failed because of an earlier one as its consequence', () => {
    const okta = data.scenarios[0]!;
    expect(okta.problems.map((p) => [p.index, p.consequenceOf])).toEqual([
      [2, null],
      [4, { step: 2, reason: 'the ETag step 2 should have read was never saved' }],
    ]);
  });

  // How fast it builds is measured by `npm run bench` (bench/report.ts), as a ratio, not asserted here.
  it('stays small for 5,000 check results: exchanges are not repeated per check', () => {
    const page = toHtml(makeLargeRunResult(5000));
    expect(page.length).toBeLessThan(5_000_000);
  });
});
