#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: Chromium (browser tests) and
# PostgreSQL (the suite runs against PostgreSQL as well as SQLite), and those the service
# needs for the concept maps' PNG downloads: the Cairo library cairosvg draws with, and a
# font for the labels. Does nothing when present.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
dpkg -s libcairo2 >/dev/null 2>&1 || missing+=(libcairo2)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
