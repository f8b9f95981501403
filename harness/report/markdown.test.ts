import { describe, expect, it } from 'vitest';
import type { RunResult } from '../model.js';
import { HOSTILE_TEXT, makeLargeRunResult, makeRunResult, summarize } from './fixture.js';
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
    expect(toMarkdown(ok)).not.toContain('### Failing checks');
  });

  it('counts by level and lists every scenario with status, idp and failed checks', () => {
    expect(md).toContain('| MUST | 1 | 5 |');
    expect(md).toContain('| SHOULD | 1 | 1 |');
    expect(md).toContain('| ❌ failed | okta: assign, read back and deactivate | okta | 3/5 | `create.location` (MUST), `read.etag` (SHOULD) |');
    expect(md).toContain('| ✅ passed | core: discovery | core | 3/3 | — |');
    expect(md).toMatch(/\| ⚠️ error \| entra: group push \| entra \| 1\/1 \| error: target unreachable/);
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
    expect(md).toContain('### Compared with baseline `reports/baseline/report.json`');
    expect(md).toContain('🆕 1 new failure · 🎉 2 fixed');
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
    const rows = hostile.split('\n').filter((l) => /^\| (✅|❌|⚠️) /.test(l));
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
  });

  it('stays under the byte budget with a "more" line for a large run', () => {
    const big = toMarkdown(makeLargeRunResult(5000));
    expect(Buffer.byteLength(big)).toBeLessThanOrEqual(60_000);
    expect(big).toMatch(/…and \d+ more failing checks not shown here/);
    expect(big.split('\n')[0]).toBe('## ❌ SCIM conformance: Not conformant against MUST');
    const small = toMarkdown(makeLargeRunResult(5000), { maxBytes: 8_000 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(8_000);
    expect(small).toMatch(/…and \d+ more scenarios/);
  });

  it('builds code spans that survive backticks and pipes', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(mdText('*bold* [x](y)')).toBe('\\*bold\\* \\[x\\](y)');
  });
});
