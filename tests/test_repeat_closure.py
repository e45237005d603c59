"""督办与销号's "repeat after fix" (整改后反弹) read from the stored next hazard of each repeat group
(hazard_current_keyed.next_found, migration 016), kept by the loader through loads and rollbacks.

A closure is flagged when the next hazard of the same unit and kind (the hazard whose precomputed
predecessor it is) was found within 12 months after it was rectified, up to the as-of date. Two
closures of one unit and kind found and rectified on the same days are told apart: only the one
the repeat follows is flagged (the match by dates this replaces flagged both). Ledgers are built in
code and loaded through the loader, so the stored table — not the on-the-fly rule — answers; the
maintenance check compares the two after every step.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from etl.admin import maintenance
from etl.store import db
from etl.store.writes import ingest, rollback_upload
from tests.fixtures import run_query
from tests.fixtures.ledgers import STD_HEADER, H, Sheet, _span, d, xlsx

D = dt.date
PARAMS = {"start_month": None, "end_month": None, "towns": None, "sectors": None, "departments": None,
          "level": None, "as_of": D(2025, 6, 30), "unverified_days": 30, "reason": "repeat_after_fix",
          "limit": 100}  # fmt: skip


def ledger(month: int, rows: list[list]) -> tuple[bytes, str]:
    title = f"城关镇2025年{month}月隐患排查整改台账"
    return xlsx([Sheet("Sheet1", [[title], list(STD_HEADER), *rows], [_span(1, 11)])]), f"{title}.xlsx"


MARCH = [
    H(1, "A-1", "工贸", "城关砖厂", "配电箱未接地", "一般", d(2025, 3, 2), None, "已整改", d(2025, 3, 10), "县应急管理局"),
    # two closures of one unit and kind, found and rectified on the same days
    H(2, "T-1", "消防", "城关饭店", "灭火器过期", "一般", d(2025, 3, 5), None, "已整改", d(2025, 3, 6), "县消防救援大队"),
    H(3, "T-2", "消防", "城关饭店", "灭火器过期", "一般", d(2025, 3, 5), None, "已整改", d(2025, 3, 6), "县消防救援大队"),
    H(4, "N-1", "工贸", "城关木器厂", "粉尘清扫不及时", "一般", d(2025, 3, 8), None, "已整改", d(2025, 3, 9), "县应急管理局"),
]
APRIL = [
    H(1, "A-2", "工贸", "城关砖厂", "配电箱未接地", "一般", d(2025, 4, 20), None, "未整改", None, "县应急管理局"),
    H(2, "T-3", "消防", "城关饭店", "灭火器 过期", "一般", d(2025, 4, 10), None, "未整改", None, "县消防救援大队"),
]


def flagged(path: Path, **params) -> dict[str, dt.date]:
    rows = run_query(path, "paper_closures", PARAMS, **params)
    con = db.open_reader(path)
    try:
        ids = dict(con.execute("SELECT hazard_key, source_hazard_id FROM hazards").fetchall())
    finally:
        con.close()
    return {ids[k]: v.date() for k, v in zip(rows["hazard_key"], rows["other_date"], strict=True)}


def load(path: Path, month: int, rows: list[list]) -> int:
    rep = ingest(*ledger(month, rows), db=path)
    assert rep.status == "loaded" and rep.analysis.rows_loaded == len(rows), rep
    return rep.upload_id


def stored_next(path: Path) -> dict[str, dt.date | None]:
    con = db.open_reader(path)
    try:
        return dict(con.execute("SELECT h.source_hazard_id, k.next_found FROM hazard_current_keyed k "
                                "JOIN hazards h USING (hazard_key)").fetchall())  # fmt: skip
    finally:
        con.close()


def test_a_repeat_flags_the_closure_it_follows_through_loads_and_rollbacks(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    load(path, 3, MARCH)
    assert flagged(path) == {}
    april = load(path, 4, APRIL)
    con = db.open_reader(path)
    try:
        (t1, t2), = [con.execute("SELECT min(hazard_key), max(hazard_key) FROM hazards WHERE source_hazard_id IN "
                                 "('T-1', 'T-2')").fetchone()]  # fmt: skip
        later = con.execute("SELECT source_hazard_id FROM hazards WHERE hazard_key = ?", [t2]).fetchone()[0]
    finally:
        con.close()
    # A-2 repeats A-1 41 days after its fix; T-3 follows the later of the two same-day closures only
    assert flagged(path) == {"A-1": D(2025, 4, 20), later: D(2025, 4, 10)}
    nxt = stored_next(path)
    assert nxt["A-1"] == D(2025, 4, 20) and nxt["A-2"] is None and nxt["N-1"] is None
    assert nxt[later] == D(2025, 4, 10) and nxt[{"T-1", "T-2"}.difference({later}).pop()] == D(2025, 3, 5)
    assert t1 < t2
    assert not maintenance.check(path).findings
    # as of a day before the repeat was found, nothing had come back yet
    assert flagged(path, as_of=D(2025, 4, 9)) == {}
    assert flagged(path, as_of=D(2025, 4, 10)) == {later: D(2025, 4, 10)}

    rollback_upload(path, april)
    assert flagged(path) == {}
    assert stored_next(path)["A-1"] is None
    assert not maintenance.check(path).findings


def test_a_warehouse_made_before_migration_016_is_backfilled(tmp_path):
    """A warehouse as 015 left it: the column absent and 016 not applied. The next writer adds the
    column and fills it; the check finds the table equal to the rule."""
    path = tmp_path / "warehouse.duckdb"
    load(path, 3, MARCH)
    load(path, 4, APRIL)
    with db.writer(path) as w:
        w.execute("ALTER TABLE hazard_current_keyed DROP COLUMN next_found")
        w.execute("DELETE FROM schema_migrations WHERE version = 16")
    with db.writer(path) as w:
        assert 16 in {r[0] for r in w.execute("SELECT version FROM schema_migrations").fetchall()}
    assert stored_next(path)["A-1"] == D(2025, 4, 20)
    assert not maintenance.check(path).findings
    assert set(flagged(path)) >= {"A-1"} and len(flagged(path)) == 2


# ---- reopened (hazard_reopen, migration 017) ----------------------------------------------------------

R = ("R-1", "工贸", "城关砖厂", "安全出口上锁", "一般", d(2025, 3, 3))


def test_a_closure_listed_open_again_is_flagged_through_loads_and_rollbacks(tmp_path):
    """R-1 rectified in March's ledger, open again in April's, rectified in May's: a paper closure
    (reopened, in April) as of any day once May's fix counts; the stored row follows every load
    and rollback, and the check agrees with the rule at every step."""
    path = tmp_path / "warehouse.duckdb"
    load(path, 3, [H(1, *R, None, "已整改", d(2025, 3, 10), "县应急管理局")])
    april = load(path, 4, [H(1, *R, None, "未整改", None, "县应急管理局")])
    may = load(path, 5, [H(1, *R, None, "已整改", d(2025, 5, 12), "县应急管理局")])
    reopened = {"reason": "reopened"}
    assert flagged(path, **reopened) == {"R-1": D(2025, 4, 1)}
    assert flagged(path, **reopened, as_of=D(2025, 5, 11)) == {}  # May's fix not yet made: not a closure
    con = db.open_reader(path)
    try:
        assert con.execute("SELECT first_rect, open_after FROM hazard_reopen").fetchall() == [
            (D(2025, 3, 1), [D(2025, 4, 1)])]  # fmt: skip
    finally:
        con.close()
    assert not maintenance.check(path).findings

    rollback_upload(path, may)  # open again is where it stands: no closure to doubt
    assert flagged(path, **reopened) == {}
    assert not maintenance.check(path).findings
    rollback_upload(path, april)  # rectified once, never reopened
    assert flagged(path, **reopened) == {}
    con = db.open_reader(path)
    try:
        assert con.execute("SELECT count(*) FROM hazard_reopen").fetchone()[0] == 0
    finally:
        con.close()
    assert not maintenance.check(path).findings
