"""隐患明细 Hazard explorer: the rows behind any chart, with each hazard's status history
and its source (file, sheet, row). Uses the global filters plus status and a text search."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from pages._shared import filters, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import level_label, method_label, owner_label, sector_label, status_label, t
from pages._shared.safe import md, t_md

PAGE_SIZE = 500

f = filters.current()
status = st.session_state["_status"]
lang = f.lang

if not widgets.page_header("explorer.title", f, status):
    st.stop()

c1, c2 = st.columns([2, 3])
STATES = ["all", "open", "overdue", "rectified"]
filters.url_state("state", STATES, "all")
state = c1.segmented_control(
    t("explorer.state"), STATES, key="state",
    format_func=lambda s: t("state.all") if s == "all" else status_label(s, lang),
) or "all"  # fmt: skip
search = c2.text_input(t("explorer.search"), key="q", bind="query-params").strip() or None
params = {**f.params(), "state": None if state == "all" else state, "search": search}

n = int(query("hazard_count", **params).iloc[0]["n"])
if n == 0:
    widgets.empty("empty.filter")
    st.stop()
pages = max(1, math.ceil(n / PAGE_SIZE))
c3, c4 = st.columns([3, 1])
c3.markdown(f"**{t('explorer.count', n=theme.fmt_int(n, lang))}**")
page = 1
if pages > 1:
    page = int(c4.number_input(t("explorer.page", size=PAGE_SIZE), 1, pages, 1, key="pg"))
rows = query("hazard_list", limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, **params)

show = pd.DataFrame(
    {
        t("col.found_date"): rows["found_date"],
        t("col.town"): rows["town"],
        t("col.sector"): [sector_label(s, lang) for s in rows["sector"]],
        t("col.level"): [level_label(x, lang) for x in rows["level"]],
        t("col.entity_name"): rows["entity_name"],
        t("col.description"): rows["description"],
        t("col.status"): [status_label(s, lang) for s in rows["status_asof"]],
        t("col.deadline"): rows["deadline"],
        t("col.rectified_date"): pd.to_datetime(rows["rectified_date"]),  # all-empty stays a date column
        t("col.days_overdue"): rows["days_overdue"].astype("Int64"),
        t("col.department"): [owner_label(d, led, lang)
                              for d, led in zip(rows["department"], rows["ledger_department"], strict=True)],
        t("col.source_file"): rows["source_file"],
        t("col.source_sheet"): rows["source_sheet"],
        t("col.source_row"): rows["source_row"].astype("Int64"),
    }  # the internal hazard key (a hash) is not shown: the ledger's own number is in the detail
)
event = widgets.table(
    show, key="ex_table", filename=t("explorer.title"), f=f, title=t("explorer.title"), height=430, on_select=True,
    column_config={t("col.description"): st.column_config.TextColumn(width="large")},
)  # fmt: skip
if pages > 1:
    st.caption(t("explorer.page_of", page=page, pages=pages))


def _detail(event: object) -> None:
    """The picked hazard: its fields, source and status history (returns when none is picked;
    no st.stop here, so the shell still writes every filter to the URL after the page)."""
    selected = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if not selected or selected[0] >= len(rows):
        st.info(t("explorer.pick"), icon=":material/touch_app:")
        return

    key = rows.iloc[selected[0]]["hazard_key"]
    detail = query("hazard_detail", hazard_key=key)
    if detail.empty:
        st.warning(t("explorer.no_history"))
        return
    d = detail.iloc[0]
    st.subheader(t_md("explorer.detail", entity=d["entity_name"] or "—"))
    info = {
        t("col.source_hazard_id"): d["source_hazard_id"] or "—",
        t("col.town"): d["town"],
        t("col.sector"): sector_label(d["sector"], lang) + (f"（{d['sector_raw']}）" if d["sector_raw"] else ""),
        t("col.department"): owner_label(d["owner_department"], d["department"], lang),
        t("col.level"): level_label(d["level"], lang),
        t("col.found_date"): theme.fmt_date(d["found_date"], lang),
        t("col.deadline"): theme.fmt_date(d["deadline"], lang),
        t("col.rectified_date"): theme.fmt_date(d["rectified_date"], lang),
        t("col.method"): method_label(d["inspection_method"], lang),
        t("col.description"): d["description"] or "—",
    }
    left, right = st.columns(2)
    items = list(info.items())
    half = math.ceil(len(items) / 2)
    for col, chunk in ((left, items[:half]), (right, items[half:])):
        col.markdown("\n".join(f"- **{k}**：{md(v)}" if lang == "zh" else f"- **{k}**: {md(v)}" for k, v in chunk))
    st.caption(t_md("explorer.source", file=d["source_file"] or "—", sheet=d["source_sheet"] or "—",
                 row=theme.fmt_int(d["source_row"], lang)))  # fmt: skip

    hist = query("hazard_history", hazard_key=key)
    st.markdown(f"**{t('explorer.history')}**")
    if hist.empty:
        st.info(t("explorer.no_history"))
    else:
        hshow = pd.DataFrame(
            {
                t("col.report_month"): [theme.fmt_month(m, lang) for m in hist["report_month"]],
                t("col.status"): [status_label(s, lang) for s in hist["status"]],
                t("col.rectified_date"): pd.to_datetime(hist["rectified_date"]),
                t("col.deadline"): hist["deadline"],
                t("col.source_file"): hist["source_file"],
                t("col.source_sheet"): hist["source_sheet"],
                t("col.source_row"): hist["source_row"].astype("Int64"),
                t("col.loaded_at"): hist["loaded_at"],
            }
        )
        widgets.table(hshow, key="ex_history", filename=f"{t('explorer.history')}_{key}", f=f, title=t("explorer.history"))


_detail(event)
