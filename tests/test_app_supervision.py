"""The 督办与销号 page under AppTest: with data (the hand-built warehouse of
test_queries_supervision, every figure known), with an empty warehouse, filtered to nothing,
by 督办 level, and in English."""

from __future__ import annotations

import io

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from tests import apptest
from tests.apptest import assert_clean, qp, texts
from tests.test_queries_supervision import FIVE_TOWNS, HAZARDS
from tests.warehouse_factory import build, build_empty

PAGE = "pages/supervision.py"
# the hand-built warehouse's period and as-of date (see test_queries_supervision)
URL = {"period": ["2025-01", "2025-06"], "asof": "2025-06-30"}


pytestmark = pytest.mark.usefixtures("app_warehouse")  # fresh caches and a private warehouse path


def app(**query) -> AppTest:
    return apptest.app(**{**URL, **query})


def frame(at: AppTest, first_col: str):
    for df in at.dataframe:
        if first_col in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {first_col}")


def open_page(**query) -> AppTest:
    """The shell's URL (filters) on the first run, then a deep link to the page with its own keys."""
    page_keys = {k: query.pop(k) for k in ("suplevel", "vdays", "vdim", "reason") if k in query}
    at = app(**query).run()
    at.switch_page(PAGE)
    for k, v in page_keys.items():
        at.query_params[k] = v
    at.run()
    assert_clean(at)
    return at


def test_page_with_data_shows_the_board_rates_and_paper_closures(tmp_path):
    build(tmp_path / "warehouse.duckdb", HAZARDS)
    at = open_page()
    assert at.title[0].value == "挂牌督办与验收销号"
    kpis = texts(at)
    assert "50.0%" in kpis  # 验收销号率 5 / 10
    assert "33.3%" in kpis  # majors 1 / 3
    board = frame(at, "五落实")
    assert board["乡镇（街道）"].tolist() == ["城关镇", "城关镇", "河西街道"]
    assert board["期限"].tolist() == ["逾期 60 天", "剩 10 天", "已整改"]
    assert board["五落实"].tolist() == ["✓✓✓✓✓", "✓✗✗✓✗", "✓✓✓✓✓"]
    assert board["缺项"].tolist()[1] == "缺措施、资金、预案"
    assert board["逐月状态"].tolist()[0] == "25年3月 未整改 → 25年4月 未整改 → 25年5月 未整改"
    assert board["验收"].tolist() == ["未整改", "未整改", "已验收"]
    assert board["明细"].tolist()[0] == "explorer?q=S1"
    paper = frame(at, "理由")
    assert len(paper) == 6
    assert "整改后 81 天未验收" in paper["依据"].tolist()
    assert len(at.get("plotly_chart")) >= 3


def test_board_filter_by_supervision_level_and_n_days(tmp_path):
    build(tmp_path / "warehouse.duckdb", HAZARDS)
    at = open_page(suplevel="county")
    assert frame(at, "五落实")["明细"].tolist() == ["explorer?q=S1"]
    at = open_page(vdays="90")
    assert "整改后 81 天未验收" not in frame(at, "理由")["依据"].tolist()


def test_page_empty_and_filtered_to_nothing(tmp_path):
    build_empty(tmp_path / "warehouse.duckdb")
    at = open_page()
    assert "还没有隐患数据" in texts(at) and not at.get("plotly_chart")


def test_filtered_to_nothing(tmp_path):
    build(tmp_path / "warehouse.duckdb", HAZARDS)
    at = open_page(town="城关镇", sector="construction")
    assert "没有隐患记录" in texts(at)
    assert not at.get("plotly_chart") and not at.dataframe


def test_english(tmp_path):
    build(tmp_path / "warehouse.duckdb", HAZARDS)
    at = open_page(lang="en")
    assert at.title[0].value == "Listed supervision and verified closure"
    assert frame(at, "Five in place")["Deadline status"].tolist()[0] == "60 days overdue"


def test_a_row_link_opens_that_hazard_in_the_explorer(tmp_path):
    build(tmp_path / "warehouse.duckdb", HAZARDS)
    link = frame(open_page(), "五落实")["明细"].tolist()[0]
    assert link == "explorer?q=S1"
    st.cache_data.clear()
    at = app().run()
    at.switch_page("pages/explorer.py")
    at.query_params["q"] = "S1"
    at.run()
    assert_clean(at)
    assert "共 1 条隐患" in texts(at)
    rows = next(df.value for df in at.dataframe if "隐患描述" in df.value.columns)
    assert rows["隐患描述"].tolist() == ["储罐区报警器失效"]  # S1, and only S1


