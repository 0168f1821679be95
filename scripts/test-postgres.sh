#!/usr/bin/env bash
# test-postgres.sh — a private PostgreSQL on 127.0.0.1 for mailferry's tests of a shared job
# database (two schedulers on one PostgreSQL, leases), from Debian's postgresql packages.
#
# Usage:
#   scripts/test-postgres.sh start     install if missing, create and start the cluster (idempotent), write DIR/env
#   scripts/test-postgres.sh stop      stop the cluster
#   scripts/test-postgres.sh status    exit 0 if it accepts the test role's login, 3 otherwise
#   scripts/test-postgres.sh env       print DIR/env
#
# DIR is $MAILFERRY_TEST_PG_DIR, by default this checkout's own (/tmp/mailferry-<checkout hash>/postgres,
# see scripts/test-dirs.sh). The cluster is Debian's cluster "mailferry-test-<hash of DIR>" of the
# newest installed major version (pg_createcluster, pg_ctlcluster): one per DIR, so checkouts never
# share or drop each other's cluster. Its data is under DIR/data, listening on 127.0.0.1 only, on
# PORT: $MAILFERRY_TEST_PG_PORT, else a free port picked when the cluster is created (kept in
# DIR/env); fsync off (throwaway data, faster tests). Other clusters (the system's "main") are never
# touched. Needs root (apt-get, su postgres), as CI has.
#
# DIR/env: HOST PORT USER DATABASE PASSWORD_FILE JDBC_URL. USER (mailferry_test) may create
# databases: tests create one per test class. Its password (random, stable across restarts) is
# in PASSWORD_FILE, mode 0600.
set -euo pipefail

# shellcheck source=test-dirs.sh
. "$(dirname "${BASH_SOURCE[0]}")/test-dirs.sh"
DIR="$MAILFERRY_TEST_PG_DIR"
CLUSTER="mailferry-test-$(printf '%s' "$DIR" | sha256sum | cut -c1-8)"
ROLE=mailferry_test
DATABASE=mailferry_test
PASSWORD_FILE="$DIR/password"

die() { echo "test-postgres: error: $*" >&2; exit 1; }
info() { echo "test-postgres: $*" >&2; }

ensure_installed() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_createcluster >/dev/null; then
    [[ $(id -u) == 0 ]] || die "PostgreSQL is missing; run as root or: sudo apt-get install -y postgresql"
    info "installing postgresql with apt-get"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 postgresql >&2
  fi
  [[ $(id -u) == 0 ]] || die "run as root: the cluster is managed as the postgres user (su postgres)"
}

version() { ls /usr/lib/postgresql | sort -n | tail -1; }

as_postgres() { su postgres -s /bin/sh -c "$1"; }

psql_admin() { as_postgres "psql -X -q -v ON_ERROR_STOP=1 -p $PORT -d postgres -tA -c \"$1\""; }

cluster_exists() { pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c' | grep -q .; }

cluster_online() { pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c {print $4}' | grep -q online; }

cluster_port() { pg_lsclusters -h 2>/dev/null | awk -v c="$CLUSTER" '$2 == c {print $3}'; }

port_in_use() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

free_port() {
  local p tries=0
  while ((tries++ < 200)); do
    p=$((20000 + RANDOM % 40000))
    port_in_use "$p" || { echo "$p"; return; }
  done
  die "no free port found"
}

# The cluster's port once it exists; before, MAILFERRY_TEST_PG_PORT or a free one (create_cluster).
PORT=$(cluster_port || true)
PORT="${PORT:-${MAILFERRY_TEST_PG_PORT:-}}"

create_cluster() {
  local v=$1
  [[ -n $PORT ]] || PORT=$(free_port)
  mkdir -p "$DIR"
  chmod 0755 "$DIR"
  info "creating cluster $v/$CLUSTER in $DIR/data on 127.0.0.1:$PORT"
  pg_createcluster --port "$PORT" --datadir "$DIR/data" --start-conf manual "$v" "$CLUSTER" >&2
  cat > "/etc/postgresql/$v/$CLUSTER/conf.d/mailferry-test.conf" <<EOF
# written by mailferry's scripts/test-postgres.sh: a throwaway cluster for tests
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
}

start() {
  ensure_installed
  local v
  v=$(version)
  if cluster_exists && [[ ! -f $DIR/data/PG_VERSION ]]; then
    info "cluster $CLUSTER lost its data directory; recreating it"
    pg_dropcluster --stop "$v" "$CLUSTER" >&2 || true
  fi
  cluster_exists || create_cluster "$v"
  if ! cluster_online; then
    if port_in_use "$PORT"; then   # taken by something else since the cluster was created
      PORT=$(free_port)
      info "moving cluster $CLUSTER to free port $PORT"
      pg_conftool "$v" "$CLUSTER" set port "$PORT" >&2
    fi
    pg_ctlcluster "$v" "$CLUSTER" start >&2
  fi
  if [[ ! -s $PASSWORD_FILE ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$PASSWORD_FILE")
  fi
  local password
  password=$(cat "$PASSWORD_FILE")
  if [[ $(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'") != 1 ]]; then
    psql_admin "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$password'"
  else
    psql_admin "ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$password'"
  fi
  if [[ $(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") != 1 ]]; then
    psql_admin "CREATE DATABASE $DATABASE OWNER $ROLE"
  fi
  cat > "$DIR/env" <<EOF
HOST=127.0.0.1
PORT=$PORT
USER=$ROLE
DATABASE=$DATABASE
PASSWORD_FILE=$PASSWORD_FILE
JDBC_URL=jdbc:postgresql://127.0.0.1:$PORT/$DATABASE
EOF
  status || die "the cluster does not accept the test role's login; see /var/log/postgresql/postgresql-$v-$CLUSTER.log"
  info "running: jdbc:postgresql://127.0.0.1:$PORT/$DATABASE (user $ROLE, password in $PASSWORD_FILE)"
}

stop() {
  cluster_exists || return 0
  cluster_online && pg_ctlcluster "$(version)" "$CLUSTER" stop >&2
  return 0
}

status() {
  [[ -s $PASSWORD_FILE && -n $PORT ]] || return 3
  PGPASSWORD=$(cat "$PASSWORD_FILE") psql -X -q -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DATABASE" -tA -c 'SELECT 1' \
    >/dev/null 2>&1 || return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) cat "$DIR/env" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
