# test-dirs.sh — sourced by the scripts: where this checkout's test servers live.
#
# Each checkout has its own directory, /tmp/mailferry-<first 8 hex digits of the SHA-256 of the
# checkout's real path>, so two checkouts on one machine never share a server, a port or a test
# user: the Dovecot test server in DIR/imap, the PostgreSQL test cluster in DIR/postgres, the demo's
# own Dovecot in DIR/demo. Under /tmp rather than target/: `mvn clean` must not delete a running
# server, Dovecot's mail processes (user mail) must reach the mail directory, and its unix socket
# paths must stay short. MAILFERRY_TEST_DIR and MAILFERRY_TEST_PG_DIR override the defaults.
# src/test/java/org/mailferry/testing/TestServerDirs.java and scripts/make-corpus.py compute the same.

mailferry_servers_dir() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
  printf '/tmp/mailferry-%s' "$(printf '%s' "$root" | sha256sum | cut -c1-8)"
}

MAILFERRY_TEST_DIR="${MAILFERRY_TEST_DIR:-$(mailferry_servers_dir)/imap}"
MAILFERRY_TEST_PG_DIR="${MAILFERRY_TEST_PG_DIR:-$(mailferry_servers_dir)/postgres}"
export MAILFERRY_TEST_DIR MAILFERRY_TEST_PG_DIR
