#!/usr/bin/env bash
# The local CMF platform beyond Kafka and the control plane: the node agent with its Service proxy
# (Pods as local processes), the messenger stand-in, the operator installed with the chart (the
# node agent runs it as a pod), a sample ChatGateway, and the demo page when it is built.
#
# Usage: platform.sh start|stop|status|info
# Environment (all optional):
#   CMF_INSTANCE         instance name; state in .cache/run/<instance>/platform     (default: dev)
#   CMF_HOST_ADDRESS     loopback address of host services pods reach (Kafka, messenger)
#                        (default: 127.100.0.1; the node agent rewrites 127.0.0.1 in pod env)
#   KAFKA_PORT           the instance's Kafka port (as kafka.sh)                    (default: 19092)
#   MESSENGER_PORT       the messenger stand-in's port                               (default: 18080)
#   DEMO_PORT            the demo page's port                                        (default: 18090)
#   PLATFORM_TIMEOUT     seconds to wait for each step (operator, ChatGateway Ready)  (default: 240)
# Kafka and the control plane must run already (up.sh starts them first).
source "$(dirname "$0")/lib.sh"

INSTANCE="${CMF_INSTANCE:-dev}"
HOST="${CMF_HOST_ADDRESS:-127.100.0.1}"
KAFKA="$HOST:${KAFKA_PORT:-19092}"
MESSENGER_PORT="${MESSENGER_PORT:-18080}"
DEMO_PORT="${DEMO_PORT:-18090}"
TIMEOUT="${PLATFORM_TIMEOUT:-240}"
DIR="$CMF_RUN/$INSTANCE/platform"
KUBECONFIG_FILE="$CMF_RUN/$INSTANCE/kube/admin.kubeconfig"
NODE_NAME="cmf-$INSTANCE-node"
OPERATOR_NS=cmf-system
CHAT_NS=chat
GATEWAY=chat
TOPIC_PREFIX=chat
MESSENGER_URL="http://$HOST:$MESSENGER_PORT"
DEMO_MAIN="$CMF_ROOT/e2e/dist/src/demo/server.js"

k() { kubectl --kubeconfig "$KUBECONFIG_FILE" "$@"; }
alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# start_process NAME LOGFILE cmd... : runs in the background with a pid file, unless it runs already.
start_process() {
  local name="$1" logf="$2"; shift 2
  local pidf="$DIR/$name.pid"
  if alive "$pidf"; then log "$name already running (pid $(cat "$pidf"))"; return; fi
  nohup "$@" >>"$logf" 2>&1 </dev/null &
  echo $! >"$pidf"
  log "started $name (pid $!, log $logf)"
}

require_builds() {
  local f
  for f in gateway/dist/src/main.js gateway/dist/src/sidecar/main.js operator/dist/src/main.js \
    e2e/dist/src/node-agent/main.js e2e/dist/src/messenger/main.js; do
    [[ -f "$CMF_ROOT/$f" ]] || die "$f is missing: build first (npm run build)"
  done
}

start_node_agent() {
  start_process node-agent "$DIR/node-agent.log" "$CMF_NODE" "$CMF_ROOT/e2e/dist/src/node-agent/main.js" \
    --kubeconfig "$KUBECONFIG_FILE" --node-name "$NODE_NAME" --state-dir "$DIR/node" --service-proxy
  WAIT_PID="$(cat "$DIR/node-agent.pid")" wait_until 60 "node $NODE_NAME to register" "$DIR/node-agent.log" \
    k get node "$NODE_NAME"
}

