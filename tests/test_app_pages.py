"""The app shell and the leaders' pages under ``streamlit.testing.v1.AppTest``, plus the pure
app helpers (i18n catalogue, formats, xlsx export, filter arithmetic).

Every page must render with data, with an empty warehouse and with filters that match
nothing — with no exception and no error box; filter state must come from the URL."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from etl import brief
from pages._shared import export, filters, i18n, theme
from tests.apptest import ROOT, app, assert_clean, qp, texts
from tests.test_brief import TWO_OCTOBERS
from tests.test_queries_leaders import HAZARDS
from tests.warehouse_factory import build, build_empty, build_random

LEADER_PAGES = ["pages/overview.py", "pages/trends.py", "pages/rectification.py", "pages/explorer.py"]

pytestmark = pytest.mark.usefixtures("app_warehouse")  # fresh caches and a private warehouse path


@pytest.fixture
def hand_warehouse(tmp_path) -> Path:
    return build(tmp_path / "warehouse.duckdb", HAZARDS)


@pytest.fixture
def random_warehouse(tmp_path) -> Path:
    return build_random(tmp_path / "warehouse.duckdb", 3000, seed=3)


# ---- pages ----------------------------------------------------------------------------------


def test_every_page_renders_with_data(random_warehouse):
    at = app().run()
    assert_clean(at)
    assert "逾期未整改" in texts(at)
    assert len(at.get("plotly_chart")) >= 3
    for page in LEADER_PAGES[1:]:
        at.switch_page(page).run()
        assert_clean(at)
        assert at.title[0].value
        assert at.get("plotly_chart") or at.dataframe


def test_every_page_says_so_when_the_warehouse_is_empty(tmp_path):
    build_empty(tmp_path / "warehouse.duckdb")
    at = app().run()
    for page in LEADER_PAGES:
        at.switch_page(page).run()
        assert_clean(at)
        assert "还没有隐患数据" in texts(at)
        assert not at.get("plotly_chart")


def test_a_missing_warehouse_is_created_empty(tmp_path):
    at = app().run()
    assert_clean(at)
    assert "还没有隐患数据" in texts(at)


def test_filters_matching_nothing(hand_warehouse):
    at = app().run()
    at.multiselect(key="town").set_value(["城关镇"])
    at.multiselect(key="sector").set_value(["construction"])
    at.run()
    for page in LEADER_PAGES:
        at.switch_page(page).run()
        assert_clean(at)
        assert "没有隐患记录" in texts(at), page
        assert not at.get("plotly_chart"), page


def test_overview_kpis_match_the_contract(hand_warehouse):
    at = app(asof="2025-06-30").run()
    at.select_slider(key="period").set_range("2025-01", "2025-06").run()
    assert_clean(at)
    html = texts(at)
    # 3 of 7 rectified; 1 of 3 majors; 3 overdue; on time 1 of 5
    assert "42.9%" in html and "33.3%" in html and "20.0%" in html
    # cumulative overdue (every hazard found up to June): H8 and H10, found earlier, were rectified
    assert re.search(r"逾期未整改（累计）</div><div class='kpi-value'>3<", html)
    assert "2025年6月发现隐患" in html


def test_a_new_load_shows_on_the_next_rerun(hand_warehouse):
    at = app(asof="2025-06-30").run()
    assert "2025年8月" not in texts(at)
    extra = [dict(hazard_key="N1", town="城关镇", sector="gas", found_date=dt.date(2025, 8, 2), level="major")]
    build(hand_warehouse, extra, upload_id_start=100)  # a CLI load while the app runs
    at.run()
    assert_clean(at)
    # the period moved on; August has one town's ledger of two, so the cards stay on June, saying why
    assert "2025年8月截至 2025年6月30日 尚未结束，数字还不完整（已报 1/2 个乡镇）" in texts(at)
    assert "2025年6月发现隐患" in texts(at)


def test_filter_state_round_trips_through_the_url(hand_warehouse):
    at = app(town="城关镇", sector="school", level="major", lang="en", asof="2025-06-30").run()
    assert_clean(at)
    assert at.multiselect(key="town").value == ["城关镇"]
    assert at.multiselect(key="sector").value == ["school"]
    assert at.session_state["level"] == "major"
    assert "Schools" in texts(at) and "Major" in texts(at)
    # the code-valued keys are written back as codes (language-independent links)
    assert qp(at, "sector") == ["school"]
    assert qp(at, "level") == ["major"]
    assert qp(at, "lang") == ["en"]
    # and they persist across pages
    at.switch_page("pages/rectification.py").run()
    assert_clean(at)
    assert at.multiselect(key="town").value == ["城关镇"]
    assert at.multiselect(key="sector").value == ["school"]
    assert at.session_state["lang"] == "en" and "Rectification" in at.title[0].value


def test_invalid_url_values_are_ignored(hand_warehouse):
    at = app(sector=["school", "no-such-sector"], level="catastrophic", lang="fr").run()
    assert_clean(at)
    assert at.multiselect(key="sector").value == ["school"]
    assert at.session_state["level"] == "all"
    assert "总览" in texts(at) or at.title[0].value == i18n.t("overview.title", lang="zh")


def test_widget_changes_reach_the_url(hand_warehouse):
    at = app().run()
    at.multiselect(key="sector").set_value(["fire", "school"]).run()
    assert qp(at, "sector") == ["fire", "school"]
    at.multiselect(key="sector").set_value([]).run()
    assert "sector" not in at.query_params


def test_english_everywhere(random_warehouse):
    at = app(lang="en").run()
    for page in LEADER_PAGES:
        at.switch_page(page).run()
        assert_clean(at)
        assert not re.search("[\u4e00-\u9fff]", at.title[0].value), page


def test_trends_and_rectification_controls(random_warehouse):
    at = app().run()
    at.switch_page("pages/trends.py")
    at.query_params["grain"] = "quarter"  # a deep link to the trends page
    at.run()
    assert_clean(at)
    assert at.session_state["grain"] == "quarter"
    at.switch_page("pages/rectification.py").run()
    for dim in ("town", "department", "sector"):
        at.session_state["rdim"] = dim
        for metric in ("overdue", "ontime_rate", "major_rect_rate", "rect_rate"):
            at.session_state["rmetric"] = metric
            at.run()
            assert_clean(at)
    assert "grain" not in at.query_params  # page-local keys leave the URL with their page


def test_explorer_search_and_state(hand_warehouse):
    at = app(asof="2025-06-30").run()
    at.switch_page("pages/explorer.py")
    at.query_params["state"] = "overdue"
    at.run()
    assert_clean(at)
    assert "共 3 条隐患" in texts(at)
    at.text_input(key="q").set_value("超市").run()
    assert "共 1 条隐患" in texts(at)


# ---- pure helpers ----------------------------------------------------------------------------


def test_catalogue_is_complete_and_used_keys_exist():
    for key, (zh, en) in i18n.CATALOGUE.items():
        assert zh.strip() and en.strip(), key
    used = set()
    for path in [ROOT / "dashboard.py", *ROOT.glob("pages/*.py"), *ROOT.glob("pages/_shared/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_][\w.+-]*)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if not i18n.has(k))
    assert not missing, missing


def test_labels_and_formats():
    assert i18n.sector_label("school", "zh") == "学校" and i18n.sector_label("school", "en") == "Schools"
    assert i18n.sector_label("unknown_code", "zh") == "unknown_code"
    assert i18n.department_label("", "zh") == "未注明部门"
    assert theme.fmt_pct(float("nan")) == "—" and theme.fmt_pct(None) == "—" and theme.fmt_pct(0.4286) == "42.9%"
    assert theme.fmt_month(dt.date(2025, 3, 1), "zh") == "2025年3月"
    assert theme.fmt_month(dt.date(2025, 3, 1), "en") == "Mar 2025"
    assert theme.fmt_date(dt.date(2025, 3, 5), "en") == "5 Mar 2025"
    assert theme.fmt_int(12345) == "12,345" and theme.fmt_days(25.5, "zh") == "25.5 天"
    assert len(set(theme.SECTOR_COLOURS.values())) == len(theme.SECTOR_COLOURS)


def test_filters_shift_like_with_like():
    f = filters.Filters(dt.date(2025, 1, 1), dt.date(2025, 6, 1), as_of=dt.date(2025, 7, 31))
    prev = f.shifted(-1)
    assert (prev.start_month, prev.end_month, prev.as_of) == (
        dt.date(2024, 12, 1),
        dt.date(2025, 5, 1),
        dt.date(2025, 6, 30),
    )
    yoy = f.shifted(-12)
    assert (yoy.start_month, yoy.as_of) == (dt.date(2024, 1, 1), dt.date(2024, 7, 31))
    assert filters.shift_as_of(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)
    assert f.params()["towns"] is None


def test_a_shifted_view_is_measured_at_the_same_age_of_the_data():
    """The pack's rule (etl.months.compared_as_of): as of 20 Nov with October's ledger the latest,
    last year's October is judged as of 31 Oct 2024 — not 20 Nov 2024, which would count the
    November 2024 ledger's rectifications; the cumulative stock keeps its distance (20 Nov 2024)."""
    f = filters.Filters(dt.date(2025, 10, 1), dt.date(2025, 10, 1), as_of=dt.date(2025, 11, 20),
                        horizon=dt.date(2025, 10, 31))  # fmt: skip
    yoy = f.shifted(-12)
    assert yoy.month_params()["as_of"] == yoy.card_params()["as_of"] == dt.date(2024, 10, 31)
    assert yoy.stock_params()["as_of"] == dt.date(2024, 11, 20)
    assert f.stock_params()["as_of"] == f.month_params()["as_of"] == dt.date(2025, 11, 20)  # this month: as chosen
    # a month's last day stays a month's last day, as in the pack (30 Apr → 31 Mar, not 30 Mar)
    end = filters.Filters(dt.date(2025, 4, 1), dt.date(2025, 4, 1), as_of=dt.date(2025, 4, 30))
    assert end.shifted(-1).as_of == dt.date(2025, 3, 31) == brief.shift_as_of(dt.date(2025, 4, 30), -1)
    assert filters.shift_as_of(dt.date(2025, 2, 28), 1) == dt.date(2025, 3, 31)


