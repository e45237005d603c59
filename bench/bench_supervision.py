"""Benchmark of the 督办与销号 page (issue 12): every query the page runs, at 1M and 10M hazards,
beside the overview's headline query (``kpis``) over the same scope as the baseline, measured in
the same process.

Warehouse: bench_pages' generator (``bench/out/pages_<size>.duckdb``, reused when present), then
the v2 follow-through columns filled in place by hash of the hazard key (about 90 % of majors
with a 督办 level, 五落实 items present 80–92 %, 70 % of rectifications in 9 of 12 towns checked
with 5 % failing) and the derived tables rebuilt, marked ``bench_v2`` in meta so
a second run reuses it. Timing: one warm-up, then the median of ``--runs`` (fresh cursor per
call, as the app does). Prints only, never asserts; the load average is printed with the figures.

    .venv/bin/python -m bench.bench_supervision [--sizes 1m,10m] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bench_pages as bp  # noqa: E402
from etl.read import queries  # noqa: E402
from etl.store import db, load  # noqa: E402

V2_MARK = "supervision-v1"


def add_v2(path: Path) -> float:
    """Fill the follow-through columns of hazard_current (deterministic, by key hash)."""
    con = db.open_reader(path)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'bench_v2'").fetchone()
    finally:
        con.close()
    if row and row[0] == V2_MARK:
        return 0.0
    t0 = time.perf_counter()
    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute(
            """
            UPDATE hazard_current SET
              supervision_level = CASE WHEN level = 'major' AND hash(hazard_key || 's') % 10 < 9
                                       THEN ['county', 'county', 'county', 'city', 'province'][CAST(hash(hazard_key) % 5 AS BIGINT) + 1]
                                       WHEN hash(hazard_key || 's') % 100 < 3 THEN 'town' END,
              supervisor = CASE WHEN level = 'major' THEN '县安委会办公室' END,
              measures = CASE WHEN hash(hazard_key || 'm') % 10 < 9 THEN '停产整改' END,
              funds_yuan = CASE WHEN hash(hazard_key || 'f') % 10 < 8 THEN 10000.0 * (hash(hazard_key) % 30 + 1) END,
              responsible_person = CASE WHEN hash(hazard_key || 'r') % 100 < 92 THEN '张三' END,
              contingency_plan = CASE WHEN hash(hazard_key || 'p') % 100 < 85 THEN '已制定' END,
              verified_date = CASE WHEN status = 'rectified' AND town NOT IN ('南山乡', '石桥乡', '柳林乡')
                                    AND hash(hazard_key || 'v') % 10 < 7
                                   THEN rectified_date + CAST(hash(hazard_key) % 20 AS INTEGER) + 1 END,
              verification_result = CASE WHEN status = 'rectified' AND town NOT IN ('南山乡', '石桥乡', '柳林乡')
                                          AND hash(hazard_key || 'v') % 10 < 7
                                         THEN CASE WHEN hash(hazard_key || 'x') % 100 < 5 THEN 'failed' ELSE 'passed' END
                                    END
            """
        )
        # the UPDATE leaves the data version as it was: rebuild the derived tables, some of which
        # (town_records, migration 018) read the columns just filled
        load.rebuild_derived(con)
        load.mark_derived(con, db.data_version(con))
        con.execute("DELETE FROM meta WHERE key = 'bench_v2'")
        con.execute("INSERT INTO meta VALUES ('bench_v2', ?)", [V2_MARK])
        con.execute("COMMIT")
    return time.perf_counter() - t0


def calls(as_of: dt.date) -> list[tuple[str, dict]]:
    """What the page runs on first view: whole period, every town, as of today, N = 30."""
    f = {"start_month": None, "end_month": None, "towns": None, "sectors": None, "departments": None,
         "level": None, "as_of": as_of, "unverified_days": 30}  # fmt: skip
    return [
        ("supervision_kpis", f),
        ("paper_closure_counts", f),
        ("supervision_board", {**f, "sup_level": None, "limit": 300}),
        ("verification_by", {**f, "dim": "town"}),
        ("verification_monthly", f),
        ("unverified_ageing", f),
        ("paper_closures", {**f, "reason": None, "limit": 300}),
    ]


def timed(con, name: str, params: dict, runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of this process (DuckDB runs in-process, so
    CPU is what the query costs whatever else loads the machine)."""
    queries.run(con.cursor(), name, **params)
    wall, cpu = [], []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        queries.run(con.cursor(), name, **params)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1m,10m")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    bp.OUT.mkdir(parents=True, exist_ok=True)
    for size in args.sizes.split(","):
        n = bp.SIZES[size]
        path = bp.warehouse_path(size)
        gen = 0.0 if bp.warehouse_ready(path, n) else bp.generate(path, n)
        v2 = add_v2(path)
        con = db.open_reader(path)
        try:
            as_of = dt.date.today()
            base_params = {k: v for k, v in calls(as_of)[0][1].items() if k != "unverified_days"}
            print(f"\n== {n:,} hazards ({size}); generated in {gen:.0f} s, v2 columns in {v2:.0f} s; "
                  f"{bp.loadavg()}")  # fmt: skip
            base, base_cpu = timed(con, "kpis", base_params, args.runs)
            print(f"{'query':<24}{'wall ms':>8}{'÷ kpis':>9}{'CPU ms':>8}{'÷ kpis':>9}")
            print(f"{'kpis (baseline)':<24}{base * 1000:>8.0f}{1.0:>8.2f}x{base_cpu * 1000:>8.0f}{1.0:>8.2f}x")
            total = total_cpu = 0.0
            for name, params in calls(as_of):
                w, c = timed(con, name, params, args.runs)
                total, total_cpu = total + w, total_cpu + c
                print(f"{name:<24}{w * 1000:>8.0f}{w / base:>8.2f}x{c * 1000:>8.0f}{c / base_cpu:>8.2f}x")
            print(f"{'page (one after another)':<24}{total * 1000:>8.0f}{total / base:>8.2f}x"
                  f"{total_cpu * 1000:>8.0f}{total_cpu / base_cpu:>8.2f}x")  # fmt: skip
        finally:
            con.close()
        print(f"after: {bp.loadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
