/**
 * The one way tests start a browser: Debian's chromium (installed by scripts/setup.sh --browser) through
 * playwright-core, with the flags this closed network needs. A missing browser is a failure, not a skip.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No chromium at ${CHROMIUM}: run 'bash scripts/setup.sh --browser' (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * Opens a report.html from disk and collects what must not happen: script errors, console errors (CSP
 * violations among them) and any request off the disk.
 */
export async function openReport(browser: Browser, url: string, viewport?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage(viewport ? { viewport } : {});
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!/^(file|data):/.test(r.url())) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready]');
  return { page, problems };
}
