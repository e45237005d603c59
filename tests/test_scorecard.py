"""考核通报 scorecard: the raw figures of etl/read/sql/score_indicators.sql on the hand-built warehouse of
test_queries_gaps (every number derived by hand below), the scoring / ranking / 约谈 rules of
etl/read/scorecard.py on a hand-made frame, and the config file's error sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from etl.read import config as cfg
from etl.read import queries
from etl.read import scorecard as sc
from etl.store import db
from tests import warehouse_factory as wf
from tests.test_queries_gaps import CG, HAZARDS, HX, _add_visits_and_registry

D = dt.date
AS_OF = D(2025, 6, 30)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("score") / "warehouse.duckdb"
    wf.build(path, HAZARDS)
    _add_visits_and_registry(path)
    c = db.open_reader(path)
    yield c
    c.close()


def _raw(con, month=D(2025, 6, 1), **over) -> pd.DataFrame:
    params = sc.params_for(month, cfg.ScorecardConfig(), queries.hazard_filters(as_of=AS_OF, **over))
    return queries.run(con, "score_indicators", **params)


def _row(df: pd.DataFrame, unit: str, month: dt.date) -> dict:
    r = df[(df["unit"] == unit) & (pd.to_datetime(df["month"]) == pd.Timestamp(month))]
    assert len(r) == 1, (unit, month)
    return r.iloc[0].to_dict()


def test_raw_figures_of_a_town_by_hand(con) -> None:
    """城关镇, March 2025, window Jan–Mar, status as of 31 March:
    hazards found: H1 (Jan, rectified 20 Jan ≤ deadline 31 Jan), H4 (Feb, open, deadline 15 Feb),
    H2 (3 Mar, open, deadline 20 Mar; repeats H1), H3 (5 Mar, major, rectified 15 Mar, deadline 5 Apr
    not yet due; repeats H7 of 2024) → rectified 2/4, on time 1 of the 3 due, overdue 2/4, repeats 2/4.
    Supervisory visits Jan–Mar in 城关镇: I1 (2 found), I2 (3 found) → zero-find 0/2.
    Red/orange registry units of 城关镇 (May list): 阳光幼儿园, 红星化工, 金辉超市; visited Jan–Mar:
    阳光 (I1, written 阳光（幼儿园）), 红星 (I2) → 2/3. Ledgers for Jan, Feb, Mar came in → 3/3."""
    r = _row(_raw(con), CG, D(2025, 3, 1))
    got = {k: r[k] for k in ("reported_num", "reported_den", "rect_num", "rect_den", "ontime_num", "ontime_den",
                             "overdue_num", "overdue_den", "overdue_major", "repeat_num", "repeat_den",
                             "zero_num", "zero_den", "high_num", "high_den")}  # fmt: skip
    assert got == dict(reported_num=3, reported_den=3, rect_num=2, rect_den=4, ontime_num=1, ontime_den=3,
                       overdue_num=2, overdue_den=4, overdue_major=0, repeat_num=2, repeat_den=4,
                       zero_num=0, zero_den=2, high_num=2, high_den=3)  # fmt: skip


def test_raw_figures_of_a_department_by_hand(con) -> None:
    """县应急管理局, April 2025 (window Feb–Apr, as of 30 April): its hazard H3 (major, rectified
    15 Mar, deadline 5 Apr) → rectified 1/1, on time 1/1, repeat 1/1 (of H7); its visits I2 (3 found)
    and I3 (0 found) → zero-find 1/2; its red/orange registry unit 红星化工 was visited → 1/1.
    Departments have no reporting figure."""
    r = _row(_raw(con), "县应急管理局", D(2025, 4, 1))
    assert pd.isna(r["reported_num"]) and pd.isna(r["reported_den"])
    got = {k: int(r[k]) for k in ("rect_num", "rect_den", "ontime_num", "ontime_den", "repeat_num", "repeat_den",
                                  "zero_num", "zero_den", "high_num", "high_den", "overdue_major")}  # fmt: skip
    assert got == dict(rect_num=1, rect_den=1, ontime_num=1, ontime_den=1, repeat_num=1, repeat_den=1,
                       zero_num=1, zero_den=2, high_num=1, high_den=1, overdue_major=0)  # fmt: skip


def test_overdue_majors_are_a_stock_at_each_month_end(tmp_path: Path) -> None:
    """A major hazard found in January, deadline 10 Feb, rectified 20 May: overdue at the end of
    February, March and April (outside a 3-month window by April, still counted), not in May."""
    path = wf.build(tmp_path / "w.duckdb", [
        dict(hazard_key="M1", town=CG, sector="fire", level="major", found_date=D(2025, 1, 5),
             deadline=D(2025, 2, 10), department="县消防救援大队",
             history=[dict(report_month=D(2025, 1, 1), status="open"),
                      dict(report_month=D(2025, 5, 1), status="rectified", rectified_date=D(2025, 5, 20))]),
    ])  # fmt: skip
    c = db.open_reader(path)
    try:
        raw = _raw(c, D(2025, 6, 1))
    finally:
        c.close()
    for unit in (CG, "县消防救援大队"):
        got = {m: int(_row(raw, unit, D(2025, m, 1))["overdue_major"]) for m in range(1, 7)}
        assert got == {1: 0, 2: 1, 3: 1, 4: 1, 5: 0, 6: 0}, unit


def test_window_figures_match_the_pages_definitions(con) -> None:
    """The scorecard's March figures of each town equal rates_by (the rectification page) over the
    same window with the as-of date at the month's end: one definition of every figure."""
    raw = _raw(con)
    by = queries.run(con, "rates_by", dim="town", **queries.hazard_filters(
        start_month=D(2025, 1, 1), end_month=D(2025, 3, 1), as_of=D(2025, 3, 31)))  # fmt: skip
    for _, b in by.iterrows():
        r = _row(raw, b["key"], D(2025, 3, 1))
        assert (r["rect_num"], r["rect_den"], r["ontime_num"], r["ontime_den"], r["overdue_num"]) == (
            b["rectified"],
            b["total"],
            b["ontime"],
            b["ontime_due"],
            b["overdue"],
        )