def test_overview_compares_last_years_month_at_the_same_age_of_the_data(tmp_path):
    """The pack's scenario (tests/test_brief.py): last October's hazard was fixed in November 2024;
    as of 20 Nov 2025 only October 2025's ledger is in, so both Octobers are open: 整改率 is
    unchanged year on year, not 100 points down."""
    build(tmp_path / "warehouse.duckdb", TWO_OCTOBERS)
    at = app(asof="2025-11-20")
    at.run()
    at.select_slider(key="period").set_range("2025-10", "2025-10").run()
    assert_clean(at)
    html = texts(at)
    rate = re.search(r"整改率</div>.*?</div></div>", html, re.S)
    assert rate, html
    assert "较去年同期 ▬ 持平" in rate.group(0) and "下降" not in rate.group(0), rate.group(0)


def test_xlsx_export_is_styled_frozen_and_neutralised():
    df = pd.DataFrame(
        {
            "隐患描述": ['=HYPERLINK("http://x","点我")', "+1", "-2", "@SUM(A1)", "正常文本"],
            "发现日期": pd.to_datetime(["2025-03-05"] * 5),
            "数量": [1, 2, 3, 4, 5],
        }
    )
    data = export.to_xlsx(df, sheet="数据", title="标题", note="说明")
    ws = load_workbook(io.BytesIO(data))["数据"]
    header = 4  # title, note, blank line, header
    assert ws.cell(header, 1).value == "隐患描述" and ws.cell(header, 1).font.bold
    assert ws.freeze_panes == f"A{header + 1}"
    cells = [ws.cell(header + 1 + i, 1) for i in range(5)]
    assert [c.value for c in cells[:4]] == ['\'=HYPERLINK("http://x","点我")', "'+1", "'-2", "'@SUM(A1)"]
    assert all(c.data_type == "s" for c in cells)
    assert cells[4].value == "正常文本"
    assert ws.cell(header + 1, 2).value == dt.datetime(2025, 3, 5)
    assert ws.cell(header + 1, 3).value == 1
