#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) on loopback, from Maven Central's jars.
#
# Usage: kafka.sh fetch|start|stop|status|destroy
# Environment (all optional):
#   CMF_INSTANCE           instance name; state lives in .cache/run/<instance>/kafka   (default: dev)
#   KAFKA_HOST             loopback address the client listener binds and advertises    (default: 127.0.0.1)
#                          (e.g. 127.100.0.1: an address pods of the e2e node agent reach unrewritten)
#   KAFKA_PORT             client port                                                 (default: 19092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port                                       (default: KAFKA_PORT+1)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to serve                     (default: 120)
#   KAFKA_HEAP             JVM heap                                                    (default: 512m)
#   CMF_OWNER_PID          stop the broker when this process exits (used by tests)
#   KAFKA_SASL_MECHANISM   PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512: the client port asks for it (default: none)
#   KAFKA_SASL_USERNAME    the one SASL user (needed with KAFKA_SASL_MECHANISM; SCRAM users are
#   KAFKA_SASL_PASSWORD    created when the storage is formatted, so they are fixed at first start)
#   KAFKA_TLS              1: the client port speaks TLS; the CA that signed the broker's certificate
#                          is <state>/tls/ca.pem (generated with openssl at first start)  (default: 0)
# Without SASL and TLS the client listener is PLAINTEXT, as always. The controller listener stays
# plaintext on loopback either way.
# Two instances with different names and ports run side by side (a dev stack and a test run).
source "$(dirname "$0")/lib.sh"

INSTANCE="${CMF_INSTANCE:-dev}"
HOST="${KAFKA_HOST:-127.0.0.1}"
PORT="${KAFKA_PORT:-19092}"
CPORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
DIR="$CMF_RUN/$INSTANCE/kafka"
LIBS="$CMF_CACHE/kafka/$KAFKA_VERSION/libs"
PIDF="$DIR/kafka.pid"
LOGF="$DIR/kafka.log"
TLS_DIR="$DIR/tls"
MECHANISM="${KAFKA_SASL_MECHANISM:-}"
TLS="${KAFKA_TLS:-0}"

case "$MECHANISM" in
  "" | PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512) ;;
  *) die "KAFKA_SASL_MECHANISM must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not '$MECHANISM'" ;;
esac
case "$TLS" in 0 | 1) ;; *) die "KAFKA_TLS must be 0 or 1, not '$TLS'" ;; esac
[[ "$HOST" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "KAFKA_HOST must be a 127.x.y.z loopback address, not '$HOST'"
if [[ -n "$MECHANISM" ]]; then
  [[ -n "${KAFKA_SASL_USERNAME:-}" && -n "${KAFKA_SASL_PASSWORD:-}" ]] \
    || die "KAFKA_SASL_MECHANISM=$MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"
  # They end up inside a quoted JAAS value and a --add-scram list: refuse what would break either.
  [[ "$KAFKA_SASL_USERNAME$KAFKA_SASL_PASSWORD" =~ ^[A-Za-z0-9._-]+$ ]] \
    || die "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD may hold only letters, digits, '.', '_' and '-'"
fi

fetch() {
  if [[ -f "$LIBS/.complete" ]]; then return; fi
  need java "Kafka $KAFKA_VERSION needs Java 17+ (apt-get install openjdk-17-jre-headless)"
  need mvn "Maven resolves Kafka's jars from Maven Central (apt-get install maven)"
  local pomdir="$CMF_CACHE/kafka/$KAFKA_VERSION/pom"
  mkdir -p "$pomdir"
  cat >"$pomdir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>cmf.local</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <!-- The Maven artifact ships no SLF4J backend; without one the broker logs nothing. -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>$SLF4J_VERSION</version></dependency>
    <!-- Kafka declares slf4j-api 1.7, which cannot find a 2.x backend: pin the api beside it. -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
  </dependencies>
</project>
POM
  rm -rf "$LIBS"
  run_step "resolving Apache Kafka $KAFKA_VERSION jars from Maven Central" "$CMF_CACHE/logs/kafka-fetch.log" \
    mvn -B -f "$pomdir/pom.xml" -Dmaven.repo.local="$CMF_CACHE/m2" \
      "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$LIBS"
  ls "$LIBS"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || die "Kafka jar missing from $LIBS after resolution"
  touch "$LIBS/.complete"
}

running() { [[ -f "$PIDF" ]] && kill -0 "$(cat "$PIDF")" 2>/dev/null; }

# The JVM command line, shared by the storage tool and the broker.
java_args() {
  JAVA_ARGS=(java -Xms128m -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS
    -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn -Dorg.slf4j.simpleLogger.log.kafka=info
    -Dorg.slf4j.simpleLogger.log.state.change.logger=warn
    -cp "$LIBS/*")
}
java_cmd() { java_args; "${JAVA_ARGS[@]}" "$@"; }

# The client listener's security protocol, from the SASL and TLS settings.
client_protocol() {
  case "${MECHANISM:+sasl}-$TLS" in
    -0) echo PLAINTEXT ;;
    -1) echo SSL ;;
    sasl-0) echo SASL_PLAINTEXT ;;
    sasl-1) echo SASL_SSL ;;
  esac
}

