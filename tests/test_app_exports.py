"""Every table export on every page, with missing dates and numbers (issue 16, item 5).

The hand-built warehouse has hazards without a deadline, a rectified date, a department or an
overdue-days figure (pandas' <NA> in Int64 columns, the case that made 隐患明细's export fail
with "Cannot convert <NA> to Excel"). Each page is rendered and every download button's file is
built as a click would build it; each must open as a workbook with the table, blanks for the
missing values. A failing export must say so on the screen."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from pages._shared import export
from tests.apptest import APP, assert_clean
from tests.test_queries_leaders import HAZARDS
from tests.warehouse_factory import build

PAGES = ["pages/overview.py", "pages/trends.py", "pages/rectification.py", "pages/explorer.py", "pages/gaps.py"]


pytestmark = pytest.mark.usefixtures("app_warehouse")  # fresh caches and a private warehouse path


@pytest.fixture
def clicked(monkeypatch):
    """Replace st.download_button by one that builds its file at once (as a click would)."""
    files: list[tuple[str, bytes]] = []

    def fake(label, data=None, file_name=None, **kwargs):
        files.append((file_name, data() if callable(data) else data))
        return False

    monkeypatch.setattr(st, "download_button", fake)
    return files


def test_every_export_opens_with_blanks_for_missing_values(tmp_path, clicked):
    build(tmp_path / "warehouse.duckdb", HAZARDS)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-06-30"
    at.run()
    seen = {}
    for page in PAGES:
        before = len(clicked)
        at.switch_page(page).run()
        assert_clean(at)
        seen[page] = clicked[before:]
    assert seen["pages/explorer.py"], "the explorer offers its table"
    for page, files in seen.items():
        for name, data in files:
            assert name.endswith(".xlsx") and name.startswith("全县_"), (page, name)
            ws = load_workbook(io.BytesIO(data)).active
            assert ws.cell(1, 1).value != "!", (page, name, ws.cell(2, 1).value)  # not the failure note
    # the explorer's table: H9 has no deadline and no overdue days; those cells are blank
    ws = load_workbook(io.BytesIO(seen["pages/explorer.py"][0][1])).active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    header, body = rows[0], rows[1:]
    h9 = next(r for r in body if r[header.index("隐患描述")] == "警示标志缺失")
    assert h9[header.index("整改期限")] is None
    assert h9[header.index("逾期天数")] is None


def test_missing_values_of_every_kind_export_as_blank_cells():
    df = pd.DataFrame({
        "整数": pd.array([1, None], dtype="Int64"),
        "小数": [1.5, float("nan")],
        "日期": [dt.date(2025, 1, 2), None],
        "时间": pd.to_datetime(["2025-01-02 08:30", None]),
        "文本": pd.array(["a", None], dtype="string"),
        "布尔": pd.array([True, None], dtype="boolean"),
        "列表": [["城关镇"], None],
    })  # fmt: skip
    ws = load_workbook(io.BytesIO(export.to_xlsx(df))).active
    assert [c.value for c in ws[2]] == [1, 1.5, dt.datetime(2025, 1, 2), dt.datetime(2025, 1, 2, 8, 30), "a", True,
                                        "['城关镇']"]  # fmt: skip
    assert [c.value for c in ws[3]] == [None] * 7


def test_a_failing_export_says_so():
    def broken() -> bytes:
        raise MemoryError

    run = export.guarded("tok-1", broken, lambda reason: f"导出失败：{reason}")
    data = run()
    assert load_workbook(io.BytesIO(data)).active.cell(2, 1).value == "导出失败：MemoryError"
    assert export.pop_failure("tok-1") == "导出失败：MemoryError"
    assert export.pop_failure("tok-1") is None  # said once


def test_a_failing_export_is_reported_on_the_page(tmp_path, clicked, monkeypatch):
    from pages._shared import widgets

    build(tmp_path / "warehouse.duckdb", HAZARDS)

    def boom(df):
        raise ValueError("cell")

    monkeypatch.setattr(widgets, "dates_as_dates", boom)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-06-30"
    at.run()
    at.switch_page("pages/explorer.py").run()  # the (fake) click builds the file: it fails
    assert clicked
    at.run()  # the next run tells the user
    assert any("导出 Excel 没有成功（ValueError）" in e.value for e in at.error)


def test_tables_show_no_none_and_no_hash_keys(tmp_path):
    unnamed = dict(hazard_key="N0", town="城关镇", sector="fire", found_date=dt.date(2025, 5, 5), entity_name=None,
                   description=None)  # a ledger row without unit name or description
    build(tmp_path / "warehouse.duckdb", [*HAZARDS, unnamed])
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-06-30"
    at.run()
    at.switch_page("pages/explorer.py").run()
    assert_clean(at)
    shown = at.dataframe[0].value
    text_cols = [c for c in shown.columns if any(isinstance(v, str) for v in shown[c])]
    assert text_cols and not shown[text_cols].isna().any().any(), shown.dtypes  # Streamlit would write "None"
    assert "—" in shown[text_cols].to_numpy()  # an empty unit name reads as a dash
    assert not any("编号" in c and "哈希" in c for c in shown.columns)
    assert not shown.isin(["H1", "H3", "H9"]).any().any()  # internal hazard keys are not a column
