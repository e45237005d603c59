"""总览 Overview: KPI cards with changes, the monthly trend, worst towns and sectors by overdue.

Every card says its scope: hazards found in the headline month (with how many towns have
reported it), found from the period's start to the headline month, or cumulative (every hazard
found up to the headline month, as the briefing pack counts overdue). A partial month is never
compared with a full one without saying so."""

from __future__ import annotations

import streamlit as st

from pages._shared import charts, filters, scope, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import sector_label, t

f = filters.current()
status = st.session_state["_status"]
lang, p = f.lang, f.palette

if not widgets.page_header("overview.title", f, status):
    st.stop()
scope.partial_notice(f)

# The cards show counts and rates only: kpis_counts skips kpis' two days-to-rectify quantiles.
window = query("kpis_counts", **f.params()).iloc[0]
if int(window["total"]) == 0:
    widgets.empty("empty.filter")
    st.stop()
prev_f, yoy_f = f.shifted(-1), f.shifted(-12)
month_now, month_prev, month_yoy = (query("kpis_counts", **x.month_params()).iloc[0] for x in (f, prev_f, yoy_f))
card_now, card_prev, card_yoy = (query("kpis_counts", **x.card_params()).iloc[0] for x in (f, prev_f, yoy_f))
stock_now, stock_prev, stock_yoy = (query("kpis_counts", **x.stock_params()).iloc[0] for x in (f, prev_f, yoy_f))
reports = scope.comparison_reports(f)


def _note(label_key: str, other) -> str | None:
    """Why a comparison is not made: the headline month or the compared month is partial."""
    for m in (f.headline, other):
        r = reports.get(m)
        if r is not None and r.partial:
            return t("scope.not_comparable", label=t(label_key), month=theme.fmt_month(m, lang))
    return None


prev_note, yoy_note = _note("kpi.vs_prev", prev_f.headline), _note("kpi.vs_yoy", yoy_f.headline)


def _cmp(row, col):
    """A comparison value only where that window had hazards (else 'no comparison')."""
    return None if int(row["total"]) == 0 else row[col]


def kpi(label, rows, col, kind, better, scope_line, help=None):
    now, prev, yoy = rows
    return widgets.Kpi(label, now[col], kind, better, _cmp(prev, col), _cmp(yoy, col), help=help, scope=scope_line,
                       prev_note=prev_note, yoy_note=yoy_note)  # fmt: skip


month_name = theme.fmt_month(f.headline, lang)
MONTH, CARD, STOCK = (month_now, month_prev, month_yoy), (card_now, card_prev, card_yoy), (stock_now, stock_prev,
                                                                                           stock_yoy)  # fmt: skip
cards = [
    kpi(t("kpi.found_month", month=month_name), MONTH, "total", "count", None, scope.card_month(f)),
    kpi(t("kpi.major_month", month=month_name), MONTH, "major_total", "count", None, scope.card_month(f)),
    kpi(t("kpi.overdue_stock"), STOCK, "overdue", "count", "down", scope.card_stock(f), t("kpi.help.overdue_stock")),
    kpi(t("kpi.rect_rate"), CARD, "rect_rate", "rate", "up", scope.card_window(f), t("kpi.help.rect_rate")),
    kpi(t("kpi.major_rect_rate"), CARD, "major_rect_rate", "rate", "up", scope.card_window(f)),
    kpi(t("kpi.ontime_rate"), CARD, "ontime_rate", "rate", "up", scope.card_window(f), t("kpi.help.ontime")),
]
widgets.kpi_row(cards, lang, per_row=3)
st.caption(t("kpi.help.compare"))

trend = query("monthly_trend", **f.params())
widgets.chart(
    charts.trend_combo(trend, p=p, lang=lang, title=t("overview.trend"), subtitle=widgets.subtitle(f),
                       partial=f.partial_months()),
    key="ov_trend",
    filename=t("overview.trend"),
)  # fmt: skip
scope.partial_caption(f)

left, right = st.columns(2, gap="large")
for col, dim, title_key, target in (
    (left, "town", "overview.worst_towns", filters.KEY_TOWN),
    (right, "sector", "overview.worst_sectors", filters.KEY_SECTOR),
):
    with col:
        df = query("counts_by", dim=dim, **f.stock_params())
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
            subtitle=scope.card_stock(f), axis_title=t("overview.axis_overdue"), colours=colours, text=text,
        )  # fmt: skip
        widgets.chart(fig, key=f"ov_worst_{dim}", filename=t(title_key), drill_to=[target], hint=t("chart.click_hint"))

st.caption(t("overview.more") + " " + t("chart.png_hint"))
