#!/usr/bin/env bash
# helm lint --strict and helm unittest for every chart under charts/.
source "$(dirname "$0")/lib.sh"
shopt -s nullglob
charts=("$CMF_ROOT"/charts/*/Chart.yaml)
if (( ${#charts[@]} == 0 )); then
  log "test-charts: no chart in charts/ yet (the Helm chart issue adds it)"
  exit 0
fi
for c in "${charts[@]}"; do
  dir="$(dirname "$c")"
  log "helm lint --strict $(basename "$dir")"
  helm lint --strict "$dir"
  log "helm unittest $(basename "$dir")"
  helm unittest "$dir"
done
