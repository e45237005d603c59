"""Upload page path for a 20k-row ledger, from drop to charts updated (issue 5). Prints; never asserts.

    .venv/bin/python bench/bench_upload.py [--rows 20000] [--background 100000]

The warehouse first holds a generated ledger of ``--background`` hazards (loaded by the real loader) so the
diff, the load and the snapshot publish work at a realistic size. Then, on one file:

  parse          etl.ingest.workbook.read_workbook (python-calamine → cells)
  validate       etl.ingest.pipeline.analyse minus parse (headers, normalisation, typed table)
  preview extras what preview_file adds to analyse: known spellings, "did you mean", the diff
  load           uploads_service.commit (one transaction, checkpoint, snapshot publish)
  cache refresh  reopen the new snapshot + the overview's named queries (what the next page run does)

Baseline in the same run: the same steps for a 2k-row file (ratios show how the cost scales).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_loader import make_ledger  # noqa: E402


def run_once(db: Path, data: bytes, name: str) -> dict[str, float]:
    from etl.admin.users import User
    from etl.ingest.pipeline import analyse
    from etl.ingest.workbook import read_workbook
    from etl.read import queries
    from etl.store import db as dbmod
    from etl.store import uploads_service as svc

    out = {}
    t0 = time.perf_counter()
    read_workbook(data, name)
    out["parse"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    a = analyse(data, name)
    out["validate"] = time.perf_counter() - t0 - out["parse"]
    reader = dbmod.open_reader(db)
    t0 = time.perf_counter()  # what preview_file adds to analyse, step by step
    svc.spelling_suggestions(a, svc.known_values(reader.cursor()))
    svc.diff_against_warehouse(reader.cursor(), a)
    out["preview extras"] = time.perf_counter() - t0
    pv = svc.preview_file(name, data, con=reader.cursor(), units=svc.ReportingUnits())  # the object to commit
    reader.close()
    t0 = time.perf_counter()
    [res] = svc.commit([pv], User("bench", "analyst"), db=db)
    out["load"] = time.perf_counter() - t0
    assert res.status == "loaded", res
    t0 = time.perf_counter()
    con = dbmod.open_reader(db)
    params = queries.hazard_filters(as_of=dt.date.today())
    for qname, extra in (("status_overview", {}), ("kpis", {}), ("monthly_trend", {}), ("rates_by", {"dim": "town"}),
                         ("rates_by", {"dim": "sector"})):
        if qname in queries.available():
            queries.run(con.cursor(), qname, **params, **extra)
    con.close()
    out["cache refresh"] = time.perf_counter() - t0
    out["rows"] = pv.analysis.rows_loaded
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--background", type=int, default=100_000)
    args = ap.parse_args()
    from etl.store.writes import ingest

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "warehouse.duckdb"
        t0 = time.perf_counter()
        background = tmp / "background.xlsx"
        make_ledger(background, args.background, seed=5)
        ingest(background, "安宁县2025年4月隐患台账.xlsx", db=db)  # through the real loader
        print(f"background warehouse: {args.background:,} hazards, built in {time.perf_counter() - t0:.1f} s, "
              f"{db.stat().st_size / 1e6:.0f} MB")
        figures = {}
        for rows, seed in ((2_000, 3), (args.rows, 7)):
            path = tmp / f"ledger_{rows}.xlsx"
            make_ledger(path, rows, seed=seed)
            data = path.read_bytes()
            figures[rows] = run_once(db, data, f"安宁县2025年5月隐患台账_{rows}.xlsx")
            print(f"file: {rows:,} rows, {len(data) / 1e6:.1f} MB")
        steps = ["parse", "validate", "preview extras", "load", "cache refresh"]
        base, big = figures[2_000], figures[args.rows]
        print(f"\n{'step':<16}{'2k rows (s)':>12}{f'{args.rows // 1000}k rows (s)':>14}{'ratio':>8}{'share':>8}")
        total_big = sum(big[s] for s in steps)
        for s in steps:
            print(f"{s:<16}{base[s]:>12.2f}{big[s]:>14.2f}{big[s] / max(base[s], 1e-6):>8.1f}{big[s] / total_big:>8.0%}")
        total_base = sum(base[s] for s in steps)
        print(f"{'drop → charts':<16}{total_base:>12.2f}{total_big:>14.2f}{total_big / total_base:>8.1f}")
        import os

        print(f"\nrows loaded: {big['rows']:,}; target under 5 s on 2 cores: {'met' if total_big < 5 else 'NOT met'}"
              f" (cores: {os.cpu_count()}, load average now: {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
