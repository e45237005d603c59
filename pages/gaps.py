"""监管盲区与薄弱环节 Supervision gaps: eight analyses over ledgers, inspection logs and the registry.

1 coverage heat map (town × sector), 2 units not inspected (high risk first), 3 no owner,
4 reporting discipline (12 months), 5 follow-through by department vs the county, 6 weakening
down the levels, 7 enforcement strength (宽松软虚), 8 repeat hazards. Every section: a chart or
ranked table, one line saying what it means, and the rows behind it. Clicks on charts write
the global filter keys (town/sector/department) or this page's own bound keys (``gaplvl``,
``gapkey``, ``gapdim``), so a link reproduces the view. Layout only: figures come from the
named queries ``etl/read/sql/gap_*.sql``, charts from ``charts_gaps.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from etl.read.levels import LEVEL_MIN_VISITS, LEVEL_RATIO, chain_pairs
from pages._shared import charts_gaps as cg
from pages._shared import filters, scope, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import department_label, level_label, method_label, sector_label, status_label, t

LIMIT = 300  # rows in a drill-down table
MIN_VISITS = 5  # a team/department/method needs this many visits to be ranked
KEY_LEVEL_PICK, KEY_ENF_DIM, KEY_ENF_PICK = "gaplvl", "gapdim", "gapkey"
ENF_DIMS = ("inspectors", "department", "method")

f = filters.current()
status = st.session_state["_status"]
lang, p = f.lang, f.palette

if not widgets.page_header("gaps.title", f, status):
    st.stop()
params = f.params()
sub = widgets.subtitle(f)
st.caption(t("gaps.intro"))


# ---- helpers ------------------------------------------------------------------------------------


def _allowed_values() -> dict[str, set[str] | None]:
    """Values the sidebar multiselects offer: a drill must not write anything else."""
    opts = query("filter_options")
    return {
        filters.KEY_TOWN: set(opts.loc[opts["kind"] == "town", "value"]),
        filters.KEY_DEPT: set(opts.loc[opts["kind"] == "department", "value"]),
        filters.KEY_SECTOR: None,  # every sector code is offered
    }


ALLOWED = _allowed_values()


def show_chart(fig, *, key: str, filename: str, targets: list[str] | None = None, hint: str | None = None) -> None:
    """``widgets.chart``, drilling only to values the sidebar offers (see ``_allowed_values``)."""
    widgets.chart(fig, key=key, filename=filename, drill_to=targets, hint=hint, allowed=ALLOWED)


def explain(key: str) -> None:
    widgets.note(t(key))


def more_rows(df: pd.DataFrame) -> None:
    if not df.empty and int(df["total_rows"].iloc[0]) > len(df):
        st.caption(t("gaps.rows_more", n=len(df), total=f"{int(df['total_rows'].iloc[0]):,}"))


def risk_label(code: object) -> str:
    return t(f"gaps.risk.{code}") if isinstance(code, str) and code else t("gaps.risk._none")


def who_label(code: str) -> str:
    return t(f"gaps.level.{code}")


def keep_options(key: str, options: Iterable[str]) -> None:
    """Drop a stale selection (e.g. from a link) that the widget no longer offers."""
    cur = st.session_state.get(key)
    if isinstance(cur, list):
        opts = set(options)
        st.session_state[key] = [v for v in cur if v in opts]


def date_col(s: pd.Series) -> list[str]:
    return theme.fmt_dates(s, lang)


# ---- data ---------------------------------------------------------------------------------------
gs = query("gap_status", **params).iloc[0]
has_registry = int(gs["registry_units"]) > 0
has_visits = int(gs["inspections_window"]) > 0
if has_registry:
    ledger_note = int(gs["ledger_visits_window"])  # counted for coverage: say how many
    st.caption(t("gaps.registry_note", units=f"{int(gs['registry_units']):,}",
                 month=theme.fmt_month(gs["registry_month"], lang), n=f"{int(gs['inspections_window']):,}")
               + (t("gaps.registry_note.ledger", n=f"{ledger_note:,}") if ledger_note else ""))  # fmt: skip

cov = query("gap_coverage", **params) if has_registry else pd.DataFrame()
owner = query("gap_no_owner", **params)
rep = query("gap_reporting", **params)
follow = query("gap_followthrough", **params)
enf = query("gap_enforcement_kpis", **params).iloc[0]
ledger_visits = int(enf["ledger_visits"])  # hazard ledgers' 无隐患 visits: left out of per-visit figures
rep_sectors = query("gap_repeat_sectors", **params)
agreed_owners = int(owner["hazards_agreed"].sum())  # ledger named no department, a 会商 agreed one

# ---- headline cards -------------------------------------------------------------------------------
period = scope.card_period(f)
units_total = int(cov["units"].sum()) if not cov.empty else 0
coverage = cov["inspected"].sum() / units_total if units_total else None
town_missed = int(rep.loc[rep["reporter_type"] == "town", "reported"].eq(False).sum()) if not rep.empty else None
widgets.kpi_row(
    [
        widgets.Kpi(t("gaps.kpi.coverage"), coverage, "rate", help=t("gaps.kpi.coverage.help"), scope=period),
        widgets.Kpi(t("gaps.kpi.never_high"), int(cov["uninspected_high"].sum()) if not cov.empty else None, "count",
                    scope=period),
        widgets.Kpi(t("gaps.kpi.no_owner"), int(owner["hazards_no_owner"].sum()), "count", scope=period,
                    help=t("gaps.kpi.no_owner.help", n=f"{agreed_owners:,}") if agreed_owners else None),
        widgets.Kpi(t("gaps.kpi.missed"), town_missed, "count", scope=t("scope.card.asof", asof=theme.fmt_date(f.as_of, lang))),
        widgets.Kpi(t("gaps.kpi.zero_share"), enf["zero_share"], "rate", scope=period,
                    help=t("gaps.kpi.zero_share.help", n=ledger_visits) if ledger_visits else None),
        widgets.Kpi(t("gaps.kpi.repeat"), int(rep_sectors["repeats"].sum()), "count", scope=period),
    ],
    lang,
    per_row=6,
    with_deltas=False,
)

# ---- the eight views, one tab each (the cards above are the summary) -------------------------------
TAB_KEYS = [f"gaps.tab.{i}" for i in range(1, 9)]
st.caption(t("gaps.tabs_hint"))
tabs = st.tabs([t(k) for k in TAB_KEYS])

# ---- 1 coverage ----------------------------------------------------------------------------------
with tabs[0]:
    st.subheader(t("gaps.cov.title"))
    explain("gaps.cov.explain")
    if not has_registry:
        widgets.empty("gaps.no_registry")
    elif cov.empty:
        widgets.empty("empty.filter")
    else:
        fig = cg.coverage_heat(cov, p=p, lang=lang, title=t("gaps.cov.chart"), subtitle=sub)
        show_chart(fig, key="gap_cov", filename=t("gaps.cov.title"), targets=[filters.KEY_TOWN, filters.KEY_SECTOR],
                   hint=t("gaps.cov.hint"))  # fmt: skip
        with st.expander(t("gaps.drill")):
            c = cov.sort_values(["coverage", "units"], ascending=[True, False])
            widgets.table(pd.DataFrame({
                t("gaps.col.town"): c["town"],
                t("gaps.col.sector"): [sector_label(s, lang) for s in c["sector"]],
                t("gaps.col.units"): c["units"],
                t("gaps.col.inspected"): c["inspected"],
                t("gaps.col.uninspected"): c["uninspected"],
                t("gaps.col.coverage"): [theme.fmt_pct(v, lang) for v in c["coverage"]],
            }), key="gap_cov_t", filename=t("gaps.cov.title"), f=f, title=t("gaps.cov.title"))  # fmt: skip

# ---- 2 never inspected ----------------------------------------------------------------------------
with tabs[1]:
    st.subheader(t("gaps.never.title"))
    explain("gaps.never.explain")
    if not has_registry:
        widgets.empty("gaps.no_registry")
    else:
        never = query("gap_never_inspected", limit=LIMIT, **params)
        if never.empty:
            st.success(t("gaps.never.none"))
        else:
            total_never = int(never["total_rows"].iloc[0])
            high_never = int(cov["uninspected_high"].sum())
            st.markdown("**" + t("gaps.never.summary", total=f"{total_never:,}", high=f"{high_never:,}") + "**")
            widgets.table(pd.DataFrame({
                t("gaps.col.risk"): [risk_label(r) for r in never["risk_level"]],
                t("gaps.col.entity"): never["entity_name"],
                t("gaps.col.town"): never["town"],
                t("gaps.col.sector"): [sector_label(s, lang) for s in never["sector"]],
                t("gaps.col.department"): [department_label(d, lang) for d in never["department"]],
                t("gaps.col.open_hazards"): never["open_hazards"],
                t("gaps.col.hazards_on_record"): never["hazards_on_record"],
                t("gaps.col.last_supervisory"): theme.fmt_dates(never["last_supervisory"], lang,
                                                                t("gaps.never_on_record")),
                t("gaps.col.last_self"): theme.fmt_dates(never["last_self"], lang, t("gaps.no_self_on_record")),
                t("gaps.col.credit_code"): never["credit_code"].fillna(""),
            }), key="gap_never_t", filename=t("gaps.never.title"), f=f, title=t("gaps.never.title"),
                height=min(420, 38 + 35 * len(never)))  # fmt: skip
            more_rows(never)

# ---- 3 no owner -----------------------------------------------------------------------------------
with tabs[2]:
    st.subheader(t("gaps.owner.title"))
    explain("gaps.owner.explain")
    if agreed_owners:
        st.caption(t("gaps.owner.agreed", n=f"{agreed_owners:,}"))
    if owner.empty or int(owner["hazards_no_owner"].sum() + owner["units_no_owner"].sum()) == 0:
        st.success(t("gaps.owner.none"))
    else:
        fig = cg.no_owner_bars(owner, p=p, lang=lang, title=t("gaps.owner.chart"), subtitle=sub)
        show_chart(fig, key="gap_owner", filename=t("gaps.owner.title"), targets=[filters.KEY_SECTOR],
                   hint=t("chart.click_hint"))  # fmt: skip
        with st.expander(t("gaps.drill")):
            rows = query("gap_no_owner_rows", limit=LIMIT, **params)
            widgets.table(pd.DataFrame({
                t("gaps.col.kind"): [t(f"gaps.owner.kind.{k}") for k in rows["kind"]],
                t("gaps.col.town"): rows["town"],
                t("gaps.col.sector"): [sector_label(s, lang) for s in rows["sector"]],
                t("gaps.col.entity"): rows["entity_name"],
                t("gaps.col.description"): rows["description"].fillna(""),
                t("gaps.col.level"): [level_label(v, lang) if isinstance(v, str) else "" for v in rows["level"]],
                t("gaps.col.found_date"): date_col(rows["found_date"]),
                t("gaps.col.status"): [status_label(v, lang) if isinstance(v, str) else "" for v in rows["status_asof"]],
                t("gaps.col.risk"): [risk_label(r) if k == "unit" else "" for k, r in zip(rows["kind"], rows["risk_level"], strict=True)],
            }), key="gap_owner_t", filename=t("gaps.owner.title"), f=f, title=t("gaps.owner.title"))  # fmt: skip

# ---- 4 reporting discipline -----------------------------------------------------------------------
with tabs[3]:
    st.subheader(t("gaps.rep.title"))
    explain("gaps.rep.explain")
    if rep.empty:
        widgets.empty("gaps.rep.no_data")
    else:
        towns_r = rep[rep["reporter_type"] == "town"]
        depts_r = rep[rep["reporter_type"] == "department"]
        months = sorted(rep["month"].unique())
        st.markdown("**" + t("gaps.rep.summary", towns=towns_r["reporter"].nunique(),
                             town_missed=int((~towns_r["reported"].astype(bool)).sum()),
                             depts=depts_r["reporter"].nunique(), dept_missed=int((~depts_r["reported"].astype(bool)).sum()),
                             first=theme.fmt_month(months[0], lang), last=theme.fmt_month(months[-1], lang)) + "**")  # fmt: skip
        left, right = st.columns(2, gap="large")
        for col, part, title_key, target in (
            (left, towns_r, "gaps.rep.towns", filters.KEY_TOWN),
            (right, depts_r, "gaps.rep.depts", filters.KEY_DEPT),
        ):
            with col:
                if part.empty:
                    st.subheader(t(title_key))
                    widgets.empty("empty.chart")
                    continue
                fig = cg.reporting_grid(part, p=p, lang=lang, title=t(title_key), subtitle=t("gaps.rep.legend"))
                show_chart(fig, key=f"gap_rep_{target}", filename=t(title_key), targets=[target], hint=t("gaps.rep.hint"))
        with st.expander(t("gaps.drill")):
            miss = rep[~rep["reported"].astype(bool)]
            per = (
                rep.drop_duplicates(["reporter_type", "reporter"])
                .set_index(["reporter_type", "reporter"])[["missed", "last_reported"]]
                .join(miss.groupby(["reporter_type", "reporter"])["month"].apply(
                    lambda s: "、".join(theme.fmt_month(m, lang, short=True) for m in sorted(s))).rename("months"))
                .reset_index()
                .sort_values(["missed", "reporter"], ascending=[False, True])
            )  # fmt: skip
            widgets.table(pd.DataFrame({
                t("gaps.col.reporter"): per["reporter"],
                t("gaps.col.missed"): per["missed"],
                t("gaps.col.missed_months"): per["months"].fillna(""),
                t("gaps.col.last_reported"): [theme.fmt_month(v, lang) for v in per["last_reported"]],
            }), key="gap_rep_t", filename=t("gaps.rep.title"), f=f, title=t("gaps.rep.title"))  # fmt: skip

# ---- 5 follow-through by department ---------------------------------------------------------------
with tabs[4]:
    st.subheader(t("gaps.follow.title"))
    explain("gaps.follow.explain")
    county = follow[follow["is_county"]]
    depts = follow[~follow["is_county"].astype(bool)]
    if county.empty or int(county["total"].iloc[0]) == 0:
        widgets.empty("empty.filter")
    else:
        crow = county.iloc[0]
        if agreed_owners:  # this breakdown, like the department filter, follows the owning department
            st.caption(t("gaps.follow.agreed", n=f"{agreed_owners:,}"))
        fig = cg.followthrough_bars(depts, crow, p=p, lang=lang, title=t("gaps.follow.chart"), subtitle=sub)
        show_chart(fig, key="gap_follow", filename=t("gaps.follow.title"), targets=[filters.KEY_DEPT],
                   hint=t("chart.click_hint"))  # fmt: skip
        with st.expander(t("gaps.drill")):
            both = pd.concat([county, depts])
            widgets.table(pd.DataFrame({
                t("gaps.col.department"): [t("gaps.follow.county") if c else department_label(d, lang)
                                           for c, d in zip(both["is_county"], both["department"], strict=True)],
                t("gaps.col.total"): both["total"],
                t("gaps.col.rect_rate"): [theme.fmt_pct(v, lang) for v in both["rect_rate"]],
                t("gaps.col.vs_county"): ["" if c or pd.isna(v) else
                                          t("kpi.pp", v=f"{(v - crow['rect_rate']) * 100:+.1f}")
                                          for c, v in zip(both["is_county"], both["rect_rate"], strict=True)],
                t("gaps.col.overdue"): both["overdue"],
                t("gaps.col.major_total"): both["major_total"],
                t("gaps.col.days_median"): both["days_median"].round(1),
                # how many of a department's hazards a 会商 gave it (shown once any meeting did)
                **({t("gaps.col.agreed"): both["agreed"]} if agreed_owners else {}),
            }), key="gap_follow_t", filename=t("gaps.follow.title"), f=f, title=t("gaps.follow.title"))  # fmt: skip

# ---- 6 weakening down the levels ------------------------------------------------------------------
with tabs[5]:
    st.subheader(t("gaps.levels.title"))
    explain("gaps.levels.explain")
    levels = query("gap_levels", **params)
    level_ledger = int(levels["ledger_visits"].sum()) if not levels.empty else 0
    if levels.empty or int(levels["inspections"].sum()) + level_ledger == 0:
        widgets.empty("gaps.no_inspections")
    else:
        if int(levels["inspections"].sum()) == 0:  # only ledgers' 无隐患 visits: no per-visit figure
            widgets.empty("gaps.no_log_visits", n=level_ledger)
        else:
            fig = cg.level_panels(levels, p=p, lang=lang, title=t("gaps.levels.chart"), subtitle=sub)
            show_chart(fig, key="gap_levels", filename=t("gaps.levels.title"), targets=[KEY_LEVEL_PICK],
                       hint=t("gaps.levels.hint"))  # fmt: skip
            pairs = chain_pairs(levels)
            if pairs:  # county → town → village, each held against the level above (etl.read.levels)
                st.caption(t("gaps.levels.chain", share=theme.fmt_pct(LEVEL_RATIO, lang, digits=0), n=LEVEL_MIN_VISITS,
                             pairs=("；" if lang == "zh" else "; ").join(
                                 t("gaps.levels.pair", lower=who_label(c.lower), upper=who_label(c.upper),
                                   share="—" if c.ratio is None else theme.fmt_pct(c.ratio, lang))
                                 + (" ▼" if c.weak else "") for c in pairs)))  # fmt: skip
            if level_ledger:
                st.caption(t("gaps.levels.ledger_visits", n=level_ledger))
        st.caption(t("gaps.levels.rule"))
        codes = levels["who_level"].tolist()
        keep_options(KEY_LEVEL_PICK, codes)
        with st.expander(t("gaps.drill"), expanded=bool(st.session_state.get(KEY_LEVEL_PICK))):
            widgets.table(pd.DataFrame({
                t("gaps.col.who_level"): [who_label(v) for v in levels["who_level"]],
                t("gaps.col.inspections"): levels["inspections"],
                t("gaps.col.ledger_visits"): levels["ledger_visits"],
                t("gaps.col.hazards_found"): levels["hazards_found"].astype(int),
                t("gaps.col.major_found"): levels["major_found"].astype(int),
                t("gaps.col.per_insp"): levels["hazards_per_insp"].round(2),
                t("gaps.col.major_per_100"): levels["major_per_100"].round(1),
                t("gaps.col.hazards"): levels["hazards"],
                t("gaps.col.rect_rate"): [theme.fmt_pct(v, lang) for v in levels["rect_rate"]],
                t("gaps.col.major_rect_rate"): [theme.fmt_pct(v, lang) for v in levels["major_rect_rate"]],
            }), key="gap_levels_t", filename=t("gaps.levels.title"), f=f, title=t("gaps.levels.title"))  # fmt: skip
            picked = st.pills(t("gaps.levels.pick"), codes, selection_mode="multi", key=KEY_LEVEL_PICK,
                              bind="query-params", format_func=who_label)  # fmt: skip
            if picked:
                # every visit of the level, a ledger's 无隐患 ones too (the table counts both; 来源 says which)
                frames = [query("gap_inspection_rows", who_level=lv, team=None, method=None, insp_department=None,
                                zero_only=None, include_self=True, logs_only=False, limit=LIMIT, **params)
                          for lv in picked]  # fmt: skip
                visits = pd.concat(frames).sort_values("inspection_date", ascending=False)
                widgets.table(pd.DataFrame({
                    t("gaps.col.date"): date_col(visits["inspection_date"]),
                    t("gaps.col.town"): visits["town"],
                    t("gaps.col.entity"): visits["entity_name"],
                    t("gaps.col.who_level"): [who_label(v) for v in visits["who_level"]],
                    t("gaps.col.insp_department"): [department_label(d, lang) for d in visits["department"]],
                    t("gaps.col.method"): [method_label(m or None, lang) for m in visits["method"]],
                    t("gaps.col.inspectors"): visits["inspectors"],
                    t("gaps.col.hazards_found"): visits["hazards_found"],
                    t("gaps.col.major_found"): visits["major_found"],
                    t("gaps.col.source"): [t(f"gaps.source.{s}") for s in visits["source_kind"]],
                }), key="gap_levels_rows", filename=t("gaps.levels.pick"), f=f, title=t("gaps.levels.pick"))  # fmt: skip
                for fr in frames:
                    more_rows(fr)

# ---- 7 enforcement strength -----------------------------------------------------------------------
with tabs[6]:
    st.subheader(t("gaps.enf.title"))
    explain("gaps.enf.explain")
    if int(enf["inspections"]) == 0:
        if ledger_visits:
            widgets.empty("gaps.no_log_visits", n=ledger_visits)
        else:
            widgets.empty("gaps.no_inspections")
    else:
        widgets.kpi_row(
            [
                widgets.Kpi(t("gaps.enf.kpi.zero"), enf["zero_share"], "rate"),
                widgets.Kpi(
                    t("gaps.enf.kpi.per_100"),
                    None if pd.isna(enf["hazards_per_insp"]) else round(float(enf["hazards_per_insp"]) * 100),
                    "count",
                ),
                widgets.Kpi(t("gaps.enf.kpi.penalty"), enf["major_penalty_rate"], "rate"),
                widgets.Kpi(t("gaps.enf.kpi.unannounced"), enf["unannounced_share"], "rate"),
            ],
            lang,
            per_row=4,
            with_deltas=False,
        )
        if ledger_visits:
            st.caption(t("gaps.enf.ledger_visits", n=ledger_visits))
        dim = st.segmented_control(t("gaps.enf.dim"), ENF_DIMS, key=KEY_ENF_DIM, bind="query-params", default="inspectors",
                                   format_func=lambda d: t(f"gaps.enf.dim.{d}")) or "inspectors"  # fmt: skip
        by = query("gap_enforcement_by", dim=dim, min_n=MIN_VISITS, **params)

        def key_label(k: str) -> str:
            if dim == "method":
                return method_label(k or None, lang)
            if dim == "department":
                return department_label(k, lang)
            return k or t("method._none")

        title = t("gaps.enf.chart", dim=t(f"gaps.enf.dim.{dim}"), n=MIN_VISITS)
        if by.empty:
            widgets.empty("gaps.enf.none", dim=t(f"gaps.enf.dim.{dim}"), n=MIN_VISITS)
        else:
            top = by.head(12)
            labels = [key_label(k) + (f"（{d}）" if dim == "inspectors" and d else "")
                      for k, d in zip(top["key"], top["department"], strict=True)]  # fmt: skip
            fig = cg.zero_share_bars(top, labels=labels, county_share=enf["zero_share"], p=p, lang=lang, title=title,
                                     subtitle=sub)  # fmt: skip
            show_chart(fig, key=f"gap_enf_{dim}", filename=title, targets=[KEY_ENF_PICK], hint=t("gaps.enf.hint"))
        keys = by["key"].tolist()
        keep_options(KEY_ENF_PICK, keys)
        with st.expander(t("gaps.drill"), expanded=bool(st.session_state.get(KEY_ENF_PICK))):
            if not by.empty:
                widgets.table(pd.DataFrame({
                    t("gaps.col.key"): [key_label(k) for k in by["key"]],
                    t("gaps.col.insp_department"): [department_label(d, lang) for d in by["department"]],
                    t("gaps.col.inspections"): by["inspections"],
                    t("gaps.col.zero_found"): by["zero_found"],
                    t("gaps.col.zero_share"): [theme.fmt_pct(v, lang) for v in by["zero_share"]],
                    t("gaps.col.per_insp"): by["hazards_per_insp"].round(2),
                    t("gaps.col.major_found"): by["major_found"].astype(int),
                }), key="gap_enf_t", filename=title, f=f, title=title)  # fmt: skip
            c1, c2 = st.columns([3, 1])
            picked = c1.multiselect(t("gaps.enf.pick"), keys, key=KEY_ENF_PICK, bind="query-params", format_func=key_label,
                                    placeholder=t("filters.placeholder"))  # fmt: skip
            zero_only = c2.toggle(t("gaps.enf.zero_only"), value=True, key="gap_zero_only")
            if picked:
                frames = []
                for k in picked:
                    sel = {"team": None, "method": None, "insp_department": None}
                    sel[{"inspectors": "team", "method": "method", "department": "insp_department"}[dim]] = k
                    frames.append(query("gap_inspection_rows", who_level=None, zero_only=zero_only, include_self=False,
                                        logs_only=True, limit=LIMIT, **sel, **params))  # fmt: skip
                visits = pd.concat(frames).sort_values("inspection_date", ascending=False)
                widgets.table(pd.DataFrame({
                    t("gaps.col.date"): date_col(visits["inspection_date"]),
                    t("gaps.col.town"): visits["town"],
                    t("gaps.col.entity"): visits["entity_name"],
                    t("gaps.col.sector"): [sector_label(s, lang) for s in visits["sector"]],
                    t("gaps.col.insp_department"): [department_label(d, lang) for d in visits["department"]],
                    t("gaps.col.method"): [method_label(m or None, lang) for m in visits["method"]],
                    t("gaps.col.inspectors"): visits["inspectors"],
                    t("gaps.col.hazards_found"): visits["hazards_found"],
                    t("gaps.col.major_found"): visits["major_found"],
                    t("gaps.col.penalty"): visits["penalty_yuan"].round(0),
                }), key="gap_enf_rows", filename=t("gaps.enf.pick"), f=f, title=t("gaps.enf.pick"))  # fmt: skip
                for fr in frames:
                    more_rows(fr)

# ---- 8 repeat hazards ------------------------------------------------------------------------------
with tabs[7]:
    st.subheader(t("gaps.rep8.title"))
    explain("gaps.rep8.explain")
    if int(rep_sectors["repeats"].sum()) == 0:
        st.success(t("gaps.rep8.none"))
    else:
        left, right = st.columns([2, 3], gap="large")
        with left:
            fig = cg.repeat_bars(rep_sectors, p=p, lang=lang, title=t("gaps.rep8.chart"), subtitle=sub)
            show_chart(fig, key="gap_repeat", filename=t("gaps.rep8.title"), targets=[filters.KEY_SECTOR],
                       hint=t("chart.click_hint"))  # fmt: skip
        with right:
            units = query("gap_repeat_units", limit=LIMIT, **params)
            st.markdown(f"**{t('gaps.rep8.units')}**")
            widgets.table(pd.DataFrame({
                t("gaps.col.entity"): units["entity_name"],
                t("gaps.col.town"): units["town"],
                t("gaps.col.sector"): [sector_label(s, lang) for s in units["sector"]],
                t("gaps.col.repeats"): units["repeats"],
                t("gaps.col.open_repeats"): units["open_repeats"],
                t("gaps.col.examples"): units["examples"],
                t("gaps.col.last_found"): date_col(units["last_found"]),
            }), key="gap_repeat_units_t", filename=t("gaps.rep8.units"), f=f, title=t("gaps.rep8.units"),
                height=min(400, 38 + 35 * len(units)))  # fmt: skip
            more_rows(units)
        with st.expander(t("gaps.rep8.rows")):
            rows = query("gap_repeat_rows", limit=LIMIT, **params)
            widgets.table(pd.DataFrame({
                t("gaps.col.found_date"): date_col(rows["found_date"]),
                t("gaps.col.town"): rows["town"],
                t("gaps.col.entity"): rows["entity_name"],
                t("gaps.col.description"): rows["description"],
                t("gaps.col.level"): [level_label(v, lang) for v in rows["level"]],
                t("gaps.col.status"): [status_label(v, lang) for v in rows["status"]],
                t("gaps.col.prev_found"): date_col(rows["prev_found"]),
                t("gaps.col.prev_rectified"): date_col(rows["prev_rectified"]),
                t("gaps.col.days_since"): rows["days_since_rectified"],
            }), key="gap_repeat_rows_t", filename=t("gaps.rep8.rows"), f=f, title=t("gaps.rep8.rows"))  # fmt: skip
            more_rows(rows)
