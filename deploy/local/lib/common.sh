# shellcheck shell=bash
# deploy/local/lib/common.sh — sourced by deploy/local/stack (uses its settings); defines functions only.

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
say()  { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { local start=$1; local ms=$(( $(now_ms) - start )); printf '%d.%ds' $((ms / 1000)) $(((ms % 1000) / 100)); }

# Prints the last lines of a part's log and fails the run, naming the part.
fail_part() {
  local name=$1 reason=$2 log="$LOG_DIR/$1.log"
  printf '[stack] ERROR: %s %s\n' "$name" "$reason" >&2
  if [[ -f $log ]]; then
    printf '[stack] last lines of %s:\n' "$log" >&2
    tail -n "${MICROENV_FAIL_TAIL:-40}" "$log" | sed 's/^/    /' >&2
  fi
  exit 1
}

port_of() {
  case $1 in
    postgres) echo "$PG_PORT" ;;
    kafka) echo "$KAFKA_PORT" ;;
    keycloak) echo "$KEYCLOAK_PORT" ;;
    auth-service) echo "$AUTH_PORT" ;;
    secrets-service) echo "$SECRETS_PORT" ;;
    audit-service) echo "$AUDIT_PORT" ;;
    gateway) echo "$GATEWAY_PORT" ;;
    gateway-2) echo "$GATEWAY2_PORT" ;;
    *) die "unknown part '$1' (parts: ${INFRA_PARTS[*]} ${SERVICE_PARTS[*]})" ;;
  esac
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_file() { echo "$RUN_DIR/$1.pid"; }

