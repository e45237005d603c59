"""The meeting-room slide 考核通报 (``?mode=present``): the month's ranking of towns and county
departments from the scorecard (``etl.brief.scoreboard``, the same figures as the 考核通报 page
and the pack's slides 七), with the units advised an interview named in words. Shown last, when
the scorecard ranks any unit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl import brief
from pages._shared import charts_present as cp
from pages._shared import theme
from pages._shared.charts_score import change_label
from pages._shared.i18n import t
from pages._shared.present_slides import P, _chart, _note, md_escape

ROWS = 14  # a longer ranking shows its top and its bottom, the middle elided
TOP = 5


def _fit(tbl: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The rows a slide has room for, and how many were left out of the middle."""
    if len(tbl) <= ROWS:
        return tbl, 0
    return pd.concat([tbl.head(TOP), tbl.tail(ROWS - TOP - 1)]), len(tbl) - ROWS + 1


def _board(tbl: pd.DataFrame, lang: str, key: str) -> None:
    rows, left_out = _fit(tbl)
    flag = [t("score.flag.interview", lang=lang) if i else (t("score.flag.bottom", lang=lang) if b else "")
            for i, b in zip(rows["interview"], rows["bottom"], strict=True)]  # fmt: skip
    board = pd.DataFrame({
        t("score.col.rank", lang=lang): [str(int(r)) for r in rows["rank"]],
        t("score.col.unit", lang=lang): rows["unit"],
        t("score.col.total", lang=lang): [f"{v:.1f}" for v in rows["total"]],
        t("present.score.change", lang=lang): [change_label(x, lang) for x in rows["rank_change"]],
        t("score.col.flag", lang=lang): flag,
    })  # fmt: skip
    if left_out:  # a row saying how many ranks the slide skips, between the top and the bottom
        gap = pd.DataFrame([["…", t("present.score.more", lang=lang, n=left_out), "", "", ""]], columns=board.columns)
        board = pd.concat([board.head(TOP), gap, board.tail(len(board) - TOP)], ignore_index=True)
        flag = [*flag[:TOP], "", *flag[TOP:]]
    warn = [cp.BAD if f else P.text for f in flag]
    _chart(cp.table(board, p=P, widths=[0.9, 2.6, 1.1, 1.2, 1.7], height=50 + 46 * len(board) + 20, font=21,
                    row_height=46, align=["right", "left", "right", "left", "left"],
                    colours={board.columns[1]: warn, board.columns[4]: warn}), key)  # fmt: skip


def slide_score(d: brief.BriefData, lang: str) -> None:
    sb = d.score
    if sb is None or not sb.has_ranking:
        _note(t("score.none", lang=lang))
        return
    names = [*sb.interview.get("town", []), *sb.interview.get("department", [])]
    line = t("present.score.head", lang=lang, month=theme.fmt_month(sb.month, lang), n=sb.window_months)
    line += " · " + (t("score.interview", lang=lang, n=sb.interview_months, names="、".join(names)) if names
                     else t("score.no_interview", lang=lang, n=sb.interview_months))  # fmt: skip
    with st.container(key="phead_score"):
        st.markdown(md_escape(line))
    cols = st.columns(2, gap="large")
    for col, unit_type in zip(cols, ("town", "department"), strict=True):
        tbl = sb.tables.get(unit_type)
        with col:
            with st.container(key=f"phead_score_{unit_type}"):
                st.markdown(md_escape(t(f"score.tab.{unit_type}", lang=lang)))
            if tbl is None or tbl.empty:
                st.markdown(md_escape(t("score.none", lang=lang)))
            else:
                _board(tbl, lang, f"score_{unit_type}")
