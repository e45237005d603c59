"""The one scope every card and chart states: headline month and its reporting completeness,
the window (period start → headline month) and the as-of date. Page helpers; no SQL here."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from etl.read import completeness

from . import theme
from .data import query
from .filters import Filters, add_months
from .i18n import t


def reached(r: completeness.MonthReport | None, lang: str) -> str:
    """'已报 12/14 乡镇' (empty when unknown)."""
    return "" if r is None else t("scope.reached", n=r.reported, of=r.expected, lang=lang)


def reports_between(f: Filters, start: dt.date, end: dt.date) -> dict[dt.date, completeness.MonthReport]:
    """Completeness of the months ``start``..``end`` (for comparisons reaching before the period)."""
    frame = query("month_reporting", start_month=start, end_month=end, towns=list(f.towns) or None, as_of=f.as_of)
    return completeness.months(frame, completeness.complete_share())


def comparison_reports(f: Filters) -> dict[dt.date, completeness.MonthReport]:
    m = f.headline
    assert m is not None
    return reports_between(f, add_months(m, -12), m)


def card_month(f: Filters) -> str:
    r = f.report(f.headline)
    return t("scope.card.month", month=theme.fmt_month(f.headline, f.lang), reached=reached(r, f.lang)).rstrip(" ·")


def card_window(f: Filters) -> str:
    return t("scope.card.window", start=theme.fmt_month(f.start_month, f.lang),
             end=theme.fmt_month(f.headline, f.lang), asof=theme.fmt_date(f.as_of, f.lang))  # fmt: skip


def card_period(f: Filters) -> str:
    """The whole period (start → end month) as of the as-of date: pages whose figures cover the period."""
    return t("scope.card.window", start=theme.fmt_month(f.start_month, f.lang),
             end=theme.fmt_month(f.end_month, f.lang), asof=theme.fmt_date(f.as_of, f.lang))  # fmt: skip


def card_stock(f: Filters) -> str:
    return t("scope.card.stock", end=theme.fmt_month(f.headline, f.lang), asof=theme.fmt_date(f.as_of, f.lang))


def partial_notice(f: Filters) -> None:
    """Say when the period ends in a partial month, or when the chosen headline month is partial."""
    head = f.report(f.headline)
    if head is not None and head.partial:
        st.warning(t("scope.partial_headline", month=theme.fmt_month(head.month, f.lang), n=head.reported,
                     of=head.expected), icon=":material/hourglass_top:")  # fmt: skip
        return
    last = f.report(f.end_month)
    if last is not None and last.partial and f.end_month != f.headline:
        # a month still running is partial even when every town has already reported something
        key = "scope.partial_end" if last.ended else "scope.running_end"
        st.info(t(key, month=theme.fmt_month(last.month, f.lang), n=last.reported, of=last.expected,
                  headline=theme.fmt_month(f.headline, f.lang), asof=theme.fmt_date(f.as_of, f.lang)),
                icon=":material/hourglass_top:")  # fmt: skip


def partial_caption(f: Filters, grain: str = "month") -> None:
    """Under a trend: which of its months are partial (nothing when none)."""
    months = sorted(f.partial_months())
    if not months:
        return
    if grain == "quarter":
        names = sorted({theme.fmt_quarter(m, f.lang) for m in months})
    else:
        names = [theme.fmt_month(m, f.lang) for m in months]
    st.caption(":material/hourglass_top: " + t("scope.partial_months", months=("、" if f.lang == "zh" else ", ").join(names)))
