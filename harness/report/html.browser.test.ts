/**
 * report.html in a real browser (Debian's chromium via playwright-core), opened from disk the way a
 * user opens a CI artifact. `scripts/test.sh` installs chromium; without it this suite fails.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openReport } from '../../e2e/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLargeRunResult, makeRunResult } from './fixture.js';
import { toHtml } from './html.js';

describe('report.html in chromium', () => {
  let browser: Browser;
  let dir: string;
  let small: string;
  let hostile: string;
  let large: string;

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
    expect(await ids()).toHaveLength(9);
    await page.getByTestId('filter-idp').selectOption('entra');
    expect(await ids()).toEqual(['check-groups.create-201']);
    await page.getByTestId('filter-idp').selectOption('all');
    await page.getByTestId('filter-tag').selectOption('discovery');
    expect(await ids()).toHaveLength(3);
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
