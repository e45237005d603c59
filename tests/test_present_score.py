"""The meeting-room slide 考核通报 (``?mode=present``): the month's ranking of towns and county
departments, the same figures as the 考核通报 page and the pack's slides 七, last in the show
when the scorecard ranks any unit. Units advised an interview are named in the heading and
flagged in words on their row; a ranking longer than the screen shows its top and its bottom
and says how many ranks it skips."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from etl import brief
from pages._shared import present_score
from tests import apptest
from tests.fixtures import meeting_pack
from tests.test_brief import build_meeting_warehouse

pytestmark = pytest.mark.usefixtures("st_caches")
LAST = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def wh(tmp_path_factory) -> Path:
    return build_meeting_warehouse(tmp_path_factory.mktemp("score_slide") / "warehouse.duckdb", n=3000)


@pytest.fixture(scope="module")
def pack(wh) -> brief.BriefData:
    return meeting_pack(wh, LAST)


def present(monkeypatch, path: Path, **params: str):
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    return apptest.app(timeout=90, mode="present", month="2025-06", interval="600", slide="7", **params).run()


def cells(chart) -> list[list[str]]:
    return json.loads(chart.proto.spec)["data"][0]["cells"]["values"]


def test_the_last_slide_ranks_towns_and_departments_as_the_scorecard_does(monkeypatch, wh, pack):
    sb = pack.score
    assert sb.has_ranking
    at = present(monkeypatch, wh)
    assert not at.exception and not at.error, (at.exception, at.error)
    body = apptest.texts(at, ("markdown",), shown=True)
    assert "考核通报 · 乡镇和部门排名" in body and "第 7 / 7 页" in body
    assert "2025年6月考核排名（近3个月发现的隐患和开展的检查）" in body
    names = [*sb.interview["town"], *sb.interview["department"]]
    if names:
        assert "建议约谈（连续 2 个月排名末位）：" + "、".join(names) in body
    else:
        assert "本月没有连续 2 个月排名末位的单位。" in body
    towns, depts = at.get("plotly_chart")
    for chart, unit_type in ((towns, "town"), (depts, "department")):
        rank, unit, total, _change, flag = cells(chart)
        tbl = sb.tables[unit_type]
        assert len(tbl) <= present_score.ROWS  # the fixture's rankings fit the screen
        assert unit == tbl["unit"].tolist()
        assert rank == [str(int(r)) for r in tbl["rank"]]
        assert total == [f"{v:.1f}" for v in tbl["total"]]
        assert [f == "建议约谈" for f in flag] == tbl["interview"].tolist()


def test_in_english(monkeypatch, wh):
    at = present(monkeypatch, wh, lang="en")
    assert not at.exception
    body = apptest.texts(at, ("markdown",), shown=True)
    assert "Scorecard: towns and departments" in body and "Jun 2025 ranking" in body
    header = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["header"]["values"]
    assert header == ["Rank", "Unit", "Score", "Move", "Flag"]


def test_a_long_ranking_shows_its_top_and_bottom_and_counts_the_rest(monkeypatch):
    n = 20
    tbl = pd.DataFrame({"rank": range(1, n + 1), "unit": [f"单位{i:02d}" for i in range(1, n + 1)],
                        "total": [90.0 - i for i in range(n)], "rank_change": [None] * n,
                        "bottom": [False] * (n - 2) + [True, True], "interview": [False] * (n - 1) + [True]})  # fmt: skip
    rows, left_out = present_score._fit(tbl)
    assert len(rows) == present_score.ROWS - 1 and left_out == n - present_score.ROWS + 1
    assert rows["rank"].tolist() == [1, 2, 3, 4, 5, 13, 14, 15, 16, 17, 18, 19, 20]
    captured = {}
    monkeypatch.setattr(present_score, "_chart", lambda fig, key: captured.setdefault(key, fig))  # the figure built
    present_score._board(tbl, "zh", "t")
    rank, unit, _total, _change, flag = captured["t"].data[0].cells.values
    assert list(rank) == ["1", "2", "3", "4", "5", "…", "13", "14", "15", "16", "17", "18", "19", "20"]
    assert unit[5] == f"另有 {left_out} 个单位未列出"
    assert list(flag)[-2:] == ["末位", "建议约谈"]
    colours = captured["t"].data[0].cells.font.color
    assert colours[1][-1] == colours[4][-1] != colours[1][0]  # the interview row's unit and flag stand out
