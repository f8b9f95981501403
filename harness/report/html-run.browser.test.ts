/**
 * report.html from real runs, not a fixture, opened from disk in chromium. Two known defects of the
 * reference provider, each failing one check in IdP columns of the matrix:
 *
 * - `no-location` (POST answers 201 without a Location header → `rfc7644.create.location`), four suites
 *   against the embedded provider over HTTP;
 * - `ignore-docker-role` (dockerRole accepted but never stored → `idp.roles.docker-role`), the three role
 *   mapping suites against a provider started on its own and given as `--target URL --token T`, written
 *   by the HTML reporter as `run` writes it.
 *
 * The reader's path: the verdict, the red cells, the failing check behind them with its level and
 * citation, filters and a shareable link, and a curl that replays the failing exchange (bash parses it
 * here, and the token comes from `$SCIM_TOKEN`, never from the page).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openReport } from '../../e2e/browser.js';
import { createProvider, type RunningProvider } from '../../provider/provider.js';
import type { Exchange, RunResult } from '../model.js';
import { runScenarios } from '../runner/run.js';
import { loadSuites, selfTestOptions } from '../self-test.js';
import { htmlReporter, toHtml } from './html.js';

const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
let browser: Browser;
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const open = (url: string) => openReport(browser, url, { width: 1280, height: 900 });

/** The listed results, as `check-<id>@<scenario name>`. */
const visible = (page: Page) => page.$$eval('#list > details', (els) => els.map((e) => `${e.getAttribute('data-testid')}@${e.getAttribute('data-scenario')}`));
const background = (l: Locator) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
/** The legend's red swatch: what "a MUST check failed" looks like on this page. */
const red = (page: Page) => background(page.locator('.legend .sw.c-fail'));

/**
 * The curl text as bash reads it, with `curl` replaced by a function that prints its arguments: what the
 * command would really send when pasted into a shell with `SCIM_TOKEN` set.
 */