start_messenger() {
  # A stable key and service token across restarts: tokens already issued stay valid.
  [[ -f "$DIR/messenger-key.pem" ]] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$DIR/messenger-key.pem" 2>/dev/null
  [[ -f "$DIR/service-token" ]] || openssl rand -hex 24 | tr -d '\n' >"$DIR/service-token"
  chmod 600 "$DIR/messenger-key.pem" "$DIR/service-token"
  [[ -f "$DIR/seed.json" ]] || cat >"$DIR/seed.json" <<JSON
{ "rooms": [
  { "roomId": "general", "members": ["alice", "bob", "carol"] },
  { "roomId": "random", "members": ["alice", "bob"] }
] }
JSON
  start_process messenger "$DIR/messenger.log" env \
    CMF_MESSENGER_LISTEN_HOST="$HOST" CMF_MESSENGER_LISTEN_PORT="$MESSENGER_PORT" \
    CMF_MESSENGER_KAFKA_BROKERS="$KAFKA" CMF_MESSENGER_TOPIC_PREFIX="$TOPIC_PREFIX" \
    CMF_MESSENGER_DEMO_TOKENS=true CMF_MESSENGER_SIGNING_KEY_FILE="$DIR/messenger-key.pem" \
    CMF_MESSENGER_SERVICE_TOKEN_FILE="$DIR/service-token" CMF_MESSENGER_SEED_FILE="$DIR/seed.json" \
    "$CMF_NODE" "$CMF_ROOT/e2e/dist/src/messenger/main.js"
  WAIT_PID="$(cat "$DIR/messenger.pid")" wait_until "$TIMEOUT" "the messenger stand-in at $MESSENGER_URL/readyz" \
    "$DIR/messenger.log" curl -fsS "$MESSENGER_URL/readyz"
}

install_operator() {
  local ns
  for ns in "$OPERATOR_NS" "$CHAT_NS"; do
    k get namespace "$ns" >/dev/null 2>&1 || k create namespace "$ns" >/dev/null
  done
  k -n "$CHAT_NS" create secret generic messenger-api-token --from-file=token="$DIR/service-token" \
    --dry-run=client -o yaml | k apply -f - >/dev/null
  # Same values as the scenarios' fixture (e2e/test/support/platform-local.ts, operatorValues).
  cat >"$DIR/cmf-values.json" <<JSON
{ "operator": {
    "kafka": { "bootstrapServers": ["$KAFKA"] },
    "resyncPeriod": "1m" } }
JSON
  log "helm upgrade --install cmf charts/cmf (namespace $OPERATOR_NS)"
  helm upgrade --install cmf "$CMF_ROOT/charts/cmf" --namespace "$OPERATOR_NS" \
    --kubeconfig "$KUBECONFIG_FILE" --values "$DIR/cmf-values.json" >"$DIR/helm.log" 2>&1 \
    || { tail -n 20 "$DIR/helm.log" >&2; die "helm install of charts/cmf failed"; }
  log "waiting for the operator pod (the node agent runs it)"
  k -n "$OPERATOR_NS" rollout status deployment/cmf-operator --timeout="${TIMEOUT}s" >&2 \
    || die "the operator did not become available; look: kubectl -n $OPERATOR_NS describe pods; $DIR/node/pods/*/logs"
}

apply_gateway() {
  k apply -f - >/dev/null <<JSON
{ "apiVersion": "cmf.io/v1alpha1", "kind": "ChatGateway",
  "metadata": { "name": "$GATEWAY", "namespace": "$CHAT_NS" },
  "spec": {
    "replicas": 2,
    "kafka": { "topicPrefix": "$TOPIC_PREFIX", "partitions": 3 },
    "auth": { "issuers": [ { "issuer": "cmf-messenger-standin", "audience": "cmf-gateway",
                             "jwksUrl": "$MESSENGER_URL/.well-known/jwks.json" } ] },
    "membership": { "url": "$MESSENGER_URL",
                    "credentialsSecretRef": { "name": "messenger-api-token", "key": "token" } },
    "service": { "type": "LoadBalancer", "port": 8080 } } }
JSON
  log "ChatGateway $CHAT_NS/$GATEWAY applied; waiting until it is Ready"
  local deadline=$((SECONDS + TIMEOUT)) last="" now
  while :; do
    now="$(k -n "$CHAT_NS" get chatgateway "$GATEWAY" \
      -o jsonpath='{range .status.conditions[*]}{.type}={.status}({.reason}) {end}' 2>/dev/null || true)"
    if [[ "$now" != "$last" ]]; then log "  conditions: ${now:-none yet}"; last="$now"; fi
    [[ " $now" == *" Ready=True"* ]] && break
    (( SECONDS < deadline )) || die "ChatGateway $GATEWAY not Ready after ${TIMEOUT}s; look: kubectl -n $CHAT_NS describe chatgateway $GATEWAY"
    sleep 1
  done
}

