"""考核通报 Scorecard: towns and county departments scored and ranked for the headline month,
with the change of rank, the 12-month rank history, 建议约谈 and the rows behind every figure.

Layout only: figures from the named queries ``score_indicators`` / ``score_status`` (through
the cache), scores and ranks from ``etl.read.scorecard`` under ``config/scorecard.toml``; the rows
behind a figure come from the queries that define it (score_hazard_rows, gap_repeat_rows,
gap_inspection_rows, gap_never_inspected, gap_reporting).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.read import config, scorecard
from pages._shared import charts_score, filters, safe, theme, widgets
from pages._shared.data import query
from pages._shared.i18n import level_label, owner_label, sector_label, status_label, t

LIMIT = 2000  # rows behind a figure
UNIT_TYPES = ("town", "department")

f = filters.current()
status = st.session_state["_status"]
lang, p = f.lang, f.palette

if not widgets.page_header("score.title", f, status):
    st.stop()


conf, problems = config.load_scorecard()
widgets.settings_problems(problems, "score.cfg.problem", lang)

month = f.headline
if month is None:
    widgets.empty("empty.filter")
    st.stop()
m_end = min(filters.month_end(month), f.as_of)
w_start = filters.window_start(month, conf.window_months)
st.caption(t("score.intro", window=conf.window_months))
widgets.note(t("score.month", month=theme.fmt_month(month, lang), start=theme.fmt_month(w_start, lang),
       end=theme.fmt_month(month, lang), asof=theme.fmt_date(m_end, lang)))  # fmt: skip
if f.narrowed:
    st.caption(t("score.filters_note"))

raw = query("score_indicators", **scorecard.params_for(month, conf, f.params()))
card = scorecard.from_frames(raw, query("score_status").iloc[0].to_dict(), month, conf)
for code, reason in card.left_out.items():
    if conf.indicator(code).weight > 0:
        st.info(t(f"score.left_out.{reason}"), icon=":material/info:")


# ---- formatting -----------------------------------------------------------------------------------


def ind_label(code: str) -> str:
    return t(f"score.ind.{code}")


def fmt_figure(code: str, value: object, band: object, num: object, den: object) -> str:
    if value is None or pd.isna(value):
        return "—"
    sym = t(f"score.band.{band}") if isinstance(band, str) else ""
    if scorecard.SOURCES[code][1] is None:
        return f"{sym} {theme.fmt_int(value, lang)}"
    return f"{sym} {theme.fmt_pct(value, lang)}（{int(num)}/{int(den)}）"


def display(tbl: pd.DataFrame, unit_type: str) -> pd.DataFrame:
    out = pd.DataFrame({
        t("score.col.rank"): [None if pd.isna(r) else int(r) for r in tbl["rank"]],
        t("score.col.unit"): tbl["unit"],
        t("score.col.total"): [None if pd.isna(v) else round(float(v), 1) for v in tbl["total"]],
        t("score.col.change"): [charts_score.change_label(x) if not pd.isna(r) else "" for x, r in zip(tbl["rank_change"], tbl["rank"],
                                                                                         strict=True)],
        t("score.col.flag"): [t("score.flag.interview") if i else (t("score.flag.bottom") if b else "")
                              for i, b in zip(tbl["interview"], tbl["bottom"], strict=True)],
    })  # fmt: skip
    for ind in card.indicators(unit_type):
        c = ind.code
        out[ind_label(c)] = [
            fmt_figure(c, v, b, n, d)
            for v, b, n, d in zip(tbl[c], tbl[f"{c}__band"], tbl[f"{c}__num"], tbl[f"{c}__den"], strict=True)
        ]
    return out


TINTS = {
    False: {"green": "#DDF0E2", "amber": "#FFF0C2", "red": "#F8D5D1"},
    True: {"green": "#1F4A31", "amber": "#574714", "red": "#5A2420"},
}


def band_frame(tbl: pd.DataFrame, unit_type: str, shown: pd.DataFrame) -> pd.DataFrame:
    """CSS per cell of ``shown``: the indicator cells tinted by band (the mark ✓ △ ✗ says it too)."""
    css = pd.DataFrame("", index=shown.index, columns=shown.columns)
    tints = TINTS[bool(p.dark)]
    for ind in card.indicators(unit_type):
        css[ind_label(ind.code)] = [f"background-color: {tints[b]}" if isinstance(b, str) else ""
                                    for b in tbl[f"{ind.code}__band"]]  # fmt: skip
    flag = t("score.col.flag")
    css[flag] = [f"background-color: {tints['red']}" if i else "" for i in tbl["interview"]]
    return css


# ---- rows behind a figure -------------------------------------------------------------------------


def drill_params(unit_type: str, unit: str) -> dict:
    base = {**f.params(), "start_month": w_start, "end_month": month, "as_of": m_end, "limit": LIMIT}
    if unit_type == "town":
        base["towns"] = [unit]
    else:
        base["departments"] = [unit]
    return base


def more(df: pd.DataFrame) -> None:
    if not df.empty and int(df["total_rows"].iloc[0]) > LIMIT:
        st.caption(t("score.drill.more", n=f"{LIMIT:,}", total=f"{int(df['total_rows'].iloc[0]):,}"))


def hazard_rows(df: pd.DataFrame) -> pd.DataFrame:
    state = ["rectified" if r else ("overdue" if o else "open") for r, o in zip(df["is_rect"], df["is_overdue"],
                                                                                 strict=True)]  # fmt: skip
    return pd.DataFrame({
        t("col.found_date"): df["found_date"], t("col.town"): df["town"],
        t("col.department"): [owner_label(d, led, lang)
                              for d, led in zip(df["department"], df["ledger_department"], strict=True)],
        t("col.entity_name"): df["entity_name"], t("col.description"): df["description"],
        t("col.sector"): [sector_label(s, lang) for s in df["sector"]],
        t("col.level"): [level_label(v, lang) for v in df["level"]], t("col.deadline"): pd.to_datetime(df["deadline"], errors="coerce"),
        t("col.status"): [status_label(s, lang) for s in state],
        t("col.rectified_date"): pd.to_datetime(df["rectified_date"], errors="coerce"),
        t("score.col.verified_date"): pd.to_datetime(df["verified_date"], errors="coerce"),
        t("col.source_file"): df["source_file"], t("col.source_sheet"): df["source_sheet"],
        t("col.source_row"): df["source_row"],
    })  # fmt: skip


def show_rows(unit_type: str, unit: str, code: str, value_text: str) -> None:
    st.markdown(f"**{safe.t_md('score.drill.title', unit=unit, indicator=ind_label(code), month=theme.fmt_month(month, lang), value=value_text)}**")  # fmt: skip
    st.caption(t(f"score.help.{code}"))
    prm = drill_params(unit_type, unit)
    if code == "reported":
        rep = query("gap_reporting", **prm)
        rep = rep[
            (rep["reporter_type"] == "town") & (rep["reporter"] == unit) & (rep["month"] >= pd.Timestamp(w_start))
        ]
        fm = lambda s: "、".join(theme.fmt_month(m, lang) for m in s) or "—"  # noqa: E731
        widgets.note(t("score.drill.reported", yes=fm(rep.loc[rep["reported"], "month"]),
               no=fm(rep.loc[~rep["reported"].astype(bool), "month"])))  # fmt: skip
        return
    if code in ("rect_rate", "ontime_rate", "overdue_share", "verified_rate", "overdue_major"):
        if code == "overdue_major":
            prm = {**prm, "start_month": None}
        df = query("score_hazard_rows", **prm)
        more(df)
        keep = {"ontime_rate": df["ontime_due"], "verified_rate": df["is_rect"],
                "overdue_major": df["is_overdue"] & (df["level"] == "major")}.get(code)  # fmt: skip
        if keep is not None:
            df = df[keep.astype(bool)]
        rows = hazard_rows(df)
    elif code == "repeat_rate":
        df = query("gap_repeat_rows", **prm)
        more(df)
        rows = df.drop(columns=["total_rows"])
    elif code == "zero_find_share":  # the visits the figure counts: inspection logs' (intensity_visit)
        df = query("gap_inspection_rows", **prm, who_level=None, team=None, method=None, insp_department=None,
                   zero_only=True, include_self=False, logs_only=True)  # fmt: skip
        left = card.left_out_visits(unit_type, unit)
        if left:
            st.caption(t("score.zero_ledger.unit", n=left))
        more(df)
        rows = df.drop(columns=["total_rows"])
    else:  # high_risk_inspected: the red/orange units not visited in the window
        df = query("gap_never_inspected", **prm)
        rows = df[df["risk_order"] <= 2].drop(columns=["total_rows", "risk_order"])
    if rows.empty:
        widgets.empty("score.drill.none")
        return
    widgets.table(rows, key=f"score_rows_{unit_type}", filename=f"{unit}_{ind_label(code)}", f=f,
                  title=t("score.drill.title", unit=unit, indicator=ind_label(code), month=theme.fmt_month(month, lang),
                          value=value_text))  # fmt: skip


# ---- one tab per kind of unit -----------------------------------------------------------------------


def render(unit_type: str) -> None:
    tbl = card.month_table(unit_type)
    if tbl.empty or tbl["total"].notna().sum() == 0:
        widgets.empty("score.none")
        return
    flagged = tbl.loc[tbl["interview"], "unit"].tolist()
    if flagged:
        st.error(safe.t_md("score.interview", n=conf.interview_months, names="、".join(flagged)),
                 icon=":material/campaign:")  # fmt: skip
    else:
        st.caption(t("score.no_interview", n=conf.interview_months))
    shown = display(tbl, unit_type)
    kind = t(f"score.tab.{unit_type}")
    title = t("score.export.title", month=theme.fmt_month(month, lang), kind=kind)
    bands = band_frame(tbl, unit_type, shown)
    event = widgets.table(shown, key=f"score_tbl_{unit_type}", filename=title, f=f, title=title, on_select=True,
                          style=lambda d: d.style.apply(lambda _: bands, axis=None).format(
                              {t("score.col.total"): "{:.1f}", t("score.col.rank"): "{:.0f}"}, na_rep="—"))  # fmt: skip
    st.caption(t("score.legend"))
    left = card.left_out_visits(unit_type)
    if left and "zero_find_share" in {i.code for i in card.indicators(unit_type)}:
        st.caption(t("score.zero_ledger", n=left))
    fig = charts_score.rank_history(card.history(unit_type), p=p, lang=lang, title=t("score.history"),
                                    subtitle=kind, highlight=set(flagged))  # fmt: skip
    widgets.chart(fig, key=f"score_hist_{unit_type}", filename=f"{t('score.history')}_{kind}")
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if not rows:
        st.caption(t("score.drill.pick"))
        return
    r = tbl.iloc[rows[0]]
    codes = [i.code for i in card.indicators(unit_type)]
    code = st.selectbox(t("score.drill.indicator"), codes, format_func=ind_label, key=f"score_ind_{unit_type}")
    show_rows(unit_type, str(r["unit"]), code,
              fmt_figure(code, r[code], r[f"{code}__band"], r[f"{code}__num"], r[f"{code}__den"]))  # fmt: skip


tabs = st.tabs([t(f"score.tab.{u}") for u in UNIT_TYPES])
for unit_type, tab in zip(UNIT_TYPES, tabs, strict=True):
    with tab:
        render(unit_type)
