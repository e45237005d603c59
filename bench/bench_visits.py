"""Benchmark of the visit derivation of migrations 009 and 011 (a ledger's 无隐患 rows as visits).

Builds the gap benchmark's warehouse (bench_gaps: a registry and inspection logs, here over a
small hazard set) and times, inside a transaction that is rolled back each run (median of RUNS):

* incremental: what loading one month's inspection log re-derives — before 009, the latest row of
  each inspection_key the upload holds (the baseline, the SQL the loader ran then); after, every
  visit of the (town, date) pairs it holds, with the rule that a ledger's visit gives way to a
  log's (``etl.store.load._rederive_visits``);
* full rebuild (every row materialised, as ``load.rebuild_derived`` does): the 003 macro (baseline)
  against ``gap_derive_visits(TRUE)``;
* the same incremental step for a hazard ledger of the month whose 无隐患 rows are 5 % of its visits.

Prints figures as ratios to the baseline measured in the same run; never asserts.

    .venv/bin/python -m bench.bench_visits [--inspections 300000] [--units 50000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_gaps import add_gap_data  # noqa: E402
from etl.demo import synthetic as wf  # noqa: E402
from etl.store import db, load  # noqa: E402

RUNS = 5

# the loader's incremental visit derivation before migration 009 (the keys of the upload only),
# as etl/store/load.py ran it then
_COLS = ("inspection_key, inspection_date, town, sector, sector_raw, department, entity_name, inspection_method, "
         "inspectors, hazards_found, major_hazards_found, penalty_yuan, report_month, upload_id, source_file, "
         "source_sheet, source_row")


def before_incremental(con, upload_id: int) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _touched_visits AS "
                "SELECT DISTINCT inspection_key FROM inspection_obs WHERE upload_id = ?", [upload_id])
    con.execute("DELETE FROM inspection_current WHERE inspection_key IN (SELECT inspection_key FROM _touched_visits)")
    con.execute(f"""
        INSERT INTO inspection_current ({_COLS}, unit_key, who_level)
        SELECT {_COLS}, gap_unit_key(entity_name), gap_who_level(inspection_method, department, town)
        FROM (
            SELECT o.*, row_number() OVER (PARTITION BY o.inspection_key
                                           ORDER BY o.report_month DESC, o.upload_id DESC, o.obs_seq DESC) AS rn
            FROM inspection_obs o
            WHERE o.inspection_key IN (SELECT inspection_key FROM _touched_visits)
              AND o.upload_id IN (SELECT upload_id FROM upload_log WHERE status = 'live')
        ) WHERE rn = 1
    """)
    con.execute("DROP TABLE _touched_visits")


def before_full_macro() -> str:
    """The 003 macro gap_derive_visits, created as the temporary macro before_009_visits."""
    text = (ROOT / "etl/store/migrations/003_precomputed_keys.sql").read_text(encoding="utf-8")
    body = text.split("CREATE MACRO gap_derive_visits", 1)[1].split(";", 1)[0]
    return "CREATE OR REPLACE TEMP MACRO before_009_visits" + body


def timed(con, fn) -> float:
    out = []
    for _ in range(RUNS):
        con.execute("BEGIN TRANSACTION")
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
        con.execute("ROLLBACK")
    return statistics.median(out)


def add_ledger_visits(con, month_upload: int, share: float) -> int:
    """A hazard upload holding, as 无隐患 visits, ``share`` of the month's log visits (same unit and
    day, no department: each gives way to the log's visit) and as many of its own."""
    uid = con.execute("SELECT max(upload_id) + 1 FROM upload_log").fetchone()[0]
    month = con.execute("SELECT report_month FROM upload_log WHERE upload_id = ?", [month_upload]).fetchone()[0]
    con.execute(
        "INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read, rows_loaded,"
        " rows_rejected, rows_skipped, status) VALUES (?, 'ledger.xlsx', 'bench-ledger', 'hazard', ?, now()::TIMESTAMP,"
        " 0, 0, 0, 0, 'live')", [uid, month])
    con.execute(
        """
        INSERT INTO inspection_obs (upload_id, obs_seq, inspection_key, inspection_date, town, sector, department,
               entity_name, inspection_method, inspectors, hazards_found, major_hazards_found, penalty_yuan,
               report_month, source_file, source_sheet, source_row)
        SELECT ?, row_number() OVER (), 'L' || CAST(obs_seq AS VARCHAR) || suffix, inspection_date, town, sector, NULL,
               entity_name || suffix, NULL, NULL, 0, 0, 0, report_month, 'ledger.xlsx', 'Sheet1', obs_seq
        FROM inspection_obs, (VALUES (''), ('分店')) s(suffix)
        WHERE upload_id = ? AND hash(obs_seq) % 1000 < ? * 1000
        """, [uid, month_upload, share])
    return uid


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hazards", type=int, default=20_000)
    ap.add_argument("--inspections", type=int, default=300_000)
    ap.add_argument("--units", type=int, default=50_000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        wf.build_random(path, args.hazards, seed=7, with_observations=False)
        add_gap_data(path, args.inspections, args.units)
        with db.writer(path) as con:
            uid, n = con.execute(
                "SELECT upload_id, count(*) FROM inspection_obs GROUP BY upload_id ORDER BY upload_id DESC LIMIT 1"
            ).fetchone()
            print(f"warehouse: {con.execute('SELECT count(*) FROM inspection_obs').fetchone()[0]:,} visits; "
                  f"one month's log: {n:,} visits; median of {RUNS} runs")
            before = timed(con, lambda: before_incremental(con, uid))
            after = timed(con, lambda: load._rederive_visits(con, uid))
            print(f"incremental (one month's log): before 009 {before * 1000:.0f} ms = 1.00; "
                  f"after {after / before:.2f}×")
            con.execute(before_full_macro())
            before = timed(con, lambda: con.execute(
                "CREATE OR REPLACE TEMP TABLE _bench AS SELECT * FROM before_009_visits(TRUE)"))
            after = timed(con, lambda: con.execute(
                "CREATE OR REPLACE TEMP TABLE _bench AS SELECT * FROM gap_derive_visits(TRUE)"))
            print(f"full rebuild: before 009 {before * 1000:.0f} ms = 1.00; after {after / before:.2f}×")
            con.execute("BEGIN TRANSACTION")
            ledger = add_ledger_visits(con, uid, 0.05)
            k = con.execute("SELECT count(*) FROM inspection_obs WHERE upload_id = ?", [ledger]).fetchone()[0]
            con.execute("COMMIT")
            base = timed(con, lambda: before_incremental(con, uid))
            after = timed(con, lambda: load._rederive_visits(con, ledger))
            print(f"incremental (a ledger with {k:,} 无隐患 visits, half of them also in the log): "
                  f"{after / base:.2f}× the before-009 step of the month's log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
