# shellcheck shell=bash
# deploy/local/lib/kafka.sh — sourced by deploy/local/stack (uses its settings); defines functions only.

# ---------------------------------------------------------------------------------------------
# Kafka 4.1 (KRaft, broker + controller in one JVM), jars resolved by Maven into the cache
# ---------------------------------------------------------------------------------------------
kafka_dir() { echo "$MICROENV_HOME/kafka"; }
kafka_lib_dir() { echo "$CACHE_DIR/kafka-lib-$(sha1sum "$KAFKA_POM" | cut -c1-10)"; }

ensure_kafka_libs() {
  local lib t0
  lib=$(kafka_lib_dir)
  [[ -f $lib/.complete ]] && return 0
  t0=$(now_ms)
  say "kafka: resolving the broker's jars with Maven into $lib (once)…"
  rm -rf "$lib.tmp"
  mvnw -q -f "$KAFKA_POM" dependency:copy-dependencies -DoutputDir="$lib.tmp" >>"$(log_file kafka)" 2>&1 9>&- \
    || fail_part kafka "could not resolve org.apache.kafka:kafka_2.13 with Maven"
  rm -rf "$lib"; mv "$lib.tmp" "$lib"; touch "$lib/.complete"
  say "kafka: jars ready ($(elapsed "$t0"))"
}

write_kafka_config() {
  local dir; dir=$(kafka_dir)
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
# Written by deploy/local/stack on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Two cores: fewer broker threads than the defaults (3 network, 8 I/O) to cut context switches (issue 9).
# Applies when the broker (re)starts; the cost per audit event is mostly the producers' tiny batches
# (linger.ms on the services' side, see docs/BENCHMARKS.md).
num.network.threads=${MICROENV_KAFKA_NETWORK_THREADS:-2}
num.io.threads=${MICROENV_KAFKA_IO_THREADS:-2}
EOF
  cat >"$dir/log4j2.properties" <<'EOF'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.state.name = state.change.logger
logger.state.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
}

kafka_java() { java -cp "$(kafka_lib_dir)/*" "$@"; }

format_kafka_storage() {
  local dir; dir=$(kafka_dir)
  [[ -f $dir/data/meta.properties ]] && return 0
  local cluster_id
  if [[ -f $dir/cluster.id ]]; then cluster_id=$(<"$dir/cluster.id"); else
    cluster_id=$(kafka_java -Dlog4j2.configurationFile="file:$dir/log4j2.properties" kafka.tools.StorageTool random-uuid 2>>"$(log_file kafka)" | tail -n 1)
    echo "$cluster_id" >"$dir/cluster.id"
  fi
  say "kafka: formatting the KRaft storage (cluster $cluster_id)"
  kafka_java -Dlog4j2.configurationFile="file:$dir/log4j2.properties" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$dir/server.properties" >>"$(log_file kafka)" 2>&1 9>&- \
    || fail_part kafka "storage format failed"
}

# Kafka and Keycloak do not need each other: both are launched first, then awaited, so their
# start-ups overlap. KAFKA_T0/KEYCLOAK_T0 are set when this run launched the part.
KAFKA_T0=""
launch_kafka() {
  local pid dir
  dir=$(kafka_dir)
  if pid=$(running_pid kafka); then
    say "kafka already running (pid $pid, port $KAFKA_PORT)"
    return 0
  fi
  KAFKA_T0=$(now_ms)
  ensure_kafka_libs
  ensure_port_free kafka "$KAFKA_PORT" MICROENV_KAFKA_PORT
  ensure_port_free kafka-controller "$KAFKA_CONTROLLER_PORT" MICROENV_KAFKA_CONTROLLER_PORT
  write_kafka_config
  format_kafka_storage
  start_detached kafka java -DmicroenvStackPart=kafka -Xms256m -Xmx512m -XX:+UseG1GC \
    -Dlog4j2.configurationFile="file:$dir/log4j2.properties" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$(kafka_lib_dir)/*" kafka.Kafka "$dir/server.properties"
}

await_kafka() {
  if [[ -n $KAFKA_T0 ]]; then
    wait_until kafka 180 port_open "$KAFKA_PORT"
    say "kafka started on 127.0.0.1:$KAFKA_PORT ($(elapsed "$KAFKA_T0"))"
  fi
  ensure_kafka_topics
}

ensure_kafka_topics() {
  local marker wanted
  marker="$(kafka_dir)/data/.microenv-topics"
  wanted="${KAFKA_TOPICS[*]}"
  [[ -f $marker && $(<"$marker") == "$wanted" ]] && return 0
  say "kafka: creating topics ${KAFKA_TOPICS[*]}"
  java -cp "$(kafka_lib_dir)/*" -Dlog4j2.configurationFile="file:$(kafka_dir)/log4j2.properties" \
    "$SCRIPT_DIR/kafka/CreateTopics.java" "127.0.0.1:$KAFKA_PORT" 90 "${KAFKA_TOPICS[@]}" >>"$(log_file kafka-topics)" 2>&1 9>&- \
    || fail_part kafka-topics "could not create the topics"
  printf '%s' "$wanted" >"$marker"
}

# ---------------------------------------------------------------------------------------------
# A Kafka outage on purpose, for resilience tests: `stack pause kafka [SECONDS]`, `stack resume kafka`
# ---------------------------------------------------------------------------------------------
# SIGSTOP freezes the broker's process group: clients get no answers (as from a hung or cut-off
# broker), and SIGCONT resumes it with its state, topics and consumer groups intact, at once (a
# restart would take longer than the outage). A watchdog resumes it after SECONDS (default 30,
# at most 120) even if whoever paused it dies; a later pause gets its own watchdog.
kafka_pause_file() { echo "$RUN_DIR/kafka.paused"; }

pause_kafka() {
  local max=${1:-30} pid token
  [[ $max =~ ^[0-9]+$ ]] && ((max >= 1 && max <= 120)) || die "stack pause kafka [SECONDS]: 1 to 120 seconds"
  pid=$(running_pid kafka) || die "kafka is not running (or was not started by this stack)"
  token="$pid-$(now_ms)"
  echo "$token" >"$(kafka_pause_file)"
  kill -STOP -- "-$pid"
  (
    sleep "$max"
    if [[ $(cat "$(kafka_pause_file)" 2>/dev/null) == "$token" ]]; then
      kill -CONT -- "-$pid" 2>/dev/null || true
      rm -f "$(kafka_pause_file)"
    fi
  ) </dev/null >/dev/null 2>&1 9>&- &
  disown
  say "kafka paused (pid $pid): it resumes by itself in ${max}s, or now with: stack resume kafka"
}

resume_kafka() {
  local pid
  pid=$(running_pid kafka) || die "kafka is not running (or was not started by this stack)"
  kill -CONT -- "-$pid"
  rm -f "$(kafka_pause_file)"
  say "kafka resumed (pid $pid)"
}
