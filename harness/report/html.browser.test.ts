/**
 * report.html in a real browser (Debian's chromium via playwright-core), opened from disk the way a
 * user opens a CI artifact. `scripts/test.sh` installs chromium; without it this suite fails.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openReport } from '../../e2e/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDP_PROFILES } from '../../mock-idp/index.js';
import { makeLargeRunResult, makeRunResult } from './fixture.js';
import { toHtml } from './html.js';

describe('report.html in chromium', () => {
  let browser: Browser;
  let dir: string;
  let small: string;
  let hostile: string;
  let large: string;
  let interrupted: string;
  let embedded: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scim-report-html-'));
    const write = async (name: string, html: string) => {
      const file = join(dir, name);
      await writeFile(file, html);
      return pathToFileURL(file).href;
    };
    small = await write('small.html', toHtml(makeRunResult()));
    hostile = await write('hostile.html', toHtml(makeRunResult({ hostile: true })));
    large = await write('large.html', toHtml(makeLargeRunResult(5000)));
    interrupted = await write('interrupted.html', toHtml(makeRunResult({ interrupted: true })));
    embedded = await write('embedded.html', toHtml(makeRunResult({ embedded: true })));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const open = (url: string) => openReport(browser, url);

  const visibleChecks = (page: Page) =>
    page.$$eval('#list > details', (els) => els.map((e) => `${e.getAttribute('data-testid')}@${e.getAttribute('data-scenario')}`));

  it('shows verdict, counts and run metadata without errors or network access', async () => {
    const { page, problems } = await open(small);
    const verdict = page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-conformant')).toBe('false');
    expect(await verdict.textContent()).toContain('Not conformant against MUST');
    expect(await page.getByTestId('count-MUST').textContent()).toMatch(/MUST\s*1\s*failed\s*5 passed/);
    const meta = await page.getByTestId('meta').textContent();
    for (const text of ['http://127.0.0.1:43117/scim/v2', 'okta, entra', '42', '413 ms', 'scim-conformance 0.1.0']) expect(meta).toContain(text);
    // Failures are listed first by default.
    expect(await visibleChecks(page)).toEqual([
      'check-create.location@okta: assign, read back and deactivate',
      'check-read.etag@okta: assign, read back and deactivate',
    ]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('colours the matrix and filters the list by a clicked cell, in the URL', async () => {
    const { page } = await open(small);
    const state = (id: string) => page.getByTestId(id).getAttribute('data-state');
    expect(await state('cell-okta-create')).toBe('fail');
    expect(await state('cell-okta-read')).toBe('warn');
    expect(await state('cell-core-discovery')).toBe('pass');
    expect(await state('cell-onelogin-create')).toBe('none');
    expect(await page.getByTestId('cell-onelogin-create').isDisabled()).toBe(true);

    await page.getByTestId('cell-okta-read').click();
    expect(await visibleChecks(page)).toEqual(['check-read.etag@okta: assign, read back and deactivate']);
    expect(await page.getByTestId('cell-okta-read').getAttribute('aria-pressed')).toBe('true');
    expect(new URL(page.url()).hash).toBe('#status=failed&cell=okta:read');

    // A green cell has no failures: the status filter gives way so its checks show.
    await page.getByTestId('cell-core-discovery').click();
    expect((await visibleChecks(page)).map((c) => c.split('@')[0])).toEqual([
      'check-discovery.spc-schemas',
      'check-discovery.content-type',
      'check-discovery.etag-advertised',
    ]);
    expect(await page.getByTestId('filter-status').inputValue()).toBe('all');
    await page.close();
  });

  it('restores filters from a link and keeps them over a reload', async () => {
    const { page } = await open(`${small}#status=failed&level=MUST&q=location&cell=okta:create`);
    const check = async () => {
      expect(await visibleChecks(page)).toEqual(['check-create.location@okta: assign, read back and deactivate']);
      expect(await page.getByTestId('filter-level').inputValue()).toBe('MUST');
      expect(await page.getByTestId('filter-q').inputValue()).toBe('location');
      expect(await page.getByTestId('filter-cell').isVisible()).toBe(true);
    };
    await check();
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    await check();

    await page.getByTestId('filter-reset').click();
    expect(new URL(page.url()).hash).toBe('');
    expect(await visibleChecks(page)).toHaveLength(2);
    await page.close();
  });

  it('filters by status, level, IdP, scenario, tag, baseline change and text', async () => {
    const { page } = await open(small);
    const ids = async () => (await visibleChecks(page)).map((c) => c.split('@')[0]);
    await page.getByTestId('filter-status').selectOption('all');
    expect(await ids()).toHaveLength(10);
    await page.getByTestId('filter-idp').selectOption('entra');
    expect(await ids()).toEqual(['check-groups.create-201']);
    await page.getByTestId('filter-idp').selectOption('all');
    await page.getByTestId('filter-tag').selectOption('discovery');
    // The core scenario's three passes and its not-applicable sort check.
    expect(await ids()).toEqual(['check-discovery.spc-schemas', 'check-discovery.content-type', 'check-discovery.etag-advertised', 'check-filter.sort-order']);
    await page.getByTestId('filter-tag').selectOption('all');
    await page.getByTestId('filter-scenario').selectOption('core: discovery');
    await page.getByTestId('filter-level').selectOption('MAY');
    expect(await ids()).toEqual(['check-discovery.etag-advertised']);
    await page.getByTestId('filter-reset').click();
    await page.getByTestId('filter-change').selectOption('fixed');
    expect(await ids()).toEqual(['check-discovery.content-type']);
    await page.getByTestId('filter-change').selectOption('new');
    expect(await ids()).toEqual(['check-create.location']);
    expect(await page.locator('[data-change="new"] [data-testid="change-new"]').count()).toBe(1);
    await page.getByTestId('filter-reset').click();
    await page.getByTestId('filter-status').selectOption('all');
    await page.getByTestId('filter-q').fill('ECONNREFUSED');
    await page.waitForFunction(() => location.hash.includes('q=ECONNREFUSED'));
    expect(await ids()).toEqual([]);
    expect(await page.getByTestId('empty').isVisible()).toBe(true);
    await page.getByTestId('filter-q').fill('etag');
    await page.waitForFunction(() => location.hash.includes('q=etag'));
    expect(await ids()).toEqual(['check-read.etag', 'check-discovery.etag-advertised']);
    await page.close();
  });

  it('shows not-applicable results in a neutral style of their own, with reasons, filterable in the URL', async () => {
    const { page, problems } = await open(small);
    const colour = (l: Locator, property: 'backgroundColor' | 'borderLeftColor' | 'color') => l.evaluate((el, p) => getComputedStyle(el)[p], property);
    const red = await colour(page.locator('.legend .sw.c-fail'), 'backgroundColor');
    expect(await page.getByTestId('count-scenarios').textContent()).toContain('1 passed · 1 failed · 1 error · 3 not applicable');

    // The cell of a MUST check that did not apply: neutral, not red, and it can still be opened.
    const cell = page.getByTestId('cell-core-filter');
    expect(await cell.getAttribute('data-state')).toBe('na');
    expect(await cell.textContent()).toBe('⊘ 1');
    expect(await cell.getAttribute('aria-label')).toBe('core × filter: 1 check result not applicable');
    expect(await cell.isDisabled()).toBe(false);
    expect(await colour(cell, 'backgroundColor')).not.toBe(red);
    expect(await colour(cell, 'backgroundColor')).not.toBe(await colour(page.getByTestId('cell-onelogin-create'), 'backgroundColor'));
    expect(await page.getByTestId('count-MUST').textContent()).toMatch(/MUST\s*1\s*failed\s*5 passed · 1 not applicable/);

    // The status filter has them, and says so in the URL.
    await page.getByTestId('filter-status').selectOption('not-applicable');
    expect(await visibleChecks(page)).toEqual(['check-filter.sort-order@core: discovery']);
    expect(new URL(page.url()).hash).toBe('#status=not-applicable');
    expect(await page.getByTestId('result-count').textContent()).toBe('Showing 1 check result of 10 (0 failed, 1 not applicable).');
    const row = page.getByTestId('check-filter.sort-order');
    expect(await row.getAttribute('data-status')).toBe('not-applicable');
    expect(await row.locator('summary .st').textContent()).toBe('⊘ not applicable');
    expect(await row.getByTestId('reason').textContent()).toBe('ServiceProviderConfig sort.supported is false');
    // The failure red, as the legend's swatch draws its edge (var(--fail)).
    const failRed = await colour(page.locator('.legend .sw.c-fail'), 'borderLeftColor');
    expect(await colour(row, 'borderLeftColor')).not.toBe(failRed);
    expect(await colour(row.locator('summary .st'), 'color')).not.toBe(failRed);
    expect(await colour(row.locator('summary .st'), 'color')).toBe(await colour(page.locator('.legend .sw.c-na'), 'borderLeftColor'));
    await row.locator('summary').click();
    expect(await row.locator('dl.facts').textContent()).toContain('Not applicableServiceProviderConfig sort.supported is false');

    // Scenarios that did not run are listed by the missing feature, with the shared reason once.
    const groups = page.getByTestId('na-group');
    expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-feature')))).toEqual(['docker', 'bulk']);
    const docker = (await groups.first().textContent()) ?? '';
    expect(docker).toContain("docker the target's /Schemas does not list urn:ietf:params:scim:schemas:extension:docker:2.0:User: 2 scenarios");
    expect(docker).toContain('okta: Docker role mapping (needed: step 2 (expect))');

    // The scenario table filters by status too, in the same hash, and a reload keeps it.
    await page.getByTestId('filter-scenario-status').selectOption('not-applicable');
    expect(new URL(page.url()).hash).toBe('#status=not-applicable&scenario-status=not-applicable');
    const shownScenarios = async () =>
      page.$$eval('[data-testid="scenario-row"]', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => tr.getAttribute('data-status')));
    expect(await shownScenarios()).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
    const naRow = page.locator('[data-testid="scenario-row"][data-status="not-applicable"]').first();
    expect(await naRow.locator('.badge').textContent()).toBe('not applicable');
    expect(await colour(naRow.locator('.badge'), 'color')).not.toBe(failRed);
    expect(await naRow.getByTestId('scenario-reason').textContent()).toBe(
      "needs docker: the target's /Schemas does not list urn:ietf:params:scim:schemas:extension:docker:2.0:User (needed: step 2 (expect))",
    );
    expect(await page.getByTestId('scenario-count').textContent()).toBe('Showing 3 of 6 scenarios (not applicable).');
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    expect(await shownScenarios()).toHaveLength(3);
    expect(await page.getByTestId('filter-scenario-status').inputValue()).toBe('not-applicable');
    expect(await visibleChecks(page)).toEqual(['check-filter.sort-order@core: discovery']);

    // From the default view, the not-applicable count leads to the same view.
    await page.getByTestId('filter-reset').click();
    expect(await shownScenarios()).toHaveLength(6);
    await page.getByTestId('count-na').click();
    expect(new URL(page.url()).hash).toBe('#status=not-applicable&scenario-status=not-applicable');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the run id, what the target advertises and what the clean-up left, above the counts', async () => {
    const { page, problems } = await open(small);
    expect(await page.getByTestId('run-id').textContent()).toBe('a3f9c1');
    expect(await page.getByTestId('interrupted').isVisible()).toBe(false);

    const cleanup = page.getByTestId('cleanup');
    expect(await cleanup.isVisible()).toBe(true);
    expect(await cleanup.locator('h2').textContent()).toBe('⚠ Left behind on the target: 1 resource');
    const leftover = cleanup.getByTestId('leftover');
    expect(await leftover.count()).toBe(1);
    expect(await leftover.getAttribute('data-outcome')).toBe('deactivated');
    const text = (await leftover.textContent()) ?? '';
    for (const part of ['User isabella.hagenes@example.com (id 2819c223-7f76-453a-919d-413861904646)', 'deactivated, not deleted', 'okta: assign, read back and deactivate', 'DELETE answered 403 Forbidden']) {
      expect(text).toContain(part);
    }
    // Prominent: above the counts, right under the verdict.
    expect((await cleanup.boundingBox())!.y).toBeLessThan((await page.getByTestId('counts').boundingBox())!.y);

    const features = page.getByTestId('features');
    expect(await features.locator('summary').textContent()).toBe('The target advertises 5 of 10 features');
    await features.locator('summary').click();
    expect(await features.locator('[data-feature="bulk"]').getAttribute('data-supported')).toBe('false');
    expect(await features.locator('[data-feature="bulk"]').textContent()).toBe('bulk⊘ noServiceProviderConfig bulk.supported');
    expect(await features.locator('[data-feature="groups"]').getAttribute('data-supported')).toBe('true');
    expect(problems).toEqual([]);
    await page.close();

    // Against the embedded provider there is neither, and the header says nothing about them.
    const { page: plain } = await open(embedded);
    expect(await plain.getByTestId('cleanup').isVisible()).toBe(false);
    expect(await plain.getByTestId('features').isVisible()).toBe(false);
    expect(await plain.getByTestId('run-id').textContent()).toBe('a3f9c1');
    await plain.close();
  });

  it('says when the run was interrupted', async () => {
    const { page, problems } = await open(interrupted);
    const banner = page.getByTestId('interrupted');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toBe(
      '⚠ Interrupted: the run was stopped (Ctrl-C or SIGTERM) before every scenario ran; this report covers only the 6 scenarios that ran.',
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a failing check with RFC link, expected/actual, the exchange and curl', async () => {
    const { page } = await open(small);
    const row = page.getByTestId('check-create.location');
    await row.locator('summary').click();
    const link = row.getByTestId('rfc-link');
    expect(await link.getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc7644#section-3.3');
    expect(await row.getByTestId('expected').textContent()).toBe('"http://127.0.0.1:43117/scim/v2/Users/2819c223-7f76-453a-919d-413861904646"');
    expect(await row.getByTestId('actual').textContent()).toBe('(absent)');
    const exchange = row.getByTestId('exchange');
    const text = await exchange.textContent();
    expect(text).toContain('POST http://127.0.0.1:43117/scim/v2/Users → 201');
    expect(text).toContain('took 38.4 ms');
    expect(text).toContain('user-agentOkta SCIM Client 1.0.0');
    // Bodies are pretty-printed.
    expect(await exchange.locator('pre.body').first().textContent()).toContain('\n  "userName": "isabella.hagenes@example.com",');
    const curl = await row.getByTestId('curl').textContent();
    expect(curl).toContain('curl -sS -X POST');
    expect(curl).toContain('-H "Authorization: Bearer $SCIM_TOKEN"');
    expect(curl).not.toMatch(/Authorization:[^\n]*REDACTED/i);
    await row.getByTestId('copy-curl').click();
    await page.waitForFunction(() => document.getElementById('live')?.textContent !== '');
    // The body's </script> is shown as text, never run.
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.close();
  });

  it('links to a single result and reopens it on load', async () => {
    const { page } = await open(small);
    const row = page.getByTestId('check-read.etag');
    await row.locator('summary').click();
    await row.getByTestId('permalink').click();
    expect(new URL(page.url()).hash).toBe('#status=failed&open=1');
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    expect(await page.getByTestId('check-read.etag').getAttribute('open')).toBe('');
    expect(await page.evaluate(() => document.activeElement?.closest('details')?.id)).toBe('row-1');
    await page.close();
  });

  it('shows, under a failing IdP step, the behaviour it enacted and links to its sources', async () => {
    const declaration = IDP_PROFILES.map((p) => p.declaration).find((d) => d.behaviours.some((b) => b.sources.length > 0));
    const behaviour = declaration?.behaviours.find((b) => b.sources.length > 0);
    const source = behaviour && declaration ? declaration.sources[behaviour.sources[0] ?? ''] : undefined;
    if (!behaviour || !source) throw new Error('no documented behaviour in the registry');
    const run = makeRunResult();
    const scenario = run.scenarios.find((s) => s.steps.some((st) => st.status === 'failed' && st.exchangeIds.length > 0));
    const step = scenario?.steps.find((st) => st.status === 'failed');
    const exchange = scenario?.exchanges.find((e) => e.id === step?.exchangeIds[0]);
    if (!exchange) throw new Error('fixture lost its failing step');
    exchange.behaviour = behaviour.id;
    const file = join(dir, 'evidence.html');
    await writeFile(file, toHtml(run));
    const { page, problems } = await open(pathToFileURL(file).href);
    const evidence = page.getByTestId('evidence').first();
    await evidence.locator('summary').click();
    expect(await evidence.textContent()).toContain(behaviour.id);
    expect(await evidence.locator('a').first().getAttribute('href')).toBe(source.url);
    expect(problems).toEqual([]);
  });

  it('works from the keyboard', async () => {
    const { page } = await open(small);
    await page.getByTestId('cell-okta-read').focus();
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#status=failed&cell=okta:read');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-q');
    await page.getByTestId('check-read.etag').locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('check-read.etag').getAttribute('open')).toBe('');
    await page.close();
  });

  it('shows hostile names as text', async () => {
    const { page, problems } = await open(hostile);
    const title = await page.getByTestId('check-create.location').locator('.ttl').textContent();
    expect(title).toContain(`Location header <b>&"quoted"&'apos'</b>`);
    expect(await page.locator('#list b').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  // Speed itself is measured by `npm run bench` (bench/report.ts) as ratios against a 50-result report.
  it('handles 5,000 check results: renders in chunks, filters and follows the matrix', { timeout: 120_000 }, async () => {
    const { page, problems } = await open(`${large}#status=all`);
    expect(await page.getByTestId('result-count').textContent()).toContain('Showing 5000 check results of 5000');
    expect(await page.locator('#list > details').count()).toBeLessThanOrEqual(150);
    // The button loads the next chunk; so does scrolling it into view. A real click would scroll first, and on
    // a slow machine the scroll's chunk lands before the click and moves the button away: press it in place.
    const rows = () => page.locator('#list > details').count();
    const before = await rows();
    await page.getByTestId('show-more').dispatchEvent('click');
    expect(await rows()).toBe(before + 150);
    await page.getByTestId('show-more').scrollIntoViewIfNeeded();
    await expect.poll(rows).toBeGreaterThan(before + 150);

    await page.getByTestId('filter-q').fill('got 400');
    await page.waitForFunction(() => location.hash.includes('q=got'));
    const [, shown, failed] = /Showing (\d+) check results of 5000 \((\d+) failed\)/.exec((await page.getByTestId('result-count').textContent()) ?? '') ?? [];
    expect(Number(shown)).toBeGreaterThan(500);
    expect(shown).toBe(failed);
    await page.getByTestId('cell-entra-patch').click();
    expect(await page.locator('#list > details[data-status="failed"]').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
