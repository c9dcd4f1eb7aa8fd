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
  rm -f "$KEYCLOAK_HOME"/data/import/*.json
  cp "$REPO_ROOT"/deploy/keycloak/*-realm.json "$KEYCLOAK_HOME/data/import/"
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

# --import-realm only creates realms that do not exist yet, so a realm file changed since Keycloak's
# database was made would silently not apply. After every `up`, each realm file whose content differs
# from the last one applied is pushed into the running Keycloak through the admin API: a missing realm
# is created; an existing one gets the file's realm settings, its clients and identity providers replaced,
# and roles, groups and users added when missing (never replaced, so ids and role mappings stay stable).
sync_realms() {
  command -v jq >/dev/null || { say "keycloak: jq not found, realm files are not synced into a running Keycloak"; return 0; }
  local file name hash marker dir="$KEYCLOAK_HOME/data/realm-sync" token="" base="http://127.0.0.1:$KEYCLOAK_PORT"
  mkdir -p "$dir"
  for file in "$REPO_ROOT"/deploy/keycloak/*-realm.json; do
    name=$(jq -r .realm "$file")
    hash=$(realm_resolved "$file" | sha256sum | cut -c1-64)
    marker="$dir/$name.sha256"
    [[ -f $marker && $(<"$marker") == "$hash" ]] && continue
    if [[ -z $token ]]; then
      token=$(curl -fsS --max-time 20 -d grant_type=password -d client_id=admin-cli \
        --data-urlencode "username=$(infra_get MICROENV_KEYCLOAK_ADMIN_USERNAME)" \
        --data-urlencode "password=$(infra_get MICROENV_KEYCLOAK_ADMIN_PASSWORD)" \
        "$base/realms/master/protocol/openid-connect/token" 2>>"$(log_file keycloak)" | jq -er .access_token) \
        || fail_part keycloak "could not sign in to the admin API to sync realm files"
    fi
    realm_apply "$file" "$name" "$token" || fail_part keycloak "could not apply $file to the running Keycloak"
    printf '%s' "$hash" >"$marker"
  done
}

# The realm file with its ${MICROENV_...} placeholders filled from infra.env, as Keycloak's import does.
realm_resolved() {
  ( set -a; . "$INFRA_ENV"; set +a
    jq 'walk(if type == "string" then gsub("\\$\\{(?<v>MICROENV_[A-Z0-9_]+)\\}"; env[.v] // "") else . end)' "$1" )
}

realm_apply() {
  local file=$1 name=$2 token=$3 base="http://127.0.0.1:$KEYCLOAK_PORT/admin/realms" json status
  json=$(realm_resolved "$file") || return 1
  status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 20 -H "Authorization: Bearer $token" "$base/$name")
  if [[ $status == 404 ]]; then
    say "keycloak: creating realm '$name' from $(basename "$file")"
    kc_admin POST "$base" "$token" "$json" || return 1
    return 0
  fi
  say "keycloak: applying the changed $(basename "$file") to realm '$name'"
  kc_admin PUT "$base/$name" "$token" \
    "$(jq 'del(.clients, .users, .roles, .groups, .identityProviders, .identityProviderMappers)' <<<"$json")" || return 1
  # Clients are deleted and created again (creation is what makes a client's service-account user);
  # roles, groups and users are only added, so existing role mappings and user ids stay as they are.
  local client id
  while IFS= read -r client; do
    id=$(curl -fsS --max-time 20 -G -H "Authorization: Bearer $token" --data-urlencode "clientId=$(jq -r .clientId <<<"$client")" \
      "$base/$name/clients" | jq -r '.[0].id // empty') || return 1
    if [[ -n $id ]]; then kc_admin DELETE "$base/$name/clients/$id" "$token" "" || return 1; fi
    kc_admin POST "$base/$name/clients" "$token" "$client" || return 1
  done < <(jq -c '.clients // [] | .[]' <<<"$json")
  kc_admin POST "$base/$name/partialImport" "$token" \
    "$(jq '{ifResourceExists: "OVERWRITE", identityProviders} | with_entries(select(.value != null))' <<<"$json")" || return 1
  kc_admin POST "$base/$name/partialImport" "$token" \
    "$(jq '{ifResourceExists: "SKIP", roles, groups, users} | with_entries(select(.value != null))' <<<"$json")" || return 1
  if [[ $(jq '.identityProviderMappers // [] | length' <<<"$json") -gt 0 ]]; then
    local mapper alias
    while IFS= read -r mapper; do
      alias=$(jq -r .identityProviderAlias <<<"$mapper")
      kc_admin POST "$base/$name/identity-provider/instances/$alias/mappers" "$token" "$mapper" 409 || return 1
    done < <(jq -c '.identityProviderMappers[]' <<<"$json")
  fi
}

# kc_admin METHOD URL TOKEN BODY [ALSO_OK_STATUS]: one admin API call; the body goes through stdin, never argv.
kc_admin() {
  local status
  status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X "$1" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/json' --data-binary @- "$2" <<<"$4")
  [[ $status == 2* || $status == "${5:-none}" ]] && return 0
  say "keycloak: admin API $1 ${2#http://127.0.0.1:$KEYCLOAK_PORT} answered $status"
  return 1
}

# ---------------------------------------------------------------------------------------------
# `stack mfa require|optional|status`: TOTP for everyone in realm microenv, through the admin API.
# require: the required action CONFIGURE_TOTP becomes a default action (new users, first SSO logins
# included) and is added to every existing user who has no OTP credential yet (remembered in
# $KEYCLOAK_HOME/data/mfa-required-users, so `optional` takes it off exactly those users again).
# Users who have TOTP are asked for a code anyway (the browser flow's conditional OTP step).
# ---------------------------------------------------------------------------------------------
kc_admin_token() {
  curl -fsS --max-time 20 -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$(infra_get MICROENV_KEYCLOAK_ADMIN_USERNAME)" \
    --data-urlencode "password=$(infra_get MICROENV_KEYCLOAK_ADMIN_PASSWORD)" \
    "http://127.0.0.1:$KEYCLOAK_PORT/realms/master/protocol/openid-connect/token" 2>>"$(log_file keycloak)" \
    | jq -er .access_token || fail_part keycloak "could not sign in to the admin API"
}

# mfa_set_default TOKEN true|false
mfa_set_default() {
  local base="http://127.0.0.1:$KEYCLOAK_PORT/admin/realms/$KEYCLOAK_REALM/authentication/required-actions/CONFIGURE_TOTP" rep
  rep=$(curl -fsS --max-time 20 -H "Authorization: Bearer $1" "$base") || return 1
  kc_admin PUT "$base" "$1" "$(jq --argjson d "$2" '.enabled = true | .defaultAction = $d' <<<"$rep")"
}

# mfa_users TOKEN: every user of the realm, full representation (totp, requiredActions), one per line.
mfa_users() {
  local first=0 page n
  while :; do
    page=$(curl -fsS --max-time 30 -H "Authorization: Bearer $1" \
      "http://127.0.0.1:$KEYCLOAK_PORT/admin/realms/$KEYCLOAK_REALM/users?briefRepresentation=false&first=$first&max=200") || return 1
    jq -c '.[]' <<<"$page"
    n=$(jq length <<<"$page"); ((n == 200)) || return 0
    first=$((first + 200))
  done
}

# mfa_user_actions TOKEN ID add|remove: CONFIGURE_TOTP added to or removed from one user's required actions.
mfa_user_actions() {
  local url="http://127.0.0.1:$KEYCLOAK_PORT/admin/realms/$KEYCLOAK_REALM/users/$2" rep
  rep=$(curl -fsS --max-time 20 -H "Authorization: Bearer $1" "$url") || return 1
  if [[ $3 == add ]]; then
    rep=$(jq '.requiredActions = ((.requiredActions // []) + ["CONFIGURE_TOTP"] | unique)' <<<"$rep")
  else
    rep=$(jq '.requiredActions = ((.requiredActions // []) - ["CONFIGURE_TOTP"])' <<<"$rep")
  fi
  kc_admin PUT "$url" "$1" "$rep"
}

mfa_require() {
  local token list="$KEYCLOAK_HOME/data/mfa-required-users" user id count=0
  token=$(kc_admin_token)
  mfa_set_default "$token" true || fail_part keycloak "could not make CONFIGURE_TOTP a default action"
  mkdir -p "$(dirname "$list")"; touch "$list"
  while IFS= read -r user; do
    id=$(jq -r .id <<<"$user")
    mfa_user_actions "$token" "$id" add || fail_part keycloak "could not require TOTP of user $id"
    printf '%s\n' "$id" >>"$list"; count=$((count + 1))
  done < <(mfa_users "$token" | jq -c 'select((.totp // false) | not) | select((.requiredActions // []) | index("CONFIGURE_TOTP") | not)')
  sort -u -o "$list" "$list"
  say "keycloak: TOTP required in realm '$KEYCLOAK_REALM' (default action for new users; asked of $count existing users at their next sign-in)"
}

mfa_optional() {
  local token list="$KEYCLOAK_HOME/data/mfa-required-users" id count=0
  token=$(kc_admin_token)
  mfa_set_default "$token" false || fail_part keycloak "could not make CONFIGURE_TOTP optional"
  if [[ -f $list ]]; then
    while IFS= read -r id; do
      [[ -n $id ]] || continue
      # A user deleted meanwhile answers 404: nothing to undo.
      mfa_user_actions "$token" "$id" remove 2>/dev/null || true
      count=$((count + 1))
    done <"$list"
    rm -f "$list"
  fi
  say "keycloak: TOTP optional in realm '$KEYCLOAK_REALM' (no longer a default action; taken off $count users it had been added to)"
}

mfa_status() {
  local token default pending
  token=$(kc_admin_token)
  default=$(curl -fsS --max-time 20 -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$KEYCLOAK_PORT/admin/realms/$KEYCLOAK_REALM/authentication/required-actions/CONFIGURE_TOTP" | jq -r .defaultAction)
  pending=$(mfa_users "$token" | jq -s '[.[] | select((.requiredActions // []) | index("CONFIGURE_TOTP"))] | length')
  printf 'realm %s: CONFIGURE_TOTP default action: %s; users asked to set up TOTP: %s\n' "$KEYCLOAK_REALM" "$default" "$pending"
}
