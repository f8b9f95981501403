/**
 * The admin console in a real browser (Debian's chromium through playwright-core): sign in with the admin
 * credential, satisfy the prerequisites, enable SCIM, reveal and copy the token, provision users through the
 * SCIM API and watch them appear live, generate a new token (the old one gets 401), disable SCIM (users
 * stay), and unset a prerequisite while SCIM is on. Real conformance runs over HTTP (OneLogin's full sync; Okta's
 * role mapping and full sync through a gateway that holds the run's clean-up) fill the members table live.
 * Screenshots of each state go to test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios } from '../harness/runner/run.js';
import { loadSuites, selfTestOptions } from '../harness/self-test.js';
import type { ScenarioResult } from '../harness/model.js';
import { SCHEMA } from '../vocabulary/constants.js';
import { createProvider, type Provider, type RunningProvider } from '../provider/provider.js';
import { client } from '../provider/test-support.js';
import { launchChromium } from './browser.js';
import { startGateway } from './gateway.js';

const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
const OKTA_UA = 'Okta SCIM Client 1.0.0';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let provider: Provider;
let running: RunningProvider;
/** Everything the page fetched, and anything it complained about (CSP violations, script errors). */
let requested: string[];
let problems: string[];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  await running?.close();
});

async function open(options: Parameters<typeof createProvider>[0]): Promise<void> {
  provider = createProvider(options);
  running = await provider.listen(0);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.origin });
  page = await context.newPage();
  requested = [];
  problems = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Refused API calls (401 before sign-in, 400 for a bad domain) are expected; anything else is not.
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${running.origin}/admin`);
}

async function signIn(): Promise<void> {
  await page.getByTestId('login-view').waitFor();
  await page.getByLabel('Admin credential').fill(provider.adminCredential);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('console-view').waitFor();
  await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('Live');
}

const testId = (id: string) => page.getByTestId(id);
const text = async (id: string) => ((await testId(id).textContent()) ?? '').trim();
const memberRows = () => page.locator('tr[data-testid="member-row"]');
const requestRows = () => page.locator('tr[data-testid="request-row"]');

async function shot(name: string): Promise<void> {
  // Let the row highlight animation finish so the picture shows the settled page.
  await page.waitForTimeout(1700);
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

/** Clicks a button that opens the confirmation dialog, then confirms. */
async function confirmVia(buttonId: string): Promise<void> {
  await testId(buttonId).click();
  const dialog = testId('confirm-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('confirm-ok').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** userNames (lower-cased, sorted) of the users a run created (201 to POST /Users), from the run's own record. */
function provisioned(result: ScenarioResult): string[] {
  return result.exchanges
    .filter((e) => e.request.method === 'POST' && e.response?.status === 201 && new URL(e.request.url).pathname.endsWith('/Users'))
    .map((e) => (JSON.parse(e.response!.body) as { userName: string }).userName.toLowerCase())
    .sort();
}

function member(userName: string, given: string, family: string, docker: Record<string, string> = {}): Record<string, unknown> {
  return {
    schemas: [SCHEMA.user, SCHEMA.dockerUser],
    userName,
    name: { givenName: given, familyName: family },
    active: true,
    [SCHEMA.dockerUser]: docker,
  };
}

describe('admin console (chromium)', () => {
  it('sign in; locked → satisfy prerequisites → enable → reveal/copy token → seed users → new token (old one 401) → disable (users stay)', { timeout: 90_000 }, async () => {
    await open({ profile: 'docker-hub', verifiedDomains: ['example.com'], organization: { name: 'moby', ssoConfigured: false, domainVerified: false, scimEnabled: false } });

    // Sign-in: only the admin credential works; the SCIM token does not.
    await testId('login-view').waitFor();
    await expect.poll(() => testId('console-view').isVisible()).toBe(false);
    await shot('admin-login.png');
    await page.getByLabel('Admin credential').fill(provider.access.currentToken);
    await testId('login-submit').click();
    await testId('error').waitFor();
    expect(await text('error')).toMatch(/not the admin credential/);
    expect(await testId('console-view').isVisible()).toBe(false);
    await signIn();
    expect(await testId('error').isVisible()).toBe(false);

    // Locked: says why, cannot be enabled, no Base URL or token on the page.
    expect(await text('org-name')).toBe('Organization: moby');
    expect(await text('scim-status')).toBe('Locked');
    expect(await testId('lock-reasons').locator('li').allTextContents()).toEqual([
      'SAML SSO is not configured.',
      'The company domain (example.com) is not verified.',
    ]);
    expect(await testId('enable-scim').isDisabled()).toBe(true);
    expect(await testId('scim-fields').isVisible()).toBe(false);
    await shot('admin-locked.png');

    // Satisfy the prerequisites one by one.
    await testId('sso-toggle').click();
    await expect.poll(() => testId('prereq-sso').getAttribute('data-met')).toBe('true');
    expect(await testId('lock-reasons').locator('li').count()).toBe(1);
    expect(await testId('enable-scim').isDisabled()).toBe(true);
    await testId('domain-input').fill('nope');
    await testId('domain-verify').click();
    await testId('error').waitFor();
    expect(await text('error')).toMatch(/not a domain name/);
    await testId('domain-input').fill('Example.com');
    await testId('domain-verify').click();
    await expect.poll(() => text('scim-status')).toBe('Disabled');
    expect(await testId('prereq-domain').getAttribute('data-met')).toBe('true');
    expect(await text('domain-status')).toBe('example.com is verified.');
    expect(await testId('scim-locked').isVisible()).toBe(false);
    expect(provider.organization.state).toMatchObject({ ssoConfigured: true, domainVerified: true, scimEnabled: false });

    // Enable: Base URL and a masked token appear.
    await testId('enable-scim').click();
    await expect.poll(() => text('scim-status')).toBe('Enabled');
    expect(provider.access.isEnabled).toBe(true);
    expect(await text('scim-base-url')).toBe(running.baseUrl);
    expect(await text('scim-token')).toMatch(/^•+$/);
    expect(await testId('reveal-token').getAttribute('aria-pressed')).toBe('false');

    // Reveal and copy: read the token from the page.
    await testId('reveal-token').click();
    await expect.poll(() => testId('reveal-token').getAttribute('aria-pressed')).toBe('true');
    const token = await text('scim-token');
    expect(token).toBe(provider.access.currentToken);
    await testId('copy-token').click();
    await expect.poll(() => text('notice')).toBe('API token copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await testId('reveal-token').click();
    expect(await text('scim-token')).toMatch(/^•+$/);
    await shot('admin-enabled.png');

    // Seed users through the SCIM API with the token read from the page; they appear without a reload.
    const scim = client(running.baseUrl, () => token);
    const seeded = [
      member('moby@example.com', 'Moby', 'Dock', { dockerRole: 'owner', dockerOrg: 'moby', dockerTeam: 'core' }),
      member('gordon@example.com', 'Gordon', 'Whale', { dockerRole: 'editor' }),
      member('molly@example.com', 'Molly', 'Penguin'),
    ];
    for (const body of seeded) {
      const res = await scim('POST', '/Users', { body, headers: { 'User-Agent': OKTA_UA } });
      expect(res.status, res.text).toBe(201);
    }
    await expect.poll(() => memberRows().count()).toBe(3);
    expect(await text('member-count')).toBe('(3)');

    // Generate a new token: the page shows the new one; the old one gets 401 at once.
    await testId('reveal-token').click();
    await expect.poll(() => text('scim-token')).toBe(token);
    await confirmVia('regenerate-token');
    await expect.poll(() => text('scim-token')).not.toBe(token);
    const fresh = await text('scim-token');
    expect(fresh).toBe(provider.access.currentToken);
    expect(await text('notice')).toMatch(/previous token no longer works/);
    const old = await scim('GET', '/Users', { token, headers: { 'User-Agent': OKTA_UA } });
    expect(old.status, old.text).toBe(401);
    expect((await scim('GET', '/Users', { token: fresh })).status).toBe(200);
    await expect.poll(() => requestRows().first().getAttribute('data-status')).toBe('200');
    expect(await requestRows().nth(1).getAttribute('data-status')).toBe('401');

    // Disable: users stay, in the table and in the store; the IdP now gets 403.
    await confirmVia('disable-scim');
    await expect.poll(() => text('scim-status')).toBe('Disabled');
    expect(provider.access.isEnabled).toBe(false);
    expect(await testId('scim-fields').isVisible()).toBe(false);
    expect(await text('notice')).toMatch(/Provisioned users are kept/);
    expect((await scim('GET', '/Users', { token: fresh })).status).toBe(403);
    expect(await memberRows().count()).toBe(3);
    expect(await memberRows().evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.username))).toEqual([
      'moby@example.com',
      'gordon@example.com',
      'molly@example.com',
    ]);
    expect([...provider.store.all('User')].map((u) => u.data.userName)).toEqual(['moby@example.com', 'gordon@example.com', 'molly@example.com']);
    await shot('admin-disabled.png');

    // Enable again, then remove the SSO connection: SCIM goes off and the page says so.
    await testId('enable-scim').click();
    await expect.poll(() => text('scim-status')).toBe('Enabled');
    await confirmVia('sso-toggle');
    await expect.poll(() => text('scim-status')).toBe('Locked');
    expect(await text('notice')).toMatch(/SCIM has been disabled because a prerequisite is no longer met/);
    expect(provider.access.isEnabled).toBe(false);
    expect(await memberRows().count()).toBe(3);
    await shot('admin-prerequisite-removed.png');

    // Self-contained: the page fetched nothing but itself and its own API; no CSP violation or script error.
    expect(requested.filter((url) => !url.startsWith(`${running.origin}/admin`))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('members and recent requests update live while an IdP provisions (no reload)', { timeout: 60_000 }, async () => {
    await open({ profile: 'docker-hub', verifiedDomains: ['example.com'] });
    await signIn();
    expect(await text('scim-status')).toBe('Enabled');
    expect(await memberRows().count()).toBe(0);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    const scim = client(running.baseUrl, () => provider.access.currentToken);
    const people = [
      member('ada@example.com', 'Ada', 'Lovelace', { dockerRole: 'owner', dockerOrg: 'moby', dockerTeam: 'platform' }),
      member('grace@example.com', 'Grace', 'Hopper', { dockerRole: 'editor', dockerOrg: 'moby', dockerTeam: 'compilers' }),
      member('alan@example.com', 'Alan', 'Turing'),
      member('edsger@example.com', 'Edsger', 'Dijkstra', { dockerRole: 'member' }),
    ];
    const ids: string[] = [];
    for (const [i, body] of people.entries()) {
      const res = await scim('POST', '/Users', { body, headers: { 'User-Agent': OKTA_UA } });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
      // Each member shows up on its own, as it is provisioned.
      await expect.poll(() => memberRows().count()).toBe(i + 1);
      await expect.poll(() => requestRows().count()).toBe(i + 1);
    }

    const first = memberRows().filter({ has: page.locator('td', { hasText: 'ada@example.com' }) });
    expect(await first.locator('td').allTextContents()).toEqual([
      'ada@example.com',
      'Ada Lovelace',
      'Active',
      'owner',
      'moby',
      'platform',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    ]);
    const alan = memberRows().filter({ has: page.locator('td', { hasText: 'alan@example.com' }) });
    expect((await alan.locator('td').allTextContents()).slice(3, 6)).toEqual(['member', '—', '—']);

    // The newest request is on top: method, path, status and the IdP's User-Agent.
    const newest = requestRows().first();
    expect((await newest.locator('td').allTextContents()).slice(1, 5)).toEqual(['POST', '/scim/v2/Users', '201', OKTA_UA]);

    // Deactivation (Okta's PATCH active=false) and removal show up too.
    const patch = await scim('PATCH', `/Users/${ids[2]}`, {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] },
      headers: { 'User-Agent': OKTA_UA },
    });
    expect(patch.status, patch.text).toBe(200);
    await expect.poll(() => alan.getAttribute('data-active')).toBe('false');
    expect(await alan.locator('td').nth(2).textContent()).toBe('Inactive');
    expect((await scim('DELETE', `/Users/${ids[3]}`, { headers: { 'User-Agent': OKTA_UA } })).status).toBe(204);
    await expect.poll(() => memberRows().count()).toBe(3);
    await expect.poll(async () => (await requestRows().first().locator('td').allTextContents())[1]).toBe('DELETE');
    expect(await text('request-count')).toBe('(6)');

    // A change made straight through Provider (as the harness's admin steps do) reaches the page as well.
    provider.access.setEnabled(false);
    await expect.poll(() => text('scim-status')).toBe('Disabled');
    provider.access.setEnabled(true);
    await expect.poll(() => text('scim-status')).toBe('Enabled');

    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(navigations).toEqual([]);
    await shot('admin-members.png');
    expect(problems).toEqual([]);
  });

  it('members appear live while a real conformance run provisions through the SCIM API (OneLogin full sync, 50 users)', { timeout: 90_000 }, async () => {
    await open({ profile: 'docker-hub', verifiedDomains: ['example.com'] });
    await signIn();
    expect(await memberRows().count()).toBe(0);
    // The page records what it shows as it changes: the most member rows at once and every userName seen.
    await page.evaluate(() => {
      const seen = { max: 0, userNames: new Set<string>(), agents: new Set<string>(), notReloaded: true };
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        const rows = document.querySelectorAll('tr[data-testid="member-row"]');
        seen.max = Math.max(seen.max, rows.length);
        rows.forEach((row) => seen.userNames.add(row.querySelector('td')?.textContent ?? ''));
        // The recent-requests panel keeps only the newest rows, so who called is recorded as rows arrive.
        document.querySelectorAll('tr[data-testid="request-row"]').forEach((row) => seen.agents.add(row.querySelectorAll('td')[4]?.textContent ?? ''));
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    // An integrator's run: the harness against this provider as an external target (--target URL --token T).
    const scenarios = await loadSuites(['scenarios/onelogin/full-sync.yaml']);
    const running$ = runScenarios(scenarios, selfTestOptions({ kind: 'external', url: running.baseUrl, token: provider.access.currentToken }, { scenarioTimeoutMs: 80_000 }));
    // While the run is still going, members show up on the page.
    await expect.poll(() => memberRows().count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-members-scenario-run.png'), fullPage: true });
    const { run } = await running$;
    expect(run.scenarios[0]!.status).toBe('passed');

    const seen = await page.evaluate(() => {
      const s = (window as unknown as { seen: { max: number; userNames: Set<string>; agents: Set<string>; notReloaded: boolean } }).seen;
      return { max: s.max, userNames: [...s.userNames].filter((n) => n !== ''), agents: [...s.agents], notReloaded: s.notReloaded };
    });
    // The recent requests showed who was calling: OneLogin, and the harness itself (raw steps and read-backs).
    expect(seen.agents.sort()).toEqual(['OneLogin SCIM', 'scim-conformance']);
    // The 50 users of the scenario's directory were all on the page at once, each by its userName.
    const created = provisioned(run.scenarios[0]!);
    expect(created).toHaveLength(50);
    expect(seen.max).toBe(created.length);
    expect(seen.userNames.map((n) => n.toLowerCase()).sort()).toEqual(created);
    // The run cleans up after itself on a shared target, and the page follows that too.
    await expect.poll(() => memberRows().count()).toBe(0);
    expect(seen.notReloaded).toBe(true);
    expect(navigations).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("follows a real Okta run through the integrator's gateway: roles, Okta's User-Agent, and every provisioned user before the run cleans up", { timeout: 60_000 }, async () => {
    await open({ profile: 'docker-hub', verifiedDomains: ['example.com'], organization: { name: 'moby', ssoConfigured: true, domainVerified: true, scimEnabled: false } });
    await signIn();
    expect(await text('scim-status')).toBe('Disabled');

    // The integrator's set-up: enable SCIM, then copy the Base URL and the API token from the console.
    await testId('enable-scim').click();
    await expect.poll(() => text('scim-status')).toBe('Enabled');
    await testId('copy-base-url').click();
    await expect.poll(() => text('notice')).toBe('SCIM Base URL copied to the clipboard.');
    const baseUrl = await page.evaluate(() => navigator.clipboard.readText());
    expect(baseUrl).toBe(running.baseUrl);
    await testId('copy-token').click();
    await expect.poll(() => text('notice')).toBe('API token copied to the clipboard.');
    const token = await page.evaluate(() => navigator.clipboard.readText());
    expect(token).toBe(provider.access.currentToken);

    // The page records each change of its member count, and a marker a reload would wipe.
    await page.evaluate(() => {
      const w = window as unknown as { counts: number[]; notReloaded: boolean };
      w.counts = [];
      w.notReloaded = true;
      const body = document.getElementById('members-body')!;
      new MutationObserver(() => {
        const n = body.querySelectorAll('tr[data-testid="member-row"]').length;
        if (w.counts[w.counts.length - 1] !== n) w.counts.push(n);
      }).observe(body, { childList: true });
    });
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    const counts = () => page.evaluate(() => (window as unknown as { counts: number[] }).counts.splice(0));

    /** The members table as shown, and the provider's store in the same terms; both sorted by userName. */
    type Shown = { userName: string; active: boolean; role: string; org: string; team: string };
    const shown = () =>
      memberRows().evaluateAll((rows) =>
        rows
          .map((row) => {
            const td = [...row.querySelectorAll('td')].map((c) => c.textContent ?? '');
            const tr = row as HTMLElement;
            return { userName: tr.dataset.username ?? '', active: tr.dataset.active === 'true', role: td[3]!, org: td[4]!, team: td[5]! };
          })
          .sort((a, b) => a.userName.localeCompare(b.userName)),
      );
    const stored = (): Shown[] =>
      [...provider.store.all('User')]
        .map((u) => {
          const docker = (u.data[SCHEMA.dockerUser] ?? {}) as Record<string, string | undefined>;
          return { userName: String(u.data.userName), active: u.data.active !== false, role: docker.dockerRole ?? '—', org: docker.dockerOrg || '—', team: docker.dockerTeam || '—' };
        })
        .sort((a, b) => a.userName.localeCompare(b.userName));
    const agents = () => requestRows().evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[4]?.textContent ?? ''));

    // Through a gateway, as `scim-conformance run --target URL --token T` would go: it holds the run's
    // clean-up, so the run is provably still going while the page is read.
    const gateway = await startGateway(running.origin);
    // The gateway forwards Host unchanged; the provider echoes only origins it is told are its own.
    provider.publicOrigins.add(gateway.origin);
    const target = `${gateway.origin}${new URL(baseUrl).pathname}`;
    async function runHeld(file: string, whileHeld: (rows: Shown[]) => Promise<void>): Promise<{ atHold: Shown[]; result: ScenarioResult }> {
      const hold = gateway.holdCleanup();
      let finished = false;
      const run$ = runScenarios(await loadSuites([file]), selfTestOptions({ kind: 'external', url: target, token }, { requestTimeoutMs: 30_000, scenarioTimeoutMs: 50_000 })).finally(() => {
        finished = true;
      });
      let atHold: Shown[];
      try {
        await Promise.race([hold.reached, run$]);
        expect(finished, 'the run reached its clean-up').toBe(false);
        // The scenario's steps are done and nothing is cleaned up yet: the page shows exactly the store.
        await expect.poll(shown, { timeout: 10_000 }).toEqual(stored());
        atHold = await shown();
        expect(await text('member-count')).toBe(`(${atHold.length})`);
        await whileHeld(atHold);
      } finally {
        hold.release();
      }
      const { run } = await run$;
      return { atHold, result: run.scenarios[0]! };
    }

    try {
      // 1. Okta's Docker role mapping: two users with roles, one role change, one unassigned.
      const roles = await runHeld('scenarios/okta/docker-role-mapping.yaml', async (rows) => {
        expect(rows.map(({ active, role, org, team }) => [active, role, org, team]).sort()).toEqual([
          [false, 'owner', '—', '—'],
          [true, 'editor', 'moby', 'core'],
        ]);
        // Okta's requests, with its User-Agent; the harness's read-backs say scim-conformance.
        const seen = await agents();
        expect(seen).toContain(OKTA_UA);
        expect(seen.filter((agent) => agent !== OKTA_UA && agent !== 'scim-conformance')).toEqual([]);
        const oktaCreate = await requestRows().evaluateAll((rows, ua) =>
          rows.some((row) => {
            const td = [...row.querySelectorAll('td')].map((c) => c.textContent);
            return td[1] === 'POST' && td[2] === '/scim/v2/Users' && td[3] === '201' && td[4] === ua;
          }), OKTA_UA);
        expect(oktaCreate).toBe(true);
        await shot('admin-members-okta-roles-run.png');
      });
      expect(roles.result.status, roles.result.error).toBe('passed');
      expect(roles.atHold.map((r) => r.userName.toLowerCase()).sort()).toEqual(provisioned(roles.result));
      // The clean-up removes them from the page too; before that they came in one at a time.
      await expect.poll(() => memberRows().count(), { timeout: 10_000 }).toBe(0);
      expect(await counts()).toEqual([1, 2, 1, 0]);

      // 2. Okta's full sync of a 50-user directory: every user shows up, one by one, the unassigned one inactive.
      const sync = await runHeld('scenarios/okta/full-sync-50-users.yaml', async (rows) => {
        expect(rows.filter((r) => !r.active)).toHaveLength(1);
        expect(rows.every((r) => r.role === 'member')).toBe(true);
        // The panel keeps the last 50 exchanges: by now the harness's read-backs after the sync.
        const seen = await agents();
        expect(seen).toHaveLength(50);
        expect(seen.filter((agent) => agent !== OKTA_UA && agent !== 'scim-conformance')).toEqual([]);
        // At 1280 px every members column is in view: no sideways scrolling to see when a user was updated.
        const wrap = testId('members').locator('.table-wrap');
        expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
        await shot('admin-members-okta-full-sync-run.png');
      });
      expect(sync.result.status, sync.result.error).toBe('passed');
      const synced = provisioned(sync.result);
      expect(sync.atHold.map((r) => r.userName.toLowerCase()).sort()).toEqual(synced);
      expect(sync.atHold).toHaveLength(synced.length);
      const cleanedUp = sync.result.exchanges.filter((e) => e.label === 'cleanup' && e.response?.status === 204);
      expect(cleanedUp).toHaveLength(synced.length);
      await expect.poll(() => memberRows().count(), { timeout: 10_000 }).toBe(0);
      // Live: the count rose one member at a time up to every provisioned user, then the clean-up took them away.
      const history = await counts();
      expect(history.slice(0, synced.length)).toEqual(Array.from({ length: synced.length }, (_, i) => i + 1));
      expect(history.slice(synced.length)).toEqual(Array.from({ length: synced.length }, (_, i) => synced.length - 1 - i));
    } finally {
      await gateway.close();
    }

    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(navigations).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('is keyboard- and screen-reader-friendly: real buttons with names, labelled inputs, a visible focus ring', { timeout: 30_000 }, async () => {
    await open({});
    // Keyboard sign-in: the credential field takes focus; Enter submits.
    await testId('login-view').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('credential');
    await page.keyboard.type(provider.adminCredential);
    await page.keyboard.press('Enter');
    await testId('console-view').waitFor();

    const audit = await page.evaluate(() => {
      const visible = (el: Element) => (el as HTMLElement).offsetParent !== null;
      const buttons = [...document.querySelectorAll('button')].filter(visible);
      const clickable = [...document.querySelectorAll('[onclick], [role="button"], [tabindex]:not(button, input, [role="region"])')];
      const regions = [...document.querySelectorAll('[role="region"]')].map((r) => document.getElementById(r.getAttribute('aria-labelledby') ?? '')?.textContent ?? '');
      const inputs = [...document.querySelectorAll('input')].filter(visible) as HTMLInputElement[];
      return {
        buttons: buttons.length,
        unnamed: buttons.filter((b) => !(b.getAttribute('aria-label') ?? b.textContent ?? '').trim()).map((b) => b.outerHTML),
        untyped: buttons.filter((b) => !b.getAttribute('type')).map((b) => b.outerHTML),
        fakeButtons: clickable.length,
        regions,
        unlabelled: inputs.filter((i) => i.labels?.length === 0 && !i.getAttribute('aria-label')).map((i) => i.id),
        tables: [...document.querySelectorAll('table')].map((t) => ({ caption: !!t.caption, scoped: t.querySelectorAll('th[scope="col"]').length })),
        live: document.querySelector('[data-testid="notice"]')?.getAttribute('role'),
      };
    });
    expect(audit.buttons).toBeGreaterThanOrEqual(5);
    expect(audit.unnamed).toEqual([]);
    expect(audit.untyped).toEqual([]);
    expect(audit.fakeButtons).toBe(0);
    // The scrollable tables are focusable regions named by their headings (with a count once the first snapshot
    // has arrived, an empty one before: the audit does not wait for data).
    expect(audit.regions.map((r) => r.replace(/\s*(\(\d+\))?\s*$/, ''))).toEqual(['Members', 'Recent requests']);
    expect(audit.unlabelled).toEqual([]);
    expect(audit.tables).toEqual([
      { caption: true, scoped: 8 },
      { caption: true, scoped: 6 },
    ]);
    expect(audit.live).toBe('status');

    // Tab to a button: the focus ring is drawn.
    await testId('sso-toggle').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { id: el.id, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(ring).toEqual({ id: 'sso-toggle', outline: 'solid', width: '3px' });

    // The confirmation dialog is modal, focuses its action and closes on Escape without acting.
    await testId('disable-scim').click();
    await testId('confirm-dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-ok');
    await page.keyboard.press('Escape');
    await testId('confirm-dialog').waitFor({ state: 'hidden' });
    expect(provider.access.isEnabled).toBe(true);

    // Sign out: back to the login form; the API no longer answers this browser.
    await testId('logout').click();
    await testId('login-view').waitFor();
    const status = await page.evaluate(async () => (await fetch('/admin/api/state', { headers: { 'X-Scim-Admin': '1' } })).status);
    expect(status).toBe(401);
    expect(problems).toEqual([]);
  });
});
