#!/usr/bin/env bash
# Builds the Go components the tests run for real, from the Go module proxy, at the versions
# pinned in versions.env: etcd, kube-apiserver, kube-controller-manager, kubectl, helm and the
# helm-unittest plugin. Each build is stamped with its version, so a second run does nothing.
#
# Usage: build-go-tools.sh [etcd|kube|helm|helm-unittest ...]   (default: all)
source "$(dirname "$0")/lib.sh"
need go "Go 1.25+ is required to build the Kubernetes and etcd binaries (install golang)"

STAMPS="$CMF_CACHE/stamps"
WORK="$CMF_CACHE/go/wrappers"
mkdir -p "$STAMPS" "$WORK"

stamped() { [[ -f "$STAMPS/$1" ]]; }
stamp() { rm -f "$STAMPS/${1%%@*}"@*; touch "$STAMPS/$1"; }

# A wrapper module lets `go build` accept modules whose own go.mod replaces siblings with
# local paths (kubernetes' staging repos, etcd's api/client modules): we repeat each
# replace with a published version instead.
new_wrapper() { # new_wrapper DIR
  rm -rf "$1"; mkdir -p "$1"
  printf 'module cmf.local/toolbuild\n\ngo 1.25.0\n' >"$1/go.mod"
}

build_kube() {
  local v="$KUBERNETES_VERSION" dir="$WORK/kubernetes"
  if stamped "kube@$v" && [[ -x "$CMF_BIN/kube-apiserver" && -x "$CMF_BIN/kube-controller-manager" && -x "$CMF_BIN/kubectl" ]]; then
    log "kubernetes v$v: cached"; return
  fi
  new_wrapper "$dir"
  cd "$dir"
  local modfile staging
  modfile="$(go mod download -json "k8s.io/kubernetes@v$v" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  [[ -f "$modfile" ]] || die "could not download k8s.io/kubernetes@v$v from the Go module proxy"
  # Staging modules are required at v0.0.0; their published tags are v0.<minor>.<patch>.
  staging="$(awk '/^\t(k8s\.io\/[a-z0-9-]+) v0\.0\.0$/ {print $1}' "$modfile")"
  [[ -n "$staging" ]] || die "found no staging modules in $modfile"
  {
    printf 'require k8s.io/kubernetes v%s\n' "$v"
    for m in $staging; do printf 'replace %s => %s v0.%s\n' "$m" "$m" "${v#*.}"; done
  } >>go.mod
  run_step "resolving kubernetes v$v modules" "$CMF_CACHE/logs/build-kube-mod.log" \
    go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v$v" "k8s.io/kubernetes/cmd/kube-controller-manager@v$v" "k8s.io/kubernetes/cmd/kubectl@v$v"
  local minor="${v#*.}"; minor="${minor%%.*}"
  local ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=v$v -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  run_step "building kube-apiserver, kube-controller-manager and kubectl v$v (first build: ~10-20 min on 2 cores)" \
    "$CMF_CACHE/logs/build-kube.log" \
    env CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$CMF_BIN/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl
  stamp "kube@$v"
}

build_etcd() {
  local v="$ETCD_VERSION" dir="$WORK/etcd"
  if stamped "etcd@$v" && [[ -x "$CMF_BIN/etcd" ]]; then log "etcd v$v: cached"; return; fi
  new_wrapper "$dir"
  cd "$dir"
  {
    printf 'require go.etcd.io/etcd/server/v3 v%s\n' "$v"
    for m in api/v3 client/pkg/v3 client/v3 pkg/v3; do printf 'replace go.etcd.io/etcd/%s => go.etcd.io/etcd/%s v%s\n' "$m" "$m" "$v"; done
  } >>go.mod
  run_step "resolving etcd v$v modules" "$CMF_CACHE/logs/build-etcd-mod.log" go get -tool "go.etcd.io/etcd/server/v3@v$v"
  run_step "building etcd v$v" "$CMF_CACHE/logs/build-etcd.log" \
    env CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$CMF_BIN/etcd" go.etcd.io/etcd/server/v3
  stamp "etcd@$v"
}

build_helm() {
  local v="$HELM_VERSION"
  if stamped "helm@$v" && [[ -x "$CMF_BIN/helm" ]]; then log "helm v$v: cached"; return; fi
  run_step "building helm v$v" "$CMF_CACHE/logs/build-helm.log" \
    env GOBIN="$CMF_BIN" CGO_ENABLED=0 go install -trimpath \
      -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$v -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
      "helm.sh/helm/v3/cmd/helm@v$v"
  stamp "helm@$v"
}

build_helm_unittest() {
  local v="$HELM_UNITTEST_VERSION" dir="$WORK/helm-unittest" plugin="$HELM_PLUGINS/helm-unittest"
  if stamped "helm-unittest@$v" && [[ -x "$plugin/untt" ]]; then log "helm-unittest v$v: cached"; return; fi
  new_wrapper "$dir"
  cd "$dir"
  {
    printf 'require github.com/helm-unittest/helm-unittest v%s\n' "$v"
    # helm-unittest's own go.mod carries this replace; a dependency's replaces are ignored, so repeat it.
    printf 'replace github.com/vmware-labs/yaml-jsonpath v0.3.2 => github.com/helm-unittest/yaml-jsonpath v0.4.0\n'
  } >>go.mod
  run_step "resolving helm-unittest v$v modules" "$CMF_CACHE/logs/build-helm-unittest-mod.log" \
    go get -tool "github.com/helm-unittest/helm-unittest/cmd/helm-unittest@v$v"
  mkdir -p "$plugin"
  run_step "building helm-unittest v$v" "$CMF_CACHE/logs/build-helm-unittest.log" \
    env CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$plugin/untt" github.com/helm-unittest/helm-unittest/cmd/helm-unittest
  # Installed as a plugin by hand: no install hook, so nothing is downloaded.
  cat >"$plugin/plugin.yaml" <<YAML
name: "unittest"
version: "$v"
usage: "unittest for helm charts"
description: "Unit test for helm chart in YAML (built from source by the CMF tool scripts)."
ignoreFlags: false
command: "\$HELM_PLUGIN_DIR/untt"
YAML
  stamp "helm-unittest@$v"
}

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(etcd kube helm helm-unittest)
for t in "${targets[@]}"; do
  case "$t" in
    etcd) build_etcd ;;
    kube) build_kube ;;
    helm) build_helm ;;
    helm-unittest) build_helm_unittest ;;
    *) die "unknown tool '$t' (expected: etcd kube helm helm-unittest)" ;;
  esac
done
