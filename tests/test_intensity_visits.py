"""Ledger 无隐患 visits do not bias per-visit figures (issue 11 follow-up, migration 012): figures
of presence (coverage, never-inspected units, red/orange units visited) count every visit, a
hazard ledger's 无隐患 visits included; figures of intensity (zero-finding share, hazards, major
hazards and penalties per visit, the level a hazard is credited to, the scorecard's zero-finding
indicator, the briefing's 宽松软虚 sentence) count inspection-log visits only and say how many
ledger visits they left out.

Files: tests/fixtures/intensity_visits.py (东湖镇 sends a log; 西山乡 a log and a ledger with six
无隐患 visits; every figure derived there by hand). Each intensity figure is also compared with
the same warehouse loaded from a ledger without its 无隐患 rows: it must not move."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pandas as pd
import pytest

from etl import brief
from etl.brief import followthrough as ft
from etl.brief import scoreboard
from etl.read import config, queries, scorecard
from etl.store import db
from etl.store.writes import ingest
from tests.fixtures import intensity_visits as F
from tests.fixtures import loader_of_migration, migrations_upto, run_query

D = dt.date
APRIL = {"start_month": D(2025, 4, 1), "end_month": D(2025, 4, 1), "as_of": D(2025, 4, 30), "towns": None,
         "sectors": None, "departments": None, "level": None, "limit": 100, "dim": "department", "min_n": 1,
         "who_level": None, "team": None, "method": None, "insp_department": None, "zero_only": None,
         "include_self": None, "logs_only": None}  # fmt: skip
SCOPES = {"county": None, F.XS: [F.XS]}  # 东湖镇 sent no ledger: nothing to leave out there


def _build(path: Path, with_nothing_rows: bool) -> Path:
    for data, name in F.files(with_nothing_rows):
        rep = ingest(data, name, db=path)
        assert rep.status == "loaded", rep.message
    return path


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory) -> dict[str, Path]:
    """'with': 西山乡's ledger with its six 无隐患 visits; 'without': the same files, the ledger
    without its 无隐患 rows (same hazards, no ledger visits)."""
    root = tmp_path_factory.mktemp("intensity")
    return {"with": _build(root / "with" / "w.duckdb", True), "without": _build(root / "without" / "w.duckdb", False)}


def run(path: Path, name: str, **over) -> pd.DataFrame:
    return run_query(path, name, APRIL, **over)


def test_the_fixture_holds_six_ledger_visits(warehouses):
    con = db.open_reader(warehouses["with"])
    try:
        got = con.execute("SELECT town, source_kind, count(*) FROM inspections GROUP BY ALL ORDER BY ALL").fetchall()
    finally:
        con.close()
    assert got == [(F.DH, "inspection", 4), (F.XS, "hazard", 6), (F.XS, "inspection", 4)]


# ---------------------------------------------------------------- intensity: logs only


@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_enforcement_figures_are_those_of_the_logs_alone(warehouses, scope):
    towns = SCOPES[scope]
    got = run(warehouses["with"], "gap_enforcement_kpis", towns=towns).iloc[0]
    alone = run(warehouses["without"], "gap_enforcement_kpis", towns=towns).iloc[0]
    pd.testing.assert_series_equal(got.drop("ledger_visits"), alone.drop("ledger_visits"))
    assert got["ledger_visits"] == 6 and alone["ledger_visits"] == 0


def test_enforcement_figures_by_hand(warehouses):
    xs = run(warehouses["with"], "gap_enforcement_kpis", towns=[F.XS]).iloc[0]
    # 西山乡's log: 4 visits, 2 found nothing, 3 hazards — not 10 visits, 8 zero, 0.3 a visit
    assert (xs["inspections"], xs["zero_found"], xs["hazards_found"]) == (4, 2, 3)
    assert xs["zero_share"] == pytest.approx(0.5) and xs["hazards_per_insp"] == pytest.approx(0.75)
    county = run(warehouses["with"], "gap_enforcement_kpis").iloc[0]
    assert (county["inspections"], county["zero_found"], county["ledger_visits"]) == (8, 3, 6)
    assert county["zero_share"] == pytest.approx(3 / 8) and county["hazards_per_insp"] == pytest.approx(9 / 8)
    assert county["unannounced_share"] == pytest.approx(1 / 8)  # a ledger visit does not dilute it either


@pytest.mark.parametrize("dim", ["department", "inspectors", "method"])
def test_enforcement_by_team_is_that_of_the_logs_alone(warehouses, dim):
    got = run(warehouses["with"], "gap_enforcement_by", dim=dim)
    pd.testing.assert_frame_equal(got, run(warehouses["without"], "gap_enforcement_by", dim=dim))
    if dim == "department":  # 西山乡安监站: its two log visits (one zero), not 7 visits with 6 zero
        assert got.set_index("key").loc["西山乡安监站", ["inspections", "zero_found"]].tolist() == [2, 1]


@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_level_figures_are_those_of_the_logs_alone(warehouses, scope):
    towns = SCOPES[scope]
    got = run(warehouses["with"], "gap_levels", towns=towns).set_index("who_level")
    alone = run(warehouses["without"], "gap_levels", towns=towns).set_index("who_level")
    pd.testing.assert_frame_equal(got.drop(columns="ledger_visits"), alone.drop(columns="ledger_visits"))


def test_level_figures_by_hand(warehouses):
    lv = run(warehouses["with"], "gap_levels").set_index("who_level")
    assert lv.loc["county", ["inspections", "hazards_found", "ledger_visits"]].tolist() == [4, 6, 1]
    assert lv.loc["town", ["inspections", "hazards_found", "ledger_visits"]].tolist() == [4, 3, 5]
    assert lv.loc["town", "hazards_per_insp"] == pytest.approx(0.75)  # not 3 ÷ 9
    # 西山宾馆's hazard of 04-12: the ledger's 无隐患 visit that day (西山乡安监站) found nothing, so the
    # hazard is not the town level's; no log visit found it → its own method 日常检查 → unknown
    assert lv.loc["town", "hazards"] == 2 and lv.loc["unknown", "hazards"] == 1


def test_the_rows_behind_a_zero_share_are_the_visits_it_counts(warehouses):
    rows = run(warehouses["with"], "gap_inspection_rows", towns=[F.XS], zero_only=True, include_self=False,
               logs_only=True)  # fmt: skip
    assert sorted(zip(rows["entity_name"], rows["source_kind"], strict=True)) == [
        ("西山小学", "inspection"), ("西山砖厂", "inspection")]  # fmt: skip
    every = run(warehouses["with"], "gap_inspection_rows", towns=[F.XS], zero_only=True, logs_only=False)
    assert len(every) == 8 and (every["source_kind"] == "hazard").sum() == 6


# ---------------------------------------------------------------- presence: every visit


def test_coverage_and_never_inspected_count_the_ledgers_visits(warehouses):
    cov = {w: run(p, "gap_coverage", towns=[F.XS]) for w, p in warehouses.items()}
    assert (int(cov["with"]["inspected"].sum()), int(cov["with"]["units"].sum())) == (6, 7)
    assert int(cov["without"]["inspected"].sum()) == 2
    never = run(warehouses["with"], "gap_never_inspected")
    assert sorted(never["entity_name"]) == ["东湖饭店", "西山茶厂"]
    assert sorted(run(warehouses["without"], "gap_never_inspected")["entity_name"]) == [
        "东湖饭店", "西山加油站", "西山宾馆", "西山木器厂", "西山茶厂", "西山饭店"]  # fmt: skip


# ---------------------------------------------------------------- scorecard


def _indicators(path: Path) -> pd.DataFrame:
    conf, _ = config.load_scorecard()
    con = db.open_reader(path)
    try:
        raw = queries.run(con, "score_indicators", **scorecard.params_for(D(2025, 4, 1), conf, {**APRIL}))
    finally:
        con.close()
    raw = raw[pd.to_datetime(raw["month"]) == pd.Timestamp(2025, 4, 1)]
    return raw.set_index(["unit_type", "unit"])


def test_scorecard_zero_indicator_counts_logs_and_coverage_counts_every_visit(warehouses):
    got, alone = _indicators(warehouses["with"]), _indicators(warehouses["without"])
    cols = ["zero_num", "zero_den"]
    pd.testing.assert_frame_equal(got[cols], alone[cols])
    assert got.loc[("town", F.XS), cols + ["zero_ledger"]].tolist() == [2, 4, 6]
    assert got.loc[("town", F.DH), cols + ["zero_ledger"]].tolist() == [1, 4, 0]
    assert got.loc[("department", "县应急管理局"), cols + ["zero_ledger"]].tolist() == [1, 2, 1]
    # red/orange units of 西山乡 visited: 小学, 砖厂 by the log, 加油站, 宾馆 by the ledger only
    assert got.loc[("town", F.XS), ["high_num", "high_den"]].tolist() == [4, 4]
    assert alone.loc[("town", F.XS), ["high_num", "high_den"]].tolist() == [2, 4]


def test_scorecard_says_how_many_ledger_visits_it_left_out(warehouses):
    conf, _ = config.load_scorecard()
    con = db.open_reader(warehouses["with"])
    try:
        card = scorecard.build(con, D(2025, 4, 1), conf, queries.hazard_filters(as_of=D(2025, 4, 30)))
    finally:
        con.close()
    assert card.left_out_visits("town") == 6 and card.left_out_visits("town", F.XS) == 6
    assert card.left_out_visits("town", F.DH) == 0 and card.left_out_visits("department", "县应急管理局") == 1
    fig = card.figures.set_index(["indicator", "unit_type", "unit", "month"])
    assert fig.loc[("zero_find_share", "town", F.XS, pd.Timestamp(2025, 4, 1)), "value"] == pytest.approx(0.5)


def test_a_warehouse_with_ledger_visits_only_has_no_zero_finding_figure(tmp_path):
    path = tmp_path / "w.duckdb"
    assert ingest(F.xs_ledger(), F.XS_LEDGER_NAME, db=path).status == "loaded"
    con = db.open_reader(path)
    try:
        status = queries.run(con, "score_status").iloc[0].to_dict()
    finally:
        con.close()
    assert (status["inspections"], status["log_inspections"]) == (6, 0)
    assert scorecard.left_out_from(status) == {"high_risk_inspected": "no_registry", "verified_rate": "no_verification",
                                               "zero_find_share": "no_inspections"}  # fmt: skip


# ---------------------------------------------------------------- briefing


def _q(path: Path):
    con = db.open_reader(path)
    return con, functools.partial(queries.run, con)


def test_briefing_lax_sentence_counts_logs_and_names_the_ledger_visits(warehouses):
    con, q = _q(warehouses["with"])
    try:
        xs = ft.gap_sentences(q, brief.Scope(D(2025, 4, 1), D(2025, 4, 30), towns=(F.XS,)))
        county = ft.gap_sentences(q, brief.Scope(D(2025, 4, 1), D(2025, 4, 30)))
    finally:
        con.close()
    # 西山乡: 2 of its log's 4 visits found nothing (50 % ≥ the 50 % threshold) — with the ledger's six
    # it would be 8 of 10; the county: 3 of 8 (37.5 %), under the threshold: no sentence
    assert xs == ["执法检查宽松软虚。近12个月监督检查 4 次中 50.0% 未发现任何隐患。"
                  "另有 6 次检查来自隐患台账的“无隐患”记录，不计入上述比例。"]  # fmt: skip
    assert county == []


def test_briefing_scorecard_notes_the_ledger_visits(warehouses):
    con, q = _q(warehouses["with"])
    try:
        sb = scoreboard.collect(q, brief.Scope(D(2025, 4, 1), D(2025, 4, 30)))
    finally:
        con.close()
    assert "说明：零发现检查占比只计检查记录中的检查，另有 6 次检查来自隐患台账的“无隐患”记录，不计入。" in scoreboard.lines(sb)
    con, q = _q(warehouses["without"])
    try:
        sb = scoreboard.collect(q, brief.Scope(D(2025, 4, 1), D(2025, 4, 30)))
    finally:
        con.close()
    assert not [x for x in scoreboard.lines(sb) if "无隐患" in x]


# ---------------------------------------------------------------- an older warehouse


def test_a_warehouse_made_before_the_rule_upgrades_and_answers(tmp_path, monkeypatch):
    """Made with migrations 001-011 (the macro does not exist yet), it gets intensity_visit the next
    time a writer opens it, and its figures are then those of a new warehouse."""
    mig = migrations_upto(tmp_path / "migrations", 11)
    new = db.MIGRATIONS_DIR
    monkeypatch.setattr(db, "MIGRATIONS_DIR", mig)
    with monkeypatch.context() as m:  # the load of that time: nothing later migrations added to keep
        loader_of_migration(m, 11)
        path = _build(tmp_path / "old" / "w.duckdb", True)
    with db.writer(path) as con:
        assert db.schema_version(con) == 11
        assert not con.execute("SELECT count(*) FROM duckdb_functions() WHERE function_name = 'intensity_visit'"
                               ).fetchone()[0]  # fmt: skip
    monkeypatch.setattr(db, "MIGRATIONS_DIR", new)
    with db.writer(path) as con:
        assert 12 in {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    k = run(path, "gap_enforcement_kpis", towns=[F.XS]).iloc[0]
    assert (k["inspections"], k["zero_found"], k["ledger_visits"]) == (4, 2, 6)
