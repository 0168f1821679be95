#!/usr/bin/env bash
# Benchmark of many accounts on the local Dovecot: `migrate --accounts --parallel 8` in one process
# against `--distributed` with 1, 2 and 4 workers (scripts/local-fleet.sh) on this machine.
#
#   scripts/bench-fleet.sh                       # 200 small accounts (20 messages) + 20 medium (500)
#   FLEET_SMALL=50 FLEET_MEDIUM=5 scripts/bench-fleet.sh
#   FLEET_WORKERS="1 2" scripts/bench-fleet.sh
#   FLEET_JOB_DB=h2 scripts/bench-fleet.sh       # the state directory's H2 (default: PostgreSQL)
#   FLEET_SMALL=999 FLEET_MEDIUM=0 FLEET_WORKERS=1 FLEET_SINGLE=no scripts/bench-fleet.sh
#
# Every configuration migrates into freshly emptied targets, then runs again unchanged (the fixed
# cost per account). Prints per configuration: seconds, accounts per minute, messages per second,
# and the no-change rerun's seconds and milliseconds per account. Its own Dovecot and state under
# this checkout's /tmp/mailferry-<hash>/bench-fleet; the tests can run meanwhile. The job database
# is, as for a real fleet, PostgreSQL: the test cluster (scripts/test-postgres.sh; fsync off, so
# commits cost less than on a durable production cluster), a fresh database per configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
small="${FLEET_SMALL:-200}"
medium="${FLEET_MEDIUM:-20}"
workers_list="${FLEET_WORKERS:-1 2 4}"
job_db="${FLEET_JOB_DB:-postgresql}"
MAILFERRY_TEST_DIR="${MAILFERRY_TEST_DIR:-$(. scripts/test-dirs.sh; mailferry_servers_dir)/bench-fleet}"
. scripts/test-dirs.sh
scripts/test-imap-server.sh start >/dev/null
# shellcheck disable=SC1091
. "$MAILFERRY_TEST_DIR/env"
work="$MAILFERRY_TEST_DIR/../bench-fleet-work"
rm -rf "$work"; mkdir -p "$work"
[ -f target/mailferry.jar ] || mvn -B -q -Dmaven.test.skip=true package
scripts/mailferry --version >/dev/null # the launcher's one-time start-up cache, not part of any figure

db_args=() # set per configuration by fresh_job_db
fresh_job_db() { # fresh_job_db NAME: an empty PostgreSQL database for one configuration
  [ "$job_db" = postgresql ] || return 0
  local pg_env; pg_env=$(scripts/test-postgres.sh start 2>/dev/null; scripts/test-postgres.sh env)
  local PGHOST PGPORT PGUSER PGDB PGPASS_FILE
  PGHOST=$(sed -n 's/^HOST=//p' <<< "$pg_env"); PGPORT=$(sed -n 's/^PORT=//p' <<< "$pg_env")
  PGUSER=$(sed -n 's/^USER=//p' <<< "$pg_env"); PGDB=$(sed -n 's/^DATABASE=//p' <<< "$pg_env")
  PGPASS_FILE=$(sed -n 's/^PASSWORD_FILE=//p' <<< "$pg_env")
  PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=$(cat "$PGPASS_FILE") psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$PGDB" \
    -c "DROP DATABASE IF EXISTS bench_$1" -c "CREATE DATABASE bench_$1" >/dev/null
  db_args=(--job-db "jdbc:postgresql://$PGHOST:$PGPORT/bench_$1" --job-db-user "$PGUSER" --job-db-password-file "$PGPASS_FILE")
}

# Corpora: Maildir trees with INBOX and two folders, served as many copies at once.
python3 - "$work" <<'PY'
import os, sys
root = sys.argv[1]
for name, count in (("small", 20), ("medium", 500)):
    for folder, share in (("", 0.6), (".Sent", 0.3), (".Archive", 0.1)):
        for d in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(root, name, folder, d), exist_ok=True)
        for i in range(int(count * share)):
            body = ("From: a@example.org\r\nTo: b@example.org\r\nSubject: %s %s %d\r\nMessage-ID: <%s-%s-%d@example.org>\r\n\r\n"
                    % (name, folder, i, name, folder.strip("."), i)) + ("line of text %d\r\n" % i) * (20 + i % 200)
            open(os.path.join(root, name, folder, "cur", "%d.M%d.bench:2,S" % (1700000000 + i, i)), "w").write(body)
