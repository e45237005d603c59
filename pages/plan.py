"""下月检查计划 Inspection plan: the KPI 高风险单位检查频次达标率 by town, department and sector,
and next month's list of units to visit with the reason for each, by priority, department or
town, exportable. Layout only: rows from the named query ``plan_units``; who is due and why
from ``etl.read.plan`` under ``config/plan.toml``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.read import config, plan
from pages._shared import filters, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import department_label, sector_label, t

f = filters.current()
status = st.session_state["_status"]
lang = f.lang

if not widgets.page_header("plan.title", f, status):
    st.stop()
conf, problems = config.load_plan()
widgets.settings_problems(problems, "plan.cfg.problem", lang)
month = f.headline
if month is None:
    widgets.empty("empty.filter")
    st.stop()

params = plan.params_for(month, f.params())
the_plan = plan.build_from(query("plan_units", **params), conf, params["plan_start"])
plan_month = theme.fmt_month(params["plan_start"], lang)
widgets.note(t("plan.intro", month=plan_month, asof=theme.fmt_date(f.as_of, lang)))
if int(query("score_status").iloc[0]["registry_units"]) == 0:
    st.info(t("plan.no_registry"), icon=":material/info:")


def risk_label(code: object) -> str:
    return t(f"plan.risk.{code}") if isinstance(code, str) and code else t("plan.risk._none")


def reason_text(row: pd.Series) -> str:
    parts = []
    for code in row["reasons"]:
        if code == "overdue_major":
            parts.append(t("plan.reason.overdue_major", n=int(row["major_overdue"])))
        elif code == "major_due":
            parts.append(t("plan.reason.major_due", n=int(row["major_due"])))
        elif code == "risk_due":
            last = row["last_visit"]
            when = (t("plan.reason.risk_due.never") if pd.isna(last)
                    else t("plan.reason.risk_due.last", date=theme.fmt_date(last, lang)))  # fmt: skip
            parts.append(
                t("plan.reason.risk_due", risk=risk_label(row["risk_level"]), per=f"{row['expected']:g}", last=when)
            )
        elif code == "never_inspected":
            parts.append(t("plan.reason.never_inspected"))
        elif code == "repeat":
            parts.append(t("plan.reason.repeat", n=int(row["repeats"])))
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


# ---- KPIs ------------------------------------------------------------------------------------------
county = the_plan.frequency_by(None).iloc[0]
rows = the_plan.rows
key_sectors = set(conf.sector_weight)
widgets.kpi_row(
    [
        widgets.Kpi(t("plan.kpi.freq"), None if int(county["units"]) == 0 else county["rate"], "rate", "up",
                    help=t("plan.kpi.freq.help", month=theme.fmt_month(month, lang),
                           red=f"{conf.visits_per_year['red']:g}", orange=f"{conf.visits_per_year['orange']:g}")),
        widgets.Kpi(t("plan.kpi.listed"), len(rows), "count"),
        widgets.Kpi(t("plan.kpi.key"), int(rows["sector"].isin(key_sectors).sum()), "count"),
        widgets.Kpi(t("plan.kpi.majors"), int(((rows["major_overdue"] > 0) | (rows["major_due"] > 0)).sum()), "count"),
    ],
    lang,
    per_row=4,
    with_deltas=False,
)  # fmt: skip

# ---- frequency KPI by group --------------------------------------------------------------------------
st.subheader(t("plan.freq.title"))
filters.url_state("plandim", ("town", "department", "sector"), "town")
dim = st.segmented_control(t("plan.freq.by"), ("town", "department", "sector"), key="plandim",
                           format_func=lambda d: t(f"plan.dim.{d}")) or "town"  # fmt: skip
freq = the_plan.frequency_by(dim)
if freq.empty:
    widgets.empty("plan.no_registry" if int(county["units"]) == 0 else "empty.filter")
else:
    label = {"sector": lambda k: sector_label(k, lang), "department": lambda k: department_label(k, lang)}.get(dim, str)
    shown = pd.DataFrame({
        t(f"plan.dim.{dim}"): [label(k) for k in freq["key"]],
        t("plan.col.units"): freq["units"], t("plan.col.meets"): freq["meets"],
        t("plan.col.rate"): [theme.fmt_pct(r, lang) for r in freq["rate"]],
    })  # fmt: skip
    widgets.table(shown, key=f"plan_freq_{dim}", filename=f"{t('plan.freq.title')}_{t(f'plan.dim.{dim}')}", f=f,
                  title=t("plan.freq.title"))  # fmt: skip

# ---- next month's list ----------------------------------------------------------------------------
title = t("plan.list.title", month=plan_month)
st.subheader(title)
filters.url_state("planorder", ("priority", "department", "town"), "priority")
order = st.segmented_control(t("plan.list.order"), ("priority", "department", "town"), key="planorder",
                             format_func=lambda o: t(f"plan.order.{o}")) or "priority"  # fmt: skip
if rows.empty:
    widgets.empty("plan.list.none")
    st.stop()
if order != "priority":
    rows = rows.sort_values([order, "priority"], ascending=[True, False], kind="stable")
listed = pd.DataFrame({
    t("plan.col.priority"): rows["priority"].round(1),
    t("col.town"): rows["town"],
    t("col.department"): [department_label(d, lang) for d in rows["department"]],
    t("plan.col.unit"): rows["entity_name"],
    t("col.sector"): [sector_label(s, lang) for s in rows["sector"]],
    t("plan.col.risk"): [risk_label(r) for r in rows["risk_level"]],
    t("plan.col.reasons"): [reason_text(r) for _, r in rows.iterrows()],
    t("plan.col.last_visit"): theme.fmt_dates(rows["last_visit"], lang, t("plan.never")),
    t("plan.col.visits"): rows["visits_window"].astype(int),
    t("plan.col.registered"): [t("plan.yes") if r else t("plan.no") for r in rows["in_registry"]],
})  # fmt: skip
widgets.table(listed, key=f"plan_list_{order}", filename=title, f=f, title=title)
