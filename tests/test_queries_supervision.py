"""Named queries of the 督办与销号 page on a hand-built warehouse where every figure is known.

The warehouse (as of 2025-06-30, period 2025-01..2025-06, N = 30 days):

key  town  level    督办    found       rectified   verified (result)     what it is for
S1   城关镇 major   county  2025-03-01  —           —                     board, five of five, 60 days overdue
S2   城关镇 major   —       2025-04-10  —           —                     board (open major); no measures/funds/plan
S3   河西街道 general town  2025-02-01  2025-02-20  2025-03-01 passed     board (has a 督办 level), verified
S4   城关镇 major   —       2025-03-05  2025-04-10  —                     unverified major, 81 days
S5   河西街道 major —       2025-05-20  2025-05-20  2025-06-10 passed     rectified the day it was found
S6   河西街道 general —     2025-04-15  2025-04-10  —                     rectified before found (5 days)
S7   城关镇 general —       2025-03-10  2025-05-15  2025-05-25 passed     reopened: Mar rectified, Apr open, May rectified
S8   河西街道 general —     2025-03-02  2025-03-12  2025-03-20 failed     verification failed
S9   城关镇 general —       2025-02-05  2025-02-15  2025-02-20 passed     repeat after fix: S10 same unit and kind
S10  城关镇 general —       2025-05-05  —           —                     the repeat (open)
S11  河西街道 major —       2025-06-01  2025-06-20  —                     unverified major, only 10 days
S12  城关镇 general —       2025-05-01  2025-05-25  2025-06-01 (no result) verified by date alone
S13  河西街道 general —     2025-06-02  2025-06-25  2025-07-05 passed     checked after the as-of date: not yet

Rectified 10 (S3 S4 S5 S6 S7 S8 S9 S11 S12 S13); verified 5 (S3 S5 S7 S9 S12) → 验收销号率 50 %;
majors rectified 3 (S4 S5 S11), verified 1 (S5).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from etl.read import queries
from etl.store import db
from tests.warehouse_factory import build, build_empty

D = dt.date
A, B = "城关镇", "河西街道"
FIVE = dict(responsible_person="张三", measures="停产整改，更换设备", funds_yuan=50000.0, contingency_plan="已制定")

HAZARDS = [
    dict(hazard_key="S1", town=A, sector="hazchem", level="major", department="县应急管理局", found_date=D(2025, 3, 1),
         deadline=D(2025, 5, 1), status="open", description="储罐区报警器失效", supervision_level="county",
         supervisor="县安委会", **FIVE,
         history=[dict(report_month=D(2025, 3, 1), status="open"), dict(report_month=D(2025, 4, 1), status="open"),
                  dict(report_month=D(2025, 5, 1), status="open")]),
    dict(hazard_key="S2", town=A, sector="gas", level="major", found_date=D(2025, 4, 10), deadline=D(2025, 7, 10),
         status="open", description="燃气管道腐蚀", responsible_person="李四", contingency_plan="无"),
    dict(hazard_key="S3", town=B, sector="construction", level="general", found_date=D(2025, 2, 1),
         deadline=D(2025, 3, 1), status="rectified", rectified_date=D(2025, 2, 20), description="基坑支护不到位",
         supervision_level="town", supervisor="河西街道", verified_date=D(2025, 3, 1), verification_result="passed",
         **FIVE),
    dict(hazard_key="S4", town=A, sector="fire", level="major", found_date=D(2025, 3, 5), deadline=D(2025, 4, 30),
         status="rectified", rectified_date=D(2025, 4, 10), report_month=D(2025, 4, 1), description="安全出口锁闭"),
    dict(hazard_key="S5", town=B, sector="fire", level="major", found_date=D(2025, 5, 20), deadline=D(2025, 6, 20),
         status="rectified", rectified_date=D(2025, 5, 20), description="消防栓无水", verified_date=D(2025, 6, 10),
         verification_result="passed"),
    dict(hazard_key="S6", town=B, sector="school", level="general", found_date=D(2025, 4, 15), deadline=D(2025, 5, 1),
         status="rectified", rectified_date=D(2025, 4, 10), description="围墙局部开裂"),
    dict(hazard_key="S7", town=A, sector="school", level="general", found_date=D(2025, 3, 10), deadline=D(2025, 3, 31),
         status="rectified", rectified_date=D(2025, 5, 15), description="灭火器过期",
         verified_date=D(2025, 5, 25), verification_result="passed",
         history=[dict(report_month=D(2025, 3, 1), status="rectified", rectified_date=D(2025, 3, 20)),
                  dict(report_month=D(2025, 4, 1), status="open"),
                  dict(report_month=D(2025, 5, 1), status="rectified", rectified_date=D(2025, 5, 15))]),
    dict(hazard_key="S8", town=B, sector="traffic", level="general", found_date=D(2025, 3, 2), deadline=D(2025, 3, 30),
         status="rectified", rectified_date=D(2025, 3, 12), description="警示标志缺失", verified_date=D(2025, 3, 20),
         verification_result="failed"),
    dict(hazard_key="S9", town=A, sector="industry_trade", level="general", found_date=D(2025, 2, 5),
         deadline=D(2025, 2, 28), status="rectified", rectified_date=D(2025, 2, 15), entity_name="城关镇某厂",
         description="机械防护罩缺失", verified_date=D(2025, 2, 20), verification_result="passed"),
    dict(hazard_key="S10", town=A, sector="industry_trade", level="general", found_date=D(2025, 5, 5),
         deadline=D(2025, 6, 5), status="open", entity_name="城关镇某厂", description="机械防护罩 缺失"),
    dict(hazard_key="S11", town=B, sector="hazchem", level="major", found_date=D(2025, 6, 1), deadline=D(2025, 7, 1),
         status="rectified", rectified_date=D(2025, 6, 20), description="安全阀未按期校验"),
    dict(hazard_key="S12", town=A, sector="fire", level="general", found_date=D(2025, 5, 1), deadline=D(2025, 5, 30),
         status="rectified", rectified_date=D(2025, 5, 25), description="疏散指示标志损坏",
         verified_date=D(2025, 6, 1)),
    dict(hazard_key="S13", town=B, sector="gas", level="general", found_date=D(2025, 6, 2), deadline=D(2025, 6, 30),
         status="rectified", rectified_date=D(2025, 6, 25), description="燃气软管老化", verified_date=D(2025, 7, 5),
         verification_result="passed"),
]  # fmt: skip


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("wh") / "w.duckdb"
    build(path, HAZARDS)
    c = db.open_reader(path)
    yield c
    c.close()


def F(**over):
    base = dict(start_month=D(2025, 1, 1), end_month=D(2025, 6, 1), towns=None, sectors=None, departments=None,
                level=None, as_of=D(2025, 6, 30), unverified_days=30)  # fmt: skip
    return {**base, **over}


def run(con, name, **over):
    return queries.run(con, name, **F(**over))


def test_verified_closure_rate_overall_and_majors(con):
    k = run(con, "supervision_kpis").iloc[0]
    assert (k["rectified"], k["verified"], k["verify_rate"]) == (10, 5, 0.5)
    assert (k["major_rectified"], k["major_verified"]) == (3, 1)
    assert k["major_verify_rate"] == pytest.approx(1 / 3)
    assert k["failed"] == 1  # S8
    assert k["unverified"] == 4  # S4 S6 S11 S13
    assert k["major_unverified_over"] == 1  # S4 (81 days); S11 only 10
    # a longer N leaves S4 out too
    assert run(con, "supervision_kpis", unverified_days=90).iloc[0]["major_unverified_over"] == 0


def test_verification_follows_the_as_of_date(con):
    # on 2025-07-10 S13's check (07-05) counts; S11 is 20 days unverified
    k = run(con, "supervision_kpis", as_of=D(2025, 7, 10)).iloc[0]
    assert (k["rectified"], k["verified"]) == (10, 6)


def test_five_implementations_on_the_board(con):
    k = run(con, "supervision_kpis").iloc[0]
    assert (k["board"], k["board_overdue"], k["board_complete"]) == (3, 1, 2)
    assert (k["missing_resp"], k["missing_measures"], k["missing_funds"], k["missing_deadline"], k["missing_plan"]) == (
        0, 1, 1, 0, 1)  # fmt: skip
    b = run(con, "supervision_board", sup_level=None, limit=50).set_index("hazard_key")
    assert list(b.index) == ["S1", "S2", "S3"]  # open first, most overdue first; rectified last
    assert b.loc["S1", "days_left"] == -60 and b.loc["S2", "days_left"] == 10
    assert b.loc["S2", ["has_resp", "has_measures", "has_funds", "has_deadline", "has_plan"]].tolist() == [
        True,
        False,
        False,
        True,
        False,
    ]  # fmt: skip  ("无" is no plan)
    assert b.loc["S1", ["has_resp", "has_measures", "has_funds", "has_deadline", "has_plan"]].all()
    assert b.loc["S3", "is_verified"] and not b.loc["S1", "is_verified"]
    assert (
        list(b.loc["S1", "months"]) == ["2025-03", "2025-04", "2025-05"]
        and list(b.loc["S1", "statuses"]) == ["open"] * 3
    )
    assert b["total_rows"].iloc[0] == 3


@pytest.mark.parametrize(("sup_level", "keys"), [("county", ["S1"]), ("none", ["S2"]), ("town", ["S3"]), ("city", [])])
def test_board_filter_by_supervision_level(con, sup_level, keys):
    assert run(con, "supervision_board", sup_level=sup_level, limit=50)["hazard_key"].tolist() == keys


def test_board_respects_global_filters(con):
    assert run(con, "supervision_board", sup_level=None, limit=50, level="major")["hazard_key"].tolist() == ["S1", "S2"]
    assert run(con, "supervision_board", sup_level=None, limit=50, towns=[B])["hazard_key"].tolist() == ["S3"]
    assert run(con, "supervision_board", sup_level=None, limit=1)["total_rows"].tolist() == [3]


def test_each_paper_closure_reason(con):
    rows = run(con, "paper_closures", reason=None, limit=100)
    got = {(r.hazard_key, r.reason) for r in rows.itertuples()}
    assert got == {
        ("S4", "unverified_major"),
        ("S6", "rect_before_found"),
        ("S5", "same_day_major"),
        ("S7", "reopened"),
        ("S8", "verify_failed"),
        ("S9", "repeat_after_fix"),
    }
    r = rows.set_index("reason")
    assert r.loc["unverified_major", "days"] == 81  # 2025-04-10 → 2025-06-30
    assert r.loc["rect_before_found", "days"] == 5
    assert r.loc["reopened", "other_date"].date() == D(2025, 4, 1)  # the month it was listed open again
    assert r.loc["verify_failed", "other_date"].date() == D(2025, 3, 20)
    assert r.loc["repeat_after_fix", "other_date"].date() == D(2025, 5, 5)  # S10 found
    counts = dict(run(con, "paper_closure_counts").itertuples(index=False))
    assert counts == {"unverified_major": 1, "rect_before_found": 1, "same_day_major": 1, "reopened": 1,
                      "verify_failed": 1, "repeat_after_fix": 1, "any": 6}  # fmt: skip
    only = run(con, "paper_closures", reason="reopened", limit=100)
    assert only["hazard_key"].tolist() == ["S7"] and only["total_rows"].tolist() == [1]


def test_paper_closures_respect_n_and_filters(con):
    keys = set(run(con, "paper_closures", reason=None, limit=100, unverified_days=90)["hazard_key"])
    assert "S4" not in keys
    assert set(run(con, "paper_closures", reason=None, limit=100, towns=[A])["hazard_key"]) == {"S4", "S7", "S9"}
    assert set(run(con, "paper_closures", reason=None, limit=100, level="major")["hazard_key"]) == {"S4", "S5"}
    # before S10 was found, S9 was no repeat yet
    early = run(con, "paper_closures", reason=None, limit=100, as_of=D(2025, 5, 1))
    assert "S9" not in set(early["hazard_key"])


def test_verification_by_town_and_month(con):
    t = run(con, "verification_by", dim="town").set_index("key")
    assert t.loc[A, ["rectified", "verified"]].tolist() == [4, 3]  # S4 S7 S9 S12 / S7 S9 S12
    assert t.loc[B, ["rectified", "verified", "failed"]].tolist() == [6, 2, 1]
    assert t.loc[B, "verify_rate"] == pytest.approx(1 / 3)
    assert t.loc[A, "major_verify_rate"] == 0 and t.loc[A, "unverified_over"] == 1  # S4
    m = run(con, "verification_monthly")
    got = {r.month.month: (r.rectified, r.verified) for r in m.itertuples()}
    assert got == {2: (2, 2), 3: (1, 0), 4: (2, 0), 5: (3, 3), 6: (2, 0)}


def test_unverified_ageing(con):
    a = run(con, "unverified_ageing")
    got = {(r.bucket, r.level): r.unverified for r in a.itertuples() if r.unverified}
    assert got == {("61-90", "major"): 1, ("61-90", "general"): 1, ("0-15", "major"): 1, ("0-15", "general"): 1}
    assert len(a) == 10


def test_filtered_to_nothing_and_empty_warehouse(con, tmp_path):
    k = run(con, "supervision_kpis", towns=["无此镇"]).iloc[0]
    assert k["rectified"] == 0 and k["verify_rate"] is None or k["verify_rate"] != k["verify_rate"]
    path = build_empty(tmp_path / "e.duckdb")
    c = db.open_reader(path)
    try:
        for name in ("supervision_kpis", "supervision_board", "verification_by", "verification_monthly",
                     "unverified_ageing", "paper_closure_counts", "paper_closures"):  # fmt: skip
            text = (queries.SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
            assert text.startswith("-- ") and "Params" in text
            queries.run(c, name, **F(sup_level=None, limit=5, dim="town", reason=None))
    finally:
        c.close()


def test_a_town_without_acceptance_columns_has_no_rate_and_no_paper_closures(tmp_path):
    """南山乡's ledgers record no 验收 at all: its rectified major is neither 'awaiting a check'
    nor a paper closure, and its rate is no figure (never 0 %); the other figures stay as they are."""
    c_major = dict(hazard_key="C1", town="南山乡", sector="mining", level="major", found_date=D(2025, 2, 1),
                   deadline=D(2025, 3, 1), status="rectified", rectified_date=D(2025, 3, 1), description="边坡浮石未清理")  # fmt: skip
    path = build(tmp_path / "w.duckdb", [*HAZARDS, c_major])
    c = db.open_reader(path)
    try:
        k = queries.run(c, "supervision_kpis", **F()).iloc[0]
        assert (k["rectified"], k["checkable"], k["verified"], k["verify_rate"]) == (11, 10, 5, 0.5)
        assert (k["major_rectified"], k["major_checkable"], k["major_unverified_over"]) == (4, 3, 1)
        assert (k["rect_no_checks"], k["towns_no_checks"]) == (1, 1)
        paper = queries.run(c, "paper_closures", reason=None, limit=100, **F())
        assert "C1" not in set(paper["hazard_key"])
        by = queries.run(c, "verification_by", dim="town", **F()).set_index("key")
        assert by.loc["南山乡", "rectified"] == 1 and pd.isna(by.loc["南山乡", "verify_rate"])
        ageing = queries.run(c, "unverified_ageing", **F())
        assert ageing["unverified"].sum() == 4  # as before: S4 S6 S11 S13
    finally:
        c.close()


# 五落实 in towns whose ledgers do not record it: 城关镇 records responsible person, measures,
# funds, deadline and plan (F2 gives funds and a plan), 南山乡's ledger has none of those columns.
# F1 (城关镇, major, open) has everything but funds: 缺资金. N1 (南山乡, major, open) has nothing:
# 未记录 for all five — not 缺, and outside the base of 五落实齐全.
FIVE_TOWNS = [
    dict(hazard_key="F1", town=A, sector="gas", level="major", found_date=D(2025, 5, 1), deadline=D(2025, 7, 1),
         status="open", description="调压箱锈蚀", responsible_person="王五", measures="更换调压箱",
         contingency_plan="已制定"),
    dict(hazard_key="F2", town=A, sector="fire", level="general", found_date=D(2025, 5, 2), deadline=D(2025, 6, 2),
         status="rectified", rectified_date=D(2025, 5, 20), description="灭火器过期", funds_yuan=800.0,
         contingency_plan="无"),
    dict(hazard_key="N1", town="南山乡", sector="hazchem", level="major", found_date=D(2025, 5, 3), status="open",
         description="液氨储罐无液位计"),
]  # fmt: skip


@pytest.fixture(scope="module")
def con_five(tmp_path_factory):
    path = tmp_path_factory.mktemp("wh5") / "w.duckdb"
    build(path, FIVE_TOWNS)
    c = db.open_reader(path)
    yield c
    c.close()


ITEMS = ["resp", "measures", "funds", "deadline", "plan"]


def test_five_items_a_town_does_not_record_are_not_recorded_not_missing(con_five):
    b = run(con_five, "supervision_board", sup_level=None, limit=50).set_index("hazard_key")
    assert sorted(b.index) == ["F1", "N1"]  # the open majors
    # 南山乡 records none of the five: every item 未记录, none 缺
    assert b.loc["N1", [f"rec_{x}" for x in ITEMS]].tolist() == [False] * 5
    # 城关镇 records all five (F1 or F2 gives each); F1 lacks only funds
    assert b.loc["F1", [f"rec_{x}" for x in ITEMS]].tolist() == [True] * 5
    assert b.loc["F1", [f"has_{x}" for x in ITEMS]].tolist() == [True, True, False, True, True]
    k = run(con_five, "supervision_kpis").iloc[0]
    # only F1's missing funds is a 缺; N1's empty items are not counted as missing
    assert [int(k[f"missing_{x}"]) for x in ITEMS] == [0, 0, 1, 0, 0]
    assert [int(k[f"unrecorded_{x}"]) for x in ITEMS] == [1] * 5
    # 五落实齐全: base is F1 only (N1's town does not record the five); F1 lacks funds
    assert (k["board"], k["board_five_recorded"], k["board_five_unrecorded"], k["board_complete"]) == (2, 1, 1, 0)


def test_recording_is_judged_per_town_over_the_whole_warehouse(con_five):
    # filtered to 城关镇's majors, F2 (general) is out of scope but still shows the town records funds
    b = run(con_five, "supervision_board", sup_level=None, limit=50, towns=[A], level="major")
    assert b["hazard_key"].tolist() == ["F1"] and bool(b["rec_funds"].iloc[0]) and bool(b["rec_plan"].iloc[0])
