#!/usr/bin/env bash
# Start N dashboard processes over the same warehouse on 127.0.0.1:8601.. (put nginx in front:
# deploy/nginx-replicas.conf). Stops them all on Ctrl-C. Usage: bash scripts/replicas.sh [N] [FIRST_PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2}"; first="${2:-8601}"
[ -x .venv/bin/python ] || bash scripts/setup.sh
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' INT TERM EXIT
for ((i = 0; i < n; i++)); do
  port=$((first + i))
  .venv/bin/python -m streamlit run dashboard.py --server.headless true --server.address 127.0.0.1 \
    --server.port "$port" --browser.gatherUsageStats false --server.fileWatcherType none &
  pids+=($!)
  echo "replica $((i + 1)): http://127.0.0.1:$port (pid $!)"
done
wait
