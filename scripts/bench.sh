#!/usr/bin/env bash
# Benchmark on the local Dovecot test server: a backup against the same work done by mbsync
# (Debian isync) and by a raw one-connection `UID FETCH 1:* BODY.PEEK[]` loop; a restore of that
# archive into an empty account against a one-message-at-a-time APPEND loop.
#
#   scripts/bench.sh                    # 10,000 messages / 500 MB in 10 folders (filled once)
#   BENCH_MESSAGES=2000 BENCH_MB=100 scripts/bench.sh
#   BENCH_MEMORY=1 scripts/bench.sh    # also: one 50,000-message folder + a 100 MB message, -Xmx256m
#   scripts/bench-gmail.sh              # Gmail labels once vs a plain backup (X-GM-EXT-1 emulation)
#
# Uses (and resets) the accounts user01 and user12..user16 of its own Dovecot (scripts/test-imap-server.sh
# in this checkout's /tmp/mailferry-<checkout hash>/bench), so the tests can run meanwhile.
# Prints, for each contender: seconds, messages/s, MB/s and peak RSS; then mailferry's time as a
# ratio of both, and the time of a no-change rerun (JVM start included).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
messages="${BENCH_MESSAGES:-10000}"
megabytes="${BENCH_MB:-500}"
user="${BENCH_USER:-user16}"
work="${BENCH_DIR:-/tmp/mailferry-bench}"
connections="${BENCH_CONNECTIONS:-4}"

need() { command -v "$1" >/dev/null || { echo "bench: installing $2" >&2; apt-get install -y -q -o DPkg::Lock::Timeout=300 "$2" >/dev/null; }; }
need mbsync isync
[ -x /usr/bin/time ] || need time time

# The benchmark's own Dovecot (not the tests' one: both can run at once), in this checkout's
# /tmp/mailferry-<checkout hash>/bench unless MAILFERRY_TEST_DIR says otherwise.
# shellcheck source=test-dirs.sh
MAILFERRY_TEST_DIR="${MAILFERRY_TEST_DIR:-$(. scripts/test-dirs.sh; mailferry_servers_dir)/bench}"
. scripts/test-dirs.sh
scripts/test-imap-server.sh start >/dev/null
# shellcheck disable=SC1091
. "$MAILFERRY_TEST_DIR/env"
mkdir -p "$work"
marker="$work/corpus-$user-$messages-$megabytes"
if [ ! -f "$marker" ]; then
  echo "== filling $user with $messages messages / $megabytes MB (once)"
  scripts/test-imap-server.sh reset "$user" >/dev/null
  python3 scripts/make-corpus.py --user "$user" --profile bench --seed 42 --messages "$messages" --megabytes "$megabytes" --quiet
  touch "$marker"
fi
# Every output of a bench run goes into a fresh $out; the previous run's outputs are removed once,
# here, and the first timed run starts at least 65 s later. Deleting the last 10,000-file archive
# right before a backup made the backup pay for the deletion: on ext4 without a journal (this
# machine's root) the inode allocator skips, scanning past each, every inode freed in the last
# 60 s (perf: ~1 CPU-s per backup in recently_deleted/find_inode_bit; mailferry 8.3-9.4 s right
# after rm -rf, 7.7-8.2 s into a fresh directory; mbsync, waiting on the server, 23.7-23.9 s both ways).
out="$work/outputs"
deleted_at=""
for old in "$out" "$work"/{archive,mbox,mbsync,big,big-mbox,mbox-none,mbox-gzip,mbox-zstd,mbox-xz}; do # (older layout)
  if [ -e "$old" ]; then rm -rf "$old"; deleted_at=yes; fi
done
if [ -n "$deleted_at" ]; then sync; deleted_at=$(date +%s); fi
mkdir -p "$out"
settle() {
  [ -n "$deleted_at" ] || return 0
  local left=$(( deleted_at + 65 - $(date +%s) ))
  if [ "$left" -gt 0 ]; then
    echo "== waiting ${left} s: inodes freed less than 60 s ago slow down creating files (see above)"
    sleep "$left"
  fi
  deleted_at=""
}

