# shellcheck shell=bash
# deploy/local/lib/demo.sh — sourced by deploy/local/stack (uses its settings); defines functions only.

# ---------------------------------------------------------------------------------------------
# Demo data (through the gateway, as a user would)
# ---------------------------------------------------------------------------------------------
# curl with a bearer credential passed through a file descriptor, never on the command line.
api() {
  local credential=$1; shift
  curl -sS --max-time 20 -H @<(printf 'Authorization: Bearer %s\n' "$credential") -H 'Content-Type: application/json' "$@"
}

demo_env_works() {
  [[ -f $DEMO_ENV ]] || return 1
  local project key code
  project=$(env_file_get "$DEMO_ENV" MICROENV_DEMO_PROJECT_ID)
  key=$(env_file_get "$DEMO_ENV" MICROENV_DEMO_API_KEY)
  [[ -n $project && -n $key ]] || return 1
  code=$(api "$key" -o /dev/null -w '%{http_code}' "$GATEWAY_URL/v1/projects/$project/environments/development/variables") || return 1
  [[ $code == 200 ]]
}

demo_user_token() {
  local user password
  user=$(infra_get MICROENV_DEMO_USER); password=$(infra_get MICROENV_DEMO_PASSWORD)
  curl -sS --fail-with-body --max-time 20 \
    -d grant_type=password -d client_id=microenv-cli -d scope=openid \
    --data-urlencode "username=$user" --data-urlencode password@<(printf '%s' "$password") \
    "$KEYCLOAK_URL/realms/$KEYCLOAK_REALM/protocol/openid-connect/token" | jq -er .access_token
}

# Calls the API and fails with the response body (never containing secrets of ours) unless 2xx.
demo_call() {
  local what=$1 credential=$2; shift 2
  local out code
  out=$(api "$credential" -w '\n%{http_code}' "$@") || die "demo: $what: request failed"
  code=${out##*$'\n'}; out=${out%$'\n'*}
  [[ $code == 2?? ]] || die "demo: $what answered HTTP $code: $out"
  printf '%s' "$out"
}

# A CLI token for the demo user through the real device flow (RFC 8628), as `microenv login` does: request a
# code, approve it as the demo user (Keycloak token, through the gateway), poll until the token comes.
# The two credential-less device endpoints go through the gateway; a gateway that does not route them yet
# (401) is bypassed for those two calls only, straight to auth-service.
demo_cli_token() {
  local user_token=$1 base=$GATEWAY_URL out code device_code user_code interval deadline
  out=$(curl -sS --max-time 20 -w '\n%{http_code}' -d client_id=microenv-cli -d client_name=stack-demo "$base/v1/auth/device") || return 1
  code=${out##*$'\n'}; out=${out%$'\n'*}
  if [[ $code != 200 ]]; then
    base=$AUTH_URL
    out=$(curl -sS --max-time 20 -w '\n%{http_code}' -d client_id=microenv-cli -d client_name=stack-demo "$base/v1/auth/device") || return 1
    code=${out##*$'\n'}; out=${out%$'\n'*}
    [[ $code == 200 ]] || { warn "demo: POST /v1/auth/device answered HTTP $code"; return 1; }
  fi
  device_code=$(jq -er .device_code <<<"$out") || return 1
  user_code=$(jq -er .user_code <<<"$out") || return 1
  interval=$(jq -er .interval <<<"$out") || return 1
  demo_call "POST /v1/auth/device/approve" "$user_token" -X POST \
    -d "$(jq -cn --arg c "$user_code" '{user_code:$c, decision:"approve"}')" "$GATEWAY_URL/v1/auth/device/approve" >/dev/null
  deadline=$(( $(date +%s) + 120 ))
  while (( $(date +%s) < deadline )); do
    out=$(curl -sS --max-time 20 --data-urlencode device_code@<(printf '%s' "$device_code") \
      -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d client_id=microenv-cli "$base/v1/auth/device/token") || return 1
    if jq -e .access_token <<<"$out" >/dev/null 2>&1; then
      jq -r .access_token <<<"$out"
      return 0
    fi
    case $(jq -r .error <<<"$out") in
      authorization_pending) ;;
      slow_down) interval=$(jq -r '.interval // empty' <<<"$out"); interval=${interval:-10} ;;
      *) warn "demo: device token endpoint answered $(jq -r .error <<<"$out")"; return 1 ;;
    esac
    sleep "$interval"
  done
  warn "demo: the device login did not complete in time"
  return 1
}

