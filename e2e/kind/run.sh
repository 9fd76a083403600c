#!/usr/bin/env bash
# make e2e-kind: the end-to-end scenarios on a real kind cluster, where a Docker engine exists.
#   1. a kind cluster (KIND_VERSION, built into .cache/bin with `go install` when missing)
#   2. the gateway, operator and messenger stand-in images built from this checkout (the targets of
#      e2e/kind/Dockerfile), loaded into kind
#   3. helm install charts/cmf with those images (Kafka in cmf-e2e as the operator's default
#      cluster); Kafka and the messenger stand-in in namespace cmf-e2e, on host ports (kind.env)
#   4. a smoke ChatGateway (manifests/chatgateway.yaml): Ready, then deleted
#   5. npx vitest run --project scenarios with CMF_E2E_TARGET=kind and the endpoints; each scenario
#      file's platform (e2e/test/support/platform-kind.ts) makes its own namespace, seeds the
#      messenger with its rooms and pins its gateway Services to GATEWAY_NODE_PORTS
# Idempotent: a second run reuses the cluster and upgrades the release.
# Environment (all optional): KIND_CLUSTER, CMF_IMAGE_TAG (kind.env), CMF_KIND_KEEP=1 keeps the
# cluster afterwards (the default deletes it when the run ends), CMF_E2E_TIMEOUT (seconds, 1800:
# every scenario file, each with its own namespace, gateways and messenger rollout).
# Exit codes: 0 scenarios passed, 1 a step or scenario failed, 2 no usable Docker engine.
source "$(dirname "$0")/../infra/lib.sh"
source "$CMF_ROOT/e2e/kind/kind.env"
TIMEOUT="${CMF_E2E_TIMEOUT:-1800}"
NS=cmf-e2e
LOGS="$CMF_CACHE/logs/kind"
REPORTS="$CMF_CACHE/reports/e2e-kind"

# The guard comes first: without an engine nothing below can work, so say so and stop.
if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  echo "kind needs a Docker engine; this machine's suite runs the same scenarios on the local control plane (make test-e2e)" >&2
  exit 2
fi

mkdir -p "$LOGS" "$REPORTS"
GATEWAY_IMAGE="ghcr.io/cmf-platform/cmf-gateway:$CMF_IMAGE_TAG"
OPERATOR_IMAGE="ghcr.io/cmf-platform/cmf-operator:$CMF_IMAGE_TAG"
MESSENGER_IMAGE="ghcr.io/cmf-platform/cmf-messenger-standin:$CMF_IMAGE_TAG"
KAFKA_IMAGE="$KAFKA_IMAGE_REPOSITORY:$KAFKA_VERSION"
export KUBECONFIG="$CMF_CACHE/run/kind-$KIND_CLUSTER.kubeconfig"

install_kind() {
  if [[ -x "$CMF_BIN/kind" ]] && "$CMF_BIN/kind" version 2>/dev/null | grep -q "kind $KIND_VERSION "; then return; fi
  need go "Go builds kind from the Go module proxy (https://go.dev/doc/install)"
  run_step "building kind $KIND_VERSION" "$LOGS/kind-build.log" \
    env GOBIN="$CMF_BIN" go install "sigs.k8s.io/kind@$KIND_VERSION"
}

create_cluster() {
  if "$CMF_BIN/kind" get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"; then
    log "kind cluster $KIND_CLUSTER exists; reusing it"
    "$CMF_BIN/kind" export kubeconfig --name "$KIND_CLUSTER" --kubeconfig "$KUBECONFIG" >/dev/null 2>&1
    return
  fi
  run_step "creating kind cluster $KIND_CLUSTER" "$LOGS/create.log" \
    "$CMF_BIN/kind" create cluster --name "$KIND_CLUSTER" --config "$CMF_ROOT/e2e/kind/cluster.yaml" \
    --kubeconfig "$KUBECONFIG" --wait 180s
}

# One Dockerfile, a target per image: the later builds reuse the shared stages the first one built.
build_images() {
  local image target
  for pair in "$GATEWAY_IMAGE=gateway" "$OPERATOR_IMAGE=operator" "$MESSENGER_IMAGE=messenger-standin"; do
    image="${pair%%=*}" target="${pair#*=}"
    run_step "building $image" "$LOGS/build-$target.log" \
      docker build -f "$CMF_ROOT/e2e/kind/Dockerfile" --target "$target" -t "$image" "$CMF_ROOT"
    run_step "loading $image into kind" "$LOGS/load.log" \
      "$CMF_BIN/kind" load docker-image "$image" --name "$KIND_CLUSTER"
  done
}

# Manifests name their images by placeholder; the pinned ones are filled in here.
apply_manifest() { # apply_manifest FILE
  sed -e "s|KAFKA_IMAGE|$KAFKA_IMAGE|; s|MESSENGER_IMAGE|$MESSENGER_IMAGE|; s|GATEWAY_IMAGE|$GATEWAY_IMAGE|" "$1" \
    | kubectl apply -f - >>"$LOGS/apply.log"
}

