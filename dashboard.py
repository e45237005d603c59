"""Entry point: ``streamlit run dashboard.py``.

Order of a run: page config → language/theme (sidebar top; every label depends on them) →
warehouse status → navigation (built by ``build_navigation``) → global filters → page.

Adding a page: append a ``PageSpec`` to ``PAGES`` (file under ``pages/``, a title key in a
``strings_*.py`` catalogue, a url path). ``visible`` decides per session whether it is
listed (e.g. role-gated upload page); ``hidden`` pages are reachable by URL only.
Expected failures (warehouse unavailable, a query failing) become one ``st.error``
sentence, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from pages._shared import auth, data, filters, routing, theme, widgets
from pages._shared.i18n import t

log = logging.getLogger("dashboard")


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to this file
    title_key: str  # i18n key
    url_path: str
    icon: str
    section_key: str = "nav.section.leaders"
    default: bool = False
    needs_filters: bool = True  # show the global sidebar filters on this page
    visible: Callable[[], bool] = field(default=lambda: True)  # e.g. role check


# The page registry: the one place pages are listed, in menu order.
PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "page.overview", "overview", ":material/dashboard:", default=True),
    PageSpec("pages/trends.py", "page.trends", "trends", ":material/stacked_bar_chart:"),
    PageSpec("pages/rectification.py", "page.rectification", "rectification", ":material/task_alt:"),
    PageSpec("pages/supervision.py", "page.supervision", "supervision", ":material/fact_check:"),  # issue 12
    PageSpec("pages/explorer.py", "page.explorer", "explorer", ":material/table_view:"),
    PageSpec("pages/upload.py", "page.upload", "upload", ":material/upload_file:", section_key="nav.section.data",
             needs_filters=False, visible=lambda: auth.has_role("analyst")),  # issue 5: analysts/admins only
    PageSpec("pages/gaps.py", "page.gaps", "gaps", ":material/visibility_off:"),
    PageSpec("pages/scorecard.py", "page.scorecard", "scorecard", ":material/leaderboard:"),  # issue 13
    PageSpec("pages/plan.py", "page.plan", "plan", ":material/event_available:"),  # issue 13
    PageSpec("pages/blindspots.py", "page.blindspots", "blindspots", ":material/handshake:"),  # issue 13
    PageSpec("pages/briefing.py", "page.briefing", "briefing", ":material/slideshow:"),  # issue 6: 会议材料
]


def build_navigation(specs: list[PageSpec]) -> tuple[st.navigation, dict[str, PageSpec]]:
    """``st.navigation`` from the registry (sections by ``section_key``); returns the nav
    object and a map from url path to spec."""
    sections: dict[str, list[st.Page]] = {}
    by_url: dict[str, PageSpec] = {}
    for spec in specs:
        if not spec.visible():
            continue
        # the default page is served at "/" but reserves its url path: its name goes to a hidden
        # alias (so /overview opens it too) and the page itself reserves an unused one
        url = routing.DEFAULT_RESERVED if spec.default else spec.url_path
        page = st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=url, default=spec.default)
        sections.setdefault(t(spec.section_key), []).append(page)
        by_url[spec.url_path] = spec
        if spec.default:
            sections[t(spec.section_key)].append(routing.alias_page(spec.path, spec.url_path, t(spec.title_key),
                                                                    spec.icon))
    nav = st.navigation(sections if len(sections) > 1 else next(iter(sections.values())))
    return nav, by_url


def main() -> None:
    if st.query_params.get("mode") == "present":  # issue 6: meeting-room slide show, no sidebar/nav
        from pages._shared import slideshow

        slideshow.main()
        return
    # Language and colours are read (URL / session) before anything is drawn, but their widgets
    # are created after st.navigation: a widget created before it gets a per-page identity and
    # would lose its value on every page switch. The container keeps them at the sidebar top.
    filters.prepare_language_and_theme()
    # an emoji icon is drawn in the browser; a :material/ one would be fetched from fonts.gstatic.com
    st.set_page_config(page_title=t("app.title"), page_icon="🦺", layout="wide")
    top_of_sidebar = st.sidebar.container()
    widgets.inject_css(theme.palette(filters.current_theme()))
    auth.sidebar()  # login / who is logged in; stops here when the app is configured closed
    try:
        status = data.query("status_overview").iloc[0].to_dict()
    except (data.WarehouseUnavailable, data.QueryFailed) as exc:
        st.error(str(exc))
        st.stop()
    nav, by_url = build_navigation(PAGES)
    filters.render_language_and_theme(top_of_sidebar)
    routing.say_if_unknown(set(by_url))
    spec = by_url.get(nav.url_path) if nav.url_path else next((s for s in PAGES if s.default), None)
    if spec is None or spec.needs_filters:
        try:
            st.session_state["_filters"] = filters.render_sidebar(status)
        except (data.WarehouseUnavailable, data.QueryFailed) as exc:
            st.error(str(exc))
            st.stop()
    st.session_state["_status"] = status
    try:
        nav.run()
    except (data.WarehouseUnavailable, data.QueryFailed) as exc:
        st.error(str(exc))
    except Exception as exc:  # an unexpected bug: one sentence for the user, details in the log
        log.exception("page failed")
        st.error(t("error.page", reason=type(exc).__name__))
    finally:
        st.session_state.pop("_filters", None)  # a page run without the shell must notice
        filters.sync_url()  # also when the page stopped early (st.stop): the link must keep every filter


if __name__ == "__main__":
    main()
