"""Leaders' pages in a real browser: each page renders with charts, a bar click drills (the
filter and the URL change), the language switch, a shared link reproduces a view.
Screenshots go to tests/artifacts/ (gitignored) for a human to look at."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from pages._shared.i18n import sector_label

from .conftest import ARTIFACTS

PAGES = {
    "overview": "总览",
    "trends": "隐患趋势",
    "rectification": "整改情况",
    "explorer": "隐患明细",
}


def wait_idle(page, timeout: int = 30_000) -> None:
    """Until the script run has finished (Streamlit marks the app root) and the DOM settles."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", state="attached", timeout=timeout
    )
    page.wait_for_timeout(700)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", state="attached", timeout=timeout
    )


def open_page(page, url: str, path: str, query: str = "") -> None:
    page.goto(f"{url}/{'' if path == 'overview' else path}{query}")  # the default page lives at /
    wait_idle(page)
    if path != "explorer":
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    else:
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
    wait_idle(page)


def assert_no_error(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    errors = page.locator("[data-testid='stAlertContentError']")
    assert errors.count() == 0, errors.first.inner_text()


def shot(page, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so grow the
    viewport to the content first (then restore it)."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 6000))})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / name))
    page.set_viewport_size(size)


def params(page) -> dict[str, list[str]]:
    return {k: [unquote(x) for x in v] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders(server, page, path):
    open_page(page, server, path)
    assert_no_error(page)
    assert page.locator("h1").first.inner_text().strip()
    shot(page, f"{path}_zh.png")


def test_click_bar_drills_into_town(server, page):
    open_page(page, server, "overview")
    bars = page.locator(".st-key-ov_worst_town .js-plotly-plot g.point path")
    bars.first.wait_for(timeout=20_000)
    bars.first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    bars.first.click(force=True)
    page.wait_for_function("() => location.search.includes('town=')", timeout=20_000)
    wait_idle(page)
    town = params(page)["town"]
    assert len(town) == 1
    # the sidebar multiselect shows the town and the scope sentence names it
    assert page.locator("[data-testid='stSidebar']").get_by_text(town[0]).count() >= 1
    assert page.locator(".scope-note").inner_text().count(town[0]) == 1
    shot(page, "overview_drilled_town.png")
    # the filter persists to another page via the URL
    page.get_by_role("link", name=PAGES["rectification"]).click()
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert params(page).get("town") == town
    assert town[0] in page.locator(".scope-note").inner_text()


def test_click_sector_bar_on_trends(server, page):
    open_page(page, server, "trends")
    bars = page.locator(".st-key-tr_stacked .js-plotly-plot g.point path")
    bars.first.wait_for(timeout=20_000)
    bars.first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    bars.first.click(force=True)
    page.wait_for_function("() => location.search.includes('sector=')", timeout=20_000)
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    sector = params(page)["sector"]
    assert len(sector) == 1
    assert sector_label(sector[0], "zh") in page.locator("h2").first.inner_text()  # drill header names it
    shot(page, "trends_drilled_sector.png")


def test_language_switch_to_english(server, page):
    open_page(page, server, "overview")
    page.locator(".st-key-lang button", has_text="English").click()
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=20_000)
    wait_idle(page)
    page.wait_for_selector("text=County-wide hazard overview", timeout=20_000)
    assert page.get_by_text("Rectification rate", exact=True).count() >= 1
    shot(page, "overview_en.png")
    for path in ("trends", "rectification", "explorer"):
        open_page(page, server, path, "?lang=en")
        assert_no_error(page)
        assert not re.search("[\u4e00-\u9fff]", page.locator("h1").first.inner_text())
        shot(page, f"{path}_en.png")


def test_shared_link_reproduces_view(server, page):
    open_page(page, server, "rectification", "?town=城关镇&level=major&rmetric=overdue")
    assert_no_error(page)
    scope = page.locator(".scope-note").inner_text()
    assert "城关镇" in scope and "重大隐患" in scope
    assert params(page).get("town") == ["城关镇"]


def test_dark_theme_follows_streamlit(server, browser):
    """Light/dark is Streamlit's own theme (here: the browser prefers dark); charts follow."""
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, color_scheme="dark")
    page = ctx.new_page()
    try:
        open_page(page, server, "overview")
        assert_no_error(page)
        bg = page.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        assert bg == "rgb(14, 17, 23)"
        # the charts are drawn with the dark palette (theme.py) on the next run at the latest
        page.reload()
        wait_idle(page)
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
        paper = page.evaluate(
            "() => getComputedStyle(document.querySelector('.js-plotly-plot .main-svg')).backgroundColor"
        )
        assert paper in ("rgb(14, 17, 23)", "rgba(0, 0, 0, 0)"), paper
        shot(page, "overview_dark.png")
    finally:
        ctx.close()


def test_explorer_row_shows_history_and_source(server, page):
    open_page(page, server, "explorer", "?state=overdue")
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    # first data row's selection checkbox sits at the left edge, one row below the header
    page.mouse.click(box["x"] + 15, box["y"] + 52)
    page.wait_for_selector("text=状态变化", timeout=20_000)
    wait_idle(page)
    assert page.get_by_text("来源：", exact=False).count() >= 1
    shot(page, "explorer_detail.png")


def test_in_app_dark_switch_redraws_the_page_at_once(server, page):
    open_page(page, server, "overview")
    page.locator("[data-testid='stSidebar'] button", has_text="深色").first.click()
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    bg = page.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
    card = page.evaluate("() => getComputedStyle(document.querySelector('.kpi-card')).backgroundColor")
    paper = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.paper_bgcolor")
    assert bg == "rgb(14, 17, 23)" and card == "rgb(26, 31, 43)" and paper.upper() == "#0E1117"
    assert params(page).get("theme") == ["dark"]
    shot(page, "overview_dark_switch.png")


def test_old_and_unknown_addresses_open_the_overview_in_the_users_language(server, page):
    page.goto(f"{server}/overview?lang=en")
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert "overview" in page.locator("h1").first.inner_text().lower()
    assert page.locator("[data-testid='stDialog']:visible").count() == 0  # no "Page not found"
    page.goto(f"{server}/no-such-page")
    wait_idle(page)
    assert "没有“no-such-page”这个页面" in page.locator("[data-testid='stAlertContentWarning']").first.inner_text()
    assert page.locator("[data-testid='stDialog']:visible").count() == 0
