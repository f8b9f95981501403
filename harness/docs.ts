/**
 * `npm run docs`: writes the check catalogue into README.md between its markers, so the README never
 * drifts from `harness/checks/catalogue.ts` (a test fails when it has).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { catalogueMarkdown } from './checks/catalogue-markdown.js';
import { OUTCOME_CHECKS } from './checks/outcome.js';

const BEGIN = '<!-- checks:begin -->';
const END = '<!-- checks:end -->';

export function readmeWithCatalogue(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${BEGIN} … ${END} markers.`);
  const outcomes = catalogueMarkdown(Object.values(OUTCOME_CHECKS)).trim();
  const body = `${catalogueMarkdown().trim()}\n\nOutcome checks (the end state an IdP relies on, judged by \`expect\` steps and after every full sync):\n\n${outcomes}`;
  return `${readme.slice(0, start + BEGIN.length)}\n${body}\n${readme.slice(end)}`;
}

if (process.argv[1]?.endsWith('docs.ts')) {
  const file = new URL('../README.md', import.meta.url);
  writeFileSync(file, readmeWithCatalogue(readFileSync(file, 'utf8')));
}
