#!/usr/bin/env bash
# The first thing to run on a fresh machine: starts a local Dovecot (installed if missing,
# needs root or sudo for apt), fills a demo mailbox with sample mail, backs it up into a Maildir
# archive with mailferry, then runs the backup again to show that a second run copies nothing.
#
#   scripts/demo.sh            # archive and state under ./demo-output
#   DEMO_DIR=/tmp/x scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
demo_dir="$(readlink -f "${DEMO_DIR:-$root/demo-output}")"
user=user17

for tool in java mvn python3; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is required (Java 17, Maven, Python 3)" >&2; exit 1; }
done

# The demo's own Dovecot (not the tests' one: both can run at once), in this checkout's
# /tmp/mailferry-<checkout hash>/demo unless MAILFERRY_TEST_DIR says otherwise.
# shellcheck source=test-dirs.sh
MAILFERRY_TEST_DIR="${MAILFERRY_TEST_DIR:-$(. scripts/test-dirs.sh; mailferry_servers_dir)/demo}"
. scripts/test-dirs.sh
echo "== starting the local Dovecot test server in $MAILFERRY_TEST_DIR"
scripts/test-imap-server.sh start
# shellcheck disable=SC1091
. "$MAILFERRY_TEST_DIR/env"

echo "== filling $user with sample mail"
scripts/test-imap-server.sh reset "$user" >/dev/null
python3 scripts/make-corpus.py --user "$user" --profile demo --seed 1

echo "== building mailferry"
mvn -q -B -DskipTests package

rm -rf "$demo_dir"
mkdir -p "$demo_dir"
export MAILFERRY_STATE_DIR="$demo_dir/state"
backup=(scripts/mailferry backup --source "imaps://$user@$HOST:$IMAPS_PORT" --to "maildir:$demo_dir/backup"
        --password-file "$PASSWORD_DIR/$user" --trust-cert "$CERT")

echo "== mailferry ${backup[*]:1}"
"${backup[@]}"
echo "== the same command again (incremental: nothing new to copy)"
"${backup[@]}"
echo "== done: the archive is in $demo_dir/backup (one Maildir per folder; try: ls -a $demo_dir/backup)"
