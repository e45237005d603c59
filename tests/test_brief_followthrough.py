"""The loop in the briefing pack: 上次会议交办事项落实情况 (first slide after the title, first
section of the report) and the 层层递减 / 宽松软虚 / repeat-after-fix sentences with thresholds.

Story (ledgers of tests/test_assignments.py, loaded through the loader): at the meeting of
2025-07-05 the county assigns CG-2 (general, due 07-20) and CG-1 (major, due 07-25) to 城关镇.
The July ledger rectifies both; CG-1 is a major and nobody has verified it. The July pack
(as of 07-31) shows one done (CG-2), one overdue (CG-1)."""

from __future__ import annotations

import datetime as dt
import functools
import io

import pandas as pd
import pytest

from etl import brief
from etl.admin.users import User
from etl.brief import followthrough as ft
from etl.read import queries
from etl.store import assignments as asg
from etl.store import db
from tests.test_assignments import JULY, JUNE, keys, load

D = dt.date
ANA = User("ana", "analyst")


@pytest.fixture
def pack(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    load(path, 6, JUNE)
    k = keys(path)
    m = dict(meeting_date=D(2025, 7, 5), assignee_kind="town", assignee="城关镇", kind="hazard")
    asg.add(path, ANA, **m, title="超市安全出口", due_date=D(2025, 7, 20), hazard_key=k["CG-2"])
    asg.add(path, ANA, **m, title="化工厂报警器整改并验收", due_date=D(2025, 7, 25), hazard_key=k["CG-1"])
    load(path, 7, JULY)
    c = db.open_reader(path)
    yield brief.collect(functools.partial(queries.run, c), D(2025, 7, 1), D(2025, 7, 31))
    c.close()


def test_the_pack_starts_with_the_last_meetings_assignments(pack):
    fb = pack.follow
    assert fb.counts == {"done": 1, "in_progress": 0, "overdue": 1, "withdrawn": 0}
    assert fb.items["落实情况"].tolist() == ["已完成", "逾期未完成"]
    assert fb.by_assignee.set_index("交办对象").loc["城关镇", ["已完成", "逾期未完成"]].tolist() == [1, 1]
    from pptx import Presentation

    prs = Presentation(io.BytesIO(brief.build_pptx(pack)))
    titles = [next((sh.text_frame.text for sh in s.shapes if sh.has_text_frame and sh.text_frame.text), "")
              for s in prs.slides]  # fmt: skip
    assert titles[1] == ft.TITLE and titles[2].startswith(ft.TITLE)  # right after the title slide
    text = "\n".join(sh.text_frame.text for sh in prs.slides[1].shapes if sh.has_text_frame)
    assert "已完成 1 项，推进中 0 项，逾期未完成 1 项" in text and "城关镇：已完成 1 项，逾期未完成 1 项。" in text


def test_the_report_opens_with_the_section(pack):
    from docx import Document

    doc = Document(io.BytesIO(brief.build_docx(pack)))
    paras = [p.text for p in doc.paragraphs if p.text.strip()]
    i = paras.index(ft.TITLE)
    assert paras[i + 3].startswith("1. 城关镇：超市安全出口（期限 2025年7月20日）—— 已完成")
    assert paras[i + 4].startswith("2. 城关镇：化工厂报警器整改并验收（期限 2025年7月25日）—— 逾期未完成")
    assert paras.index("一、主要工作和成效") > i


def test_no_assignments_no_slide_and_no_section(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    load(path, 6, JUNE)
    c = db.open_reader(path)
    try:
        d = brief.collect(functools.partial(queries.run, c), D(2025, 6, 1), D(2025, 6, 30))
    finally:
        c.close()
    assert not d.follow.has_items
    from docx import Document

    paras = [p.text for p in Document(io.BytesIO(brief.build_docx(d))).paragraphs]
    assert ft.TITLE not in paras


def frames(levels=None, enf=None, rep=None):
    """A query callable answering the three gap queries with the given figures."""
    levels = levels or dict(town=(40, 0.5), county=(50, 1.0))
    lv = pd.DataFrame([dict(who_level=k, inspections=n, hazards_per_insp=h, ledger_visits=0)
                       for k, (n, h) in levels.items()])  # fmt: skip
    e = pd.DataFrame(
        [{**dict(inspections=100, zero_share=0.2, major_visits=10, major_penalty_rate=0.5, ledger_visits=0),
          **(enf or {})}]
    )
    r = pd.DataFrame([{**dict(hazards=1000, repeats=20, units_with_repeat=15), **(rep or {})}])
    answers = {"gap_levels": lv, "gap_enforcement_kpis": e, "gap_repeat_sectors": r}
    return lambda name, **_: answers[name]


SCOPE = brief.Scope(D(2025, 7, 1), D(2025, 7, 31), (), (), (), None)


def test_gap_sentences_only_over_their_thresholds():
    # town 0.5 per visit vs county 1.0 (50 % ≤ 60 %): weakening; zero share 20 %, penalties 50 %: not lax;
    # repeats 20 of 1000 (2 % < 5 %): no sentence
    got = ft.gap_sentences(frames(), SCOPE)
    assert len(got) == 1 and got[0].startswith("压力传导层层递减") and "50.0%" in got[0]
    assert ft.gap_sentences(frames(levels=dict(town=(40, 0.7), county=(50, 1.0))), SCOPE) == []  # 70 % > 60 %
    assert ft.gap_sentences(frames(levels=dict(town=(10, 0.1), county=(50, 1.0))), SCOPE) == []  # too few visits
    lax = ft.gap_sentences(frames(levels=dict(town=(40, 0.9), county=(50, 1.0)), enf=dict(zero_share=0.55)), SCOPE)
    assert lax == ["执法检查宽松软虚。近12个月监督检查 100 次中 55.0% 未发现任何隐患。"]
    # the share counts inspection-log visits only (gap_enforcement_kpis); the ledgers' 无隐患 visits it
    # left out are named after it
    lax = ft.gap_sentences(frames(levels=dict(town=(40, 0.9), county=(50, 1.0)),
                                  enf=dict(zero_share=0.55, ledger_visits=30)), SCOPE)  # fmt: skip
    assert lax == ["执法检查宽松软虚。近12个月监督检查 100 次中 55.0% 未发现任何隐患。"
                   "另有 30 次检查来自隐患台账的“无隐患”记录，不计入上述比例。"]  # fmt: skip
    pen = ft.gap_sentences(frames(levels=dict(town=(40, 0.9), county=(50, 1.0)), enf=dict(major_penalty_rate=0.2)),
                           SCOPE)  # fmt: skip
    assert pen == ["执法检查宽松软虚。近12个月发现重大隐患的 10 次检查中仅 20.0% 作出处罚。"]
    rep = ft.gap_sentences(frames(levels=dict(town=(40, 0.9), county=(50, 1.0)), rep=dict(repeats=60)), SCOPE)
    assert len(rep) == 1 and "有 60 项隐患" in rep[0] and "6.0%" in rep[0]


def test_level_sentence_names_the_ledger_visits_it_left_out():
    """gap_levels counts inspection-log visits per level (migration 012); the hazard ledgers' 无隐患
    visits of the two levels compared are named after the sentence."""
    base = frames()
    lv = pd.DataFrame([dict(who_level="town", inspections=40, hazards_per_insp=0.5, ledger_visits=25),
                       dict(who_level="county", inspections=50, hazards_per_insp=1.0, ledger_visits=3),
                       dict(who_level="self", inspections=9, hazards_per_insp=0.1, ledger_visits=7)])  # fmt: skip
    got = ft.gap_sentences(lambda name, **kw: lv if name == "gap_levels" else base(name, **kw), SCOPE)
    assert got == ["压力传导层层递减。近12个月乡镇（街道）检查 40 次，平均每次发现隐患 0.50 项，仅为县级部门检查（1.00 项）"
                   "的 50.0%。另有 28 次检查来自隐患台账的“无隐患”记录，不计入上述比例。"]  # fmt: skip


def test_gap_sentences_reach_the_problem_section(pack):
    pack.follow.gap_lines = ["执法检查宽松软虚。近12个月监督检查 100 次中 55.0% 未发现任何隐患。"]
    from etl.brief import text

    last = text.problems(pack)[-1]
    assert last[0] == "（" and last.endswith("）执法检查宽松软虚。近12个月监督检查 100 次中 55.0% 未发现任何隐患。")


def test_level_sentence_follows_the_chain_down_to_the_villages():
    """County → town → village (migration 015): each level is held against the one above it; one
    sentence names every step that weakens, and the ledger visits of the levels it compared."""
    base = frames()

    def ask(rows):
        lv = pd.DataFrame([dict(who_level=k, inspections=n, hazards_per_insp=h, ledger_visits=x)
                           for k, (n, h, x) in rows.items()])  # fmt: skip
        return ft.gap_sentences(lambda name, **kw: lv if name == "gap_levels" else base(name, **kw), SCOPE)

    both = ask(dict(county=(50, 1.0, 3), town=(40, 0.5, 25), village=(30, 0.2, 4)))
    assert both == ["压力传导层层递减。近12个月乡镇（街道）检查 40 次，平均每次发现隐患 0.50 项，仅为县级部门检查（1.00 项）"
                    "的 50.0%；村（社区）检查 30 次，平均每次发现隐患 0.20 项，仅为乡镇（街道）检查（0.50 项）的 40.0%。"
                    "另有 32 次检查来自隐患台账的“无隐患”记录，不计入上述比例。"]  # fmt: skip
    # towns keep up with the county; the villages do not
    only_village = ask(dict(county=(50, 1.0, 3), town=(40, 0.9, 25), village=(30, 0.2, 4)))
    assert only_village == ["压力传导层层递减。近12个月村（社区）检查 30 次，平均每次发现隐患 0.20 项，仅为乡镇（街道）检查"
                            "（0.90 项）的 22.2%。另有 29 次检查来自隐患台账的“无隐患”记录，不计入上述比例。"]  # fmt: skip
    assert ask(dict(county=(50, 1.0, 0), town=(40, 0.9, 0), village=(10, 0.1, 0))) == []  # too few village visits
