"""The supervision-gap page in Chromium against a real ``streamlit run`` server.

The shared ``server`` fixture serves a hazards-only warehouse; this page needs inspection logs and
a registry too, so the module starts its own server the same way (helpers from conftest) over a
warehouse with hazards, 6k visits and 1.5k registry units (bench.bench_gaps.add_gap_data), and
reuses the shared ``browser``/``page`` fixtures. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import pytest

from tests.browser.server import ARTIFACTS, streamlit_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def gap_server(tmp_path_factory: pytest.TempPathFactory):
    from bench.bench_gaps import add_gap_data
    from tests.warehouse_factory import build_random

    path = tmp_path_factory.mktemp("gapwh") / "warehouse.duckdb"
    build_random(path, 20_000, seed=11, with_observations=False)
    add_gap_data(path, 6_000, 1_500)
    with streamlit_server(path, "server_gaps.log") as (url, _proc):
        yield url


def test_gaps_page_renders_and_screenshot(gap_server: str, page) -> None:
    """The summary on top, then each of the eight analyses in its own tab, each drawn on opening."""
    page.set_viewport_size({"width": 1600, "height": 3000})  # Streamlit scrolls inside; a tall viewport shows all
    page.goto(f"{gap_server}/gaps", wait_until="domcontentloaded")
    page.wait_for_selector(".js-plotly-plot", timeout=90_000)
    page.wait_for_timeout(2500)
    shot = ARTIFACTS / "gaps_page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    tabs_and_headings = (
        ("① 检查覆盖", "检查覆盖率"),
        ("② 从未检查", "从未检查的单位"),
        ("③ 无责任部门", "没有责任部门"),
        ("④ 报送情况", "报送纪律"),
        ("⑤ 部门整改落实", "部门整改落实"),
        ("⑥ 层层递减", "层层递减"),
        ("⑦ 执法力度", "执法检查力度"),
        ("⑧ 反复出现", "反复出现的隐患（整改不到位）"),
    )
    plots = 0
    for i, (tab, heading) in enumerate(tabs_and_headings, start=1):
        page.get_by_role("tab", name=tab[:2]).first.click()
        page.get_by_text(heading).first.wait_for(timeout=60_000)
        page.wait_for_timeout(800)
        plots += page.locator(".js-plotly-plot:visible").count()
        page.screenshot(path=str(ARTIFACTS / f"gaps_tab_{i}.png"))
        body = page.inner_text("body")
        assert "Traceback" not in body and "页面出现问题" not in body, tab
    assert plots >= 7


def test_coverage_cell_click_filters_town_and_sector(gap_server: str, page) -> None:
    page.set_viewport_size({"width": 1600, "height": 1400})
    page.goto(f"{gap_server}/gaps", wait_until="domcontentloaded")
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for(timeout=90_000)
    page.wait_for_timeout(1500)
    # click the first cell's invisible marker: the scatter trace draws one path per cell
    point = plot.locator(".scatterlayer .trace .points path").first
    point.click(force=True)
    page.wait_for_function("() => location.search.includes('town=') && location.search.includes('sector=')",
                           timeout=30_000)  # fmt: skip
    page.screenshot(path=str(ARTIFACTS / "gaps_after_click.png"))
