"""Pure plotly builders for the meeting-room slides (projector palette). No ``st.*``, no SQL.

Legible at 1080p from 6 m: tick and axis labels >= 20 px, table text >= 20 px. Colours are
Okabe-Ito (colour-blind safe) and every status/category is also told by text, pattern or
symbol (never by colour alone). Text from the warehouse goes into plotly (SVG text, escaped
by plotly), never into HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from .safe import html_text
from .safe import labels as safe_labels
from .theme import FONT_FAMILY, Palette

# Okabe-Ito on black: sky blue, orange, bluish green, yellow, reddish purple, vermillion; grey = rest
SERIES = ["#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00"]
REST_COLOUR = "#A0A0A0"
PATTERNS = ["", "/", ".", "x", "\\", "+", "-"]
GOOD, BAD = "#56B4E9", "#E69F00"
RISK_COLOURS = {"red": "#FF6B6B", "orange": "#FFA94D", "yellow": "#FFE066", "blue": "#74C0FC"}
TICK = 22
AXIS = 24
SLIDE_HEIGHT = 800


def _layout(fig: go.Figure, p: Palette, height: int, *, legend: bool = False, title: str | None = None) -> go.Figure:
    fig.update_layout(
        font=dict(family=FONT_FAMILY, size=TICK, color=p.text),
        paper_bgcolor=p.background,
        plot_bgcolor=p.background,
        height=height,
        showlegend=legend,
        margin=dict(l=10, r=30, t=60 if title else 10, b=10),
        hovermode=False,
        dragmode=False,
        title=dict(text=title, font=dict(size=28, color=p.text), x=0, xanchor="left") if title else None,
        legend=dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom", font=dict(size=TICK),
                    bgcolor="rgba(0,0,0,0)", traceorder="normal"),
    )  # fmt: skip
    fig.update_xaxes(tickfont=dict(size=TICK), title_font=dict(size=AXIS), gridcolor=p.grid, linecolor=p.grid,
                     zerolinecolor=p.grid, automargin=True)  # fmt: skip
    fig.update_yaxes(tickfont=dict(size=TICK), title_font=dict(size=AXIS), gridcolor=p.grid, linecolor=p.grid,
                     zerolinecolor=p.grid, automargin=True)  # fmt: skip
    return fig


def trend_by_sector(wide: pd.DataFrame, *, names: Sequence[str], month_labels: Sequence[str], p: Palette,
                    axis_title: str, height: int = SLIDE_HEIGHT) -> go.Figure:  # fmt: skip
    """Stacked monthly bars, one series per column of ``wide`` (top sectors, then the rest).
    Each series has its own colour AND fill pattern; the month total is written on top."""
    fig = go.Figure()
    cols = list(wide.columns)
    for i, (col, name) in enumerate(zip(cols, names, strict=True)):
        rest = i == len(cols) - 1 and name and col == "_rest"
        colour = REST_COLOUR if rest else SERIES[i % len(SERIES)]
        fig.add_bar(x=list(month_labels), y=[int(v) for v in wide[col]], name=html_text(name),
                    marker=dict(color=colour, pattern=dict(shape=PATTERNS[i % len(PATTERNS)], fgcolor="#000000",
                                                           bgcolor=colour, fgopacity=0.6, size=12, solidity=0.25,
                                                           fillmode="replace")))  # fmt: skip
    totals = wide.sum(axis=1).tolist() if cols else []
    fig.add_scatter(x=list(month_labels), y=totals, mode="text", text=[f"{int(v):,}" for v in totals],
                    textposition="top center", textfont=dict(size=TICK, color=p.text), showlegend=False,
                    cliponaxis=False)  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0.22)
    _layout(fig, p, height, legend=True)
    fig.update_yaxes(title_text=axis_title, rangemode="tozero")
    fig.update_xaxes(type="category")
    return fig


def town_rates(df: pd.DataFrame, *, p: Palette, avg: float | None, avg_label: str, bar_labels: Sequence[str],
               below_label: str, height: int = SLIDE_HEIGHT) -> go.Figure:  # fmt: skip
    """Horizontal bars of the rectification rate per town (``key``, ``rect_rate``), best on top.
    Towns below the county average are orange, hatched and labelled '▼ 低于平均'."""
    d = df.reset_index(drop=True)
    rates = d["rect_rate"].astype(float).fillna(0.0)
    below = [avg is not None and r < avg for r in rates]
    text = [f"{lab}  {below_label}" if b else lab for lab, b in zip(bar_labels, below, strict=True)]
    fig = go.Figure(
        go.Bar(
            x=rates.tolist(), y=safe_labels(d["key"]), orientation="h", text=text, textposition="outside",
            textfont=dict(size=TICK, color=p.text), cliponaxis=False,
            marker_color=[BAD if b else GOOD for b in below],
            marker_pattern=dict(shape=["/" if b else "" for b in below], fgcolor="rgba(0,0,0,0.6)", size=12,
                                solidity=0.3),
        )
    )  # fmt: skip
    if avg is not None:
        fig.add_vline(x=avg, line=dict(color=p.text, width=3, dash="dash"))
        fig.add_annotation(x=avg, y=1.0, yref="paper", yanchor="bottom", text=avg_label, showarrow=False,
                           font=dict(size=TICK, color=p.text), bgcolor=p.background)  # fmt: skip
    _layout(fig, p, height)
    fig.update_layout(margin=dict(l=10, r=40, t=50, b=10), bargap=0.25)
    fig.update_xaxes(range=[0, 1.32], tickformat=".0%", tickvals=[0, 0.2, 0.4, 0.6, 0.8, 1.0])
    fig.update_yaxes(autorange="reversed", type="category", tickfont=dict(size=TICK + 2))
    return fig


TABLE_FILLS = ("#151B26", "#0A0F17")  # alternate rows
TABLE_HEADER_FILL = "#2A3444"


def table(df: pd.DataFrame, *, p: Palette, widths: Sequence[float] | None = None, height: int = SLIDE_HEIGHT,
          font: int = 24, align: Sequence[str] | None = None, row_height: int = 52,
          colours: dict[str, Sequence[str]] | None = None) -> go.Figure:  # fmt: skip
    """A board-style table (plotly SVG text; data are never HTML). ``colours``: per column, a text
    colour per row (e.g. the risk level in its own colour)."""
    n = len(df)
    fills = [[TABLE_FILLS[i % 2] for i in range(n)]] * len(df.columns)
    text_colours = [list(colours[c]) if colours and c in colours else [p.text] * n for c in df.columns]
    fig = go.Figure(
        go.Table(
            columnwidth=list(widths) if widths else None,
            header=dict(values=safe_labels(df.columns), fill_color=TABLE_HEADER_FILL, line_color=p.grid,
                        font=dict(size=font, color=p.text, family=FONT_FAMILY), align=list(align or ["left"]),
                        height=row_height),
            cells=dict(values=[safe_labels(df[c].astype(str)) for c in df.columns], fill_color=fills, line_color=p.grid,
                       font=dict(size=font, color=text_colours, family=FONT_FAMILY), align=list(align or ["left"]),
                       height=row_height),
        )
    )  # fmt: skip
    fig.update_layout(paper_bgcolor=p.background, height=height, margin=dict(l=0, r=0, t=0, b=0))
    return fig


# Coverage on the projector: the blind spots (0 %) are the brightest, warmest cells; full
# coverage recedes into dark slate. Each cell's number is black or white, whichever contrasts
# more with its own colour (tests/test_projector_contrast.py checks WCAG AA on every step).
COVERAGE_SCALE = [(0.0, "#FF8A3D"), (0.25, "#D9733A"), (0.5, "#8E5B46"), (0.75, "#45506A"), (1.0, "#26334A")]


def coverage_colour(v: float) -> str:
    """The heat-map colour of coverage ``v`` (0-1), as plotly interpolates COVERAGE_SCALE."""
    from .theme import blend

    v = min(max(float(v), 0.0), 1.0)
    for (a, ca), (b, cb) in zip(COVERAGE_SCALE, COVERAGE_SCALE[1:], strict=False):
        if v <= b:
            return blend(ca, cb, (v - a) / (b - a))
    return COVERAGE_SCALE[-1][1]


def coverage_heatmap(cov: pd.DataFrame, *, p: Palette, towns: Sequence[str], sectors: Sequence[str],
                     sector_names: Sequence[str], colorbar_title: str, height: int = SLIDE_HEIGHT) -> go.Figure:  # fmt: skip
    """Town × sector coverage: 0 % (a blind spot) bright orange, full coverage dark slate; every
    cell also shows its percentage in black or white by contrast, and cells without registry
    units are left blank. ``sector_names`` are plotly text (escaped by the caller, who may break
    them with ``<br>``)."""
    from .theme import readable_on

    grid = cov.pivot_table(index="town", columns="sector", values="coverage", aggfunc="first")
    grid = grid.reindex(index=list(towns), columns=list(sectors))
    town_labels = safe_labels(towns)
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(), x=list(sector_names), y=town_labels, zmin=0, zmax=1,
            colorscale=[[a, c] for a, c in COVERAGE_SCALE], xgap=3, ygap=3, hoverongaps=False,
            colorbar=dict(title=dict(text=colorbar_title, font=dict(size=TICK)), tickformat=".0%",
                          tickfont=dict(size=TICK - 2), thickness=22),
        )
    )  # fmt: skip
    for i, row in enumerate(grid.to_numpy()):
        for j, v in enumerate(row):
            if pd.isna(v):
                continue
            fig.add_annotation(x=list(sector_names)[j], y=town_labels[i], text=f"{v * 100:.0f}%", showarrow=False,
                               font=dict(size=TICK - 2, color=readable_on(coverage_colour(v)), family=FONT_FAMILY))  # fmt: skip
    _layout(fig, p, height)
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10))
    fig.update_xaxes(side="top", tickangle=0, tickfont=dict(size=TICK - 2), showgrid=False)
    fig.update_yaxes(autorange="reversed", showgrid=False, tickfont=dict(size=TICK))
    return fig


def projector_css(p: Palette) -> str:
    """Static CSS for the slide show (palette constants only, no data): hide every bit of
    Streamlit chrome, full-bleed black page, big type for the slide's own text blocks."""
    return f"""
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], [data-testid="stMainMenu"], #MainMenu, footer, .stDeployButton,
[data-testid="stAppDeployButton"], [data-testid="collapsedControl"] {{display:none !important;}}
html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{background:{p.background} !important;
  color:{p.text};}}
.stApp [data-testid="stMainBlockContainer"], .stApp .block-container {{padding:18px 40px 8px 40px !important;
  max-width:100% !important;}}
.stApp [data-stale="true"], .stApp .stale-element {{opacity:1 !important; transition:none !important;}}
.stApp [data-testid="stMarkdownContainer"] p, .stApp [data-testid="stMarkdownContainer"] li {{color:{p.text};}}
.st-key-present_controls, .st-key-present_keys {{position:absolute !important; left:-10000px !important; top:0;
  width:600px !important;}}
.st-key-present_title p {{font-size:44px !important; font-weight:700; line-height:1.15; margin:0;}}
.st-key-present_meta p {{font-size:24px !important; color:{p.muted} !important; text-align:right; margin:0;
  line-height:1.35;}}
.st-key-present_sub p {{font-size:24px !important; color:{p.muted} !important; margin:0;}}
[class*="st-key-pcard_"] {{background:{p.surface}; border:2px solid {p.grid}; border-radius:14px;
  padding:22px 30px 18px 30px; min-height:380px;}}
[class*="st-key-pcard_"] .st-key-plabel p, [class*="st-key-plabel"] p {{font-size:30px !important;
  color:{p.muted} !important; margin:0;}}
[class*="st-key-pvalue"] p {{font-size:120px !important; font-weight:800; line-height:1.05; margin:0;
  color:{p.text} !important;}}
[class*="st-key-pdelta"] p {{font-size:26px !important; margin:0; line-height:1.45; color:{p.text} !important;}}
[class*="st-key-pnote"] p, [class*="st-key-pnote"] li {{font-size:28px !important; line-height:1.45;}}
[class*="st-key-phead"] p {{font-size:30px !important; font-weight:700; margin:0 0 6px 0;}}
"""


