"""What reading an upload in a memory-limited worker (etl/ingest/sandbox.py) costs over reading it in
the dashboard's own process. Figures are ratios against the in-process read, measured in the
same run on the same file.

    .venv/bin/python -m bench.bench_sandbox [--rows 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_loader import make_ledger  # noqa: E402


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from etl.ingest import sandbox
    from etl.ingest.pipeline import analyse

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.xlsx"
        make_ledger(path, args.rows, seed=7)
        data = path.read_bytes()
    name = "安宁县2025年5月隐患台账.xlsx"
    base = best_of(lambda: analyse(data, name), args.repeat)
    t0 = time.perf_counter()
    sandbox.analyse_isolated(data, name)  # the first call starts a worker (imports the loader)
    first = time.perf_counter() - t0
    warm = best_of(lambda: sandbox.analyse_isolated(data, name), args.repeat)
    sandbox.shutdown()
    print(f"{args.rows:,}-row ledger, {len(data) / 1e6:.1f} MB; best of {args.repeat}")
    print(f"{'read':<34}{'seconds':>9}{'× in-process':>14}")
    print(f"{'in the dashboard process':<34}{base:>9.2f}{1.0:>14.2f}")
    print(f"{'in a warm worker':<34}{warm:>9.2f}{warm / base:>14.2f}")
    print(f"{'first call (worker start-up)':<34}{first:>9.2f}{first / base:>14.2f}")


if __name__ == "__main__":
    main()