def test_filters_narrow_the_figures(con) -> None:
    """Sector 'hazchem' only: 城关镇's March window holds H3 alone (rectified, repeat)."""
    r = _row(_raw(con, sectors=["hazchem"]), CG, D(2025, 3, 1))
    assert (r["rect_num"], r["rect_den"], r["repeat_num"], r["repeat_den"]) == (1, 1, 1, 1)
    assert set(_raw(con, towns=[HX])["unit"]) >= {HX} and CG not in set(_raw(con, towns=[HX])["unit"])


def test_total_score_by_hand(con) -> None:
    """城关镇, March 2025 with the default settings (verification left out: no 验收 data):
    reported 1 → 100 (w10); rect 0.5 → 0 (w20, worst 0.5); on time 1/3 → 0 (w15); overdue majors 0
    → 100 (w15); red/orange visited 2/3 → (0.667−0.5)/0.5 = 33.3 (w10); zero-find 0 → 100 (w10,
    clamped); repeats 0.5 → 0 (w10). Total = (1000 + 1500 + 333.3 + 1000) / 90 = 42.59."""
    s = sc.build(con, D(2025, 6, 1), cfg.ScorecardConfig(), queries.hazard_filters(as_of=AS_OF))
    assert s.left_out == {"verified_rate": "no_verification"}
    t = s.totals[(s.totals["unit"] == CG) & (s.totals["month"] == pd.Timestamp(2025, 3, 1))].iloc[0]
    assert t["total"] == pytest.approx((1000 + 1500 + 1000 / 3 + 1000) / 90, abs=1e-4)
    f = s.figures[(s.figures["unit"] == CG) & (s.figures["month"] == pd.Timestamp(2025, 3, 1))].set_index("indicator")
    assert f.loc["rect_rate", "band"] == "red"  # 0.5 < red line 0.7
    assert f.loc["high_risk_inspected", "band"] == "red"  # 0.667 < 0.8
    assert f.loc["zero_find_share", "band"] == "green"  # 0 ≤ 0.4
    assert f.loc["overdue_major", "band"] == "green"


# ---- the rules on a hand-made frame -----------------------------------------------------------------


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """rows: (month, unit, rect_num, rect_den) for towns; every other figure absent."""
    out = []
    for month, unit, num, den in rows:
        r = {c: 0 for c in ("rect_num", "rect_den", "ontime_num", "ontime_den", "overdue_num", "overdue_den",
                            "verified_num", "verified_den", "repeat_num", "repeat_den", "zero_num", "zero_den",
                            "high_num", "high_den", "overdue_major", "verified_info")}  # fmt: skip
        r.update(month=month, m_end=month, unit_type="town", unit=unit, reported_num=None, reported_den=None,
                 rect_num=num, rect_den=den)  # fmt: skip
        out.append(r)
    return pd.DataFrame(out)


ONLY_RECT = cfg.ScorecardConfig(indicators=tuple(
    i if i.code in ("rect_rate", "overdue_major") else cfg.Indicator(**{**i.__dict__, "weight": 0})
    for i in cfg.DEFAULT_INDICATORS
))  # fmt: skip