# Keeps demo.env's MICROENV_DEMO_CLI_TOKEN working: a new one through the device flow when missing or refused.
ensure_demo_cli_token() {
  local token code
  token=$(env_file_get "$DEMO_ENV" MICROENV_DEMO_CLI_TOKEN)
  if [[ -n $token ]]; then
    code=$(api "$token" -o /dev/null -w '%{http_code}' "$GATEWAY_URL/v1/me") || code=000
    [[ $code == 200 ]] && return 0
  fi
  local user_token
  user_token=$(demo_user_token) || { warn "demo: no Keycloak token for the demo user; no CLI token"; return 0; }
  token=$(demo_cli_token "$user_token") || { warn "demo: could not obtain a CLI token through the device flow"; return 0; }
  (
    umask 077
    grep -v '^MICROENV_DEMO_CLI_TOKEN=' "$DEMO_ENV" >"$DEMO_ENV.new" || true
    printf 'MICROENV_DEMO_CLI_TOKEN=%s\n' "$token" >>"$DEMO_ENV.new"
    mv "$DEMO_ENV.new" "$DEMO_ENV"
  )
  chmod 600 "$DEMO_ENV"
  say "demo: CLI token of the demo user (device flow) in $DEMO_ENV as MICROENV_DEMO_CLI_TOKEN"
}

create_demo() {
  if demo_env_works; then
    say "demo: $DEMO_ENV still works; keeping it"
    ensure_demo_cli_token
    return 0
  fi
  say "demo: creating the demo project, API key and variables through the gateway"
  local token project key
  token=$(demo_user_token) || die "demo: could not get a token for the demo user from Keycloak"
  project=$(demo_call "POST /v1/projects" "$token" -X POST -d '{"name":"Demo"}' "$GATEWAY_URL/v1/projects" | jq -er .id)
  key=$(demo_call "POST /v1/projects/$project/api-keys" "$token" -X POST \
    -d '{"name":"demo","permissions":["read","write"],"environments":["*"]}' \
    "$GATEWAY_URL/v1/projects/$project/api-keys" | jq -er .key)
  local env name value
  while IFS='|' read -r env name value; do
    demo_call "PUT $env/$name" "$key" -X PUT -d "$(jq -cn --arg v "$value" '{value:$v}')" \
      "$GATEWAY_URL/v1/projects/$project/environments/$env/variables/$name" >/dev/null
  done <<'EOF'
development|DATABASE_URL|postgres://demo:demo@localhost:5432/demo_dev
development|API_BASE_URL|http://localhost:3000/api
development|FEATURE_FLAGS|new-checkout,dark-mode
production|DATABASE_URL|postgres://app@db.prod.internal:5432/demo
production|API_BASE_URL|https://api.demo.example/api
EOF
  (
    umask 077
    cat >"$DEMO_ENV" <<EOF
# Written by deploy/local/stack up: the demo project and its read/write API key (all environments).
MICROENV_API_URL=$GATEWAY_URL
MICROENV_DEMO_PROJECT_ID=$project
MICROENV_DEMO_API_KEY=$key
MICROENV_DEMO_USER=$(infra_get MICROENV_DEMO_USER)
MICROENV_DEMO_PASSWORD=$(infra_get MICROENV_DEMO_PASSWORD)
KEYCLOAK_URL=$KEYCLOAK_URL
EOF
  )
  chmod 600 "$DEMO_ENV"
  ensure_demo_cli_token
  say "demo: project $project ready; credentials in $DEMO_ENV"
}

print_demo_usage() {
  local project
  project=$(env_file_get "$DEMO_ENV" MICROENV_DEMO_PROJECT_ID)
  cat <<EOF

MicroENV is up. The seed's request, filled in (the API key is read from $DEMO_ENV, so it stays out of logs):

  (. $DEMO_ENV && curl -X GET "\$MICROENV_API_URL/v1/projects/$project/environments/development/variables" -H "Authorization: Bearer \$MICROENV_DEMO_API_KEY" -H "Content-Type: application/json")

The CLI: export PATH="$BIN_DIR:\$PATH"   (then: microenv --help)
The dashboard: $GATEWAY_URL/   (sign in as MICROENV_DEMO_USER with MICROENV_DEMO_PASSWORD from $INFRA_ENV)
API reference: $GATEWAY_URL/q/swagger-ui
Status: deploy/local/stack status    Logs: deploy/local/stack logs NAME    Stop: deploy/local/stack down
EOF
}
