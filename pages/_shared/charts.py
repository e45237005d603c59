"""Pure plotly builders: a small DataFrame in, a Figure out. No ``st.*``, no SQL.

Every builder takes the palette ``p``, the language ``lang`` and the visible ``title`` and
``subtitle`` (pages put the scope and as-of date in the subtitle), so every chart says what
it shows, in which unit, as of when. Sector colours come from ``theme.SECTOR_COLOURS`` so a
sector looks the same on every chart. Clickable charts carry the filter value in
``customdata`` (first element: the code to filter by), read by ``widgets.drill``.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import i18n
from .safe import html_text
from .safe import labels as safe_labels
from .theme import (
    LEADING_SECTORS,
    SECTOR_ORDER,
    Palette,
    fmt_month,
    fmt_pct,
    fmt_quarter,
    plotly_template,
    sector_colour,
)


def _finish(fig: go.Figure, p: Palette, title: str, subtitle: str, height: int, legend: bool = True) -> go.Figure:
    fig.update_layout(
        template=plotly_template(p),
        title=dict(text=title, subtitle=dict(text=subtitle, font=dict(size=p.base_font - 2, color=p.muted))),
        height=height,
        showlegend=legend,
        # below the plot: a legend above it wrapped into the subtitle in English (long names)
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="bottom", yref="container", traceorder="normal"),
        margin=dict(l=10, r=20, t=84 if subtitle else 60, b=70 if legend else 10),
        hovermode="closest",
        clickmode="event+select",
        dragmode=False,
    )
    return fig


def period_label(d: object, lang: str, grain: str = "month") -> str:
    return fmt_quarter(d, lang) if grain == "quarter" else fmt_month(d, lang, short=True)


def sector_order(codes: list[str] | pd.Series) -> list[str]:
    """Schools, fire, traffic, construction first, then the lookup order."""
    present = set(codes)
    ordered = [c for c in LEADING_SECTORS if c in present]
    ordered += [c for c in SECTOR_ORDER if c in present and c not in ordered]
    ordered += sorted(c for c in present if c not in ordered)
    return ordered


PARTIAL_OPACITY = 0.35  # bars of months whose ledgers are not all in


def _month_of(m: object):
    return pd.Timestamp(m).date().replace(day=1)


def partial_flags(periods, partial, grain: str = "month") -> list[bool]:
    """Per period: does it hold a partial month (a quarter holds three months)."""
    span = 3 if grain == "quarter" else 1
    out = []
    for d in periods:
        m = _month_of(d)
        months = {(pd.Timestamp(m) + pd.DateOffset(months=k)).date() for k in range(span)}
        out.append(bool(months & set(partial)))
    return out


def _mark_partial(fig: go.Figure, x: list[str], flags: list[bool], tops, p: Palette, lang: str) -> None:
    for xi, flag, top in zip(x, flags, tops, strict=True):
        if flag:
            fig.add_annotation(x=xi, y=float(top), text=i18n.t("scope.partial_mark", lang=lang), showarrow=False,
                               yanchor="bottom", font=dict(color=p.muted, size=p.base_font - 3))  # fmt: skip


def trend_combo(df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str, height: int = 400,
                partial: set | frozenset = frozenset()) -> go.Figure:
    """Monthly hazards (general + major stacked bars) and the rectification rate (line, right axis).

    ``df``: monthly_trend (month, found, major, rect_rate, reports). Months in ``partial`` (not
    all towns reported, or not over yet) get lighter bars, a mark above them and a dotted rate."""
    x = [period_label(m, lang) for m in df["month"]]
    months = [str(m)[:10] for m in df["month"]]
    is_partial = [_month_of(m) in partial for m in df["month"]]
    opacity = [PARTIAL_OPACITY if flag else 1.0 for flag in is_partial]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    general = df["found"] - df["major"]
    fig.add_bar(
        x=x,
        y=general,
        name=i18n.level_label("general", lang),
        marker=dict(color=p.general, opacity=opacity),
        customdata=months,
        hovertemplate="%{x}<br>%{fullData.name}: %{y:,}<extra></extra>",
    )
    fig.add_bar(
        x=x,
        y=df["major"],
        name=i18n.level_label("major", lang),
        marker=dict(color=p.major, opacity=opacity),
        customdata=months,
        hovertemplate="%{x}<br>%{fullData.name}: %{y:,}<extra></extra>",
    )
    rate = df["rect_rate"].astype(float) * 100
    full = rate.where([not flag for flag in is_partial])
    fig.add_scatter(x=x, y=full, name=i18n.t("kpi.rect_rate", lang=lang), mode="lines+markers",
                    line=dict(color=p.accent, width=3), marker=dict(size=7), secondary_y=True,
                    hovertemplate="%{x}<br>%{fullData.name}: %{y:.1f}%<extra></extra>")  # fmt: skip
    if any(is_partial):
        # the partial months' rate, dotted and joined to the neighbouring full months
        near = [flag or (i > 0 and is_partial[i - 1]) or (i + 1 < len(x) and is_partial[i + 1])
                for i, flag in enumerate(is_partial)]  # fmt: skip
        mark = i18n.t("scope.partial_mark", lang=lang)
        fig.add_scatter(x=x, y=rate.where(near), name=f"{i18n.t('kpi.rect_rate', lang=lang)}（{mark}）"
                        if lang == "zh" else f"{i18n.t('kpi.rect_rate', lang=lang)} ({mark})", mode="lines+markers",
                        line=dict(color=p.accent, width=2, dash="dot"), marker=dict(size=7, symbol="circle-open"),
                        secondary_y=True, connectgaps=False,
                        hovertemplate="%{x}<br>%{fullData.name}: %{y:.1f}%<extra></extra>")  # fmt: skip
        for xi, flag, total in zip(x, is_partial, df["found"], strict=True):
            if flag:
                fig.add_annotation(x=xi, y=float(total), yref="y", text=mark, showarrow=False, yanchor="bottom",
                                   font=dict(color=p.muted, size=p.base_font - 3))  # fmt: skip
    # months without any report: say so on the chart instead of showing a silent zero
    for xi, (_, row) in zip(x, df.iterrows(), strict=True):
        if int(row.get("reports", 1) or 0) == 0 and int(row["found"]) == 0:
            fig.add_annotation(x=xi, y=0, yref="y", text=i18n.t("chart.no_report", lang=lang), showarrow=False,
                               yanchor="bottom", textangle=-90, font=dict(color=p.muted, size=p.base_font - 3))  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_yaxes(title_text=i18n.t("unit.items_axis", lang=lang), secondary_y=False, rangemode="tozero")
    fig.update_yaxes(title_text=i18n.t("unit.pct_axis", lang=lang), secondary_y=True, range=[0, 104],
                     tickvals=[0, 20, 40, 60, 80, 100], showgrid=False, ticksuffix="%")  # fmt: skip
    fig.update_xaxes(type="category", tickangle=-45 if len(x) > 14 else 0)
    return _finish(fig, p, title, subtitle, height)


def ranking_bars(
    df: pd.DataFrame,
    *,
    key: str,
    value: str,
    labels: list[str],
    p: Palette,
    lang: str,
    title: str,
    subtitle: str,
    axis_title: str,
    colours: list[str] | str | None = None,
    text: list[str] | None = None,
    height: int | None = None,
    percent: bool = False,
) -> go.Figure:
    """Horizontal bars, largest on top; ``customdata`` = the key (click to filter by it).

    Rates (``percent``) are a dot plot instead: rates of 87-94 % on bars from 0 all look the
    same, so the axis starts below the lowest rate (saying so in its title) and dots, whose
    position not length carries the value, are honest on a zoomed axis."""
    n = len(df)
    fig = go.Figure()
    vals = df[value].astype(float) * (100 if percent else 1)
    labels_text = text if text is not None else [f"{v:.1f}%" if percent else f"{v:,.0f}" for v in vals]
    longest = max((len(s) for s in (text or [])), default=6)
    if percent:
        finite = vals.dropna()
        lo = 0.0
        if len(finite) and float(finite.min()) >= 40:
            lo = max(0.0, math.floor((float(finite.min()) - 5) / 5) * 5)
        fig.add_scatter(
            y=safe_labels(labels), x=vals, mode="markers+text", customdata=df[key].tolist(), text=labels_text,
            textposition="middle right", cliponaxis=False,
            marker=dict(size=15, color=colours or p.accent, line=dict(width=1.5, color=p.text)),
            hovertemplate="%{y}: %{text}<extra></extra>",
        )  # fmt: skip
        fig.update_yaxes(autorange="reversed", type="category", showgrid=True, gridcolor=p.grid)
        span = 100 - lo
        note = i18n.t("chart.axis_from", lang=lang, v=f"{lo:.0f}") if lo > 0 else ""
        fig.update_xaxes(title_text=axis_title + note, range=[lo, 100 + span * (0.1 + 0.03 * longest)],
                         ticksuffix="%", tickvals=[v for v in range(int(lo), 101, 5 if span <= 30 else 10)])  # fmt: skip
        return _finish(fig, p, title, subtitle, height or max(220, 70 + 38 * n), legend=False)
    fig.add_bar(
        y=safe_labels(labels),
        x=vals,
        orientation="h",
        marker_color=colours or p.accent,
        customdata=df[key].tolist(),
        text=labels_text,
        textposition="outside",
        textangle=0,
        cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed", type="category")
    top = float(vals.max()) if n and not math.isnan(float(vals.max())) else 1.0
    # leave room for the value labels outside the bars (longer labels, more room)
    room = 1.12 + 0.035 * max(longest - 4, 0)
    fig.update_xaxes(title_text=axis_title, range=[0, max(top, 1) * room])
    return _finish(fig, p, title, subtitle, height or max(220, 70 + 38 * n), legend=False)


def sector_stacked(
    df: pd.DataFrame, *, p: Palette, lang: str, grain: str, title: str, subtitle: str, height: int = 430,
    partial: set | frozenset = frozenset(),
) -> go.Figure:
    """Stacked bars of hazards per period by sector. ``df``: period, sector, found (long).
    Periods holding a partial month are lighter and marked."""
    wide = df.groupby(["period", "sector"], as_index=False)["found"].sum()
    periods = sorted(wide["period"].unique())
    x = [period_label(d, lang, grain) for d in periods]
    flags = partial_flags(periods, partial, grain)
    opacity = [PARTIAL_OPACITY if f else 1.0 for f in flags]
    fig = go.Figure()
    for code in sector_order(wide["sector"]):
        s = wide[wide["sector"] == code].set_index("period")["found"].reindex(periods, fill_value=0)
        name = html_text(i18n.sector_label(code, lang))
        fig.add_bar(x=x, y=s.values, name=name, marker=dict(color=sector_colour(code), opacity=opacity),
                    customdata=[code] * len(x), hovertemplate="%{x}<br>%{fullData.name}: %{y:,}<extra></extra>")  # fmt: skip
    _mark_partial(fig, x, flags, wide.groupby("period")["found"].sum().reindex(periods, fill_value=0), p, lang)
    fig.update_layout(barmode="stack", bargap=0.2)
    fig.update_yaxes(title_text=i18n.t("unit.items_axis", lang=lang))
    fig.update_xaxes(type="category", tickangle=-45 if len(x) > 14 else 0)
    return _finish(fig, p, title, subtitle, height)


def sector_small_multiples(
    df: pd.DataFrame, *, p: Palette, lang: str, grain: str, title: str, subtitle: str, cols: int = 4,
    partial: set | frozenset = frozenset(),
) -> go.Figure:
    """One small panel per sector (same x, own y), general and major stacked in the sector colour."""
    periods = sorted(df["period"].unique())
    codes = sector_order(df["sector"])
    rows = max(1, math.ceil(len(codes) / cols))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=safe_labels(i18n.sector_label(c, lang) for c in codes),
                        shared_xaxes=True, vertical_spacing=0.12 if rows > 1 else 0.2, horizontal_spacing=0.06)  # fmt: skip
    x = [period_label(d, lang, grain) for d in periods]
    fade = [PARTIAL_OPACITY if f else 1.0 for f in partial_flags(periods, partial, grain)]  # partial months lighter
    for i, code in enumerate(codes):
        r, c = divmod(i, cols)
        sub = df[df["sector"] == code]
        gen = sub[sub["level"] == "general"].set_index("period")["found"].reindex(periods, fill_value=0)
        maj = sub[sub["level"] == "major"].set_index("period")["found"].reindex(periods, fill_value=0)
        name = html_text(i18n.sector_label(code, lang)).replace("%", "&#37;")  # text of a hovertemplate
        fig.add_bar(x=x, y=gen.values, marker=dict(color=sector_colour(code), opacity=[0.55 * v for v in fade]),
                    showlegend=False,
                    customdata=[code] * len(x), row=r + 1, col=c + 1,
                    hovertemplate=f"{name} %{{x}}<br>{i18n.level_label('general', lang)}: %{{y:,}}<extra></extra>")  # fmt: skip
        fig.add_bar(x=x, y=maj.values, marker=dict(color=sector_colour(code), opacity=fade), showlegend=False,
                    customdata=[code] * len(x), row=r + 1, col=c + 1,
                    hovertemplate=f"{name} %{{x}}<br>{i18n.level_label('major', lang)}: %{{y:,}}<extra></extra>")  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0.1)
    fig.update_xaxes(type="category", showticklabels=False)
    for i in range(len(codes) - cols, len(codes)):
        if i >= 0:
            r, c = divmod(i, cols)
            fig.update_xaxes(showticklabels=True, tickangle=-45, nticks=6, row=r + 1, col=c + 1)
    fig.update_annotations(font=dict(size=p.base_font, color=p.text))
    fig = _finish(fig, p, title, subtitle, 200 * rows + 150, legend=False)
    fig.update_layout(margin=dict(t=120))
    return fig


def level_split(
    df: pd.DataFrame, *, p: Palette, lang: str, grain: str, title: str, subtitle: str, height: int = 360,
    partial: set | frozenset = frozenset(),
) -> go.Figure:
    """General vs major hazards per period (stacked), with the major share as text; periods
    holding a partial month lighter."""
    wide = df.pivot_table(index="period", columns="level", values="found", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=["general", "major"], fill_value=0).sort_index()
    x = [period_label(d, lang, grain) for d in wide.index]
    opacity = [PARTIAL_OPACITY if f else 1.0 for f in partial_flags(wide.index, partial, grain)]
    fig = go.Figure()
    total = wide.sum(axis=1).replace(0, float("nan"))
    share = [fmt_pct(v, lang) for v in (wide["major"] / total)]
    fig.add_bar(x=x, y=wide["general"], name=i18n.level_label("general", lang),
                marker=dict(color=p.general, opacity=opacity), hovertemplate="%{x}: %{y:,}<extra></extra>")  # fmt: skip
    fig.add_bar(x=x, y=wide["major"], name=i18n.level_label("major", lang), marker=dict(color=p.major, opacity=opacity),
                text=share, textposition="outside", textangle=0, cliponaxis=False,
                textfont=dict(size=p.base_font - (2 if len(x) <= 12 else 5)),
                customdata=share,
                hovertemplate="%{x}: %{y:,} (%{customdata})<extra></extra>")  # fmt: skip
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=i18n.t("unit.items_axis", lang=lang))
    fig.update_xaxes(type="category", tickangle=-45 if len(x) > 8 else 0, nticks=9)
    return _finish(fig, p, title, subtitle, height)


def yoy_chart(df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str, height: int = 380) -> go.Figure:
    """This year's monthly hazards (bars) against the same month a year earlier (line; a gap
    where the earlier month is missing: set ``found_prev_year`` to NaN there)."""
    x = [period_label(m, lang) for m in df["month"]]
    fig = go.Figure()
    fig.add_bar(x=x, y=df["found"], name=i18n.t("trend.this_period", lang=lang), marker_color=p.accent,
                hovertemplate="%{x}: %{y:,}<extra></extra>")  # fmt: skip
    fig.add_scatter(x=x, y=df["found_prev_year"], name=i18n.t("trend.prev_year", lang=lang),
                    mode="lines+markers", line=dict(color=p.major, width=3), marker=dict(size=7),
                    hovertemplate="%{x}: %{y:,}<extra></extra>")  # fmt: skip
    fig.update_yaxes(title_text=i18n.t("unit.items_axis", lang=lang), rangemode="tozero")
    fig.update_xaxes(type="category", tickangle=-45 if len(x) > 8 else 0, nticks=9)
    return _finish(fig, p, title, subtitle, height)


def heat_grid(
    df: pd.DataFrame, *, value: str, p: Palette, lang: str, title: str, subtitle: str, towns: list[str]
) -> go.Figure:
    """Town x sector heat map. A transparent marker sits on each cell so a click selects it;
    its ``customdata`` is [town, sector]."""
    sectors = sector_order(df["sector"])
    grid = df.pivot_table(index="town", columns="sector", values=value, aggfunc="sum", fill_value=0)
    grid = grid.reindex(index=towns, columns=sectors, fill_value=0)
    xl = safe_labels(i18n.sector_label(c, lang) for c in sectors)
    yl = safe_labels(towns)
    fig = go.Figure()
    fig.add_heatmap(z=grid.values, x=xl, y=yl, colorscale=[[i / 4, c] for i, c in enumerate(p.sequential)],
                    text=grid.values, texttemplate="%{text:,}", hoverinfo="skip", showscale=False,
                    xgap=2, ygap=2, textfont=dict(size=p.base_font - 3))  # fmt: skip
    xs, ys, cd = [], [], []
    for town, town_label in zip(towns, yl, strict=True):
        for code, lab in zip(sectors, xl, strict=True):
            xs.append(lab)
            ys.append(town_label)
            cd.append([town, code])
    fig.add_scatter(x=xs, y=ys, mode="markers", customdata=cd, showlegend=False,
                    marker=dict(size=28, symbol="square", opacity=0.01, color=p.background),
                    text=[f"{v:,}" for v in grid.values.flatten()],
                    hovertemplate="%{y} · %{x}: %{text}<extra></extra>")  # fmt: skip
    fig.update_xaxes(tickangle=-30 if len(sectors) > 8 else 0, type="category")
    fig.update_yaxes(autorange="reversed", type="category")
    return _finish(fig, p, title, subtitle, max(340, 170 + 36 * len(towns)), legend=False)


def bucket_bars(
    df: pd.DataFrame,
    *,
    bucket_labels: dict[str, str],
    value: str,
    p: Palette,
    lang: str,
    title: str,
    subtitle: str,
    axis_title: str,
    height: int = 340,
) -> go.Figure:
    """Counts per ordered bucket, stacked by level. ``df``: bucket, bucket_order, level, <value>."""
    order = df.drop_duplicates("bucket").sort_values("bucket_order")["bucket"].tolist()
    x = [bucket_labels.get(b, b) for b in order]
    fig = go.Figure()
    per = {}
    for level, colour in (("general", p.general), ("major", p.major)):
        per[level] = df[df["level"] == level].set_index("bucket")[value].reindex(order, fill_value=0)
        fig.add_bar(x=x, y=per[level].values, name=i18n.level_label(level, lang), marker_color=colour,
                    hovertemplate="%{x}: %{y:,}<extra></extra>")  # fmt: skip
    # one horizontal label above every bar (labels inside thin segments were rotated or hidden)
    totals = per["general"].values + per["major"].values
    label = "{t:,}（重大 {m:,}）" if lang == "zh" else "{t:,} ({m:,} major)"
    fig.add_scatter(x=x, y=totals, mode="text", text=[label.format(t=int(t), m=int(m)) for t, m in
                                                      zip(totals, per["major"].values, strict=True)],
                    textposition="top center", textfont=dict(size=p.base_font - 2, color=p.text), showlegend=False,
                    cliponaxis=False, hoverinfo="skip")  # fmt: skip
    fig.update_layout(barmode="stack")
    fig.update_yaxes(range=[0, max(float(totals.max()) if len(totals) else 1, 1) * 1.18])
    fig.update_yaxes(title_text=i18n.t("unit.items_axis", lang=lang))
    fig.update_xaxes(title_text=axis_title, type="category")
    return _finish(fig, p, title, subtitle, height)


def _nice_ticks(top: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values from 0 to ``top``."""
    raw = top / n
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [round(i * step, 6) for i in range(int(top // step) + 1)]


def stock_flow(df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str, height: int = 400) -> go.Figure:
    """Open major hazards: inflow (found, up), outflow (rectified, down) and the month-end stock."""
    x = [period_label(m, lang) for m in df["month"]]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_bar(x=x, y=df["inflow"], name=i18n.t("flow.inflow", lang=lang), marker_color=p.bad, opacity=0.8,
                hovertemplate="%{x}: +%{y:,}<extra></extra>")  # fmt: skip
    fig.add_bar(x=x, y=-df["outflow"], name=i18n.t("flow.outflow", lang=lang), marker_color=p.good, opacity=0.8,
                customdata=df["outflow"], hovertemplate="%{x}: -%{customdata:,}<extra></extra>")  # fmt: skip
    fig.add_scatter(x=x, y=df["stock"], name=i18n.t("flow.stock", lang=lang), mode="lines+markers+text",
                    line=dict(color=p.text, width=3), marker=dict(size=7), secondary_y=True,
                    text=[f"{int(v):,}" if i == len(df) - 1 else "" for i, v in enumerate(df["stock"])],
                    textposition="middle left", hovertemplate="%{x}: %{y:,}<extra></extra>")  # fmt: skip
    fig.update_layout(barmode="relative")
    # one zero line: the stock axis is stretched below zero in the same proportion as the flows'
    up = max(float(df["inflow"].max() or 0), 1.0) * 1.15
    down = float(df["outflow"].max() or 0) * 1.15
    top = max(float(df["stock"].max() or 0), 1.0) * 1.15
    below = top * down / up
    fig.update_yaxes(title_text=i18n.t("flow.axis_flow", lang=lang), secondary_y=False, range=[-down, up],
                     zeroline=True, zerolinecolor=p.muted, zerolinewidth=1.5)  # fmt: skip
    ticks = [v for v in _nice_ticks(top) if v <= top]
    fig.update_yaxes(title_text=i18n.t("flow.axis_stock", lang=lang), secondary_y=True, showgrid=False,
                     range=[-below, top], tickvals=ticks, zeroline=False)  # fmt: skip
    fig.update_xaxes(type="category", tickangle=-45 if len(x) > 14 else 0)
    return _finish(fig, p, title, subtitle, height)
