/** The catalogue as a Markdown table, for the README and the `checks` command. */
import type { Check } from './check.js';
import { CHECKS } from './catalogue.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The catalogue as a table: one row per check, its hint last under "How to fix". */
export function catalogueMarkdown(checks: readonly Pick<Check, 'id' | 'level' | 'area' | 'rfc' | 'title' | 'hint'>[] = CHECKS): string {
  const rows = checks.map((c) => `| \`${c.id}\` | ${c.level} | ${c.area} | ${cell(c.rfc)} | ${cell(c.title)} | ${cell(c.hint)} |`);
  return ['| id | level | area | RFC | title | How to fix |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n';
}
