#!/usr/bin/env bash
# Runs one vitest project (unit or integration) in every workspace that has tests of that kind,
# writing a JSON report per workspace for test-summary.mjs. Says so when a workspace has none.
source "$(dirname "$0")/lib.sh"
project="${1:?usage: vitest.sh unit|integration REPORT_DIR}"
reports="${2:?usage: vitest.sh unit|integration REPORT_DIR}"
mkdir -p "$reports"
case "$project" in
  unit) pattern='src' ;;
  integration) pattern='test/integration' ;;
  *) die "unknown test project '$project' (expected unit or integration)" ;;
esac
status=0
for ws in e2e/harness gateway operator e2e; do
  if [[ -z "$(find "$CMF_ROOT/$ws/$pattern" -name '*.test.ts' 2>/dev/null | head -n 1)" ]]; then
    log "$ws: no $project tests yet"
    continue
  fi
  log "$ws: $project tests"
  (cd "$CMF_ROOT/$ws" && npx --no-install vitest run --project "$project" \
    --reporter=default --reporter=json --outputFile.json="$reports/$ws-$project.json") || status=1
done
exit "$status"
