/**
 * report.html's lead sections in chromium, opened from disk: readiness per IdP and the ranked root causes come
 * before everything else, a root cause's example link opens the exchange that shows it, and a step that failed
 * only because of an earlier one is shown greyed as its consequence and counted nowhere. Also a small audit of
 * what a screen-reader or keyboard user needs from these sections (names, unique ids, heading order, focus).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openReport } from '../../e2e/browser.js';
import { makeRunResult } from './fixture.js';
import { toHtml } from './html.js';

/** Accessibility basics the page can break: what axe's "name", "duplicate-id" and "heading-order" rules check. */
async function audit(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const issues: string[] = [];
    const seen = new Set<string>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) {
      if (seen.has(el.id)) issues.push(`duplicate id ${el.id}`);
      seen.add(el.id);
    }
    const visible = (el: Element) => !(el as HTMLElement).closest('[hidden]') && (el as HTMLElement).getClientRects().length > 0;
    for (const el of Array.from(document.querySelectorAll('a, button, summary, select, input'))) {
      if (!visible(el)) continue;
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() || (el.closest('label')?.textContent ?? '').trim();
      if (!name) issues.push(`no accessible name: ${el.outerHTML.slice(0, 80)}`);
      if (el.tagName === 'A' && !el.getAttribute('href')) issues.push(`link without href: ${el.outerHTML.slice(0, 80)}`);
    }
    let last = 1;
    for (const h of Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).filter(visible)) {
      const level = Number(h.tagName[1]);
      if (level > last + 1) issues.push(`heading jumps from h${last} to h${level}: ${h.textContent}`);
      last = level;
    }
    for (const s of Array.from(document.querySelectorAll('section[aria-labelledby]'))) {
      if (!document.getElementById(s.getAttribute('aria-labelledby') ?? '')) issues.push(`section labelled by a missing id: ${s.id}`);
    }
    return issues;
  });
}

describe('report.html leads with readiness and root causes (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let grouped: string;
  let plain: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scim-report-grouping-'));
    const write = async (name: string, html: string) => {
      const file = join(dir, name);
      await writeFile(file, html);
      return pathToFileURL(file).href;
    };
    grouped = await write('grouped.html', toHtml(makeRunResult()));
    plain = await write('plain.html', toHtml(makeRunResult({ withoutGrouping: true })));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows readiness per IdP, then the ranked root causes, above the counts and the matrix', async () => {
    const { page, problems } = await openReport(browser, grouped);
    const top = async (id: string) => (await page.getByTestId(id).boundingBox())!.y;
    expect(await top('verdict')).toBeLessThan(await top('readiness'));
    expect(await top('readiness')).toBeLessThan(await top('root-causes'));
    expect(await top('root-causes')).toBeLessThan(await top('cleanup'));
    expect(await top('root-causes')).toBeLessThan(await top('counts'));
    expect(await top('counts')).toBeLessThan(await top('matrix'));

    const idps = page.getByTestId('readiness-idp');
    expect(await idps.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-idp')}:${e.getAttribute('data-verdict')}`))).toEqual(['okta:breaks', 'entra:not-tested']);
    const okta = idps.first();
    expect(await okta.locator('h3').textContent()).toBe('✗ Okta breaks');
    expect(await okta.getByTestId('readiness-headline').textContent()).toBe('Okta: breaks at Create Users (no Location header on 201)');
    const items = okta.getByTestId('readiness-item');
    expect(await items.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}|${e.textContent}`))).toEqual([
      'broken|Create Users — no Location header on 201 cause #1',
      'warning|Push Profile Updates — GET answers without an ETag cause #2',
    ]);
    // Verdict styling: a breaking IdP is edged in the failure red; one not tested is not.
    const edge = (i: number) => idps.nth(i).evaluate((el) => getComputedStyle(el).borderLeftColor);
    const red = await page.locator('.legend .sw.c-fail').evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(await edge(0)).toBe(red);
    expect(await edge(1)).not.toBe(red);

    const causes = page.getByTestId('root-cause');
    expect(await causes.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(['create.location', 'read.etag']);
    const first = causes.first();
    const text = (await first.textContent()) ?? '';
    for (const part of ['MUST', 'create.location', 'Observedanswered 201 without a Location header', 'RequiredRFC 7644 §3.3']) expect(text).toContain(part);
    expect(await first.getByTestId('root-cause-hint').textContent()).toBe('Set the Location header of a 201 to the created resource URL (meta.location).');
    expect(await first.getByTestId('root-cause-impact').textContent()).toBe('breaks 2 IdP actions in 1 scenario (okta)');

    // A readiness item's cause button moves focus to that root cause.
    await items.nth(1).getByRole('button').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('read.etag');
    expect(problems).toEqual([]);
    expect(await audit(page)).toEqual([]);
    await page.close();
  });

  it("opens a root cause's example exchange from its link, and from the keyboard", async () => {
    const { page, problems } = await openReport(browser, grouped);
    const link = page.getByTestId('root-cause').nth(1).getByTestId('root-cause-example');
    expect(await link.textContent()).toBe('GET http://127.0.0.1:43117/scim/v2/Users/2819c223-7f76-453a-919d-413861904646 → 200');
    await link.click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-exchange-id') === 'okta/assign.yaml#2.1');
    const row = page.getByTestId('check-read.etag');
    expect(await row.getAttribute('open')).toBe('');
    const exchange = row.locator('[data-exchange-id="okta/assign.yaml#2.1"]');
    expect(await exchange.isVisible()).toBe(true);
    expect(await exchange.getAttribute('class')).toContain('target');
    expect(await exchange.locator('.reqline').textContent()).toContain('GET http://127.0.0.1:43117/scim/v2/Users/');
    // The exchange is scrolled into view.
    const box = (await exchange.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(-1);
    expect(box.y).toBeLessThan(page.viewportSize()!.height);
    expect(new URL(page.url()).hash).toMatch(/^#status=failed&open=\d+&ex=okta\/assign\.yaml%232\.1$/);

    // Back to the top: the first cause's link, followed with the keyboard.
    await page.getByTestId('root-cause').first().getByTestId('root-cause-example').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-exchange-id') === 'okta/assign.yaml#1.1');
    expect(await page.getByTestId('check-create.location').getAttribute('open')).toBe('');
    // A reload of that address shows the same exchange.
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-exchange-id'))).toBe('okta/assign.yaml#1.1');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a step that failed because of an earlier one greyed, as its consequence, and does not count it', async () => {
    const { page, problems } = await openReport(browser, grouped);
    const okta = page.getByTestId('problem').first();
    const cause = okta.getByTestId('failed-step');
    expect(await cause.count()).toBe(1);
    const consequence = cause.getByTestId('consequence');
    expect(await consequence.textContent()).toBe('Step 4 okta update user1 — consequence of step 2: the ETag step 2 should have read was never saved');
    const colour = (sel: string) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).color);
    expect(await consequence.evaluate((el) => getComputedStyle(el).color)).toBe(await colour('.muted'));
    // Two failed steps (okta's step 2, entra's errored step 2), not three.
    expect(await page.getByTestId('problem-count').textContent()).toBe('2 failed steps, 1 scenario error; 1 consequence of those, not counted.');
    expect(await page.getByTestId('count-all').textContent()).toContain('2 failed');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('hides both sections for a report without them', async () => {
    const { page, problems } = await openReport(browser, plain);
    expect(await page.getByTestId('readiness').isVisible()).toBe(false);
    expect(await page.getByTestId('root-causes').isVisible()).toBe(false);
    expect(await page.getByTestId('verdict').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    expect(await audit(page)).toEqual([]);
    await page.close();
  });
});
