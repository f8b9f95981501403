/**
 * `npm run docs`: writes what is derived from code into the files people read — the check catalogue and
 * the IdP profiles' settings into README.md between markers, the registered IdPs' settings into
 * scenarios/scenario.schema.json for editors — so none drifts from its source (a test fails when one has).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { IDP_PROFILES } from '../mock-idp/index.js';
import { catalogueMarkdown } from './checks/catalogue-markdown.js';
import { OUTCOME_CHECKS } from './checks/outcome.js';
import { SCENARIO_SCHEMA } from './scenario/schema.js';
import { GITHUB_WORKFLOW_FILE, GITLAB_CI_FILE, githubShardedWorkflow, githubWorkflow, gitlabJob, shellRecipe } from './cli/ci-templates.js';

const BEGIN = '<!-- checks:begin -->';
const END = '<!-- checks:end -->';
const PROFILES_BEGIN = '<!-- profiles:begin -->';
const PROFILES_END = '<!-- profiles:end -->';

function between(text: string, begin: string, end: string, body: string): string {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`README.md lacks the ${begin} … ${end} markers.`);
  return `${text.slice(0, start + begin.length)}\n${body}\n${text.slice(stop)}`;
}

export function readmeWithCatalogue(readme: string): string {
  const outcomes = catalogueMarkdown(Object.values(OUTCOME_CHECKS)).trim();
  const body = `${catalogueMarkdown().trim()}\n\nOutcome checks (the end state an IdP relies on, judged by \`expect\` steps and after every full sync):\n\n${outcomes}`;
  return between(readme, BEGIN, END, body);
}

/** Per IdP: its settings with defaults, and how many behaviours rest on documented, reported or no evidence. */
export function profilesMarkdown(): string {
  return IDP_PROFILES.map(({ declaration: d }) => {
    const rows = Object.entries(d.settings).map(([name, s]) => `| \`${name}\` | \`${JSON.stringify(s.default)}\` | ${s.description.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    const kinds = d.behaviours.map((b) => (b.sources.length === 0 ? 'none' : b.sources.some((t) => d.sources[t]?.kind === 'documented') ? 'documented' : 'reported'));
    const count = (k: string) => kinds.filter((x) => x === k).length;
    const evidence = `${d.behaviours.length} behaviours: ${count('documented')} documented by the vendor, ${count('reported')} reported by others, ${count('none')} without primary evidence (\`scim-conformance profiles ${d.name}\`).`;
    return `### ${d.title} (\`idp: ${d.name}\`)\n\n${d.summary} ${evidence}\n\n| Setting | Default | Meaning |\n|---|---|---|\n${rows.join('\n')}`;
  }).join('\n\n');
}

export function readmeWithProfiles(readme: string): string {
  return between(readme, PROFILES_BEGIN, PROFILES_END, profilesMarkdown());
}

const RECIPES_BEGIN = '<!-- ci-recipes:begin -->';
const RECIPES_END = '<!-- ci-recipes:end -->';

/** The recipes, each a fenced block whose info string names it (`yaml recipe=github`): the recipe test reads them back by that name. */
export function recipesMarkdown(): string {
  return [
    `### GitHub Actions: one job\n\n\`scim-conformance init\` writes it to \`${GITHUB_WORKFLOW_FILE}\`. The Markdown report becomes the job summary (it stays under GitHub's 1 MiB), JUnit, HTML and JSON are kept as artifacts, also when the verdict fails the job.\n\n\`\`\`yaml recipe=github\n${githubWorkflow()}\`\`\``,
    `### GitHub Actions: shards in a matrix, merged\n\n\`scim-conformance init --shards 4\`. Each machine runs a balanced slice (\`run --shard i/4\`; add \`--durations\` with an earlier report.json to balance by time), the merge job gives one verdict from all of them. A shard whose checks fail still passes its report on (\`|| test $? -eq 1\`); a usage or target error fails it, and the merge then refuses the incomplete split.\n\n\`\`\`yaml recipe=github-shards\n${githubShardedWorkflow(4)}\`\`\``,
    `### GitLab CI\n\n\`scim-conformance init --ci gitlab\` writes \`${GITLAB_CI_FILE}\` to include from \`.gitlab-ci.yml\`; the JUnit report shows in merge requests.\n\n\`\`\`yaml recipe=gitlab\n${gitlabJob()}\`\`\``,
    `### A plain shell step\n\nFor any other CI or a release script: the exit code is the verdict.\n\n\`\`\`sh recipe=shell\n${shellRecipe()}\`\`\``,
  ].join('\n\n');
}

export function readmeWithRecipes(readme: string): string {
  return between(readme, RECIPES_BEGIN, RECIPES_END, recipesMarkdown());
}

/** The scenario schema file as editors should see it: the format with the registered IdPs composed in. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`;
}

if (process.argv[1]?.endsWith('docs.ts')) {
  const file = new URL('../README.md', import.meta.url);
  writeFileSync(file, readmeWithRecipes(readmeWithProfiles(readmeWithCatalogue(readFileSync(file, 'utf8')))));
  writeFileSync(new URL('../scenarios/scenario.schema.json', import.meta.url), scenarioSchemaText());
}
