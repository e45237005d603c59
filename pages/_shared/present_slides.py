"""The six slides of the meeting-room show, one function each (``RENDER``), drawn from
``etl.brief.BriefData`` in the projector palette.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from etl import brief
from pages._shared import charts_present as cp
from pages._shared import safe, theme
from pages._shared.i18n import sector_label, t

P = theme.palette("projector")
md_escape = safe.md  # plain text for st.markdown: the app's one escaping helper


# ---- slides ---------------------------------------------------------------------------------------


def _delta(cur, ref, *, kind: str, better: str | None, label: str, lang: str) -> str:
    """'较上月 ▲ 上升 12 项 · 变差' — arrow and words, never colour alone."""
    if brief._missing(cur) or brief._missing(ref):
        return f"{label}：{t('present.no_compare', lang=lang)}"
    diff = float(cur) - float(ref)
    sep = "：" if lang == "zh" else ": "
    if (round(abs(diff) * 100, 1) if kind == "rate" else round(abs(diff))) == 0:  # nothing at the shown precision
        return f"{label}{sep}{t('present.flat', lang=lang)}"
    word = t("present.up" if diff > 0 else "present.down", lang=lang)
    amount = t("present.pp", lang=lang, v=f"{abs(diff) * 100:.1f}") if kind == "rate" else t(
        "present.items", lang=lang, v=f"{abs(diff):,.0f}")  # fmt: skip
    verdict = ""
    if better:
        verdict = " · " + t("present.better" if (diff > 0) == (better == "up") else "present.worse", lang=lang)
    return f"{label}{sep}{word} {amount}{verdict}"


def _kpi_card(i: int, label: str, value: str, deltas: list[str]) -> None:
    with st.container(key=f"pcard_{i}"):
        with st.container(key=f"plabel_{i}"):
            st.markdown(md_escape(label))
        with st.container(key=f"pvalue_{i}"):
            st.markdown(md_escape(value))
        with st.container(key=f"pdelta_{i}"):
            st.markdown("  \n".join(md_escape(x) for x in deltas))


def slide_kpi(d: brief.BriefData, lang: str) -> None:
    c, pv, y, s, sp = (d.kpi[k] for k in ("cur", "prev", "yoy", "stock", "stock_prev"))
    vp, vy = t("present.vs_prev", lang=lang), t("present.vs_yoy", lang=lang)

    def cmp(row, col):
        return None if int(row["total"]) == 0 else row[col]

    cards = [
        ("present.kpi.found", c["total"], "count", None, [(vp, cmp(pv, "total")), (vy, cmp(y, "total"))]),
        ("present.kpi.major", c["major_total"], "count", None,
         [(vp, cmp(pv, "major_total")), (vy, cmp(y, "major_total"))]),
        ("present.kpi.rect_rate", c["rect_rate"], "rate", "up",
         [(vp, cmp(pv, "rect_rate")), (vy, cmp(y, "rect_rate"))]),
        ("present.kpi.major_rect_rate", c["major_rect_rate"], "rate", "up",
         [(vp, cmp(pv, "major_rect_rate")), (vy, cmp(y, "major_rect_rate"))]),
        ("present.kpi.overdue", s["overdue"], "count", "down", [(vp, cmp(sp, "overdue"))]),
        ("present.kpi.overdue_major", s["overdue_major"], "count", "down", [(vp, cmp(sp, "overdue_major"))]),
    ]  # fmt: skip
    for row in range(2):
        cols = st.columns(3, gap="medium")
        for j, col in enumerate(cols):
            i = row * 3 + j
            key, value, kind, better, refs = cards[i]
            shown = theme.fmt_pct(value, lang) if kind == "rate" else theme.fmt_int(value, lang)
            if d.month_partial and i < 4:  # the month's own figures: a partial month is not compared
                deltas = [t("present.not_comparable", lang=lang, label=lab) for lab, _ in refs]
            else:
                deltas = [_delta(value, ref, kind=kind, better=better, label=lab, lang=lang) for lab, ref in refs]
            with col:
                _kpi_card(i, t(key, lang=lang), shown, deltas)


def _month_label(m: dt.date, lang: str) -> str:
    return theme.fmt_month(m, lang, short=True)


def slide_trend(d: brief.BriefData, lang: str) -> None:
    w = d.trend
    if w.empty or w.shape[1] == 0 or int(w.to_numpy().sum()) == 0:
        _note(t("present.empty", lang=lang))
        return
    names = [t("present.rest_sectors", lang=lang) if c == brief.REST else sector_label(c, lang) for c in w.columns]
    fig = cp.trend_by_sector(w, names=names, month_labels=[_month_label(m, lang) for m in w.index], p=P,
                             axis_title=t("present.axis.found", lang=lang))  # fmt: skip
    _chart(fig, "trend")


def slide_towns(d: brief.BriefData, lang: str) -> None:
    towns = d.towns[d.towns["total"] > 0].sort_values(["rect_rate", "key"], ascending=[False, True])
    if towns.empty:
        _note(t("present.empty", lang=lang))
        return
    avg = None if brief._missing(d.window["rect_rate"]) else float(d.window["rect_rate"])
    labels = [t("present.bar_label", lang=lang, rate=theme.fmt_pct(r, lang), done=f"{int(a):,}", total=f"{int(b):,}")
              for r, a, b in zip(towns["rect_rate"], towns["rectified"], towns["total"], strict=True)]  # fmt: skip
    fig = cp.town_rates(towns, p=P, avg=avg, avg_label=t("present.avg", lang=lang, v=theme.fmt_pct(avg, lang)),
                        bar_labels=labels, below_label=t("present.below_avg", lang=lang))  # fmt: skip
    _chart(fig, "towns")


def _days(n: object, lang: str) -> str:
    return t("present.days", lang=lang, n=f"{int(n):,}")


# Rows a list slide shows: at 1920×1080 the title, the scope line and the list's own line leave
# room for 14 rows of 52 px; 12 leave a line to spare when the scope line wraps (filters set). The
# rest are named as a count; the briefing pack (会议材料) lists them all on continued slides.
BOARD_ROWS = 12
NEW_MAJOR_ROWS = 6


def slide_overdue(d: brief.BriefData, lang: str) -> None:
    o = d.overdue.head(BOARD_ROWS)
    if o.empty:
        _note(t("present.board.none", lang=lang))
        return
    with st.container(key="phead_board"):
        extra = d.overdue_total - len(o)
        line = t("present.board.total", lang=lang, n=d.overdue_total)
        if extra > 0:
            line += " · " + t("present.board.more", lang=lang, n=extra)
        st.markdown(md_escape(line))
    dept_none = t("present.dept_none", lang=lang)
    board = pd.DataFrame({
        t("present.col.unit", lang=lang): o["entity_name"].fillna("—"),
        t("present.col.town", lang=lang): o["town"],
        t("present.col.dept", lang=lang): [t("rect.agreed_owner", lang=lang, d=x) if src == "agreed" else (x or dept_none)
                                          for x, src in zip(o["owner_department"], o["owner_source"], strict=True)],
        t("present.col.desc", lang=lang): o["description"].fillna("—"),
        t("present.col.days", lang=lang): [_days(x, lang) for x in o["days_overdue"]],
    })  # fmt: skip
    _chart(cp.table(board, p=P, widths=[2.4, 1.3, 1.9, 3.4, 1.0], height=60 + 52 * len(board) + 20,
                    align=["left", "left", "left", "left", "right"]), "overdue")  # fmt: skip


def slide_gaps(d: brief.BriefData, lang: str) -> None:
    if d.coverage.empty:
        _note(t("present.gaps.none", lang=lang))
        return
    left, right = st.columns([1.25, 1], gap="large")
    cov_town = d.coverage_by_town()
    with left:
        with st.container(key="phead_cov"):
            st.markdown(md_escape(t("present.coverage.title", lang=lang, v=theme.fmt_pct(d.coverage_total, lang))))
        sectors = _sector_order(list(pd.unique(d.coverage["sector"])))
        towns = cov_town.sort_values("town")["town"].tolist()
        fig = cp.coverage_heatmap(d.coverage, p=P, towns=towns, sectors=sectors,
                                  sector_names=[_wrap(sector_label(s, lang)) for s in sectors],
                                  colorbar_title=t("present.coverage.axis", lang=lang), height=760)  # fmt: skip
        _chart(fig, "coverage")
    with right:
        with st.container(key="phead_never"):
            st.markdown(md_escape(t("present.never.title", lang=lang, n=d.never_high_total)))
        n = d.never.head(8)
        if n.empty:
            _note(t("present.never.none", lang=lang))
            return
        never_rec = t("present.never_record", lang=lang)
        tbl = pd.DataFrame({
            t("present.col.unit", lang=lang): n["entity_name"],
            t("present.col.town", lang=lang): n["town"],
            t("present.col.risk", lang=lang): [t(f"present.risk.{r}", lang=lang) for r in n["risk_level"]],
            t("present.col.last", lang=lang): [never_rec if brief._date(x) is None else theme.fmt_date(x, lang)
                                               for x in n["last_supervisory"]],
        })  # fmt: skip
        risk_col = t("present.col.risk", lang=lang)
        _chart(cp.table(tbl, p=P, widths=[2.3, 1.2, 1.7, 1.6], height=60 + 52 * len(tbl) + 20, font=21,
                        row_height=50,
                        colours={risk_col: [cp.RISK_COLOURS.get(r, P.text) for r in n["risk_level"]]}), "never")  # fmt: skip
        more = d.never_high_total - len(n)
        if more > 0:
            _note(t("present.never.more", lang=lang, n=f"{more:,}"))


def _sector_order(codes: list[str]) -> list[str]:
    order = {c: i for i, c in enumerate(theme.LEADING_SECTORS + [c for c in theme.SECTOR_ORDER
                                                                  if c not in theme.LEADING_SECTORS])}  # fmt: skip
    return sorted(codes, key=lambda c: (order.get(c, 99), c))


def _wrap(label: str) -> str:
    """Two lines for long Chinese sector names on the heat map's top axis (plotly text: escaped)."""
    if len(label) <= 3 or " " in label:
        return safe.html_text(label)
    return safe.html_text(label[:2]) + "<br>" + safe.html_text(label[2:])


