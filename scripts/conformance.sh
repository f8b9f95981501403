#!/usr/bin/env bash
# The main job: the full conformance suite against the embedded reference provider, writing all four
# reports to reports/. Extra arguments go to `run` (e.g. --target URL --token T, --idp entra).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx harness/main.ts run scenarios --report json,junit,html,md --out reports/ "$@"
