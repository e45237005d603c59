"""HTML in plotly labels (issue 14, finding 2): plotly renders ``<a href>``, ``<span style>``,
``<b>``, ``<br>`` in axis labels, hover text, legends, annotations and table cells, so a
department ``<a href=…>`` became a link and ``<span style="font-size:80px">`` giant text. Every
chart builder escapes the category labels it is given; the value to filter by stays raw in
``customdata`` (never drawn), so a click still filters by the real name.

Checked two ways: each builder on a small frame of hostile labels, and every chart the pages
draw (AppTest) over a warehouse loaded from the hostile ledger."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from etl.store.writes import ingest
from pages._shared import charts, charts_gaps, charts_present, theme
from tests import apptest
from tests.fixtures import hostile as H
from tests.test_safe_display import assert_inert

P = theme.palette("light")
A, S, L = H.ANCHOR, H.BIG, H.LINK  # raw HTML tags, and a Markdown link (harmless to plotly)
RAW_TAGS = ("<a ", "<a\t", "<span", "<img", "<b>", "<i>")


def drawn_strings(spec: object, key: str = "") -> list[str]:
    """Every string plotly may draw: all strings of the figure except customdata (never shown
    by these charts' templates) and our own templates."""
    if key in ("customdata", "hovertemplate", "texttemplate", "meta", "uid"):
        return []
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        return [s for k, v in spec.items() for s in drawn_strings(v, k)]
    if isinstance(spec, list | tuple):
        return [s for v in spec for s in drawn_strings(v, key)]
    return []


def assert_escaped(fig_json: dict, payloads: tuple[str, ...]) -> None:
    strings = drawn_strings(fig_json)
    leaks = [s for s in strings if any(tag in s for tag in RAW_TAGS)]
    assert not leaks, leaks[:5]
    # plotly decodes numeric references and only a few names (amp, lt, gt, nbsp, ...): '&quot;'
    # would be drawn as it is
    odd = [s for s in strings if re.search(r"&(?!(?:amp|lt|gt|nbsp|#\d+|#x[0-9a-fA-F]+);)[A-Za-z]+;", s)]
    assert not odd, odd[:5]
    joined = "\n".join(strings)
    for p in payloads:  # still shown, as text: plotly turns &lt; back into '<' on screen
        assert p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in joined, p


def spec(fig) -> dict:
    return json.loads(fig.to_json())


def customdata(fig_json: dict) -> list:
    return [c for tr in fig_json["data"] for c in (tr.get("customdata") or [])]


# ---- each builder ---------------------------------------------------------------------------------


def test_ranking_bars_escapes_labels_and_keeps_the_raw_key_for_drill():
    df = pd.DataFrame({"key": [A, S], "total": [3, 2]})
    fig = spec(charts.ranking_bars(df, key="key", value="total", labels=[A, S], p=P, lang="zh", title="t",
                                   subtitle="s", axis_title="x"))  # fmt: skip
    assert_escaped(fig, (A, S))
    assert customdata(fig) == [A, S]


def test_heat_grid_escapes_towns():
    df = pd.DataFrame({"town": [A, S], "sector": ["school", "fire"], "found": [1, 2]})
    fig = spec(charts.heat_grid(df, value="found", p=P, lang="zh", title="t", subtitle="s", towns=[A, S]))
    assert_escaped(fig, (A, S))
    assert [A, "school"] in customdata(fig)


def test_sector_charts_escape_unknown_sector_codes():
    df = pd.DataFrame({"period": [dt.date(2025, 3, 1)] * 2, "sector": [A, "fire"], "level": ["general", "major"],
                       "found": [1, 2]})  # fmt: skip
    assert_escaped(spec(charts.sector_stacked(df, p=P, lang="zh", grain="month", title="t", subtitle="s")), (A,))
    assert_escaped(spec(charts.sector_small_multiples(df, p=P, lang="zh", grain="month", title="t", subtitle="s")),
                   (A,))  # fmt: skip


def test_gap_charts_escape_towns_departments_reporters_and_keys():
    cov = pd.DataFrame({"town": [A, S], "sector": ["school", "school"], "units": [2, 3], "inspected": [0, 1],
                        "coverage": [0.0, 1 / 3]})  # fmt: skip
    assert_escaped(spec(charts_gaps.coverage_heat(cov, p=P, lang="zh", title="t", subtitle="s")), (A, S))

    rep = pd.DataFrame({"reporter": [A, S], "month": [dt.date(2025, 3, 1)] * 2, "reported": [True, False],
                        "reporter_type": ["town", "town"], "inspection_log": [True, False], "missed": [0, 1]})  # fmt: skip
    fig = spec(charts_gaps.reporting_grid(rep, p=P, lang="zh", title="t", subtitle="s"))
    assert_escaped(fig, (A, S))
    assert [A] in customdata(fig)

    follow = pd.DataFrame({"department": [A, S], "rect_rate": [0.5, 0.9], "total": [4, 10], "overdue": [1, 0],
                           "days_median": [3.0, None]})  # fmt: skip
    fig = spec(charts_gaps.followthrough_bars(follow, pd.Series({"rect_rate": 0.8}), p=P, lang="zh", title="t",
                                              subtitle="s"))  # fmt: skip
    assert_escaped(fig, (A, S))
    assert customdata(fig) == [A, S]

    by = pd.DataFrame({"key": [A, S], "zero_share": [0.5, 0.1], "zero_found": [5, 1], "inspections": [10, 10]})
    fig = spec(charts_gaps.zero_share_bars(by, labels=[A, f"{S}（{L}）"], county_share=0.3, p=P, lang="zh",
                                           title="t", subtitle="s"))  # fmt: skip
    assert_escaped(fig, (A, S))

    owner = pd.DataFrame({"sector": [A], "hazards_no_owner": [2], "units_no_owner": [1], "hazards": [4]})
    assert_escaped(spec(charts_gaps.no_owner_bars(owner, p=P, lang="zh", title="t", subtitle="s")), (A,))
    repeat = pd.DataFrame({"sector": [S], "repeats": [2], "repeat_share": [0.5]})
    assert_escaped(spec(charts_gaps.repeat_bars(repeat, p=P, lang="zh", title="t", subtitle="s")), (S,))


def test_projector_charts_escape_towns_table_cells_and_series_names():
    towns = pd.DataFrame({"key": [A, S], "rect_rate": [0.9, 0.4]})
    assert_escaped(spec(charts_present.town_rates(towns, p=P, avg=0.6, avg_label="平均", bar_labels=["90%", "40%"],
                                                  below_label="低于平均")), (A, S))  # fmt: skip
    board = pd.DataFrame({"单位": [A, S], "描述": [H.BEACON, L]})
    assert_escaped(spec(charts_present.table(board, p=P)), (A, S))
    cov = pd.DataFrame({"town": [A, S], "sector": ["school", "school"], "coverage": [0.5, 1.0]})
    assert_escaped(spec(charts_present.coverage_heatmap(cov, p=P, towns=[A, S], sectors=["school"],
                                                        sector_names=["学校"], colorbar_title="覆盖率")), (A, S))  # fmt: skip
    wide = pd.DataFrame({"school": [1, 2], "_rest": [0, 1]}, index=["3月", "4月"])
    assert_escaped(spec(charts_present.trend_by_sector(wide, names=[A, "其他"], month_labels=["3月", "4月"], p=P,
                                                       axis_title="项")), (A,))  # fmt: skip


# ---- every chart on the pages, over the hostile ledger ------------------------------------------------


@pytest.fixture
def hostile_warehouse(app_warehouse):
    rep = ingest(H.hostile_xlsx(), H.FILE_NAME, db=app_warehouse)
    assert rep.status == "loaded", rep.message
    return app_warehouse


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/trends.py", "pages/rectification.py", "pages/gaps.py"])
def test_every_chart_on_the_page_draws_hostile_names_as_text(hostile_warehouse, page):
    at = apptest.app().run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert figs, "no chart drawn"
    for fig in figs:
        assert_escaped(fig, ())
    drawn = "\n".join(s for fig in figs for s in drawn_strings(fig))
    if page in ("pages/overview.py", "pages/trends.py", "pages/gaps.py"):  # town or department axes
        assert "&lt;span style=&#34;font-size:80px&#34;&gt;" in drawn or "&lt;spanstyle=" in drawn


@pytest.mark.parametrize("slide", range(1, 7))
def test_present_mode_slides_show_hostile_cells_as_text(hostile_warehouse, slide):
    at = apptest.app(mode="present", slide=str(slide), month="2025-03", asof="2025-04-30").run()
    assert not at.exception, [e.value for e in at.exception]
    for fig in (json.loads(c.proto.spec) for c in at.get("plotly_chart")):
        assert_escaped(fig, ())
    for m in at.markdown:
        if not m.value.lstrip().startswith("<style>"):
            assert_inert(f"slide {slide}", m.value)
