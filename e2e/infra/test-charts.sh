#!/usr/bin/env bash
# The charts' checks, run by `make test-charts`:
#   1. files a chart ships as copies (the CRD, the admission policies) are byte-identical to their
#      source of truth outside charts/ (helm packages only what is inside the chart folder, and
#      keep no symlinks, so a copy it is);
#   2. helm lint --strict of every chart with its default values and with each ci/*-values.yaml;
#   3. helm unittest of every chart, with a JUnit report and a summary in REPORT_DIR that
#      test-summary.mjs adds to the run's totals.
#
# Usage: test-charts.sh [test|check|sync]
#   test   (default) all of the above
#   check  only the copies
#   sync   copy each source over its chart copy (after changing crds/ or policies/)
# Environment: REPORT_DIR (default .cache/reports).
source "$(dirname "$0")/lib.sh"
shopt -s nullglob

mode="${1:-test}"
reports="${REPORT_DIR:-$CMF_CACHE/reports}"

# "source copy" pairs, relative to the repository root.
copies=(
  "crds/chatgateways.cmf.io.yaml charts/cmf/crds/chatgateways.cmf.io.yaml"
  "policies/chatgateway-guardrails.yaml charts/cmf/files/policies/chatgateway-guardrails.yaml"
)

sync_copies() {
  local pair src dst
  for pair in "${copies[@]}"; do
    read -r src dst <<<"$pair"
    mkdir -p "$CMF_ROOT/$(dirname "$dst")"
    cp "$CMF_ROOT/$src" "$CMF_ROOT/$dst"
    log "copied $src -> $dst"
  done
}

check_copies() {
  local pair src dst stale=0
  for pair in "${copies[@]}"; do
    read -r src dst <<<"$pair"
    [[ -f "$CMF_ROOT/$src" ]] || die "$src is missing: it is the source of truth for $dst"
    if [[ ! -f "$CMF_ROOT/$dst" ]]; then
      printf '[%s] ERROR: %s is missing (the chart ships a copy of %s)\n' "$(date +%H:%M:%S)" "$dst" "$src" >&2
      stale=1
    elif ! cmp -s "$CMF_ROOT/$src" "$CMF_ROOT/$dst"; then
      printf '[%s] ERROR: %s differs from %s, its source of truth:\n' "$(date +%H:%M:%S)" "$dst" "$src" >&2
      (cd "$CMF_ROOT" && diff -u "$src" "$dst" | head -n 30) >&2 || true
      stale=1
    fi
  done
  if ((stale)); then
    die "chart copies are out of date. Edit the source (crds/, policies/), never the copy, then run: bash e2e/infra/test-charts.sh sync"
  fi
  log "chart copies match their sources (${#copies[@]} files)"
}

# Turns helm-unittest's JUnit report into the counts test-summary.mjs reads from every JSON report.
summarize_junit() { # summarize_junit JUNIT_XML JSON_OUT
  "$CMF_NODE" - "$1" "$2" <<'JS'
const { readFileSync, writeFileSync } = require('node:fs');
const [xmlFile, jsonFile] = process.argv.slice(2);
const xml = readFileSync(xmlFile, 'utf8');
const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
const failed = cases.filter((c) => /<(failure|error)\b/.test(c)).length;
const skipped = cases.filter((c) => /<skipped\b/.test(c)).length;
const passed = cases.length - failed - skipped;
if (cases.length === 0) {
  console.error(`${xmlFile}: no test ran; a chart needs helm-unittest suites in tests/`);
  process.exit(1);
}
writeFileSync(
  jsonFile,
  JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped, numTodoTests: 0 }),
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
JS
}

test_chart() { # test_chart DIR
  local dir="$1" name values status=0
  name="$(basename "$dir")"
  log "helm lint --strict $name (default values)"
  helm lint --strict "$dir" || status=1
  for values in "$dir"/ci/*-values.yaml; do
    log "helm lint --strict $name (ci/$(basename "$values"))"
    helm lint --strict "$dir" --values "$values" || status=1
  done
  log "helm unittest $name"
  local junit="$reports/charts-$name-unittest.xml"
  rm -f "$junit" "$reports/charts-$name-unittest.json"
  helm unittest --strict --color=false -t JUnit -o "$junit" "$dir" || status=1
  local summary
  if [[ -f "$junit" ]] && summary="$(summarize_junit "$junit" "$reports/charts-$name-unittest.json")"; then
    log "charts/$name unit tests: $summary"
  else
    log "charts/$name: helm unittest wrote no report"
    status=1
  fi
  return "$status"
}

case "$mode" in
  sync) sync_copies; exit 0 ;;
  check) check_copies; exit 0 ;;
  test) ;;
  *) die "unknown mode '$mode' (expected test, check or sync)" ;;
esac

charts=("$CMF_ROOT"/charts/*/Chart.yaml)
((${#charts[@]} > 0)) || die "no chart in charts/: expected charts/cmf/Chart.yaml"
need helm "run 'make tools' (it builds helm and the helm-unittest plugin into .cache/)"
mkdir -p "$reports"
check_copies
status=0
for c in "${charts[@]}"; do
  test_chart "$(dirname "$c")" || status=1
done
exit "$status"