echo "== building mailferry"
mvn -q -B -DskipTests package

# run NAME COMMAND...: runs it under GNU time; sets SECS and RSS_MB
run() {
  local name="$1"; shift
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  /usr/bin/time -f "%e %M" -o "$work/time.$name" "$@" > "$work/out.$name" 2> "$work/err.$name" || {
    echo "bench: $name failed:"; tail -5 "$work/err.$name"; exit 1; }
  read -r SECS RSS_KB < "$work/time.$name"
  RSS_MB=$(( RSS_KB / 1024 ))
}
report() { # name messages bytes
  awk -v n="$1" -v s="$SECS" -v m="$2" -v b="$3" -v r="$RSS_MB" \
    'BEGIN { printf "%-22s %7.2f s %9.0f msg/s %8.1f MB/s %6d MB peak RSS\n", n, s, m/s, b/1e6/s, r }'
}

read -r total_msgs total_bytes < <(python3 scripts/raw-fetch.py --host "$HOST" --port "$IMAPS_PORT" --user "$user" \
  --password-file "$PASSWORD_DIR/$user" --cafile "$CERT")
echo "== corpus: $total_msgs messages, $(( total_bytes / 1000000 )) MB"

run raw python3 scripts/raw-fetch.py --host "$HOST" --port "$IMAPS_PORT" --user "$user" \
  --password-file "$PASSWORD_DIR/$user" --cafile "$CERT"
raw_secs=$SECS; report "raw UID FETCH 1:*" "$total_msgs" "$total_bytes"

mkdir -p "$out/mbsync"
cat > "$work/mbsyncrc" <<CONF
IMAPAccount bench
Host localhost
Port $IMAPS_PORT
User $user
PassCmd "cat $PASSWORD_DIR/$user"
SSLType IMAPS
CertificateFile $CERT

IMAPStore remote
Account bench

MaildirStore local
Path $out/mbsync/
Inbox $out/mbsync/INBOX
SubFolders Verbatim

Channel backup
Far :remote:
Near :local:
Patterns *
Create Near
Sync Pull
SyncState *
CONF
settle
run mbsync mbsync -c "$work/mbsyncrc" -a -q
mbsync_secs=$SECS; report "mbsync (isync)" "$total_msgs" "$total_bytes"

rm -rf "$work/state"
export MAILFERRY_STATE_DIR="$work/state"
# the launcher users run, with its default JVM options (-Xmx256m) and CDS fast start
unset MAILFERRY_JAVA_OPTS
scripts/mailferry --version >/dev/null   # prepares the fast-start cache outside the timings
backup=(scripts/mailferry backup --source "imaps://$user@$HOST:$IMAPS_PORT"
        --to "maildir:$out/archive" --password-file "$PASSWORD_DIR/$user" --trust-cert "$CERT"
        --connections "$connections" --no-progress)
run mailferry "${backup[@]}"
mf_secs=$SECS; report "mailferry backup" "$total_msgs" "$total_bytes"
grep -E "^total|complete|partial|failed" "$work/out.mailferry" | sed 's/^/  /'

run rerun "${backup[@]}"
rerun_secs=$SECS
report "mailferry no-change" "$total_msgs" "$total_bytes"

rm -rf "$work/state"
run mailferry-mbox scripts/mailferry backup --source "imaps://$user@$HOST:$IMAPS_PORT" \
  --to "mbox:$out/mbox" --password-file "$PASSWORD_DIR/$user" --trust-cert "$CERT" --connections "$connections" --no-progress
report "mailferry backup mbox" "$total_msgs" "$total_bytes"


