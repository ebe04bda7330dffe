#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine:
#   - Debian's chromium and the Noto CJK fonts (browser tests; never `playwright install`),
#   - the project with its test extras (pytest, hypothesis, playwright's Python driver),
#   - axe-core from npm (package-lock.json pins it).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q chromium fonts-noto-cjk
fi
python3 -m pip install -q -e '.[test]'
npm ci --no-audit --no-fund --silent   # axe-core, injected into pages by the accessibility tests
