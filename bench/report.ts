/**
 * `npm run bench` (second part): the HTML report with 5,000 check results against one with 50, built and
 * opened in the same run, as ratios (never as absolute timings in tests):
 *  - building the page (`toHtml`): ~100x means linear in the results, nothing worse;
 *  - opening it in chromium until it is ready: chunked rendering keeps this far below 100x;
 *  - a text filter typed into the big report against the small one (both include a 150 ms debounce).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../e2e/browser.js';
import { makeLargeRunResult } from '../harness/report/fixture.js';
import { toHtml } from '../harness/report/html.js';

function build(checks: number, rounds: number): { html: string; ms: number } {
  const run = makeLargeRunResult(checks);
  let html = toHtml(run);
  const start = performance.now();
  for (let i = 0; i < rounds; i += 1) html = toHtml(run);
  return { html, ms: (performance.now() - start) / rounds };
}

const small = build(50, 50);
const large = build(5000, 5);
console.log('HTML report');
console.log(`  build, 50 check results (baseline)      ${small.ms.toFixed(2).padStart(9)} ms   ${(small.html.length / 1024).toFixed(0)} KiB`);
console.log(`  build, 5,000 check results              ${large.ms.toFixed(2).padStart(9)} ms   ${(large.html.length / 1024).toFixed(0)} KiB`);

const dir = await mkdtemp(join(tmpdir(), 'scim-bench-report-'));
const browser = await launchChromium();
async function openAndFilter(html: string, name: string): Promise<{ readyMs: number; filterMs: number }> {
  const file = join(dir, name);
  await writeFile(file, html);
  const page = await browser.newPage();
  const start = performance.now();
  await page.goto(`${pathToFileURL(file).href}#status=all`);
  await page.waitForSelector('html[data-ready]');
  const readyMs = performance.now() - start;
  // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
  const filterMs = (await page.evaluate(`(async () => {
    const t0 = performance.now();
    const q = document.querySelector('[data-testid="filter-q"]');
    q.value = 'got 400';
    q.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => {
      const tick = () => (location.hash.includes('q=got') ? resolve() : requestAnimationFrame(tick));
      tick();
    });
    return performance.now() - t0;
  })()`)) as number;
  await page.close();
  return { readyMs, filterMs };
}
try {
  await openAndFilter(small.html, 'warm.html');
  const smallPage = await openAndFilter(small.html, 'small.html');
  const largePage = await openAndFilter(large.html, 'large.html');
  console.log(`  open in chromium, 50 (baseline)         ${smallPage.readyMs.toFixed(0).padStart(9)} ms`);
  console.log(`  open in chromium, 5,000                 ${largePage.readyMs.toFixed(0).padStart(9)} ms`);
  console.log('\nRatios (same run):');
  console.log(`  build, 100x more results:               ${(large.ms / small.ms).toFixed(1)}x  (linear: ~100x)`);
  console.log(`  open until ready, 100x more results:    ${(largePage.readyMs / smallPage.readyMs).toFixed(1)}x  (chunked rendering: far below 100x)`);
  console.log(`  text filter, 100x more results:         ${(largePage.filterMs / smallPage.filterMs).toFixed(1)}x`);
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
