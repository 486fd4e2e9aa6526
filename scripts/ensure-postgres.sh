#!/usr/bin/env bash
# Install Debian's PostgreSQL server binaries for the store tests when the machine has none.
# The tests start their own throw-away server (initdb/pg_ctl in a temp dir); this script only
# makes sure the binaries are there. Idempotent and quiet.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
echo "PostgreSQL not found: installing Debian's postgresql for the store tests" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# Debian starts a cluster on install; the tests do not use it.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for v in /usr/lib/postgresql/*; do
    $SUDO pg_ctlcluster "$(basename "$v")" main stop >/dev/null 2>&1 || true
  done
fi
ls /usr/lib/postgresql/*/bin/initdb
