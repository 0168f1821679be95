#!/usr/bin/env bash
# Gmail benchmark: 2,000 messages carrying 3 labels each, in the X-GM-EXT-1 emulation in front of
# the tests' Dovecot (src/test/java/org/mailferry/testing/GmailEmulation.java); a plain backup of
# every folder (what any IMAP tool downloads from Gmail) against mailferry's labels-once backup, to
# Maildir: bytes downloaded and bytes stored (hard links counted once), and the time of each.
#
#   scripts/bench-gmail.sh
#   MAILFERRY_BENCH_GMAIL_MESSAGES=10000 scripts/bench-gmail.sh
#
# Uses (and resets) the test account user44 of this checkout's test Dovecot.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/test-dirs.sh
scripts/test-imap-server.sh start >/dev/null
MAILFERRY_BENCH_GMAIL=1 mvn -B -q test -Dtest=GmailBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
  | grep '^gmail-bench:' || { echo "bench-gmail: failed; see target/surefire-reports" >&2; exit 1; }
