"""AppTest: ?mode=present (会议投屏) and the 会议材料 page (issue 6)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl import brief
from tests import apptest
from tests import warehouse_factory as wf
from tests.test_brief import build_meeting_warehouse

# the scorecard ranks the towns and departments (even in a month with no hazards, on their reporting):
# 考核通报 comes last (its own tests: tests/test_present_score.py)
SHOW = (*brief.SLIDES, "score")
N = len(SHOW)
TITLES = ["本月隐患排查治理主要指标", "近12个月各行业隐患趋势", "各乡镇（街道）隐患整改率", "重大隐患逾期未整改 · 挂牌督办",
          "监管盲区", "本月新增重大隐患与台账报送", "考核通报 · 乡镇和部门排名"]  # fmt: skip


@pytest.fixture(scope="module")
def wh(tmp_path_factory) -> Path:
    return build_meeting_warehouse(tmp_path_factory.mktemp("present") / "warehouse.duckdb", n=3000)


pytestmark = pytest.mark.usefixtures("st_caches")  # fresh Streamlit caches for every test


def present(monkeypatch, path: Path, **params: str) -> AppTest:
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(path))
    return apptest.app(timeout=90, mode="present", **params).run()


def texts(at: AppTest) -> str:
    """What the audience reads: the slides' Markdown with its escapes resolved."""
    return apptest.texts(at, ("markdown",), shown=True)


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def test_present_hides_sidebar_and_navigation(monkeypatch, wh):
    at = present(monkeypatch, wh, month="2025-06")
    assert not at.exception, at.exception
    assert len(at.sidebar.children) == 0  # no filters, language switch or login block
    assert not at.get("multiselect") and not at.get("radio")
    css = at.markdown[0].value
    assert 'data-testid="stSidebar"' in css and 'data-testid="stToolbar"' in css and "display:none" in css


@pytest.mark.parametrize("slide", range(1, N + 1))
def test_every_slide_renders_with_data(monkeypatch, wh, slide):
    at = present(monkeypatch, wh, month="2025-06", slide=str(slide))
    assert not at.exception and not at.error, (at.exception, at.error)
    body = texts(at)
    assert TITLES[slide - 1] in body
    assert f"第 {slide} / {N} 页" in body
    assert "数据截至 2025年6月30日" in body
    if SHOW[slide - 1] in ("trend", "towns", "overdue"):
        assert charts(at), "the slide's chart/table is missing"
    if SHOW[slide - 1] in ("gaps", "score"):
        assert len(charts(at)) == 2  # heat map + never-inspected list; the towns' and departments' rankings
    if SHOW[slide - 1] == "kpi":
        assert "本月发现隐患" in body and "较上月" in body


@pytest.mark.parametrize("slide", range(1, N + 1))
def test_every_slide_renders_for_an_empty_month(monkeypatch, wh, slide):
    at = present(monkeypatch, wh, month="2020-01", slide=str(slide))
    assert not at.exception and not at.error, (at.exception, at.error)
    body = texts(at)
    assert TITLES[slide - 1] in body and f"第 {slide} / {N} 页" in body
    assert "数据截至 2020年1月31日" in body


def test_empty_warehouse(monkeypatch, tmp_path):
    path = wf.build_empty(tmp_path / "empty.duckdb")
    at = present(monkeypatch, path)
    assert not at.exception
    assert "仓库中还没有隐患数据" in texts(at)


def test_key_counters_step_and_pause(monkeypatch, wh):
    """The keyboard script clicks '+' on hidden counters; each increment is one key press."""
    at = present(monkeypatch, wh, month="2025-06", interval="600")
    assert f"第 1 / {N} 页" in texts(at)
    at.number_input(key="present_next").increment().run()
    assert f"第 2 / {N} 页" in texts(at)
    at.number_input(key="present_prev").increment().run()
    at.number_input(key="present_prev").increment().run()
    assert f"第 {N} / {N} 页" in texts(at)  # wraps around
    at.number_input(key="present_next").set_value(3).run()  # two presses merged into one rerun
    assert f"第 2 / {N} 页" in texts(at)
    assert "自动播放 · 每 600 秒" in texts(at)
    at.number_input(key="present_pause").increment().run()
    assert "已暂停" in texts(at)
    at.number_input(key="present_pause").increment().run()
    assert "已暂停" not in texts(at)


