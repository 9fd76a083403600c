#!/usr/bin/env bash
# A real Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager,
# built from the Go module proxy by build-go-tools.sh, with certificates made here by openssl.
#
# Usage: kube.sh start|stop|status|destroy|kubeconfig
# Environment (all optional):
#   CMF_INSTANCE         instance name; state lives in .cache/run/<instance>/kube  (default: dev)
#   KUBE_APISERVER_PORT  kube-apiserver secure port                                (default: 16443)
#   ETCD_PORT            etcd client port                                          (default: 12379)
#   ETCD_PEER_PORT       etcd peer port                                            (default: ETCD_PORT+1)
#   KCM_PORT             kube-controller-manager secure (health) port              (default: APISERVER+1)
#   KUBE_START_TIMEOUT   seconds to wait for each component                        (default: 120)
#   CMF_OWNER_PID        stop everything when this process exits (used by tests)
# After start, .cache/run/<instance>/kube/admin.kubeconfig holds a system:masters client.
source "$(dirname "$0")/lib.sh"

INSTANCE="${CMF_INSTANCE:-dev}"
API_PORT="${KUBE_APISERVER_PORT:-16443}"
ETCD_PORT="${ETCD_PORT:-12379}"
ETCD_PEER_PORT="${ETCD_PEER_PORT:-$((ETCD_PORT + 1))}"
KCM_PORT="${KCM_PORT:-$((API_PORT + 1))}"
TIMEOUT="${KUBE_START_TIMEOUT:-120}"
DIR="$CMF_RUN/$INSTANCE/kube"
PKI="$DIR/pki"
KUBECONFIG_FILE="$DIR/admin.kubeconfig"
SERVICE_CIDR="10.96.0.0/16"

binaries_present() {
  local b
  for b in etcd kube-apiserver kube-controller-manager kubectl; do
    [[ -x "$CMF_BIN/$b" ]] || die "missing $CMF_BIN/$b: run 'make tools' (builds it from the Go module proxy)"
  done
}

gen_pki() {
  [[ -f "$PKI/.complete" ]] && return
  need openssl "certificates for the control plane are made with openssl (apt-get install openssl)"
  rm -rf "$PKI"; mkdir -p "$PKI"
  (
    cd "$PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=cmf-local-ca" 2>/dev/null
    sign() { # sign NAME SUBJECT EXTENSIONS
      openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      printf '%s\n' "$3" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -out "$1.crt" -extfile "$1.ext" 2>/dev/null
      rm -f "$1.csr" "$1.ext"
    }
    sign apiserver "/CN=kube-apiserver" "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth
keyUsage=digitalSignature,keyEncipherment"
    sign admin "/O=system:masters/CN=cmf-admin" "extendedKeyUsage=clientAuth
keyUsage=digitalSignature,keyEncipherment"
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  ) || die "generating certificates in $PKI failed"
  touch "$PKI/.complete"
}

write_kubeconfig() {
  cat >"$KUBECONFIG_FILE" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: cmf-$INSTANCE
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: cmf-admin
  user:
    client-certificate-data: $(base64 -w0 "$PKI/admin.crt")
    client-key-data: $(base64 -w0 "$PKI/admin.key")
contexts:
- name: cmf-$INSTANCE
  context: { cluster: cmf-$INSTANCE, user: cmf-admin }
current-context: cmf-$INSTANCE
YAML
  chmod 600 "$KUBECONFIG_FILE"
}

pidf() { echo "$DIR/$1.pid"; }
running() { [[ -f "$(pidf "$1")" ]] && kill -0 "$(cat "$(pidf "$1")")" 2>/dev/null; }

launch() { # launch NAME cmd... : start a component in the background, recording its pid.
  local name="$1"; shift
  nohup "$@" >"$DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$(pidf "$name")"
}

await() { # await NAME "what" cmd...
  local name="$1" what="$2"; shift 2
  if ! WAIT_PID="$(cat "$(pidf "$name")")" wait_until "$TIMEOUT" "$what" "$DIR/$name.log" "$@"; then
    stop_all
    die "$name did not become ready (instance $INSTANCE)"
  fi
  watch_owner "$(pidf "$name")" "$name"
}

kubectl_() { "$CMF_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

start() {
  binaries_present
  if running kube-apiserver; then log "control plane [$INSTANCE] already running at https://127.0.0.1:$(cat "$DIR/port")"; return; fi
  local p
  for p in "$API_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT" "$KCM_PORT"; do
    port_busy "$p" && die "port $p is taken by another process: choose other ports (KUBE_APISERVER_PORT, ETCD_PORT, ETCD_PEER_PORT, KCM_PORT)"
  done
  mkdir -p "$DIR"
  gen_pki
  write_kubeconfig
  echo "$API_PORT" >"$DIR/port"

  if ! running etcd; then
    log "starting etcd [$INSTANCE] on 127.0.0.1:$ETCD_PORT"
    launch etcd "$CMF_BIN/etcd" --name "cmf-$INSTANCE" --data-dir "$DIR/etcd-data" \
      --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
      --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
      --initial-cluster "cmf-$INSTANCE=http://127.0.0.1:$ETCD_PEER_PORT" \
      --unsafe-no-fsync --quota-backend-bytes=2147483648 --log-level=warn
    await etcd "etcd on 127.0.0.1:$ETCD_PORT" curl -fsS "http://127.0.0.1:$ETCD_PORT/health"
  fi

  log "starting kube-apiserver [$INSTANCE] on https://127.0.0.1:$API_PORT"
  launch kube-apiserver "$CMF_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" --etcd-prefix "/registry" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" --cert-dir "$PKI" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" --client-ca-file "$PKI/ca.crt" \
    --service-account-issuer "https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --authorization-mode RBAC --allow-privileged=true \
    --profiling=false --v=1
  await kube-apiserver "kube-apiserver /readyz on 127.0.0.1:$API_PORT" kubectl_ get --raw /readyz

  log "starting kube-controller-manager [$INSTANCE] (health on 127.0.0.1:$KCM_PORT)"
  launch kube-controller-manager "$CMF_BIN/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG_FILE" --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --cert-dir "$DIR/kcm-certs" \
    --leader-elect=false --controllers '*' --use-service-account-credentials=false \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --service-cluster-ip-range "$SERVICE_CIDR" --profiling=false --v=1
  await kube-controller-manager "kube-controller-manager /healthz on 127.0.0.1:$KCM_PORT" \
    curl -fsSk "https://127.0.0.1:$KCM_PORT/healthz"
  log "control plane [$INSTANCE] ready: export KUBECONFIG=$KUBECONFIG_FILE"
}

stop_all() {
  stop_pidfile "$(pidf kube-controller-manager)" "kube-controller-manager[$INSTANCE]" 20
  stop_pidfile "$(pidf kube-apiserver)" "kube-apiserver[$INSTANCE]" 30
  stop_pidfile "$(pidf etcd)" "etcd[$INSTANCE]" 20
}

case "${1:-}" in
  start) start ;;
  stop) stop_all ;;
  status)
    rc=0
    for c in etcd kube-apiserver kube-controller-manager; do
      if running "$c"; then echo "$c[$INSTANCE]: running (pid $(cat "$(pidf "$c")"))"; else echo "$c[$INSTANCE]: stopped"; rc=3; fi
    done
    exit "$rc" ;;
  destroy) stop_all; rm -rf "$DIR" ;;
  kubeconfig) echo "$KUBECONFIG_FILE" ;;
  *) die "usage: kube.sh start|stop|status|destroy|kubeconfig" ;;
esac