# Restore: the Maildir archive into an empty account, against a one-message-at-a-time APPEND loop.
restore_user="${BENCH_RESTORE_USER:-user14}"
loop_user="${BENCH_LOOP_USER:-user13}"
scripts/test-imap-server.sh reset "$restore_user" >/dev/null
run restore scripts/mailferry restore --from "maildir:$out/archive" --target "imaps://$restore_user@$HOST:$IMAPS_PORT" \
  --password-file "$PASSWORD_DIR/$restore_user" --trust-cert "$CERT" --connections "$connections" --no-progress
restore_secs=$SECS; report "mailferry restore" "$total_msgs" "$total_bytes"
scripts/test-imap-server.sh reset "$loop_user" >/dev/null
run append-loop python3 scripts/append-loop.py --host "$HOST" --port "$IMAPS_PORT" --user "$loop_user" \
  --password-file "$PASSWORD_DIR/$loop_user" --cafile "$CERT" --maildir "$out/archive"
loop_secs=$SECS; report "APPEND loop (1 by 1)" "$total_msgs" "$total_bytes"

# Migrate: the bench account into an empty one, against mbsync doing the same IMAP -> IMAP copy;
# then four accounts at once (--accounts, --parallel 4: the same source into four targets).
mig_user="${BENCH_MIGRATE_USER:-user14}"
scripts/test-imap-server.sh reset "$mig_user" >/dev/null
rm -rf "$work/state"
run migrate scripts/mailferry migrate --source "imaps://$user@$HOST:$IMAPS_PORT" --target "imaps://$mig_user@$HOST:$IMAPS_PORT" \
  --password-file "$PASSWORD_DIR/$user" --target-password-file "$PASSWORD_DIR/$mig_user" --trust-cert "$CERT" \
  --connections "$connections" --no-progress
migrate_secs=$SECS; report "mailferry migrate" "$total_msgs" "$total_bytes"
scripts/test-imap-server.sh reset "$loop_user" >/dev/null
cat > "$work/mbsyncrc-migrate" <<CONF
IMAPAccount from
Host localhost
Port $IMAPS_PORT
User $user
PassCmd "cat $PASSWORD_DIR/$user"
SSLType IMAPS
CertificateFile $CERT

IMAPAccount to
Host localhost
Port $IMAPS_PORT
User $loop_user
PassCmd "cat $PASSWORD_DIR/$loop_user"
SSLType IMAPS
CertificateFile $CERT

IMAPStore from
Account from

IMAPStore to
Account to

Channel migrate
Far :from:
Near :to:
Patterns *
Create Near
Sync Pull
SyncState $work/mbsync-migrate-state/
CONF
rm -rf "$work/mbsync-migrate-state" && mkdir -p "$work/mbsync-migrate-state"
run mbsync-migrate mbsync -c "$work/mbsyncrc-migrate" -a -q
mbsync_migrate_secs=$SECS; report "mbsync IMAP->IMAP" "$total_msgs" "$total_bytes"

echo "source,source_secret,target,target_secret" > "$work/accounts.csv"
for t in user12 user13 user14 user01; do
  scripts/test-imap-server.sh reset "$t" >/dev/null
  echo "imaps://$user@$HOST:$IMAPS_PORT,file:$PASSWORD_DIR/$user,imaps://$t@$HOST:$IMAPS_PORT,file:$PASSWORD_DIR/$t" >> "$work/accounts.csv"
done
rm -rf "$work/state"
run migrate-parallel scripts/mailferry migrate --accounts "$work/accounts.csv" --parallel 4 --connections 2 --trust-cert "$CERT" --no-progress
report "migrate 4 accounts (x4)" "$(( total_msgs * 4 ))" "$(( total_bytes * 4 ))"

awk -v mf="$mf_secs" -v mb="$mbsync_secs" -v raw="$raw_secs" -v re="$rerun_secs" 'BEGIN {
  printf "mailferry throughput = %.2fx mbsync, %.2fx the raw single-connection fetch; no-change rerun %.2f s\n",
         mb/mf, raw/mf, re }'
