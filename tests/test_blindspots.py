"""会商清单: unregistered units (exact, normalised and near names), the 三管三必须 matrix against
config/responsibilities.toml, and the agenda sheet, on the hand-built warehouse of
test_queries_gaps plus the hazards below. Window 2025-01 … 2025-06, as of 2025-06-30."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.read import blindspots as bs
from etl.read import config as cfg
from etl.read import queries
from etl.store import db
from tests import warehouse_factory as wf
from tests.test_queries_gaps import CG, HAZARDS, HX, _add_visits_and_registry

D = dt.date
NS = "南山乡"  # a town with no registry
EXTRA = [
    # near the registry's 红星化工有限公司 (contained in it): unregistered, with that candidate
    dict(hazard_key="B1", town=CG, sector="hazchem", entity_name="红星化工", department="县应急管理局",
         description="静电接地缺失", found_date=D(2025, 5, 2)),
    # a school hazard owned by the emergency bureau: not the school sector's lead (县教育局)
    dict(hazard_key="B2", town=CG, sector="school", entity_name="阳光幼儿园", department="县应急管理局",
         description="电线老化", found_date=D(2025, 5, 3), status="rectified", rectified_date=D(2025, 5, 9)),
    # a town's own body owning a fire hazard: 属地, not a mismatch
    dict(hazard_key="B3", town=CG, sector="fire", entity_name="金辉超市", department="城关镇安监站",
         description="灭火器缺失", found_date=D(2025, 5, 4)),
    # a unit type outside every sector, no department
    dict(hazard_key="B4", town=HX, sector="other", sector_raw="养老机构", entity_name="河西敬老院",
         description="床头无呼叫器", found_date=D(2025, 5, 5)),
    # a town with no registry at all
    dict(hazard_key="B5", town=NS, sector="fire", entity_name="南山饭店", department="县消防救援大队",
         description="燃气泄漏报警器缺失", found_date=D(2025, 5, 6)),
]  # fmt: skip
PARAMS = {**queries.hazard_filters(start_month=D(2025, 1, 1), end_month=D(2025, 6, 1), as_of=D(2025, 6, 30)),
          "limit": 100}  # fmt: skip


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("blind") / "warehouse.duckdb"
    wf.build(path, HAZARDS + EXTRA)
    _add_visits_and_registry(path)
    c = db.open_reader(path)
    yield c
    c.close()


def test_unregistered_units_exact_normalised_and_near(con) -> None:
    """Registered by exact name: 阳光幼儿园, 金辉超市, 红星化工有限公司 (城关镇), 河西小学; by normalised
    name: 阳光 幼儿园 (H2), 河西燃气站 (registry: 河西 燃气站). Unregistered: 红星化工 (B1, near
    红星化工有限公司), 未登记小作坊 (visit I7, nothing near), 河西敬老院 (B4, nothing near).
    南山乡 has no registry: its units are not listed here but the town is."""
    un = queries.run(con, "blind_unregistered", **PARAMS)
    assert sorted(zip(un["town"], un["entity_name"], strict=True)) == [
        (CG, "未登记小作坊"), (CG, "红星化工"), (HX, "河西敬老院")]  # fmt: skip
    row = un.set_index("entity_name").loc["未登记小作坊"]
    assert (row["hazards"], row["visits"]) == (0, 1)
    reg = queries.run(con, "blind_registry_names", towns=sorted(set(un["town"])))
    near = dict(zip(un["entity_name"], bs.near_names(un, reg), strict=True))
    assert [n for n, _ in near["红星化工"]] == ["红星化工有限公司"]
    assert near["未登记小作坊"] == [] and near["河西敬老院"] == []
    towns = queries.run(con, "blind_towns_without_registry", towns=None)
    assert towns.to_dict("records") == [{"town": NS, "units_seen": 1}]


def test_near_names_rank_by_similarity() -> None:
    import pandas as pd

    reg = pd.DataFrame({"town": [CG] * 3, "entity_name": ["阳光幼儿园", "阳光超市", "星光幼儿园"],
                        "unit_key": ["阳光幼儿园", "阳光超市", "星光幼儿园"]})  # fmt: skip
    unreg = pd.DataFrame({"town": [CG, HX], "unit_key": ["阳光幼儿园分园", "阳光幼儿园"]})
    near = bs.near_names(unreg, reg)
    assert near[0][0][0] == "阳光幼儿园" and "阳光超市" not in [n for n, _ in near[0]]
    assert near[1] == []  # another town's registry is never a candidate


def test_matrix_against_the_county_defaults(con) -> None:
    """school: 县教育局 leads; B2 (县应急管理局) is a mismatch. fire: B3's 城关镇安监站 is a town body,
    not a mismatch; H4 has no department. other: no lead (a gap), B4 (养老机构) has none either."""
    resp, problems = cfg.load_responsibilities(cfg.CONFIG_DIR / "responsibilities.toml")
    assert problems == []
    sd = queries.run(con, "blind_sector_departments", **PARAMS)
    by_sector, mism = bs.matrix(sd, resp)
    assert mism[["sector", "department", "hazards"]].to_dict("records") == [
        {"sector": "school", "department": "县应急管理局", "hazards": 1}]  # fmt: skip
    s = by_sector.set_index("sector")
    assert s.loc["school", "lead"] == "县教育局" and s.loc["school", "hazards_mismatch"] == 1
    assert s.loc["fire", "hazards_no_owner"] == 1 and s.loc["fire", "hazards_mismatch"] == 0
    assert s.loc["other", "lead"] == "" and s.loc["other", "hazards"] == 1
    types = queries.run(con, "blind_unit_types", **PARAMS)
    assert types[["sector_raw", "hazards", "no_department"]].to_dict("records") == [
        {"sector_raw": "养老机构", "hazards": 1, "no_department": 1}]  # fmt: skip

    agenda = bs.agenda(unreg=queries.run(con, "blind_unregistered", **PARAMS), near=[[("红星化工有限公司", 90.0)]] * 3,
                       by_sector=by_sector, unit_types=types, mismatches=mism,
                       no_owner=queries.run(con, "blind_no_owner_units", **PARAMS), sector_label=str)  # fmt: skip
    assert tuple(agenda.columns) == bs.AGENDA_COLUMNS
    kinds = agenda["事项类型"].value_counts().to_dict()
    assert kinds[bs.ITEM_TYPES["unregistered"]] == 3
    assert kinds[bs.ITEM_TYPES["no_lead_sector"]] == 1  # other
    assert kinds[bs.ITEM_TYPES["no_lead_type"]] == 1  # 养老机构
    assert kinds[bs.ITEM_TYPES["mismatch"]] == 1
    assert (agenda["会商意见（明确的责任部门）"] == "").all()
    assert agenda["序号"].tolist() == list(range(1, len(agenda) + 1))


def test_responsibilities_config_errors(tmp_path: Path) -> None:
    p = tmp_path / "responsibilities.toml"
    p.write_text('[lead]\nschool = "县教育局"\nspaceship = "县航天局"\n', encoding="utf-8")
    resp, problems = cfg.load_responsibilities(p)
    assert resp.lead == cfg.DEFAULT_LEAD and len(problems) == 1 and problems[0].line == 3
    p.write_text('[lead]\nschool = "县教育局"\n', encoding="utf-8")
    resp, problems = cfg.load_responsibilities(p)
    assert problems == [] and resp.lead == {"school": "县教育局"}  # the file is the whole matrix


def test_agenda_sheet_as_exported(con) -> None:
    """The xlsx the page offers: the agenda's headers in one row, every item a row, the 会商意见
    column empty. Items (window Jan–Jun 2025): 3 unregistered; sector 'other' with no lead; the
    unit type 养老机构; 1 mismatch (B2); units whose hazards have no department: 金辉超市 (H4),
    河西燃气站 (H5), 河西敬老院 (B4); registry units with no department: 金辉超市, 河西 燃气站 → 3+1+1+1+3+2 = 11."""
    import io

    import openpyxl

    from pages._shared import export

    resp, _ = cfg.load_responsibilities(cfg.CONFIG_DIR / "responsibilities.toml")
    unreg = queries.run(con, "blind_unregistered", **PARAMS)
    by_sector, mism = bs.matrix(queries.run(con, "blind_sector_departments", **PARAMS), resp)
    agenda = bs.agenda(unreg=unreg, near=bs.near_names(unreg, queries.run(con, "blind_registry_names", towns=None)),
                       by_sector=by_sector, unit_types=queries.run(con, "blind_unit_types", **PARAMS),
                       mismatches=mism, no_owner=queries.run(con, "blind_no_owner_units", **PARAMS),
                       sector_label=str)  # fmt: skip
    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(agenda, sheet="会商清单", title="会商清单"))).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert tuple(rows[head]) == bs.AGENDA_COLUMNS
    body = [r for r in rows[head + 1 :] if any(v not in (None, "") for v in r)]
    assert len(body) == 11
    assert all(r[-1] in (None, "") for r in body)
    kinds = [r[1] for r in body]
    assert kinds.count(bs.ITEM_TYPES["no_owner_hazards"]) == 3 and kinds.count(bs.ITEM_TYPES["no_owner_unit"]) == 2
