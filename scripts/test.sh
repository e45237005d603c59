#!/usr/bin/env bash
# One command: set up (Python packages, Chromium, CJK fonts) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check --quiet . || { echo "ruff: fix the findings above (ruff check --fix .)"; exit 1; }
exec .venv/bin/python -m pytest -q "$@"
