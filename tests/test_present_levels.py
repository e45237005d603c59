"""The meeting-room slide 压力传导 · 层层递减 (``?mode=present``): hazards found per visit by who
inspected, each level of the chain county → town → village held against the one above it.

The slide follows 监管盲区 when two adjacent levels each had at least 20 inspection-log visits in
the pack's 12 months; a level finding at most 60 % of what the level above finds is flagged in
words (▼), not by colour alone — the rule the briefing pack's sentence uses. The warehouse is a
random one with an inspection log built in code and loaded through the loader.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from etl.brief import followthrough as ft
from etl.read import levels as levels_rule
from etl.store.writes import ingest
from pages._shared import charts_present as cp
from pages._shared import slideshow
from pages._shared.present_slides import P as PROJECTOR
from tests import apptest
from tests import warehouse_factory as wf
from tests.fixtures import meeting_pack
from tests.fixtures.intensity_visits import LOG_HEADER
from tests.fixtures.ledgers import Sheet, d, xlsx

LAST = dt.date(2025, 6, 1)
TITLE = "压力传导 · 层层递减"

pytestmark = pytest.mark.usefixtures("st_caches")


def levels(**rows: tuple[int, float]) -> pd.DataFrame:
    """gap_levels rows: level → (inspection-log visits, hazards per visit)."""
    order = ["higher", "county", "town", "village", "self", "unknown"]
    out = [{"who_level": k, "level_order": order.index(k) + 1, "inspections": n, "hazards_per_insp": per,
            "ledger_visits": 0} for k, (n, per) in rows.items()]  # fmt: skip
    return pd.DataFrame(out).sort_values("level_order")


# ---- the rule --------------------------------------------------------------------------------------


def test_each_level_is_held_against_the_one_above_it():
    pairs = levels_rule.chain_pairs(levels(county=(50, 1.0), town=(40, 0.5), village=(30, 0.4), higher=(30, 2.0)))
    assert [(p.upper, p.lower) for p in pairs] == [("county", "town"), ("town", "village")]  # never higher → county
    assert pairs[0].ratio == pytest.approx(0.5) and pairs[0].weak
    assert pairs[1].ratio == pytest.approx(0.8) and not pairs[1].weak


def test_a_level_with_too_few_visits_is_not_compared():
    assert levels_rule.chain_pairs(levels(county=(50, 1.0), town=(19, 0.1))) == []
    assert [(p.upper, p.lower) for p in levels_rule.chain_pairs(levels(county=(10, 1.0), town=(40, 0.5), village=(40, 0.1)))] \
        == [("town", "village")]  # fmt: skip
    # towns that found nothing: the villages' share of nothing is no figure
    (pair,) = levels_rule.chain_pairs(levels(town=(40, 0.0), village=(40, 0.0)))
    assert pair.ratio is None and not pair.weak


def test_the_slide_follows_the_gaps_slide_only_when_there_is_a_chain():
    def show(lv, items=False):
        fb = ft.FollowBrief(dt.date(2025, 6, 30), pd.DataFrame({"x": [1]} if items else {}), {}, pd.DataFrame(), None,
                            levels=lv)  # fmt: skip
        return slideshow.slide_names(type("D", (), {"follow": fb})())

    assert show(levels(county=(50, 1.0), town=(40, 0.9))) == ("kpi", "trend", "towns", "overdue", "gaps", "levels",
                                                             "changes")  # fmt: skip
    assert show(levels(county=(50, 1.0), town=(5, 0.1))) == ("kpi", "trend", "towns", "overdue", "gaps", "changes")
    assert show(None) == ("kpi", "trend", "towns", "overdue", "gaps", "changes")
    assert show(levels(county=(50, 1.0), town=(40, 0.9)), items=True)[0] == "followup"


def test_a_weak_level_is_told_in_words_and_pattern():
    fig = cp.level_chain(["县级部门", "乡镇（街道）"], [1.0, 0.3], ["1.00", "0.30 ▼ 仅为县级部门的 30.0%"], [False, True],
                         p=PROJECTOR, axis_title="x")  # fmt: skip
    bar = fig.data[0]
    assert list(bar.text) == ["1.00", "0.30 ▼ 仅为县级部门的 30.0%"]
    assert list(bar.marker.pattern.shape) == ["", "/"]
    assert bar.marker.color[0] != bar.marker.color[1]


# ---- the slide, end to end ---------------------------------------------------------------------------

# 城关镇's May log: (inspecting body, visits, of which found one hazard each, hazards found per such visit)
CHAIN = [("县应急管理局", 30, 30, 2), ("城关镇安监站", 30, 30, 1), ("桃花村村委会", 25, 5, 1)]


def chain_log() -> tuple[bytes, str]:
    rows = [["城关镇2025年5月安全检查记录"], LOG_HEADER]
    for body, n, finding, per in CHAIN:
        for i in range(n):
            found = per if i < finding else 0
            rows.append([d(2025, 5, 1 + i % 28), f"{body}检查单位{i:02d}", "工贸", body, "日常检查", "甲", found, 0, 0])
    return xlsx([Sheet("检查记录", rows)]), "城关镇2025年5月检查记录.xlsx"


@pytest.fixture(scope="module")
def wh(tmp_path_factory) -> Path:
    path = wf.build_random(tmp_path_factory.mktemp("levels_slide") / "warehouse.duckdb", 1500, seed=11, last_month=LAST,
                           months=24)  # fmt: skip
    rep = ingest(*chain_log(), db=path)
    assert rep.status == "loaded" and rep.analysis.rows_loaded == sum(n for _, n, _, _ in CHAIN), rep
    return path


def present(monkeypatch, path: Path, **params: str):
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    return apptest.app(timeout=90, mode="present", month="2025-06", interval="600", **params).run()


def test_the_slide_shows_each_level_and_flags_the_weak_ones(monkeypatch, wh):
    at = present(monkeypatch, wh, slide="6")
    assert not at.exception and not at.error, (at.exception, at.error)
    body = apptest.texts(at, ("markdown",), shown=True)
    assert TITLE in body and "第 6 / 8 页" in body
    assert "2024年7月—2025年6月" in body
    (chart,) = at.get("plotly_chart")
    bar = json.loads(chart.proto.spec)["data"][0]
    assert bar["y"] == ["县级部门", "乡镇（街道）", "村（社区）"]
    assert bar["x"] == pytest.approx([2.0, 1.0, 0.2])
    county, town, village = bar["text"]
    assert county.startswith("2.00 项/次（30 次）") and "▼" not in county
    assert town.startswith("1.00 项/次（30 次）") and "▼ 仅为县级部门的 50.0%" in town
    assert village.startswith("0.20 项/次（25 次）") and "▼ 仅为乡镇（街道）的 20.0%" in village
    assert bar["marker"]["pattern"]["shape"] == ["", "/", "/"]


def test_the_slide_in_english(monkeypatch, wh):
    at = present(monkeypatch, wh, slide="6", lang="en")
    assert not at.exception
    body = apptest.texts(at, ("markdown",), shown=True)
    assert "Pressure down the chain" in body and "Slide 6 / 8" in body
    bar = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert bar["y"] == ["County depts", "Towns", "Villages"]
    assert "▼ only 20.0% of Towns" in bar["text"][2]


def test_the_other_slides_keep_their_places(monkeypatch, wh):
    body = apptest.texts(present(monkeypatch, wh, slide="5"), ("markdown",), shown=True)
    assert "监管盲区" in body and "第 5 / 8 页" in body
    body = apptest.texts(present(monkeypatch, wh, slide="7"), ("markdown",), shown=True)
    assert "本月新增重大隐患与台账报送" in body and "第 7 / 8 页" in body


# ---- the same chain in the briefing pack -------------------------------------------------------------


@pytest.fixture(scope="module")
def pack(wh):
    return meeting_pack(wh, LAST)


def test_the_pack_has_the_chain_chart_beside_its_sentence(pack):
    from pptx import Presentation

    from etl import brief

    deck = Presentation(io.BytesIO(brief.build_pptx(pack)))
    (s,) = [s for s in deck.slides if s.shapes.title.text == ft.GAP_TITLE]
    text = "".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
    assert "村（社区）检查 25 次，平均每次发现隐患 0.20 项，仅为乡镇（街道）检查（1.00 项）的 20.0%" in text
    (chart,) = [sh.chart for sh in s.shapes if sh.has_chart]
    assert list(chart.plots[0].categories) == ["县级部门", "乡镇（街道）（▼递减）", "村（社区）（▼递减）"]
    assert list(chart.plots[0].series[0].values) == pytest.approx([2.0, 1.0, 0.2])


def test_the_report_has_the_chain_as_an_appendix_table(pack):
    from docx import Document

    from etl import brief

    doc = Document(io.BytesIO(brief.build_docx(pack)))
    titles = [p.text for p in doc.paragraphs if "各级检查发现隐患情况" in p.text]
    assert len(titles) == 1 and titles[0].startswith("附表")
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "检查层级"]
    got = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert got == [
        ["县级部门", "30", "60", "2.00", ""],
        ["乡镇（街道）", "30", "30", "1.00", "为县级部门的 50.0%（▼递减）"],
        ["村（社区）", "25", "5", "0.20", "为乡镇（街道）的 20.0%（▼递减）"],
    ]


def test_no_chain_no_chart():
    fb = ft.FollowBrief(dt.date(2025, 6, 30), pd.DataFrame(), {}, pd.DataFrame(), None,
                        gap_lines=["执法检查宽松软虚。"], levels=levels(county=(50, 1.0), town=(3, 0.1)))  # fmt: skip
    from pptx import Presentation
    from pptx.util import Inches

    from etl.brief.slides import _slide

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    ft.add_gap_slide(prs, type("D", (), {"follow": fb})(), lambda title, sub: _slide(prs, title, sub))
    (s,) = prs.slides
    assert not any(sh.has_chart for sh in s.shapes)
    fb.gap_lines = []
    prs2 = Presentation()
    ft.add_gap_slide(prs2, type("D", (), {"follow": fb})(), lambda title, sub: _slide(prs2, title, sub))
    assert len(prs2.slides) == 0  # nothing to say and nothing to compare: no slide


# ---- the same rule under the gap page's ⑥ ---------------------------------------------------------------


def test_the_gap_page_holds_each_level_against_the_one_above_under_its_chart(monkeypatch, wh):
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(wh))
    at = apptest.open_page("pages/gaps.py", timeout=120)
    assert not at.exception, at.exception
    (line,) = [c.value for c in at.caption if c.value.startswith("逐级比较")]
    assert "乡镇（街道）为县级部门的 50.0% ▼；村（社区）为乡镇（街道）的 20.0% ▼" in line
    assert "不超过上一级 60% 的标 ▼" in line and "不少于 20 次" in line
    at = apptest.open_page("pages/gaps.py", timeout=120, lang="en")
    (line,) = [c.value for c in at.caption if c.value.startswith("Level against level")]
    assert "Towns 50.0% of County depts ▼; Villages 20.0% of Towns ▼" in line
