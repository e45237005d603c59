"""Addresses that are not a page: ``/overview`` (the default page lives at ``/``) is a hidden
alias of the overview, query kept; any other unknown path opens the overview
with a sentence in the user's language, instead of Streamlit's English "Page not found"."""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from .i18n import t

DEFAULT_RESERVED = "home"  # the url path the default page reserves (it is served at "/")


def alias_page(path: str, url_path: str, title: str, icon: str | None = None) -> st.Page:
    """The default page's file again, hidden, at its own name (``/overview`` shows the overview
    with the same query; the menu shows the page once)."""
    return st.Page(path, title=title, icon=icon, url_path=url_path, visibility="hidden")


def requested_path() -> str:
    try:
        url = st.context.url or ""
    except Exception:  # no browser context (AppTest)
        return ""
    return urlparse(url).path.strip("/").rsplit("/", 1)[-1]


def say_if_unknown(known: set[str]) -> None:
    """On an unknown path: one sentence in the user's language, and Streamlit's own English dialog
    hidden for this run (the app opens no dialogs of its own)."""
    path = requested_path()
    if not path or path in known or path == DEFAULT_RESERVED:
        return
    st.markdown("<style>[data-testid='stDialog']{display:none !important;}</style>", unsafe_allow_html=True)
    st.warning(t("nav.not_found", path=path[:60]), icon=":material/link_off:")
