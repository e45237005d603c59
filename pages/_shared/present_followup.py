"""The meeting-room slide 上次会议交办事项落实情况 (``?mode=present``): shown first when the last
meeting assigned anything (``etl.brief.followthrough.FollowBrief`` in ``BriefData.follow``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl import brief
from pages._shared import charts_present as cp
from pages._shared import theme
from pages._shared.i18n import t
from pages._shared.present_slides import P, _chart, _kpi_card, _note, md_escape

ROWS = 6
STATUS_KEYS = {"已完成": "done", "推进中": "in_progress", "逾期未完成": "overdue", "来源已撤回": "withdrawn"}
COLOURS = {"done": P.good, "in_progress": P.text, "overdue": P.bad, "withdrawn": P.muted}


def slide_followup(d: brief.BriefData, lang: str) -> None:
    fb = d.follow
    if fb is None or not fb.has_items:
        _note(t("asg.none", lang=lang))
        return
    cols = st.columns(4, gap="medium")
    for i, (col, status) in enumerate(zip(cols, ("done", "in_progress", "overdue", "withdrawn"), strict=True)):
        with col:
            _kpi_card(20 + i, t(f"asg.status.{status}", lang=lang), theme.fmt_int(fb.counts[status], lang), [])
    items = fb.items.head(ROWS)
    with st.container(key="phead_followup"):
        line = t("present.followup.meeting", lang=lang, date=theme.fmt_date(fb.last_meeting, lang))
        if len(fb.items) > ROWS:
            line += " · " + t("present.followup.more", lang=lang, n=len(fb.items) - ROWS)
        st.markdown(md_escape(line))
    status = [STATUS_KEYS.get(s, "in_progress") for s in items["落实情况"]]
    tbl = pd.DataFrame({
        t("asg.col.assignee", lang=lang): items["交办对象"],
        t("asg.col.title", lang=lang): items["交办内容"],
        t("asg.col.due", lang=lang): items["完成期限"],
        t("asg.col.status", lang=lang): [t(f"asg.status.{s}", lang=lang) for s in status],
    })  # fmt: skip
    _chart(cp.table(tbl, p=P, widths=[1.6, 4.0, 1.8, 1.6], height=60 + 52 * len(tbl) + 20,
                    colours={tbl.columns[3]: [COLOURS[s] for s in status]}), "followup")  # fmt: skip