awk -v r="$restore_secs" -v l="$loop_secs" 'BEGIN { printf "mailferry restore = %.2fx the one-by-one APPEND loop\n", l/r }'
awk -v m="$migrate_secs" -v b="$mbsync_migrate_secs" 'BEGIN { printf "mailferry migrate = %.2fx mbsync IMAP->IMAP\n", b/m }'

if [ -n "${BENCH_MEMORY:-}" ]; then
  big_user="${BENCH_BIG_USER:-user15}"
  big_marker="$work/corpus-$big_user-bigfolder"
  if [ ! -f "$big_marker" ]; then
    echo "== filling $big_user with one 50,000-message folder and a 100 MB message (once, a few minutes)"
    scripts/test-imap-server.sh reset "$big_user" >/dev/null
    python3 scripts/make-corpus.py --user "$big_user" --profile bigfolder --seed 7 --quiet
    touch "$big_marker"
  fi
  rm -rf "$work/state"
  run big-maildir scripts/mailferry backup --source "imaps://$big_user@$HOST:$IMAPS_PORT" --to "maildir:$out/big" \
    --password-file "$PASSWORD_DIR/$big_user" --trust-cert "$CERT" --no-progress
  report "50k folder+100MB, Maildir" 50001 "$(du -sb "$out/big" | cut -f1)"
  rm -rf "$work/state"
  run big-mbox scripts/mailferry backup --source "imaps://$big_user@$HOST:$IMAPS_PORT" --to "mbox:$out/big-mbox" \
    --password-file "$PASSWORD_DIR/$big_user" --trust-cert "$CERT" --no-progress
  report "50k folder+100MB, mbox" 50001 "$(du -sb "$out/big-mbox" | cut -f1)"
  scripts/test-imap-server.sh reset "$restore_user" >/dev/null
  run big-restore scripts/mailferry restore --from "mbox:$out/big-mbox" --target "imaps://$restore_user@$HOST:$IMAPS_PORT" \
    --password-file "$PASSWORD_DIR/$restore_user" --trust-cert "$CERT" --no-progress
  report "50k folder+100MB, restore" 50001 "$(du -sb "$out/big-mbox" | cut -f1)"
  echo "(both with -Xmx256m; peak RSS is the whole process)"
fi

# -- compressed mbox archives (issue 6): archive size and backup throughput per compression -------
# Same corpus and launcher as above; each run starts from an empty archive and state directory.
# Target: zstd costs under 15% of the uncompressed mbox throughput.
if [ -z "${BENCH_SKIP_COMPRESSION:-}" ]; then
  echo "== mbox backup per compression (archive size includes indexes)"
  none_secs=""
  for compression in none gzip zstd xz; do
    rm -rf "$work/state"
    compress=()
    [ "$compression" = none ] || compress=(--compress "$compression")
    run "mbox-$compression" scripts/mailferry backup --source "imaps://$user@$HOST:$IMAPS_PORT" \
      --to "mbox:$out/mbox-$compression" "${compress[@]}" --password-file "$PASSWORD_DIR/$user" \
      --trust-cert "$CERT" --connections "$connections" --no-progress
    report "mbox, $compression" "$total_msgs" "$total_bytes"
    size=$(du -sb "$out/mbox-$compression" | cut -f1)
    [ "$compression" = none ] && none_secs=$SECS
    awk -v c="$compression" -v s="$size" -v b="$total_bytes" -v t="$SECS" -v n="$none_secs" 'BEGIN {
      printf "  %-5s archive %8.1f MB = %5.1f%% of the mail; throughput %5.1f%% of none\n",
             c, s/1e6, 100*s/b, 100*n/t }'
  done
  scripts/mailferry verify "mbox:$out/mbox-zstd" > "$work/out.verify-zstd" \
    || { echo "bench: verify of the zstd archive failed:"; tail -5 "$work/out.verify-zstd"; exit 1; }
fi
