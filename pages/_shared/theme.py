"""Palettes (light default, dark, projector), sector colours, plotly template, locale formats.

Pure module (no ``st.*``): pages pick a palette with ``palette(name)`` and hand it to the
chart builders. The projector palette is dark, high-contrast, with big type, for the
meeting-room mode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import plotly.graph_objects as go

from etl.contract import SECTOR_CODES
from etl.values import is_missing as _missing

# What a table cell shows for a missing value (Streamlit would write "None").
BLANK = "—"

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

# One colour per sector everywhere. Okabe-Ito first (colour-blind safe) for the four sectors
# leaders look at first, then Paul Tol's muted/bright colours; 'other' is grey.
SECTOR_COLOURS = {
    "school": "#0072B2",
    "fire": "#D55E00",
    "traffic": "#E69F00",
    "construction": "#009E73",
    "hazchem": "#CC79A7",
    "gas": "#56B4E9",
    "industry_trade": "#882255",
    "special_equipment": "#999933",
    "mining": "#8C564B",
    "water": "#44AA99",
    "tourism": "#AA4499",
    "other": "#8C8C8C",
}
SECTOR_ORDER = list(SECTOR_CODES)
assert set(SECTOR_COLOURS) == set(SECTOR_CODES), "one colour per sector code of etl.contract"
LEADING_SECTORS = ["school", "fire", "traffic", "construction"]


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    surface: str  # cards
    text: str
    muted: str
    grid: str
    accent: str
    good: str
    bad: str
    neutral: str
    general: str  # level colours
    major: str
    sequential: list[str] = field(default_factory=list)  # heat maps, low -> high
    base_font: int = 15
    title_font: int = 19
    kpi_font: int = 34
    dark: bool = False

    @property
    def level_colours(self) -> dict[str, str]:
        return {"general": self.general, "major": self.major}


_SEQ_LIGHT = ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]
_SEQ_DARK = ["#1B2330", "#23466B", "#2E78B7", "#6DB3F2", "#D6ECFF"]

PALETTES = {
    "light": Palette(
        name="light", background="#FFFFFF", surface="#F5F7FA", text="#1F2328", muted="#57606A",
        grid="#E3E6EA", accent="#0B5CAD", good="#1A7F5A", bad="#C0392B", neutral="#57606A",
        general="#7A9CC6", major="#D55E00", sequential=_SEQ_LIGHT,
    ),
    "dark": Palette(
        name="dark", background="#0E1117", surface="#1A1F2B", text="#E6EDF3", muted="#9DA7B3",
        grid="#2D3340", accent="#58A6FF", good="#3FB68B", bad="#FF7B72", neutral="#9DA7B3",
        general="#7FA7D9", major="#FF8A3D", sequential=_SEQ_DARK, dark=True,
    ),
    "projector": Palette(
        name="projector", background="#000000", surface="#111827", text="#FFFFFF", muted="#D0D7DE",
        grid="#3A3F4B", accent="#FFD33D", good="#4ADE80", bad="#FF6B6B", neutral="#D0D7DE",
        general="#93C5FD", major="#FF9F43", sequential=_SEQ_DARK, base_font=22, title_font=30,
        kpi_font=56, dark=True,
    ),
}  # fmt: skip
THEMES = ("light", "dark")  # Streamlit's own themes (app menu); 'projector' is used by the meeting-room mode


def palette(name: str | None) -> Palette:
    return PALETTES.get(name or "light", PALETTES["light"])


def sector_colour(code: str) -> str:
    return SECTOR_COLOURS.get(code, SECTOR_COLOURS["other"])


def plotly_template(p: Palette) -> go.layout.Template:
    """A template every builder applies: CJK font, sizes, grid and background of the palette."""
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT_FAMILY, size=p.base_font, color=p.text),
            title=dict(font=dict(size=p.title_font, color=p.text), x=0.0, xanchor="left", y=0.97),
            paper_bgcolor=p.background,
            plot_bgcolor=p.background,
            colorway=list(SECTOR_COLOURS.values()),
            xaxis=dict(gridcolor=p.grid, linecolor=p.grid, zerolinecolor=p.grid, automargin=True,
                       tickfont=dict(size=p.base_font - 1), title=dict(font=dict(size=p.base_font))),
            yaxis=dict(gridcolor=p.grid, linecolor=p.grid, zerolinecolor=p.grid, automargin=True,
                       tickfont=dict(size=p.base_font - 1), title=dict(font=dict(size=p.base_font))),
            legend=dict(font=dict(size=p.base_font - 1), bgcolor="rgba(0,0,0,0)"),
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=p.base_font)),
            margin=dict(l=10, r=10, t=80, b=10),
            separators=".,",
        )
    )  # fmt: skip


def css(p: Palette) -> str:
    """Page CSS for the palette (Streamlit's own theme comes from .streamlit/config.toml)."""
    rules = [
        f".kpi-card {{background:{p.surface};border-radius:10px;padding:14px 16px 12px;"
        f"border:1px solid {p.grid};height:100%;}}",
        f".kpi-label {{font-size:{p.base_font}px;color:{p.muted};margin-bottom:2px;}}",
        f".kpi-value {{font-size:{p.kpi_font}px;font-weight:700;color:{p.text};line-height:1.15;}}",
        f".kpi-scope {{font-size:{p.base_font - 3}px;color:{p.muted};margin-top:2px;}}",
        f".kpi-delta {{font-size:{p.base_font - 1}px;margin-top:4px;color:{p.muted};}}",
        f".kpi-good {{color:{p.good};font-weight:600;}} .kpi-bad {{color:{p.bad};font-weight:600;}}",
        f".kpi-neutral {{color:{p.neutral};}}",
        f".scope-note {{color:{p.muted};font-size:{p.base_font - 1}px;}}",
    ]
    if p.name == "dark":
        rules.append(chrome_css(p))
    if p.name == "projector":  # the meeting-room mode draws its own chrome
        rules += [
            f".stApp, [data-testid='stHeader'] {{background:{p.background};color:{p.text};}}",
            f"[data-testid='stSidebar'] {{background:{p.surface};}}",
            f".stApp h1, .stApp h2, .stApp h3, .stApp p, .stApp label, .stApp span, .stApp li,"
            f" .stApp [data-testid='stCaptionContainer'] {{color:{p.text};}}",
        ]
    return "\n".join(rules)


def chrome_css(p: Palette) -> str:
    """Streamlit's own parts in the dark palette (the in-app switch; Streamlit has no API to change
    its theme from the app). Inputs keep light text on dark fields; the table grid is drawn on a
    canvas in Streamlit's theme, so it is inverted (hue kept) to read light-on-dark."""
    bg, surf, text, muted, grid = p.background, p.surface, p.text, p.muted, p.grid
    return "\n".join([
        f".stApp, [data-testid='stAppViewContainer'], [data-testid='stMain'], header[data-testid='stHeader'] "
        f"{{background:{bg} !important;color:{text};}}",
        f"[data-testid='stSidebar'], [data-testid='stSidebar'] > div {{background:{surf} !important;}}",
        f".stApp h1, .stApp h2, .stApp h3, .stApp h4, .stApp p, .stApp li, .stApp label, .stApp summary, "
        f".stApp [data-testid='stMarkdownContainer'], .stApp [data-testid='stWidgetLabel'] {{color:{text} !important;}}",
        f".stApp [data-testid='stCaptionContainer'], .stApp [data-testid='stCaptionContainer'] p {{color:{muted} !important;}}",
        f".stApp [data-baseweb='select'] > div, .stApp [data-baseweb='input'], .stApp [data-baseweb='base-input'], "
        f".stApp input, .stApp textarea {{background:{surf} !important;color:{text} !important;"
        f"border-color:{grid} !important;}}",
        f".stApp [data-baseweb='select'] span, .stApp [data-baseweb='select'] div {{color:{text};}}",
        f".stApp [data-baseweb='select'] div, .stApp [data-baseweb='input'] div, .stApp [data-testid='stDateInput'] div,"
        f" .stApp [data-testid='stNumberInput'] div, .stApp [data-testid='stTextInput'] div, .stApp [data-testid='stDateInputField'] "
        f"{{background-color:{surf} !important;}}",
        f".stApp [data-testid='stMultiSelect'] div, .stApp [data-testid='stSelectbox'] div "
        f"{{background-color:{surf} !important;}}",
        f".stApp [data-testid='stDateInputField'] *, .stApp [data-testid='stDateInput'] input {{color:{text} !important;}}",
        f".stApp [data-baseweb='select'] input::placeholder, .stApp input::placeholder {{color:{muted} !important;}}",
        f".stApp [data-testid='stAlertContainer'], .stApp [data-testid='stAlert'] > div "
        f"{{background-color:#16263A !important;color:{text} !important;}}",
        f"[data-baseweb='popover'] ul, [data-baseweb='popover'] li, [data-baseweb='menu'] "
        f"{{background:{surf} !important;color:{text} !important;}}",
        f".stApp [data-baseweb='tag'] {{background:{grid} !important;color:{text} !important;}}",
        f".stApp button {{background:{surf};color:{text};border-color:{grid};}}",
        f".stApp button[aria-checked='true'], .stApp button[kind*='Active'] {{background:{p.accent}33;"
        f"color:{text};border-color:{p.accent};}}",
        f".stApp [data-testid='stExpander'] details {{background:{bg};border-color:{grid};}}",
        ".stApp [data-testid='stDataFrame'] {filter:invert(0.92) hue-rotate(180deg);}",
        f".stApp [data-testid='stSidebarNav'] span {{color:{text} !important;}}",
    ])  # fmt: skip


# ---- locale formatting -------------------------------------------------------------------
_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def fmt_int(n: object, lang: str = "zh") -> str:
    if _missing(n):
        return "—"
    return f"{int(n):,}"


def fmt_pct(x: object, lang: str = "zh", digits: int = 1) -> str:
    """A rate 0..1 as '93.8%'; '—' when undefined (empty denominator)."""
    if _missing(x):
        return "—"
    return f"{float(x) * 100:.{digits}f}%"


def fmt_days(x: object, lang: str = "zh") -> str:
    if _missing(x):
        return "—"
    v = float(x)
    n = f"{v:.0f}" if abs(v - round(v)) < 0.05 else f"{v:.1f}"
    return f"{n} 天" if lang == "zh" else f"{n} days"


def _as_date(d: object) -> dt.date | None:
    if _missing(d):
        return None
    if hasattr(d, "date") and not isinstance(d, dt.date | str):
        d = d.date()  # pandas Timestamp
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    return dt.date.fromisoformat(str(d)[:10])


def fmt_date(d: object, lang: str = "zh") -> str:
    x = _as_date(d)
    if x is None:
        return "—"
    return f"{x.year}年{x.month}月{x.day}日" if lang == "zh" else f"{x.day} {_MON[x.month - 1]} {x.year}"


def fmt_dates(values: Iterable[object], lang: str = "zh", missing: str = "") -> list[str]:
    """A table column of dates as text; a missing date reads ``missing`` (e.g. "从未检查")."""
    return [missing if _missing(v) else fmt_date(v, lang) for v in values]


def fmt_month(d: object, lang: str = "zh", short: bool = False) -> str:
    x = _as_date(d)
    if x is None:
        return "—"
    if lang == "zh":
        return f"{x.year % 100:02d}年{x.month}月" if short else f"{x.year}年{x.month}月"
    return f"{_MON[x.month - 1]} {x.year % 100:02d}" if short else f"{_MON[x.month - 1]} {x.year}"


def fmt_quarter(d: object, lang: str = "zh") -> str:
    x = _as_date(d)
    if x is None:
        return "—"
    q = (x.month - 1) // 3 + 1
    return f"{x.year}年Q{q}" if lang == "zh" else f"Q{q} {x.year}"


def fmt_datetime(d: object, lang: str = "zh") -> str:
    if _missing(d):
        return "—"
    x = d if isinstance(d, dt.datetime) else getattr(d, "to_pydatetime", lambda: d)()
    if not isinstance(x, dt.datetime):
        return fmt_date(d, lang)
    return f"{fmt_date(x, lang)} {x:%H:%M}"


# ---- contrast (WCAG 2.x) -------------------------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of '#RRGGBB'."""
    c = colour.lstrip("#")
    chans = [int(c[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in chans]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#RRGGBB' colours (1 to 21; AA text needs 4.5)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return "#000000" if contrast("#000000", background) >= contrast("#FFFFFF", background) else "#FFFFFF"


def blend(a: str, b: str, t: float) -> str:
    """The colour ``t`` of the way from ``a`` to ``b`` (linear in sRGB, as plotly interpolates)."""
    ca, cb = a.lstrip("#"), b.lstrip("#")
    out = [round(int(ca[i : i + 2], 16) + (int(cb[i : i + 2], 16) - int(ca[i : i + 2], 16)) * t) for i in (0, 2, 4)]
    return "#" + "".join(f"{v:02X}" for v in out)
