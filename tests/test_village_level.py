"""The village level of who inspected (migration 015): county → town → village on the gap page's ⑥;
and the county's 市场监管局 read as a county department, not the city's.

Before it, a visit by a village committee, a 社区 or a 网格员 named no level the classifier knew
and counted as a county department's: ⑥ mixed village patrols into the county's figures, the
reporting grid (④) expected an inspection log from 桃花村村委会 as from a county department, and
the 考核通报 ranked it among them. Inspection logs are built in code and loaded through the
loader; the upgrade test builds a warehouse with migrations up to 014 first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.admin import maintenance
from etl.store import db
from etl.store.writes import ingest
from tests.fixtures import migrations_upto, run_query
from tests.fixtures.intensity_visits import LOG_HEADER
from tests.fixtures.ledgers import Sheet, d, xlsx

D = dt.date
WINDOW = {"start_month": D(2025, 1, 1), "end_month": D(2025, 6, 1), "towns": None, "sectors": None,
          "departments": None, "level": None, "as_of": D(2025, 6, 30)}  # fmt: skip

# (inspecting body as the log writes it, the level it is) — the names real logs use
LEVELS = [
    ("县应急管理局", "county"),
    ("县网格化服务管理中心", "county"),  # a county body, though it names the grid
    ("农业农村委", "county"),  # 农村委 is not a village committee
    ("县安委办督查组", "higher"),
    ("市应急管理局", "higher"),
    ("省应急管理厅", "higher"),
    ("市场监管局", "county"),  # the county's market regulator, written without 县: not the city's
    ("市场监督管理局", "county"),
    ("市监局", "county"),
    ("市政园林局", "county"),
    ("城关镇市场监管所", "town"),
    ("城关镇安监站", "town"),
    ("城关镇网格化管理中心", "town"),
    ("东关街道社区服务中心", "town"),
    ("桃花村", "village"),
    ("城关镇桃花村", "village"),  # named after its town, still the village's
    ("桃花村村委会", "village"),
    ("桃花村委", "village"),
    ("桃花村民委员会", "village"),
    ("东关社区居委会", "village"),
    ("桃花村网格员", "village"),
    ("村安全员", "village"),
    ("桃花村巡查队", "village"),  # a village's own patrol, not a higher-level 巡查
    ("东关社区网格员", "village"),
    ("城关镇安全巡查组", "town"),  # a town's own patrol
    ("县安全生产巡查组", "higher"),  # a 巡查 group of no town: as before
    ("城关镇卫生院", "town"),
    ("东关社区卫生服务中心", "county"),  # a 社区 clinic is no residents' committee
]


@pytest.fixture(autouse=True)
def no_directory(tmp_path_factory, monkeypatch):
    """No department directory (config/departments.toml): the bodies are stored as the logs write
    them, so the classifier itself is what reads 市场监管局 (a warehouse loaded without a directory,
    or a name the directory does not list)."""
    monkeypatch.setenv("SAFETY_CONFIG_DIR", str(tmp_path_factory.mktemp("no_config")))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("levels") / "warehouse.duckdb"
    db.ensure_ready(path)
    return path


@pytest.mark.parametrize(("department", "level"), LEVELS)
def test_the_level_of_each_inspecting_body(fresh, department, level):
    con = db.open_reader(fresh)
    try:
        got = con.execute("SELECT gap_who_level('routine', ?, '城关镇')", [department]).fetchone()[0]
    finally:
        con.close()
    assert got == level


def log(month: int, visits: list[tuple[int, str, str, int]]) -> tuple[bytes, str]:
    """城关镇's inspection log: (day, unit, inspecting body, hazards found)."""
    rows = [[f"城关镇2025年{month}月安全检查记录"], LOG_HEADER]
    rows += [[d(2025, month, day), unit, "工贸", body, "日常检查", "甲", found, 0, 0] for day, unit, body, found in visits]
    return xlsx([Sheet("检查记录", rows)]), f"城关镇2025年{month}月检查记录.xlsx"


APRIL = [
    (2, "城关砖厂", "县应急管理局", 3),
    (3, "城关木器厂", "县应急管理局", 1),
    (4, "城关超市", "市场监管局", 2),  # the county's market regulator, as ledgers write it
    (8, "城关砖厂", "城关镇安监站", 1),
    (9, "城关饭店", "城关镇安监站", 1),
    (10, "桃花农家乐", "桃花村村委会", 0),
    (11, "桃花小卖部", "城关镇桃花村", 1),
    (12, "东关药店", "东关社区居委会", 0),
    (15, "桃花农家乐", "桃花村网格员", 0),
]


def load_april(path: Path) -> None:
    rep = ingest(*log(4, APRIL), db=path)
    assert rep.status == "loaded" and rep.analysis.rows_loaded == len(APRIL), rep


def run(path: Path, name: str, **params):
    return run_query(path, name, WINDOW, **params)