function replay(curl: string, token: string): { method: string; url: string; headers: Record<string, string>; body: string | undefined; flags: string[] } {
  // SHLVL set: a bash started with no SHLVL and a socket for stdin would read ~/.bashrc.
  const out = execFileSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }\n${curl}`], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SHLVL: '1', SCIM_TOKEN: token },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const args = out.split('\0').slice(0, -1);
  const parsed = { method: 'GET', url: '', headers: {} as Record<string, string>, body: undefined as string | undefined, flags: [] as string[] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-X') parsed.method = args[++i]!;
    else if (arg === '-H') {
      const header = args[++i]!;
      const colon = header.indexOf(':');
      parsed.headers[header.slice(0, colon)] = header.slice(colon + 1).trim();
    } else if (arg === '--data-raw') parsed.body = args[++i]!;
    else if (arg.startsWith('-')) parsed.flags.push(arg);
    else parsed.url = arg;
  }
  return parsed;
}

/** The request the exchange recorded, as the replay should send it: real token, no hop-by-hop headers. */
function recorded(exchange: Exchange, token: string) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.request.headers)) {
    if (['content-length', 'host', 'connection', 'transfer-encoding', 'accept-encoding'].includes(name.toLowerCase())) continue;
    headers[name] = name.toLowerCase() === 'authorization' ? `Bearer ${token}` : value;
  }
  return { method: exchange.request.method, url: exchange.request.url, headers, body: exchange.request.body || undefined, flags: ['-sS'] };
}

describe('report.html of a run against a provider with a known defect: no-location (chromium)', () => {
  const SUITES = ['scenarios/core/crud.yaml', 'scenarios/okta/create-assign.yaml', 'scenarios/entra/setup.yaml', 'scenarios/onelogin/create.yaml'];
  const CHECK = 'rfc7644.create.location';
  let dir: string;
  let url: string;
  let run: RunResult;

  beforeAll(async () => {
    ({ run } = await runScenarios(await loadSuites(SUITES), selfTestOptions({ kind: 'embedded', transport: 'http', defect: 'no-location' }, { seed: 7, concurrency: 2 })));
    dir = await mkdtemp(join(tmpdir(), 'scim-report-run-'));
    const file = join(dir, 'report.html');
    await writeFile(file, toHtml(run));
    url = pathToFileURL(file).href;
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The run's own record of where the defect shows, to compare the page with. */
  const failing = () => run.scenarios.filter((s) => s.checks.some((c) => c.checkId === CHECK && c.status === 'failed'));

  it('shows the run as not conformant, the failing check in the red cells of the IdPs that create users, and only there', async () => {
    const { page, problems } = await open(url);
    expect(await page.getByTestId('verdict').getAttribute('data-conformant')).toBe('false');
    const meta = (await page.getByTestId('meta').textContent()) ?? '';
    expect(meta).toContain('http://127.0.0.1');
    expect(meta).toContain(String(run.seed));
    expect(failing().map((s) => s.file).sort()).toEqual(['scenarios/core/crud.yaml', 'scenarios/okta/create-assign.yaml', 'scenarios/onelogin/create.yaml']);
    expect(await page.getByTestId('count-MUST').textContent()).toMatch(new RegExp(`MUST\\s*${run.summary.failedByLevel.MUST}\\s*failed`));

    const state = (cell: string) => page.getByTestId(`cell-${cell}`).getAttribute('data-state');
    expect(await state('okta-create')).toBe('fail');
    expect(await state('onelogin-create')).toBe('fail');
    expect(await state('core-create')).toBe('fail');
    // Entra's setup suite only tests the connection: its cells are not red.
    expect(await state('entra-create')).not.toBe('fail');
    expect(await state('okta-discovery')).not.toBe('fail');
    // Red as the legend's "a MUST check failed", which no passing cell is.
    expect(await background(page.getByTestId('cell-okta-create'))).toBe(await red(page));
    expect(await background(page.getByTestId('cell-okta-discovery'))).not.toBe(await red(page));

    // By default the list shows the failures: exactly this check, once per failing scenario, with its level.
    const rows = await visible(page);
    expect(rows.every((r) => r.startsWith(`check-${CHECK}@`))).toBe(true);
    expect(rows.length).toBe(failing().length);
    const first = page.locator('#list > details').first();
    expect(await first.getAttribute('data-level')).toBe('MUST');
    expect(await first.locator('summary .lvl').textContent()).toBe('MUST');
    expect(await first.locator('summary .cid').textContent()).toBe(CHECK);
    expect(await first.locator('summary .st').textContent()).toBe('✗ failed');

    await page.getByTestId('cell-okta-create').click();
    expect(await visible(page)).toEqual([`check-${CHECK}@${run.scenarios.find((s) => s.file === 'scenarios/okta/create-assign.yaml')!.name}`]);
    expect(new URL(page.url()).hash).toBe('#status=failed&cell=okta:create');
    expect(await page.getByTestId('cell-okta-create').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('filter-cell').textContent()).toContain('okta × create');
    await page.screenshot({ path: join(SCREENSHOTS, 'report-defect-run.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters the real results by level, IdP and text, and a link with that hash reopens the same view', async () => {
    const { page } = await open(url);
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

    const { page: shared } = await open(`${url}${hash}`);
    expect(await visible(shared)).toEqual(view);
    expect(await shared.getByTestId('filter-idp').inputValue()).toBe('onelogin');
    await shared.close();
  });

  it("opens the failing check with its RFC section, the Okta exchange, and a curl that replays Okta's request", async () => {
    const { page } = await open(`${url}#status=failed&cell=okta:create`);
    const row = page.getByTestId(`check-${CHECK}`);
    await row.locator('summary').click();
    expect(await row.getByTestId('rfc-link').getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc7644#section-3.3');
    expect(await row.locator('dl.facts').textContent()).toContain(`${CHECK} · MUST · area create`);
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
    // Pasted into bash, it sends exactly Okta's request: method, URL, headers and body byte for byte.
    expect(replay(curl, 'from-the-env')).toEqual(recorded(exchange, 'from-the-env'));
    await page.close();
  });
});

