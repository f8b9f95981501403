/** The catalogue as a Markdown table, for the README and the `checks` command. */
import type { Check } from './check.js';
import { CHECKS } from './catalogue.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function catalogueMarkdown(checks: readonly Pick<Check, 'id' | 'level' | 'area' | 'rfc' | 'title'>[] = CHECKS): string {
  const rows = checks.map((c) => `| \`${c.id}\` | ${c.level} | ${c.area} | ${cell(c.rfc)} | ${cell(c.title)} |`);
  return ['| id | level | area | RFC | title |', '|---|---|---|---|---|', ...rows].join('\n') + '\n';
}