for d in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(root, "empty", d), exist_ok=True)
PY
accounts="$work/accounts.csv"
{
  echo "source,source_secret,target,target_secret"
  for i in $(seq 1 "$small"); do n=$(printf %03d "$i")
    echo "imaps://bfs$n@$HOST:$IMAPS_PORT,file:$PASSWORD_DIR/bfs$n,imaps://bfsd$n@$HOST:$IMAPS_PORT,file:$PASSWORD_DIR/bfsd$n"; done
  for i in $(seq 1 "$medium"); do n=$(printf %03d "$i")
    echo "imaps://bfm$n@$HOST:$IMAPS_PORT,file:$PASSWORD_DIR/bfm$n,imaps://bfmd$n@$HOST:$IMAPS_PORT,file:$PASSWORD_DIR/bfmd$n"; done
} > "$accounts"
scripts/test-imap-server.sh serve-copies bfs "$small" "$work/small" >/dev/null
[ "$medium" -eq 0 ] || scripts/test-imap-server.sh serve-copies bfm "$medium" "$work/medium" >/dev/null
messages=$(( small * 20 + medium * 500 ))
total=$(( small + medium ))

fresh_targets() {
  scripts/test-imap-server.sh serve-copies bfsd "$small" "$work/empty" >/dev/null
  [ "$medium" -eq 0 ] || scripts/test-imap-server.sh serve-copies bfmd "$medium" "$work/empty" >/dev/null
}

measure() { # measure LABEL STATE_DIR ARGS...: a first run and an unchanged rerun
  local label=$1 state=$2; shift 2
  local t0 t1 t2
  t0=$(date +%s.%N)
  MAILFERRY_STATE_DIR="$state" scripts/mailferry migrate --accounts "$accounts" --trust-cert "$CERT" --no-progress -q "$@" \
    ${db_args[@]+"${db_args[@]}"} > "$work/$label.out" 2> "$work/$label.err" || echo "  ($label: exit $?, see $work/$label.err)"
  t1=$(date +%s.%N)
  MAILFERRY_STATE_DIR="$state" scripts/mailferry migrate --accounts "$accounts" --trust-cert "$CERT" --no-progress -q "$@" \
    ${db_args[@]+"${db_args[@]}"} > "$work/$label-rerun.out" 2> "$work/$label-rerun.err" || echo "  ($label rerun: exit $?)"
  t2=$(date +%s.%N)
  python3 - "$label" "$t0" "$t1" "$t2" "$total" "$messages" "$(tail -1 "$work/$label.out")" <<'PY'
import sys
label, t0, t1, t2, total, messages, last = sys.argv[1], *map(float, sys.argv[2:5]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
first, rerun = t1 - t0, t2 - t1
print(f"{label:<22} {first:7.1f} s  {total / first * 60:7.0f} accounts/min  {messages / first:7.0f} msg/s"
      f"   rerun {rerun:6.1f} s ({rerun / total * 1000:5.0f} ms/account)   [{last}]")
PY
}

echo "== $total accounts ($small x 20 messages, $medium x 500), $messages messages; $(nproc) cores; job database: $job_db"
fresh_targets
if [ "${FLEET_SINGLE:-yes}" != no ]; then
  fresh_job_db single
  measure "one process, --parallel 8" "$work/state-single" --parallel 8
fi
for w in $workers_list; do
  fresh_targets
  state="$work/state-fleet-$w"
  fresh_job_db "fleet_$w"
  MAILFERRY_STATE_DIR="$state" scripts/local-fleet.sh start "$w" --parallel 8 ${db_args[@]+"${db_args[@]}"} >/dev/null
  measure "distributed, $w worker(s)" "$state" --distributed
  MAILFERRY_STATE_DIR="$state" scripts/local-fleet.sh stop >/dev/null
done