def slide_changes(d: brief.BriefData, lang: str) -> None:
    c1, c2, c3 = st.columns(3, gap="medium")
    with c1:
        _kpi_card(10, t("present.changes.new_majors", lang=lang), theme.fmt_int(d.new_majors_total, lang), [])
    with c2:
        _kpi_card(11, t("present.changes.rectified", lang=lang), theme.fmt_int(d.rectified_total, lang),
                  [t("present.changes.rectified_major", lang=lang, n=d.rectified_major)])  # fmt: skip
    with c3:
        if not d.reporting_due:
            _kpi_card(12, t("present.changes.missing", lang=lang), "—", [t("present.changes.not_due", lang=lang)])
        elif d.missing_towns:
            _kpi_card(12, t("present.changes.missing", lang=lang), theme.fmt_int(len(d.missing_towns), lang),
                      ["、".join(d.missing_towns) if lang == "zh" else ", ".join(d.missing_towns)])  # fmt: skip
        else:
            _kpi_card(12, t("present.changes.missing", lang=lang), "0", [t("present.changes.all_reported", lang=lang)])
    n = d.new_majors.head(NEW_MAJOR_ROWS)
    if not n.empty:
        st.write("")
        tbl = pd.DataFrame({
            t("present.col.unit", lang=lang): n["entity_name"].fillna("—"),
            t("present.col.town", lang=lang): n["town"],
            t("present.col.desc", lang=lang): n["description"].fillna("—"),
            t("present.col.found", lang=lang): [theme.fmt_date(x, lang) for x in n["found_date"]],
            t("present.col.status", lang=lang): [t("present.status.rect" if bool(x) else "present.status.open",
                                                   lang=lang) for x in n["is_rect"]],
        })  # fmt: skip
        _chart(cp.table(tbl, p=P, widths=[2.2, 1.2, 3.2, 1.6, 1.2], height=60 + 50 * len(tbl) + 10, font=22,
                        row_height=50), "new_majors")  # fmt: skip
        more = d.new_majors_total - len(n)
        if more > 0:
            _note(t("present.changes.more", lang=lang, k=len(n), n=f"{more:,}"))


RENDER = {
    "kpi": slide_kpi,
    "trend": slide_trend,
    "towns": slide_towns,
    "overdue": slide_overdue,
    "gaps": slide_gaps,
    "changes": slide_changes,
}


def _chart(fig, name: str) -> None:
    st.plotly_chart(fig, key=f"present_chart_{name}", theme=None, width="stretch",
                    config={"displayModeBar": False, "staticPlot": True})  # fmt: skip


def _note(text: str) -> None:
    with st.container(key="pnote_main"):
        st.markdown(md_escape(text))
