/**
 * The admin console page: one self-contained HTML document (inline CSS and JS under a per-response CSP
 * nonce; no CDN, fonts or other requests but the console's own API). It holds no data: after sign-in it
 * opens `/admin/api/events` and renders the snapshot, then every change as it happens.
 */
export function renderConsolePage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Organization security · SCIM admin console</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${CSS}</style>
</head>
<body>
${BODY}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = String.raw`
:root {
  --blue: #1d63ed; --blue-dark: #114bb8; --navy: #0b1f3f; --ink: #17202f; --muted: #566176;
  --line: #dde3ec; --bg: #f3f5f9; --card: #fff; --green: #137a3f; --green-bg: #e3f5ea;
  --amber: #8a5300; --amber-bg: #fff2d6; --red: #b42318; --red-bg: #fde8e6; --grey-bg: #eceff4;
  --focus: #f5a524;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.45; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.skip { position: absolute; left: 8px; top: -40px; background: #fff; color: var(--ink); padding: 6px 10px; z-index: 10; }
.skip:focus { top: 8px; }

.topbar { background: var(--navy); color: #fff; display: flex; align-items: center; gap: 14px; padding: 10px 28px; }
.logo { width: 30px; height: 30px; border-radius: 7px; background: var(--blue); display: grid; place-items: center; font-weight: 800; font-size: 15px; }
.topbar .product { font-weight: 650; letter-spacing: .01em; }
.topbar .sep { opacity: .45; }
.topbar .spacer { flex: 1; }
.topbar .org { background: rgba(255,255,255,.12); border-radius: 999px; padding: 3px 12px; font-size: .9rem; }
.live { display: inline-flex; align-items: center; gap: 6px; font-size: .85rem; color: #c9d4e6; }
.live::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: #8794a8; }
.live[data-state="live"]::before { background: #3ddc84; box-shadow: 0 0 0 3px rgba(61,220,132,.25); }
.live[data-state="reconnecting"]::before { background: var(--focus); }

main { max-width: 1320px; margin: 0 auto; padding: 18px 28px 48px; }
.crumbs { font-size: .88rem; color: var(--muted); margin: 6px 0 2px; }
.crumbs ol { list-style: none; display: flex; gap: 6px; padding: 0; margin: 0; }
.crumbs li + li::before { content: "›"; margin-right: 6px; color: #9aa5b8; }
h1 { font-size: 1.6rem; margin: 2px 0 14px; }
h2 { font-size: 1.12rem; margin: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin-bottom: 16px;
  box-shadow: 0 1px 2px rgba(16,24,40,.04); }
.card-head { display: flex; align-items: center; gap: 12px; margin-bottom: 10px; flex-wrap: wrap; }
.card-head .grow { flex: 1; }
.lede { color: var(--muted); margin: 0 0 12px; max-width: 75ch; }
.grid2 { display: grid; grid-template-columns: minmax(300px, 1fr) minmax(380px, 1.35fr); gap: 16px; align-items: start; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }

button { font: inherit; cursor: pointer; border-radius: 6px; padding: 7px 14px; border: 1px solid var(--blue); background: var(--blue); color: #fff; font-weight: 600; }
button:hover { background: var(--blue-dark); border-color: var(--blue-dark); }
button.secondary { background: #fff; color: var(--blue); }
button.secondary:hover { background: #eef3fe; }
button.danger { background: #fff; color: var(--red); border-color: #e7b4ae; }
button.danger:hover { background: var(--red-bg); }
button.small { padding: 4px 10px; font-size: .86rem; }
button:disabled, button[aria-busy="true"] { cursor: not-allowed; opacity: .55; }
button:disabled:hover { background: var(--blue); }
button.secondary:disabled:hover, button.danger:disabled:hover { background: #fff; }
input[type="text"], input[type="password"] { font: inherit; padding: 7px 10px; border: 1px solid #b9c3d3; border-radius: 6px; min-width: 0; width: 100%; background: #fff; color: var(--ink); }
input:focus-visible { border-color: var(--blue); }
label { font-weight: 600; }

.pill { display: inline-block; border-radius: 999px; padding: 2px 10px; font-size: .8rem; font-weight: 650; white-space: nowrap; }
.pill.ok { background: var(--green-bg); color: var(--green); }
.pill.off { background: var(--grey-bg); color: #3d4657; }
.pill.warn { background: var(--amber-bg); color: var(--amber); }
.pill.bad { background: var(--red-bg); color: var(--red); }

.prereqs { list-style: none; margin: 0; padding: 0; }
.prereq { display: grid; grid-template-columns: 26px 1fr; gap: 10px; padding: 12px 0; border-top: 1px solid var(--line); }
.prereq:first-child { border-top: 0; padding-top: 2px; }
.mark { width: 24px; height: 24px; border-radius: 50%; display: grid; place-items: center; font-weight: 800; font-size: 14px; background: var(--grey-bg); color: #6b7587; }
.prereq[data-met="true"] .mark { background: var(--green-bg); color: var(--green); }
.prereq-title { font-weight: 650; }
.prereq-detail { color: var(--muted); font-size: .92rem; margin: 2px 0 8px; }
.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.domain-row { display: grid; grid-template-columns: 1fr auto; gap: 8px; align-items: end; }
.domain-row label { display: block; font-size: .85rem; margin-bottom: 3px; }

.locked { border: 1px solid #f3d7a1; background: #fffaf0; border-radius: 8px; padding: 10px 14px; margin-bottom: 12px; }
.locked strong { color: var(--amber); }
.locked ul { margin: 6px 0 0; padding-left: 20px; }
.fields { display: grid; grid-template-columns: 130px 1fr; gap: 12px 14px; margin: 4px 0 16px; align-items: center; }
.fields dt { font-weight: 650; color: #3a4456; }
.fields dd { margin: 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; min-width: 0; }
.secret { background: #f6f8fb; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; overflow-wrap: anywhere; flex: 1 1 220px; min-width: 0; }
.secret.masked { letter-spacing: .12em; color: #6b7587; }
.hint { color: var(--muted); font-size: .85rem; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; padding-top: 12px; border-top: 1px solid var(--line); }

.notice { border-radius: 8px; padding: 10px 14px; margin-bottom: 14px; background: #e9f0fe; color: #12366f; border: 1px solid #c7d8fb; }
.notice.warn { background: var(--amber-bg); color: #5b3700; border-color: #f3d7a1; }
.error { border-radius: 8px; padding: 10px 14px; margin-bottom: 14px; background: var(--red-bg); color: var(--red); border: 1px solid #f0c2bc; }

.table-wrap { overflow: auto; max-height: 440px; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid #edf0f5; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f7f9fc; color: #3a4456; font-weight: 650; z-index: 1; }
tbody tr:hover { background: #fafbfd; }
td.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 200px; }
td.time { font-size: .82rem; font-variant-numeric: tabular-nums; color: #3a4456; }
td.empty { color: var(--muted); text-align: center; padding: 22px; white-space: normal; }
tr.flash { animation: flash 1.6s ease-out; }
@keyframes flash { from { background: #fff3c4; } to { background: transparent; } }
@media (prefers-reduced-motion: reduce) { tr.flash { animation: none; } }
.count { color: var(--muted); font-weight: 500; font-size: .95rem; }
.method { font-weight: 700; font-size: .8rem; }
.m-GET { color: #1d4fb8; } .m-POST { color: var(--green); } .m-PUT, .m-PATCH { color: var(--amber); } .m-DELETE { color: var(--red); }
.ua { color: var(--muted); max-width: 260px; overflow: hidden; text-overflow: ellipsis; }

.login { max-width: 440px; margin: 40px auto; }
.login form { display: grid; gap: 10px; }
.login p { color: var(--muted); margin: 0 0 6px; }

dialog { border: 1px solid var(--line); border-radius: 12px; padding: 20px 22px; max-width: 460px; box-shadow: 0 20px 50px rgba(16,24,40,.25); color: var(--ink); }
dialog::backdrop { background: rgba(11,31,63,.45); }
dialog h2 { margin-bottom: 8px; }
dialog p { color: #3a4456; margin: 0 0 16px; }
dialog .row { justify-content: flex-end; }
`;

