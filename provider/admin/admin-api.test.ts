/**
 * The admin console's API over real HTTP (port 0): its own credential (Basic or session cookie) and never
 * the SCIM token, and the reverse for the SCIM API; the cross-site guard; JSON errors for bad input; the
 * organization's security settings (prerequisites, enable, new token, disable keeps users); the request
 * log; and the live event stream.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA } from '../../vocabulary/constants.js';
import { createProvider } from '../provider.js';
import { create, expectScimError, startProvider, TEST_TOKEN, userBody, type TestProvider } from '../test-support.js';
import { adminClient, basicHeader, expectAdminError, openEvents, type AdminClient, type EventStream } from './test-support.js';

const ADMIN = 'admin-credential-for-tests';
const GET_ROUTES = ['state', 'members', 'requests', 'token', 'events'];
const POST_ROUTES: [string, unknown][] = [
  ['organization/sso', { configured: false }],
  ['organization/domain', { verified: false }],
  ['scim/enable', undefined],
  ['scim/disable', undefined],
  ['scim/token', undefined],
  ['logout', undefined],
];

let t: TestProvider;
let admin: AdminClient;
const streams: EventStream[] = [];

async function start(options: Parameters<typeof startProvider>[0] = {}): Promise<void> {
  t = await startProvider({ adminCredential: ADMIN, ...options });
  admin = adminClient(t.origin, { basic: ADMIN });
}

async function events(headers: Record<string, string> = { Authorization: basicHeader(ADMIN) }): Promise<EventStream> {
  const stream = await openEvents(t.origin, headers);
  streams.push(stream);
  return stream;
}

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await t.close();
});

describe('defaults keep today’s behaviour', () => {
  beforeEach(() => start());

  it('createProvider(): prerequisites met, SCIM enabled, a random admin credential distinct from the token', async () => {
    const p = createProvider();
    expect(p.organization.state).toMatchObject({ ssoConfigured: true, domainVerified: true, domain: 'example.com', scimEnabled: true, scimLocked: false, lockReasons: [] });
    expect(p.access.isEnabled).toBe(true);
    expect(p.adminCredential).toMatch(/^scim_admin_[A-Za-z0-9_-]{24}$/);
    expect(p.adminCredential).not.toBe(p.access.currentToken);
    expect(createProvider().adminCredential).not.toBe(p.adminCredential);
    expect((await t.scim('GET', '/Users')).status).toBe(200);
  });

  it('the first verified domain is the organization’s domain', () => {
    expect(createProvider({ verifiedDomains: ['Acme.Test'] }).organization.state.domain).toBe('acme.test');
  });

  it('the admin credential may not equal the SCIM token', () => {
    expect(() => createProvider({ token: 'same-secret-0123456', adminCredential: 'same-secret-0123456' })).toThrow(/differ/);
  });

  it('adminConsole: false serves no console (the SCIM 404)', async () => {
    const bare = await startProvider({ adminConsole: false });
    try {
      const res = await fetch(`${bare.origin}/admin`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/scim\+json/);
    } finally {
      await bare.close();
    }
  });
});

describe('authentication: the admin credential and nothing else', () => {
  beforeEach(() => start());

  it('GET /admin serves the page shell (no data, no secrets) with a strict CSP', async () => {
    const res = await fetch(`${t.origin}/admin`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).not.toContain(TEST_TOKEN);
    expect(html).not.toContain(ADMIN);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/i);
    expect(html).toContain('data-testid="login-view"');
    expect((await fetch(`${t.origin}/admin/`)).status).toBe(200);
    expect((await fetch(`${t.origin}/admin`, { method: 'HEAD' })).status).toBe(200);
  });

  it('every JSON and SSE route: 401 JSON without credentials, with the SCIM bearer token, or with the token as Basic password', async () => {
    // Dozens of wrong credentials from one address: lift the sign-in rate limit, which is tested on its own.
    await t.close();
    await start({ adminSignInLimit: { maxFailures: 1000 } });
    const refused = [
      null,
      { authorization: `Bearer ${TEST_TOKEN}` },
      { authorization: `Bearer ${ADMIN}` },
      { basic: TEST_TOKEN },
      { basic: ADMIN, user: 'root' },
      { basic: `${ADMIN}x` },
      { authorization: ADMIN },
      { cookie: `scim_admin_${t.running.port}=${ADMIN}` },
    ] as const;
    for (const credentials of refused) {
      const client = adminClient(t.origin, credentials);
      for (const route of GET_ROUTES) {
        const res = await client('GET', route, route === 'events' ? { headers: { Accept: 'text/event-stream' } } : {});
        expectAdminError(res, 401, 'unauthorized');
        expect(res.text).not.toContain(TEST_TOKEN);
      }
      for (const [route, body] of POST_ROUTES.filter(([r]) => r !== 'logout')) {
        expectAdminError(await client('POST', route, { body }), 401, 'unauthorized');
      }
    }
    expect(t.provider.organization.state).toMatchObject({ ssoConfigured: true, domainVerified: true, scimEnabled: true });
    expect(t.provider.access.currentToken).toBe(TEST_TOKEN);
  });

  it('the SSE stream refuses the SCIM token before sending any event', async () => {
    const stream = await events({ Authorization: `Bearer ${TEST_TOKEN}` });
    expect(stream.status).toBe(401);
    expect(stream.events).toEqual([]);
  });

  it('a scripted 401 carries a Basic challenge; the page’s own requests (X-Scim-Admin) do not, so no browser dialog pops up', async () => {
    const plain = await adminClient(t.origin, null)('GET', 'state');
    expect(plain.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const fromPage = await adminClient(t.origin, null)('GET', 'state', { csrf: true });
    expect(fromPage.headers.get('www-authenticate')).toBeNull();
  });

  it('Basic admin:<credential> opens every read route', async () => {
    for (const route of GET_ROUTES.filter((r) => r !== 'events')) {
      const res = await admin('GET', route);
      expect(res.status, `${route}: ${res.text}`).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect((await admin('GET', 'token')).body).toEqual({ token: TEST_TOKEN });
  });

  it('the SCIM API refuses the admin credential: Basic, Bearer, and the session cookie', async () => {
    const login = await adminClient(t.origin, null)('POST', 'login', { body: { credential: ADMIN } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const attempts: Record<string, string>[] = [
      { Authorization: basicHeader(ADMIN) },
      { Authorization: `Bearer ${ADMIN}` },
      { Cookie: cookie },
    ];
    for (const headers of attempts) {
      for (const [method, path] of [['GET', '/Users'], ['GET', '/ServiceProviderConfig'], ['POST', '/Users']] as const) {
        const res = await t.scim(method, path, { token: null, headers, ...(method === 'POST' ? { body: userBody('x@example.com') } : {}) });
        expectScimError(res, 401, null);
      }
    }
    expect(t.provider.store.count('User')).toBe(0);
  });

  it('login form: a wrong credential or the SCIM token → 401; the right one sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const anonymous = adminClient(t.origin, null);
    expectAdminError(await anonymous('POST', 'login', { body: { credential: 'nope' } }), 401, 'invalid_credential');
    expectAdminError(await anonymous('POST', 'login', { body: { credential: TEST_TOKEN } }), 401, 'invalid_credential');
    expectAdminError(await anonymous('POST', 'login', { body: { password: ADMIN } }), 400, 'invalid_request');
    expectAdminError(await anonymous('POST', 'login', { body: { credential: ADMIN }, csrf: false }), 403, 'cross_site_refused');

    const res = await anonymous('POST', 'login', { body: { credential: ADMIN } });
    expect(res.status, res.text).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^scim_admin_${t.running.port}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\/admin/);
    expect(setCookie).not.toContain(ADMIN);

    const cookie = setCookie.split(';')[0]!;
    const session = adminClient(t.origin, { cookie });
    expect((await session('GET', 'state')).status).toBe(200);
    const stream = await events({ Cookie: cookie });
    expect(stream.status).toBe(200);
    await stream.next((e) => e.event === 'snapshot');

    // A session cookie next to a wrong Authorization header does not help: the header is judged alone.
    expectAdminError(await adminClient(t.origin, { authorization: `Bearer ${TEST_TOKEN}` })('GET', 'state', { headers: { Cookie: cookie } }), 401, 'unauthorized');

    const out = await session('POST', 'logout');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expectAdminError(await session('GET', 'state'), 401, 'unauthorized');
  });
});

describe('cross-site requests are refused', () => {
  beforeEach(() => start());

  it('a POST without X-Scim-Admin → 403, nothing changes', async () => {
    for (const [route, body] of POST_ROUTES) {
      expectAdminError(await admin('POST', route, { body, csrf: false }), 403, 'cross_site_refused');
    }
    expect(t.provider.organization.state).toMatchObject({ ssoConfigured: true, domainVerified: true, scimEnabled: true });
    expect(t.provider.access.currentToken).toBe(TEST_TOKEN);
  });

  it('a foreign Origin or Sec-Fetch-Site: cross-site → 403, even with the header and credentials', async () => {
    expectAdminError(await admin('POST', 'scim/disable', { headers: { Origin: 'https://evil.example' } }), 403, 'cross_site_refused');
    expectAdminError(await admin('POST', 'scim/disable', { headers: { Origin: 'null' } }), 403, 'cross_site_refused');
    expectAdminError(await admin('POST', 'scim/token', { headers: { 'Sec-Fetch-Site': 'cross-site' } }), 403, 'cross_site_refused');
    expectAdminError(await admin('POST', 'scim/token', { headers: { 'Sec-Fetch-Site': 'same-site' } }), 403, 'cross_site_refused');
    expect(t.provider.access.isEnabled).toBe(true);
    expect(t.provider.access.currentToken).toBe(TEST_TOKEN);
  });

  it('the same origin is accepted', async () => {
    const res = await admin('POST', 'scim/disable', { headers: { Origin: t.origin, 'Sec-Fetch-Site': 'same-origin' } });
    expect(res.status, res.text).toBe(200);
    expect(t.provider.access.isEnabled).toBe(false);
  });
});

describe('bad input → JSON errors, nothing changes', () => {
  beforeEach(() => start());

  it('malformed JSON, wrong media type, non-object, unknown or mistyped fields, a bad domain, an oversized body', async () => {
    expectAdminError(await admin('POST', 'organization/sso', { body: '{"configured": tru' }), 400, 'invalid_json');
    expectAdminError(
      await admin('POST', 'organization/sso', { body: 'configured=false', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      415,
      'unsupported_media_type',
    );
    expectAdminError(await admin('POST', 'organization/sso', { body: [false] }), 400, 'invalid_request');
    expectAdminError(await admin('POST', 'organization/sso'), 400, 'invalid_request');
    expectAdminError(await admin('POST', 'organization/sso', { body: { configured: 'false' } }), 400, 'invalid_request');
    expectAdminError(await admin('POST', 'organization/sso', { body: { configured: false, extra: 1 } }), 400, 'invalid_request');
    expectAdminError(await admin('POST', 'organization/domain', { body: { verified: true, domain: 'not a domain' } }), 400, 'invalid_request');
    expectAdminError(await admin('POST', 'organization/domain', { body: { verified: true, domain: 42 } }), 400, 'invalid_request');
    expectAdminError(await admin('POST', 'organization/domain', { body: { verified: false, domain: 'x.com' } }), 400, 'invalid_request');
    expectAdminError(await admin('POST', 'scim/disable', { body: { now: true } }), 400, 'invalid_request');
    expectAdminError(await admin('POST', 'organization/sso', { body: { configured: false, pad: 'x'.repeat(10_000) } }), 413, 'payload_too_large');
    expect(t.provider.organization.state).toMatchObject({ ssoConfigured: true, domainVerified: true, domain: 'example.com', scimEnabled: true });
  });

  it('unknown routes → 404 JSON, wrong methods → 405 JSON with Allow', async () => {
    expectAdminError(await admin('GET', 'nope'), 404, 'not_found');
    expectAdminError(await admin('GET', 'state/'), 404, 'not_found');
    const wrong = await admin('DELETE', 'state');
    expectAdminError(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    const get = await admin('GET', 'scim/enable');
    expectAdminError(get, 405, 'method_not_allowed');
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('organization security settings', () => {
  beforeEach(() => start({ profile: 'docker-hub', verifiedDomains: ['example.com'], organization: { ssoConfigured: false, domainVerified: false, scimEnabled: false } }));

  it('locked: says why; enable → 409; the SCIM API answers 403; the token is not shown', async () => {
    const state = (await admin('GET', 'state')).body;
    expect(state.organization).toMatchObject({ scimLocked: true, scimEnabled: false, ssoConfigured: false, domainVerified: false });
    expect(state.organization.lockReasons).toEqual(['SAML SSO is not configured', 'the company domain (example.com) is not verified']);
    expect(state.scimBaseUrl).toBeNull();
    expectAdminError(await admin('POST', 'scim/enable'), 409, 'scim_locked');
    expectAdminError(await admin('GET', 'token'), 409, 'scim_disabled');
    expectAdminError(await admin('POST', 'scim/token'), 409, 'scim_disabled');
    expectScimError(await t.scim('GET', '/Users'), 403, null);
    expect(() => t.provider.access.setEnabled(true)).toThrow(/locked/);
  });

  it('satisfy SSO, then the domain → unlocked; enable → Base URL and token; new token → old one 401; disable → users kept, 403', async () => {
    let res = await admin('POST', 'organization/sso', { body: { configured: true } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.state.organization.lockReasons).toEqual(['the company domain (example.com) is not verified']);
    expectAdminError(await admin('POST', 'scim/enable'), 409, 'scim_locked');

    res = await admin('POST', 'organization/domain', { body: { verified: true, domain: ' Example.COM ' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.state.organization).toMatchObject({ domainVerified: true, domain: 'example.com', scimLocked: false, scimEnabled: false });

    res = await admin('POST', 'scim/enable');
    expect(res.status, res.text).toBe(200);
    expect(res.body.state.scimBaseUrl).toBe(t.baseUrl);
    expect(res.body.state.organization.scimEnabled).toBe(true);
    expect((await admin('GET', 'token')).body.token).toBe(TEST_TOKEN);

    const member = { ...userBody('moby@example.com', { name: { givenName: 'Moby', familyName: 'Dock' } }), schemas: [SCHEMA.user, SCHEMA.dockerUser], [SCHEMA.dockerUser]: { dockerRole: 'editor', dockerOrg: 'moby', dockerTeam: 'whales' } };
    const created = await create(t.scim, '/Users', member);

    const issued = t.provider.organization.state.tokenIssuedAt;
    res = await admin('POST', 'scim/token');
    expect(res.status, res.text).toBe(200);
    const fresh = res.body.token as string;
    expect(fresh).toMatch(/^dckr_scim_/);
    expect(fresh).not.toBe(TEST_TOKEN);
    expect(t.provider.access.currentToken).toBe(fresh);
    expect(res.body.state.organization.tokenIssuedAt >= issued).toBe(true);
    expectScimError(await t.scim('GET', '/Users', { token: TEST_TOKEN }), 401, null);
    expect((await t.scim('GET', '/Users', { token: fresh })).status).toBe(200);
    expect((await admin('GET', 'token')).body.token).toBe(fresh);

    res = await admin('POST', 'scim/disable');
    expect(res.status, res.text).toBe(200);
    expect(res.body.state).toMatchObject({ scimBaseUrl: null, organization: { scimEnabled: false, scimLocked: false } });
    expect(res.body.message).toMatch(/kept/);
    expectScimError(await t.scim('GET', '/Users', { token: fresh }), 403, null);
    expect(t.provider.store.get('User', created.id)).toBeDefined();
    const members = (await admin('GET', 'members')).body.members;
    expect(members).toEqual([
      {
        id: created.id,
        userName: 'moby@example.com',
        name: 'Moby Dock',
        active: true,
        dockerRole: 'editor',
        dockerOrg: 'moby',
        dockerTeam: 'whales',
        created: created.meta.created,
        lastModified: created.meta.lastModified,
      },
    ]);
  });

  it('unsetting a prerequisite while SCIM is enabled disables SCIM and says so; users stay', async () => {
    await admin('POST', 'organization/sso', { body: { configured: true } });
    await admin('POST', 'organization/domain', { body: { verified: true } });
    await admin('POST', 'scim/enable');
    await create(t.scim, '/Users', userBody('kept@example.com'));

    let res = await admin('POST', 'organization/domain', { body: { verified: false } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.message).toMatch(/SCIM has been disabled/);
    expect(res.body.state.organization).toMatchObject({ scimEnabled: false, scimLocked: true, domainVerified: false });
    expectScimError(await t.scim('GET', '/Users'), 403, null);
    expect(t.provider.store.count('User')).toBe(1);

    // Unsetting again, or unsetting while off, disables nothing more and says nothing about SCIM.
    await admin('POST', 'organization/domain', { body: { verified: true } });
    res = await admin('POST', 'organization/sso', { body: { configured: false } });
    expect(res.body.message).not.toMatch(/SCIM has been disabled/);
  });
});

describe('recent requests', () => {
  beforeEach(() => start());

  it('records every SCIM exchange (time, method, path, status, User-Agent), not admin calls, never the token', async () => {
    await t.scim('GET', '/Users?filter=userName%20eq%20%22a%40example.com%22', { headers: { 'User-Agent': 'Okta SCIM Client 1.0.0' } });
    await t.scim('POST', '/Users', { body: userBody('a@example.com'), headers: { 'User-Agent': 'Azure AD SCIM Client' } });
    await t.scim('GET', '/Users', { token: 'wrong', headers: { 'User-Agent': 'OneLogin SCIM' } });
    await admin('GET', 'state');
    await expect.poll(() => t.provider.requests.list().length).toBe(3);
    const res = await admin('GET', 'requests');
    expect(res.body.requests).toMatchObject([
      { seq: 1, method: 'GET', path: '/scim/v2/Users?filter=userName%20eq%20%22a%40example.com%22', status: 200, userAgent: 'Okta SCIM Client 1.0.0' },
      { seq: 2, method: 'POST', path: '/scim/v2/Users', status: 201, userAgent: 'Azure AD SCIM Client' },
      { seq: 3, method: 'GET', path: '/scim/v2/Users', status: 401, userAgent: 'OneLogin SCIM' },
    ]);
    for (const entry of res.body.requests) {
      expect(new Date(entry.time).toISOString()).toBe(entry.time);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(res.text).not.toContain(TEST_TOKEN);
  });

  it('keeps the last 50', async () => {
    for (let i = 0; i < 55; i += 1) await t.scim('GET', `/Users?startIndex=${i + 1}`);
    await expect.poll(() => t.provider.requests.list().length).toBe(50);
    const list = (await admin('GET', 'requests')).body.requests;
    expect(list).toHaveLength(50);
    expect(list[0].seq).toBe(6);
    expect(list[49].path).toBe('/scim/v2/Users?startIndex=55');
  });
});

describe('live events (SSE)', () => {
  beforeEach(() => start());

  it('a snapshot first, then members, requests and state changes as they happen', async () => {
    const existing = await create(t.scim, '/Users', userBody('first@example.com'));
    await expect.poll(() => t.provider.requests.list().length).toBe(1);
    const stream = await events();
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const snapshot = await stream.next((e) => e.event === 'snapshot');
    expect(stream.events[0]).toBe(snapshot);
    expect(snapshot.data.state.organization.scimEnabled).toBe(true);
    expect(snapshot.data.state.scimBaseUrl).toBe(t.baseUrl);
    expect(snapshot.data.members.map((m: any) => m.userName)).toEqual(['first@example.com']);
    expect(snapshot.data.requests).toHaveLength(1);
    expect(JSON.stringify(snapshot.data)).not.toContain(TEST_TOKEN);

    const created = await create(t.scim, '/Users', userBody('second@example.com', { name: { givenName: 'Sec', familyName: 'Ond' } }));
    const added = await stream.next((e) => e.event === 'member' && e.data.member.id === created.id);
    expect(added.data).toMatchObject({ kind: 'created', member: { userName: 'second@example.com', name: 'Sec Ond', active: true } });
    const request = await stream.next((e) => e.event === 'request' && e.data.method === 'POST');
    expect(request.data).toMatchObject({ path: '/scim/v2/Users', status: 201 });

    await t.scim('PATCH', `/Users/${created.id}`, { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] } });
    const updated = await stream.next((e) => e.event === 'member' && e.data.kind === 'updated');
    expect(updated.data.member).toMatchObject({ id: created.id, active: false });

    await t.scim('DELETE', `/Users/${existing.id}`);
    await stream.next((e) => e.event === 'member-removed' && e.data.id === existing.id);

    await admin('POST', 'organization/sso', { body: { configured: false } });
    const state = await stream.next((e) => e.event === 'state' && e.data.event === 'prerequisite-changed');
    expect(state.data.notice).toMatch(/SCIM has been disabled/);
    expect(state.data.state.organization).toMatchObject({ scimEnabled: false, scimLocked: true });

    // Changes made straight through Provider (as the harness does) reach the page too.
    t.provider.organization.setSsoConfigured(true);
    t.provider.access.setEnabled(true);
    await stream.next((e) => e.event === 'state' && e.data.event === 'scim-enabled');
    t.provider.access.regenerate();
    const regenerated = await stream.next((e) => e.event === 'state' && e.data.event === 'token-regenerated');
    expect(JSON.stringify(regenerated.data)).not.toContain(t.provider.access.currentToken);
  });

  it('a closed stream lets go of its subscriptions (store, organization, request log)', async () => {
    const sizes = () => [t.provider.store, t.provider.organization, t.provider.requests].map((o) => (o as unknown as { listeners: Set<unknown> }).listeners.size);
    const before = sizes();
    const stream = await events();
    await stream.next((e) => e.event === 'snapshot');
    expect(sizes()).toEqual(before.map((n) => n + 1));
    stream.close();
    await expect.poll(sizes).toEqual(before);
  });

  it('a logout ends the session’s open streams', async () => {
    const login = await adminClient(t.origin, null)('POST', 'login', { body: { credential: ADMIN } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const stream = await events({ Cookie: cookie });
    await stream.next((e) => e.event === 'snapshot');
    const other = await events();
    await other.next((e) => e.event === 'snapshot');
    await adminClient(t.origin, { cookie })('POST', 'logout');
    await t.scim('POST', '/Users', { body: userBody('after@example.com') });
    await other.next((e) => e.event === 'member');
    expect(stream.events.filter((e) => e.event === 'member')).toEqual([]);
  });
});
