"""Every page's URL reproduces its view (issue 16, item 6).

The language, sector, level, headline month and page-local choices are written to the URL by
``filters.sync_url`` at the end of every run — also when a page stops early (隐患明细 stops
while no row is picked, which used to drop ``sector=`` and ``lang=`` from its links). Towns,
departments, period, as-of date and search are bound by Streamlit itself (browser tests).
Each page: set the filters through the widgets, then the URL must hold them; and opening that
URL in a new session must give the same widget values."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, assert_clean, qp
from tests.test_queries_leaders import HAZARDS
from tests.warehouse_factory import build

PAGES = ["pages/overview.py", "pages/trends.py", "pages/rectification.py", "pages/explorer.py", "pages/gaps.py",
         "pages/briefing.py", "pages/supervision.py"]
LOCAL = {"pages/trends.py": ("grain", "quarter"), "pages/rectification.py": ("rdim", "town"),
         "pages/explorer.py": ("state", "open"), "pages/supervision.py": ("suplevel", "county")}  # fmt: skip


@pytest.fixture(autouse=True)
def _isolated(app_warehouse):
    """Fresh caches and a private warehouse, built from the hand-made hazards."""
    build(app_warehouse, HAZARDS)


@pytest.mark.parametrize("page", PAGES)
def test_the_url_holds_every_choice_on_every_page(page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-06-30"
    at.run()
    at.switch_page(page).run()
    local = LOCAL.get(page)
    if local:
        at.segmented_control(key=local[0]).set_value(local[1]).run()
    at.segmented_control(key="lang").set_value("en").run()
    at.multiselect(key="sector").set_value(["fire"]).run()
    at.segmented_control(key="level").set_value("major").run()
    at.selectbox(key="month").set_value("2025-05").run()
    assert_clean(at)
    assert qp(at, "lang") == ["en"] and qp(at, "sector") == ["fire"] and qp(at, "level") == ["major"]
    assert qp(at, "month") == ["2025-05"]
    if local:
        assert qp(at, local[0]) == [local[1]]

    # a new session opened on that URL shows the same view
    again = AppTest.from_file(APP, default_timeout=60)
    for k in at.query_params:
        again.query_params[k] = at.query_params[k]
    again.switch_page(page).run()  # the link opens that page
    assert_clean(again)
    assert again.session_state["lang"] == "en" and again.multiselect(key="sector").value == ["fire"]
    assert again.session_state["level"] == "major" and again.selectbox(key="month").value == "2025-05"
    if local:
        assert again.session_state[local[0]] == local[1]
