"""The supervision-gap queries (etl/read/sql/gap_*.sql) on a small hand-built warehouse where every
figure is known. Hazards go in through tests/warehouse_factory.build; inspections and the
registry through bound INSERTs into upload_log / inspection_obs / entity_obs, the way the loader
writes them. The expected numbers are derived by hand in the comments.

Every figure is checked twice (fixture ``con``): with the derived tables of migration 003
(inspection_current, entity_current, hazard_current_keyed) built as a load builds them, and with
them stale, as these direct INSERTs leave them, when the views compute the same rows on the fly.
The last section checks that loads, rollbacks and the upgrade of an older warehouse keep the
derived tables exactly equal to a rebuild.

Scope used throughout: window 2025-01 … 2025-06, as of 2025-06-30.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl.read import queries
from etl.store import db, load
from etl.store.writes import ingest
from etl.store.writes import rollback_upload as rollback
from tests import warehouse_factory as wf
from tests.fixtures import ledgers as L
from tests.test_loader_inspections import insp_with_title_rows, registry_risk_words

D = dt.date
AS_OF = D(2025, 6, 30)
BASE = {
    "start_month": D(2025, 1, 1),
    "end_month": D(2025, 6, 1),
    "towns": None,
    "sectors": None,
    "departments": None,
    "level": None,
    "as_of": AS_OF,
    "limit": 100,
}
CG, HX = "城关镇", "河西街道"

# hazards: H1..H7 (see the module docstring of each test for what they drive)
HAZARDS = [
    # H1 school, rectified after 10 days; no visit that day and method routine → level unknown
    dict(hazard_key="H1", town=CG, sector="school", entity_name="阳光幼儿园", department="县教育局",
         description="灭火器过期", found_date=D(2025, 1, 10), deadline=D(2025, 1, 31), status="rectified",
         rectified_date=D(2025, 1, 20), inspection_method="routine"),
    # H2 same unit, same kind (spacing differs) after H1 was fixed → repeat; open, overdue; found by I1 (town)
    dict(hazard_key="H2", town=CG, sector="school", entity_name="阳光 幼儿园", department="县教育局",
         description="灭火器 过期", found_date=D(2025, 3, 3), deadline=D(2025, 3, 20)),
    # H3 major, rectified in 10 days; repeats H7 (fixed 2024-05-10, < 12 months); found by I2 (county)
    dict(hazard_key="H3", town=CG, sector="hazchem", entity_name="红星化工有限公司", department="县应急管理局",
         description="储罐报警器失效", level="major", found_date=D(2025, 3, 5), deadline=D(2025, 4, 5),
         status="rectified", rectified_date=D(2025, 3, 15)),
    # H4 no department, open, overdue; unit never inspected in the window
    dict(hazard_key="H4", town=CG, sector="fire", entity_name="金辉超市", description="安全出口锁闭",
         found_date=D(2025, 2, 1), deadline=D(2025, 2, 15)),
    # H5 major, no department, rectified in 10 days; found by I4 (higher-level supervision)
    dict(hazard_key="H5", town=HX, sector="gas", entity_name="河西燃气站", description="钢瓶超期",
         level="major", found_date=D(2025, 4, 2), deadline=D(2025, 5, 2), status="rectified",
         rectified_date=D(2025, 4, 12)),
    # H6 open, overdue; found by I4 (higher)
    dict(hazard_key="H6", town=HX, sector="gas", entity_name="河西燃气站", department="县住建局",
         description="软管老化", found_date=D(2025, 4, 2), deadline=D(2025, 4, 30)),
    # H7 before the window: the earlier occurrence H3 repeats
    dict(hazard_key="H7", town=CG, sector="hazchem", entity_name="红星化工有限公司", department="县应急管理局",
         description="储罐报警器失效", found_date=D(2024, 5, 1), deadline=D(2024, 5, 20), status="rectified",
         rectified_date=D(2024, 5, 10)),
]  # fmt: skip

# inspections: (key, date, town, unit, dept, method, inspectors, found, major, penalty)
VISITS = [
    ("I1", D(2025, 3, 3), CG, "阳光（幼儿园）", "城关镇安监站", "routine", "张三、李四", 2, 0, 0.0),  # town
    ("I2", D(2025, 3, 5), CG, "红星化工有限公司", "县应急管理局", "unannounced", "王五", 3, 1, 5000.0),  # county
    ("I3", D(2025, 4, 1), CG, "红星化工有限公司", "县应急管理局", "routine", "王五", 0, 0, 0.0),  # county, zero
    ("I4", D(2025, 4, 2), HX, "河西燃气站", "县安委办督查组", "supervision", "督查一组", 2, 1, 0.0),  # higher
    ("I5", D(2025, 4, 3), HX, "河西小学", None, "self", "校长", 0, 0, 0.0),  # self: not supervision
    ("I6", D(2024, 12, 20), CG, "金辉超市", "县消防救援大队", "routine", "赵六", 0, 0, 0.0),  # before window
    ("I7", D(2025, 5, 10), CG, "未登记小作坊", None, "routine", "某人", 1, 0, 0.0),  # unknown level
]

# registry: the March list of 城关镇 is replaced by its May list; 河西街道 has one list
REGISTRY = {
    (CG, D(2025, 3, 1)): [("旧厂", "other", None, "blue")],
    (CG, D(2025, 5, 1)): [
        ("阳光幼儿园", "school", "县教育局", "red"),
        ("红星化工有限公司", "hazchem", "县应急管理局", "orange"),
        ("金辉超市", "fire", None, "red"),
    ],
    (HX, D(2025, 5, 1)): [
        ("河西小学", "school", "县教育局", "blue"),
        ("河西 燃气站", "gas", None, "yellow"),
    ],
}


def _add_visits_and_registry(path: Path) -> None:
    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        next_id = con.execute("SELECT coalesce(max(upload_id), 0) + 1 FROM upload_log").fetchone()[0]
        by_month: dict[dt.date, list[tuple]] = {}
        for v in VISITS:
            by_month.setdefault(v[1].replace(day=1), []).append(v)
        for month, visits in sorted(by_month.items()):
            uid, next_id = next_id, next_id + 1
            towns = sorted({v[2] for v in visits})
            _upload(con, uid, f"{month:%Y年%m月}检查记录.xlsx", "inspection", month, len(visits), towns)
            for seq, (key, day, town, unit, dept, method, who, found, major, pen) in enumerate(visits):
                con.execute(
                    "INSERT INTO inspection_obs (upload_id, obs_seq, inspection_key, inspection_date, town, sector,"
                    " department, entity_name, inspection_method, inspectors, hazards_found, major_hazards_found,"
                    " penalty_yuan, report_month, source_file, source_sheet, source_row)"
                    " VALUES (?, ?, ?, ?, ?, 'other', ?, ?, ?, ?, ?, ?, ?, ?, 'f.xlsx', 'Sheet1', ?)",
                    [uid, seq, key, day, town, dept, unit, method, who, found, major, pen, month, seq + 2],
                )
        for (town, month), units in REGISTRY.items():
            uid, next_id = next_id, next_id + 1
            _upload(con, uid, f"{town}{month:%Y年%m月}名录.xlsx", "registry", month, len(units), [town])
            for seq, (name, sector, dept, risk) in enumerate(units):
                con.execute(
                    "INSERT INTO entity_obs (upload_id, obs_seq, entity_name, town, sector, department, credit_code,"
                    " risk_level, report_month, source_file, source_sheet, source_row)"
                    " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, 'r.xlsx', 'Sheet1', ?)",
                    [uid, seq, name, town, sector, dept, risk, month, seq + 2],
                )
        con.execute("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'")
        con.execute("COMMIT")


def _upload(con, uid: int, name: str, kind: str, month: dt.date, n: int, towns: list[str]) -> None:
    con.execute(
        "INSERT INTO upload_log (upload_id, file_name, sha256, kind, report_month, loaded_at, rows_read, rows_loaded,"
        " rows_rejected, rows_skipped, status, towns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 'live', ?)",
        [uid, name, f"sha-{uid}", kind, month, dt.datetime(2025, 7, 1, 9, 0), n, n, towns],
    )


def _derive(path: Path) -> None:
    """Build the derived tables as a load does when it finds them stale."""
    with db.writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        load.rebuild_derived(con)
        load.mark_derived(con, db.data_version(con))
        con.execute("COMMIT")


def _fresh(con) -> bool:
    return con.execute("SELECT fresh FROM derived_fresh").fetchone()[0]


@pytest.fixture(scope="module", params=["derived", "on_the_fly"])
def con(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("gaps") / "warehouse.duckdb"
    wf.build(path, HAZARDS)
    _add_visits_and_registry(path)
    if request.param == "derived":
        _derive(path)
    c = db.open_reader(path)
    assert _fresh(c) == (request.param == "derived")
    yield c
    c.close()


def run(con, name: str, **over):
    params = {
        **BASE,
        "dim": "inspectors",
        "min_n": 1,
        "who_level": None,
        "team": None,
        "method": None,
        "insp_department": None,
        "zero_only": None,
        "include_self": None,
        "logs_only": None,
        **over,
    }
    return queries.run(con.cursor(), name, **params)


def day(x) -> dt.date | None:
    return None if pd.isna(x) else pd.Timestamp(x).date()


# ---------------------------------------------------------------- 1 coverage, 2 never inspected


def test_coverage_grid(con) -> None:
    df = run(con, "gap_coverage")
    got = {(r.town, r.sector): (r.units, r.inspected, r.uninspected_high) for r in df.itertuples()}
    # 旧厂 (replaced March list) is gone; "河西 燃气站" matches the visit to "河西燃气站";
    # 河西小学 had only a self-inspection (not supervision); 金辉超市 only before the window.
    assert got == {
        (CG, "fire"): (1, 0, 1),
        (CG, "hazchem"): (1, 1, 0),
        (CG, "school"): (1, 1, 0),
        (HX, "gas"): (1, 1, 0),
        (HX, "school"): (1, 0, 0),
    }
    assert df["coverage"].sum() == pytest.approx(3.0)


def test_coverage_honours_filters(con) -> None:
    assert set(run(con, "gap_coverage", towns=[HX])["town"]) == {HX}
    assert run(con, "gap_coverage", departments=[""])["units"].sum() == 2  # units with no department
    narrow = run(con, "gap_coverage", start_month=D(2025, 4, 1))  # I1, I2 fall out; I3 keeps 红星
    assert narrow.set_index(["town", "sector"]).loc[(CG, "school"), "inspected"] == 0
    assert narrow.set_index(["town", "sector"]).loc[(CG, "hazchem"), "inspected"] == 1


def test_never_inspected_high_risk_first(con) -> None:
    df = run(con, "gap_never_inspected")
    # 阳光幼儿园 (I1, town), 红星化工 (I2/I3, county), 河西燃气站 (I4, higher) had supervisory visits
    # in the window: not listed
    assert df["entity_name"].tolist() == ["金辉超市", "河西小学"]  # red before blue
    first = df.iloc[0]
    assert (first["hazards_on_record"], first["open_hazards"], first["total_rows"]) == (1, 1, 2)
    assert len(run(con, "gap_never_inspected", limit=1)) == 1


def test_never_inspected_keeps_supervisory_and_self_visits_apart(con) -> None:
    """A self-inspection does not make a unit inspected, and its date is not shown as the last
    inspection: the last supervisory visit and the last self-inspection are separate columns."""
    df = run(con, "gap_never_inspected").set_index("entity_name")
    # 金辉超市: I6, county fire brigade, Dec 2024 (before the window), no self-inspection
    assert day(df.loc["金辉超市", "last_supervisory"]) == D(2024, 12, 20)
    assert pd.isna(df.loc["金辉超市", "last_self"])
    # 河西小学: only I5, its own self-inspection in April 2025 — listed, no supervisory visit
    assert pd.isna(df.loc["河西小学", "last_supervisory"])
    assert day(df.loc["河西小学", "last_self"]) == D(2025, 4, 3)
    assert "last_inspection" not in df.columns  # one mixed date would hide which kind of visit it was


# ---------------------------------------------------------------- 3 no owner


def test_no_owner_by_sector(con) -> None:
    df = run(con, "gap_no_owner").set_index("sector")
    assert df["hazards_agreed"].sum() == 0  # no 会商 agreement loaded here (tests/test_agreed_owner.py has them)
    df = df[["hazards", "hazards_no_owner", "hazards_no_owner_open", "units", "units_no_owner"]]
    assert df.loc["fire"].tolist() == [1, 1, 1, 1, 1]  # hazards, no owner, no owner open, units, units no owner
    assert df.loc["gas"].tolist() == [2, 1, 0, 1, 1]
    assert df.loc["school"].tolist() == [2, 0, 0, 2, 0]
    assert df.loc["hazchem"].tolist() == [1, 0, 0, 1, 0]
    rows = run(con, "gap_no_owner_rows")
    assert sorted(rows.loc[rows["kind"] == "hazard", "entity_name"]) == ["河西燃气站", "金辉超市"]
    assert sorted(rows.loc[rows["kind"] == "unit", "entity_name"]) == ["河西 燃气站", "金辉超市"]
    assert rows.set_index("entity_name").loc["金辉超市"].query("kind == 'hazard'")["status_asof"].item() == "overdue"


# ---------------------------------------------------------------- 4 reporting


def test_reporting_discipline(con) -> None:
    df = run(con, "gap_reporting")
    months = sorted(day(m) for m in df["month"].unique())
    assert months[0] == D(2024, 7, 1) and months[-1] == D(2025, 6, 1) and len(months) == 12
    per = df.drop_duplicates(["reporter_type", "reporter"]).set_index(["reporter_type", "reporter"])
    # 城关镇 ledgers: Jan, Feb, Mar 2025 (H7's May 2024 is outside the 12 months); 河西街道: Apr
    assert per.loc[("town", CG), "missed"] == 9
    assert per.loc[("town", HX), "missed"] == 11
    assert day(per.loc[("town", CG), "last_reported"]) == D(2025, 3, 1)
    # county departments; 城关镇安监站 (town) and 县安委办督查组 (higher) are not expected to report
    assert set(per.loc["department"].index) == {"县教育局", "县应急管理局", "县住建局", "县消防救援大队"}
    assert per.loc[("department", "县应急管理局"), "missed"] == 10  # logs in Mar and Apr
    assert per.loc[("department", "县消防救援大队"), "missed"] == 11  # Dec 2024 only
    assert per.loc[("department", "县教育局"), "missed"] == 12
    assert day(per.loc[("department", "县教育局"), "last_reported"]) is None
    cg = df[(df["reporter"] == CG)].assign(month=lambda x: x["month"].map(day)).set_index("month")
    assert bool(cg.loc[D(2025, 3, 1), "ledger"]) and bool(cg.loc[D(2025, 3, 1), "inspection_log"])
    assert not bool(cg.loc[D(2025, 4, 1), "ledger"]) and bool(cg.loc[D(2025, 4, 1), "inspection_log"])


def test_reporting_month_not_yet_due(con) -> None:
    df = run(con, "gap_reporting", as_of=D(2025, 6, 15))  # June still running: last due month is May
    assert day(max(df["month"])) == D(2025, 5, 1)


# ---------------------------------------------------------------- 5 follow-through


def test_followthrough_by_department(con) -> None:
    df = run(con, "gap_followthrough")
    county = df[df["is_county"]].iloc[0]
    assert (county["total"], county["rectified"], county["overdue"]) == (6, 3, 3)
    assert county["rect_rate"] == pytest.approx(0.5)
    assert county["days_median"] == pytest.approx(10)
    d = df[~df["is_county"]].set_index("department")
    assert d.loc["县教育局", ["total", "rectified", "overdue"]].tolist() == [2, 1, 1]
    assert d.loc["县应急管理局", "rect_rate"] == pytest.approx(1.0)
    assert d.loc["", ["total", "overdue"]].tolist() == [2, 1]
    assert d.loc["县住建局", "rect_rate"] == pytest.approx(0.0)
    assert d.loc["县教育局", "overdue_share"] == pytest.approx(0.5)


# ---------------------------------------------------------------- 6 levels


def test_levels(con) -> None:
    df = run(con, "gap_levels").set_index("who_level")
    assert df.index.tolist() == ["higher", "county", "town", "self", "unknown"]
    assert df.loc["higher", ["inspections", "hazards_found", "major_found"]].tolist() == [1, 2, 1]
    assert df.loc["county", ["inspections", "hazards_found", "major_found"]].tolist() == [2, 3, 1]
    assert df.loc["town", ["inspections", "hazards_found"]].tolist() == [1, 2]
    assert df.loc["self", "inspections"] == 1 and df.loc["unknown", "inspections"] == 1
    assert df.loc["higher", "major_per_100"] == pytest.approx(100.0)
    assert df.loc["county", "hazards_per_insp"] == pytest.approx(1.5)
    # hazards by the level of the visit that found them
    assert df.loc["higher", ["hazards", "rectified"]].tolist() == [2, 1]  # H5 fixed, H6 open
    assert df.loc["higher", "major_rect_rate"] == pytest.approx(1.0)
    assert df.loc["county", ["hazards", "rectified"]].tolist() == [1, 1]  # H3
    assert df.loc["town", ["hazards", "rectified"]].tolist() == [1, 0]  # H2
    assert df.loc["unknown", ["hazards", "rectified"]].tolist() == [2, 1]  # H1, H4
    assert df.loc["self", "hazards"] == 0


# ---------------------------------------------------------------- 7 enforcement


def test_enforcement_kpis(con) -> None:
    k = run(con, "gap_enforcement_kpis").iloc[0]
    # supervisory visits in the window: I1, I2, I3, I4, I7 (I5 is a self-inspection, I6 before)
    assert k["inspections"] == 5 and k["zero_found"] == 1
    assert k["zero_share"] == pytest.approx(0.2)
    assert k["hazards_found"] == 8 and k["hazards_per_insp"] == pytest.approx(1.6)
    assert (k["major_visits"], k["major_penalised"]) == (2, 1)
    assert k["major_penalty_rate"] == pytest.approx(0.5)
    assert k["unannounced_share"] == pytest.approx(0.2)
    assert k["penalty_yuan"] == pytest.approx(5000.0)


def test_enforcement_by_dimension(con) -> None:
    teams = run(con, "gap_enforcement_by", dim="inspectors")
    assert teams.iloc[0]["key"] == "王五"
    assert teams.iloc[0][["inspections", "zero_found"]].tolist() == [2, 1]
    assert teams.iloc[0]["department"] == "县应急管理局"
    assert "校长" not in set(teams["key"])  # self-inspection excluded
    assert run(con, "gap_enforcement_by", dim="inspectors", min_n=2)["key"].tolist() == ["王五"]
    depts = run(con, "gap_enforcement_by", dim="department").set_index("key")
    assert depts.loc["县应急管理局", "zero_share"] == pytest.approx(0.5)
    methods = run(con, "gap_enforcement_by", dim="method").set_index("key")
    assert methods.loc["routine", ["inspections", "zero_found"]].tolist() == [3, 1]  # I1, I3, I7


def test_inspection_rows_drill(con) -> None:
    assert run(con, "gap_inspection_rows")["total_rows"].iloc[0] == 6
    assert run(con, "gap_inspection_rows", include_self=False)["total_rows"].iloc[0] == 5
    zero = run(con, "gap_inspection_rows", team="王五", zero_only=True)
    assert [day(x) for x in zero["inspection_date"]] == [D(2025, 4, 1)]
    assert run(con, "gap_inspection_rows", who_level="higher")["entity_name"].tolist() == ["河西燃气站"]
    assert run(con, "gap_inspection_rows", insp_department="")["entity_name"].tolist() == ["未登记小作坊", "河西小学"]


# ---------------------------------------------------------------- 8 repeats


def test_repeat_hazards(con) -> None:
    units = run(con, "gap_repeat_units")
    assert sorted(units["entity_name"]) == ["红星化工有限公司", "阳光 幼儿园"]  # as the repeat wrote it
    assert units["repeats"].tolist() == [1, 1]
    sectors = run(con, "gap_repeat_sectors").set_index("sector")
    assert sectors.loc["school", ["hazards", "repeats", "units_with_repeat"]].tolist() == [2, 1, 1]
    assert sectors.loc["hazchem", ["hazards", "repeats"]].tolist() == [1, 1]
    assert sectors.loc["fire", "repeats"] == 0
    rows = run(con, "gap_repeat_rows").set_index("entity_name")
    assert day(rows.loc["红星化工有限公司", "prev_rectified"]) == D(2024, 5, 10)
    assert rows.loc["阳光 幼儿园", "days_since_rectified"] == (D(2025, 3, 3) - D(2025, 1, 20)).days
    # twelve months after the earlier fix is the limit: as of a window starting later, nothing repeats
    assert run(con, "gap_repeat_units", towns=[HX]).empty


def test_every_gap_query_runs_on_an_empty_warehouse(tmp_path: Path) -> None:
    path = wf.build_empty(tmp_path / "empty.duckdb")
    c = db.open_reader(path)
    try:
        for name in [n for n in queries.available() if n.startswith("gap_")]:
            df = run(c, name)
            if name in ("gap_status", "gap_enforcement_kpis"):
                assert len(df) == 1
            elif name == "gap_followthrough":  # the county row alone, with nothing in it
                assert df["is_county"].tolist() == [True] and df["total"].tolist() == [0]
            elif name == "gap_reporting":
                assert df.empty  # nobody is known, so nobody is due
            else:
                assert df.empty, name
    finally:
        c.close()


# ---------------------------------------------------------------- derived tables (migration 003)

DERIVED = {
    "inspection_current": "gap_derive_visits",
    "entity_current": "gap_derive_units",
    "hazard_current_keyed": "gap_derive_hazards",
}

# filter sets every gap query is compared under (on top of BASE)
VARIANTS = [
    {},
    {"towns": [CG]},
    {"sectors": ["school", "gas"], "dim": "department"},
    {"departments": ["", "县应急管理局"], "dim": "method"},
    {"level": "major", "who_level": "higher"},
    {"start_month": D(2024, 5, 1), "end_month": D(2025, 3, 1), "as_of": D(2025, 3, 31), "zero_only": True},
    {"start_month": None, "end_month": None, "include_self": False, "team": "王五"},
]


def answers(c) -> dict[tuple[str, int], pd.DataFrame]:
    names = [n for n in queries.available() if n.startswith("gap_")]
    return {(name, i): run(c, name, **v) for name in names for i, v in enumerate(VARIANTS)}


def assert_same_answers(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for key in want:
        pd.testing.assert_frame_equal(got[key], want[key], obj=str(key))


def assert_derived_exact(path: Path) -> None:
    """Fresh, and every derived table equals a rebuild from the base tables (as multisets; the
    arbitrary kind_group numbers need only pair one-to-one with (town, unit_key, kind_key))."""
    c = db.open_reader(path)
    try:
        assert _fresh(c)
        for table, macro in DERIVED.items():
            cols = "* EXCLUDE (kind_group)" if table == "hazard_current_keyed" else "*"
            for a, b in ((table, f"{macro}(TRUE)"), (f"{macro}(TRUE)", table)):
                diff = c.execute(
                    f"SELECT count(*) FROM (SELECT {cols} FROM {a} EXCEPT ALL SELECT {cols} FROM {b})"
                ).fetchone()
                assert diff == (0,), (a, b)
        for group_by, distinct in (
            ("town, unit_key, kind_key", "kind_group"),
            ("kind_group", "town, unit_key, kind_key"),
        ):
            bad = c.execute(
                f"SELECT count(*) FROM (SELECT {group_by} FROM hazard_current_keyed GROUP BY ALL"
                f" HAVING count(DISTINCT ({distinct})) > 1)"
            ).fetchone()
            assert bad == (0,), group_by
    finally:
        c.close()


def test_derived_tables_answer_exactly_like_the_on_the_fly_path(tmp_path: Path) -> None:
    paths = []
    for name in ("derived", "on_the_fly"):
        path = wf.build(tmp_path / name / "warehouse.duckdb", HAZARDS)
        _add_visits_and_registry(path)
        paths.append(path)
    _derive(paths[0])
    assert_derived_exact(paths[0])
    c1, c2 = db.open_reader(paths[0]), db.open_reader(paths[1])
    try:
        assert _fresh(c1) and not _fresh(c2)
        for view in ("inspections", "entities"):  # the contract views: same rows either way
            a = c1.execute(f"SELECT * FROM {view} ORDER BY ALL").df()
            pd.testing.assert_frame_equal(a, c2.execute(f"SELECT * FROM {view} ORDER BY ALL").df())
        assert_same_answers(answers(c1), answers(c2))
    finally:
        c1.close()
        c2.close()


def test_loads_and_rollbacks_keep_the_derived_tables_exact(tmp_path: Path) -> None:
    # built by direct INSERTs: stale, so the first load rebuilds the tables whole; the rest are incremental
    path = wf.build(tmp_path / "w" / "warehouse.duckdb", HAZARDS)
    _add_visits_and_registry(path)
    with db.writer(path) as con:  # the builders write upload ids without the sequence: move it past them
        con.execute("SELECT nextval('upload_id_seq') FROM range((SELECT max(upload_id) FROM upload_log))")
    ids = []
    for data, name in (
        (insp_with_title_rows(), "城关镇2025年3月安全检查记录.xlsx"),
        (registry_risk_words(month=6, names=("阳光幼儿园", "新厂")), "城关镇2025年6月监管对象名录.xlsx"),
        (L.march_ledger(), "m.xlsx"),
        (L.april_ledger(), "a.xlsx"),
    ):
        rep = ingest(data, name, db=path)
        assert rep.status == "loaded", rep.message
        ids.append(rep.upload_id)
        assert_derived_exact(path)
    c = db.open_reader(path)
    try:
        assert c.execute("SELECT count(*) FROM entities WHERE town = ?", [CG]).fetchone() == (2,)  # the June list
        assert c.execute("SELECT count(*) FROM inspections").fetchone() == (len(VISITS) + 3,)
    finally:
        c.close()
    for upload_id in reversed(ids[1:]):  # back to the factory data plus the inspection log
        rollback(path, upload_id)
        assert_derived_exact(path)
    c = db.open_reader(path)
    try:
        assert c.execute("SELECT count(*) FROM entities WHERE town = ?", [CG]).fetchone() == (3,)  # the May list again
    finally:
        c.close()


def test_a_hazard_leaving_its_repeat_group_clears_the_previous_hazard_of_the_one_left(tmp_path: Path) -> None:
    """H-102 repeats H-101 (same unit, same description, found later), so its previous hazard is
    H-101's. In April H-101 is described differently and leaves the group: H-102, alone now, must
    have no previous hazard — a group of one is still re-derived when it holds a previous hazard."""
    path = tmp_path / "w" / "warehouse.duckdb"
    D = dt.date

    def ledger(month: int, desc_101: str, *, with_102: bool) -> bytes:
        return L._monthly(f"东城街道2025年{month}月隐患排查整改台账", [
            L.H(1, "H-101", "消防", "东城商场", desc_101, "一般", D(2025, 3, 3), D(2025, 4, 15), "整改中", None, "县消防救援大队"),
            *([L.H(2, "H-102", "消防", "东城商场", "消防通道堵塞", "一般", D(2025, 3, 10), D(2025, 4, 20), "整改中", None,
                   "县消防救援大队")] if with_102 else []),
        ])  # fmt: skip

    def prev_of_102() -> D | None:
        c = db.open_reader(path)
        try:
            return c.execute("SELECT prev_found FROM hazard_current_keyed k JOIN hazards h USING (hazard_key) "
                             "WHERE h.source_hazard_id = 'H-102'").fetchone()[0]  # fmt: skip
        finally:
            c.close()

    assert ingest(ledger(3, "消防通道堵塞", with_102=True), "m.xlsx", db=path).status == "loaded"
    assert prev_of_102() == D(2025, 3, 3)
    april = ingest(ledger(4, "灭火器过期", with_102=False), "a.xlsx", db=path)  # H-102 untouched
    assert april.status == "loaded"
    assert prev_of_102() is None
    assert_derived_exact(path)
    rollback(path, april.upload_id)  # back together
    assert prev_of_102() == D(2025, 3, 3)
    assert_derived_exact(path)


def test_warehouse_of_migrations_001_002_upgrades_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warehouse made before migration 003 (observations already in) gains the derived tables on
    open, and answers every gap query exactly as a fresh build of the same data."""
    old_migrations = tmp_path / "migrations"
    old_migrations.mkdir()
    for p in sorted(db.MIGRATIONS_DIR.glob("00[12]_*.sql")):
        shutil.copy(p, old_migrations / p.name)
    old = tmp_path / "old" / "warehouse.duckdb"
    with monkeypatch.context() as m:
        m.setattr(db, "MIGRATIONS_DIR", old_migrations)
        wf.build(old, HAZARDS)
        _add_visits_and_registry(old)
        c = db.open_reader(old)
        try:
            assert db.schema_version(c) == 2
            tables = {r[0] for r in c.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            assert "inspection_current" not in tables
            before = {v: c.execute(f"SELECT * FROM {v} ORDER BY ALL").df() for v in ("inspections", "entities")}
        finally:
            c.close()
    with db.writer(old):  # today's code opens it: the later migrations run on the file
        pass
    assert_derived_exact(old)
    new = wf.build(tmp_path / "new" / "warehouse.duckdb", HAZARDS)
    _add_visits_and_registry(new)
    c_old, c_new = db.open_reader(old), db.open_reader(new)
    try:
        assert db.schema_version(c_old) == db.latest_schema_version()
        for view, df in before.items():
            # the columns the views had answer the same; later migrations only add columns
            got = c_old.execute(f"SELECT * FROM {view} ORDER BY ALL").df()
            pd.testing.assert_frame_equal(got[list(df.columns)], df)
        # migration 009: every visit so far came from an inspection log
        assert c_old.execute("SELECT DISTINCT source_kind FROM inspections").fetchall() == [("inspection",)]
        assert_same_answers(answers(c_old), answers(c_new))
    finally:
        c_old.close()
        c_new.close()
