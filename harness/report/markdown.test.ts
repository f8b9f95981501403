import { describe, expect, it } from 'vitest';
import type { RunResult } from '../model.js';
import { HOSTILE_TEXT, makeHugeGroupedRun, makeLargeRunResult, makeRunResult, summarize } from './fixture.js';
import { mdCode, mdText, toMarkdown } from './markdown.js';

describe('report.md', () => {
  const md = toMarkdown(makeRunResult());

  it('starts with the verdict against failOn', () => {
    expect(md.split('\n')[0]).toBe('## ❌ SCIM conformance: Not conformant against MUST');
    expect(md).toContain('The run fails on MUST failures.');
  });

  it('says ✅ when nothing at the failOn level failed', () => {
    const run = makeRunResult();
    const scenarios = [run.scenarios[1]!];
    const ok: RunResult = { ...run, scenarios, summary: summarize(scenarios, 'must') };
    expect(toMarkdown(ok).split('\n')[0]).toBe('## ✅ SCIM conformance: Conformant against MUST');
    expect(toMarkdown(ok)).not.toContain('Failing checks');
  });

  it('counts by level and lists every scenario with status, idp and failed checks', () => {
    expect(md).toContain('| level | failed | passed | not applicable |');
    expect(md).toContain('| MUST | 1 | 5 | 1 |');
    expect(md).toContain('| SHOULD | 1 | 1 | 0 |');
    expect(md).toContain(
      '| ❌ failed | okta: assign, read back and deactivate | okta | 3/5 | `create.location` (MUST), `read.etag` (SHOULD), left 1 on the target |',
    );
    // The not-applicable check is neither among the passed nor the judged.
    expect(md).toContain('| ✅ passed | core: discovery | core | 3/3 | 1 not applicable |');
    expect(md).toMatch(/\| ⚠️ error \| entra: group push \| entra \| 1\/1 \| error: target unreachable/);
    expect(md).toContain('| ➖ not applicable | okta: Docker role mapping | okta | — | needs `docker` |');
    // Not-applicable scenarios come last in the table.
    expect(md.indexOf('| ➖ not applicable |')).toBeGreaterThan(md.indexOf('| ✅ passed |'));
  });

  it('counts not-applicable scenarios and checks in the headline and names the run id', () => {
    expect(md).toContain(
      '2 failed and 7 passed check results (1 not applicable) in 6 scenarios (1 passed, 1 failed, 1 error, 3 not applicable). The run fails on MUST failures.',
    );
    expect(md).toContain('scim-conformance 0.1.0 · run `a3f9c1` · target `http://127.0.0.1:43117/scim/v2` (external)');
  });

  it('groups not-applicable scenarios by the feature the target lacks, with the reason', () => {
    const section = md.slice(md.indexOf('<details><summary>➖ Not applicable'), md.indexOf('<details><summary>Scenarios'));
    expect(section).toContain('<details><summary>➖ Not applicable (3 scenarios, 1 check result)</summary>');
    expect(section).toContain(
      "- `docker` — the target's /Schemas does not list urn:ietf:params:scim:schemas:extension:docker:2.0:User: **2 scenarios**\n" +
        '  - okta: Docker role mapping (needed: step 2 (expect))\n' +
        '  - onelogin: role mapping (needed: declared)',
    );
    expect(section).toContain('- `bulk` — ServiceProviderConfig bulk.supported is false (needed: declared): **1 scenario**\n  - core: bulk');
    expect(section).toContain('- `filter.sort-order` (MUST) — ServiceProviderConfig sort.supported is false: core: discovery');
  });

  it('shows what the clean-up left behind right below the verdict, each resource with its reason', () => {
    // Folded like everything after the root causes, but open: someone has to remove these.
    const at = md.indexOf('<details open><summary>⚠️ Left behind on the target (1)</summary>');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(md.indexOf('<details><summary>Compared with baseline'));
    expect(md).toContain('Clean-up: created 2, removed 1; final sweep: found 0, removed 0 (nothing left over); left behind: 1 resource.');
    expect(md).toContain(
      '- **User** `isabella.hagenes@example.com` (id `2819c223-7f76-453a-919d-413861904646`): deactivated, not deleted — ' +
        'DELETE answered 403 Forbidden; set active to false instead (scenario **okta: assign, read back and deactivate**)',
    );
    expect(md).toContain('carries `a3f9c1` in its name');
  });

  it('says in one line when the clean-up left nothing, and nothing when there was none', () => {
    const run = makeRunResult();
    const clean: RunResult = {
      ...run,
      scenarios: run.scenarios.map((s) => (s.cleanup ? { ...s, cleanup: { ...s.cleanup, deleted: s.cleanup.created, leftovers: [] } } : s)),
      cleanup: { ...run.cleanup!, deleted: 2, leftovers: [] },
    };
    const text = toMarkdown(clean);
    expect(text).toContain('🧹 Clean-up: created 2, removed 2; final sweep: found 0, removed 0 (nothing left over); nothing left behind.');
    expect(text).not.toContain('Left behind on the target');
    const embedded = toMarkdown(makeRunResult({ embedded: true }));
    expect(embedded).not.toMatch(/Clean-up|Left behind|What the target advertises/);
  });

  it('lists what the target advertises, folded away at the end, marking --require', () => {
    const run = { ...makeRunResult(), required: ['groups'] };
    const text = toMarkdown(run);
    expect(text.trimEnd().endsWith('</details>')).toBe(true);
    expect(text).toContain('<details><summary>What the target advertises (5 of 10 features)</summary>');
    expect(text).toContain('| `bulk` | ➖ no | ServiceProviderConfig bulk.supported |');
    expect(text).toContain('| `groups` | ✅ yes · required | /ResourceTypes |');
    expect(text).toContain('required: `groups`');
  });

  it('says so in the heading and first when the run was interrupted', () => {
    const text = toMarkdown(makeRunResult({ interrupted: true }));
    expect(text.split('\n')[0]).toBe('## ❌ SCIM conformance: Not conformant against MUST (interrupted)');
    expect(text.split('\n')[2]).toMatch(/^> ⛔ \*\*Interrupted\*\*: .* cover only the 6 scenarios that ran\.$/);
    expect(md).not.toContain('Interrupted');
  });

  it('details each failing check: id, level, RFC link, expected vs actual, request line', () => {
    const section = md.slice(md.indexOf('#### ❌ `create.location`'));
    expect(section).toMatch(/^#### ❌ `create.location` · MUST · \[RFC 7644 §3\.3\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc7644#section-3\.3\) · 🆕 new/);
    expect(section).toContain('- expected: `"http://127.0.0.1:43117/scim/v2/Users/2819c223-7f76-453a-919d-413861904646"`');
    expect(section).toContain('- actual: `(absent)`');
    expect(section).toContain('- request: `POST http://127.0.0.1:43117/scim/v2/Users → 201`');
    // A SHOULD failure does not break a `must` verdict, so it is a warning, after the MUST one.
    expect(md.indexOf('#### ⚠️ `read.etag` · SHOULD')).toBeGreaterThan(md.indexOf('#### ❌ `create.location`'));
  });

  it('shows the baseline and scenario problems', () => {
    expect(md).toContain('<details><summary>Compared with baseline: 🆕 1 new failure · 🎉 2 fixed</summary>\n\nBaseline `reports/baseline/report.json`');
    expect(md).toContain('step 2 `okta get user1`: expected header ETag to be present');
  });

  it('escapes markup so hostile names cannot break tables or inject HTML', () => {
    const hostile = toMarkdown(makeRunResult({ hostile: true }));
    expect(hostile).not.toContain(HOSTILE_TEXT);
    // Markup may only survive inside code spans, where Markdown shows it literally.
    expect(hostile.replace(/(`+)[^`]*?\1/g, '')).not.toContain('<b>');
    // Control characters become visible `\uXXXX` text (its backslash escaped for Markdown).
    expect(hostile).toContain(String.raw`okta: assign \<b\>\&"quoted"\&'apos'\</b\> bell\\u0007 esc\\u001B nul\\u0000 tab` + '\t' + String.raw`\|pipe\|`);
    // Every scenario-table row keeps exactly its five cells.
    const rows = hostile.split('\n').filter((l) => /^\| (✅|❌|⚠️|➖) /.test(l));
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
    // Reasons from the target are escaped too: in the not-applicable list and the leftovers.
    const outside = hostile.replace(/(`+)[^`]*?\1/g, '');
    expect(outside).toContain(String.raw`(needed: \<b\>\&"quoted"`);
    expect(outside).toContain(String.raw`DELETE answered 403 \<b\>`);
  });

  it('stays under the byte budget with a "more" line for a large run', () => {
    const big = toMarkdown(makeLargeRunResult(5000));
    expect(Buffer.byteLength(big)).toBeLessThanOrEqual(60_000);
    expect(big).toMatch(/…and \d+ more failing checks not shown here/);
    expect(big.split('\n')[0]).toBe('## ❌ SCIM conformance: Not conformant against MUST');
    const small = toMarkdown(makeLargeRunResult(5000), { maxBytes: 8_000 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(8_000);
    expect(small).toMatch(/…and \d+ more scenarios/);
    // Nothing was not applicable there: the level table keeps its three columns.
    expect(big).toContain('| level | failed | passed |\n');
  });

  it('keeps the budget with hundreds of leftovers and not-applicable scenarios, never losing the leftover heading', () => {
    const large = makeLargeRunResult(2000);
    const leftovers = Array.from({ length: 400 }, (_v, i) => ({
      type: 'User' as const,
      id: `u-${i}`,
      name: `user${i}.sc-a3f9c1-${i}@example.com`,
      outcome: 'left' as const,
      reason: `DELETE answered 500; deactivating failed too (PATCH answered 500, PUT answered 500) ${'x'.repeat(200)}`,
      scenario: large.scenarios[i % large.scenarios.length]!.name,
    }));
    const na = Array.from({ length: 300 }, (_v, i) => ({
      ...large.scenarios[0]!,
      name: `not applicable ${i}`,
      status: 'not-applicable' as const,
      checks: [],
      notApplicable: [{ feature: `schema:urn:example:${i}`, reason: `the target's /Schemas does not list urn:example:${i}` }],
    }));
    const scenarios = [...large.scenarios, ...na];
    const run: RunResult = {
      ...large,
      scenarios,
      summary: summarize(scenarios, 'must'),
      cleanup: { created: 500, deleted: 100, kept: false, leftovers, sweep: { ran: true, found: 0, deleted: 0, note: 'nothing left over' } },
    };
    for (const maxBytes of [60_000, 12_000]) {
      const text = toMarkdown(run, { maxBytes });
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(maxBytes);
      expect(text).toContain('<details open><summary>⚠️ Left behind on the target (400)</summary>');
      expect(text).toMatch(/- …and \d+ more \(report\.json lists them all\)/);
      expect(text).toMatch(/- …and \d+ more missing features/);
    }
  });

  it('leads with the verdict, then readiness per IdP, then root causes, and folds everything else', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ SCIM conformance: Not conformant against MUST');
    const readiness = md.indexOf('### Readiness');
    const causes = md.indexOf('### Root causes (2)');
    expect(readiness).toBeGreaterThan(0);
    expect(causes).toBeGreaterThan(readiness);
    // Nothing but the counts line comes between the verdict and the readiness list.
    expect(md.slice(0, readiness).split('\n').filter(Boolean)).toHaveLength(2);
    expect(md).toContain(
      '### Readiness\n\n- ❌ Okta: breaks at Create Users (no Location header on 201)\n- ➖ Microsoft Entra ID: not tested to the end (the target went away during Group Push)',
    );
    // After the root causes, every section is a <details> block: no bare heading past that point.
    const rest = md.slice(md.indexOf('<details>'));
    expect(md.indexOf('<details>')).toBeGreaterThan(causes);
    expect(rest.split('\n').filter((l) => /^#{1,3} /.test(l))).toEqual([]);
    expect(rest.match(/<details( open)?>/g)).toHaveLength(rest.match(/<\/details>/g)!.length);
    for (const summary of ['Run details and counts by level', 'Scenarios (6)', 'Failing checks (2)']) expect(rest).toContain(`<summary>${summary}</summary>`);
  });

  it('gives each top root cause in full: level, check id, observed, required, fix, impact and an example request', () => {
    const section = md.slice(md.indexOf('### Root causes'), md.indexOf('<details>'));
    expect(section).toContain(
      [
        '1. ❌ **MUST** `create.location` — POST answers 201 with a Location header equal to meta.location',
        '   - Observed: answered 201 without a Location header',
        '   - Required: RFC 7644 §3.3: "the server SHALL … include a Location header"; Okta reads the new id from it',
        '   - **Fix:** Set the Location header of a 201 to the created resource URL (meta.location).',
        '   - Impact: breaks 2 IdP actions in 1 scenario (okta)',
        '   - Example: `POST http://127.0.0.1:43117/scim/v2/Users → 201` (scenario **okta: assign, read back and deactivate**)',
      ].join('\n'),
    );
    // Ranked as the run ranked them; a SHOULD cause under failOn must is a warning.
    expect(section).toContain('2. ⚠️ **SHOULD** `read.etag`');
    // A report from before the grouping has neither section and still leads with the verdict.
    const plain = toMarkdown(makeRunResult({ withoutGrouping: true }));
    expect(plain).not.toMatch(/### Readiness|### Root causes/);
  });

  it('shows a step that failed because of an earlier one under its cause, as a consequence, not counted', () => {
    const section = md.slice(md.indexOf('<details><summary>Scenario errors and failed steps'));
    expect(section).toMatch(/^<details><summary>Scenario errors and failed steps \(2 failed steps, 1 scenario error; 1 consequence, not counted\)<\/summary>/);
    expect(section).toContain(
      '- ❌ **okta: assign, read back and deactivate** step 2 `okta get user1`: expected header ETag to be present, it was missing\n' +
        '  - ↪ step 4 `okta update user1`: consequence of step 2: the ETag step 2 should have read was never saved',
    );
    // Never listed as a failure of its own.
    expect(md).not.toMatch(/❌ \*\*[^*]+\*\* step 4/);
    expect(md).not.toContain('not run: {{ etag }}');
  });

  it('stays far under 1 MiB for a huge run (thousands of scenarios, failures and root causes), with "more" lines', { timeout: 60_000 }, () => {
    const huge = makeHugeGroupedRun(100_000);
    expect(huge.scenarios.length).toBeGreaterThanOrEqual(2000);
    expect(huge.rootCauses!.length).toBeGreaterThan(100);
    const text = toMarkdown(huge);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(60_000);
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    expect(text.split('\n')[0]).toBe('## ❌ SCIM conformance: Not conformant against MUST');
    expect(text.indexOf('### Readiness')).toBeLessThan(text.indexOf('### Root causes'));
    expect(text).toMatch(/… \d+ more root causes \(see report\.html or report\.json\)/);
    expect(text).toMatch(/…and \d+ more scenarios/);
    expect(text).toMatch(/consequences?, not counted\)/);
    // Cut sections still close their <details>.
    expect(text.match(/<details( open)?>/g)!.length).toBe(text.match(/<\/details>/g)!.length);
    for (const maxBytes of [20_000, 8_000]) expect(Buffer.byteLength(toMarkdown(huge, { maxBytes }))).toBeLessThanOrEqual(maxBytes);
  });

  it('builds code spans that survive backticks and pipes', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(mdText('*bold* [x](y)')).toBe('\\*bold\\* \\[x\\](y)');
  });
});
