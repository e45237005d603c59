"""What each town's ledgers record (town_records, migration 018), stored and kept through loads
and rollbacks: whether any hazard of the town carries a 验收 check, and each 五落实 item. The 督办与
销号 page judges a town's acceptance, and a hazard's items, only where the town records them; the
rule is the one the page's fragments applied per query. Ledgers are built in code and loaded
through the loader, so the stored table — not the on-the-fly rule — answers; the maintenance
check compares the two after every step."""

from __future__ import annotations

import datetime as dt

from etl.admin import maintenance
from etl.store import db
from etl.store.writes import ingest, rollback_upload
from tests.fixtures import run_query
from tests.fixtures.ledgers import march_ledger
from tests.fixtures.ledgers_v2 import five_measures_ledger

COLS = ["checks", "rec_resp", "rec_measures", "rec_funds", "rec_deadline", "rec_plan"]
PARAMS = {"start_month": None, "end_month": None, "towns": None, "sectors": None, "departments": None,
          "level": None, "as_of": dt.date(2025, 6, 30), "unverified_days": 30}  # fmt: skip


def stored(path) -> dict[str, list[bool]]:
    con = db.open_reader(path)
    try:
        rows = con.execute(f"SELECT town, {', '.join(COLS)} FROM town_records ORDER BY town").fetchall()
    finally:
        con.close()
    return {r[0]: list(r[1:]) for r in rows}


def test_what_each_town_records_follows_loads_and_rollbacks(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    v2 = ingest(five_measures_ledger(), "2025年4月隐患排查治理台账.xlsx", db=path)
    plain = ingest(march_ledger(), "东城街道2025年3月隐患台账.xlsx", db=path)
    assert v2.status == plain.status == "loaded"
    assert stored(path) == {
        "东城街道": [False, False, False, False, True, False],  # the plain ledger gives deadlines only
        "北坪镇": [True, True, True, True, True, True],
        "城关镇": [True, True, True, True, True, True],
    }
    assert not maintenance.check(path).findings
    # the page reads them: 东城街道 records no 验收, so it has no verified-closure rate (never 0 %)
    by = run_query(path, "verification_by", PARAMS, dim="town").set_index("key")
    assert by.loc["城关镇", "verify_rate"] == 1.0
    assert "东城街道" not in by.index or by.loc["东城街道"].isna()["verify_rate"]

    rollback_upload(path, v2.upload_id)
    assert stored(path) == {"东城街道": [False, False, False, False, True, False]}
    assert not maintenance.check(path).findings
