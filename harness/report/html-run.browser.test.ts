/**
 * report.html from a real run, not a fixture: four suites against the embedded reference provider with a
 * known defect (`no-location`: POST answers 201 without a Location header), opened from disk in chromium.
 * The reader's path: the verdict, the red cell of the IdPs that create users, the failing check behind
 * it, filters and a shareable link, and the curl that reproduces the failing exchange.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/browser.js';
import type { RunResult } from '../model.js';
import { runScenarios } from '../runner/run.js';
import { loadSuites } from '../self-test.js';
import { toHtml } from './html.js';

const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
const SUITES = ['scenarios/core/crud.yaml', 'scenarios/okta/create-assign.yaml', 'scenarios/entra/setup.yaml', 'scenarios/onelogin/create.yaml'];
const CHECK = 'rfc7644.create.location';

describe('report.html of a run against a provider with a known defect (chromium)', () => {
  let browser: Browser;
  let dir: string;
  let url: string;
  let run: RunResult;

  beforeAll(async () => {
    const scenarios = await loadSuites(SUITES);
    ({ run } = await runScenarios(scenarios, {
      target: { kind: 'embedded', transport: 'http', defect: 'no-location' },
      seed: 7,
      failOn: 'must',
      concurrency: 2,
      requestTimeoutMs: 10_000,
      scenarioTimeoutMs: 60_000,
      bail: false,
      maxRetryWaitMs: 10,
      toolVersion: 'test',
    }));
    dir = await mkdtemp(join(tmpdir(), 'scim-report-run-'));
    const file = join(dir, 'report.html');
    await writeFile(file, toHtml(run));
    url = pathToFileURL(file).href;
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(hash = ''): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
    page.on('request', (r) => {
      if (!/^(file|data):/.test(r.url())) problems.push(`request: ${r.url()}`);
    });
    await page.goto(`${url}${hash}`);
    await page.waitForSelector('html[data-ready]');
    return { page, problems };
  }

  const visible = (page: Page) => page.$$eval('#list > details', (els) => els.map((e) => `${e.getAttribute('data-testid')}@${e.getAttribute('data-scenario')}`));
  /** The run's own record of where the defect shows, to compare the page with. */
  const failing = () => run.scenarios.filter((s) => s.checks.some((c) => c.checkId === CHECK && c.status === 'failed'));

  it('shows the run as not conformant, the failing check in the red cells of the IdPs that create users, and only there', async () => {
    const { page, problems } = await open();
    expect(await page.getByTestId('verdict').getAttribute('data-conformant')).toBe('false');
    const meta = (await page.getByTestId('meta').textContent()) ?? '';
    expect(meta).toContain('http://127.0.0.1');
    expect(meta).toContain(String(run.seed));
    expect(failing().map((s) => s.file).sort()).toEqual(['scenarios/core/crud.yaml', 'scenarios/okta/create-assign.yaml', 'scenarios/onelogin/create.yaml']);

    const state = (cell: string) => page.getByTestId(`cell-${cell}`).getAttribute('data-state');
    expect(await state('okta-create')).toBe('fail');
    expect(await state('onelogin-create')).toBe('fail');
    expect(await state('core-create')).toBe('fail');
    // Entra's setup suite only tests the connection: its cells are not red.
    expect(await state('entra-create')).not.toBe('fail');
    expect(await state('okta-discovery')).not.toBe('fail');

    // By default the list shows the failures: exactly this check, once per failing scenario.
    const rows = await visible(page);
    expect(rows.every((r) => r.startsWith(`check-${CHECK}@`))).toBe(true);
    expect(rows.length).toBe(failing().length);

    await page.getByTestId('cell-okta-create').click();
    expect(await visible(page)).toEqual([`check-${CHECK}@${run.scenarios.find((s) => s.file === 'scenarios/okta/create-assign.yaml')!.name}`]);
    expect(new URL(page.url()).hash).toBe('#status=failed&cell=okta:create');
    await page.screenshot({ path: join(SCREENSHOTS, 'report-defect-run.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters the real results by level, IdP and text, and a link with that hash reopens the same view', async () => {
    const { page } = await open();
    await page.getByTestId('filter-status').selectOption('all');
    const all = (await visible(page)).length;
    expect(all).toBeGreaterThan(20);
    await page.getByTestId('filter-idp').selectOption('onelogin');
    await page.getByTestId('filter-level').selectOption('MUST');
    await page.getByTestId('filter-q').fill('Location');
    await page.waitForFunction(() => location.hash.includes('q=Location'));
    const view = await visible(page);
    expect(view.length).toBeGreaterThan(0);
    expect(view.length).toBeLessThan(all);
    expect(view.some((r) => r.startsWith(`check-${CHECK}@`))).toBe(true);
    const hash = new URL(page.url()).hash;
    expect(hash).toContain('idp=onelogin');
    expect(hash).toContain('level=MUST');
    await page.close();

    const { page: shared } = await open(hash);
    expect(await visible(shared)).toEqual(view);
    expect(await shared.getByTestId('filter-idp').inputValue()).toBe('onelogin');
    await shared.close();
  });

  it("opens the failing check with its RFC section, the Okta exchange, and a curl that replays Okta's request", async () => {
    const { page } = await open('#status=failed&cell=okta:create');
    const row = page.getByTestId(`check-${CHECK}`);
    await row.locator('summary').click();
    expect(await row.getByTestId('rfc-link').getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc7644#section-3.3');
    expect(await row.getByTestId('actual').first().textContent()).toBe('(absent)');
    const okta = run.scenarios.find((s) => s.file === 'scenarios/okta/create-assign.yaml')!;
    const failed = okta.checks.find((c) => c.checkId === CHECK)!.failures[0]!;
    const exchange = okta.exchanges.find((e) => e.id === failed.exchangeId)!;
    const shown = await row.getByTestId('exchange').first().textContent();
    expect(shown).toContain(`POST ${exchange.request.url} → 201`);
    const curl = (await row.getByTestId('curl').first().textContent()) ?? '';
    expect(curl).toContain(`curl -sS -X POST '${exchange.request.url}'`);
    expect(curl).toContain('-H "Authorization: Bearer $SCIM_TOKEN"');
    expect(curl).toContain('User-Agent: Okta SCIM Client 1.0.0');
    expect(curl).toContain('Content-Type: application/scim+json; charset=utf-8');
    const userName = (JSON.parse(exchange.request.body!) as { userName: string }).userName;
    expect(curl).toContain(userName);
    expect(curl).not.toContain('[redacted]');
    await page.close();
  });
});