def test_english_and_bad_params(monkeypatch, wh):
    at = present(monkeypatch, wh, month="garbage", interval="x", slide="99", lang="en")
    assert not at.exception
    body = texts(at)
    assert f"Slide {(99 - 1) % N + 1} / {N}" in body  # 99 wraps around the show's slides
    assert "every 20 s" in body  # bad interval → default


def test_town_filter_from_the_url(monkeypatch, wh):
    at = present(monkeypatch, wh, month="2025-06", slide="3", town="城关镇")
    assert not at.exception
    body = texts(at)
    assert "城关镇" in body


def test_parse_options_accepts_labels():
    from pages._shared.slideshow import parse_options

    o = parse_options({"sector": ["学校", "fire", "Road traffic"], "level": ["重大隐患"], "interval": ["0.1"],
                       "period": ["2025-01", "2025-06"], "asof": ["2025-06-15"]})  # fmt: skip
    assert o.sectors == ("school", "fire", "traffic")
    # an interval below the 1 s minimum is not clamped: the default, with a sentence (tests/test_url_params.py)
    assert o.level == "major" and o.interval == 20.0 and len(o.notices) == 1
    assert o.month == dt.date(2025, 6, 1) and o.as_of == dt.date(2025, 6, 15)


def test_briefing_page(monkeypatch, wh):
    monkeypatch.setenv("SAFETY_WAREHOUSE", str(wh))
    at = apptest.open_page("pages/briefing.py", timeout=90)
    assert not at.exception, at.exception
    areas = at.text_area
    assert len(areas) == 3
    assert "全县共排查隐患" in areas[0].value
    assert areas[1].label == "二、存在的问题"
    # the analyst's edit survives a rerun (and is what the .docx export uses)
    areas[2].set_value("1. 下月重点检查燃气。").run()
    assert at.text_area[2].value == "1. 下月重点检查燃气。"
    assert not at.exception



def _table_rows(chart) -> int:
    fig = json.loads(chart.proto.spec)
    return len(fig["data"][0]["cells"]["values"][0])


@pytest.mark.parametrize("rows", [3, 12])
def test_the_overdue_board_shows_what_fits_the_screen_and_counts_the_rest(monkeypatch, wh, rows):
    """A projector shows about 14 rows: the board lists the most overdue ``BOARD_ROWS`` (12; 3 here
    to overflow the fixture's 8) and says how many more there are, instead of running off the
    bottom of the screen; a board that fits says nothing more."""
    from pages._shared import present_slides

    monkeypatch.setattr(present_slides, "BOARD_ROWS", rows)
    at = present(monkeypatch, wh, month="2025-06", slide=str(brief.SLIDES.index("overdue") + 1))
    assert not at.exception, at.exception
    body = texts(at)
    total = int(re.search(r"共 (\d+) 项重大隐患逾期未整改", body).group(1))
    assert _table_rows(charts(at)[0]) == min(rows, total)
    if total > rows:
        assert f"另有 {total - rows} 项未列出（会议材料中全部列出）" in body
    else:
        assert "未列出" not in body
    assert rows == 3 and total > rows or rows == 12  # the fixture overflows the short board


def test_the_new_majors_list_says_how_many_it_leaves_out(monkeypatch, wh):
    """The slide's list shows the latest ``NEW_MAJOR_ROWS``; the note counts the rest, and shown
    plus the rest is the card's total."""
    from pages._shared.present_slides import NEW_MAJOR_ROWS

    at = present(monkeypatch, wh, month="2025-06", slide=str(brief.SLIDES.index("changes") + 1))
    assert not at.exception, at.exception
    body = texts(at)
    shown = _table_rows(charts(at)[0])
    assert shown <= NEW_MAJOR_ROWS
    m = re.search(r"以上为最新 (\d+) 项；另有 (\d+) 项未列出", body)
    assert m is not None and int(m.group(1)) == shown, body
    total = shown + int(m.group(2))
    assert any(x.value.replace(",", "") == str(total) for x in at.markdown), "the card and the note disagree"