# A CA and a broker certificate for 127.0.0.1, KAFKA_HOST and localhost, made once per instance so a restart
# keeps the certificate clients already trust. Kafka reads PEM directly (ssl.keystore.type=PEM);
# the key is PKCS#8, the only private-key form it accepts.
ensure_tls_material() {
  [[ -f "$TLS_DIR/broker.pem" ]] && return
  need openssl "the TLS listener's certificates are made with openssl (apt-get install openssl)"
  local tmp="$TLS_DIR.tmp"
  rm -rf "$tmp" && mkdir -p "$tmp"
  (
    cd "$tmp"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -sha256 \
      -subj "/CN=CMF test CA $INSTANCE" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
    openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj "/CN=127.0.0.1"
    printf '%s\n' basicConstraints=CA:FALSE keyUsage=critical,digitalSignature,keyEncipherment \
      extendedKeyUsage=serverAuth,clientAuth subjectAltName=IP:127.0.0.1,IP:$HOST,DNS:localhost >broker.ext
    openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out broker.crt \
      -days 30 -sha256 -extfile broker.ext
    openssl pkcs8 -topk8 -nocrypt -in broker.key -out broker.pk8
    cat broker.pk8 broker.crt ca.pem >broker.pem
  ) >"$DIR/tls.log" 2>&1 || { tail -n 20 "$DIR/tls.log" >&2; die "making the TLS certificates in $tmp failed"; }
  rm -rf "$TLS_DIR" && mv "$tmp" "$TLS_DIR"
}

# Listener settings. Without security this is the plain PLAINTEXT listener. With it, one CLIENT
# listener also carries the broker's own inter-broker traffic, so the broker authenticates to
# itself exactly as a client does.
listener_config() {
  local proto mech
  proto="$(client_protocol)"
  if [[ "$proto" == PLAINTEXT ]]; then
    cat <<PROPS
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
PROPS
    return
  fi
  cat <<PROPS
listeners=CLIENT://$HOST:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=CLIENT://$HOST:$PORT
listener.security.protocol.map=CLIENT:$proto,CONTROLLER:PLAINTEXT
inter.broker.listener.name=CLIENT
PROPS
  if [[ -n "$MECHANISM" ]]; then
    mech="$(tr '[:upper:]' '[:lower:]' <<<"$MECHANISM")"
    local user="$KAFKA_SASL_USERNAME" pass="$KAFKA_SASL_PASSWORD" module
    if [[ "$MECHANISM" == PLAIN ]]; then
      # PLAIN's server side checks against the user_<name> entries of the same JAAS line.
      module="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$user\" password=\"$pass\" user_$user=\"$pass\";"
    else
      module="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$user\" password=\"$pass\";"
    fi
    cat <<PROPS
sasl.enabled.mechanisms=$MECHANISM
sasl.mechanism.inter.broker.protocol=$MECHANISM
listener.name.client.$mech.sasl.jaas.config=$module
PROPS
  fi
  if [[ "$TLS" == 1 ]]; then
    cat <<PROPS
ssl.keystore.type=PEM
ssl.keystore.location=$TLS_DIR/broker.pem
ssl.truststore.type=PEM
ssl.truststore.location=$TLS_DIR/ca.pem
PROPS
  fi
}

