"""Named queries of the leaders' pages on a hand-built warehouse where every number is known.

The warehouse (as of 2025-06-30, period 2025-01..2025-06):

key  town  sector        level    dept        found       deadline    rectified   note
H1   城关镇 school        general  县教育局     2025-03-05  2025-03-20  2025-03-15  on time (10 days)
H2   城关镇 school        major    县教育局     2025-03-10  2025-04-10  2025-04-20  late (41 days)
H3   城关镇 fire          general  县消防救援大队 2025-04-01  2025-04-15  —           overdue 76 days; 3 reports
H4   河西街道 fire        major    县消防救援大队 2025-05-02  2025-07-31  —           open, not yet due
H5   河西街道 construction general 县住建局     2025-06-10  2025-06-25  2025-07-05  rectified after as-of
H6   河西街道 construction major   县住建局     2025-06-20  2025-06-28  —           overdue 2 days
H9   河西街道 other        general  (none)      2025-02-03  —           (no date)   rectified in Feb report
H8   城关镇 school        general  县教育局     2024-06-12  2024-06-30  2024-06-20  a year earlier (YoY)
H10  城关镇 hazchem       major    县应急管理局  2024-11-05  2024-12-05  2025-02-10  major open at period start
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from etl.read import queries
from etl.store import db
from tests.warehouse_factory import build, build_empty

D = dt.date
A, B = "城关镇", "河西街道"

HAZARDS = [
    dict(hazard_key="H1", town=A, sector="school", level="general", department="县教育局", found_date=D(2025, 3, 5),
         deadline=D(2025, 3, 20), status="rectified", rectified_date=D(2025, 3, 15), description="消防通道堵塞"),
    dict(hazard_key="H2", town=A, sector="school", level="major", department="县教育局", found_date=D(2025, 3, 10),
         deadline=D(2025, 4, 10), status="rectified", rectified_date=D(2025, 4, 20), description="应急照明损坏",
         history=[dict(report_month=D(2025, 3, 1), status="open"),
                  dict(report_month=D(2025, 4, 1), status="rectified", rectified_date=D(2025, 4, 20))]),
    dict(hazard_key="H3", town=A, sector="fire", level="general", department="县消防救援大队", found_date=D(2025, 4, 1),
         deadline=D(2025, 4, 15), status="open", description="灭火器过期", entity_name="城关镇某超市",
         history=[dict(report_month=D(2025, 4, 1), status="open"), dict(report_month=D(2025, 5, 1), status="open"),
                  dict(report_month=D(2025, 6, 1), status="open")]),
    dict(hazard_key="H4", town=B, sector="fire", level="major", department="县消防救援大队", found_date=D(2025, 5, 2),
         deadline=D(2025, 7, 31), status="open", description="安全出口锁闭"),
    dict(hazard_key="H5", town=B, sector="construction", level="general", department="县住建局",
         found_date=D(2025, 6, 10), deadline=D(2025, 6, 25), status="rectified", rectified_date=D(2025, 7, 5),
         report_month=D(2025, 7, 1), description="脚手架搭设不规范"),
    dict(hazard_key="H6", town=B, sector="construction", level="major", department="县住建局",
         found_date=D(2025, 6, 20), deadline=D(2025, 6, 28), status="open", description="=HYPERLINK(\"x\")"),
    dict(hazard_key="H9", town=B, sector="other", level="general", department=None, found_date=D(2025, 2, 3),
         deadline=None, status="rectified", rectified_date=None, description="警示标志缺失"),
    dict(hazard_key="H8", town=A, sector="school", level="general", department="县教育局", found_date=D(2024, 6, 12),
         deadline=D(2024, 6, 30), status="rectified", rectified_date=D(2024, 6, 20), description="灭火器过期"),
    dict(hazard_key="H10", town=A, sector="hazchem", level="major", department="县应急管理局",
         found_date=D(2024, 11, 5), deadline=D(2024, 12, 5), status="rectified", rectified_date=D(2025, 2, 10),
         report_month=D(2025, 2, 1), description="安全阀未按期校验"),
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
                level=None, as_of=D(2025, 6, 30))  # fmt: skip
    return {**base, **over}


def kpi(con, **over):
    return queries.run(con, "kpis", **F(**over)).iloc[0]


def nan(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


# ---- the §4 metrics -------------------------------------------------------------------------


def test_kpis_exact(con):
    k = kpi(con)
    assert k["total"] == 7
    assert k["rectified"] == 3  # H1, H2, H9 (H5 only after the as-of date)
    assert k["rect_rate"] == pytest.approx(3 / 7)
    assert (k["major_total"], k["major_rectified"]) == (3, 1)
    assert k["major_rect_rate"] == pytest.approx(1 / 3)
    assert k["overdue"] == 3  # H3, H5, H6
    assert k["overdue_major"] == 1
    assert (k["ontime"], k["ontime_due"]) == (1, 5)  # H1 of H1 H2 H3 H5 H6
    assert k["ontime_rate"] == pytest.approx(0.2)
    assert k["days_median"] == pytest.approx(25.5)  # 10 and 41 days
    assert k["days_p90"] == pytest.approx(10 + 0.9 * 31)
    assert (k["found_in_month"], k["major_in_month"]) == (2, 1)  # June: H5, H6
    assert k["open_now"] == 4


@pytest.mark.parametrize("over", [{}, dict(towns=[A], level="major"), dict(sectors=["school", "fire"]),
                                  dict(start_month=None, end_month=None), dict(departments=[""]),
                                  dict(start_month=D(2030, 1, 1), end_month=D(2030, 2, 1))])
def test_count_queries_equal_the_full_ones_without_the_quantiles(con, over):
    """kpis_counts / counts_by (the overview's cheaper queries) = kpis / rates_by minus the days quantiles."""
    full = queries.run(con, "kpis", **F(**over))
    lite = queries.run(con, "kpis_counts", **F(**over))
    assert list(lite.columns) == [c for c in full.columns if c not in ("days_median", "days_p90")]
    pd.testing.assert_frame_equal(lite, full[lite.columns])
    for dim in ("town", "sector", "department", "level"):
        full = queries.run(con, "rates_by", dim=dim, **F(**over))
        lite = queries.run(con, "counts_by", dim=dim, **F(**over))
        pd.testing.assert_frame_equal(lite, full[lite.columns])


def test_overdue_is_relative_to_as_of(con):
    assert kpi(con, as_of=D(2025, 6, 27))["overdue"] == 2  # H6's deadline 06-28 not yet passed
    later = kpi(con, as_of=D(2025, 7, 31))
    assert later["overdue"] == 2  # H5 rectified 07-05; H4's deadline is the as-of day itself
    assert later["rectified"] == 4
    assert kpi(con, as_of=D(2025, 8, 1))["overdue"] == 3  # now H4 too


def test_as_of_in_the_past_drops_later_hazards_and_rectifications(con):
    k = kpi(con, as_of=D(2025, 4, 5))
    assert k["total"] == 4  # H9, H1, H2, H3 found by 04-05
    assert k["rectified"] == 2  # H9 (Feb report), H1; H2 only on 04-20
    assert k["overdue"] == 0  # H3 due 04-15, H2 due 04-10
    assert (k["ontime"], k["ontime_due"]) == (1, 1)  # only H1's deadline has come


def test_empty_scope_gives_dash_not_zero(con):
    k = kpi(con, towns=["不存在的镇"])
    assert k["total"] == 0 and k["overdue"] == 0
    for col in ("rect_rate", "major_rect_rate", "ontime_rate", "days_median", "days_p90"):
        assert nan(k[col]), col
    # majors exist but none due yet: on-time rate undefined, not 0
    k = kpi(con, level="major", as_of=D(2025, 4, 9), end_month=D(2025, 4, 1))
    assert (k["total"], k["ontime_due"]) == (1, 0) and nan(k["ontime_rate"])


@pytest.mark.parametrize(
    ("over", "total", "rectified"),
    [
        (dict(towns=[A]), 3, 2),
        (dict(sectors=["school"]), 2, 2),
        (dict(sectors=["school", "fire"]), 4, 2),
        (dict(departments=[""]), 1, 1),  # '' = no department named
        (dict(departments=["县住建局"]), 2, 0),
        (dict(level="major"), 3, 1),
        (dict(start_month=D(2025, 6, 1)), 2, 0),
        (dict(start_month=None, end_month=None), 9, 5),  # whole history, still as of 06-30
        (dict(towns=[], sectors=[]), 7, 3),  # empty selections mean no filter
    ],
)
def test_filters(con, over, total, rectified):
    k = kpi(con, **over)
    assert (k["total"], k["rectified"]) == (total, rectified)


def test_rates_by_town_and_sector(con):
    by_town = queries.run(con, "rates_by", dim="town", **F()).set_index("key")
    assert by_town.loc[A, "total"] == 3 and by_town.loc[A, "rect_rate"] == pytest.approx(2 / 3)
    assert by_town.loc[B, "overdue"] == 2 and by_town.loc[B, "overdue_major"] == 1
    by_sector = queries.run(con, "rates_by", dim="sector", **F()).set_index("key")
    assert set(by_sector.index) == {"school", "fire", "construction", "other"}
    assert nan(by_sector.loc["fire", "major_rect_rate"]) is False
    assert by_sector.loc["fire", "major_rect_rate"] == 0
    assert nan(by_sector.loc["other", "major_rect_rate"])  # no majors: '—'
    by_dept = queries.run(con, "rates_by", dim="department", **F()).set_index("key")
    assert by_dept.loc["", "total"] == 1


# ---- time series ------------------------------------------------------------------------------


def test_monthly_trend_fills_months_and_counts_reports(con):
    m = queries.run(con, "monthly_trend", **F())
    assert [d.month for d in m["month"]] == [1, 2, 3, 4, 5, 6]
    assert m["found"].tolist() == [0, 1, 2, 1, 1, 2]
    assert m["reports"].iloc[0] == 0  # January: no ledger arrived
    assert m["reports"].iloc[3] == 1  # April: 城关镇 (H3 report)
    assert nan(m["rect_rate"].iloc[0])


def test_sector_monthly_quarterly(con):
    q = queries.run(con, "sector_monthly", grain="quarter", **F())
    assert q.groupby("period")["found"].sum().tolist() == [3, 4]


def test_yoy(con):
    y = queries.run(con, "yoy_monthly", **F())
    june = y.iloc[-1]
    assert (june["found"], june["found_prev_year"]) == (2, 1)
    assert y["found_prev_year"].sum() == 1


def test_major_stock_flow(con):
    f = queries.run(con, "major_stock_flow", **F())
    assert f["inflow"].tolist() == [0, 0, 1, 0, 1, 1]
    assert f["outflow"].tolist() == [0, 1, 0, 1, 0, 0]
    assert f["stock"].tolist() == [1, 0, 1, 0, 1, 2]  # H10 was open when the period began


def test_overdue_ageing_and_days(con):
    a = queries.run(con, "overdue_ageing", **F())
    got = {(r.bucket, r.level): r.overdue for r in a.itertuples()}
    assert len(got) == 8
    assert got[("31-90", "general")] == 1 and got[("1-7", "general")] == 1 and got[("1-7", "major")] == 1
    assert sum(got.values()) == 3
    d = queries.run(con, "rectify_days", **F())
    got = {(r.bucket, r.level): r.rectified for r in d.itertuples()}
    assert got[("8-15", "general")] == 1 and got[("31-60", "major")] == 1 and sum(got.values()) == 2


def test_overdue_majors_list(con):
    o = queries.run(con, "overdue_majors", limit=10, **F())
    assert o["hazard_key"].tolist() == ["H6"] and o["days_overdue"].tolist() == [2]
    assert queries.run(con, "overdue_majors", limit=10, **F(level="general")).empty


# ---- drill tables and the explorer -----------------------------------------------------------


def test_grid_and_problems(con):
    g = queries.run(con, "town_sector_grid", **F())
    assert g["found"].sum() == 7
    kw = queries.run(con, "problem_keywords", **F()).set_index("category")
    assert kw.loc["fire_exit", "found"] == 2  # 消防通道 (H1) and 安全出口 (H4)
    top = queries.run(con, "top_descriptions", limit=1, **F(sectors=["school"]))
    assert len(top) == 1 and top.iloc[0]["found"] == 1


@pytest.mark.parametrize(
    ("state", "search", "keys"),
    [
        (None, None, ["H6", "H5", "H4", "H3", "H2", "H1", "H9"]),
        ("overdue", None, ["H6", "H5", "H3"]),
        ("open", None, ["H6", "H5", "H4", "H3"]),
        ("rectified", None, ["H2", "H1", "H9"]),
        (None, "超市", ["H3"]),
        (None, "h10", []),  # out of the period
    ],
)
def test_hazard_list(con, state, search, keys):
    rows = queries.run(con, "hazard_list", state=state, search=search, limit=50, offset=0, **F())
    assert rows["hazard_key"].tolist() == keys
    n = queries.run(con, "hazard_count", state=state, search=search, **F()).iloc[0]["n"]
    assert n == len(keys)


def test_hazard_list_status_and_source(con):
    rows = queries.run(con, "hazard_list", state=None, search=None, limit=2, offset=1, **F()).set_index("hazard_key")
    assert list(rows.index) == ["H5", "H4"]
    assert rows.loc["H5", "status_asof"] == "overdue"  # rectified only after the as-of date
    assert rows.loc["H5", "source_file"] == "河西街道2025年7月隐患台账.xlsx"
    assert rows.loc["H5", "source_sheet"] == "Sheet1"


def test_history_and_detail(con):
    h = queries.run(con, "hazard_history", hazard_key="H3")
    assert [d.month for d in h["report_month"]] == [4, 5, 6]
    assert h["status"].tolist() == ["open"] * 3
    assert h["file_name"].iloc[0] == "城关镇2025年4月隐患台账.xlsx"
    h2 = queries.run(con, "hazard_history", hazard_key="H2")
    assert h2["status"].tolist() == ["open", "rectified"]
    d = queries.run(con, "hazard_detail", hazard_key="H3").iloc[0]
    assert d["source_file"] == "城关镇2025年6月隐患台账.xlsx" and d["entity_name"] == "城关镇某超市"


def test_status_and_options(con):
    s = queries.run(con, "status_overview").iloc[0]
    assert s["hazards"] == 9 and s["last_report_month"] == dt.datetime(2025, 7, 1)
    o = queries.run(con, "filter_options")
    assert set(o.loc[o["kind"] == "town", "value"]) == {A, B}
    assert o.loc[o["kind"] == "sector", "value"].tolist()[:4] == ["school", "fire", "traffic", "construction"]
    assert "" in set(o.loc[o["kind"] == "department", "value"])


# ---- the query runner --------------------------------------------------------------------------


LEADER_QUERIES = [
    "status_overview", "filter_options", "kpis", "kpis_counts", "counts_by", "monthly_trend", "rates_by", "sector_monthly", "yoy_monthly",
    "town_sector_grid", "top_descriptions", "problem_keywords", "overdue_ageing", "rectify_days",
    "major_stock_flow", "overdue_majors", "hazard_list", "hazard_count", "hazard_history", "hazard_detail",
]  # fmt: skip


def test_every_query_has_a_header_and_runs_on_an_empty_warehouse(tmp_path):
    path = build_empty(tmp_path / "empty.duckdb")
    c = db.open_reader(path)
    extra = dict(dim="town", grain="month", limit=5, state=None, search=None, offset=0, hazard_key="x")
    try:
        assert set(LEADER_QUERIES) <= set(queries.available())
        for name in LEADER_QUERIES:
            text = (queries.SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
            assert text.startswith("-- "), f"{name}.sql needs a header comment"
            assert "Params" in text or "params" in text, f"{name}.sql header should list its params"
            df = queries.run(c, name, **F(), **extra)
            assert df is not None
    finally:
        c.close()


def test_run_checks_params(con):
    with pytest.raises(queries.QueryError, match="needs params"):
        queries.run(con, "kpis", as_of=D(2025, 6, 30))
    with pytest.raises(queries.QueryError):
        queries.run(con, "../etc/passwd")
    # unknown extra params are ignored, so a page can pass its whole filter dict
    assert len(queries.run(con, "status_overview", anything=1)) == 1


def test_values_are_bound_not_formatted(con):
    evil = "x' OR '1'='1"
    k = kpi(con, towns=[evil])
    assert k["total"] == 0
    rows = queries.run(con, "hazard_list", state=None, search=evil, limit=5, offset=0, **F())
    assert rows.empty
