#!/usr/bin/env bash
# The test command: starts the local Dovecot test server and the PostgreSQL test cluster
# (installing them if missing) and runs every test with Maven. CI (.ci/run) calls exactly this
# script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-imap-server.sh start
scripts/test-postgres.sh start
exec mvn -B verify "$@"
