#!/usr/bin/env bash
# Builds mailferry and installs it for the current user (or PREFIX):
#   PREFIX/lib/mailferry/mailferry.jar and PREFIX/bin/mailferry (the launcher).
# Default PREFIX is ~/.local, so `mailferry` is on PATH on most systems afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${PREFIX:-$HOME/.local}"
mvn -q -B -DskipTests package
install -d "$prefix/lib/mailferry" "$prefix/bin"
install -m 0644 target/mailferry.jar "$prefix/lib/mailferry/mailferry.jar"
install -m 0755 scripts/mailferry "$prefix/bin/mailferry"
echo "installed: $prefix/bin/mailferry (jar in $prefix/lib/mailferry)"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to your PATH";; esac
