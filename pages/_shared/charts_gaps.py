"""Pure plotly builders for the supervision-gap page: a small DataFrame in, a Figure out.

Same conventions as ``charts.py``: palette ``p``, language ``lang``, visible ``title`` and
``subtitle``; clickable marks carry the value to filter by in ``customdata`` (read by
``widgets.drill`` or the page's own drill callbacks). No ``st.*``, no SQL.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import i18n
from .charts import _finish, sector_order
from .safe import html_text
from .safe import labels as safe_labels
from .theme import Palette, fmt_month, fmt_pct


def _num(x: object) -> float:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")
    return v


def coverage_heat(df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str) -> go.Figure:
    """Town x sector coverage (0..1). ``df``: gap_coverage (town, sector, units, inspected, coverage).

    Cells without registry units stay blank; cells with units and no inspection get a red
    frame so they stand out whatever the colour scale. Click markers carry [town, sector]."""
    sectors = sector_order(df["sector"])
    towns = sorted(df["town"].unique().tolist())
    cov = df.pivot_table(index="town", columns="sector", values="coverage", aggfunc="sum").reindex(
        index=towns, columns=sectors
    )
    units = df.pivot_table(index="town", columns="sector", values="units", aggfunc="sum").reindex(
        index=towns, columns=sectors
    )
    insp = df.pivot_table(index="town", columns="sector", values="inspected", aggfunc="sum").reindex(
        index=towns, columns=sectors
    )
    xl = safe_labels(i18n.sector_label(c, lang) for c in sectors)
    tl = dict(zip(towns, safe_labels(towns), strict=True))
    text = [
        [
            "" if (u is None or math.isnan(_num(u))) else f"{_num(c) * 100:.0f}%<br>{int(i)}/{int(u)}"
            for c, u, i in zip(cov.loc[t], units.loc[t], insp.loc[t], strict=True)
        ]
        for t in towns
    ]
    scale = [[0.0, p.bad], [0.5, "#F2C14E"], [0.8, "#CFE8D6" if not p.dark else "#2F5E46"], [1.0, p.good]]
    fig = go.Figure()
    fig.add_heatmap(z=cov.values, x=xl, y=[tl[t] for t in towns], zmin=0, zmax=1, colorscale=scale, text=text, texttemplate="%{text}",
                    hoverinfo="skip", xgap=2, ygap=2, textfont=dict(size=p.base_font - 4),
                    colorbar=dict(title=i18n.t("gaps.cov.colorbar", lang=lang), tickformat=".0%", thickness=12,
                                  len=0.6))  # fmt: skip
    xs, ys, cd, hv = [], [], [], []
    zx, zy = [], []
    for t in towns:
        for code, lab in zip(sectors, xl, strict=True):
            u = units.at[t, code]
            if u is None or math.isnan(_num(u)):
                continue
            xs.append(lab)
            ys.append(tl[t])
            cd.append([t, code])
            hv.append(f"{int(insp.at[t, code])}/{int(u)} · {fmt_pct(cov.at[t, code], lang)}")
            if int(insp.at[t, code]) == 0:
                zx.append(lab)
                zy.append(tl[t])
    fig.add_scatter(x=xs, y=ys, mode="markers", customdata=cd, showlegend=False, text=hv,
                    marker=dict(size=30, symbol="square", opacity=0.01, color=p.background),
                    hovertemplate="%{y} · %{x}: %{text}<extra></extra>")  # fmt: skip
    if zx:
        fig.add_scatter(x=zx, y=zy, mode="markers", showlegend=False, hoverinfo="skip",
                        marker=dict(size=34, symbol="square-open", color=p.bad, line=dict(width=3, color=p.bad)))  # fmt: skip
    fig.update_xaxes(side="top", tickangle=-35, type="category")
    fig.update_yaxes(autorange="reversed", type="category")
    fig = _finish(fig, p, title, subtitle, max(380, 200 + 36 * len(towns)), legend=False)
    fig.update_layout(margin=dict(t=170))  # room for the sector labels above the grid
    return fig


def no_owner_bars(df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str) -> go.Figure:
    """Per sector: hazards with no department and registry units with no department (grouped
    horizontal bars, most first). ``customdata`` = sector code. ``df``: gap_no_owner."""
    d = df[(df["hazards_no_owner"] > 0) | (df["units_no_owner"] > 0)].copy()
    d["tot"] = d["hazards_no_owner"] + d["units_no_owner"]
    d = d.sort_values(["tot", "sector"], ascending=[False, True])
    labels = safe_labels(i18n.sector_label(s, lang) for s in d["sector"])
    fig = go.Figure()
    h_text = [f"{int(n):,}（{fmt_pct(n / t if t else None, lang)}）" if lang == "zh" else f"{int(n):,} ({fmt_pct(n / t if t else None, lang)})"
              for n, t in zip(d["hazards_no_owner"], d["hazards"], strict=True)]  # fmt: skip
    u_text = [f"{int(n):,}" for n in d["units_no_owner"]]
    fig.add_bar(y=labels, x=d["hazards_no_owner"], orientation="h", name=i18n.t("gaps.owner.hazards", lang=lang),
                marker_color=p.bad, customdata=d["sector"].tolist(), text=h_text, textposition="outside",
                cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>")  # fmt: skip
    fig.add_bar(y=labels, x=d["units_no_owner"], orientation="h", name=i18n.t("gaps.owner.units", lang=lang),
                marker_color=p.general, customdata=d["sector"].tolist(), text=u_text, textposition="outside",
                cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>")  # fmt: skip
    top = float(max(d["hazards_no_owner"].max(), d["units_no_owner"].max(), 1))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title_text=i18n.t("gaps.owner.axis", lang=lang), range=[0, top * 1.3])
    return _finish(fig, p, title, subtitle, max(260, 110 + 46 * len(d)))


def reporting_grid(df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str) -> go.Figure:
    """Reporter x month grid: green = sent, red = missed (amber: a town's ledger came but no
    inspection log). ``df``: gap_reporting rows of one reporter_type, already ordered (most
    missed first). Click markers carry [reporter]."""
    order = list(dict.fromkeys(df["reporter"]))
    months = sorted(df["month"].unique())
    xl = [fmt_month(m, lang, short=True) for m in months]
    key = df.set_index(["reporter", "month"])
    z, text = [], []
    for r in order:
        zr, tr = [], []
        for m in months:
            row = key.loc[(r, m)]
            if not bool(row["reported"]):
                zr.append(0)
                tr.append(i18n.t("gaps.rep.missing", lang=lang))
            elif row["reporter_type"] == "town" and not bool(row["inspection_log"]):
                zr.append(1)
                tr.append(i18n.t("gaps.rep.sent_nolog", lang=lang))
            else:
                zr.append(2)
                tr.append(i18n.t("gaps.rep.sent", lang=lang))
        z.append(zr)
        text.append(tr)
    missed = df.drop_duplicates("reporter").set_index("reporter")["missed"]
    ylabels = [f"{html_text(r)}（{int(missed[r])}）" if lang == "zh" else f"{html_text(r)} ({int(missed[r])})"
               for r in order]  # fmt: skip
    sent = "#9BD3AE" if not p.dark else "#2F6B4A"
    scale = [[0.0, p.bad], [0.33, p.bad], [0.34, "#F2C14E"], [0.66, "#F2C14E"], [0.67, sent], [1.0, sent]]
    fig = go.Figure()
    fig.add_heatmap(z=z, x=xl, y=ylabels, zmin=0, zmax=2, colorscale=scale, showscale=False, xgap=2, ygap=2,
                    text=text, hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
                    texttemplate="%{text}" if len(months) <= 6 else None)  # fmt: skip
    xs, ys, cd = [], [], []
    for r, yl in zip(order, ylabels, strict=True):
        xs.append(xl[0])
        ys.append(yl)
        cd.append([r])
    fig.add_scatter(x=xs, y=ys, mode="markers", customdata=cd, showlegend=False, hoverinfo="skip",
                    marker=dict(size=22, symbol="square", opacity=0.01, color=p.background))  # fmt: skip
    fig.update_xaxes(type="category", tickangle=-45 if len(xl) > 8 else 0)
    fig.update_yaxes(autorange="reversed", type="category")
    return _finish(fig, p, title, subtitle, max(260, 150 + 28 * len(order)), legend=False)


def _average_line(fig: go.Figure, avg: float, label_key: str, p: Palette, lang: str) -> None:
    """A dashed vertical line at the county average (a rate, drawn in %), labelled; none when NaN."""
    if not math.isnan(avg):
        fig.add_vline(x=avg * 100, line=dict(color=p.text, dash="dash", width=2),
                      annotation_text=i18n.t(label_key, lang=lang, v=fmt_pct(avg, lang)),
                      annotation_position="top", annotation_font=dict(color=p.text, size=p.base_font - 2))  # fmt: skip


def followthrough_bars(df: pd.DataFrame, county: pd.Series, *, p: Palette, lang: str, title: str,
                       subtitle: str) -> go.Figure:  # fmt: skip
    """Rectification rate per department (worst first) with the county average as a dashed
    line; bars below the average in the 'bad' colour. ``customdata`` = department ('' = none).
    ``df``: gap_followthrough department rows; ``county``: its county row."""
    d = df.dropna(subset=["rect_rate"]).sort_values(["rect_rate", "total"], ascending=[True, False])
    avg = _num(county["rect_rate"])
    labels = safe_labels(i18n.department_label(x, lang) for x in d["department"])
    colours = [p.bad if (not math.isnan(avg) and r < avg) else p.accent for r in d["rect_rate"]]
    agreed = d["agreed"].fillna(0).astype(int) if "agreed" in d else pd.Series(0, index=d.index)
    text = [
        i18n.t("gaps.follow.bar_text", lang=lang, rate=fmt_pct(r, lang), overdue=f"{int(o):,}",
               days="—" if pd.isna(m) else (f"{m:.0f}天" if lang == "zh" else f"{m:.0f}d"))
        # the hazards a 会商 gave the department are in its bar: say how many, as the table does
        + (i18n.t("gaps.follow.bar_agreed", lang=lang, n=f"{a:,}") if a else "")
        for r, o, m, a in zip(d["rect_rate"], d["overdue"], d["days_median"], agreed, strict=True)
    ]  # fmt: skip
    fig = go.Figure()
    fig.add_bar(y=labels, x=d["rect_rate"] * 100, orientation="h", marker_color=colours,
                customdata=d["department"].tolist(), text=text, textposition="inside", insidetextanchor="start",
                textfont=dict(color="#FFFFFF"), hovertemplate="%{y}: %{text}<extra></extra>")  # fmt: skip
    _average_line(fig, avg, "gaps.follow.avg", p, lang)
    fig.update_xaxes(title_text=i18n.t("gaps.follow.axis", lang=lang), range=[0, 101], ticksuffix="%",
                     tickvals=[0, 20, 40, 60, 80, 100])  # fmt: skip
    fig.update_yaxes(autorange="reversed", type="category")
    return _finish(fig, p, title, subtitle, max(260, 110 + 34 * len(d)), legend=False)


def _two_lines(label: str) -> str:
    """A catalogue label (not data) broken in two: at the first space, else before a bracket
    (村<br>（社区）), else after two CJK characters."""
    if " " in label:
        head, tail = label.split(" ", 1)
        return f"{head}<br>{tail}"
    if "（" in label.strip("（"):
        head, tail = label.split("（", 1)
        return f"{head}<br>（{tail}"
    return label if len(label) <= 3 else f"{label[:2]}<br>{label[2:]}"


def level_panels(df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str) -> go.Figure:
    """Three small panels by who inspected: hazards per visit, major hazards per 100 visits,
    rectification rate of the hazards the level found. ``customdata`` = level code.
    ``df``: gap_levels."""
    d = df.sort_values("level_order").reset_index(drop=True)  # top level first (gap_level_rank, migration 015)
    # three narrow panels: each level's name on two short lines, or the names run together
    labels = [_two_lines(i18n.t(f"gaps.level.{lv}", lang=lang)) for lv in d["who_level"]]
    # county → town → village in ever paler blues: the chain the chart is about
    village = p.sequential[2] if p.dark else p.sequential[1]
    colours = {"higher": p.major, "county": p.accent, "town": p.general, "village": village, "self": p.muted,
               "unknown": p.grid}  # fmt: skip
    cols = [colours.get(lv, p.muted) for lv in d["who_level"]]
    panels = [
        ("hazards_per_insp", i18n.t("gaps.levels.per_insp", lang=lang), lambda v: "—" if pd.isna(v) else f"{v:.2f}", 1),
        (
            "major_per_100",
            i18n.t("gaps.levels.major_per_100", lang=lang),
            lambda v: "—" if pd.isna(v) else f"{v:.1f}",
            1,
        ),
        ("rect_rate", i18n.t("gaps.levels.rect_rate", lang=lang), lambda v: fmt_pct(v, lang), 100),
    ]
    fig = make_subplots(rows=1, cols=3, subplot_titles=[pt for _, pt, _, _ in panels], horizontal_spacing=0.08)
    for i, (col, _pt, fmt, scale) in enumerate(panels, start=1):
        vals = d[col].astype(float) * scale
        fig.add_bar(x=labels, y=vals, marker_color=cols, customdata=d["who_level"].tolist(),
                    text=[fmt(v) for v in d[col]], textposition="outside", cliponaxis=False, showlegend=False,
                    hovertemplate="%{x}: %{text}<extra></extra>", row=1, col=i)  # fmt: skip
        top = float(vals.max()) if len(vals) and not math.isnan(float(vals.max())) else 1.0
        fig.update_yaxes(range=[0, (105 if scale == 100 else max(top, 0.1) * 1.25)], row=1, col=i,
                         ticksuffix="%" if scale == 100 else "")  # fmt: skip
    fig.update_xaxes(type="category", tickangle=0, tickfont=dict(size=p.base_font - 3))
    fig.update_annotations(font=dict(size=p.base_font - 1, color=p.text), yshift=8)
    fig = _finish(fig, p, title, subtitle, 430, legend=False)
    fig.update_layout(margin=dict(t=130, b=20))
    return fig


def zero_share_bars(df: pd.DataFrame, *, labels: list[str], county_share: float | None, p: Palette, lang: str,
                    title: str, subtitle: str) -> go.Figure:  # fmt: skip
    """Share of visits that found nothing, highest on top, with the county share as a dashed
    line; bars above it in the 'bad' colour. ``customdata`` = key. ``df``: gap_enforcement_by."""
    avg = _num(county_share)
    colours = [p.bad if (not math.isnan(avg) and s > avg) else p.accent for s in df["zero_share"]]
    text = [i18n.t("gaps.enf.bar_text", lang=lang, share=fmt_pct(s, lang), zero=f"{int(z):,}", n=f"{int(n):,}")
            for s, z, n in zip(df["zero_share"], df["zero_found"], df["inspections"], strict=True)]  # fmt: skip
    fig = go.Figure()
    fig.add_bar(y=safe_labels(labels), x=df["zero_share"] * 100, orientation="h", marker_color=colours,
                customdata=df["key"].tolist(), text=text, textposition="outside", cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra></extra>")  # fmt: skip
    _average_line(fig, avg, "gaps.enf.avg", p, lang)
    fig.update_xaxes(title_text=i18n.t("gaps.enf.axis", lang=lang), range=[0, 130], ticksuffix="%",
                     tickvals=[0, 20, 40, 60, 80, 100])  # fmt: skip
    fig.update_yaxes(autorange="reversed", type="category")
    return _finish(fig, p, title, subtitle, max(260, 110 + 34 * len(df)), legend=False)


def repeat_bars(df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str) -> go.Figure:
    """Repeat hazards per sector (most first), text 'n (share)'. ``customdata`` = sector code.
    ``df``: gap_repeat_sectors."""
    from .theme import sector_colour

    d = df[df["repeats"] > 0].sort_values(["repeats", "sector"], ascending=[False, True])
    labels = safe_labels(i18n.sector_label(s, lang) for s in d["sector"])
    text = [i18n.t("gaps.rep8.bar_text", lang=lang, n=f"{int(n):,}", share=fmt_pct(s, lang))
            for n, s in zip(d["repeats"], d["repeat_share"], strict=True)]  # fmt: skip
    fig = go.Figure()
    fig.add_bar(y=labels, x=d["repeats"], orientation="h", marker_color=[sector_colour(s) for s in d["sector"]],
                customdata=d["sector"].tolist(), text=text, textposition="outside", cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra></extra>")  # fmt: skip
    top = float(d["repeats"].max()) if len(d) else 1.0
    fig.update_xaxes(title_text=i18n.t("gaps.rep8.axis", lang=lang), range=[0, max(top, 1) * 1.3])
    fig.update_yaxes(autorange="reversed", type="category")
    return _finish(fig, p, title, subtitle, max(240, 100 + 34 * len(d)), legend=False)
