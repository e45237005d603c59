#!/usr/bin/env bash
# One command: set up, build the demo warehouse on first run, open the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m etl demo
exec .venv/bin/streamlit run dashboard.py "$@"