def test_the_levels_run_from_the_county_down_to_the_villages(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    load_april(path)
    lv = run(path, "gap_levels").set_index("who_level")
    assert lv.index.tolist() == ["county", "town", "village"]  # in rank order; the absent ones left out
    assert lv["level_order"].tolist() == [2, 3, 4]
    assert lv.loc["county", ["inspections", "hazards_found"]].tolist() == [3, 6]
    assert lv.loc["town", ["inspections", "hazards_found"]].tolist() == [2, 2]
    assert lv.loc["village", ["inspections", "hazards_found"]].tolist() == [4, 1]
    assert lv.loc["village", "hazards_per_insp"] == pytest.approx(0.25)
    # the village visits are listed as the village level's when the bar is picked
    rows = run(path, "gap_inspection_rows", who_level="village", team=None, method=None, insp_department=None,
               zero_only=None, include_self=True, logs_only=False, limit=100)  # fmt: skip
    assert sorted(rows["department"]) == sorted(body for _, _, body, _ in APRIL[5:])
    # the derived table stores the same level the rule gives
    assert not maintenance.check(path).findings


def test_a_village_committee_is_not_a_county_department(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    load_april(path)
    rep = run(path, "gap_reporting", end_month=D(2025, 4, 1))
    reporters = set(rep.loc[rep["reporter_type"] == "department", "reporter"])
    assert reporters == {"县应急管理局", "市场监管局"}  # expected to send a log: the county departments only
    score = run(path, "score_indicators", start_month=D(2024, 5, 1), end_month=D(2025, 4, 1), window=1)
    assert set(score.loc[score["unit_type"] == "department", "unit"]) == {"县应急管理局", "市场监管局"}


def test_a_warehouse_made_before_the_village_level_is_reclassified(tmp_path, monkeypatch):
    """Made with migrations 001-014 and the April log loaded: its village visits are stored as a
    county department's or the town's; the next writer's migration 015 stores the village level, and the
    maintenance check finds the derived table equal to the rule."""
    old = migrations_upto(tmp_path / "migrations", 14)
    new = db.MIGRATIONS_DIR
    monkeypatch.setattr(db, "MIGRATIONS_DIR", old)
    path = tmp_path / "warehouse.duckdb"
    load_april(path)
    con = db.open_reader(path)
    try:
        before = dict(con.execute("SELECT who_level, count(*) FROM inspection_current GROUP BY 1").fetchall())
    finally:
        con.close()
    # three village visits counted as the county's, 城关镇桃花村's as the town's, and the county's
    # 市场监管局 as a higher level's
    assert before == {"county": 5, "town": 3, "higher": 1}
    monkeypatch.setattr(db, "MIGRATIONS_DIR", new)
    with db.writer(path) as w:
        assert 15 in {r[0] for r in w.execute("SELECT version FROM schema_migrations").fetchall()}
        after = dict(w.execute("SELECT who_level, count(*) FROM inspection_current GROUP BY 1").fetchall())
    assert after == {"county": 3, "town": 2, "village": 4}
    assert not maintenance.check(path).findings
    assert run(path, "gap_levels").set_index("who_level").loc["village", "inspections"] == 4


def test_chart_labels_break_before_the_bracket():
    from pages._shared.charts_gaps import _two_lines

    assert _two_lines("村（社区）") == "村<br>（社区）"
    assert _two_lines("乡镇（街道）") == "乡镇<br>（街道）"
    assert _two_lines("上级督查") == "上级<br>督查"
    assert _two_lines("County depts") == "County<br>depts"


def test_the_demo_county_has_village_patrols_that_find_less(fresh, monkeypatch):
    """The demo's villages (etl/demo/villages.py) take over some routine 安监站 visits and nothing
    else: the same visits on the same days, only the inspecting body differs; every body they
    write is read as the village level, and their visits find less than the towns' own."""
    from etl.demo import simulator

    end = D(2026, 10, 1)
    with_villages = simulator.simulate(20251, end)
    monkeypatch.setattr(simulator, "village_patrols", lambda visits, seed: 0)
    without = simulator.simulate(20251, end)
    assert len(with_villages.visits) == len(without.visits)
    changed = [(a, b) for a, b in zip(with_villages.visits, without.visits, strict=True) if a.department != b.department]
    assert len(changed) > 100
    assert all(b.department == f"{b.town}安监站" and b.method == "routine" for _, b in changed)
    assert all((a.day, a.unit.name, len(a.hazards)) == (b.day, b.unit.name, len(b.hazards)) for a, b in changed)
    con = db.open_reader(fresh)
    try:
        levels = {con.execute("SELECT gap_who_level('routine', ?, ?)", [a.department, a.town]).fetchone()[0]
                  for a, _ in changed}  # fmt: skip
    finally:
        con.close()
    assert levels == {"village"}
    village = [a for a, _ in changed]
    town = [v for v in with_villages.visits if v.department == f"{v.town}安监站" and v.method == "routine"]
    per_visit = lambda vs: sum(len(v.hazards) for v in vs) / len(vs)  # noqa: E731
    assert per_visit(village) < 0.6 * per_visit(town)
