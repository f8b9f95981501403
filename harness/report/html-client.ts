/**
 * The script inlined into report.html. It is plain browser JavaScript kept as a string, not compiled
 * from TypeScript: a transpiled function's `toString()` can reference helpers of the compiling module
 * (tsx's `__name`), which do not exist in the page. So it stays dependency-free and written without
 * template literals (`String.raw` below must not see a backtick or a dollar-brace), and the tests parse it.
 *
 * Design for 5,000+ results: rows are filtered in memory and appended in chunks of CHUNK; a row's
 * details are built the first time it is opened; every interaction is one delegated listener on the
 * document (click, toggle in capture phase, input), never one per row.
 */
export const CLIENT_JS = String.raw`(function () {
'use strict';
var D = JSON.parse(document.getElementById('report-data').textContent);
var LEVELS = ['MUST', 'SHOULD', 'MAY'];
var CHUNK = 150;
var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function esc(v) { return String(v === null || v === undefined ? '' : v).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
function $(id) { return document.getElementById(id); }
function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
function ms(n) { return n < 1000 ? (Math.round(n * 10) / 10) + ' ms' : (n / 1000).toFixed(2) + ' s'; }
function statusText(st) { return st === 'not-applicable' ? 'not applicable' : st; }

var rows = D.rows;
var scenarios = D.scenarios;
var anyFailed = rows.some(function (r) { return r.status === 'failed'; });

// ---- state <-> URL hash -------------------------------------------------------------------------
// scenario-status filters the scenario table (a scenario that did not run has no check results to list).
// ex: an exchange inside the opened result to scroll to (a root cause's example).
var DEFAULTS = { status: anyFailed ? 'failed' : 'all', level: 'all', idp: 'all', scenario: 'all', tag: 'all', change: 'all', cell: '', q: '', 'scenario-status': 'all', open: '', ex: '' };
var KEYS = Object.keys(DEFAULTS);
var CELLS = {};
D.matrix.rows.forEach(function (r) { D.matrix.areas.forEach(function (a) { CELLS[r + ':' + a] = true; }); });
var ALLOWED = {
  status: ['all', 'failed', 'passed', 'not-applicable'],
  'scenario-status': ['all', 'passed', 'failed', 'error', 'not-applicable'],
  level: ['all'].concat(LEVELS),
  idp: ['all'].concat(D.matrix.rows),
  scenario: ['all'].concat(scenarios.map(function (s) { return s.name; })),
  tag: ['all'].concat(D.tags),
  change: ['all', 'new', 'fixed']
};

function readHash() {
  var params = new URLSearchParams(location.hash.replace(/^#/, ''));
  var s = Object.assign({}, DEFAULTS);
  KEYS.forEach(function (k) {
    var v = params.get(k);
    if (v === null) return;
    if (ALLOWED[k] && ALLOWED[k].indexOf(v) < 0) return;
    if (k === 'cell' && v !== '' && !CELLS[v]) return;
    if (k === 'open' && !/^\d+$/.test(v)) return;
    if (k === 'ex' && v !== '' && !Object.prototype.hasOwnProperty.call(D.exchanges, v)) return;
    s[k] = v;
  });
  return s;
}
function enc(v) { return encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2F/gi, '/').replace(/%40/gi, '@'); }
// Status is always written once anything differs from the defaults, so a link reads the same in any report.
function hashOf(s) {
  var changed = KEYS.some(function (k) { return s[k] !== DEFAULTS[k]; });
  if (!changed) return '';
  return KEYS.filter(function (k) { return k === 'status' || s[k] !== DEFAULTS[k]; })
    .map(function (k) { return k + '=' + enc(s[k]); }).join('&');
}
var state = readHash();
function commit(push) {
  var h = hashOf(state);
  if (('#' + h) === location.hash || (!h && !location.hash)) return;
  try {
    history[push ? 'pushState' : 'replaceState'](null, '', h ? '#' + h : location.pathname + location.search);
  } catch (e) {
    location.hash = h;
  }
}
function onNavigate() {
  var next = readHash();
  if (hashOf(next) === hashOf(state)) return;
  state = next;
  render();
}
window.addEventListener('hashchange', onNavigate);
window.addEventListener('popstate', onNavigate);

// ---- static parts: verdict, counts, metadata, baseline, matrix, scenarios --------------------------
function renderOverview() {
  var v = D.verdict;
  var el = $('verdict');
  el.className = 'verdict ' + (v.conformant ? 'ok' : 'bad');
  el.setAttribute('data-conformant', String(v.conformant));
  el.innerHTML = '<span class="icon" aria-hidden="true">' + (v.conformant ? '✓' : '✗') + '</span> ' + esc(v.text) +
    '<span class="sub">The run fails on ' + esc(v.failOnLabel) + ' failures (failOn: ' + esc(v.failOn) + ').</span>';

  var s = D.summary;
  // Reports from before not-applicable results have no such counts: none.
  var naChecks = s.notApplicableChecks || 0;
  var naScenarios = s.scenarios.notApplicable || 0;
  var counts = '<button type="button" class="count total" data-action="level" data-level="all" data-testid="count-all">' +
    '<span class="n">' + s.failedChecks + '</span> failed<span class="of">of ' + (s.failedChecks + s.passedChecks) + ' check results' +
    (naChecks ? ' (' + naChecks + ' not applicable)' : '') + '</span></button>';
  D.levels.forEach(function (c) {
    var na = c.notApplicable ? ' · ' + c.notApplicable + ' not applicable' : '';
    counts += '<button type="button" class="count lv-' + c.level + (c.failed ? ' has-failed' : '') + '" data-action="level" data-level="' + c.level +
      '" data-testid="count-' + c.level + '" aria-label="' + c.level + ': ' + c.failed + ' failed, ' + c.passed + ' passed' + na.replace(' · ', ', ') + '">' +
      '<span class="lvl">' + c.level + '</span><span class="n">' + c.failed + '</span> failed<span class="of">' + c.passed + ' passed' + na + '</span></button>';
  });
  counts += '<div class="count scen" data-testid="count-scenarios"><span class="lvl">Scenarios</span><span class="n">' + s.scenarios.total +
    '</span><span class="of">' + s.scenarios.passed + ' passed · ' + s.scenarios.failed + ' failed · ' + s.scenarios.error + ' error · ' + naScenarios + ' not applicable</span></div>';
  if (naChecks || naScenarios) {
    counts += '<button type="button" class="count na" data-action="not-applicable" data-testid="count-na" aria-label="Not applicable: ' +
      plural(naScenarios, 'scenario') + ', ' + plural(naChecks, 'check result') + '"><span class="lvl">Not applicable</span><span class="n">' + naScenarios +
      '</span> scenario' + (naScenarios === 1 ? '' : 's') + '<span class="of">' + plural(naChecks, 'check result') + '</span></button>';
  }
  $('counts').innerHTML = counts;

  var m = D.meta;
  var t = m.target;
  if (m.interrupted) {
    var banner = $('interrupted');
    banner.textContent = '⚠ Interrupted: the run was stopped (Ctrl-C or SIGTERM) before every scenario ran; this report covers only the ' +
      plural(scenarios.length, 'scenario') + ' that ran.';
    banner.hidden = false;
  }
  renderCleanup();
  renderFeatures();
  var meta = [
    ['Target', esc(t.url) + ' <span class="muted">(' + esc(t.kind) + (t.profile ? ', profile ' + esc(t.profile) : '') + ')</span>'],
    m.runId ? ['Run id', '<code data-testid="run-id" title="carried by every resource the run created">' + esc(m.runId) + '</code>'] : null,
    m.required && m.required.length ? ['Required (--require)', m.required.map(function (f) { return '<code>' + esc(f) + '</code>'; }).join(', ')] : null,
    ['IdP profiles', m.idps.length ? m.idps.map(esc).join(', ') : '<span class="muted">none</span>'],
    ['Seed', m.seed === null ? '<span class="muted">none</span>' : esc(m.seed)],
    ['Started', esc(m.startedAt)],
    ['Duration', esc(m.duration)],
    ['Tool', esc(m.tool) + ' ' + esc(m.version)]
  ].filter(Boolean);
  $('meta').innerHTML = meta.map(function (p) { return '<div><dt>' + p[0] + '</dt><dd>' + p[1] + '</dd></div>'; }).join('');

  var b = D.baseline;
  var bl = $('baseline');
  if (b) {
    var html = '<h2>Compared with baseline</h2><p><code>' + esc(b.file) + '</code>: ' +
      '<button type="button" class="linkish" data-action="change" data-change="new" data-testid="baseline-new">' + plural(b.newFailures.length, 'new failure') + '</button> · ' +
      '<button type="button" class="linkish" data-action="change" data-change="fixed" data-testid="baseline-fixed">' + b.fixed.length + ' fixed</button></p>';
    if (b.fixedElsewhere.length) {
      html += '<details><summary>' + plural(b.fixedElsewhere.length, 'fixed check') + ' no longer in this run</summary><ul>' +
        b.fixedElsewhere.map(function (f) { return '<li><code>' + esc(f) + '</code></li>'; }).join('') + '</ul></details>';
    }
    bl.innerHTML = html;
    bl.hidden = false;
  }
}

// ---- readiness and root causes: what the reader came for, first -----------------------------------
var READINESS_TEXT = { works: ['✓', 'works'], 'works-with-warnings': ['!', 'works with warnings'], breaks: ['✗', 'breaks'], 'not-tested': ['⊘', 'not tested'] };
var rootCauses = D.rootCauses || [];
function rcIndex(id) {
  for (var i = 0; i < rootCauses.length; i++) if (rootCauses[i].id === id) return i;
  return -1;
}
function readinessItems(title, kind, items) {
  if (!items.length) return '';
  return '<p class="items-title">' + title + '</p><ul class="items ' + kind + '">' + items.map(function (it) {
    var links = it.rootCauses.map(function (id) {
      var at = rcIndex(id);
      return at < 0 ? '' : ' <button type="button" class="linkish" data-action="root-cause" data-index="' + at + '" aria-label="Root cause ' + (at + 1) + ': ' + esc(id) + '">cause #' + (at + 1) + '</button>';
    }).join('');
    return '<li data-testid="readiness-item" data-kind="' + kind + '"><strong>' + esc(it.label) + '</strong> — ' + esc(it.why) + links + '</li>';
  }).join('') + '</ul>';
}
function renderReadiness() {
  var list = D.readiness || [];
  if (!list.length) return;
  $('readiness-list').innerHTML = list.map(function (r) {
    var v = READINESS_TEXT[r.verdict] || ['?', r.verdict];
    var s = r.scenarios;
    return '<li class="ready v-' + esc(r.verdict) + '" data-testid="readiness-idp" data-idp="' + esc(r.idp) + '" data-verdict="' + esc(r.verdict) + '">' +
      '<h3><span class="vmark" aria-hidden="true">' + v[0] + '</span> ' + esc(r.title) + ' <span class="vtext">' + esc(v[1]) + '</span></h3>' +
      '<p class="headline" data-testid="readiness-headline">' + esc(r.headline) + '</p>' +
      readinessItems('Breaks', 'broken', r.broken) + readinessItems('Warnings', 'warning', r.warnings) +
      '<p class="muted small">' + plural(s.total, 'scenario') + ': ' + s.passed + ' passed, ' + s.failed + ' failed, ' + s.notApplicable + ' not applicable</p></li>';
  }).join('');
  $('readiness').hidden = false;
}
function impactText(i) {
  return (i.idpActions > 0 ? 'breaks ' + plural(i.idpActions, 'IdP action') : plural(i.failures, 'failure')) + ' in ' + plural(i.scenarios, 'scenario') +
    (i.idps.length ? ' (' + i.idps.map(esc).join(', ') + ')' : '');
}
// The example opens the failing result that points at the exchange (a link: the hash carries it, so Back
// returns); an exchange only a failed step points at opens in the list of failed steps instead.
function exampleHtml(rc) {
  var ex = rc.example;
  if (!ex) return '';
  var line = esc(ex.request) + (ex.status === undefined || ex.status === null ? '' : ' → ' + esc(ex.status));
  var link;
  if (rc.exampleRow !== null) {
    var h = hashOf(Object.assign({}, DEFAULTS, { status: 'failed', open: String(rc.exampleRow), ex: rc.exampleExchange || '' }));
    link = '<a class="rc-example" data-testid="root-cause-example" href="#' + esc(h) + '">' + line + '</a>';
  } else if (rc.exampleExchange !== null) {
    link = '<button type="button" class="linkish rc-example" data-testid="root-cause-example" data-action="exchange" data-exchange="' + esc(rc.exampleExchange) + '">' + line + '</button>';
  } else link = '<code>' + line + '</code>';
  return '<div><dt>Example</dt><dd>' + link + ' <span class="muted">(' + esc(ex.scenario) + ')</span></dd></div>';
}
function renderRootCauses() {
  if (!rootCauses.length) return;
  var failOn = D.verdict.failOn;
  $('root-cause-list').innerHTML = rootCauses.map(function (rc, i) {
    var fails = rc.level === 'MUST' || (failOn === 'should' && rc.level === 'SHOULD');
    return '<li id="rc-' + i + '" tabindex="-1" class="rc ' + (fails ? 'fails' : 'warns') + '" data-testid="root-cause" data-id="' + esc(rc.id) + '">' +
      '<p class="rc-head"><span class="lvl">' + esc(rc.level) + '</span> <code class="cid">' + esc(rc.checkId || rc.id) + '</code> ' + esc(rc.title) + '</p>' +
      '<dl class="rc-facts"><div><dt>Observed</dt><dd>' + esc(rc.observed) + '</dd></div><div><dt>Required</dt><dd>' + esc(rc.required) + '</dd></div>' +
      '<div class="fix"><dt>Fix</dt><dd data-testid="root-cause-hint">' + esc(rc.hint) + '</dd></div>' +
      '<div><dt>Impact</dt><dd data-testid="root-cause-impact">' + impactText(rc.impact) + '</dd></div>' + exampleHtml(rc) + '</dl></li>';
  }).join('');
  $('root-causes').hidden = false;
}

// What the run left on the target is shown at the top, boxed: someone has to remove it from a server that is not ours.
function renderCleanup() {
  var c = D.cleanup;
  var el = $('cleanup');
  if (!c) return;
  el.hidden = false;
  if (!c.leftovers.length) {
    el.className = 'cleanup clean';
    el.innerHTML = '<p>Clean-up: ' + esc(c.line) + '; nothing left behind.</p>';
    return;
  }
  var kept = c.leftovers.every(function (l) { return l.outcome === 'kept'; });
  el.className = 'cleanup left';
  el.innerHTML = '<h2>' + (kept ? 'Kept on the target with --keep: ' : '⚠ Left behind on the target: ') + plural(c.leftovers.length, 'resource') + '</h2>' +
    '<p>Clean-up: ' + esc(c.line) + '.' + (D.meta.runId ? ' Every resource of this run carries <code>' + esc(D.meta.runId) + '</code> in its name: search the target for it.' : '') + '</p>' +
    '<div class="matrix-wrap"><table data-testid="leftovers"><thead><tr><th scope="col">Resource</th><th scope="col">Outcome</th><th scope="col">Scenario</th><th scope="col">Why</th></tr></thead><tbody>' +
    c.leftovers.map(function (l) {
      return '<tr data-testid="leftover" data-outcome="' + esc(l.outcome) + '"><td>' + esc(l.label) + '</td><td>' + esc(l.outcomeText) + '</td><td>' +
        (l.scenario === null ? '<span class="muted">found by the final sweep</span>' : esc(l.scenario)) + '</td><td>' + esc(l.reason) + '</td></tr>';
    }).join('') + '</tbody></table></div>';
}

function renderFeatures() {
  var f = D.meta.target.features;
  if (!f || !f.length) return;
  var required = D.meta.required || [];
  var el = $('features');
  var yes = f.filter(function (x) { return x.supported; }).length;
  el.innerHTML = '<summary>The target advertises ' + yes + ' of ' + plural(f.length, 'feature') + '</summary><table><thead><tr><th scope="col">Feature</th><th scope="col">Advertised</th><th scope="col">Read from</th></tr></thead><tbody>' +
    f.map(function (x) {
      return '<tr data-testid="feature" data-feature="' + esc(x.feature) + '" data-supported="' + x.supported + '"><td><code>' + esc(x.feature) + '</code></td><td class="' +
        (x.supported ? 'yes">✓ yes' : 'no">⊘ no') + (required.indexOf(x.feature) >= 0 ? ' · required' : '') + '</td><td>' + esc(x.source) + '</td></tr>';
    }).join('') + '</tbody></table>';
  el.hidden = false;
}

function renderNotApplicable() {
  if (!D.notApplicable.length) return;
  $('na-list').innerHTML = D.notApplicable.map(function (g) {
    return '<li data-testid="na-group" data-feature="' + esc(g.feature) + '"><code>' + esc(g.feature) + '</code>' +
      (g.reason === null ? '' : ' <span class="na-reason">' + esc(g.reason) + '</span>') + ': <strong>' + plural(g.scenarios.length, 'scenario') + '</strong><ul>' +
      g.scenarios.map(function (e) {
        return '<li>' + esc(scenarios[e.index].name) + (e.detail ? ' <span class="muted">' + esc(e.detail) + '</span>' : '') + '</li>';
      }).join('') + '</ul></li>';
  }).join('');
  $('not-applicable').hidden = false;
}

var STATE_TEXT = { fail: 'MUST failure', warn: 'SHOULD/MAY failures only', pass: 'all passed', na: 'not applicable', none: 'nothing ran' };
function renderMatrix() {
  var mx = D.matrix;
  var h = '<thead><tr><th scope="col">IdP</th>' + mx.areas.map(function (a) { return '<th scope="col"><span>' + esc(a) + '</span></th>'; }).join('') + '</tr></thead><tbody>';
  mx.rows.forEach(function (row) {
    h += '<tr><th scope="row">' + esc(row) + '</th>';
    mx.areas.forEach(function (area) {
      var key = row + ':' + area;
      var c = mx.cells[key];
      var st = c ? c.state : 'none';
      var failed = c ? c.failed.MUST + c.failed.SHOULD + c.failed.MAY : 0;
      // Not-applicable results are neither passed nor failed: out of the ratio, named on their own.
      var total = c ? c.passed + failed : 0;
      var na = c ? c.notApplicable || 0 : 0;
      var label = row + ' × ' + area + ': ' + (!c ? STATE_TEXT.none : st === 'na' ? plural(na, 'check result') + ' not applicable' :
        failed + ' of ' + total + ' check results failed' + (c.failed.MUST ? ' (' + c.failed.MUST + ' MUST)' : '') + (na ? ', ' + na + ' not applicable' : ''));
      var text = st === 'fail' ? '✗ ' + failed + '/' + total : st === 'warn' ? '! ' + failed + '/' + total : st === 'pass' ? '✓ ' + total : st === 'na' ? '⊘ ' + na : '–';
      h += '<td><button type="button" class="cell c-' + st + '" data-action="cell" data-cell="' + esc(key) + '" data-state="' + st +
        '" data-testid="cell-' + esc(row) + '-' + esc(area) + '" aria-pressed="false" aria-label="' + esc(label) + '" title="' + esc(label) + '"' +
        (st === 'none' ? ' disabled' : '') + '>' + text + '</button></td>';
    });
    h += '</tr>';
  });
  $('matrix').innerHTML = h + '</tbody>';
}

function renderScenarios() {
  var h = '';
  scenarios.forEach(function (s, i) {
    var needs = (s.notApplicable || []).map(function (u) {
      return '<div class="na-reason" data-testid="scenario-reason">needs <code>' + esc(u.feature) + '</code>: ' + esc(u.reason) + (u.needed ? ' <span class="muted">(needed: ' + esc(u.needed) + ')</span>' : '') + '</div>';
    }).join('');
    var notes = [];
    if (s.notApplicableChecks) notes.push(s.notApplicableChecks + ' not applicable');
    if (s.leftovers) notes.push(s.leftovers + ' left on the target');
    h += '<tr data-testid="scenario-row" data-status="' + s.status + '"><td><span class="badge st-' + s.status + '">' + statusText(s.status) + '</span></td>' +
      '<td>' + esc(s.name) + '<div class="muted small">' + esc(s.file) + '</div></td><td>' + esc(s.idp) + '</td>' +
      '<td>' + s.tags.map(function (t) { return '<span class="tag">' + esc(t) + '</span>'; }).join(' ') + '</td>' +
      '<td class="num">' + s.failedChecks + ' / ' + s.checks + (notes.length ? '<div class="muted small">' + notes.join(', ') + '</div>' : '') + '</td><td class="num">' + esc(s.duration) + '</td>' +
      '<td>' + (s.error === null ? '' : '<span class="err">' + esc(s.error) + '</span>') + needs + '</td>' +
      '<td>' + (s.checks ? '<button type="button" data-action="scenario" data-index="' + i + '">Show checks</button>' : '<span class="muted small">did not run</span>') + '</td></tr>';
  });
  $('scenario-body').innerHTML = h;

  // Why we believe the IdP sends what the failing step sent: each behaviour and its sources (or that it has none).
  function evidenceHtml(list) {
    if (!list.length) return '';
    return '<details class="evidence" data-testid="evidence"><summary>Evidence for this IdP traffic</summary><ul>' + list.map(function (e) {
      var why = e.sources.length ? e.sources.map(function (src) {
        return '<a href="' + esc(src.url) + '" rel="noreferrer">' + esc(src.tag + ' ' + src.title) + '</a> <span class="muted">(' + esc(src.kind) + ')</span>';
      }).join('; ') : '<em>no primary evidence</em>' + (e.note ? ': ' + esc(e.note) : '');
      return '<li><code>' + esc(e.behaviour) + '</code>' + (e.audit ? ' <span class="muted">' + esc(e.audit) + '</span>' : '') + ' ' + esc(e.title) + ' — ' + why + '</li>';
    }).join('') + '</ul></details>';
  }

  function exchangesHtml(ids) {
    return ids.map(function (id) {
      var e = D.exchanges[id];
      return e ? '<details class="ex" data-exchange="' + esc(id) + '"><summary>' + esc(e.method) + ' ' + esc(e.url) + ' → ' +
        (e.status === null ? esc(e.transportError || 'no response') : e.status) + '</summary><div class="lazy"></div></details>' : '';
    }).join('');
  }
  // A step that failed only because an earlier one did: greyed, under its cause, and counted nowhere.
  function consequenceHtml(p) {
    return '<li class="consequence" data-testid="consequence">Step ' + p.index + ' <code>' + esc(p.label) + '</code> — <span class="cq">consequence of step ' +
      p.consequenceOf.step + '</span>: ' + esc(p.consequenceOf.reason) + exchangesHtml(p.exchangeIds) + '</li>';
  }

  var problems = '';
  var count = 0;
  var failedSteps = 0;
  var errors = 0;
  var consequences = 0;
  scenarios.forEach(function (s) {
    if (s.error === null && !s.problems.length) return;
    var causes = s.problems.filter(function (p) { return !p.consequenceOf; });
    var after = s.problems.filter(function (p) { return p.consequenceOf; });
    failedSteps += causes.length;
    consequences += after.length;
    if (s.error !== null) errors++;
    count++;
    if (count > 300) return;
    problems += '<li data-testid="problem"><span class="badge st-' + s.status + '">' + s.status + '</span> <strong>' + esc(s.name) + '</strong>';
    if (s.error !== null) problems += '<p class="err">' + esc(s.error) + '</p>';
    if (s.problems.length) {
      var placed = {};
      problems += '<ul>' + causes.map(function (p) {
        var mine = after.filter(function (c) { return c.consequenceOf.step === p.index; });
        mine.forEach(function (c) { placed[c.index] = true; });
        return '<li data-testid="failed-step">Step ' + p.index + ' <code>' + esc(p.label) + '</code> (' + p.status + '): ' + p.messages.map(esc).join('; ') +
          evidenceHtml(p.evidence) + exchangesHtml(p.exchangeIds) +
          (mine.length ? '<ul class="consequences">' + mine.map(consequenceHtml).join('') + '</ul>' : '') + '</li>';
      }).join('') + after.filter(function (c) { return !placed[c.index]; }).map(consequenceHtml).join('') + '</ul>';
    }
    problems += '</li>';
  });
  $('problem-count').textContent = plural(failedSteps, 'failed step') + (errors ? ', ' + plural(errors, 'scenario error') : '') +
    (consequences ? '; ' + plural(consequences, 'consequence') + ' of those, not counted' : '') + '.';
  if (count > 300) problems += '<li class="muted">…and ' + (count - 300) + ' more scenarios with problems (see report.json).</li>';
  if (count) {
    $('problem-list').innerHTML = problems;
    $('problems').hidden = false;
  }
}

function filterScenarios() {
  var want = state['scenario-status'];
  var trs = $('scenario-body').children;
  var shown = 0;
  for (var i = 0; i < trs.length; i++) {
    var hide = want !== 'all' && trs[i].getAttribute('data-status') !== want;
    trs[i].hidden = hide;
    if (!hide) shown++;
  }
  $('scenario-count').textContent = want === 'all' ? plural(trs.length, 'scenario') : 'Showing ' + shown + ' of ' + plural(trs.length, 'scenario') + ' (' + statusText(want) + ').';
}

function renderFilterOptions() {
  function fill(id, values, labels) {
    $(id).innerHTML = values.map(function (v, i) { return '<option value="' + esc(v) + '">' + esc(labels ? labels[i] : v) + '</option>'; }).join('');
  }
  fill('f-idp', ALLOWED.idp);
  fill('f-scenario', ALLOWED.scenario);
  fill('f-tag', ALLOWED.tag);
  if (!D.baseline) $('f-change-wrap').hidden = true;
}

// ---- the result list ----------------------------------------------------------------------------
function haystack(r) {
  if (r._hay === undefined) {
    var s = scenarios[r.scenario];
    var parts = [r.checkId, r.title, r.rfc, r.area, r.level, r.status, r.reason || '', s.name, s.file, s.idp].concat(s.tags);
    r.failures.forEach(function (f) {
      parts.push(f.subject, f.message, f.expected || '', f.actual || '');
      var e = f.exchangeId && D.exchanges[f.exchangeId];
      if (e) parts.push(e.label, e.method + ' ' + e.url, e.transportError || '');
    });
    r._hay = parts.join('\n').toLowerCase();
  }
  return r._hay;
}
function matcher(s) {
  var terms = s.q.toLowerCase().split(/\s+/).filter(Boolean);
  return function (r) {
    if (s.status !== 'all' && r.status !== s.status) return false;
    if (s.level !== 'all' && r.level !== s.level) return false;
    var sc = scenarios[r.scenario];
    if (s.idp !== 'all' && sc.idp !== s.idp) return false;
    if (s.scenario !== 'all' && sc.name !== s.scenario) return false;
    if (s.tag !== 'all' && sc.tags.indexOf(s.tag) < 0) return false;
    if (s.change !== 'all' && r.change !== s.change) return false;
    if (s.cell && r.cells.indexOf(s.cell) < 0) return false;
    if (terms.length) {
      var h = haystack(r);
      for (var i = 0; i < terms.length; i++) if (h.indexOf(terms[i]) < 0) return false;
    }
    return true;
  };
}

function rowHtml(r) {
  var s = scenarios[r.scenario];
  var change = r.change === 'new' ? '<span class="chg new" data-testid="change-new">new failure</span>' :
    r.change === 'fixed' ? '<span class="chg fixed" data-testid="change-fixed">fixed</span>' : '';
  return '<details class="check ' + r.status + ' lv-' + r.level + '" id="row-' + r.id + '" data-row="' + r.id + '" data-testid="check-' + esc(r.checkId) +
    '" data-status="' + r.status + '" data-level="' + r.level + '" data-scenario="' + esc(s.name) + '"' + (r.change ? ' data-change="' + r.change + '"' : '') + '>' +
    '<summary><span class="st">' + (r.status === 'failed' ? '✗ failed' : r.status === 'passed' ? '✓ passed' : '⊘ not applicable') + '</span><span class="lvl">' + r.level + '</span>' +
    '<code class="cid">' + esc(r.checkId) + '</code><span class="ttl">' + esc(r.title) + '</span>' + change +
    (r.reason === null ? '' : '<span class="why" data-testid="reason">' + esc(r.reason) + '</span>') +
    '<span class="where">' + esc(s.idp) + ' · ' + esc(s.name) + '</span></summary><div class="lazy"></div></details>';
}

function refsHtml(r) {
  if (!r.refs.length) return esc(r.rfc);
  return r.refs.map(function (x) {
    return '<a href="' + esc(x.href) + '" target="_blank" rel="noopener noreferrer" data-testid="rfc-link">' + esc(x.label) + '</a>';
  }).join(', ');
}
function headersHtml(list) {
  if (!list.length) return '<p class="muted">(no headers)</p>';
  return '<table class="headers"><tbody>' + list.map(function (h) {
    return '<tr><th scope="row">' + esc(h[0]) + '</th><td>' + esc(h[1]) + '</td></tr>';
  }).join('') + '</tbody></table>';
}
function bodyHtml(b) {
  if (!b) return '<p class="muted">(no body)</p>';
  var text = b.text;
  if (b.json) { try { text = JSON.stringify(JSON.parse(b.text), null, 2); } catch (e) { text = b.text; } }
  return '<pre class="body">' + esc(text) + '</pre>' + (b.truncated ? '<p class="muted">Body cut for the page; report.json has it whole.</p>' : '');
}
function exchangeHtml(e) {
  var status = e.status === null ? '<span class="http bad">' + esc(e.transportError || 'no response') + '</span>' :
    '<span class="http ' + (e.status < 400 ? 'ok' : 'bad') + '">' + e.status + '</span>';
  return '<div class="exchange" data-testid="exchange" data-exchange-id="' + esc(e.id) + '">' +
    '<p class="reqline"><span class="method">' + esc(e.method) + '</span> <span class="url">' + esc(e.url) + '</span> → ' + status + '</p>' +
    '<p class="muted small">' + esc(e.label) + ' · ' + esc(e.id) + ' · started ' + esc(e.startedAt) + ' · took ' + ms(e.durationMs) + '</p>' +
    '<div class="panes"><div><h5>Request</h5>' + headersHtml(e.requestHeaders) + bodyHtml(e.requestBody) + '</div>' +
    '<div><h5>Response</h5>' + (e.status === null ? '<p class="err">No response: ' + esc(e.transportError || 'unknown') + '</p>' :
      headersHtml(e.responseHeaders) + bodyHtml(e.responseBody)) + '</div></div>' +
    '<div class="curl"><div class="curl-head"><h5>curl</h5><button type="button" data-action="copy" data-testid="copy-curl">Copy as curl</button></div>' +
    '<pre data-testid="curl">' + esc(e.curl) + '</pre></div></div>';
}
function findingHtml(f) {
  var h = '<section class="finding" data-testid="finding"><h4>' + esc(f.subject) + '</h4><p>' + esc(f.message) + '</p>';
  if (f.expected !== null) {
    h += '<div class="diff"><div><h5>Expected</h5><pre data-testid="expected">' + esc(f.expected) + '</pre></div>' +
      '<div><h5>Actual</h5><pre data-testid="actual">' + esc(f.actual) + '</pre></div></div>';
  }
  if (f.exchangeId !== null) {
    var e = D.exchanges[f.exchangeId];
    h += e ? exchangeHtml(e) : '<p class="muted">Exchange ' + esc(f.exchangeId) + ' was not recorded.</p>';
  }
  return h + '</section>';
}
function detailHtml(r) {
  var s = scenarios[r.scenario];
  var link = hashOf(Object.assign({}, state, { open: String(r.id), ex: '' }));
  var h = '<dl class="facts">' +
    '<div><dt>Check</dt><dd><code>' + esc(r.checkId) + '</code> · ' + r.level + ' · area ' + esc(r.area) + '</dd></div>' +
    '<div><dt>RFC</dt><dd>' + refsHtml(r) + '</dd></div>' +
    '<div><dt>Scenario</dt><dd>' + esc(s.name) + ' <span class="muted">(' + esc(s.idp) + ', ' + esc(s.file) + ')</span></dd></div>' +
    (r.status === 'not-applicable' ? '<div><dt>Not applicable</dt><dd>' + esc(r.reason) + '</dd></div>' :
      '<div><dt>Findings</dt><dd>' + r.passes + ' passed, ' + r.failures.length + ' failed</dd></div>') +
    (r.change ? '<div><dt>Baseline</dt><dd>' + (r.change === 'new' ? 'new failure since the baseline' : 'fixed since the baseline') + '</dd></div>' : '') +
    '</dl>';
  h += r.failures.map(findingHtml).join('');
  return h + '<p><a class="permalink" href="#' + esc(link) + '" data-testid="permalink">Link to this result</a></p>';
}
function fillDetails(d) {
  var slot = d.querySelector(':scope > .lazy');
  if (!slot || slot.hasAttribute('data-filled')) return;
  if (d.hasAttribute('data-row')) slot.innerHTML = detailHtml(rows[Number(d.getAttribute('data-row'))]);
  else if (d.hasAttribute('data-exchange')) slot.innerHTML = exchangeHtml(D.exchanges[d.getAttribute('data-exchange')]);
  slot.setAttribute('data-filled', '');
}

var list = $('list');
var moreButton = $('more');
var filtered = [];
var shown = 0;
function more() {
  var end = Math.min(filtered.length, shown + CHUNK);
  var html = '';
  for (var i = shown; i < end; i++) html += rowHtml(filtered[i]);
  list.insertAdjacentHTML('beforeend', html);
  shown = end;
  var left = filtered.length - shown;
  moreButton.hidden = left <= 0;
  moreButton.textContent = 'Show ' + Math.min(CHUNK, left) + ' more (' + left + ' not shown)';
  if (observer && left > 0) { observer.unobserve(moreButton); observer.observe(moreButton); }
}
// Loads the next chunk when the button scrolls into view; re-observing re-checks after each chunk.
var observer = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
  if (entries.some(function (e) { return e.isIntersecting; }) && !moreButton.hidden) more();
}, { rootMargin: '600px' }) : null;

function syncControls() {
  ['status', 'level', 'idp', 'scenario', 'tag', 'change', 'scenario-status'].forEach(function (k) { $('f-' + k).value = state[k]; });
  var q = $('f-q');
  if (q.value !== state.q && document.activeElement !== q) q.value = state.q;
  var pressed = document.querySelectorAll('#matrix [aria-pressed="true"]');
  for (var i = 0; i < pressed.length; i++) pressed[i].setAttribute('aria-pressed', 'false');
  var cellNote = $('cell-note');
  if (state.cell) {
    var b = document.querySelector('#matrix [data-cell="' + CSS.escape(state.cell) + '"]');
    if (b) b.setAttribute('aria-pressed', 'true');
    $('cell-name').textContent = state.cell.replace(':', ' × ');
    cellNote.hidden = false;
  } else cellNote.hidden = true;
}

function render() {
  syncControls();
  filtered = rows.filter(matcher(state));
  list.textContent = '';
  shown = 0;
  more();
  filterScenarios();
  var failed = 0;
  var na = 0;
  for (var i = 0; i < filtered.length; i++) {
    if (filtered[i].status === 'failed') failed++;
    else if (filtered[i].status === 'not-applicable') na++;
  }
  $('count').textContent = 'Showing ' + plural(filtered.length, 'check result') + ' of ' + rows.length + ' (' + failed + ' failed' + (na ? ', ' + na + ' not applicable' : '') + ').';
  $('empty').hidden = filtered.length > 0;
  if (state.open !== '') {
    var id = Number(state.open);
    var at = -1;
    for (var j = 0; j < filtered.length; j++) if (filtered[j].id === id) { at = j; break; }
    if (at >= 0) {
      while (shown <= at) more();
      var d = $('row-' + id);
      fillDetails(d);
      d.open = true;
      var shownEx = state.ex ? d.querySelector('[data-exchange-id="' + CSS.escape(state.ex) + '"]') : null;
      if (shownEx) showExchange(shownEx);
      else {
        d.scrollIntoView({ block: 'start' });
        d.querySelector('summary').focus({ preventScroll: true });
      }
    }
  }
}

// An exchange a root cause pointed at: marked, scrolled to and focused, so keyboard users land on it too.
function showExchange(el) {
  var old = document.querySelectorAll('.exchange.target, details.ex.target');
  for (var i = 0; i < old.length; i++) old[i].classList.remove('target');
  el.classList.add('target');
  el.setAttribute('tabindex', '-1');
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

// A matrix cell or baseline change picked on purpose should show its checks, even when the status
// filter would hide every one of them (a green cell, "fixed" while showing failures only).
function giveWay(change) {
  var next = Object.assign({}, state, change);
  if (next.status !== 'all' && !rows.some(matcher(next))) {
    next.status = 'all';
    if (rows.some(matcher(next))) change.status = 'all';
  }
  return change;
}

function update(change, push) {
  Object.assign(state, change);
  if (!('open' in change)) { state.open = ''; state.ex = ''; }
  commit(push);
  render();
}

// ---- events: one delegated listener per kind ----------------------------------------------------
document.addEventListener('click', function (ev) {
  // Following the same example link twice changes no hash: show it again anyway.
  var a = ev.target instanceof Element ? ev.target.closest('a.rc-example') : null;
  if (a && a.getAttribute('href') === location.hash) { ev.preventDefault(); render(); return; }
  var t = ev.target instanceof Element ? ev.target.closest('[data-action]') : null;
  if (!t) return;
  var action = t.getAttribute('data-action');
  if (action === 'cell') {
    var key = t.getAttribute('data-cell');
    update(giveWay({ cell: state.cell === key ? '' : key }), true);
  } else if (action === 'level') {
    var level = t.getAttribute('data-level');
    update({ level: level, status: 'failed' }, true);
    $('results').scrollIntoView({ block: 'start' });
  } else if (action === 'scenario') {
    update({ scenario: scenarios[Number(t.getAttribute('data-index'))].name, status: 'all', cell: '', idp: 'all', tag: 'all' }, true);
    $('results').scrollIntoView({ block: 'start' });
    $('f-scenario').focus();
  } else if (action === 'change') {
    update(giveWay({ change: t.getAttribute('data-change') }), true);
    $('results').scrollIntoView({ block: 'start' });
  } else if (action === 'not-applicable') {
    update({ status: 'not-applicable', 'scenario-status': 'not-applicable', level: 'all', cell: '', change: 'all' }, true);
    $(D.notApplicable.length ? 'not-applicable' : 'results').scrollIntoView({ block: 'start' });
  } else if (action === 'root-cause') {
    var li = $('rc-' + t.getAttribute('data-index'));
    li.scrollIntoView({ block: 'start' });
    li.focus({ preventScroll: true });
  } else if (action === 'exchange') {
    var ex = document.querySelector('#problem-list details.ex[data-exchange="' + CSS.escape(t.getAttribute('data-exchange')) + '"]');
    if (ex) {
      fillDetails(ex);
      ex.open = true;
      showExchange(ex);
    }
  } else if (action === 'clear-cell') {
    update({ cell: '' }, true);
  } else if (action === 'reset') {
    state = Object.assign({}, DEFAULTS);
    $('f-q').value = '';
    commit(true);
    render();
  } else if (action === 'more') {
    more();
  } else if (action === 'copy') {
    copy(t);
  }
});

document.addEventListener('change', function (ev) {
  var t = ev.target;
  if (!(t instanceof HTMLSelectElement) || !t.id.startsWith('f-')) return;
  var change = {};
  change[t.id.slice(2)] = t.value;
  update(t.id === 'f-change' ? giveWay(change) : change, true);
});

var typing = 0;
document.addEventListener('input', function (ev) {
  if (ev.target !== $('f-q')) return;
  clearTimeout(typing);
  typing = setTimeout(function () { update({ q: $('f-q').value }, false); }, 150);
});
$('filters').addEventListener('submit', function (ev) { ev.preventDefault(); });

// toggle does not bubble; the capture phase still sees it on the document.
document.addEventListener('toggle', function (ev) {
  var d = ev.target;
  if (d instanceof HTMLDetailsElement && d.open) fillDetails(d);
}, true);

document.addEventListener('keydown', function (ev) {
  var t = ev.target;
  var typingInField = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
  if (ev.key === '/' && !typingInField && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
    ev.preventDefault();
    $('f-q').focus();
  }
});

function copy(button) {
  var pre = button.closest('.curl').querySelector('pre');
  var text = pre.textContent;
  var live = $('live');
  function done(ok) {
    button.textContent = ok ? 'Copied ✓' : 'Selected: press Ctrl+C';
    live.textContent = ok ? 'curl command copied' : 'curl command selected; press Ctrl+C to copy';
    setTimeout(function () { button.textContent = 'Copy as curl'; }, 2000);
  }
  function fallback() {
    var range = document.createRange();
    range.selectNodeContents(pre);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    done(ok);
  }
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
  else fallback();
}

renderReadiness();
renderRootCauses();
renderOverview();
renderMatrix();
renderScenarios();
renderNotApplicable();
renderFilterOptions();
render();
document.documentElement.setAttribute('data-ready', '');
})();
`;
