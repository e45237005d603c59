"""docs/DATA_CONTRACT.md v2 hazard columns: 督办, 五落实, 验收 read from their headers into the record,
through the Arrow table into the warehouse (hazards, hazards_detail, hazard_observations)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fixtures import ledgers_v2 as V
from tests.test_loader_layouts import by_id, counts, run

V2_COLS = ("level", "level_raw", "hazard_category", "supervisor", "supervision_level", "measures", "funds_yuan",
           "responsible_person", "contingency_plan", "verified_date", "verified_by", "verification_result",
           "department", "status", "rectified_date", "town", "sector")


def _norm(v):
    if v is None:
        return None
    if hasattr(v, "date") and not isinstance(v, date):
        return v.date()
    try:
        import pandas as pd

        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def rows_of(a) -> dict[str, dict]:
    return {k: {c: _norm(r[c]) for c in V2_COLS} for k, r in by_id(a).items()}


EXPECTED_FIVE = {
    "V-1": dict(level="major", level_raw="重大", hazard_category="消防安全", supervisor="县安委办",
                supervision_level="county", measures="清理通道,设置警示标志", funds_yuan=25_000.0,  # stored text is NFKC (clean_value)
                responsible_person="张三", contingency_plan="已制定疏散预案", verified_date=date(2025, 4, 25),
                verified_by="王五", verification_result="passed", department="县消防救援大队", status="rectified",
                rectified_date=date(2025, 4, 20), town="城关镇", sector="fire"),
    "V-2": dict(level="general", level_raw="一般", hazard_category="用电安全", supervisor="市安委会",
                supervision_level="city", measures="更换线路", funds_yuan=3_000.0, responsible_person="李四",
                contingency_plan=None, verified_date=None, verified_by=None, verification_result=None,
                department="县教育局", status="open", rectified_date=None, town="城关镇", sector="school"),
    "V-3": dict(level="general", level_raw="较大", hazard_category="燃气安全", supervisor="省安委会",
                supervision_level="province", measures="安装报警器", funds_yuan=8_000.0, responsible_person="孙七",
                contingency_plan="应急处置卡", verified_date=date(2025, 4, 15), verified_by="赵六",
                verification_result="failed", department="县住建局", status="rectified",
                rectified_date=date(2025, 4, 12), town="北坪镇", sector="gas"),
    "V-4": dict(level="general", level_raw="一般", hazard_category="设备设施", supervisor="北坪镇政府",
                supervision_level="town", measures=None, funds_yuan=None, responsible_person="周八",
                contingency_plan=None, verified_date=None, verified_by=None, verification_result="passed",
                # written 县应急局: read by the department directory (config/departments.toml)
                department="县应急管理局", status="rectified", rectified_date=date(2025, 4, 18), town="北坪镇",
                sector="industry_trade"),
}


def test_five_measures_ledger_every_field_of_every_row():
    a = run(V.five_measures_ledger())
    assert counts(a) == (4, 4, 0, 0)
    assert a.report_month == date(2025, 4, 1)
    assert rows_of(a) == EXPECTED_FIVE


def test_supervisor_fills_department_only_when_none_is_named():
    a = run(V.supervisor_without_department())
    assert counts(a) == (2, 2, 0, 0)
    got = {k: (r["department"], r["supervisor"]) for k, r in rows_of(a).items()}
    # 督办单位 县应急局 fills the department; both read by the department directory as 县应急管理局
    assert got == {"S-1": ("县应急管理局", "县应急管理局"), "S-2": ("县住建局", "县住建局")}


def test_supervisor_beside_department_never_replaces_it():
    """Issue 11: 督办单位 = 县安委办 beside 责任部门 = 县教育局 stored 县安委办 as the department."""
    a = run(V.supervisor_beside_department())
    r = rows_of(a)["B-1"]
    assert (r["department"], r["supervisor"]) == ("县教育局", "县安委办")


@pytest.fixture
def loaded(tmp_path):
    from etl.store.writes import ingest

    db = tmp_path / "w.duckdb"
    rep = ingest(V.five_measures_ledger(), "五落实台账.xlsx", db=db)
    assert rep.status == "loaded", rep.message
    return db


def test_v2_columns_reach_every_contract_view(loaded):
    from etl.store import db as dbmod

    con = dbmod.open_reader(loaded)
    try:
        cols = ", ".join(c for c in V2_COLS if c not in ("department", "town", "sector", "status", "rectified_date"))
        for view in ("hazards", "hazards_detail"):
            got = {r[0]: dict(zip(cols.split(", "), r[1:], strict=True))
                   for r in con.execute(f"SELECT source_hazard_id, {cols} FROM {view}").fetchall()}
            want = {k: {c: v[c] for c in cols.split(", ")} for k, v in EXPECTED_FIVE.items()}
            assert got == want, view
        obs = con.execute(
            "SELECT h.source_hazard_id, o.supervision_level, o.funds_yuan, o.verification_result "
            "FROM hazard_observations o JOIN hazards h USING (hazard_key) ORDER BY 1").fetchall()
        assert obs == [("V-1", "county", 25_000.0, "passed"), ("V-2", "city", 3_000.0, None),
                       ("V-3", "province", 8_000.0, "failed"), ("V-4", "town", None, "passed")]
    finally:
        con.close()
