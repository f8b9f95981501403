/**
 * The CI recipes: what `init` writes into a project and what the README shows (generated from here by
 * `npm run docs`, and run command by command against the embedded provider by e2e/ci-recipes.test.ts).
 */
import { join } from 'node:path';
import { JUNIT_REPORT_FILE } from '../report/junit.js';
import { HTML_REPORT_FILE } from '../report/html.js';
import { JSON_REPORT_FILE } from '../report/json.js';
import { MARKDOWN_REPORT_FILE } from '../report/markdown.js';
import { DEFAULT_TOKEN_ENV } from './config-schema.js';

export const CONFIG_FILE = 'scim-conformance.config.yaml';
export const GITHUB_WORKFLOW_FILE = join('.github', 'workflows', 'scim-conformance.yml');
export const GITLAB_CI_FILE = '.gitlab-ci.scim-conformance.yml';
/** The report folder the written config names; the workflows point at it, so the two change together. */
export const OUT = 'reports';

/** When the workflows run (every push and pull request, or by hand) and the least they may do. */
const TRIGGERS = `on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
`;

/** Every GitHub job starts so: the project, Node 20, and its own dependencies (scim-conformance among them). */
const SETUP_STEPS = `      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
`;

/** And the job holding the verdict ends so: the Markdown report as the job summary, the others kept, also after a failure. */
const REPORT_STEPS = `      - name: Markdown report as the job summary
        if: always()
        run: |
          if [ -f ${OUT}/${MARKDOWN_REPORT_FILE} ]; then cat ${OUT}/${MARKDOWN_REPORT_FILE} >> "$GITHUB_STEP_SUMMARY"; else echo "No report: see the log of the run step." >> "$GITHUB_STEP_SUMMARY"; fi
      - name: Keep the JUnit and HTML reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: scim-conformance-reports
          path: |
            ${OUT}/${JUNIT_REPORT_FILE}
            ${OUT}/${HTML_REPORT_FILE}
            ${OUT}/${JSON_REPORT_FILE}
          if-no-files-found: ignore
`;

/** GitHub Actions: a job summary from the Markdown report, JUnit and HTML kept as artifacts, the token from a secret. */
export function githubWorkflow(): string {
  return `# SCIM 2.0 conformance on every push and pull request, written by \`scim-conformance init\`.
# Settings come from ${CONFIG_FILE}. Once it sets target:, add the repository secret ${DEFAULT_TOKEN_ENV}
# (Settings → Secrets and variables → Actions) holding the endpoint's bearer token; the config's tokenEnv names
# the variable it is read from. Pull requests from forks get no secrets, so they can only test the embedded provider.
# Needs scim-conformance in your devDependencies (npm install --save-dev scim-conformance).
name: SCIM conformance

${TRIGGERS}  scim-conformance:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
${SETUP_STEPS}      - name: Run the conformance suites
        run: npx scim-conformance run
        env:
          ${DEFAULT_TOKEN_ENV}: \${{ secrets.${DEFAULT_TOKEN_ENV} }}
      # The verdict fails the job; the summary and the reports are wanted most exactly then.
${REPORT_STEPS}`;
}

/** GitLab CI: a job to include; GitLab puts CI/CD variables in the environment, so the token needs no mapping. */
export function gitlabJob(): string {
  return `# SCIM 2.0 conformance, written by \`scim-conformance init\`. Include it from .gitlab-ci.yml:
#   include:
#     - local: ${GITLAB_CI_FILE}
# Settings come from ${CONFIG_FILE}. Once it sets target:, add the masked CI/CD variable ${DEFAULT_TOKEN_ENV}
# (Settings → CI/CD → Variables) holding the endpoint's bearer token; GitLab passes it to the job's environment,
# where the config's tokenEnv names it. Needs scim-conformance in your devDependencies.
scim-conformance:
  stage: test
  image: node:20
  script:
    - npm ci
    - npx scim-conformance run
  after_script:
    # GitLab has no job summary: the Markdown report goes to the log.
    - cat ${OUT}/${MARKDOWN_REPORT_FILE} || true
  artifacts:
    when: always
    expire_in: 30 days
    paths:
      - ${OUT}/
    reports:
      junit: ${OUT}/${JUNIT_REPORT_FILE}
`;
}

/**
 * GitHub Actions with the suites split over a matrix of `shards` machines (`run --shard i/n`), each uploading its
 * report.json, and one job merging them into the four reports and one verdict (`merge-reports`).
 */
export function githubShardedWorkflow(shards = 4): string {
  const list = Array.from({ length: shards }, (_, i) => i + 1).join(', ');
  return `# SCIM 2.0 conformance split over ${shards} machines, written by \`scim-conformance init --shards ${shards}\`.
# Each shard runs a balanced slice of the suites; the merge job turns their reports into one verdict, exactly as
# one whole run would give. Settings and the token: as in the one-job workflow (${CONFIG_FILE}, secret ${DEFAULT_TOKEN_ENV}).
name: SCIM conformance (sharded)

${TRIGGERS}  shard:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    strategy:
      fail-fast: false
      matrix:
        shard: [${list}]
    steps:
${SETUP_STEPS}      # A shard with failures still uploads its report: the merge job gives the verdict.
      - name: Run shard \${{ matrix.shard }} of ${shards}
        run: npx scim-conformance run --shard \${{ matrix.shard }}/${shards} --report json --out ${OUT}-\${{ matrix.shard }} || test $? -eq 1
        env:
          ${DEFAULT_TOKEN_ENV}: \${{ secrets.${DEFAULT_TOKEN_ENV} }}
      - uses: actions/upload-artifact@v4
        with:
          name: ${OUT}-\${{ matrix.shard }}
          path: ${OUT}-\${{ matrix.shard }}/${JSON_REPORT_FILE}

  merge:
    needs: shard
    if: always()
    runs-on: ubuntu-latest
    steps:
${SETUP_STEPS}      - uses: actions/download-artifact@v4
        with:
          pattern: ${OUT}-*
      - name: One verdict from every shard
        run: npx scim-conformance merge-reports ${OUT}-*/${JSON_REPORT_FILE} --out ${OUT}
${REPORT_STEPS}`;
}

/** Any other CI, or a release script: one shell step; its exit code is the verdict (0 conformant, 1 failures, 2 usage, 3 target). */
export function shellRecipe(): string {
  return `#!/usr/bin/env bash
# SCIM 2.0 conformance as one step of any CI or release script. Settings come from ${CONFIG_FILE};
# the token, when the config names a target, from the environment variable its tokenEnv names.
set -euo pipefail
status=0
npx scim-conformance run --report junit,md,json --out ${OUT} || status=$?
# Exit 1 is a verdict (failed checks), 2 a usage or scenario error, 3 an unreachable target or refused token.
echo "scim-conformance exited $status; reports in ${OUT}/ (JUnit: ${OUT}/${JUNIT_REPORT_FILE})"
exit "$status"
`;
}