def test_ranks_changes_ties_bottom_and_interview() -> None:
    """Rectification rate (w20; worst 0.5, best 1) and overdue majors (w15, 0 → 100) only.
    Scores: rate r → 100·(r−0.5)/0.5; total = (20·s + 15·100)/35.
      Apr: A 10/10 → 100; B 8/10 → 60 → total 77.14; C 6/10 → 20 → 54.29   ranks A1 B2 C3
      May: A 9/10 → 80 → 88.57; B 9/10 → 88.57; C 5/10 → 0 → 42.86        ranks A1 B1 C3 (tie)
      Jun: A 6/10 → 54.29; B 10/10 → 100; C 7/10 → 40 → 65.71             ranks B1 C2 A3
    C is at the bottom in April and May → 建议约谈 in May; June breaks the run. B's change in June:
    1 − 1 = 0; C's: 3 − 2 = +1; A's: 1 − 3 = −2."""
    apr, may, jun = pd.Timestamp(2025, 4, 1), pd.Timestamp(2025, 5, 1), pd.Timestamp(2025, 6, 1)
    raw = _frame([(apr, "A", 10, 10), (apr, "B", 8, 10), (apr, "C", 6, 10),
                  (may, "A", 9, 10), (may, "B", 9, 10), (may, "C", 5, 10),
                  (jun, "A", 6, 10), (jun, "B", 10, 10), (jun, "C", 7, 10)])  # fmt: skip
    _, tot = sc.score(raw, ONLY_RECT)
    t = tot.set_index(["unit", "month"])
    assert t.loc[("B", apr), "total"] == pytest.approx((20 * 60 + 1500) / 35, abs=1e-4)
    assert {u: t.loc[(u, may), "rank"] for u in "ABC"} == {"A": 1, "B": 1, "C": 3}
    assert {u: t.loc[(u, jun), "rank"] for u in "ABC"} == {"A": 3, "B": 1, "C": 2}
    assert {u: t.loc[(u, jun), "rank_change"] for u in "ABC"} == {"A": -2, "B": 0, "C": 1}
    assert pd.isna(t.loc[("A", apr), "rank_change"])
    assert [bool(t.loc[("C", m), "interview"]) for m in (apr, may, jun)] == [False, True, False]
    assert not tot.loc[tot["unit"] != "C", "interview"].any()
    assert bool(t.loc[("A", jun), "bottom"]) and not t.loc[("A", jun), "interview"]


def test_a_unit_without_any_rate_figure_is_not_ranked() -> None:
    apr = pd.Timestamp(2025, 4, 1)
    fig, tot = sc.score(_frame([(apr, "A", 5, 10), (apr, "B", 0, 0)]), ONLY_RECT)
    om = fig[fig["indicator"] == "overdue_major"].set_index("unit")["value"]
    assert om["A"] == 0 and pd.isna(om["B"])  # no hazards to count: "0 overdue majors" earns nothing
    t = tot.set_index("unit")
    assert pd.isna(t.loc["B", "total"]) and pd.isna(t.loc["B", "rank"])
    assert t.loc["A", "rank"] == 1 and t.loc["A", "n_ranked"] == 1
    assert not t["bottom"].any()  # one unit ranked is no "bottom"


def test_bands_follow_direction() -> None:
    up = cfg.Indicator("x", 1, "up", 1.0, 0.5, 0.9, 0.7)
    down = cfg.Indicator("y", 1, "down", 0.0, 0.2, 0.05, 0.1)
    assert [sc.band(v, up) for v in (0.95, 0.9, 0.8, 0.7, 0.69)] == ["green", "green", "amber", "amber", "red"]
    assert [sc.band(v, down) for v in (0.0, 0.05, 0.08, 0.1, 0.11)] == ["green", "green", "amber", "amber", "red"]
    assert sc.score_value(0.75, up) == pytest.approx(50) and sc.score_value(0.3, down) == 0


def test_empty_registry_leaves_coverage_out(tmp_path: Path) -> None:
    path = wf.build(tmp_path / "w.duckdb", HAZARDS)
    c = db.open_reader(path)
    try:
        s = sc.build(c, D(2025, 6, 1), cfg.ScorecardConfig(), queries.hazard_filters(as_of=AS_OF))
    finally:
        c.close()
    assert s.left_out["high_risk_inspected"] == "no_registry"
    assert "high_risk_inspected" not in set(s.figures["indicator"])
    assert "high_risk_inspected" not in s.month_table("town").columns


# ---- config -----------------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "scorecard.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_config_equals_the_documented_defaults() -> None:
    assert cfg.load_scorecard(cfg.CONFIG_DIR / "scorecard.toml") == (cfg.ScorecardConfig(), [])
    assert cfg.load_plan(cfg.CONFIG_DIR / "plan.toml") == (cfg.PlanConfig(), [])
    assert cfg.load_responsibilities(cfg.CONFIG_DIR / "responsibilities.toml")[1] == []


