# shellcheck shell=bash
# deploy/local/lib/services.sh — sourced by deploy/local/stack (uses its settings); defines functions only.

# ---------------------------------------------------------------------------------------------
# The four services (packaged Quarkus fast-jars)
# ---------------------------------------------------------------------------------------------
service_jar() { echo "$REPO_ROOT/${1%-2}/target/quarkus-app/quarkus-run.jar"; }
service_port() { port_of "$1"; }
service_port_var() {
  case $1 in
    auth-service) echo MICROENV_AUTH_PORT ;; secrets-service) echo MICROENV_SECRETS_PORT ;;
    audit-service) echo MICROENV_AUDIT_PORT ;; gateway) echo MICROENV_GATEWAY_PORT ;;
    gateway-2) echo MICROENV_GATEWAY2_PORT ;;
  esac
}

build_if_missing() {
  local missing=() part
  for part in "${SERVICE_PARTS[@]}"; do [[ -f $(service_jar "$part") ]] || missing+=("$part"); done
  [[ -x $REPO_ROOT/cli/target/microenv-cli/bin/microenv ]] || missing+=(cli)
  ((${#missing[@]} == 0)) && return 0
  local t0; t0=$(now_ms)
  say "building the services (missing: ${missing[*]}): ./mvnw -B -DskipTests package — log: $LOG_DIR/build.log"
  (cd "$REPO_ROOT" && ./mvnw -B -DskipTests package) </dev/null >"$(log_file build)" 2>&1 9>&- &
  local build_pid=$! start=$SECONDS
  while kill -0 "$build_pid" 2>/dev/null; do
    sleep 5
    kill -0 "$build_pid" 2>/dev/null && say "building ($((SECONDS - start))s)…"
  done
  wait "$build_pid" || fail_part build "failed (./mvnw -B -DskipTests package)"
  say "build done ($(elapsed "$t0"))"
}

# True when the service's build output is newer than the running process (a rebuild since its start).
rebuilt_since_start() {
  local part=$1 app
  app="$(dirname "$(service_jar "$part")")"
  [[ -n $(find "$app" -newer "$(pid_file "$part")" -type f -print -quit 2>/dev/null) ]]
}

service_ready() { http_ok "http://127.0.0.1:$(service_port "$1")/q/health/ready"; }

start_service() {
  local part=$1 pid port jar t0
  t0=$(now_ms); port=$(service_port "$part"); jar=$(service_jar "$part")
  if pid=$(running_pid "$part"); then
    if [[ $(cat "$RUN_DIR/$part.root" 2>/dev/null) != "$REPO_ROOT" ]]; then
      say "$part was started from another checkout ($(cat "$RUN_DIR/$part.root" 2>/dev/null || echo unknown)): restarting it from $REPO_ROOT"
      stop_group "$part"
    elif rebuilt_since_start "$part"; then
      say "$part was rebuilt since it started: restarting it"
      stop_group "$part"
    else
      say "$part already running (pid $pid, port $port)"
      return 0
    fi
  fi
  [[ -f $jar ]] || die "$part: $jar is missing (build it: ./mvnw -B -DskipTests package)"
  ensure_port_free "$part" "$port" "$(service_port_var "$part")"
  # Every infra.env assignment plus the services' URLs and ports in the service's environment.
  (
    set -a
    # shellcheck source=/dev/null
    . "$INFRA_ENV"
    set +a
    export MICROENV_GATEWAY_PORT=$GATEWAY_PORT MICROENV_AUTH_PORT=$AUTH_PORT \
      MICROENV_SECRETS_PORT=$SECRETS_PORT MICROENV_AUDIT_PORT=$AUDIT_PORT \
      MICROENV_GATEWAY_URL=$GATEWAY_URL MICROENV_AUTH_URL=$AUTH_URL \
      MICROENV_SECRETS_URL=$SECRETS_URL MICROENV_AUDIT_URL=$AUDIT_URL \
      MICROENV_HOME
    # Whatever the service's own defaults: this port, loopback only.
    export QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1
    # auth-service: OIDC trusts may name plain-http issuers here (the local fake CI issuer, realm acme-ci).
    if [[ $part == auth-service ]]; then export MICROENV_OIDC_ALLOW_HTTP_ISSUERS=true; fi
    gateway_env "$part"
    # secrets-service: per-project keys in $MICROENV_HOME/keyring, destroyed with the project (docs/variables.md).
    if [[ $part == secrets-service ]]; then export MICROENV_KEK_PROVIDER=${MICROENV_KEK_PROVIDER:-local-keyring}; fi
    export MALLOC_ARENA_MAX=$SERVICE_MALLOC_ARENA_MAX
    # shellcheck disable=SC2086 # SERVICE_JAVA_OPTS is a list of JVM options
    start_detached "$part" java -DmicroenvStackPart="$part" $SERVICE_JAVA_OPTS -jar "$jar"
  )
  echo "$REPO_ROOT" >"$RUN_DIR/$part.root"
  echo "$t0" >"$RUN_DIR/$part.t0"
}

# Gateway replicas: management (metrics) and HTTPS ports of their own; the certificate when --tls.
gateway_env() {
  case $1 in
    gateway) export MICROENV_GATEWAY_MGMT_PORT=$GATEWAY_MGMT_PORT QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
      MICROENV_GATEWAY_TLS_PORT=$GATEWAY_TLS_PORT ;;
    gateway-2) export MICROENV_GATEWAY_MGMT_PORT=$GATEWAY2_MGMT_PORT QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
      MICROENV_GATEWAY_TLS_PORT=$GATEWAY2_TLS_PORT ;;
    *) return 0 ;;
  esac
  if $GATEWAY_TLS; then
    export MICROENV_GATEWAY_TLS_CERT="$TLS_DIR/gateway.crt" MICROENV_GATEWAY_TLS_KEY="$TLS_DIR/gateway.key"
  fi
}

