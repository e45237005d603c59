"""The briefing page and the slide show take the scope on screen: the sidebar's headline month,
as-of date and filters. This module says where the pack's own windows differ from the screen's
period, and builds the slide-show link that carries the whole scope."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from etl import brief

from . import theme
from .filters import Filters
from .i18n import t
from .safe import html_text


def explain(f: Filters, d: brief.BriefData) -> None:
    """One sentence: the pack's month, as-of date and windows; and where they differ from the screen."""
    lang = f.lang
    r = f.report(d.month)
    reached = "" if r is None else "（" + t("scope.reached", n=r.reported, of=r.expected) + "）"
    st.markdown(
        "<div class='scope-note'>"
        + html_text(t("brief.scope", month=theme.fmt_month(d.month, lang), reached=reached,
                         asof=theme.fmt_date(d.as_of, lang), start=theme.fmt_month(d.scope.window_start, lang)))
        + "</div>",
        unsafe_allow_html=True,
    )  # fmt: skip
    if f.start_month is not None and f.start_month != d.scope.window_start:
        st.caption(t("brief.scope_differs", start=theme.fmt_month(f.start_month, lang),
                     end=theme.fmt_month(f.headline, lang), wstart=theme.fmt_month(d.scope.window_start, lang)))  # fmt: skip
    if r is not None and r.partial:
        st.warning(t("scope.partial_headline", month=theme.fmt_month(d.month, lang), n=r.reported, of=r.expected))


def present_link(f: Filters, interval: int) -> str:
    """``?mode=present&…`` with the month, as-of date, language and every filter on screen."""
    params: list[tuple[str, str]] = [("mode", "present"), ("interval", str(interval))]
    if f.headline:
        params.append(("month", f"{f.headline:%Y-%m}"))
    params += [("asof", f"{f.as_of:%Y-%m-%d}"), ("lang", f.lang)]
    params += [("town", x) for x in f.towns] + [("sector", x) for x in f.sectors]
    params += [("dept", x) for x in f.departments]
    if f.level:
        params.append(("level", f.level))
    return "?" + urlencode(params)