write_config() {
  mkdir -p "$DIR/data"
  if [[ "$TLS" == 1 ]]; then ensure_tls_material; fi
  cat >"$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
controller.listener.names=CONTROLLER
$(listener_config)
log.dirs=$DIR/data
num.partitions=1
# Topics are created on purpose (by the operator or a test), never by a typo in a producer.
auto.create.topics.enable=false
# A single node: every internal topic has one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Tests join consumer groups often; the default 3 s delay would slow each of them.
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=2097152
PROPS
}

start() {
  fetch
  if running; then log "kafka[$INSTANCE] already running on $(cat "$DIR/address" 2>/dev/null || echo "127.0.0.1:$(cat "$DIR/port")")"; return; fi
  (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null && die "port $PORT is taken by another process: choose another with KAFKA_PORT"
  port_busy "$CPORT" && die "port $CPORT is taken by another process: choose another with KAFKA_CONTROLLER_PORT"
  write_config
  if [[ ! -f "$DIR/data/meta.properties" ]]; then
    local id
    id="$(java_cmd kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    [[ -n "$id" ]] || die "kafka.tools.StorageTool random-uuid printed no cluster id"
    # SCRAM credentials live in the cluster metadata: the format step writes the first ones.
    local scram=()
    if [[ "$MECHANISM" == SCRAM-* ]]; then
      scram=(--add-scram "$MECHANISM=[name=$KAFKA_SASL_USERNAME,password=$KAFKA_SASL_PASSWORD]")
    fi
    java_cmd kafka.tools.StorageTool format -t "$id" -c "$DIR/server.properties" "${scram[@]}" >"$DIR/format.log" 2>&1 \
      || { tail -n 20 "$DIR/format.log" >&2; die "formatting KRaft storage in $DIR/data failed"; }
  fi
  log "starting kafka[$INSTANCE] $KAFKA_VERSION on $HOST:$PORT ($(client_protocol)${MECHANISM:+ $MECHANISM}, controller $CPORT)"
  echo "$PORT" >"$DIR/port"
  echo "$HOST:$PORT" >"$DIR/address"
  java_args
  nohup "${JAVA_ARGS[@]}" kafka.Kafka "$DIR/server.properties" >"$LOGF" 2>&1 </dev/null &
  echo $! >"$PIDF"
  if ! WAIT_PID="$(cat "$PIDF")" wait_until "$TIMEOUT" "Kafka to serve on $HOST:$PORT" "$LOGF" \
      bash -c "grep -q 'Kafka Server started' '$LOGF' && (exec 3<>/dev/tcp/$HOST/$PORT)"; then
    stop_pidfile "$PIDF" "kafka[$INSTANCE]" 5
    die "kafka[$INSTANCE] did not start"
  fi
  watch_owner "$PIDF" "kafka[$INSTANCE]"
  log "kafka[$INSTANCE] ready: bootstrap $HOST:$PORT"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop_pidfile "$PIDF" "kafka[$INSTANCE]" 30 ;;
  status)
    if running; then echo "kafka[$INSTANCE]: running on $(cat "$DIR/address" 2>/dev/null || echo "127.0.0.1:$(cat "$DIR/port")") (pid $(cat "$PIDF"))"
    else echo "kafka[$INSTANCE]: stopped"; exit 3; fi ;;
  destroy) stop_pidfile "$PIDF" "kafka[$INSTANCE]" 30; rm -rf "$DIR" ;;
  *) die "usage: kafka.sh fetch|start|stop|status|destroy" ;;
esac