# The PID of a part we started (its process group leader), if that part still runs. Every JVM we
# start carries -DmicroenvStackPart=NAME (a name outside the services' `microenv.*` configuration, which
# Quarkus validates), so a recycled PID never passes for one of ours. `-Dmicroenv.part=` is still
# recognised: the first versions of this script tagged with it.
running_pid() {
  local name=$1 file pid
  if [[ $name == postgres ]]; then
    file="$(pg_data_dir)/postmaster.pid"
    [[ -r $file ]] || return 1
    pid=$(head -n 1 "$file" 2>/dev/null) || return 1
    [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "postgres" || return 1
  else
    file=$(pid_file "$name")
    [[ -f $file ]] || return 1
    pid=$(<"$file")
    [[ -n $pid ]] || return 1
    # kc.sh runs its JVM as a child, so look at the whole process group, not only its leader.
    pgrep -g "$pid" -f -- "-D(microenvStackPart|microenv\.part)=$name( |\$)" >/dev/null 2>&1 || return 1
  fi
  echo "$pid"
}

# Starts a long-running command in its own session (so `down` can stop its whole process group),
# detached from our stdin/stdout and from the stack lock (fd 9), and records its PID. Callers pass
# secrets through exported variables (in a subshell), never as arguments visible in `ps`.
start_detached() {
  local name=$1; shift
  local log; log=$(log_file "$name")
  printf '\n===== %s: starting %s =====\n' "$(date -Is)" "$name" >>"$log"
  setsid "$@" </dev/null >>"$log" 2>&1 9>&- &
  echo $! >"$(pid_file "$name")"
}

# A part's log file, private to its owner (logs may quote configuration).
log_file() {
  local log="$LOG_DIR/$1.log"
  [[ -f $log ]] || (umask 077 && : >"$log")
  echo "$log"
}

# True while the process we launched for NAME lives (during start-up its JVM may not exist yet).
part_alive() {
  local pid
  pid=$(cat "$(pid_file "$1")" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# wait_until NAME TIMEOUT_SECONDS CHECK... : polls CHECK until it succeeds, printing progress; fails
# with the part's log tail if the part's process dies or the time runs out.
wait_until() {
  local name=$1 timeout=$2; shift 2
  local start=$SECONDS next_note=5
  until "$@"; do
    if [[ $name != postgres ]] && ! part_alive "$name"; then
      fail_part "$name" "exited before it became ready"
    fi
    local waited=$((SECONDS - start))
    if ((waited >= timeout)); then
      fail_part "$name" "did not become ready within ${timeout}s"
    fi
    if ((waited >= next_note)); then
      say "waiting for $name (${waited}s)…"
      next_note=$((waited + 5))
    fi
    sleep 0.5
  done
}

http_ok() { curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null; }

# True while any process of process group PGID is alive (zombies do not count).
group_alive() {
  local p stat
  for p in $(pgrep -g "$1" 2>/dev/null); do
    stat=$(<"/proc/$p/stat") 2>/dev/null || continue
    stat=${stat##*) }
    [[ ${stat%% *} == Z ]] || return 0
  done
  return 1
}

# Stops a part started by start_detached: TERM to its process group, KILL after a grace period,
# and waits until every process of the group is gone.
stop_group() {
  local name=$1 pid
  if ! pid=$(running_pid "$name"); then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  say "stopping $name (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + ${MICROENV_STOP_GRACE:-30}))
  while group_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "$name did not stop in time; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  rm -f "$(pid_file "$name")"
}

ensure_port_free() {
  local name=$1 port=$2 var=$3
  if port_open "$port"; then
    die "$name: port $port is already in use by a process this stack did not start (free it, or set $var)"
  fi
}

mvnw() { (cd "$REPO_ROOT" && ./mvnw -B "$@"); }

# ---------------------------------------------------------------------------------------------
# infra.env: ports and hosts from the environment, secrets made once and kept
# ---------------------------------------------------------------------------------------------
random_password() { head -c 48 /dev/urandom | base64 -w0 | tr -d '+/=' | cut -c1-32; }
random_key() { head -c 32 /dev/urandom | base64 -w0; }

# Value of KEY in an env file (plain KEY=value lines, as this script writes them), without forking.
env_file_get() {
  local file=$1 key=$2 line value=""
  [[ -f $file ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line == "$key="* ]] && value=${line#"$key="}
  done <"$file"
  printf '%s' "$value"
}

# infra.env as it is now, read once per run.
declare -A INFRA=()
load_infra_env() {
  local line
  INFRA=()
  [[ -f $INFRA_ENV ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]] && INFRA[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
  done <"$INFRA_ENV"
}

kept_secret() {
  local key=$1 kind=$2 value=${INFRA[$1]:-}
  if [[ -z $value ]]; then
    if [[ $kind == key ]]; then value=$(random_key); else value=$(random_password); fi
  fi
  printf '%s' "$value"
}

write_infra_env() {
  mkdir -p "$MICROENV_HOME"
  load_infra_env
  local tmp="$INFRA_ENV.tmp.$$"
  (
    umask 077
    cat >"$tmp" <<EOF
# Written by deploy/local/stack. Secrets are made on the first \`up\` and kept; do not commit.
MICROENV_PG_HOST=127.0.0.1
MICROENV_PG_PORT=$PG_PORT
MICROENV_AUTH_DB_PASSWORD=$(kept_secret MICROENV_AUTH_DB_PASSWORD password)
MICROENV_SECRETS_DB_PASSWORD=$(kept_secret MICROENV_SECRETS_DB_PASSWORD password)
MICROENV_AUDIT_DB_PASSWORD=$(kept_secret MICROENV_AUDIT_DB_PASSWORD password)
MICROENV_AUDIT_APP_DB_PASSWORD=$(kept_secret MICROENV_AUDIT_APP_DB_PASSWORD password)
MICROENV_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
MICROENV_KEYCLOAK_URL=$KEYCLOAK_URL
MICROENV_KEYCLOAK_REALM=$KEYCLOAK_REALM
MICROENV_GATEWAY_CLIENT_SECRET=$(kept_secret MICROENV_GATEWAY_CLIENT_SECRET password)
MICROENV_DASHBOARD_CLIENT_SECRET=$(kept_secret MICROENV_DASHBOARD_CLIENT_SECRET password)
MICROENV_ACME_BROKER_SECRET=$(kept_secret MICROENV_ACME_BROKER_SECRET password)
MICROENV_KEK=$(kept_secret MICROENV_KEK key)
MICROENV_AUDIT_SIGNING_KEY=$(kept_secret MICROENV_AUDIT_SIGNING_KEY key)
MICROENV_DEMO_USER=demo@microenv.local
MICROENV_DEMO_PASSWORD=$(kept_secret MICROENV_DEMO_PASSWORD password)
MICROENV_KEYCLOAK_ADMIN_USERNAME=admin
MICROENV_KEYCLOAK_ADMIN_PASSWORD=$(kept_secret MICROENV_KEYCLOAK_ADMIN_PASSWORD password)
MICROENV_KEYCLOAK_DB_PASSWORD=$(kept_secret MICROENV_KEYCLOAK_DB_PASSWORD password)
EOF
  )
  if [[ -f $INFRA_ENV ]] && cmp -s "$tmp" "$INFRA_ENV"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$INFRA_ENV"
  fi
  chmod 600 "$INFRA_ENV"
  load_infra_env
}

infra_get() { printf '%s' "${INFRA[$1]:-}"; }