# Keyboard control: a FIXED script (no data interpolated). Space pauses/resumes, arrows and
# PageUp/PageDown (presentation clickers) step. Each key clicks the "+" of a hidden number
# input (one counter per command): a counter's value is sticky widget state, so a key press
# that lands while a timer rerun is in flight is never lost (a button's one-shot trigger can be).
KEYS_SCRIPT = """
<script>
(function () {
  if (window.__presentKeys) { return; }
  window.__presentKeys = true;
  var map = {" ": "present_pause", "Spacebar": "present_pause", "ArrowRight": "present_next",
             "PageDown": "present_next", "ArrowDown": "present_next", "ArrowLeft": "present_prev",
             "PageUp": "present_prev", "ArrowUp": "present_prev"};
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) { return; }
    var key = map[e.key];
    if (!key) { return; }
    e.preventDefault();
    // the hidden counter may be mid-render (or disabled) right when the key arrives: retry
    // for up to 4 s instead of dropping the press
    var tries = 0;
    (function attempt() {
      var btn = document.querySelector(".st-key-" + key + " [data-testid='stNumberInputStepUp']");
      if (btn && !btn.disabled) { btn.click(); return; }
      if (++tries < 40) { setTimeout(attempt, 100); }
    })();
  }, true);
})();
</script>
"""


