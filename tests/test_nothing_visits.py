"""A hazard ledger's 无隐患 row that names a unit and a date is an inspection visit that found
nothing (docs/DATA_CONTRACT.md §1.1, issue 11): read from the ledger, stored under the ledger's
upload, seen by the supervision-gap queries, withdrawn by a rollback, and never counted twice
beside an inspection log naming the same visit. Fixtures: tests/fixtures/nothing_visits.py (the
expected rows are derived there by hand)."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from etl.admin.maintenance import integrity_findings
from etl.ingest.pipeline import analyse
from etl.ingest.reading_report import sheet_lines
from etl.read import queries
from etl.store import db
from etl.store.writes import ingest
from etl.store.writes import rollback_upload as rollback
from tests.fixtures import nothing_visits as F

D = dt.date
CG = "城关镇"
APRIL = {"start_month": D(2025, 4, 1), "end_month": D(2025, 4, 1), "as_of": D(2025, 4, 30), "towns": None,
         "sectors": None, "departments": None, "level": None, "limit": 100}

# the three visits of the ledger: every column of `inspections` but inspection_key and upload_id
LEDGER_VISITS = {
    ("城关小学", D(2025, 4, 12)): dict(town=CG, sector="school", department="县教育局", inspection_method="routine",
                                    inspectors="张三", hazards_found=0, major_hazards_found=0, penalty_yuan=0.0,
                                    source_kind="hazard"),
    ("城关宾馆", D(2025, 4, 15)): dict(town=CG, sector="fire", department=None, inspection_method=None, inspectors=None,
                                    hazards_found=0, major_hazards_found=0, penalty_yuan=0.0, source_kind="hazard"),
    ("城关加油站", D(2025, 4, 20)): dict(town=CG, sector="hazchem", department="县应急管理局",
                                     inspection_method="unannounced", inspectors="王五", hazards_found=0,
                                     major_hazards_found=0, penalty_yuan=0.0, source_kind="hazard"),
}


def _none(v):
    return None if v != v else v  # NaN → None


def visits(con) -> dict[tuple, dict]:
    """The `inspections` view keyed by (unit, date, department): every column but the key and upload."""
    df = con.execute("SELECT * EXCLUDE (inspection_key, upload_id) FROM inspections").df()
    out = {}
    for r in df.to_dict("records"):
        key = (r.pop("entity_name"), r.pop("inspection_date").date(), _none(r["department"]))
        assert key not in out, key
        out[key] = {k: _none(v) for k, v in r.items()}
    return out


def ledger_visits() -> dict[tuple, dict]:
    return {(u, day, v["department"]): v for (u, day), v in LEDGER_VISITS.items()}


def load(path, *files):
    reps = [ingest(data, name, db=path) for data, name in files]
    assert [r.status for r in reps] == ["loaded"] * len(files), [r.message for r in reps]
    return reps


LEDGER = (F.ledger(), F.LEDGER_NAME)
LOG = (F.inspection_log(), F.LOG_NAME)
REGISTRY = (F.registry(), F.REGISTRY_NAME)


# ---------------------------------------------------------------- reading


def test_ledger_rows_become_visits_or_say_why_not():
    a = analyse(*LEDGER)
    assert a.kind == "hazard"
    assert (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped) == (8, 1, 0, 7)
    assert a.frame["entity_name"].tolist() == ["城关超市"]  # no 无隐患 row became a hazard
    sheet = a.sheets[0]
    assert sheet.skipped == {"nothing_to_report": 7}
    assert sheet.reading.nothing_outcome == [
        ["visit", "2025-04-12"], ["visit", "2025-04-15"], ["no_date", None], ["month_only", None],
        ["no_unit", None], ["no_unit", None], ["visit", "2025-04-20"]]
    got = a.visits.to_pylist()
    assert [(r["source_row"], r["obs_seq"]) for r in got] == [(4, 0), (5, 1), (10, 2)]
    for r in got:
        want = LEDGER_VISITS[(r["entity_name"], r["inspection_date"])]
        assert {k: r[k] for k in want if k != "source_kind"} == {k: v for k, v in want.items() if k != "source_kind"}
        assert (r["report_month"], r["source_file"], r["source_sheet"]) == (D(2025, 4, 1), F.LEDGER_NAME, "隐患台账")
    assert {r["entity_name"]: r["sector_raw"] for r in got} == {"城关小学": "学校", "城关宾馆": "消防", "城关加油站": "危化品"}
    assert len({r["inspection_key"] for r in got}) == 3
    assert a.towns == [CG]


def test_every_visit_and_every_non_visit_is_reported():
    a = analyse(*LEDGER)
    lines = {n.code: (n.count, n.examples) for n in a.notices}
    assert lines["nothing_to_report"][0] == 7
    assert lines["nothing_visit"] == (3, ["城关小学 2025-04-12", "城关宾馆 2025-04-15", "城关加油站 2025-04-20"])
    assert lines["nothing_no_visit_date"] == (2, ["城关木器厂", "城关饭店"])
    assert lines["date_without_year"] == (1, ["4.15"])  # the 4.15 of 城关宾馆: the year is the report month's
    zh = sheet_lines(a.sheets[0], "zh")
    assert "其中 3 条无隐患记录计为检查（未发现隐患）：城关小学 2025-04-12、城关宾馆 2025-04-15、城关加油站 2025-04-20" in zh
    assert ("未计为检查 4 行：未写检查日期（第 6 行）；只写了月份，没有具体日期（不推测日期）（第 7 行）；"
            "未写单位名称（只计为已报送）（第 8、9 行）") in zh
    en = sheet_lines(a.sheets[0], "en")
    assert "of them 3 stored as inspection visits that found nothing: 城关小学 2025-04-12、城关宾馆 2025-04-15、城关加油站 2025-04-20" in en
    assert ("not visits (4): no inspection date: rows 6; a month only, no day (no day is guessed): rows 7; "
            "no unit named (only a report received): rows 8, 9") in en


def test_sector_from_the_sheet_supervisor_as_department_and_what_is_not_guessed():
    a = analyse(F.school_ledger(), "城关镇学校台账.xlsx")
    assert (a.kind, a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped) == ("hazard", 4, 1, 0, 3)
    (v,) = a.visits.to_pylist()
    assert {k: v[k] for k in ("inspection_date", "town", "sector", "sector_raw", "department", "entity_name",
                              "inspection_method", "inspectors", "hazards_found", "major_hazards_found",
                              "penalty_yuan", "source_row")} == {
        "inspection_date": D(2025, 4, 8), "town": CG, "sector": "school", "sector_raw": None, "department": "县教育局",
        "entity_name": "城关一小", "inspection_method": "routine", "inspectors": None, "hazards_found": 0,
        "major_hazards_found": 0, "penalty_yuan": 0.0, "source_row": 3}
    assert a.sheets[0].reading.nothing_outcome == [["visit", "2025-04-08"], ["bad_date", None], ["unclear_code", None]]
    assert not a.problems  # a 无隐患 row is never rejected: it is a report received either way


def test_no_town_no_visit():
    a = analyse(F.townless_ledger(), "台账.xlsx")
    assert (a.rows_read, a.rows_loaded, a.rows_skipped, a.visits) == (1, 0, 1, None)
    assert a.sheets[0].reading.nothing_outcome == [["no_town", None]]
    assert "未计为检查 1 行：无法确定乡镇（第 2 行）" in sheet_lines(a.sheets[0], "zh")


def test_an_inspection_log_has_no_ledger_visits():
    assert analyse(*LOG).visits is None


# ---------------------------------------------------------------- the warehouse


def test_visits_are_stored_under_the_ledgers_upload(db_path):
    (rep,) = load(db_path, LEDGER)
    con = db.open_reader(db_path)
    try:
        assert visits(con) == ledger_visits()
        assert set(con.execute("SELECT DISTINCT upload_id FROM inspections").fetchall()) == {(rep.upload_id,)}
        assert con.execute("SELECT entity_name FROM hazards").fetchall() == [("城关超市",)]
        up = con.execute("SELECT kind, rows_read, rows_loaded, rows_rejected, rows_skipped FROM uploads").fetchone()
        assert up == ("hazard", 8, 1, 0, 7)
        # the gap page's derived tables equal a rebuild (etl check)
        assert integrity_findings(con) == []
    finally:
        con.close()


def test_gap_pages_count_the_ledgers_visits(db_path):
    load(db_path, REGISTRY, LEDGER)
    con = db.open_reader(db_path)
    try:
        never = queries.run(con, "gap_never_inspected", **APRIL)
        assert sorted(never["entity_name"]) == ["城关木器厂", "城关饭店"]  # no day / a month only: not visits
        cov = queries.run(con, "gap_coverage", **APRIL).set_index("sector")
        assert cov["inspected"].to_dict() == {"school": 1, "fire": 1, "hazchem": 1, "industry_trade": 0, "gas": 0}
        # a ledger's 无隐患 visits count for presence, not per visit (migration 012): no log, no zero share
        k = queries.run(con, "gap_enforcement_kpis", **APRIL).iloc[0]
        assert (k["inspections"], k["zero_found"], k["ledger_visits"]) == (0, 0, 3) and pd.isna(k["zero_share"])
    finally:
        con.close()


def test_rollback_removes_the_visits(db_path):
    reg, led = load(db_path, REGISTRY, LEDGER)
    rollback(db_path, led.upload_id)
    con = db.open_reader(db_path)
    try:
        assert con.execute("SELECT count(*) FROM inspections").fetchone()[0] == 0
        assert len(queries.run(con, "gap_never_inspected", **APRIL)) == 5
        assert integrity_findings(con) == []
    finally:
        con.close()


# The log's visits: 城关小学 4-12 by 县教育局 is the ledger's visit (same unit, day and department)
# and 城关宾馆 4-15 too (the ledger named no department): the log's rows stand for them, with
# the log's figures. 城关加油站 4-20 by 县市场监管局 is another body's visit than the ledger's
# (县应急管理局): both count.
LOG_VISITS = {
    ("城关小学", D(2025, 4, 12), "县教育局"): dict(town=CG, sector="school", department="县教育局",
                                              inspection_method="routine", inspectors="李四", hazards_found=2,
                                              major_hazards_found=0, penalty_yuan=0.0, source_kind="inspection"),
    ("城关 宾馆", D(2025, 4, 15), "县消防救援大队"): dict(town=CG, sector="fire", department="县消防救援大队",
                                                 inspection_method="special", inspectors="赵六", hazards_found=0,
                                                 major_hazards_found=0, penalty_yuan=0.0, source_kind="inspection"),
    ("城关加油站", D(2025, 4, 20), "县市场监管局"): dict(town=CG, sector="hazchem", department="县市场监管局",
                                                inspection_method="routine", inspectors="钱七", hazards_found=1,
                                                major_hazards_found=0, penalty_yuan=500.0, source_kind="inspection"),
}


@pytest.mark.parametrize("order", ["ledger_first", "log_first"])
def test_a_visit_in_both_ledger_and_log_counts_once_with_the_logs_figures(db_path, order):
    files = [LEDGER, LOG] if order == "ledger_first" else [LOG, LEDGER]
    reps = dict(zip([f[1] for f in files], load(db_path, *files), strict=True))
    gas_station = ("城关加油站", D(2025, 4, 20), "县应急管理局")
    con = db.open_reader(db_path)
    try:
        assert visits(con) == {**LOG_VISITS, gas_station: ledger_visits()[gas_station]}
        assert integrity_findings(con) == []
        # 宽松软虚: four visits; per visit, the log's three (城关宾馆 found nothing), the ledger's 城关加油站
        # visit (县应急管理局) left out and counted
        k = queries.run(con, "gap_enforcement_kpis", **APRIL).iloc[0]
        assert (k["inspections"], k["zero_found"], k["ledger_visits"]) == (3, 1, 1)
    finally:
        con.close()
    # the log withdrawn: the ledger's three visits are back; the ledger withdrawn instead: the log's three
    withdrawn, left = (F.LOG_NAME, ledger_visits()) if order == "ledger_first" else (F.LEDGER_NAME, LOG_VISITS)
    rollback(db_path, reps[withdrawn].upload_id)
    con = db.open_reader(db_path)
    try:
        assert visits(con) == left
        assert integrity_findings(con) == []
    finally:
        con.close()


def test_a_log_visit_naming_no_department_stands_for_the_ledgers(db_path):
    """The ledger's 城关加油站 visit names 县应急管理局; a log's visit of the same unit and day naming
    no department cannot be told apart from it: one visit, the log's (and 县市场监管局's own)."""
    load(db_path, LEDGER, LOG, (F.inspection_log_without_department(), F.LOG2_NAME))
    con = db.open_reader(db_path)
    try:
        got = visits(con)
        assert integrity_findings(con) == []
    finally:
        con.close()
    deptless = ("城关加油站", D(2025, 4, 20), None)
    assert got == {**LOG_VISITS, deptless: dict(town=CG, sector="hazchem", department=None, inspection_method=None,
                                                 inspectors="孙八", hazards_found=1, major_hazards_found=0,
                                                 penalty_yuan=0.0, source_kind="inspection")}


def test_the_rule_holds_when_the_derived_tables_are_stale(db_path):
    """A writer that bypasses the loader leaves the derived tables stale; the views then compute
    the same visits on the fly (migration 003), by the same rule."""
    load(db_path, LEDGER, LOG)
    con = db.open_reader(db_path)
    try:
        fresh = visits(con)
    finally:
        con.close()
    with db.writer(db_path) as con:
        con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'")
    con = db.open_reader(db_path)
    try:
        assert con.execute("SELECT fresh FROM derived_fresh").fetchone()[0] is False
        assert visits(con) == fresh and len(fresh) == 4
    finally:
        con.close()


def test_an_older_warehouse_upgrades_in_place(tmp_path, monkeypatch):
    """A warehouse made before migration 009, holding an inspection log, opens with it: the same
    visits, now marked as coming from an inspection log."""
    mig = tmp_path / "migrations"
    mig.mkdir()
    for p in db.MIGRATIONS_DIR.glob("00[1-8]_*.sql"):
        shutil.copy(p, mig / p.name)
    new = db.MIGRATIONS_DIR
    monkeypatch.setattr(db, "MIGRATIONS_DIR", mig)
    path = tmp_path / "old" / "warehouse.duckdb"
    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        assert con.execute("SELECT nextval('upload_id_seq')").fetchone()[0] == 1  # as the loader numbers uploads
        con.execute(
            "INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read,"
            " rows_loaded, rows_rejected, rows_skipped, status, towns) VALUES (1, 'log.xlsx', 'x', 'inspection',"
            " DATE '2025-04-01', TIMESTAMP '2025-05-01 09:00:00', 1, 1, 0, 0, 'live', ['城关镇'])")
        con.execute(
            "INSERT INTO inspection_obs (upload_id, obs_seq, inspection_key, inspection_date, town, sector, department,"
            " entity_name, inspection_method, inspectors, hazards_found, major_hazards_found, penalty_yuan,"
            " report_month, source_file, source_sheet, source_row) VALUES (1, 0, 'K1', DATE '2025-04-12', '城关镇',"
            " 'school', '县教育局', '城关小学', 'routine', '李四', 2, 0, 0, DATE '2025-04-01', 'log.xlsx', 'S', 3)")
        con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'")
        con.execute("COMMIT")
        assert db.schema_version(con) == 8
    shutil.copy(new / "009_nothing_found_visits.sql", mig / "009_nothing_found_visits.sql")
    with db.writer(path) as con:
        assert db.schema_version(con) == 9
        got = con.execute("SELECT inspection_key, entity_name, hazards_found, source_kind FROM inspections").fetchall()
        assert got == [("K1", "城关小学", 2, "inspection")]
    monkeypatch.setattr(db, "MIGRATIONS_DIR", new)
    load(path, LEDGER)  # and it takes a ledger's visits beside the log's
    con = db.open_reader(path)
    try:
        assert sorted(r[0] for r in con.execute("SELECT source_kind FROM inspections").fetchall()) == [
            "hazard", "hazard", "inspection"]  # 城关小学 4-12 by 县教育局 is the log's visit
        assert integrity_findings(con) == []
    finally:
        con.close()


# ---------------------------------------------------------------- what the analyst sees


def test_history_and_cli_say_how_many_rows_became_visits(db_path, tmp_path, run_etl):
    ledger = tmp_path / F.LEDGER_NAME
    ledger.write_bytes(F.ledger())
    proc = run_etl("load", ledger, "--db", db_path)
    assert proc.returncode == 0, proc.stderr
    assert ("读取 read 8 = 导入 loaded 1 + 拒绝 rejected 0 + 非数据 non-data 7（其中 3 条无隐患记录计为检查 "
            "of which 3 'no hazards' rows stored as visits）") in proc.stdout
    assert "其中 3 条无隐患记录计为检查（未发现隐患）：城关小学 2025-04-12、城关宾馆 2025-04-15、城关加油站 2025-04-20" in proc.stdout
    load(db_path, LOG)
    con = db.open_reader(db_path)
    try:
        hist = queries.run(con, "upload_history").set_index("file_name")
    finally:
        con.close()
    assert hist.loc[F.LEDGER_NAME, "visits"] == 3 and hist.loc[F.LEDGER_NAME, "rows_skipped"] == 7
    assert pd.isna(hist.loc[F.LOG_NAME, "visits"])  # a log's rows are loaded visits, not 无隐患 rows
