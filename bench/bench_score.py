"""Benchmark of the scorecard, inspection-plan and 会商清单 queries (issue 13).

Builds the warehouse of bench_gaps (1M hazards by etl/demo/synthetic.build_random, 300k
inspection visits, a 50k-unit registry), then times each query the three pages run (median of
RUNS runs on the read-only snapshot connection the app uses) and the Python step after it
(etl.read.scorecard.score, etl.read.plan.build_from, etl.read.blindspots.near_names). The baseline, measured
in the same run, is the rectification page's ``rates_by`` by town over the same 12 months:
every figure is also printed as a multiple of it. Prints only; never asserts.

    .venv/bin/python -m bench.bench_score [--hazards 1000000] [--inspections 300000] [--units 50000] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_gaps import add_gap_data, timed  # noqa: E402
from etl.demo import synthetic as wf  # noqa: E402
from etl.read import blindspots, config, plan, queries, scorecard  # noqa: E402
from etl.store import db  # noqa: E402

RUNS = 5


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hazards", type=int, default=1_000_000)
    ap.add_argument("--inspections", type=int, default=300_000)
    ap.add_argument("--units", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=RUNS)
    ap.add_argument("--db", type=Path, default=None, help="keep the warehouse here (reused as is if it exists)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "warehouse.duckdb"
        if not path.exists():
            t0 = time.perf_counter()
            wf.build_random(path, args.hazards, seed=7, with_observations=False)
            add_gap_data(path, args.inspections, args.units)
            print(f"built in {time.perf_counter() - t0:.1f} s")
        con = db.open_reader(path)
        n = con.execute("SELECT (SELECT count(*) FROM hazards), (SELECT count(*) FROM inspections),"
                        " (SELECT count(*) FROM entities)").fetchone()  # fmt: skip
        print(f"warehouse: {n[0]:,} hazards, {n[1]:,} inspections, {n[2]:,} registry units")
        last = con.execute("SELECT max(found_date) FROM hazards").fetchone()[0]
        month = last.replace(day=1)
        filters = queries.hazard_filters(as_of=last)
        sc_conf, pl_conf = config.ScorecardConfig(), config.PlanConfig()
        window = {**filters, "start_month": wf.add_months(month, -11), "end_month": month, "limit": 500}
        steps = {
            "baseline rates_by town": lambda: queries.run(con.cursor(), "rates_by", dim="town", **window),
            "score_indicators": lambda: queries.run(con.cursor(), "score_indicators",
                                                    **scorecard.params_for(month, sc_conf, filters)),
            "score_status": lambda: queries.run(con.cursor(), "score_status"),
            "plan_units": lambda: queries.run(con.cursor(), "plan_units", **plan.params_for(month, filters)),
            "blind_unregistered": lambda: queries.run(con.cursor(), "blind_unregistered", **window),
            "blind_sector_departments": lambda: queries.run(con.cursor(), "blind_sector_departments", **window),
            "blind_no_owner_units": lambda: queries.run(con.cursor(), "blind_no_owner_units", **window),
            "blind_registry_names": lambda: queries.run(con.cursor(), "blind_registry_names", towns=None),
        }  # fmt: skip
        raw = steps["score_indicators"]()
        status = steps["score_status"]().iloc[0].to_dict()
        units = steps["plan_units"]()
        unreg, reg = steps["blind_unregistered"](), steps["blind_registry_names"]()
        steps["python: scorecard.score"] = lambda: scorecard.from_frames(raw, status, month, sc_conf)
        steps["python: plan.build_from"] = lambda: plan.build_from(units, pl_conf, wf.add_months(month, 1))
        steps["python: near_names"] = lambda: blindspots.near_names(unreg, reg)
        print(f"scorecard month {month:%Y-%m} (12 months of ranks, {sc_conf.window_months}-month windows), "
              f"plan month {wf.add_months(month, 1):%Y-%m}, as of {last}; {len(raw):,} scorecard rows, "
              f"{len(units):,} plan units, {len(unreg):,} unregistered units shown")  # fmt: skip
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores\n")
        print(f"{'step':<30}{'ms':>8}{'cpu ms':>9}{'× base (wall)':>15}{'× base (cpu)':>14}")
        base = None
        for name, fn in steps.items():
            ms, cpu = timed(fn, args.runs)
            base = base or (ms, cpu)
            print(f"{name:<30}{ms:>8.0f}{cpu:>9.0f}{ms / base[0]:>14.1f}×{cpu / base[1]:>13.1f}×")
        con.close()
        print(f"\nload average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
