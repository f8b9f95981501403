import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from './checks/catalogue.js';
import { OUTCOME_CHECKS } from './checks/outcome.js';
import { readmeWithCatalogue, readmeWithProfiles, readmeWithRecipes, scenarioSchemaText } from './docs.js';

describe('README check catalogue', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('is current (run `npm run docs` after changing checks)', () => {
    expect(readme).toBe(readmeWithCatalogue(readme));
  });

  it('lists every check id', () => {
    for (const check of [...CHECKS, ...Object.values(OUTCOME_CHECKS)]) expect(readme).toContain(`\`${check.id}\``);
  });
});

describe('generated from the IdP registry', () => {
  it('the README IdP profile tables are current (run `npm run docs`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(readmeWithProfiles(readme));
  });

  it('scenarios/scenario.schema.json carries every registered IdP and its settings (run `npm run docs`)', () => {
    expect(readFileSync(new URL('../scenarios/scenario.schema.json', import.meta.url), 'utf8')).toBe(scenarioSchemaText());
  });
});

describe('README CI recipes', () => {
  it('are what init writes (run `npm run docs` after changing harness/cli/ci-templates.ts)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(readmeWithRecipes(readme));
  });
});
