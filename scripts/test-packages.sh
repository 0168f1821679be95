#!/usr/bin/env bash
# Tests the packages of scripts/package.sh as users get them (PackagesIT): the installed .deb
# (apt install ./target/dist/mailferry_VERSION_amd64.deb first), a backup against the Dovecot test
# server with /usr/bin/mailferry, bash and zsh completion, man pages, the tarball, and the
# container image (run with podman when it is installed). CI runs it after scripts/test.sh and
# scripts/package.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-imap-server.sh start
exec mvn -B test-compile failsafe:integration-test failsafe:verify -Dit.test=PackagesIT "$@"
