/**
 * report.html: one self-contained page (inline CSS, inline script, data embedded as JSON) that works
 * opened from disk with no network. It leads with the verdict, readiness per IdP and the ranked root causes
 * (each linking to the exchange that shows it), then the counts, matrix and lists. A Content-Security-Policy with hashes of exactly the inline style
 * and script makes that a guarantee rather than a habit: the browser refuses any other resource.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LEVELS, type RunResult } from '../model.js';
import { CLIENT_JS } from './html-client.js';
import { buildPageData, type PageData } from './html-data.js';
import { PAGE_CSS } from './html-style.js';
import type { Reporter } from './reporter.js';

export const HTML_REPORT_FILE = 'report.html';
export const DATA_ELEMENT_ID = 'report-data';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON that is safe as the content of a `<script>` element. With every `<` written as `\u003c` neither
 * `</script` nor `<!--` can occur, so the HTML parser cannot leave the element early or enter its
 * escaped-comment states; `/` as `\/` keeps the target's URLs from appearing as literal `http://` links
 * in the file. U+2028/2029 are escaped for older JavaScript parsers. All are plain JSON escapes.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

function option(value: string, label = value): string {
  return `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
}

function page(data: PageData): string {
  const csp = [
    "default-src 'none'",
    'img-src data:',
    `style-src ${cspHash(PAGE_CSS)}`,
    `script-src ${cspHash(CLIENT_JS)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const tool = `${data.meta.tool} ${data.meta.version}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(data.title)}</title>
<link rel="icon" href="data:,">
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<h1>SCIM conformance report</h1>
<div id="verdict" class="verdict" data-testid="verdict" role="status"></div>
<p id="interrupted" class="banner interrupted" data-testid="interrupted" hidden></p>
<section id="readiness" class="readiness" data-testid="readiness" aria-labelledby="readiness-title" hidden>
<h2 id="readiness-title">Readiness by IdP</h2>
<ul id="readiness-list" class="ready-list"></ul>
</section>
<section id="root-causes" class="root-causes" data-testid="root-causes" aria-labelledby="root-causes-title" hidden>
<h2 id="root-causes-title">Root causes</h2>
<p class="muted small">Ranked by what they break. Each links to an exchange that shows it.</p>
<ol id="root-cause-list" class="rc-list"></ol>
</section>
<section id="cleanup" class="cleanup" data-testid="cleanup" aria-label="Clean-up at the target" hidden></section>
<div id="counts" class="counts" data-testid="counts"></div>
<dl id="meta" class="meta" data-testid="meta"></dl>
<details id="features" class="features" data-testid="features" hidden></details>
<section id="baseline" data-testid="baseline" hidden></section>
</header>
<main>
<section aria-labelledby="matrix-title">
<h2 id="matrix-title">IdP × area</h2>
<div class="matrix-wrap"><table id="matrix" class="matrix" data-testid="matrix" aria-labelledby="matrix-title"></table></div>
<ul class="legend" aria-label="Legend">
<li><span class="sw c-fail" aria-hidden="true"></span>✗ a MUST check failed</li>
<li><span class="sw c-warn" aria-hidden="true"></span>! only SHOULD/MAY checks failed</li>
<li><span class="sw c-pass" aria-hidden="true"></span>✓ all passed</li>
<li><span class="sw c-na" aria-hidden="true"></span>⊘ not applicable: the target lacks a feature</li>
<li><span class="sw c-none" aria-hidden="true"></span>– nothing ran</li>
<li>Select a cell to list its check results.</li>
</ul>
</section>
<section id="problems" data-testid="problems" hidden>
<h2>Scenario errors and failed steps</h2>
<p id="problem-count" class="muted" data-testid="problem-count"></p>
<ul id="problem-list"></ul>
</section>
<section id="not-applicable" data-testid="not-applicable" aria-labelledby="na-title" hidden>
<h2 id="na-title">Not applicable</h2>
<p class="muted">The target does not advertise what these scenarios need: they did not run, and count as neither passed nor failed.</p>
<ul id="na-list"></ul>
</section>
<section id="results" aria-labelledby="results-title">
<h2 id="results-title">Check results</h2>
<form id="filters" class="filters" data-testid="filters" role="search" aria-label="Filter check results">
<label>Status<select id="f-status" data-testid="filter-status">${['all', 'failed', 'passed'].map((v) => option(v)).join('')}${option('not-applicable', 'not applicable')}</select></label>
<label>Level<select id="f-level" data-testid="filter-level">${['all', ...LEVELS].map((v) => option(v)).join('')}</select></label>
<label>IdP<select id="f-idp" data-testid="filter-idp"></select></label>
<label>Scenario<select id="f-scenario" data-testid="filter-scenario"></select></label>
<label>Tag<select id="f-tag" data-testid="filter-tag"></select></label>
<label id="f-change-wrap">Baseline<select id="f-change" data-testid="filter-change">${option('all')}${option('new', 'new failures')}${option('fixed')}</select></label>
<label>Search<input id="f-q" type="search" data-testid="filter-q" placeholder="id, title, message, URL… (press /)" autocomplete="off" spellcheck="false"></label>
<span id="cell-note" class="cell-note" data-testid="filter-cell" hidden>Cell: <strong id="cell-name"></strong> <button type="button" data-action="clear-cell" data-testid="clear-cell" aria-label="Clear the matrix cell filter">×</button></span>
<button type="button" data-action="reset" data-testid="filter-reset">Reset filters</button>
</form>
<p id="count" data-testid="result-count" aria-live="polite"></p>
<div id="list" data-testid="check-list"></div>
<p id="empty" data-testid="empty" hidden>No check result matches these filters.</p>
<button type="button" id="more" data-action="more" data-testid="show-more" hidden>Show more</button>
</section>
<section aria-labelledby="scenarios-title">
<h2 id="scenarios-title">Scenarios</h2>
<div class="scenario-filters"><label>Status<select id="f-scenario-status" data-testid="filter-scenario-status">${['all', 'passed', 'failed', 'error'].map((v) => option(v)).join('')}${option('not-applicable', 'not applicable')}</select></label><p id="scenario-count" data-testid="scenario-count" aria-live="polite"></p></div>
<div class="matrix-wrap"><table class="scenarios" data-testid="scenarios"><thead><tr><th scope="col">Status</th><th scope="col">Scenario</th><th scope="col">IdP</th><th scope="col">Tags</th><th scope="col">Failed checks</th><th scope="col">Duration</th><th scope="col">Error or reason</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead><tbody id="scenario-body"></tbody></table></div>
</section>
</main>
<footer>Generated by ${escapeHtml(tool)}. This page is self-contained and loads nothing from the network. Filters live in the address (#…), so a copied link opens the same view.</footer>
<div id="live" class="sr-only" aria-live="polite"></div>
<noscript><p>This report is drawn by its inline script. Enable JavaScript, or read report.md or report.json next to it.</p></noscript>
<script type="application/json" id="${DATA_ELEMENT_ID}">${embedJson(data)}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}

export function toHtml(run: RunResult): string {
  return page(buildPageData(run));
}

export const htmlReporter: Reporter = {
  format: 'html',
  async write(run, outDir) {
    const file = join(outDir, HTML_REPORT_FILE);
    await writeFile(file, toHtml(run), 'utf8');
    return [file];
  },
};
