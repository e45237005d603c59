"""总览 Overview: KPI cards with changes, the monthly trend, worst towns and sectors by overdue."""

from __future__ import annotations

import streamlit as st

from pages._shared import charts, filters, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import sector_label, t

f = filters.current()
status = st.session_state["_status"]
lang, p = f.lang, f.palette

if not widgets.page_header("overview.title", f, status):
    st.stop()

# The cards show counts and rates only: kpis_counts skips kpis' two days-to-rectify quantiles.
now = query("kpis_counts", **f.params()).iloc[0]
if int(now["total"]) == 0:
    widgets.empty("empty.filter")
    st.stop()
prev = query("kpis_counts", **f.shifted(-1).params()).iloc[0]
yoy = query("kpis_counts", **f.shifted(-12).params()).iloc[0]


def _cmp(row, col):
    """A comparison value only where that window had hazards (else 'no comparison')."""
    return None if int(row["total"]) == 0 else row[col]


month_name = theme.fmt_month(f.end_month, lang)
cards = [
    widgets.Kpi(t("kpi.found_month", month=month_name), now["found_in_month"], "count", None,
                _cmp(prev, "found_in_month"), _cmp(yoy, "found_in_month")),
    widgets.Kpi(t("kpi.major_month", month=month_name), now["major_in_month"], "count", None,
                _cmp(prev, "major_in_month"), _cmp(yoy, "major_in_month")),
    widgets.Kpi(t("kpi.overdue"), now["overdue"], "count", "down", _cmp(prev, "overdue"), _cmp(yoy, "overdue"),
                help=t("kpi.help.overdue")),
    widgets.Kpi(t("kpi.rect_rate"), now["rect_rate"], "rate", "up", _cmp(prev, "rect_rate"), _cmp(yoy, "rect_rate"),
                help=t("kpi.help.rect_rate")),
    widgets.Kpi(t("kpi.major_rect_rate"), now["major_rect_rate"], "rate", "up", _cmp(prev, "major_rect_rate"),
                _cmp(yoy, "major_rect_rate")),
    widgets.Kpi(t("kpi.ontime_rate"), now["ontime_rate"], "rate", "up", _cmp(prev, "ontime_rate"),
                _cmp(yoy, "ontime_rate"), help=t("kpi.help.ontime")),
]  # fmt: skip
widgets.kpi_row(cards, lang, per_row=3)
st.caption(t("kpi.help.compare"))

trend = query("monthly_trend", **f.params())
widgets.chart(
    charts.trend_combo(trend, p=p, lang=lang, title=t("overview.trend"), subtitle=widgets.subtitle(f)),
    key="ov_trend",
    filename=t("overview.trend"),
)

left, right = st.columns(2, gap="large")
for col, dim, title_key, target in (
    (left, "town", "overview.worst_towns", filters.KEY_TOWN),
    (right, "sector", "overview.worst_sectors", filters.KEY_SECTOR),
):
    with col:
        df = query("counts_by", dim=dim, **f.params())
        df = df[df["overdue"] > 0].sort_values(["overdue", "key"], ascending=[False, True]).head(5)
        if df.empty:
            st.subheader(t(title_key))
            st.success(t("overview.no_overdue"))
            continue
        labels = df["key"].tolist() if dim == "town" else [sector_label(k, lang) for k in df["key"]]
        colours = p.bad if dim == "town" else [theme.sector_colour(k) for k in df["key"]]
        text = [
            f"{int(o):,}（重大 {int(m):,}）" if lang == "zh" else f"{int(o):,} ({int(m):,} major)"
            for o, m in zip(df["overdue"], df["overdue_major"], strict=True)
        ]
        fig = charts.ranking_bars(
            df, key="key", value="overdue", labels=labels, p=p, lang=lang, title=t(title_key),
            subtitle=widgets.subtitle(f), axis_title=t("overview.axis_overdue"), colours=colours, text=text,
        )  # fmt: skip
        widgets.chart(fig, key=f"ov_worst_{dim}", filename=t(title_key), drill_to=[target], hint=t("chart.click_hint"))

st.caption(t("overview.more") + " " + t("chart.png_hint"))