def test_the_reason_choice_survives_a_language_switch(tmp_path):
    """The reason selector is bound by code: chosen in Chinese, it still filters the same rows
    after the switch to English (the browser sends the old language's label; before the fix
    the choice fell back to 全部理由, and AppTest could not even replay the widget)."""
    build(tmp_path / "warehouse.duckdb", HAZARDS)
    at = open_page()
    at.selectbox(key="reason").set_value("unverified_major").run()
    assert_clean(at)
    chosen = frame(at, "理由")
    assert set(chosen["理由"]) == {"重大隐患整改后超 30 天未验收"} and len(chosen) < 6  # 6 rows for all reasons
    at.segmented_control(key="lang").set_value("en").run()
    assert_clean(at)
    box = at.selectbox(key="reason")
    assert box.value == "unverified_major"
    # the browser still holds the Chinese label: the page must send it the English one, or the
    # box shows blank and the next click anywhere resets it to 全部理由
    assert box.proto.set_value and box.proto.raw_value == "Major, not checked 30+ days after rectification"
    assert qp(at, "reason") == ["unverified_major"]  # the link keeps it
    after = frame(at, "Reason")
    assert set(after["Reason"]) == {"Major, not checked 30+ days after rectification"}
    assert len(after) == len(chosen)
    at.segmented_control(key="lang").set_value("zh").run()  # and back
    assert_clean(at)
    assert at.selectbox(key="reason").value == "unverified_major" and len(frame(at, "理由")) == len(chosen)


def test_five_items_a_town_does_not_record_show_as_not_recorded(tmp_path):
    # FIVE_TOWNS: 城关镇's F1 lacks funds (its town records funds); 南山乡's N1 has nothing and
    # 南山乡's ledger records none of the five
    build(tmp_path / "warehouse.duckdb", FIVE_TOWNS)
    at = open_page()
    board = frame(at, "五落实").set_index("明细")
    assert board.loc["explorer?q=F1", "五落实"] == "✓✓✗✓✓"
    assert board.loc["explorer?q=F1", "缺项"] == "缺资金"
    assert board.loc["explorer?q=N1", "五落实"] == "·····"
    assert board.loc["explorer?q=N1", "缺项"] == "未记录：责任、措施、资金、时限、预案"
    text = texts(at)
    # the summary counts only real 缺 (F1's funds), and says one hazard's town does not record the five
    assert "缺责任人 0 项，缺措施 0 项，缺资金 1 项，缺时限 0 项，缺预案 0 项" in text
    assert "另有 1 项所在乡镇的台账没有记录部分五落实项" in text
    # 五落实齐全's help (the card's tooltip) names its base and how many are left out
    assert "只在所在乡镇台账记录全部五项的 1 项中统计；另有 1 项所在乡镇的台账没有记录其中某项" in text
    en = open_page(lang="en")
    board = frame(en, "Five in place").set_index("Details")
    assert board.loc["explorer?q=N1", "Missing"] == "not recorded: person, measures, funds, deadline, plan"


def test_the_board_export_keeps_missing_and_not_recorded_apart(tmp_path, monkeypatch):
    files: list[tuple[str, bytes]] = []

    def fake(label, data=None, file_name=None, **kwargs):  # builds the file as a click would
        files.append((file_name, data() if callable(data) else data))
        return False

    monkeypatch.setattr(st, "download_button", fake)
    build(tmp_path / "warehouse.duckdb", FIVE_TOWNS)
    open_page()
    rows = None
    for _, data in files:
        got = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        if any(r and "缺项" in r for r in got):
            rows = got
    assert rows is not None, "the board offers its xlsx"
    at = next(i for i, r in enumerate(rows) if "缺项" in r)
    header, body = rows[at], rows[at + 1 :]
    by_link = {r[header.index("明细")]: r for r in body}
    assert by_link["explorer?q=F1"][header.index("缺项")] == "缺资金"
    assert by_link["explorer?q=N1"][header.index("缺项")] == "未记录：责任、措施、资金、时限、预案"
    assert by_link["explorer?q=N1"][header.index("五落实")] == "·····"


def test_missing_values_in_tables_read_as_a_dash_not_none(tmp_path):
    """Paper closures have no 验收日期 yet: Streamlit would write "None" in those cells; every
    table on the page says "—" instead (issue 16, raw and technical text)."""
    from pages._shared import theme

    build(tmp_path / "warehouse.duckdb", HAZARDS)
    at = open_page()
    paper = frame(at, "理由")
    assert paper["验收日期"].isna().any()  # the data has missing dates ...
    assert at.dataframe and all(df.proto.placeholder == theme.BLANK for df in at.dataframe)  # ... shown as —
