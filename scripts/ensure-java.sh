#!/usr/bin/env bash
# Install a Java runtime for PySpark's parity tests when the machine has none (Debian).
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
echo "Java not found: installing a headless JRE for the PySpark tests" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
java -version
