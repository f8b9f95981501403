#!/usr/bin/env bash
# The main job: the full conformance suite against the embedded reference provider, writing every report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -f harness/cli.ts ]; then
  echo "scim-conformance: the conformance engine (issue 3) has not landed yet; only the reference provider exists." >&2
  echo "  Start it with: npm run provider -- --port 8080" >&2
  exit 2
fi
exec npx tsx harness/cli.ts run scenarios --report json,junit,html,md --out reports/ "$@"
