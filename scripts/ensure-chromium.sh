#!/usr/bin/env bash
# Install Debian's Chromium (browser tests, PDF board pack), metric-compatible fonts for
# Arial when the machine has none, and poppler-utils (pdftoppm: the PDF's pages as PNG, to
# look at them). Never downloads a browser build of its own.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Liberation Sans" || need+=(fonts-liberation)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing ${need[*]} (Debian packages) for browser tests and PDF" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
/usr/bin/chromium --version
