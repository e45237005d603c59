"""A deep link as the very first request a fresh server gets (Streamlit then runs the page file
alone, the legacy multipage mode): the page still comes with the shell — navigation, language
and the sidebar filters — and the URL's own parameters apply."""

from __future__ import annotations

import pytest

from tests.browser.server import ARTIFACTS, CONTENT, READY_JS, streamlit_server

pytestmark = pytest.mark.browser


def test_a_deep_link_on_a_fresh_server_gets_the_shell(warehouse, page):
    with streamlit_server(warehouse, "shell_server.log") as (url, _proc):
        page.goto(f"{url}/trends?grain=quarter")  # nothing has run on this server yet
        assert page.wait_for_function(READY_JS, arg=CONTENT, timeout=90_000).json_value() == "ok"
        page.screenshot(path=str(ARTIFACTS / "shell_deep_link.png"))
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.get_by_text("隐患趋势").count() >= 1  # the navigation dashboard.py builds
        assert sidebar.get_by_text("English").count() >= 1  # the shell's language switch
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.get_by_text("Q1").count() >= 1  # grain=quarter from the URL: quarterly axis labels
