"""考核通报 in Chromium: selecting a town's row in the ranking shows the rows behind its figures
(AppTest cannot select a table row), and choosing another indicator lists that figure's rows.
The hand-built warehouse of tests/test_queries_gaps (figures derived in tests/test_scorecard.py)."""

from __future__ import annotations

import pytest

from tests.browser.server import ARTIFACTS, streamlit_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def score_server(tmp_path_factory: pytest.TempPathFactory):
    from tests import warehouse_factory as wf
    from tests.test_queries_gaps import HAZARDS, _add_visits_and_registry

    path = tmp_path_factory.mktemp("scorewh") / "warehouse.duckdb"
    wf.build(path, HAZARDS)
    _add_visits_and_registry(path)
    with streamlit_server(path, "server_score.log") as (url, _proc):
        yield url


def test_a_row_click_shows_the_rows_behind_the_figures(score_server: str, page) -> None:
    page.set_viewport_size({"width": 1600, "height": 2600})
    page.goto(f"{score_server}/scorecard?asof=2025-06-30&month=2025-03", wait_until="domcontentloaded")
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.wait_for(timeout=90_000)
    page.get_by_text("选中表格中的一行", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    # March 2025: 城关镇 ranks first (42.6); tick its row's selection box (first data row)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 52)
    page.get_by_text("城关镇 · 报送率 · 2025年3月", exact=False).first.wait_for(timeout=30_000)
    page.get_by_text("已报送月份：2025年1月、2025年2月、2025年3月", exact=False).first.wait_for(timeout=30_000)
    # another indicator: 整改率 lists the four hazards of the window (test_scorecard.py), with their state
    page.locator("[data-testid='stSelectbox']").filter(has_text="指标").last.click()
    page.get_by_role("option", name="整改率", exact=True).click()
    page.get_by_text("城关镇 · 整改率 · 2025年3月：", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    shot = ARTIFACTS / "scorecard_drill.png"
    page.screenshot(path=str(shot), full_page=True)
    frames = page.locator("[data-testid=stDataFrame]")
    assert frames.count() >= 3  # towns ranking, then the drill rows (departments sit in the other tab)
    body = page.inner_text("body")
    assert "Traceback" not in body and "页面出现问题" not in body