describe("report.html of an integrator's run (--target URL --token T) against a provider that ignores dockerRole (chromium)", () => {
  const SUITES = ['scenarios/okta/docker-role-mapping.yaml', 'scenarios/onelogin/role-mapping.yaml', 'scenarios/entra/docker-guide.yaml'];
  const CHECK = 'idp.roles.docker-role';
  const TOKEN = 'integrator-secret-7f3a9c1e';
  let dir: string;
  let file: string;
  let url: string;
  let run: RunResult;
  let running: RunningProvider;

  beforeAll(async () => {
    const provider = createProvider({ profile: 'docker-hub', verifiedDomains: ['example.com'], token: TOKEN, defect: 'ignore-docker-role' });
    running = await provider.listen(0);
    ({ run } = await runScenarios(await loadSuites(SUITES), selfTestOptions({ kind: 'external', url: running.baseUrl, token: TOKEN }, { seed: 7, concurrency: 3 })));
    dir = await mkdtemp(join(tmpdir(), 'scim-report-roles-'));
    [file] = (await htmlReporter.write(run, dir)) as [string];
    url = pathToFileURL(file).href;
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const scenarioOf = (idp: string) => run.scenarios.find((s) => s.idp === idp)!;

  it('is not conformant, with the roles cell of each IdP red and behind it only the dockerRole check', async () => {
    // The run's own record: every suite fails this one check, and nothing else.
    const failedChecks = run.scenarios.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${c.checkId}@${s.name}`));
    expect(failedChecks.sort()).toEqual(run.scenarios.map((s) => `${CHECK}@${s.name}`).sort());

    const { page, problems } = await open(url);
    expect(await page.getByTestId('verdict').getAttribute('data-conformant')).toBe('false');
    const meta = (await page.getByTestId('meta').textContent()) ?? '';
    expect(meta).toContain(running.baseUrl);
    expect(meta).toContain('external');
    expect(await page.getByTestId('count-MUST').textContent()).toMatch(/MUST\s*3\s*failed/);

    for (const idp of ['okta', 'entra', 'onelogin']) {
      const cell = page.getByTestId(`cell-${idp}-roles`);
      expect(await cell.getAttribute('data-state'), idp).toBe('fail');
      expect(await background(cell), idp).toBe(await red(page));
      expect(await cell.getAttribute('aria-label'), idp).toMatch(new RegExp(`^${idp} × roles: \\d+ of \\d+ check results failed \\(\\d+ MUST\\)$`));
    }
    // The IdPs' creates work: those cells stay green. No IdP reads discovery, and the harness's own reading of
    // it is not judged in IdP suites, so their discovery cells ran nothing.
    for (const cell of ['okta-create', 'onelogin-create', 'entra-create']) {
      expect(await page.getByTestId(`cell-${cell}`).getAttribute('data-state'), cell).toBe('pass');
    }
    expect(await page.getByTestId('cell-okta-discovery').getAttribute('data-state')).toBe('none');
    // Every suite here is an IdP's: the core row ran nothing.
    expect(await page.$$eval('#matrix [data-cell^="core:"]', (cells) => [...new Set(cells.map((c) => c.getAttribute('data-state')))])).toEqual(['none']);
    expect(await page.getByTestId('cell-core-create').isDisabled()).toBe(true);

    // Failures by default: the check once per suite.
    expect((await visible(page)).sort()).toEqual(run.scenarios.map((s) => `check-${CHECK}@${s.name}`).sort());
    // The failed expectations of the scenarios are listed on their own, with the role they got.
    const stepProblems = (await page.getByTestId('problem').allTextContents()).join('\n');
    expect(stepProblems).toContain('dockerRole: expected editor, got "member".');
    expect(stepProblems).toContain('status: expected 400, got 201');

    // Clicking OneLogin's roles cell narrows the list to OneLogin's result, and says so in the URL.
    await page.getByTestId('cell-onelogin-roles').click();
    expect(await visible(page)).toEqual([`check-${CHECK}@${scenarioOf('onelogin').name}`]);
    expect(new URL(page.url()).hash).toBe('#status=failed&cell=onelogin:roles');
    await page.getByTestId(`check-${CHECK}`).locator('summary').click();
    await page.screenshot({ path: join(SCREENSHOTS, 'report-defect-run-roles.png'), fullPage: true });
    // Clicking it again clears the cell filter.
    await page.getByTestId('cell-onelogin-roles').click();
    expect(await visible(page)).toHaveLength(3);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by status, level, IdP, tag, scenario and text on the real results; the hash reopens the same view', async () => {
    const { page } = await open(url);
    const total = run.scenarios.reduce((n, s) => n + s.checks.length, 0);
    await page.getByTestId('filter-status').selectOption('passed');
    expect((await visible(page)).length).toBe(total - 3);
    expect((await visible(page)).some((r) => r.startsWith(`check-${CHECK}@`))).toBe(false);
    await page.getByTestId('filter-status').selectOption('all');
    expect((await visible(page)).length).toBe(total);
    await page.getByTestId('filter-level').selectOption('SHOULD');
    expect(await page.$$eval('#list > details', (els) => els.every((e) => e.getAttribute('data-level') === 'SHOULD'))).toBe(true);
    await page.getByTestId('filter-level').selectOption('all');

    await page.getByTestId('filter-idp').selectOption('entra');
    const entra = await visible(page);
    expect(entra.length).toBe(scenarioOf('entra').checks.length);
    expect(entra.every((r) => r.endsWith(`@${scenarioOf('entra').name}`))).toBe(true);
    await page.getByTestId('filter-idp').selectOption('all');
    await page.getByTestId('filter-scenario').selectOption(scenarioOf('okta').name);
    expect((await visible(page)).length).toBe(scenarioOf('okta').checks.length);
    await page.getByTestId('filter-scenario').selectOption('all');

    // Tags: only Okta's suite is tagged "okta"; all three are tagged "roles".
    await page.getByTestId('filter-tag').selectOption('okta');
    const tagged = await visible(page);
    expect(tagged.length).toBe(scenarioOf('okta').checks.length);
    expect(tagged.every((r) => r.endsWith(`@${scenarioOf('okta').name}`))).toBe(true);
    await page.getByTestId('filter-tag').selectOption('roles');
    expect((await visible(page)).length).toBe(total);
    await page.getByTestId('filter-status').selectOption('failed');
    await page.getByTestId('filter-q').fill('expected owner');
    await page.waitForFunction(() => location.hash.includes('q=expected'));
    const view = await visible(page);
    // user1's role change to owner (Okta, OneLogin) and user2's (Entra) were all read back as member.
    expect(view.sort()).toEqual(run.scenarios.map((s) => `check-${CHECK}@${s.name}`).sort());
    await page.getByTestId('filter-q').fill('expected owner moby');
    await page.waitForFunction(() => location.hash.includes('moby'));
    expect(await visible(page)).toEqual([]);
    expect(await page.getByTestId('empty').isVisible()).toBe(true);
    await page.getByTestId('filter-q').fill('onelogin owner');
    await page.waitForFunction(() => location.hash.includes('q=onelogin'));
    const shared = await visible(page);
    expect(shared).toEqual([`check-${CHECK}@${scenarioOf('onelogin').name}`]);
    const hash = new URL(page.url()).hash;
    expect(hash).toBe('#status=failed&tag=roles&q=onelogin%20owner');
    await page.close();

    // A colleague opens the link: same filters, same list.
    const { page: again } = await open(`${url}${hash}`);
    expect(await visible(again)).toEqual(shared);
    expect(await again.getByTestId('filter-tag').inputValue()).toBe('roles');
    expect(await again.getByTestId('filter-q').inputValue()).toBe('onelogin owner');
    // Back to the default view through the history: the hash is the state.
    await again.getByTestId('filter-reset').click();
    expect(new URL(again.url()).hash).toBe('');
    await again.goBack();
    await again.waitForFunction(() => location.hash !== '');
    expect(await visible(again)).toEqual(shared);
    await again.close();
  });

  it('names the run id, what the target advertises, and a clean-up that left nothing behind', async () => {
    const { page, problems } = await open(url);
    expect(run.runId).toMatch(/^[a-z0-9]+$/);
    expect(await page.getByTestId('run-id').textContent()).toBe(run.runId);
    expect(run.cleanup?.leftovers).toEqual([]);
    expect(await page.getByTestId('cleanup').textContent()).toMatch(/^Clean-up: created [1-9]\d*, removed [1-9]\d*; .*nothing left behind\.$/);
    expect(await page.getByTestId('leftover').count()).toBe(0);
    const features = run.target.features ?? [];
    expect(features.length).toBeGreaterThan(0);
    expect(await page.getByTestId('features').locator('summary').textContent()).toBe(
      `The target advertises ${features.filter((f) => f.supported).length} of ${features.length} features`,
    );
    expect(await page.getByTestId('interrupted').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the read-back that found the wrong role, with the token redacted and a curl that replays it', async () => {
    const html = await readFile(file, 'utf8');
    // The token the run used is nowhere in the file.
    expect(html).not.toContain(TOKEN);

    const { page } = await open(`${url}#status=failed&cell=okta:roles`);
    const row = page.getByTestId(`check-${CHECK}`);
    await row.locator('summary').click();
    const facts = (await row.locator('dl.facts').textContent()) ?? '';
    expect(facts).toContain(`${CHECK} · MUST · area roles`);
    // Not an RFC: the citation is shown as text, with no link to the RFC editor.
    expect(facts).toContain('Docker Hub SCIM: role mapping');
    expect(await row.getByTestId('rfc-link').count()).toBe(0);

    const okta = scenarioOf('okta');
    const check = okta.checks.find((c) => c.checkId === CHECK)!;
    const findings = row.getByTestId('finding');
    expect(await findings.count()).toBe(check.failures.length);
    expect(await findings.first().getByTestId('expected').textContent()).toBe('"editor"');
    expect(await findings.first().getByTestId('actual').textContent()).toBe('"member"');
    const exchange = okta.exchanges.find((e) => e.id === check.failures[0]!.exchangeId)!;
    const shown = findings.first().getByTestId('exchange');
    expect(await shown.locator('.reqline').textContent()).toBe(`GET ${exchange.request.url} → 200`);
    expect(exchange.request.url.startsWith(`${running.baseUrl}/Users/`)).toBe(true);
    const headers = await shown.locator('table.headers').first().locator('tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]));
    expect(headers).toContainEqual(['Authorization', 'Bearer [redacted]']);
    expect(headers).toContainEqual(['User-Agent', 'scim-conformance']);
    // The response the harness read: the role the target kept.
    expect(await shown.locator('pre.body').last().textContent()).toContain('"dockerRole": "member"');

    const curl = (await findings.first().getByTestId('curl').textContent()) ?? '';
    expect(curl.split(' \\\n  ')[0]).toBe(`curl -sS -X GET '${exchange.request.url}'`);
    expect(curl).toContain('-H "Authorization: Bearer $SCIM_TOKEN"');
    expect(curl).not.toContain('--data-raw');
    const replayed = replay(curl, TOKEN);
    expect(replayed).toEqual(recorded(exchange, TOKEN));
    // Sent to the target with the real token, the request is accepted (the run has since deleted the user).
    const res = await fetch(replayed.url, { method: replayed.method, headers: replayed.headers });
    expect(res.status).toBe(404);
    const refused = await fetch(replayed.url, { method: replayed.method, headers: { ...replayed.headers, Authorization: 'Bearer [redacted]' } });
    expect(refused.status).toBe(401);
    await page.close();
  });
});