def test_config_changes_apply(tmp_path: Path) -> None:
    c, problems = cfg.load_scorecard(_write(tmp_path, "window_months = 6\n[indicators.rect_rate]\nweight = 40\n"))
    assert problems == []
    assert c.window_months == 6 and c.indicator("rect_rate").weight == 40
    assert c.indicator("ontime_rate") == cfg.ScorecardConfig().indicator("ontime_rate")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("window_months = 3\n\n[indicators.bogus]\nweight = 5\n", 3, "bogus"),
        ('[indicators.rect_rate]\ndirection = "up"\nweight = "heavy"\n', 3, "heavy"),
        ('[indicators.rect_rate]\nweight = 10\n[indicators.ontime_rate]\ndirection = "sideways"\n', 4, "sideways"),
        ("window_months = 3\nweight = [1,\n", 2, "格式错误"),
        ("window_months = 3\n[indicators.rect_rate]\nweight = 1 2\n", 3, "格式错误"),
        ("bottom_n = 0\n", 1, "bottom_n"),
        ('[indicators.repeat_rate]\ndirection = "up"\n', 1, "方向"),
    ],
)
def test_config_errors_name_the_line_and_keep_the_defaults(tmp_path: Path, text: str, line: int, words: str) -> None:
    c, problems = cfg.load_scorecard(_write(tmp_path, text))
    assert c == cfg.ScorecardConfig()
    assert len(problems) == 1, problems
    assert problems[0].line == line
    zh = problems[0].text("zh")
    assert f"第 {line} 行" in zh and words in zh and "使用默认设置" in zh
    assert f"line {line}" in problems[0].text("en")


def test_missing_config_file_means_defaults(tmp_path: Path) -> None:
    assert cfg.load_scorecard(tmp_path / "none.toml") == (cfg.ScorecardConfig(), [])


def test_acceptance_rate_only_where_ledgers_record_acceptance(tmp_path: Path) -> None:
    """城关镇 records 验收: H1 rectified 10 Mar, accepted 20 Mar; H2 rectified 12 Mar, accepted 5 Apr;
    H3 rectified, never accepted → March 1/3, April 2/3. 河西街道's ledger has no 验收 columns
    (H4 rectified, nothing recorded) → no figure, never 0 %."""
    rect = dict(sector="fire", status="rectified", deadline=D(2025, 3, 31))
    path = wf.build(tmp_path / "w.duckdb", [
        dict(hazard_key="H1", town=CG, found_date=D(2025, 3, 1), rectified_date=D(2025, 3, 10), **rect),
        dict(hazard_key="H2", town=CG, found_date=D(2025, 3, 2), rectified_date=D(2025, 3, 12), **rect),
        dict(hazard_key="H3", town=CG, found_date=D(2025, 3, 3), rectified_date=D(2025, 3, 13), **rect),
        dict(hazard_key="H4", town=HX, found_date=D(2025, 3, 3), rectified_date=D(2025, 3, 13), **rect),
    ])  # fmt: skip
    with db.writer(path) as w:
        w.execute("UPDATE hazard_current SET verified_date = DATE '2025-03-20', verification_result = 'passed'"
                  " WHERE hazard_key = 'H1'")  # fmt: skip
        w.execute("UPDATE hazard_current SET verified_date = DATE '2025-04-05' WHERE hazard_key = 'H2'")
        w.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'")
    c = db.open_reader(path)
    try:
        s = sc.build(c, D(2025, 4, 1), cfg.ScorecardConfig(), queries.hazard_filters(as_of=AS_OF))
    finally:
        c.close()
    assert "verified_rate" not in s.left_out
    v = s.figures[s.figures["indicator"] == "verified_rate"].set_index(["unit", "month"])
    assert (v.loc[(CG, pd.Timestamp(2025, 3, 1)), "num"], v.loc[(CG, pd.Timestamp(2025, 3, 1)), "den"]) == (1, 3)
    assert v.loc[(CG, pd.Timestamp(2025, 4, 1)), "value"] == pytest.approx(2 / 3)
    assert pd.isna(v.loc[(HX, pd.Timestamp(2025, 3, 1)), "value"])
    # the same count as the 督办与销号 page's verification_by over the same window and month end
    c = db.open_reader(path)
    try:
        by = queries.run(c, "verification_by", dim="town", unverified_days=30, **queries.hazard_filters(
            start_month=D(2025, 2, 1), end_month=D(2025, 4, 1), as_of=D(2025, 4, 30))).set_index("key")  # fmt: skip
    finally:
        c.close()
    assert (by.loc[CG, "verified"], by.loc[CG, "rectified"]) == (2, 3)
