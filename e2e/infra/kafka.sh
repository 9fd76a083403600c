#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) on loopback, from Maven Central's jars.
#
# Usage: kafka.sh fetch|start|stop|status|destroy
# Environment (all optional):
#   CMF_INSTANCE           instance name; state lives in .cache/run/<instance>/kafka   (default: dev)
#   KAFKA_PORT             client (PLAINTEXT) port                                     (default: 19092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port                                       (default: KAFKA_PORT+1)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to serve                     (default: 120)
#   KAFKA_HEAP             JVM heap                                                    (default: 512m)
#   CMF_OWNER_PID          stop the broker when this process exits (used by tests)
# Two instances with different names and ports run side by side (a dev stack and a test run).
source "$(dirname "$0")/lib.sh"

INSTANCE="${CMF_INSTANCE:-dev}"
PORT="${KAFKA_PORT:-19092}"
CPORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
DIR="$CMF_RUN/$INSTANCE/kafka"
LIBS="$CMF_CACHE/kafka/$KAFKA_VERSION/libs"
PIDF="$DIR/kafka.pid"
LOGF="$DIR/kafka.log"

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

write_config() {
  mkdir -p "$DIR/data"
  cat >"$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
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
  if running; then log "kafka[$INSTANCE] already running on 127.0.0.1:$(cat "$DIR/port")"; return; fi
  port_busy "$PORT" && die "port $PORT is taken by another process: choose another with KAFKA_PORT"
  port_busy "$CPORT" && die "port $CPORT is taken by another process: choose another with KAFKA_CONTROLLER_PORT"
  write_config
  if [[ ! -f "$DIR/data/meta.properties" ]]; then
    local id
    id="$(java_cmd kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    [[ -n "$id" ]] || die "kafka.tools.StorageTool random-uuid printed no cluster id"
    java_cmd kafka.tools.StorageTool format -t "$id" -c "$DIR/server.properties" >"$DIR/format.log" 2>&1 \
      || { tail -n 20 "$DIR/format.log" >&2; die "formatting KRaft storage in $DIR/data failed"; }
  fi
  log "starting kafka[$INSTANCE] $KAFKA_VERSION on 127.0.0.1:$PORT (controller $CPORT)"
  echo "$PORT" >"$DIR/port"
  java_args
  nohup "${JAVA_ARGS[@]}" kafka.Kafka "$DIR/server.properties" >"$LOGF" 2>&1 </dev/null &
  echo $! >"$PIDF"
  if ! WAIT_PID="$(cat "$PIDF")" wait_until "$TIMEOUT" "Kafka to serve on 127.0.0.1:$PORT" "$LOGF" \
      bash -c "grep -q 'Kafka Server started' '$LOGF' && (exec 3<>/dev/tcp/127.0.0.1/$PORT)"; then
    stop_pidfile "$PIDF" "kafka[$INSTANCE]" 5
    die "kafka[$INSTANCE] did not start"
  fi
  watch_owner "$PIDF" "kafka[$INSTANCE]"
  log "kafka[$INSTANCE] ready: bootstrap 127.0.0.1:$PORT"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop_pidfile "$PIDF" "kafka[$INSTANCE]" 30 ;;
  status)
    if running; then echo "kafka[$INSTANCE]: running on 127.0.0.1:$(cat "$DIR/port") (pid $(cat "$PIDF"))"
    else echo "kafka[$INSTANCE]: stopped"; exit 3; fi ;;
  destroy) stop_pidfile "$PIDF" "kafka[$INSTANCE]" 30; rm -rf "$DIR" ;;
  *) die "usage: kafka.sh fetch|start|stop|status|destroy" ;;
esac
