# shellcheck shell=bash
# deploy/local/lib/keycloak.sh — sourced by deploy/local/stack (uses its settings); defines functions only.

# ---------------------------------------------------------------------------------------------
# Keycloak 26 (dist zip from Maven Central, PostgreSQL-backed, built once, started optimized)
# ---------------------------------------------------------------------------------------------
ensure_keycloak_dist() {
  [[ -x $KEYCLOAK_HOME/bin/kc.sh ]] && return 0
  local t0 dl="$CACHE_DIR/download"
  t0=$(now_ms)
  say "keycloak: fetching keycloak-quarkus-dist $KEYCLOAK_VERSION with Maven and unpacking it (once)…"
  mkdir -p "$dl"
  # The Kafka pom is a standalone project, so this works whatever state the main build is in.
  mvnw -q -f "$KAFKA_POM" dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDir="$dl" >>"$(log_file keycloak)" 2>&1 9>&- || fail_part keycloak "could not fetch the Keycloak distribution"
  rm -rf "$KEYCLOAK_HOME.tmp"; mkdir -p "$KEYCLOAK_HOME.tmp"
  unzip -q "$dl/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$KEYCLOAK_HOME.tmp" >>"$(log_file keycloak)" 2>&1 \
    || fail_part keycloak "could not unpack the Keycloak distribution"
  rm -rf "$KEYCLOAK_HOME"; mv "$KEYCLOAK_HOME.tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
  rm -rf "$KEYCLOAK_HOME.tmp" "$dl/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  say "keycloak: unpacked ($(elapsed "$t0"))"
}

ensure_keycloak_build() {
  local marker="$KEYCLOAK_HOME/.microenv-build-options" wanted="${KEYCLOAK_BUILD_OPTS[*]}" t0
  [[ -f $marker && $(<"$marker") == "$wanted" ]] && return 0
  t0=$(now_ms)
  say "keycloak: building the server for PostgreSQL (once, about a minute)…"
  JAVA_OPTS_APPEND="-DmicroenvStackPart=keycloak-build" "$KEYCLOAK_HOME/bin/kc.sh" build "${KEYCLOAK_BUILD_OPTS[@]}" \
    </dev/null >>"$(log_file keycloak)" 2>&1 9>&- || fail_part keycloak "kc.sh build failed"
  printf '%s' "$wanted" >"$marker"
  say "keycloak: built ($(elapsed "$t0"))"
}

keycloak_ready() { http_ok "http://127.0.0.1:$KEYCLOAK_MGMT_PORT/health/ready"; }

# The first requests after start can be slow on a busy machine: retry for a while.
realm_served() {
  local url="http://127.0.0.1:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM/.well-known/openid-configuration" deadline=$((SECONDS + 60))
  until curl -fsS -o /dev/null --max-time 10 "$url" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

KEYCLOAK_T0=""
launch_keycloak() {
  local pid
  if pid=$(running_pid keycloak); then
    say "keycloak already running (pid $pid, port $KEYCLOAK_PORT)"
    return 0
  fi
  KEYCLOAK_T0=$(now_ms)
  ensure_keycloak_dist
  ensure_keycloak_build
  ensure_port_free keycloak "$KEYCLOAK_PORT" MICROENV_KEYCLOAK_PORT
  ensure_port_free keycloak-management "$KEYCLOAK_MGMT_PORT" MICROENV_KEYCLOAK_MGMT_PORT
  mkdir -p "$KEYCLOAK_HOME/data/import"
  cp "$REPO_ROOT/deploy/keycloak/microenv-realm.json" "$KEYCLOAK_HOME/data/import/microenv-realm.json"
  # Secrets reach Keycloak through its environment only: KC_* options and the realm's ${...} placeholders.
  (
    export JAVA_OPTS_APPEND="-DmicroenvStackPart=keycloak"
    export KC_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/keycloak" KC_DB_USERNAME=keycloak
    KC_DB_PASSWORD=$(infra_get MICROENV_KEYCLOAK_DB_PASSWORD)
    KC_BOOTSTRAP_ADMIN_USERNAME=$(infra_get MICROENV_KEYCLOAK_ADMIN_USERNAME)
    KC_BOOTSTRAP_ADMIN_PASSWORD=$(infra_get MICROENV_KEYCLOAK_ADMIN_PASSWORD)
    export KC_DB_PASSWORD KC_BOOTSTRAP_ADMIN_USERNAME KC_BOOTSTRAP_ADMIN_PASSWORD
    # The realm file's ${MICROENV_...} placeholders resolve from these.
    set -a
    # shellcheck source=/dev/null
    . "$INFRA_ENV"
    set +a
    start_detached keycloak "$KEYCLOAK_HOME/bin/kc.sh" start --optimized --import-realm \
      --http-enabled=true --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
      --http-management-port="$KEYCLOAK_MGMT_PORT" --hostname="$KEYCLOAK_URL" \
      --cache=local # one node: no JGroups cluster listening beyond loopback
  )
}

await_keycloak() {
  wait_until keycloak "$KEYCLOAK_TIMEOUT" keycloak_ready
  if [[ -n $KEYCLOAK_T0 ]]; then
    realm_served || fail_part keycloak "is up but does not serve realm '$KEYCLOAK_REALM' (import failed?)"
    say "keycloak started on $KEYCLOAK_URL ($(elapsed "$KEYCLOAK_T0"))"
  fi
}