deploy_platform() {
  run_step "installing charts/cmf with $OPERATOR_IMAGE" "$LOGS/helm.log" \
    helm upgrade --install cmf "$CMF_ROOT/charts/cmf" --namespace cmf-system --create-namespace --wait --timeout 5m \
    --set operator.image.repository="${OPERATOR_IMAGE%:*}" --set operator.image.tag="$CMF_IMAGE_TAG" \
    --set operator.image.pullPolicy=Never --set operator.gatewayImage="$GATEWAY_IMAGE" \
    --set "operator.kafka.bootstrapServers[0]=kafka.$NS.svc.cluster.local:9092"
  kubectl get namespace "$NS" >/dev/null 2>&1 || kubectl create namespace "$NS" >/dev/null
  if ! kubectl -n "$NS" get secret messenger-signing-key >/dev/null 2>&1; then
    local key
    key="$(mktemp)"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key" 2>/dev/null
    kubectl -n "$NS" create secret generic messenger-signing-key --from-file=key.pem="$key" >/dev/null
    rm -f "$key"
  fi
  # The messenger's seed file, empty until a scenario's platform writes its rooms.
  kubectl -n "$NS" get configmap messenger-seed >/dev/null 2>&1 \
    || kubectl -n "$NS" create configmap messenger-seed --from-literal=seed.json='{"rooms":[]}' >/dev/null
  apply_manifest "$CMF_ROOT/e2e/kind/manifests/kafka.yaml"
  apply_manifest "$CMF_ROOT/e2e/kind/manifests/messenger.yaml"
  run_step "waiting for Kafka and the messenger stand-in" "$LOGS/rollout.log" bash -c \
    "kubectl -n $NS rollout status deploy/kafka --timeout=300s && kubectl -n $NS rollout status deploy/messenger --timeout=300s"
  # The stand-in's public keys, as the static JWKS the ChatGateway's issuer reads.
  local jwks
  jwks="$(curl -fsS "http://127.0.0.1:$MESSENGER_HOST_PORT/.well-known/jwks.json")" || die "the messenger's JWKS is not reachable on 127.0.0.1:$MESSENGER_HOST_PORT"
  kubectl -n "$NS" create secret generic messenger-jwks --from-literal=jwks.json="$jwks" --dry-run=client -o yaml \
    | kubectl apply -f - >>"$LOGS/apply.log"
  apply_manifest "$CMF_ROOT/e2e/kind/manifests/chatgateway.yaml"
  run_step "waiting for ChatGateway chat to be Ready" "$LOGS/chatgateway.log" \
    kubectl -n "$NS" wait chatgateway/chat --for=condition=Ready --timeout=300s
  # It showed the images, the chart, Kafka and the messenger work together; the scenarios make
  # their own ChatGateways in their own namespaces, so this one would only take CPU from them.
  run_step "deleting the smoke ChatGateway" "$LOGS/chatgateway.log" \
    kubectl -n "$NS" delete chatgateway/chat --wait=true --timeout=300s
}

collect() {
  kubectl get all,chatgateways -A -o wide >"$REPORTS/objects.txt" 2>&1 || true
  # Scenario namespaces (chat-<file>) are left behind only by a failed or interrupted scenario.
  local ns
  for ns in $(kubectl get namespaces -o jsonpath='{.items[*].metadata.name}' 2>/dev/null); do
    [[ "$ns" == chat-* ]] || continue
    kubectl -n "$ns" logs -l app.kubernetes.io/name=cmf-gateway --all-containers --prefix --tail=-1 \
      >"$REPORTS/gateway-$ns.log" 2>&1 || true
  done
  kubectl -n cmf-system logs deploy/cmf-operator --tail=-1 >"$REPORTS/operator.log" 2>&1 || true
  kubectl -n "$NS" logs deploy/messenger --tail=-1 >"$REPORTS/messenger.log" 2>&1 || true
  if [[ "${CMF_KIND_KEEP:-0}" != 1 ]]; then "$CMF_BIN/kind" delete cluster --name "$KIND_CLUSTER" >/dev/null 2>&1 || true; fi
}

need helm "make tools builds it"
need kubectl "make tools builds it"
install_kind
create_cluster
trap collect EXIT
build_images
deploy_platform
log "running the scenarios against kind (reports: $REPORTS)"
cd "$CMF_ROOT/e2e"
CMF_E2E_TARGET=kind \
  CMF_E2E_KUBECONFIG="$KUBECONFIG" \
  CMF_E2E_NAMESPACE="$NS" \
  CMF_E2E_MESSENGER_URL="http://127.0.0.1:$MESSENGER_HOST_PORT" \
  CMF_E2E_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_HOST_PORT" \
  CMF_E2E_GATEWAY_NODE_PORTS="$GATEWAY_NODE_PORTS" \
  CMF_E2E_NODE_RUNTIME=docker \
  CMF_E2E_MEMBERSHIP_TOKEN="kind-e2e-membership-token-0123456789" \
  timeout "$TIMEOUT" npx vitest run --project scenarios --reporter=default --reporter=junit \
  --outputFile.junit="$REPORTS/junit.xml"