# A self-signed certificate for the gateway (127.0.0.1 and localhost), made once and kept.
TLS_DIR="$MICROENV_HOME/tls"
make_gateway_cert() {
  command -v openssl >/dev/null || die "--tls needs openssl (apt-get install -y openssl)"
  mkdir -p "$TLS_DIR"; chmod 700 "$TLS_DIR"
  if [[ ! -f $TLS_DIR/gateway.crt || ! -f $TLS_DIR/gateway.key ]]; then
    openssl req -x509 -newkey rsa:2048 -sha256 -days 365 -nodes -subj "/CN=MicroENV local gateway" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$TLS_DIR/gateway.key" -out "$TLS_DIR/gateway.crt" >"$(log_file tls)" 2>&1 9>&- \
      || fail_part tls "could not make a certificate"
    chmod 600 "$TLS_DIR/gateway.key"
    say "tls: made a self-signed certificate $TLS_DIR/gateway.crt"
  fi
}

print_tls_usage() {
  $GATEWAY_TLS || return 0
  cat <<TLSEOF

HTTPS: https://127.0.0.1:$GATEWAY_TLS_PORT (self-signed certificate $TLS_DIR/gateway.crt). To trust it:
  curl:          curl --cacert $TLS_DIR/gateway.crt https://127.0.0.1:$GATEWAY_TLS_PORT/q/health/ready
  this machine:  cp $TLS_DIR/gateway.crt /usr/local/share/ca-certificates/microenv-gateway.crt && update-ca-certificates
  Java (CLI):    keytool -importcert -noprompt -alias microenv-gateway -file $TLS_DIR/gateway.crt -cacerts -storepass changeit
  A gateway that was already running without TLS keeps running so: deploy/local/stack down --services-only first.
TLSEOF
}

wait_services() {
  local part t0 parts=("$@")
  ((${#parts[@]} > 0)) || parts=("${SERVICE_PARTS[@]}")
  for part in "${parts[@]}"; do
    wait_until "$part" "$SERVICE_TIMEOUT" service_ready "$part"
    if [[ -f $RUN_DIR/$part.t0 ]]; then
      t0=$(<"$RUN_DIR/$part.t0"); rm -f "$RUN_DIR/$part.t0"
      say "$part ready on 127.0.0.1:$(service_port "$part") ($(elapsed "$t0"))"
    fi
  done
}

write_cli_launcher() {
  mkdir -p "$BIN_DIR"
  # The CLI's own launcher (cli/src/main/dist/bin/microenv: JVM flags, AppCDS archive) does the work.
  cat >"$BIN_DIR/microenv" <<EOF
#!/bin/sh
# MicroENV CLI launcher, written by deploy/local/stack up.
exec "$REPO_ROOT/cli/target/microenv-cli/bin/microenv" "\$@"
EOF
  chmod 755 "$BIN_DIR/microenv"
}
