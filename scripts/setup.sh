#!/usr/bin/env bash
# Sets up the Python environment in .venv (idempotent). Usage: scripts/setup.sh [--dev]
# On a fresh Debian machine with only python3 it installs python3-venv first (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"

apt_install() {
  if command -v apt-get >/dev/null; then
    $SUDO apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
  else
    echo "Please install: $*" >&2; return 1
  fi
}

if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
  apt_install python3-venv python3-pip
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
REQ=requirements.txt; [ "${1:-}" = "--dev" ] && REQ=requirements-dev.txt
STAMP=".venv/.installed-$(cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)-$(basename $REQ)"
if [ ! -f "$STAMP" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$REQ"
  touch "$STAMP"
fi
if [ "${1:-}" = "--dev" ]; then
  # browser tests: Debian's Chromium and CJK fonts (playwright cannot download browsers here)
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    apt_install chromium fonts-noto-cjk
  fi
  # the briefing pack is rendered to images in the tests (tests/test_brief_render.py)
  if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; then
    apt_install --no-install-recommends libreoffice-impress libreoffice-writer poppler-utils
  fi
  # deploy/nginx-replicas.conf is checked with `nginx -t` (tests/test_security_deploy.py)
  if ! command -v nginx >/dev/null || ! command -v openssl >/dev/null; then
    apt_install --no-install-recommends nginx-light openssl || true
  fi
fi
