"""整改情况 Rectification: rates by sector/town/department, overdue ageing, time to rectify,
open major hazards over time (towards "dynamic zero") and the list of overdue majors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._shared import charts, filters, i18n, scope, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import department_label, level_label, sector_label, t

f = filters.current()
status = st.session_state["_status"]
lang, p = f.lang, f.palette

if not widgets.page_header("rect.title", f, status):
    st.stop()
params = f.params()
k = query("kpis", **params).iloc[0]
if int(k["total"]) == 0:
    widgets.empty("empty.filter")
    st.stop()
sub = widgets.subtitle(f)
period = scope.card_period(f)
scope.partial_notice(f)

widgets.kpi_row(
    [
        widgets.Kpi(t("kpi.rect_rate"), k["rect_rate"], "rate", help=t("kpi.help.rect_rate"), scope=period),
        widgets.Kpi(t("kpi.major_rect_rate"), k["major_rect_rate"], "rate", scope=period),
        widgets.Kpi(t("kpi.ontime_rate"), k["ontime_rate"], "rate", help=t("kpi.help.ontime"), scope=period),
        widgets.Kpi(t("kpi.overdue_period"), k["overdue"], "count", help=t("kpi.help.overdue"), scope=period),
    ],
    lang,
    per_row=4,
    with_deltas=False,
)

# ---- rates by dimension ----------------------------------------------------------------------
DIM_TARGET = {"sector": filters.KEY_SECTOR, "town": filters.KEY_TOWN, "department": filters.KEY_DEPT}
METRICS = ("rect_rate", "major_rect_rate", "ontime_rate", "overdue")
c1, c2 = st.columns([1, 2])
filters.url_state("rdim", list(DIM_TARGET), "sector")
filters.url_state("rmetric", METRICS, "rect_rate")
dim = c1.segmented_control(t("rect.dim"), list(DIM_TARGET), key="rdim",
                           format_func=lambda d: t(f"dim.{d}")) or "sector"  # fmt: skip
metric = c2.segmented_control(t("rect.metric"), METRICS, key="rmetric",
                              format_func=lambda m: t(f"metric.{m}")) or "rect_rate"  # fmt: skip


def dim_label(key: str) -> str:
    return i18n.dim_label(dim, key, lang)


rates = query("rates_by", dim=dim, **params)
is_rate = metric != "overdue"
ranked = rates.dropna(subset=[metric]) if is_rate else rates[rates["overdue"] > 0]
ranked = ranked.sort_values([metric, "key"], ascending=[is_rate, True])
title = t("rect.ranking", metric=t(f"metric.{metric}"), dim=t(f"dim.{dim}"))
if ranked.empty:
    st.subheader(title)
    widgets.empty("overview.no_overdue" if not is_rate else "empty.chart")
else:
    if is_rate:
        den = {"rect_rate": "total", "major_rect_rate": "major_total", "ontime_rate": "ontime_due"}[metric]
        text = [f"{theme.fmt_pct(v, lang)} (n={int(n):,})" for v, n in zip(ranked[metric], ranked[den], strict=True)]
    else:
        text = [f"{int(v):,}" for v in ranked[metric]]
    colours = (
        [theme.sector_colour(x) for x in ranked["key"]] if dim == "sector" else (p.bad if not is_rate else p.accent)
    )
    fig = charts.ranking_bars(
        ranked, key="key", value=metric, labels=[dim_label(x) for x in ranked["key"]], p=p, lang=lang, title=title,
        subtitle=sub, axis_title=t(f"metric.{metric}") if is_rate else t("overview.axis_overdue"), colours=colours,
        text=text, percent=is_rate,
    )  # fmt: skip
    widgets.chart(fig, key=f"rc_rank_{dim}", filename=title, drill_to=[DIM_TARGET[dim]], hint=t("chart.click_hint"))
    st.caption(t("rect.ranking_note"))

table = pd.DataFrame(
    {
        t("col.key"): [dim_label(x) for x in rates["key"]],
        t("col.total"): rates["total"],
        t("col.rectified"): rates["rectified"],
        t("col.rect_rate"): [theme.fmt_pct(v, lang) for v in rates["rect_rate"]],
        t("col.major_total"): rates["major_total"],
        t("col.major_rect_rate"): [theme.fmt_pct(v, lang) for v in rates["major_rect_rate"]],
        t("col.ontime_rate"): [theme.fmt_pct(v, lang) for v in rates["ontime_rate"]],
        t("col.overdue"): rates["overdue"],
        t("col.overdue_major"): rates["overdue_major"],
        t("col.days_median"): rates["days_median"].round(1),
        t("col.days_p90"): rates["days_p90"].round(1),
    }
)
with st.expander(t("rect.table", dim=t(f"dim.{dim}")), expanded=False):
    widgets.table(table, key="rc_table", filename=t("rect.table", dim=t(f"dim.{dim}")), f=f,
                  title=t("rect.table", dim=t(f"dim.{dim}")))  # fmt: skip

# ---- ageing and time to rectify ---------------------------------------------------------------
left, right = st.columns(2, gap="large")
with left:
    ageing = query("overdue_ageing", **params)
    if int(ageing["overdue"].sum()) == 0:
        st.subheader(t("rect.ageing"))
        st.success(t("overview.no_overdue"))
    else:
        labels = {b: t(f"bucket.{b}") for b in ageing["bucket"].unique()}
        fig = charts.bucket_bars(ageing, bucket_labels=labels, value="overdue", p=p, lang=lang, title=t("rect.ageing"),
                                 subtitle=sub, axis_title=t("rect.ageing_axis"))  # fmt: skip
        widgets.chart(fig, key="rc_ageing", filename=t("rect.ageing"))
with right:
    days = query("rectify_days", **params)
    if int(days["rectified"].sum()) == 0:
        st.subheader(t("rect.days"))
        widgets.empty("empty.chart")
    else:
        labels = {b: t(f"bucket.{b}") for b in days["bucket"].unique()}
        fig = charts.bucket_bars(days, bucket_labels=labels, value="rectified", p=p, lang=lang, title=t("rect.days"),
                                 subtitle=sub, axis_title=t("rect.days_axis"))  # fmt: skip
        widgets.chart(fig, key="rc_days", filename=t("rect.days"))
        st.caption(t("rect.days_caption", median=theme.fmt_days(k["days_median"], lang),
                     p90=theme.fmt_days(k["days_p90"], lang), n=theme.fmt_int(days["rectified"].sum(), lang)))  # fmt: skip

# ---- open major hazards: stock and flow ---------------------------------------------------------
flow = query("major_stock_flow", **params)
if flow.empty or int(flow[["inflow", "outflow", "stock"]].abs().sum().sum()) == 0 or f.level == "general":
    st.subheader(t("rect.flow"))
    widgets.empty("rect.flow_none")
else:
    widgets.chart(charts.stock_flow(flow, p=p, lang=lang, title=t("rect.flow"), subtitle=sub),
                  key="rc_flow", filename=t("rect.flow"))  # fmt: skip

# ---- overdue major hazards ------------------------------------------------------------------------
LIMIT = 200
st.subheader(t("rect.overdue_majors"))
majors = query("overdue_majors", limit=LIMIT, **params)
if majors.empty:
    st.success(t("rect.overdue_majors_none"))
else:
    total = int(k["overdue_major"])
    if total > len(majors):
        st.caption(t("rect.overdue_majors_more", n=len(majors), total=f"{total:,}"))
    show = pd.DataFrame(
        {
            t("col.days_overdue"): majors["days_overdue"],
            t("col.town"): majors["town"],
            t("col.sector"): [sector_label(s, lang) for s in majors["sector"]],
            t("col.entity_name"): majors["entity_name"],
            t("col.description"): majors["description"],
            t("col.department"): [
                t("rect.agreed_owner", d=department_label(d, lang)) if src == "agreed" else department_label(d, lang)
                for d, src in zip(majors["owner_department"], majors["owner_source"], strict=True)
            ],
            t("col.found_date"): majors["found_date"],
            t("col.deadline"): majors["deadline"],
            t("col.level"): level_label("major", lang),
        }
    )
    widgets.table(show, key="rc_majors", filename=t("rect.overdue_majors"), f=f, title=t("rect.overdue_majors"),
                  height=min(480, 38 + 35 * len(show)))  # fmt: skip
