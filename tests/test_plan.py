"""下月检查计划: plan_units + etl/read/plan.py on the hand-built warehouse of test_queries_gaps plus two
major hazards, as of 31 May 2025 (headline month May, plan month June). Every reason and
priority is derived by hand below (default config/plan.toml: red 12, orange 6, yellow 2, blue 1
visits a year; points overdue_major 5, major_due 4, risk_due 3, never_inspected 2, repeat 2;
schools, fire, traffic, construction × 1.5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.read import config as cfg
from etl.read import plan as pl
from etl.read import queries
from etl.store import db
from tests import warehouse_factory as wf
from tests.test_queries_gaps import CG, HAZARDS, HX, _add_visits_and_registry

D = dt.date
EXTRA = [
    # an unregistered site with an open major hazard due 15 June → major_due
    dict(hazard_key="H8", town=CG, sector="construction", entity_name="无名工地", department="县住建局",
         description="基坑支护不到位", level="major", found_date=D(2025, 5, 10), deadline=D(2025, 6, 15)),
    # 金辉超市: an open major hazard past its 1 May deadline → overdue_major
    dict(hazard_key="H9", town=CG, sector="fire", entity_name="金辉超市", description="疏散通道堵塞",
         level="major", found_date=D(2025, 4, 1), deadline=D(2025, 5, 1)),
]  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "warehouse.duckdb"
    wf.build(path, HAZARDS + EXTRA)
    _add_visits_and_registry(path)
    return path


def _plan(path: Path, config: cfg.PlanConfig | None = None, **over) -> pl.Plan:
    c = db.open_reader(path)
    try:
        return pl.build(
            c, D(2025, 5, 1), config or cfg.PlanConfig(), queries.hazard_filters(as_of=D(2025, 5, 31), **over)
        )
    finally:
        c.close()


def test_reasons_and_priorities_by_hand(warehouse: Path) -> None:
    """金辉超市 red, last visit 20 Dec 2024 (+30.4 days: due) + H9 overdue → (5+3)×1.5 = 12;
    阳光幼儿园 red, last 3 Mar (due) + repeat H2 → (3+2)×1.5 = 7.5; 河西小学 blue, only a
    self-inspection → due and never inspected → (3+2)×1.5 = 7.5; 无名工地 unregistered, H8 due
    15 June → 4×1.5 = 6; 红星化工 orange, last 1 Apr (+60.8 days = 31 May: due) + repeat H3 →
    (3+2)×1 = 5. 河西燃气站 yellow, last 2 Apr (+182.5 days: October) → not listed."""
    p = _plan(warehouse)
    assert p.plan_month == D(2025, 6, 1)
    got = {(r.town, r.entity_name): (r.reasons, r.priority) for r in p.rows.itertuples()}
    assert got == {
        (CG, "金辉超市"): (("overdue_major", "risk_due"), 12.0),
        (CG, "阳光幼儿园"): (("risk_due", "repeat"), 7.5),
        (HX, "河西小学"): (("risk_due", "never_inspected"), 7.5),
        (CG, "无名工地"): (("major_due",), 6.0),
        (CG, "红星化工有限公司"): (("risk_due", "repeat"), 5.0),
    }
    assert list(p.rows["entity_name"])[:1] == ["金辉超市"]
    assert not p.rows.set_index("entity_name").loc["无名工地", "in_registry"]


def test_frequency_kpi_by_hand(warehouse: Path) -> None:
    """Red/orange registry units, supervisory visits Jun 2024 – May 2025: 阳光 (red) 1 of 12,
    红星 (orange) 2 of 6, 金辉 (red) 1 of 12 → 0 of 3 meet their frequency."""
    p = _plan(warehouse)
    county = p.frequency_by(None).iloc[0]
    assert (county["units"], county["meets"], county["rate"]) == (3, 0, 0.0)
    hr = p.high_risk().set_index("entity_name")
    assert hr["visits_window"].to_dict() == {"阳光幼儿园": 1, "红星化工有限公司": 2, "金辉超市": 1}
    by_sector = p.frequency_by("sector").set_index("key")
    assert set(by_sector.index) == {"school", "hazchem", "fire"} and (by_sector["units"] == 1).all()
    # with orange at 2 visits a year, 红星 (2 visits) meets it: 1 of 3
    loose = _plan(warehouse, cfg.PlanConfig(visits_per_year={"red": 12, "orange": 2, "yellow": 2, "blue": 1}))
    assert loose.frequency_by(None).iloc[0]["meets"] == 1


def test_config_changes_the_plan(warehouse: Path) -> None:
    """Red once a year: 金辉 (last 20 Dec 2024) and 阳光 (3 Mar) are no longer due; 金辉 stays for its
    overdue major hazard, 阳光 for its repeat."""
    p = _plan(warehouse, cfg.PlanConfig(visits_per_year={"red": 1, "orange": 6, "yellow": 2, "blue": 1}))
    got = {r.entity_name: r.reasons for r in p.rows.itertuples()}
    assert got["金辉超市"] == ("overdue_major",) and got["阳光幼儿园"] == ("repeat",)


def test_filters_narrow_the_plan(warehouse: Path) -> None:
    p = _plan(warehouse, towns=[HX])
    assert set(p.rows["entity_name"]) == {"河西小学"}
    assert set(_plan(warehouse, sectors=["construction"]).rows["entity_name"]) == {"无名工地"}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[visits_per_year]\nred = 12\npurple = 3\n", 3),
        ('[sector_weight]\nschool = "high"\n', 2),
        ("[bogus]\nx = 1\n", 1),
    ],
)
def test_plan_config_errors(tmp_path: Path, text: str, line: int) -> None:
    p = tmp_path / "plan.toml"
    p.write_text(text, encoding="utf-8")
    conf, problems = cfg.load_plan(p)
    assert conf == cfg.PlanConfig() and len(problems) == 1 and problems[0].line == line
