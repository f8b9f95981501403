#!/usr/bin/env bash
# The whole test run: set-up, type check, every vitest suite (unit, HTTP, scenario and browser tests),
# then one plain summary line for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser

npx tsc --noEmit
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?
node scripts/summary.mjs test-results/vitest.json
exit $status
