"""Pure plotly builders for the scorecard and inspection-plan pages: a DataFrame in, a Figure out.
Same conventions as ``charts.py``; unit names are data, so they are escaped before plotly
renders them (plotly reads a subset of HTML in labels). No ``st.*``, no SQL."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import i18n
from .charts import _finish
from .safe import html_text
from .theme import Palette, fmt_month


def change_label(x: object, lang: str | None = None) -> str:
    """A rank's move since last month: ↑3 (up three places), ↓1, — (same), 新/new (not ranked then)."""
    if x is None or pd.isna(x):
        return i18n.t("score.change.new", lang=lang)
    n = int(x)
    if n > 0:
        return i18n.t("score.change.up", lang=lang, n=n)
    return i18n.t("score.change.down", lang=lang, n=-n) if n < 0 else i18n.t("score.change.same", lang=lang)


def rank_history(
    hist: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str, highlight: set[str] | None = None
) -> go.Figure | None:
    """Lines of rank by month (``hist``: rows unit, columns months; 1 = best, at the top).
    ``highlight``: units drawn bold (e.g. those advised an interview); the rest thinner."""
    if hist.empty or hist.notna().sum().sum() == 0:
        return None
    months = list(hist.columns)
    x = [fmt_month(m, lang, short=True) for m in months]
    fig = go.Figure()
    for unit, row in hist.iterrows():
        name = html_text(unit)
        bold = bool(highlight and unit in highlight)
        fig.add_scatter(x=x, y=row.tolist(), mode="lines+markers", name=name, connectgaps=False,
                        line=dict(width=4 if bold else 1.6, color=p.bad if bold else None),
                        hovertemplate="%{fullData.name}<br>%{x}: %{y}<extra></extra>")  # fmt: skip
    n = int(hist.max().max()) if hist.notna().any().any() else 1
    fig.update_yaxes(autorange="reversed", dtick=1 if n <= 15 else None, title=i18n.t("score.history.y", lang=lang))
    return _finish(fig, p, title, subtitle, height=420, legend=True)