websocket_url() {
  local ip port
  ip="$(k -n "$CHAT_NS" get service "$GATEWAY" -o jsonpath='{.status.loadBalancer.ingress[0].ip}' 2>/dev/null || true)"
  port="$(k -n "$CHAT_NS" get service "$GATEWAY" -o jsonpath='{.spec.ports[?(@.name=="ws")].port}' 2>/dev/null || true)"
  [[ -n "$ip" && -n "$port" ]] && echo "ws://$ip:$port/connection/websocket"
}

start_demo() {
  if [[ ! -f "$DEMO_MAIN" ]]; then log "demo page: not built ($DEMO_MAIN), skipped"; return; fi
  start_process demo "$DIR/demo.log" env CMF_DEMO_LISTEN_PORT="$DEMO_PORT" \
    CMF_DEMO_GATEWAY_URL="$1" CMF_DEMO_MESSENGER_URL="$MESSENGER_URL" "$CMF_NODE" "$DEMO_MAIN"
  WAIT_PID="$(cat "$DIR/demo.pid")" wait_until 30 "the demo page on 127.0.0.1:$DEMO_PORT" "$DIR/demo.log" \
    curl -fsS "http://127.0.0.1:$DEMO_PORT/" || log "demo page did not start (see $DIR/demo.log)"
}

start() {
  require_builds
  mkdir -p "$DIR"
  [[ -f "$KUBECONFIG_FILE" ]] || die "no control plane for instance $INSTANCE (kube.sh start first)"
  start_node_agent
  start_messenger
  install_operator
  apply_gateway
  local url
  wait_until 60 "the Service proxy to publish $CHAT_NS/$GATEWAY" "$DIR/node-agent.log" websocket_url
  url="$(websocket_url)"
  start_demo "$url"
}

info() {
  local url
  url="$(websocket_url || true)"
  cat <<TXT

CMF local platform is up (instance '$INSTANCE'):
  Kafka bootstrap      $KAFKA
  Kubernetes API       $(k config view -o jsonpath='{.clusters[0].cluster.server}')
  Messenger stand-in   $MESSENGER_URL (rooms general: alice, bob, carol; random: alice, bob)
  WebSocket            ${url:-not published yet}
TXT
  if alive "$DIR/demo.pid"; then echo "  Demo page            http://127.0.0.1:$DEMO_PORT/"; fi
  cat <<TXT

A demo token (the same token serves the REST API and the gateway):
  curl -s -X POST $MESSENGER_URL/v1/demo/token -H 'content-type: application/json' -d '{"userId":"alice"}'
Post a message:
  curl -s -X POST $MESSENGER_URL/v1/rooms/general/messages -H "authorization: Bearer \$TOKEN" \\
    -H 'content-type: application/json' -d '{"content":"hello"}'

Look around:
  export KUBECONFIG=$KUBECONFIG_FILE
  export PATH=$CMF_BIN:\$PATH
  kubectl get chatgateways -A; kubectl -n $CHAT_NS get deploy,pods,svc
  ls $DIR/node/pods/*/logs/   # container logs (kubectl logs is not served here)
  make status      # what is running
  make down        # stop everything
TXT
}

status() {
  local name
  for name in node-agent messenger demo; do
    if alive "$DIR/$name.pid"; then echo "$name[$INSTANCE]: running (pid $(cat "$DIR/$name.pid"))"
    else echo "$name[$INSTANCE]: stopped"; fi
  done
  if alive "$DIR/node-agent.pid"; then
    k get chatgateways -A 2>/dev/null || true
    k get pods -A -o wide 2>/dev/null || true
  fi
}

stop() {
  stop_pidfile "$DIR/demo.pid" "demo[$INSTANCE]" 10
  # The node agent stops every pod's processes before it exits.
  stop_pidfile "$DIR/node-agent.pid" "node-agent[$INSTANCE]" 60
  stop_pidfile "$DIR/messenger.pid" "messenger[$INSTANCE]" 20
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  info) info ;;
  *) die "usage: platform.sh start|stop|status|info" ;;
esac
