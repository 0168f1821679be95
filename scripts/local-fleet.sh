#!/usr/bin/env bash
# A fleet of mailferry workers on this machine, for trying distributed runs or measuring them:
#
#   scripts/local-fleet.sh start N [WORKER OPTIONS...]   start N workers in the background
#   scripts/local-fleet.sh status                        list them
#   scripts/local-fleet.sh stop                          SIGTERM, then wait (accounts stop at a chunk)
#
# Without --job-db the workers share the state directory's H2 database ($MAILFERRY_STATE_DIR, else
# ~/.local/state/mailferry), which `mailferry migrate|backup --distributed` in the same state
# directory uses too; with --job-db jdbc:postgresql://... they share that. The fleet key is
# STATE/fleet.key (made here when missing) unless WORKER OPTIONS name --fleet-key-file.
# Pids and logs: STATE/local-fleet/worker-K.{pid,log}.
set -euo pipefail
cd "$(dirname "$0")/.."
state="${MAILFERRY_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/mailferry}"
dir="$state/local-fleet"
die() { echo "local-fleet: $*" >&2; exit 2; }

start() {
  local n=${1:-}; shift || true
  [[ "$n" =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 64)) || die "usage: $0 start N [WORKER OPTIONS...] (N from 1 to 64)"
  mkdir -p "$dir"; chmod 700 "$state" "$dir"
  if [[ ! -f "$state/fleet.key" && " $* " != *" --fleet-key-file"* ]]; then
    (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$state/fleet.key"; echo >> "$state/fleet.key")
    echo "fleet key: $state/fleet.key (copy it to workers on other hosts)"
  fi
  local k
  for k in $(seq 1 "$n"); do
    if [[ -f "$dir/worker-$k.pid" ]] && kill -0 "$(cat "$dir/worker-$k.pid")" 2>/dev/null; then
      echo "worker $k already runs (pid $(cat "$dir/worker-$k.pid"))"; continue
    fi
    MAILFERRY_STATE_DIR="$state" nohup scripts/mailferry worker "$@" > "$dir/worker-$k.log" 2>&1 &
    echo $! > "$dir/worker-$k.pid"
    echo "worker $k: pid $!, log $dir/worker-$k.log"
  done
}

status() {
  local f found=0
  for f in "$dir"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    found=1
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"
    else echo "$(basename "$f" .pid): stopped"; fi
  done
  ((found)) || echo "no worker started from $dir"
}

stop() {
  local f pid
  for f in "$dir"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(cat "$f")
    kill -TERM "$pid" 2>/dev/null || true
  done
  for f in "$dir"/worker-*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(cat "$f")
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { echo "$(basename "$f" .pid) did not stop in 120 s: SIGKILL"; kill -KILL "$pid" || true; }
    rm -f "$f"
  done
  echo "workers stopped"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  status) status ;;
  stop) stop ;;
  *) die "usage: $0 start N [WORKER OPTIONS...] | status | stop" ;;
esac
