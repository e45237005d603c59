"""Partial months and the one scope (issue 16, items 1 and 2) under AppTest and on the helpers.

The warehouse: three towns report August and September 2025; in October only 城关镇 has sent its
ledger. As of 2025-11-10 October has ended but is partial (1/3 < 80 %), so the headline month
is September, October is marked wherever it is shown and never compared without saying so."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from etl.read import completeness
from pages._shared import charts, theme, widgets
from tests.apptest import APP, assert_clean, texts
from tests.warehouse_factory import build

D = dt.date
TOWNS = ("城关镇", "河西街道", "南山乡")


def _hazards() -> list[dict]:
    rows = []
    n = 0
    for month, towns, per_town in ((D(2025, 8, 1), TOWNS, 20), (D(2025, 9, 1), TOWNS, 20), (D(2025, 10, 1), TOWNS[:1], 2)):
        for town in towns:
            for i in range(per_town):
                n += 1
                rows.append(dict(hazard_key=f"K{n}", town=town, sector="fire", found_date=month + dt.timedelta(days=i % 25),
                                 deadline=month + dt.timedelta(days=40), level="major" if i == 0 else "general"))  # fmt: skip
    return rows


pytestmark = pytest.mark.usefixtures("app_warehouse")  # fresh caches and a private warehouse path


@pytest.fixture(autouse=True)
def _default_threshold(monkeypatch):
    monkeypatch.delenv(completeness.CONFIG_ENV, raising=False)


@pytest.fixture
def partial_warehouse(tmp_path):
    return build(tmp_path / "warehouse.duckdb", _hazards())


def test_the_headline_month_is_the_last_complete_one_and_the_partial_month_is_announced(partial_warehouse):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-11-10"
    at.run()
    assert_clean(at)
    assert at.selectbox(key="month").value == "2025-09"
    text = texts(at)
    assert "2025年10月目前只有 1/3 个乡镇（街道）报送了隐患台账" in text
    # September's 60 hazards on the card, with its completeness; no "collapse" to October's 2
    assert "2025年9月发现隐患</div><div class='kpi-value'>60<" in text
    assert "已报 3/3 乡镇" in text
    assert "97%" not in text  # the 60 → 2 'fall' is never shown
    assert "未报齐的月份：2025年10月" in text


def test_choosing_the_partial_month_says_so_and_does_not_compare(partial_warehouse):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-11-10"
    at.query_params["month"] = "2025-10"
    at.run()
    assert_clean(at)
    assert at.selectbox(key="month").value == "2025-10"
    assert any("只有 1/3 个乡镇" in w.value for w in at.warning)
    text = texts(at)
    assert "较上月：不可比（2025年10月未报齐）" in text
    assert "▼" not in text.split("kpi-value'>2<", 1)[1].split("kpi-card", 1)[0]


def test_the_office_sets_the_threshold(partial_warehouse, tmp_path, monkeypatch):
    cfg = tmp_path / "reporting.toml"
    cfg.write_text("complete_share = 0.3\n", encoding="utf-8")
    monkeypatch.setenv(completeness.CONFIG_ENV, str(cfg))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-11-10"
    at.run()
    assert_clean(at)
    assert at.selectbox(key="month").value == "2025-10"  # 1 of 3 towns ≥ 30 %


def test_a_month_not_over_is_partial_whatever_reported(partial_warehouse):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-09-20"
    at.run()
    assert_clean(at)
    assert at.selectbox(key="month").value == "2025-08"


def test_completeness_rules_and_config(tmp_path):
    reps = completeness.months(pd.DataFrame({"month": [D(2025, 8, 1), D(2025, 9, 1), D(2025, 10, 1)],
                                             "expected": [14, 14, 14], "reported": [14, 12, 1],
                                             "ended": [True, True, True]}), 0.8)  # fmt: skip
    assert [r.complete for r in reps.values()] == [True, True, False]  # 12/14 = 86 % ≥ 80 %
    assert completeness.headline_month(reps, D(2025, 10, 1)) == D(2025, 9, 1)
    bad = tmp_path / "r.toml"
    bad.write_text("complete_share = 80\n", encoding="utf-8")
    with pytest.raises(completeness.ConfigError, match="0 到 1"):
        completeness.complete_share(bad)
    assert completeness.complete_share(tmp_path / "absent.toml") == completeness.DEFAULT_SHARE


def test_a_change_that_rounds_to_nothing_is_unchanged():
    html = widgets.delta_html(0.92004, 0.92, kind="rate", better="up", label="较上月", lang="zh")
    assert "持平" in html and "0.0" not in html and "变差" not in html
    assert "下降 1.0 个百分点" in widgets.delta_html(0.91, 0.92, kind="rate", better="up", label="较上月", lang="zh")


def test_trend_draws_partial_months_lighter_and_marked():
    df = pd.DataFrame({"month": pd.to_datetime(["2025-08-01", "2025-09-01", "2025-10-01"]), "found": [60, 60, 2],
                       "major": [3, 3, 1], "rectified": [50, 40, 0], "overdue": [0, 0, 0],
                       "rect_rate": [50 / 60, 40 / 60, 0.0], "reports": [3, 3, 1]})  # fmt: skip
    fig = charts.trend_combo(df, p=theme.palette("light"), lang="zh", title="t", subtitle="s", partial={D(2025, 10, 1)})
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert all(list(b.marker.opacity) == [1.0, 1.0, charts.PARTIAL_OPACITY] for b in bars)
    assert [a.text for a in fig.layout.annotations] == ["未报齐"]
    solid = next(tr for tr in fig.data if tr.type == "scatter" and tr.line.dash is None)
    assert pd.isna(solid.y[2])  # the full-months line does not drop to October's 0 %


def test_titles_and_file_names_follow_the_selected_towns(partial_warehouse, monkeypatch):
    files = []
    monkeypatch.setattr(st, "download_button", lambda label, data=None, file_name=None, **kw: files.append(file_name))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-11-10"
    at.query_params["town"] = "河西街道"
    at.run()
    assert_clean(at)
    assert at.title[0].value == "河西街道安全生产隐患总览"
    at.switch_page("pages/rectification.py").run()
    assert files and all(name.startswith("河西街道_") for name in files)
    at.multiselect(key="town").set_value([]).run()
    at.switch_page("pages/overview.py").run()
    assert at.title[0].value == "全县安全生产隐患总览"


def test_the_pack_and_slide_show_default_to_the_last_complete_month(partial_warehouse):
    from etl import brief
    from etl.read import queries
    from etl.store import db

    con = db.open_reader(partial_warehouse)
    try:
        q = lambda name, **p: queries.run(con.cursor(), name, **p)  # noqa: E731
        assert brief.default_month(q, today=D(2025, 11, 10)) == D(2025, 9, 1)  # October: 1 of 3 towns
    finally:
        con.close()


def test_the_dark_switch_redraws_the_current_page_at_once(partial_warehouse):
    import json

    from pages._shared import theme as th

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-11-10"
    at.run()
    assert at.segmented_control(key="theme").value == "light"

    def chart_bg() -> set[str]:
        return {json.loads(c.proto.spec)["layout"]["template"]["layout"]["paper_bgcolor"] for c in at.get("plotly_chart")}

    def css() -> str:
        return "\n".join(m.value for m in at.markdown if "<style>" in m.value)

    assert chart_bg() == {th.palette("light").background}
    at.segmented_control(key="theme").set_value("dark").run()  # one click, the same page
    assert_clean(at)
    assert chart_bg() == {th.palette("dark").background}  # every chart of this run
    assert f".kpi-card {{background:{th.palette('dark').surface}" in css()  # the cards
    assert "[data-testid='stSidebar']" in css()  # and Streamlit's own parts
    assert at.query_params["theme"] == "dark"  # a copied link keeps it
    at.segmented_control(key="theme").set_value("light").run()
    assert chart_bg() == {th.palette("light").background} and "[data-testid='stSidebar']" not in css()


def test_the_pack_states_the_months_completeness(partial_warehouse):
    from etl import brief
    from etl.brief import text as brief_text
    from etl.read import queries
    from etl.store import db

    con = db.open_reader(partial_warehouse)
    try:
        q = lambda name, **p: queries.run(con.cursor(), name, **p)  # noqa: E731
        octo = brief.collect(q, D(2025, 10, 1), D(2025, 11, 10))
        sept = brief.collect(q, D(2025, 9, 1), D(2025, 11, 10))
    finally:
        con.close()
    assert "本月台账已报 1/3 个乡镇（街道），未报齐" in brief_text.subtitle(octo)
    assert "说明：2025年10月只有 1/3 个乡镇" in brief_text.sections(octo)[0][1]
    assert "本月台账已报 3/3 个乡镇（街道）" in brief_text.subtitle(sept) and "未报齐" not in brief_text.subtitle(sept)
    assert "说明：" not in brief_text.sections(sept)[0][1]


def test_the_slide_show_header_says_how_many_towns_reported(partial_warehouse):
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in {"mode": "present", "month": "2025-10", "asof": "2025-11-10", "interval": "600"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    shown = [m.value.replace("\\", "") for m in at.markdown]  # Markdown-escaped text
    assert any("本月仅报 1/3 乡镇，未报齐" in v for v in shown)
    assert any("较上月：不可比（本月未报齐）" in v for v in shown) and not any("下降 58" in v for v in shown)


def test_the_pack_does_not_compare_a_partial_month(partial_warehouse):
    from etl import brief
    from etl.brief import text as brief_text
    from etl.read import queries
    from etl.store import db

    con = db.open_reader(partial_warehouse)
    try:
        octo = brief.collect(lambda name, **p: queries.run(con.cursor(), name, **p), D(2025, 10, 1), D(2025, 11, 10))
    finally:
        con.close()
    notes = [r.note for r in brief_text.kpi_rows(octo)]
    assert all("不作比较" in n for n in notes)
    words = brief_text.sections(octo)[0][1]
    assert "较上月" not in words and "同比" not in words


def test_every_trend_on_the_trends_page_draws_the_partial_month_lighter(partial_warehouse):
    import json

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-11-10"
    at.run()
    at.switch_page("pages/trends.py").run()
    assert_clean(at)
    checked = 0
    for chart in at.get("plotly_chart")[:3]:  # stacked, small multiples, general vs major
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace.get("type") != "bar":
                continue
            opacity = (trace.get("marker") or {}).get("opacity")
            assert isinstance(opacity, list) and opacity[-1] < min(opacity[:-1]), trace.get("name")  # October
            checked += 1
    assert checked >= 3


def test_a_running_month_is_called_running_not_unreported(partial_warehouse):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-10-20"  # October is not over; 城关镇 has reported it
    at.query_params["town"] = "城关镇"
    at.run()
    assert_clean(at)
    text = texts(at)
    assert "2025年10月截至 2025年10月20日 尚未结束，数字还不完整（已报 1/1 个乡镇）" in text
    assert "只有 1/1" not in text