const BODY = String.raw`
<a class="skip" href="#main">Skip to content</a>
<header class="topbar">
  <div class="logo" aria-hidden="true">S</div>
  <span class="product">SCIM reference provider</span><span class="sep" aria-hidden="true">/</span><span>Admin console</span>
  <span class="spacer"></span>
  <span class="live" id="live" data-state="off" data-testid="live-status" hidden>Offline</span>
  <span class="org" id="org-name" data-testid="org-name" hidden></span>
  <button type="button" class="secondary small" id="logout" data-testid="logout" hidden>Sign out</button>
</header>
<main id="main">
  <nav class="crumbs" aria-label="Breadcrumb"><ol><li>Organization</li><li>Settings</li><li aria-current="page">Security</li></ol></nav>
  <h1>Organization security</h1>
  <div id="error" class="error" role="alert" data-testid="error" hidden></div>
  <div id="notice" class="notice" role="status" aria-live="polite" data-testid="notice" hidden></div>

  <section id="login-view" class="card login" aria-labelledby="login-title" data-testid="login-view" hidden>
    <h2 id="login-title">Sign in to the admin console</h2>
    <p>Use the admin credential the provider printed at start-up (<code>Admin credential:</code>). The SCIM API token does not work here.</p>
    <form id="login-form" novalidate>
      <label for="credential">Admin credential</label>
      <input id="credential" name="credential" type="password" autocomplete="current-password" required data-testid="login-credential">
      <div><button type="submit" data-testid="login-submit">Sign in</button></div>
    </form>
  </section>

  <div id="console-view" data-testid="console-view" hidden>
    <div class="grid2">
      <section class="card" aria-labelledby="prereq-title" data-testid="prerequisites">
        <div class="card-head"><h2 id="prereq-title" class="grow">Single sign-on</h2></div>
        <p class="lede">SCIM needs SAML SSO configured and the company domain verified. Users' email addresses must be on that domain.</p>
        <ul class="prereqs">
          <li class="prereq" id="prereq-sso" data-testid="prereq-sso" data-met="false">
            <span class="mark" aria-hidden="true"></span>
            <div>
              <div class="prereq-title">SAML SSO connection</div>
              <div class="prereq-detail" id="sso-detail" data-testid="sso-status"></div>
              <button type="button" class="secondary small" id="sso-toggle" data-testid="sso-toggle">Configure SSO</button>
            </div>
          </li>
          <li class="prereq" id="prereq-domain" data-testid="prereq-domain" data-met="false">
            <span class="mark" aria-hidden="true"></span>
            <div>
              <div class="prereq-title">Verified domain</div>
              <div class="prereq-detail" id="domain-detail" data-testid="domain-status"></div>
              <form class="domain-row" id="domain-form" novalidate>
                <div><label for="domain-input">Company domain</label>
                <input id="domain-input" type="text" inputmode="url" autocomplete="off" spellcheck="false" data-testid="domain-input" aria-describedby="domain-detail"></div>
                <button type="submit" class="secondary small" id="domain-verify" data-testid="domain-verify">Verify domain</button>
              </form>
              <div class="row"><button type="button" class="danger small" id="domain-unverify" data-testid="domain-unverify" hidden>Remove verification</button></div>
            </div>
          </li>
        </ul>
      </section>

      <section class="card" aria-labelledby="scim-title" data-testid="scim-card">
        <div class="card-head">
          <h2 id="scim-title" class="grow">SCIM provisioning</h2>
          <span class="pill off" id="scim-status" data-testid="scim-status">…</span>
        </div>
        <div class="locked" id="locked" data-testid="scim-locked" hidden>
          <strong>SCIM is locked.</strong> It can be enabled once every prerequisite is met:
          <ul id="lock-reasons" data-testid="lock-reasons"></ul>
        </div>
        <p class="lede" id="scim-lede"></p>
        <dl class="fields" id="scim-fields" data-testid="scim-fields" hidden>
          <dt>SCIM Base URL</dt>
          <dd><code class="secret" id="base-url" data-testid="scim-base-url"></code>
            <button type="button" class="secondary small" id="copy-url" data-testid="copy-base-url" aria-label="Copy SCIM Base URL">Copy</button></dd>
          <dt id="token-label">API token</dt>
          <dd><code class="secret masked" id="token" data-testid="scim-token" aria-labelledby="token-label" aria-live="polite">••••••••••••••••••••••••••••</code>
            <button type="button" class="secondary small" id="reveal-token" data-testid="reveal-token" aria-pressed="false" aria-controls="token">Reveal</button>
            <button type="button" class="secondary small" id="copy-token" data-testid="copy-token" aria-label="Copy API token">Copy</button></dd>
          <dt></dt><dd class="hint" id="token-issued" data-testid="token-issued"></dd>
        </dl>
        <div class="actions">
          <button type="button" id="enable-scim" data-testid="enable-scim" aria-describedby="locked">Enable SCIM</button>
          <button type="button" class="secondary" id="regenerate-token" data-testid="regenerate-token" hidden>Generate new token</button>
          <button type="button" class="danger" id="disable-scim" data-testid="disable-scim" hidden>Disable SCIM</button>
        </div>
      </section>
    </div>

    <section class="card" aria-labelledby="members-title" data-testid="members">
      <div class="card-head"><h2 id="members-title" class="grow">Members <span class="count" id="member-count" data-testid="member-count" aria-live="polite"></span></h2>
        <span class="hint">Live from the provider's store; provisioned users stay when SCIM is disabled.</span></div>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="members-title">
        <table data-testid="members-table">
          <caption class="visually-hidden">Organization members provisioned over SCIM</caption>
          <thead><tr><th scope="col">userName</th><th scope="col">Name</th><th scope="col">State</th><th scope="col">dockerRole</th><th scope="col">dockerOrg</th><th scope="col">dockerTeam</th><th scope="col">Created</th><th scope="col">Updated</th></tr></thead>
          <tbody id="members-body"><tr id="members-empty"><td class="empty" colspan="8">No members yet. Users appear here as the IdP provisions them.</td></tr></tbody>
        </table>
      </div>
    </section>

    <section class="card" aria-labelledby="requests-title" data-testid="requests">
      <div class="card-head"><h2 id="requests-title" class="grow">Recent requests <span class="count" id="request-count" data-testid="request-count"></span></h2>
        <span class="hint">The last 50 SCIM exchanges, newest first.</span></div>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="requests-title">
        <table data-testid="requests-table">
          <caption class="visually-hidden">Recent SCIM requests received by the provider</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">User-Agent</th><th scope="col">ms</th></tr></thead>
          <tbody id="requests-body"><tr id="requests-empty"><td class="empty" colspan="6">No SCIM requests yet.</td></tr></tbody>
        </table>
      </div>
    </section>
  </div>
</main>

<dialog id="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text" data-testid="confirm-dialog">
  <form method="dialog">
    <h2 id="confirm-title"></h2>
    <p id="confirm-text"></p>
    <div class="row">
      <button type="submit" class="secondary" value="cancel" data-testid="confirm-cancel">Cancel</button>
      <button type="submit" value="ok" id="confirm-ok" data-testid="confirm-ok"></button>
    </div>
  </form>
</dialog>
`;

