# shellcheck shell=bash
# deploy/local/lib/postgres.sh — sourced by deploy/local/stack (uses its settings); defines functions only.

# ---------------------------------------------------------------------------------------------
# PostgreSQL 15 (Debian binaries, private cluster, loopback, scram-sha-256)
# ---------------------------------------------------------------------------------------------
is_root() { [[ $(id -u) -eq 0 ]]; }

# initdb refuses root: as root, the cluster belongs to `postgres`; otherwise to the caller.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The cluster lives in $MICROENV_HOME/pg unless `postgres` cannot reach that folder (e.g. a home
# directory with mode 700); then it moves to a folder `postgres` owns, keyed by MICROENV_HOME.
PG_BASE=""
pg_base_dir() {
  if [[ -z $PG_BASE ]]; then
    if is_root && ! runuser -u postgres -- test -x "$MICROENV_HOME" 2>/dev/null; then
      PG_BASE="/var/lib/postgresql/microenv-$(printf '%s' "$MICROENV_HOME" | sha1sum | cut -c1-12)"
    else
      PG_BASE="$MICROENV_HOME/pg"
    fi
  fi
  echo "$PG_BASE"
}
pg_data_dir() { echo "$(pg_base_dir)/data"; }
pg_socket_dir() { echo "$(pg_base_dir)/run"; }

ensure_pg_binaries() {
  [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] && return 0
  if is_root; then
    say "PostgreSQL server not found in $PG_BIN: installing Debian's postgresql (apt-get)…"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
    [[ -x $PG_BIN/initdb ]] || die "postgres: apt-get installed PostgreSQL, but not version 15 in $PG_BIN (set MICROENV_PG_BIN to its bin folder)"
  else
    die "postgres: the PostgreSQL 15 server is not installed ($PG_BIN/initdb missing). Install it with 'sudo apt-get install -y postgresql' (Debian 12 ships 15), or set MICROENV_PG_BIN to a PostgreSQL 15 bin folder."
  fi
}

init_pg_cluster() {
  local base data sock log
  base=$(pg_base_dir); data=$(pg_data_dir); sock=$(pg_socket_dir); log="$LOG_DIR/postgres.log"
  mkdir -p "$base" "$sock"
  log_file postgres >/dev/null
  if is_root; then chown postgres: "$base" "$sock" "$log"; fi
  chmod 700 "$base" "$sock"
  [[ -f $data/PG_VERSION ]] && return 0
  say "postgres: creating the cluster in $data"
  # Local socket: peer (only the cluster's OS user, for the stack's own setup); TCP: scram-sha-256.
  as_pg "$PG_BIN/initdb" -D "$data" --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >>"$log" 2>&1 9>&- || fail_part postgres "initdb failed"
}

start_postgres() {
  local t0 pid pg_started=""
  t0=$(now_ms)
  ensure_pg_binaries
  init_pg_cluster
  if pid=$(running_pid postgres); then
    say "postgres already running (pid $pid, port $PG_PORT)"
  else
    ensure_port_free postgres "$PG_PORT" MICROENV_PG_PORT
    as_pg "$PG_BIN/pg_ctl" -D "$(pg_data_dir)" -l "$LOG_DIR/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -k $(pg_socket_dir) -c listen_addresses=127.0.0.1" start >/dev/null 9>&- \
      || fail_part postgres "did not start"
    pg_started=1
    say "postgres started on 127.0.0.1:$PG_PORT ($(elapsed "$t0"))"
  fi
  # Roles and passwords are (re)applied after a start or when infra.env's database passwords change.
  local marker="$RUN_DIR/postgres-roles.sha" wanted
  wanted=$(grep -E '^MICROENV_(.*_DB_PASSWORD|PG_PORT)=' "$INFRA_ENV" | sha256sum | cut -c1-64)
  if [[ -n ${pg_started:-} || ! -f $marker || $(<"$marker") != "$wanted" ]]; then
    ensure_pg_roles
    echo "$wanted" >"$marker"
  fi
}

pg_psql() { as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_socket_dir)" -p "$PG_PORT" -d postgres "$@"; }

# Roles and databases, idempotent; passwords (re)set from infra.env so both always agree.
ensure_pg_roles() {
  local sql="" role db pw
  local -A owners=(
    [microenv_auth]=MICROENV_AUTH_DB_PASSWORD
    [microenv_secrets]=MICROENV_SECRETS_DB_PASSWORD
    [microenv_audit]=MICROENV_AUDIT_DB_PASSWORD
    [keycloak]=MICROENV_KEYCLOAK_DB_PASSWORD
  )
  for role in microenv_auth microenv_secrets microenv_audit keycloak microenv_audit_app; do
    if [[ $role == microenv_audit_app ]]; then pw=$(infra_get MICROENV_AUDIT_APP_DB_PASSWORD); else pw=$(infra_get "${owners[$role]}"); fi
    sql+="SELECT format('CREATE ROLE %I LOGIN', '$role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') \\gexec
ALTER ROLE $role WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$pw';
"
  done
  for db in microenv_auth microenv_secrets microenv_audit keycloak; do
    sql+="SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \\gexec
REVOKE CONNECT, TEMPORARY ON DATABASE $db FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $db TO $db;
"
  done
  sql+="GRANT CONNECT ON DATABASE microenv_audit TO microenv_audit_app;
"
  printf '%s' "$sql" | pg_psql -f - >>"$(log_file postgres-setup)" 2>&1 9>&- \
    || fail_part postgres-setup "could not create roles and databases"
}

stop_postgres() {
  local data pid
  data=$(pg_data_dir)
  if ! pid=$(running_pid postgres); then return 0; fi
  say "stopping postgres (pid $pid)"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || {
    warn "pg_ctl stop failed; sending SIGQUIT"
    kill -QUIT "$pid" 2>/dev/null || true
  }
  while kill -0 "$pid" 2>/dev/null || pgrep -f -- "-D $data" >/dev/null 2>&1; do sleep 0.2; done
}
