#!/usr/bin/env bash
# Installs Debian's chromium (headless rendering of circuit drawings to PNG: qseq draw -o FILE.png, and
# its test) when it is not there yet. Idempotent; needs root (or sudo) and Debian's package registry.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
command -v chromium >/dev/null
