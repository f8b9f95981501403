/**
 * The stylesheet inlined into report.html. No web fonts or images: the page must look right opened
 * from disk with no network. Cell states are told apart by symbol and text too, not by colour alone.
 * Not applicable has its own neutral slate (with a dashed edge), never the red or amber of a failure:
 * a target that lacks an optional feature is not a broken one. A consequence (a step that failed only
 * because an earlier one did) is muted grey: it is not a problem of its own.
 */
export const PAGE_CSS = String.raw`
:root {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --focus: #0969da;
  --pass: #1a7f37; --pass-bg: #dafbe1; --warn: #9a6700; --warn-bg: #fff1c2; --fail: #cf222e; --fail-bg: #ffebe9;
  --none: #6e7781; --none-bg: #eaeef2; --link: #0969da; --na: #4b5f7e; --na-bg: #e7edf6;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23; --focus: #4493f8;
    --pass: #3fb950; --pass-bg: #12351e; --warn: #d29922; --warn-bg: #3b2e0a; --fail: #f85149; --fail-bg: #4a1518;
    --none: #9198a1; --none-bg: #21262d; --link: #4493f8; --na: #9fb0cc; --na-bg: #1b2433;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main { max-width: 1400px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 16px; }
h1 { font-size: 20px; margin: 0 0 12px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
h4 { margin: 12px 0 4px; font-size: 14px; }
h5 { margin: 8px 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
a { color: var(--link); }
code, pre, .url, .method { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 4px 0; overflow: auto; max-height: 420px; white-space: pre-wrap; word-break: break-word; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.err { color: var(--fail); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
button, select, input { font: inherit; color: inherit; }
button { cursor: pointer; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; }
button:hover:not(:disabled) { border-color: var(--muted); }
button:disabled { cursor: default; }
.linkish { background: none; border: none; padding: 0; color: var(--link); text-decoration: underline; }

.verdict { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 10px; font-size: 22px; font-weight: 600; padding: 12px 16px; border-radius: 8px; border: 1px solid; }
.verdict.ok { color: var(--pass); background: var(--pass-bg); border-color: var(--pass); }
.verdict.bad { color: var(--fail); background: var(--fail-bg); border-color: var(--fail); }
.verdict .sub { font-size: 13px; font-weight: 400; color: var(--fg); }
.counts { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
.count { display: flex; flex-direction: column; align-items: flex-start; min-width: 130px; text-align: left; padding: 8px 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
.count .n { font-size: 22px; font-weight: 700; }
.count .lvl { font-weight: 600; font-size: 12px; color: var(--muted); }
.count .of { font-size: 12px; color: var(--muted); }
.count.has-failed.lv-MUST .n { color: var(--fail); }
.count.has-failed.lv-SHOULD .n, .count.has-failed.lv-MAY .n { color: var(--warn); }
.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 16px; margin: 0; }
.meta dt { font-size: 12px; color: var(--muted); }
.meta dd { margin: 0; word-break: break-all; }
#baseline { margin-top: 10px; }
.banner { margin: 10px 0 0; padding: 8px 14px; border-radius: 8px; border: 1px solid var(--warn); background: var(--warn-bg); font-weight: 600; }
.cleanup { margin: 10px 0 0; }
.cleanup.clean { color: var(--muted); }
.cleanup.left { padding: 8px 14px; border-radius: 8px; border: 2px solid var(--warn); background: var(--warn-bg); }
.cleanup.left h2 { margin: 4px 0 6px; color: var(--warn); }
.cleanup table { width: 100%; background: var(--bg); }
.cleanup th, .cleanup td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.features { margin: 10px 0 0; }
.features > summary { cursor: pointer; color: var(--muted); }
.features table { margin-top: 6px; }
.features th, .features td { text-align: left; padding: 2px 12px 2px 0; }
.yes { color: var(--pass); font-weight: 600; }
.no { color: var(--na); }
.count.na { border-style: dashed; border-color: var(--na); }
.count.na .n { color: var(--na); }
.count button.linkish { font-size: 12px; }

.matrix-wrap { overflow-x: auto; }
table { border-collapse: collapse; }
.matrix th { font-size: 12px; font-weight: 600; padding: 4px; text-align: center; white-space: nowrap; }
.matrix tbody th { text-align: left; padding-right: 10px; }
.matrix td { padding: 2px; }
.cell { min-width: 64px; height: 34px; padding: 0 6px; white-space: nowrap; border-radius: 5px; border: 1px solid transparent; font-weight: 600; font-size: 12.5px; }
.cell.c-pass { background: var(--pass-bg); color: var(--pass); border-color: var(--pass); }
.cell.c-warn { background: var(--warn-bg); color: var(--warn); border-color: var(--warn); }
.cell.c-fail { background: var(--fail-bg); color: var(--fail); border-color: var(--fail); }
.cell.c-na { background: var(--na-bg); color: var(--na); border: 1px dashed var(--na); }
.cell.c-none { background: var(--none-bg); color: var(--none); }
.cell[aria-pressed="true"] { box-shadow: 0 0 0 3px var(--fg); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; color: var(--muted); margin: 6px 0 0; padding: 0; list-style: none; }
.legend .sw { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -2px; margin-right: 4px; border: 1px solid; }
.sw.c-pass { background: var(--pass-bg); border-color: var(--pass); }
.sw.c-warn { background: var(--warn-bg); border-color: var(--warn); }
.sw.c-fail { background: var(--fail-bg); border-color: var(--fail); }
.sw.c-na { background: var(--na-bg); border-color: var(--na); border-style: dashed; }
.sw.c-none { background: var(--none-bg); border-color: var(--none); }

.filters { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: flex-end; padding: 10px 0; background: var(--bg); border-bottom: 1px solid var(--line); }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.filters select, .filters input { padding: 4px 6px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); max-width: 260px; }
.filters input[type="search"] { width: 260px; }
.cell-note { align-self: center; font-size: 13px; }
#count { margin: 8px 0; color: var(--muted); }

.check { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; background: var(--bg); }
.check > summary { cursor: pointer; display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; padding: 6px 10px; list-style-position: outside; }
.check > summary::marker { color: var(--muted); }
.check.failed { border-left: 4px solid var(--fail); }
.check.failed.lv-SHOULD, .check.failed.lv-MAY { border-left-color: var(--warn); }
.check.passed { border-left: 4px solid var(--pass); }
.check .st { font-weight: 600; min-width: 64px; }
.check.failed .st { color: var(--fail); }
.check.failed.lv-SHOULD .st, .check.failed.lv-MAY .st { color: var(--warn); }
.check.passed .st { color: var(--pass); }
.check.not-applicable { border-left: 4px dashed var(--na); }
.check.not-applicable .st { color: var(--na); }
.check .why { color: var(--na); font-size: 12px; }
.check .lvl { font-size: 11px; font-weight: 700; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
.check .cid { font-weight: 600; }
.check .where { margin-left: auto; color: var(--muted); font-size: 12px; }
.check .lazy { padding: 0 12px 12px; border-top: 1px solid var(--line); }
.chg { font-size: 11px; font-weight: 700; border-radius: 4px; padding: 0 5px; }
.chg.new { background: var(--fail); color: var(--bg); }
.chg.fixed { background: var(--pass); color: var(--bg); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 4px 16px; margin: 10px 0; }
.facts dt { font-size: 12px; color: var(--muted); }
.facts dd { margin: 0; }
.finding { border-top: 1px dashed var(--line); margin-top: 10px; }
.diff, .panes { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
@media (max-width: 800px) { .diff, .panes { grid-template-columns: 1fr; } }
.exchange { margin-top: 8px; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; }
.reqline { margin: 0; font-weight: 600; word-break: break-all; }
.http.ok { color: var(--pass); }
.http.bad { color: var(--fail); }
.headers { font-size: 12px; }
.headers th { text-align: left; padding: 1px 10px 1px 0; font-weight: 600; white-space: nowrap; vertical-align: top; }
.headers td { word-break: break-all; }
.curl-head { display: flex; align-items: center; gap: 10px; }
.permalink { font-size: 12px; }

.badge { font-size: 11px; font-weight: 700; border-radius: 4px; padding: 1px 6px; border: 1px solid; white-space: nowrap; }
.st-passed { color: var(--pass); border-color: var(--pass); }
.st-failed { color: var(--fail); border-color: var(--fail); }
.st-error { color: var(--warn); border-color: var(--warn); }
.st-not-applicable { color: var(--na); border-color: var(--na); border-style: dashed; }
.scenario-filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: flex-end; margin: 0 0 8px; }
.scenario-filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.scenario-filters select { padding: 4px 6px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
.scenario-filters p { margin: 0 0 4px; color: var(--muted); }
.na-reason { color: var(--na); }
#na-list > li { margin-bottom: 8px; }
.tag { font-size: 11px; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 0 6px; }
.scenarios { width: 100%; }
.scenarios th, .scenarios td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.scenarios .num { text-align: right; white-space: nowrap; }
.scenarios button { white-space: nowrap; }
#problem-list > li { margin-bottom: 8px; }
.ex > summary { cursor: pointer; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.readiness h2, .root-causes h2 { margin: 16px 0 8px; }
.ready-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; margin: 0; padding: 0; list-style: none; }
.ready { border: 1px solid var(--line); border-left: 6px solid var(--none); border-radius: 8px; padding: 8px 12px; background: var(--panel); }
.ready h3 { margin: 0 0 4px; font-size: 16px; }
.ready .vtext { font-size: 12px; font-weight: 700; border: 1px solid; border-radius: 4px; padding: 0 5px; vertical-align: 2px; }
.ready .headline { margin: 0 0 4px; font-weight: 600; }
.ready.v-works { border-left-color: var(--pass); }
.ready.v-works .vmark, .ready.v-works .vtext { color: var(--pass); }
.ready.v-works-with-warnings { border-left-color: var(--warn); }
.ready.v-works-with-warnings .vmark, .ready.v-works-with-warnings .vtext { color: var(--warn); }
.ready.v-breaks { border-left-color: var(--fail); background: var(--fail-bg); }
.ready.v-breaks .vmark, .ready.v-breaks .vtext { color: var(--fail); }
.ready.v-not-tested { border-left-style: dashed; border-left-color: var(--na); }
.ready.v-not-tested .vmark, .ready.v-not-tested .vtext { color: var(--na); }
.ready .items-title { margin: 6px 0 0; font-size: 12px; font-weight: 700; color: var(--muted); }
.ready .items { margin: 2px 0 4px; padding-left: 18px; }
.rc-list { margin: 0; padding-left: 24px; }
.rc { margin: 0 0 10px; padding: 6px 10px; border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; }
.rc.warns { border-left-color: var(--warn); }
.rc-head { margin: 0 0 4px; font-weight: 600; }
.rc-head .lvl { font-size: 11px; font-weight: 700; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
.rc-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
.rc-facts > div { display: contents; }
.rc-facts dt { font-size: 12px; color: var(--muted); }
.rc-facts dd { margin: 0; word-break: break-word; }
.rc-facts .fix dd { font-weight: 600; }
.rc-example { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; word-break: break-all; }
.exchange.target, details.ex.target { box-shadow: 0 0 0 3px var(--focus); }
.consequence { color: var(--muted); }
.consequence .cq { font-style: italic; }
.consequences { margin: 4px 0; }
footer { max-width: 1400px; margin: 30px auto; padding: 0 20px; color: var(--muted); font-size: 12px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
