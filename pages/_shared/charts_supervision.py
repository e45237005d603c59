"""Pure plotly builders for the 督办与销号 page: a small DataFrame in, a Figure out.

Same conventions as ``charts.py``: palette ``p``, language ``lang``, visible ``title`` and
``subtitle``. No ``st.*``, no SQL.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import i18n
from .charts import _finish, period_label
from .theme import Palette, fmt_pct


def verify_monthly(
    df: pd.DataFrame, *, p: Palette, lang: str, title: str, subtitle: str, height: int = 380
) -> go.Figure:
    """Hazards rectified each month (bars: verified / not yet) and the verified share (line, right axis).
    ``df``: verification_monthly (month, rectified, verified, verify_rate)."""
    x = [period_label(m, lang) for m in df["month"]]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_bar(x=x, y=df["verified"], name=i18n.t("sup.verify.series_verified", lang=lang), marker_color=p.good,
                hovertemplate="%{x}: %{y:,}<extra></extra>")  # fmt: skip
    fig.add_bar(x=x, y=df["rectified"] - df["verified"], name=i18n.t("verify.pending", lang=lang),
                marker_color=p.neutral, customdata=df["rectified"],
                hovertemplate="%{x}: %{y:,} / %{customdata:,}<extra></extra>")  # fmt: skip
    rate = df["verify_rate"].astype(float) * 100
    fig.add_scatter(x=x, y=rate, name=i18n.t("sup.verify.series_rate", lang=lang), mode="lines+markers",
                    line=dict(color=p.accent, width=3), secondary_y=True,
                    text=[fmt_pct(v, lang) for v in df["verify_rate"]],
                    hovertemplate="%{x}: %{text}<extra></extra>")  # fmt: skip
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title_text=i18n.t("sup.verify.axis", lang=lang), secondary_y=False)
    fig.update_yaxes(title_text=i18n.t("sup.verify.rate_axis", lang=lang), secondary_y=True, range=[0, 105],
                     ticksuffix="%", showgrid=False, tickvals=[0, 20, 40, 60, 80, 100])  # fmt: skip
    fig.update_xaxes(type="category", tickangle=-45 if len(x) > 14 else 0)
    return _finish(fig, p, title, subtitle, height)
