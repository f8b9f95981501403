/** `scim-conformance checks`: every spec and outcome check with its hint, as Markdown and as JSON. */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../cli/io.js';
import { runCli } from '../cli/test-support.js';
import { CHECKS } from './catalogue.js';
import { findAnyCheck, OUTCOME_CHECKS } from './outcome.js';

const every = [...CHECKS, ...Object.values(OUTCOME_CHECKS)];

describe('checks', () => {
  it('shows each check with its hint under "How to fix"', async () => {
    const res = await runCli(['checks']);
    expect(res.code).toBe(EXIT.conformant);
    expect(res.out).toContain('| id | level | area | RFC | title | How to fix |');
    for (const check of every) expect(res.out).toContain(` | ${check.hint.replace(/\|/g, '\\|')} |`);
  });

  it('--json lists every check, spec then outcome, each with its hint', async () => {
    const res = await runCli(['checks', '--json']);
    expect(res.code).toBe(EXIT.conformant);
    const listed = JSON.parse(res.out) as { id: string; title: string; quote: string; hint?: unknown }[];
    expect(listed.map((c) => c.id)).toEqual(every.map((c) => c.id));
    for (const c of listed) {
      expect(c.hint).toBe(findAnyCheck(c.id)?.hint);
      expect(typeof c.hint === 'string' && c.hint.length >= 40 && c.hint !== c.title).toBe(true);
    }
    expect(listed.find((c) => c.id === 'rfc7644.create.location')?.hint).toMatch(/Location: <base>\/Users\/<id>/);
  });
});
