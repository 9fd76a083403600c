#!/usr/bin/env bash
# Installs or builds whatever is missing, in dependency order; every step is cached and a
# second run only checks. Prints each step's duration.
source "$(dirname "$0")/lib.sh"
start=$SECONDS

# System packages a fresh machine may lack: installed from Debian when we are root.
missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v npm >/dev/null 2>&1 || [[ -x "$CMF_CACHE/node/bin/npm" ]] || missing+=(npm)
# Headless Chromium drives the demo page test (playwright-core launches this binary, never its own download).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if (( ${#missing[@]} > 0 )); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    run_step "installing Debian packages: ${missing[*]}" "$CMF_CACHE/logs/apt.log" \
      bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing[*]}"
  else
    die "missing system packages: ${missing[*]} (install them with your package manager, then rerun 'make tools')"
  fi
fi
need go "Go 1.25+ builds etcd, Kubernetes and helm from the Go module proxy (https://go.dev/doc/install)"
go_minor="$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
(( go_minor >= 25 )) || die "Go $(go env GOVERSION) is too old: Kubernetes v$KUBERNETES_VERSION needs Go 1.25 or newer"

bash "$CMF_ROOT/e2e/infra/bootstrap-node.sh"
bash "$CMF_ROOT/e2e/infra/kafka.sh" fetch
bash "$CMF_ROOT/e2e/infra/build-go-tools.sh"
log "tools ready in $((SECONDS - start)) s"
