"""隐患趋势 Sector trends: stacked and small multiples by sector, general vs major,
year on year, a town x sector heat map, and a per-sector drill to towns and frequent problems."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._shared import charts, filters, scope, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import category_label, sector_label, t
from pages._shared.safe import t_md

f = filters.current()
status = st.session_state["_status"]
lang, p = f.lang, f.palette

if not widgets.page_header("trends.title", f, status):
    st.stop()
scope.partial_notice(f)
partial = f.partial_months()

filters.url_state("grain", ["month", "quarter"], "month")
grain = st.segmented_control(t("trends.grain"), ["month", "quarter"], key="grain",
                             format_func=lambda g: t(f"grain.{g}")) or "month"  # fmt: skip
params = f.params()
sm = query("sector_monthly", grain=grain, **params)
if sm.empty:
    widgets.empty("empty.filter")
    st.stop()
sub = widgets.subtitle(f)

widgets.chart(
    charts.sector_stacked(sm, p=p, lang=lang, grain=grain, title=t("trends.stacked"), subtitle=sub,
                          partial=partial),
    key="tr_stacked", filename=t("trends.stacked"), drill_to=[filters.KEY_SECTOR], hint=t("chart.click_hint"),
)  # fmt: skip
scope.partial_caption(f, grain)
widgets.chart(
    charts.sector_small_multiples(sm, p=p, lang=lang, grain=grain, title=t("trends.multiples"), subtitle=sub,
                                  partial=partial),
    key="tr_multiples", filename=t("trends.multiples"), drill_to=[filters.KEY_SECTOR],
)  # fmt: skip

left, right = st.columns(2, gap="large")
with left:
    widgets.chart(
        charts.level_split(sm, p=p, lang=lang, grain=grain, title=t("trends.level"), subtitle=sub, partial=partial),
        key="tr_level", filename=t("trends.level"),
    )  # fmt: skip
with right:
    yoy = query("yoy_monthly", **params)
    # before the first month with data there is nothing to compare with: a gap, not a zero
    first = pd.Timestamp(status["first_found"]).to_period("M").to_timestamp()
    yoy["found_prev_year"] = (
        yoy["found_prev_year"].where(pd.to_datetime(yoy["month"]) - pd.DateOffset(months=12) >= first).astype(float)
    )
    if yoy["found_prev_year"].isna().all():
        st.subheader(t("trends.yoy"))
        widgets.empty("trends.yoy_none")
    else:
        widgets.chart(charts.yoy_chart(yoy, p=p, lang=lang, title=t("trends.yoy"), subtitle=sub),
                      key="tr_yoy", filename=t("trends.yoy"))  # fmt: skip

# ---- drill: the selected sector(s) by town, and their most frequent problems -----------------
scope = (
    ("、" if lang == "zh" else ", ").join(sector_label(s, lang) for s in f.sectors)
    if f.sectors
    else t("trends.all_sectors")
)
st.header(t_md("trends.drill_title", scope=scope), divider="gray")
if not f.sectors:
    st.caption(t("trends.drill_hint"))
c1, c2 = st.columns(2, gap="large")
with c1:
    towns = query("rates_by", dim="town", **params).sort_values(["total", "key"], ascending=[False, True])
    fig = charts.ranking_bars(
        towns, key="key", value="total", labels=towns["key"].tolist(), p=p, lang=lang,
        title=t("trends.by_town"), subtitle=sub, axis_title=t("unit.items_axis"),
        colours=theme.sector_colour(f.sectors[0]) if len(f.sectors) == 1 else p.accent,
    )  # fmt: skip
    widgets.chart(fig, key="tr_towns", filename=t("trends.by_town"), drill_to=[filters.KEY_TOWN],
                  hint=t("chart.click_hint"))  # fmt: skip
with c2:
    kw = query("problem_keywords", **params)
    if kw.empty:
        st.subheader(t("trends.keywords"))
        widgets.empty("empty.chart")
    else:
        kw = kw.head(12)
        fig = charts.ranking_bars(
            kw, key="category", value="found", labels=[category_label(c, lang) for c in kw["category"]], p=p,
            lang=lang, title=t("trends.keywords"), subtitle=sub, axis_title=t("unit.items_axis"), colours=p.general,
        )  # fmt: skip
        widgets.chart(fig, key="tr_keywords", filename=t("trends.keywords"))

top = query("top_descriptions", limit=5, **params)
if not top.empty:
    # the county's most frequent problems first, whatever their sector
    top = top.sort_values(["found", "major", "description"], ascending=[False, False, True])
    st.subheader(t("trends.top_desc"))
    table = pd.DataFrame(
        {
            t("col.sector"): [sector_label(s, lang) for s in top["sector"]],
            t("col.description"): top["description"],
            t("col.found"): top["found"],
            t("col.major"): top["major"],
        }
    )
    widgets.table(table, key="tr_top_desc", filename=t("trends.top_desc"), f=f, title=t("trends.top_desc"),
                  height=min(420, 38 + 35 * len(table)))  # fmt: skip

# ---- heat map: towns x sectors; a click filters both ----------------------------------------
grid = query("town_sector_grid", **params)
if not grid.empty:
    town_order = grid.groupby("town")["found"].sum().sort_values(ascending=False).index.tolist()
    widgets.chart(
        charts.heat_grid(grid, value="found", p=p, lang=lang, title=t("trends.heat"), subtitle=sub, towns=town_order),
        key="tr_heat", filename=t("trends.heat"), drill_to=[filters.KEY_TOWN, filters.KEY_SECTOR],
        hint=t("chart.click_cell_hint"),
    )  # fmt: skip
