"""The briefing pack's 考核通报 slide (七) and Word section carry the scorecard and plan of the
dashboard pages: the same ranking, the same 约谈 names, the same count of next month's visits."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from etl import brief
from etl.brief import scoreboard
from etl.read import config as cfg
from etl.read import plan, queries, scorecard
from etl.store import db
from tests.test_brief import AS_OF, LAST, _docx_text, build_meeting_warehouse


@pytest.fixture(scope="module")
def q(tmp_path_factory):
    c = db.open_reader(build_meeting_warehouse(tmp_path_factory.mktemp("brief_score") / "warehouse.duckdb"))

    def run(name, **params):
        return queries.run(c.cursor(), name, **params)

    yield run
    c.close()


@pytest.fixture(scope="module")
def data(q) -> brief.BriefData:
    return brief.collect(q, LAST, AS_OF, county="安宁县", now=dt.datetime(2025, 7, 2, 9, 0))


def _expected(q):
    filters = queries.hazard_filters(as_of=AS_OF)
    conf = cfg.ScorecardConfig()
    raw = q("score_indicators", **scorecard.params_for(LAST, conf, filters))
    card = scorecard.from_frames(raw, q("score_status").iloc[0].to_dict(), LAST, conf)
    pp = plan.params_for(LAST, filters)
    return card, plan.build_from(q("plan_units", **pp), cfg.PlanConfig(), pp["plan_start"])


def _slide_text(slide) -> str:
    parts = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            parts.append(sh.text_frame.text)
        if sh.has_table:
            parts += [c.text for row in sh.table.rows for c in row.cells]
    return "\n".join(parts)


def _score_slides(blob: bytes) -> list:
    from pptx import Presentation

    return [s for s in Presentation(io.BytesIO(blob)).slides if scoreboard.SLIDE_TITLE in s.shapes.title.text]


def test_slides_carry_the_pages_ranking_and_plan(q, data) -> None:
    card, the_plan = _expected(q)
    towns = card.month_table("town")
    ranked = towns[towns["total"].notna()]
    assert len(ranked) >= 3  # the fixture ranks its 12 towns
    slides = _score_slides(brief.build_pptx(data))
    summary, rest = slides[0], slides[1:]
    assert summary.shapes.title.text.startswith("七、")
    text = _slide_text(summary)
    assert f"2025年7月计划检查 {len(the_plan.rows)} 家单位" in text
    flagged = [*card.month_table("town").query("interview")["unit"],
               *card.month_table("department").query("interview")["unit"]]  # fmt: skip
    if flagged:
        assert "建议约谈（连续排名末位）：" + "、".join(flagged) in text
    else:
        assert "本月没有连续排名末位" in text
    assert "验收销号率不参与考核" in text  # the fixture's ledgers record no 验收
    # every ranked town, in rank order, over as many slides as it takes (8 rows each)
    town_slides = [s for s in rest if "乡镇（街道）排名" in s.shapes.title.text]
    assert len(town_slides) == -(-len(ranked) // scoreboard.ROWS_PER_SLIDE)
    rows = [[c.text for c in row.cells] for s in town_slides for sh in s.shapes if sh.has_table
            for row in list(sh.table.rows)[1:]]  # fmt: skip
    assert [r[1] for r in rows] == ranked["unit"].tolist()
    assert [r[2] for r in rows] == [f"{v:.1f}" for v in ranked["total"]]
    assert [r[0] for r in rows] == [str(int(r)) for r in ranked["rank"]]


def test_word_section_says_the_same(q, data) -> None:
    card, the_plan = _expected(q)
    text = _docx_text(brief.build_docx(data))
    assert scoreboard.SLIDE_TITLE in text
    assert f"计划检查 {len(the_plan.rows)} 家单位" in text
    assert "附表3  2025年6月乡镇（街道）考核排名" in text and card.month_table("town").iloc[0]["unit"] in text


def test_a_failing_scorecard_is_a_note_not_a_broken_pack(q) -> None:
    def broken(name, **params):
        if name.startswith("score_"):
            raise RuntimeError("no such table: score")
        return q(name, **params)

    d = brief.collect(broken, LAST, AS_OF, county="安宁县")
    assert d.score.notes == ["考核通报无法计算（no such table: score）"]
    slides = _score_slides(brief.build_pptx(d))
    assert len(slides) == 1 and "考核通报无法计算" in _slide_text(slides[0])