def level_chain(names: Sequence[str], per_visit: Sequence[float], bar_labels: Sequence[str], weak: Sequence[bool],
                *, p: Palette, axis_title: str, height: int = 620) -> go.Figure:  # fmt: skip
    """Hazards found per visit by who inspected, the top level first (gap_levels order). A level
    that finds at most 60 % of what the one above it finds is orange, hatched and says so in its
    label (``bar_labels``): never colour alone."""
    vals = [0.0 if v is None or pd.isna(v) else float(v) for v in per_visit]
    fig = go.Figure(
        go.Bar(
            x=vals, y=safe_labels(names), orientation="h", text=list(bar_labels), textposition="outside",
            textfont=dict(size=TICK, color=p.text), cliponaxis=False,
            marker_color=[BAD if w else GOOD for w in weak],
            marker_pattern=dict(shape=["/" if w else "" for w in weak], fgcolor="rgba(0,0,0,0.6)", size=12,
                                solidity=0.3),
        )
    )  # fmt: skip
    _layout(fig, p, height)
    fig.update_layout(margin=dict(l=10, r=40, t=20, b=10), bargap=0.3)
    top = max(vals, default=0.0)
    fig.update_xaxes(range=[0, max(top, 0.1) * 1.9], title_text=axis_title, rangemode="tozero")
    fig.update_yaxes(autorange="reversed", type="category", tickfont=dict(size=TICK + 4))
    return fig
