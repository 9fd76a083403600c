#!/usr/bin/env bash
# One line per real component: name, version, OK or MISSING. Exits 1 when anything is missing.
# Reads only; `make tools` installs what this reports missing.
source "$(dirname "$0")/lib.sh"
set +e
failed=0

row() { # row NAME STATUS VERSION [HINT]
  printf '%-26s %-8s %s\n' "$1" "$2" "$3${4:+  ($4)}"
  [[ "$2" == OK ]] || failed=1
}

check() { # check NAME WANT_REGEX HINT cmd... : OK when cmd's first line matches WANT_REGEX
  local name="$1" want="$2" hint="$3" out; shift 3
  # Capture everything before taking the first line: `cmd | head -n 1` under pipefail fails whenever cmd is
  # still writing when head exits (SIGPIPE), which made a healthy etcd report MISSING now and then.
  if out="$("$@" 2>&1)"; out="${out%%$'\n'*}"; [[ -n "$out" && "$out" =~ $want ]]; then row "$name" OK "$out"
  else row "$name" MISSING "${out:-not found}" "$hint"; fi
}

printf '%-26s %-8s %s\n' COMPONENT STATUS VERSION
check node "^v2[4-9]\." "make tools installs Node $NODE_VERSION" node --version
if [[ -f "$CMF_ROOT/node_modules/.cmf-lock-stamp" && ! "$CMF_ROOT/package-lock.json" -nt "$CMF_ROOT/node_modules/.cmf-lock-stamp" ]]; then
  row "workspaces" OK "$(cd "$CMF_ROOT" && node -p 'require("./package.json").workspaces.join(", ")') (npm ci done)"
else row "workspaces" MISSING "dependencies not installed" "make tools runs npm ci"; fi
check java "version \"(1[7-9]|2[0-9])" "Kafka needs Java 17+" bash -c 'java -version 2>&1 | head -n1'
if [[ -f "$CMF_CACHE/kafka/$KAFKA_VERSION/libs/.complete" ]]; then
  row kafka OK "$(basename "$(ls "$CMF_CACHE/kafka/$KAFKA_VERSION/libs"/kafka_2.13-*.jar)" .jar | sed 's/kafka_2.13-/Apache Kafka /') (KRaft, jars from Maven Central)"
else row kafka MISSING "jars not resolved" "make tools"; fi
check etcd "Version: $ETCD_VERSION" "make tools builds it" "$CMF_BIN/etcd" --version
check kube-apiserver "v$KUBERNETES_VERSION" "make tools builds it" "$CMF_BIN/kube-apiserver" --version
check kube-controller-manager "v$KUBERNETES_VERSION" "make tools builds it" "$CMF_BIN/kube-controller-manager" --version
check kubectl "v$KUBERNETES_VERSION" "make tools builds it" bash -c "'$CMF_BIN/kubectl' version --client 2>&1 | head -n1"
check helm "^v$HELM_VERSION" "make tools builds it" "$CMF_BIN/helm" version --short
check chromium "^Chromium [0-9]+" "make tools installs Debian's chromium (the demo page test)" \
  bash -c 'chromium --version 2>/dev/null'
check "helm unittest" "^unittest[[:space:]]+$HELM_UNITTEST_VERSION" "make tools builds the plugin" \
  bash -c "'$CMF_BIN/helm' plugin list 2>/dev/null | awk '/^unittest/ {print \$1, \$2}'"
exit "$failed"