const SCRIPT = String.raw`
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const MASK = '••••••••••••••••••••••••••••';
  // As the server's request log keeps them: 401 rows in their own short list, so they never push real ones out.
  const MAX_REQUESTS = 50;
  const MAX_UNAUTHENTICATED = 10;
  let state = null;
  let source = null;
  let token = null;
  let revealed = false;
  const memberRows = new Map();

  async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'X-Scim-Admin': '1' } };
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    const res = await fetch('/admin/api/' + path, init);
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    if (!res.ok) {
      const error = new Error((data && data.message) || ('HTTP ' + res.status));
      error.status = res.status;
      throw error;
    }
    return data;
  }

  function say(message, tone) {
    const el = $('notice');
    el.textContent = message;
    el.className = 'notice' + (tone === 'warn' ? ' warn' : '');
    el.hidden = !message;
    $('error').hidden = true;
  }
  function fail(error) {
    if (error && error.status === 401) { signedOut(); return; }
    const el = $('error');
    el.textContent = (error && error.message) || String(error);
    el.hidden = false;
  }

  async function run(button, work) {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try { await work(); } catch (error) { fail(error); } finally { button.removeAttribute('aria-busy'); }
  }

  function confirmAction(title, text, ok, danger) {
    const dialog = $('confirm');
    $('confirm-title').textContent = title;
    $('confirm-text').textContent = text;
    const button = $('confirm-ok');
    button.textContent = ok;
    button.className = danger ? 'danger' : '';
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.showModal();
      button.focus();
    });
  }

  function fmtTime(iso, withDate) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    const pad = (n) => String(n).padStart(2, '0');
    const time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
    return withDate ? d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + time : time;
  }
  function timeCell(iso, withDate) {
    const td = document.createElement('td');
    td.className = 'time';
    const t = document.createElement('time');
    if (iso) { t.dateTime = iso; t.title = iso; }
    t.textContent = fmtTime(iso, withDate);
    td.appendChild(t);
    return td;
  }
  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text == null || text === '' ? '—' : String(text);
    if (className) td.className = className;
    return td;
  }
  function pill(text, tone) {
    const span = document.createElement('span');
    span.className = 'pill ' + tone;
    span.textContent = text;
    return span;
  }

  // ---- organization state ----
  // freshToken: the new token, when this page generated it (so it need not be fetched).
  // A token regenerated elsewhere is fetched again when shown; until then the page shows the old one, never the mask.
  function renderState(next, freshToken) {
    const previousIssued = state && state.organization.tokenIssuedAt;
    state = next;
    const org = next.organization;
    $('org-name').textContent = 'Organization: ' + org.name;
    $('org-name').hidden = false;

    $('prereq-sso').dataset.met = String(org.ssoConfigured);
    $('prereq-sso').querySelector('.mark').textContent = org.ssoConfigured ? '✓' : '✕';
    $('sso-detail').textContent = org.ssoConfigured ? 'Configured: members sign in through your IdP.' : 'Not configured.';
    $('sso-toggle').textContent = org.ssoConfigured ? 'Remove SSO connection' : 'Configure SSO';
    $('sso-toggle').className = org.ssoConfigured ? 'danger small' : 'secondary small';

    $('prereq-domain').dataset.met = String(org.domainVerified);
    $('prereq-domain').querySelector('.mark').textContent = org.domainVerified ? '✓' : '✕';
    $('domain-detail').textContent = org.domainVerified ? org.domain + ' is verified.' : org.domain + ' is not verified.';
    const input = $('domain-input');
    if (document.activeElement !== input) input.value = org.domain;
    $('domain-verify').textContent = org.domainVerified ? 'Change domain' : 'Verify domain';
    $('domain-unverify').hidden = !org.domainVerified;

    const status = $('scim-status');
    if (org.scimEnabled) { status.textContent = 'Enabled'; status.className = 'pill ok'; }
    else if (org.scimLocked) { status.textContent = 'Locked'; status.className = 'pill warn'; }
    else { status.textContent = 'Disabled'; status.className = 'pill off'; }
    status.dataset.state = org.scimEnabled ? 'enabled' : org.scimLocked ? 'locked' : 'disabled';

    $('locked').hidden = !org.scimLocked;
    const reasons = $('lock-reasons');
    reasons.replaceChildren(...org.lockReasons.map((r) => { const li = document.createElement('li'); li.textContent = r.charAt(0).toUpperCase() + r.slice(1) + '.'; return li; }));

    $('scim-lede').textContent = org.scimEnabled
      ? 'Give your IdP the SCIM Base URL and the API token. Generating a new token stops the old one at once.'
      : org.scimLocked
        ? 'Meet the prerequisites to unlock SCIM provisioning.'
        : 'SCIM is off: provisioned users are kept, and the IdP can no longer change them (it gets 403).';
    $('scim-fields').hidden = !org.scimEnabled;
    $('base-url').textContent = next.scimBaseUrl || '';
    $('token-issued').textContent = 'Token issued at ' + fmtTime(org.tokenIssuedAt, true) + '.';
    const enable = $('enable-scim');
    enable.hidden = org.scimEnabled;
    enable.disabled = org.scimLocked;
    $('regenerate-token').hidden = !org.scimEnabled;
    $('disable-scim').hidden = !org.scimEnabled;

    if (!org.scimEnabled || (previousIssued && previousIssued !== org.tokenIssuedAt)) {
      token = freshToken ?? null;
      if (!org.scimEnabled) setRevealed(false);
      else if (revealed) void showToken();
    }
  }

  function setRevealed(on) {
    revealed = on;
    const el = $('token');
    const button = $('reveal-token');
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? 'Hide' : 'Reveal';
    el.classList.toggle('masked', !on);
    el.textContent = on && token ? token : MASK;
  }
  async function fetchToken() {
    if (!token) token = (await api('GET', 'token')).token;
    return token;
  }
  async function showToken() {
    try { await fetchToken(); setRevealed(true); } catch (error) { fail(error); }
  }
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      if (!ok) throw new Error('The browser refused to copy; reveal the token and copy it by hand.');
    }
  }

  // ---- members ----
  function memberCells(m) {
    const state = document.createElement('td');
    state.appendChild(pill(m.active ? 'Active' : 'Inactive', m.active ? 'ok' : 'off'));
    return [cell(m.userName, 'wrap mono'), cell(m.name), state, cell(m.dockerRole), cell(m.dockerOrg), cell(m.dockerTeam), timeCell(m.created, true), timeCell(m.lastModified, true)];
  }
  function putMember(m, flash) {
    let tr = memberRows.get(m.id);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.testid = 'member-row';
      memberRows.set(m.id, tr);
      $('members-body').appendChild(tr);
    }
    tr.dataset.id = m.id;
    tr.dataset.username = m.userName;
    tr.dataset.active = String(m.active);
    tr.replaceChildren(...memberCells(m));
    if (flash) { tr.classList.remove('flash'); void tr.offsetWidth; tr.classList.add('flash'); }
    memberCount();
  }
  function removeMember(id) {
    const tr = memberRows.get(id);
    if (tr) { tr.remove(); memberRows.delete(id); }
    memberCount();
  }
  function memberCount() {
    const n = memberRows.size;
    $('member-count').textContent = '(' + n + ')';
    $('members-empty').hidden = n > 0;
  }

  // ---- requests ----
  function addRequest(r, flash) {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'request-row';
    tr.dataset.seq = String(r.seq);
    tr.dataset.status = String(r.status);
    const method = cell(r.method, 'method m-' + r.method);
    const status = document.createElement('td');
    status.appendChild(pill(String(r.status), r.status >= 500 ? 'bad' : r.status >= 400 ? 'warn' : r.status >= 300 ? 'off' : 'ok'));
    const ua = cell(r.userAgent, 'ua');
    if (r.userAgent) ua.title = r.userAgent;
    tr.replaceChildren(timeCell(r.time, false), method, cell(r.path, 'wrap mono'), status, ua, cell(r.durationMs));
    if (flash) tr.classList.add('flash');
    const body = $('requests-body');
    body.insertBefore(tr, $('requests-empty').nextSibling);
    const rows = [...body.querySelectorAll('tr[data-testid="request-row"]')];
    const unauthenticated = rows.filter((row) => row.dataset.status === '401');
    const authenticated = rows.filter((row) => row.dataset.status !== '401');
    for (let i = MAX_UNAUTHENTICATED; i < unauthenticated.length; i++) unauthenticated[i].remove();
    for (let i = MAX_REQUESTS; i < authenticated.length; i++) authenticated[i].remove();
    requestCount();
  }
  function requestCount() {
    const n = $('requests-body').querySelectorAll('tr[data-testid="request-row"]').length;
    $('request-count').textContent = '(' + n + ')';
    $('requests-empty').hidden = n > 0;
  }

  // ---- live stream ----
  function live(stateName, text) {
    const el = $('live');
    el.dataset.state = stateName;
    el.textContent = text;
    el.hidden = false;
  }
  function connect() {
    if (source) source.close();
    source = new EventSource('/admin/api/events');
    source.addEventListener('open', () => live('live', 'Live'));
    source.addEventListener('snapshot', (e) => {
      const data = JSON.parse(e.data);
      renderState(data.state);
      for (const tr of memberRows.values()) tr.remove();
      memberRows.clear();
      for (const m of data.members) putMember(m, false);
      memberCount();
      for (const tr of $('requests-body').querySelectorAll('tr[data-testid="request-row"]')) tr.remove();
      for (const r of data.requests) addRequest(r, false);
      requestCount();
      live('live', 'Live');
    });
    source.addEventListener('state', (e) => {
      const data = JSON.parse(e.data);
      renderState(data.state);
      if (data.notice) say(data.notice, data.state.organization.scimEnabled ? '' : 'warn');
    });
    source.addEventListener('member', (e) => { const d = JSON.parse(e.data); putMember(d.member, true); });
    source.addEventListener('member-removed', (e) => removeMember(JSON.parse(e.data).id));
    source.addEventListener('request', (e) => addRequest(JSON.parse(e.data), true));
    source.addEventListener('error', () => {
      live('reconnecting', 'Reconnecting…');
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (e.g. the session ended): find out why.
        api('GET', 'state').then(() => setTimeout(connect, 2000), fail);
      }
    });
  }

  function signedIn() {
    $('login-view').hidden = true;
    $('console-view').hidden = false;
    $('logout').hidden = false;
    connect();
  }
  function signedOut() {
    if (source) { source.close(); source = null; }
    token = null;
    setRevealed(false);
    $('console-view').hidden = true;
    $('logout').hidden = true;
    $('live').hidden = true;
    $('org-name').hidden = true;
    $('login-view').hidden = false;
    $('credential').focus();
  }

  // ---- wiring ----
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const button = $('login-form').querySelector('button');
    void run(button, async () => {
      const input = $('credential');
      if (!input.value) { input.focus(); throw new Error('Enter the admin credential.'); }
      try {
        await api('POST', 'login', { credential: input.value });
      } catch (error) {
        input.select();
        throw new Error(error.message);
      }
      input.value = '';
      say('', '');
      // Render the organization before showing the console, so no control is ever shown unnamed or without state.
      renderState(await api('GET', 'state'));
      signedIn();
    });
  });
  $('logout').addEventListener('click', () => run($('logout'), async () => { await api('POST', 'logout'); say('Signed out.', ''); signedOut(); }));
  $('sso-toggle').addEventListener('click', () => run($('sso-toggle'), async () => {
    const configured = !state.organization.ssoConfigured;
    if (!configured && state.organization.scimEnabled &&
        !(await confirmAction('Remove the SSO connection?', 'SCIM needs SSO: removing the connection disables SCIM. Provisioned users are kept.', 'Remove connection', true))) return;
    const result = await api('POST', 'organization/sso', { configured });
    renderState(result.state);
    say(result.message, result.state.organization.scimEnabled || configured ? '' : 'warn');
  }));
  $('domain-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void run($('domain-verify'), async () => {
      const result = await api('POST', 'organization/domain', { verified: true, domain: $('domain-input').value });
      renderState(result.state);
      say(result.message, '');
    });
  });
  $('domain-unverify').addEventListener('click', () => run($('domain-unverify'), async () => {
    if (state.organization.scimEnabled &&
        !(await confirmAction('Remove domain verification?', 'SCIM needs a verified domain: removing it disables SCIM. Provisioned users are kept.', 'Remove verification', true))) return;
    const result = await api('POST', 'organization/domain', { verified: false });
    renderState(result.state);
    say(result.message, 'warn');
  }));
  $('enable-scim').addEventListener('click', () => run($('enable-scim'), async () => {
    const result = await api('POST', 'scim/enable');
    renderState(result.state);
    say(result.message, '');
  }));
  $('disable-scim').addEventListener('click', () => run($('disable-scim'), async () => {
    if (!(await confirmAction('Disable SCIM?', 'Users already provisioned stay in the organization, but your IdP can no longer create, update or remove them.', 'Disable SCIM', true))) return;
    const result = await api('POST', 'scim/disable');
    renderState(result.state);
    say(result.message, 'warn');
  }));
  $('regenerate-token').addEventListener('click', () => run($('regenerate-token'), async () => {
    if (!(await confirmAction('Generate a new API token?', 'The current token stops working at once: update it in your IdP.', 'Generate new token', false))) return;
    const result = await api('POST', 'scim/token');
    renderState(result.state, result.token);
    say(result.message, '');
  }));
  $('reveal-token').addEventListener('click', () => run($('reveal-token'), async () => {
    if (revealed) setRevealed(false);
    else await showToken();
  }));
  $('copy-token').addEventListener('click', () => run($('copy-token'), async () => {
    await copy(await fetchToken());
    say('API token copied to the clipboard.', '');
  }));
  $('copy-url').addEventListener('click', () => run($('copy-url'), async () => {
    await copy(state.scimBaseUrl || '');
    say('SCIM Base URL copied to the clipboard.', '');
  }));

  api('GET', 'state').then((s) => { renderState(s); signedIn(); }, (error) => {
    if (error.status === 401) signedOut(); else fail(error);
  });
})();
`;
