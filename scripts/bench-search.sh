#!/usr/bin/env bash
# Search benchmark (issue 17): header search over an archive of 100,000 messages, timed as a user
# sees it (the whole `mailferry search` command, JVM start included).
#
#   scripts/bench-search.sh
#   MAILFERRY_BENCH_SEARCH_MESSAGES=20000 scripts/bench-search.sh
#
# Writes a Maildir of N messages (10 folders, 500 senders, subjects from a word list; deterministic)
# with Python, serves it from this checkout's test Dovecot as user 'benchsearch', backs it up once
# into a Maildir archive (the backup writes the header index as it goes), then times, 3 runs each:
# search --from, --subject, --message-id (one match), and a first search after deleting the index
# (headers read from the messages and the index written again).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/test-dirs.sh
scripts/test-imap-server.sh start >/dev/null
eval "$(scripts/test-imap-server.sh env)"
n=${MAILFERRY_BENCH_SEARCH_MESSAGES:-100000}
work="$MAILFERRY_TEST_DIR/bench-search"
mkdir -p "$work"

if [[ ! -f target/mailferry.jar || -n "$(find src/main pom.xml -newer target/mailferry.jar -print -quit)" ]]; then
  echo "== building target/mailferry.jar"
  mvn -B -q package -DskipTests -Dmaven.test.skip=true >/dev/null
fi

if [[ "$(cat "$work/source.count" 2>/dev/null)" != "$n" ]]; then
  echo "== writing a Maildir of $n messages"
  rm -rf "$work/source" "$work/archive" "$work/state"
  python3 - "$work/source" "$n" <<'PY'
import os, random, sys, time
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(17)
words = ("invoice report meeting lunch budget travel contract offer holiday project review draft "
         "minutes quarterly release update urgent reminder photos party newsletter").split()
folders = [""] + [".Folder%02d" % i for i in range(1, 10)]
for f in folders:
    for d in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, f, d), exist_ok=True)
base = 1_600_000_000
for i in range(n):
    f = folders[i % len(folders)]
    sender = "user%03d@example%d.org" % (rnd.randrange(500), rnd.randrange(20))
    subject = " ".join(rnd.choice(words) for _ in range(4)) + " %d" % i
    body = ("line %d of a message body that is long enough to look like mail\r\n" % i) * 12
    msg = ("From: %s\r\nTo: team@example.org\r\nSubject: %s\r\nMessage-ID: <bench-%d@example.org>\r\n"
           "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\n%s" % (sender, subject, i, body)).encode()
    name = os.path.join(root, f, "cur", "%d.M%dP1.bench:2,S" % (base + i, i))
    with open(name, "wb") as out:
        out.write(msg)
    os.utime(name, (base + i, base + i))
PY
  echo "$n" > "$work/source.count"
fi

scripts/test-imap-server.sh serve-maildir benchsearch "$work/source" >/dev/null
mf() { scripts/mailferry "$@"; }
archive="maildir:$work/archive"
if [[ ! -f "$work/archive/mailferry-manifest.json" ]]; then
  echo "== backing up $n messages once"
  start=$(date +%s.%N)
  mf backup --source "imaps://benchsearch@$HOST:$IMAPS_PORT" --to "$archive" --password-file "$PASSWORD_DIR/benchsearch" \
    --trust-cert "$CERT" --no-progress --state-dir "$work/state" >/dev/null
  printf 'backup: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
fi

timed() {
  local label=$1; shift
  local best="" t start out
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    out=$(mf search "$archive" "$@" --json)
    t=$(echo "$(date +%s.%N) - $start" | bc)
    [[ -z "$best" ]] || (($(echo "$t < $best" | bc))) && best=$t
  done
  local matches
  matches=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["matches"]))' <<<"$out")
  printf '%-34s best of 3: %.2f s  (%s matches)\n' "$label" "$best" "$matches"
}
echo "== search over $n archived messages (whole command, JVM included)"
timed "--from user042@example3.org" --from user042@example3.org --limit 100000
timed "--subject 'invoice budget'" --subject "invoice budget" --limit 100000
timed "--message-id <bench-4242@…>" --message-id "<bench-4242@example.org>"
rm -rf "$work/archive/mailferry-catalog"
start=$(date +%s.%N)
mf search "$archive" --message-id "<bench-4242@example.org>" >/dev/null
printf '%-34s %.2f s (headers read from %s messages)\n' "first search without the index" \
  "$(echo "$(date +%s.%N) - $start" | bc)" "$n"
