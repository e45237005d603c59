"""Shared page widgets: KPI cards, charts with drill-down and PNG export, tables with
.xlsx export, scope captions and empty states. Pages compose these; no SQL here."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.values import is_missing as _missing

from . import export, theme
from .filters import Filters
from .i18n import t
from .safe import html_text, t_md

# ---- KPI cards -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    label: str
    value: float | int | None
    kind: str = "count"  # 'count' | 'rate' | 'days'
    better: str | None = None  # 'up' | 'down' | None (neutral): which direction is good
    prev: float | int | None = None  # same KPI a month earlier
    yoy: float | int | None = None  # same KPI a year earlier
    help: str | None = None
    scope: str | None = None  # the card's window and as-of date, shown under the value
    prev_note: str | None = None  # instead of the month-earlier delta (e.g. a partial month)
    yoy_note: str | None = None


def format_value(x: object, kind: str, lang: str) -> str:
    if kind == "rate":
        return theme.fmt_pct(x, lang)
    if kind == "days":
        return theme.fmt_days(x, lang)
    return theme.fmt_int(x, lang)


def delta_html(cur: object, ref: object, *, kind: str, better: str | None, label: str, lang: str) -> str:
    """'较上月 ▲ 上升 2.1 个百分点 · 向好' with a colour class by meaning (never colour alone)."""
    if _missing(cur) or _missing(ref):
        return f"<span class='kpi-neutral'>{html_text(label)}：{t('kpi.no_compare')}</span>"
    diff = float(cur) - float(ref)
    # a change that rounds to nothing at the precision shown is no change ("下降 0.0 个百分点" said nothing)
    shown = round(abs(diff) * 100, 1) if kind == "rate" else round(abs(diff), 1 if kind == "days" else 0)
    if shown == 0:
        return f"<span class='kpi-neutral'>{html_text(label)} ▬ {t('kpi.flat')}</span>"
    up = diff > 0
    arrow, word = ("▲", t("kpi.up")) if up else ("▼", t("kpi.down"))
    if kind == "rate":
        amount = t("kpi.pp", v=f"{abs(diff) * 100:.1f}")
    elif kind == "days":
        amount = theme.fmt_days(abs(diff), lang)
    else:
        amount = f"{abs(diff):,.0f}"
        if float(ref) > 0:
            amount += (
                f"（{abs(diff) / float(ref) * 100:.0f}%）"
                if lang == "zh"
                else f" ({abs(diff) / float(ref) * 100:.0f}%)"
            )
    if better is None:
        cls, verdict = "kpi-neutral", ""
    else:
        good = up == (better == "up")
        cls, verdict = ("kpi-good", t("kpi.better")) if good else ("kpi-bad", t("kpi.worse"))
        verdict = f" · {verdict}"
    sep = "：" if lang == "zh" else ": "
    return f"<span class='{cls}'>{html_text(label)}{sep}{arrow} {word} {html_text(amount)}{verdict}</span>"


def kpi_row(kpis: Sequence[Kpi], lang: str, per_row: int = 3, with_deltas: bool = True) -> None:
    for start in range(0, len(kpis), per_row):
        cols = st.columns(per_row, gap="small")
        for col, k in zip(cols, kpis[start : start + per_row], strict=False):
            deltas = (
                [
                    f"<span class='kpi-neutral'>{html_text(k.prev_note)}</span>" if k.prev_note else
                    delta_html(k.value, k.prev, kind=k.kind, better=k.better, label=t("kpi.vs_prev"), lang=lang),
                    f"<span class='kpi-neutral'>{html_text(k.yoy_note)}</span>" if k.yoy_note else
                    delta_html(k.value, k.yoy, kind=k.kind, better=k.better, label=t("kpi.vs_yoy"), lang=lang),
                ]
                if with_deltas
                else []
            )  # fmt: skip
            scope = f"<div class='kpi-scope'>{html_text(k.scope)}</div>" if k.scope else ""
            title = f" title='{html_text(k.help)}'" if k.help else ""
            col.markdown(
                f"<div class='kpi-card'{title}><div class='kpi-label'>{html_text(k.label)}</div>"
                f"<div class='kpi-value'>{format_value(k.value, k.kind, lang)}</div>{scope}"
                + "".join(f"<div class='kpi-delta'>{d}</div>" for d in deltas)
                + "</div>",
                unsafe_allow_html=True,
            )
        st.write("")


# ---- captions and empty states -------------------------------------------------------------


def scope_caption(f: Filters) -> str:
    """'统计范围：2025年1月至2025年6月发现的隐患（城关镇；学校）；整改状态截至 2025年6月30日。'"""
    lang = f.lang
    parts = f.filter_parts()
    extra = ""
    if parts:
        extra = "（" + "；".join(parts) + "）" if lang == "zh" else " (" + "; ".join(parts) + ")"
    return t(
        "caption.scope",
        start=theme.fmt_month(f.start_month, lang),
        end=theme.fmt_month(f.end_month, lang),
        extra=extra,
        asof=theme.fmt_date(f.as_of, lang),
    )


def subtitle(f: Filters) -> str:
    """Chart subtitle: period and as-of date."""
    return f"{theme.fmt_month(f.start_month, f.lang)} – {theme.fmt_month(f.end_month, f.lang)} · " + t(
        "caption.asof_short", asof=theme.fmt_date(f.as_of, f.lang)
    )


def area(f: Filters) -> str:
    """Whose figures these are: the selected towns (up to three named), else the county."""
    sep = "、" if f.lang == "zh" else ", "
    if not f.towns:
        return t("area.county", lang=f.lang)
    if len(f.towns) <= 3:
        return sep.join(f.towns)
    return t("area.towns_more", lang=f.lang, first=sep.join(f.towns[:2]), n=len(f.towns))


def scoped_name(f: Filters, name: str) -> str:
    """A file name that says its scope: area, then the name, then the headline month."""
    month = f.headline
    stamp = f"_{month:%Y-%m}" if month else ""
    return f"{area(f)}_{name}{stamp}"


def empty(key: str = "empty.filter", **fmt: object) -> None:
    st.info(t(key, **fmt), icon=":material/info:")


def note(text: str) -> None:
    """A muted sentence under a heading (what a section means, its scope). The text may hold names
    from the data: escaped, never read as Markdown or HTML."""
    st.markdown(f"<div class='scope-note'>{html_text(text)}</div>", unsafe_allow_html=True)


def settings_problems(problems: Sequence, key: str, lang: str) -> None:
    """One warning per problem found in an editable settings file (config/*.toml): the defaults
    stand, and the sentence names the file's line. `key` is the page's "<area>.cfg.problem"."""
    for problem in problems:
        st.warning(t_md(key, text=problem.text(lang)), icon=":material/settings:")


# ---- charts --------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", text).strip("_")[:60] or "chart"


def drill(
    chart_key: str, targets: Sequence[str], allowed: Mapping[str, Collection[object] | None] | None = None
) -> Callable[[], None]:
    """An ``on_select`` callback: the clicked points' ``customdata`` → the bound filter keys.

    ``targets[i]`` receives ``customdata[i]`` of every selected point (a scalar customdata
    counts as element 0). Multiselect keys get a list; other keys a single value.
    ``allowed[target]``, when given, lists the values that target's widget offers: others are
    dropped (e.g. a town known only from the registry is not an option of the town filter)."""
    allowed = allowed or {}

    def callback() -> None:
        event = st.session_state.get(chart_key)
        if not event:
            return
        points = (event.get("selection") or {}).get("points") or []
        values: list[list[object]] = [[] for _ in targets]
        for pt in points:
            cd = pt.get("customdata")
            if cd is None:
                continue
            cd = cd if isinstance(cd, list) else [cd]
            for i in range(min(len(targets), len(cd))):
                offered = allowed.get(targets[i])
                if (offered is None or cd[i] in offered) and cd[i] not in values[i]:
                    values[i].append(cd[i])
        for target, vals in zip(targets, values, strict=True):
            if vals:
                st.session_state[target] = vals
        # a drill lands the user on the filtered view: drop the chart's own selection
        st.session_state.pop(chart_key, None)

    return callback


def chart(
    fig: go.Figure | None,
    *,
    key: str,
    filename: str,
    drill_to: Sequence[str] | None = None,
    hint: str | None = None,
    allowed: Mapping[str, Collection[object] | None] | None = None,
) -> None:
    """Show a figure with a PNG button named after the chart; clicking drills if ``drill_to``
    (only to the values ``allowed`` lists for a target, when given: see ``drill``)."""
    if fig is None:
        empty("empty.chart")
        return
    f = st.session_state.get("_filters")
    if isinstance(f, Filters):
        filename = scoped_name(f, filename)
    config = {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
        "toImageButtonOptions": {"format": "png", "filename": _slug(filename), "scale": 2},
        "locale": "zh-CN" if st.session_state.get("lang", "zh") == "zh" else "en",
    }
    if drill_to:
        st.plotly_chart(fig, key=key, on_select=drill(key, drill_to, allowed), selection_mode=("points",),
                        config=config, theme=None, width="stretch")  # fmt: skip
        if hint:
            st.caption(hint)
    else:
        st.plotly_chart(fig, key=key, config=config, theme=None, width="stretch")


# ---- tables --------------------------------------------------------------------------------


def table(
    df: pd.DataFrame,
    *,
    key: str,
    filename: str,
    f: Filters,
    title: str,
    column_config: dict | None = None,
    height: int | str = "auto",
    on_select: bool = False,
    style: Callable[[pd.DataFrame], object] | None = None,
) -> object:
    """A sortable table with an .xlsx download of exactly these rows (headers as shown).
    ``style``: df → a pandas Styler for the screen (e.g. band colours); the export stays plain."""
    column_config = {**date_columns(df), **(column_config or {})}
    shown = shown_blanks(df)
    event = st.dataframe(
        style(shown) if style else shown,
        key=key if on_select else None,
        hide_index=True,
        placeholder=theme.BLANK,
        width="stretch",
        height=height,
        column_config=column_config,
        on_select="rerun" if on_select else "ignore",
        selection_mode="single-row" if on_select else "multi-row",
    )
    note = t("export.note", at=theme.fmt_datetime(dt.datetime.now(), f.lang), filters=f.describe())
    sheet = t("export.sheet")  # resolved now: the download callable runs outside the script
    token = st.session_state.setdefault(f"_{key}__xlsx_token", uuid.uuid4().hex)
    failed = export.pop_failure(token)
    if failed:
        st.error(failed)
    failure = t("export.failed", lang=f.lang, reason="{reason}")
    st.download_button(
        t("export.xlsx"),
        data=export.guarded(token, lambda: export.to_xlsx(dates_as_dates(df), sheet=sheet, title=title, note=note),
                            lambda reason: failure.format(reason=reason)),
        file_name=f"{_slug(scoped_name(f, filename))}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}__xlsx",
        icon=":material/download:",
    )
    return event


def shown_blanks(df: pd.DataFrame) -> pd.DataFrame:
    """Missing text shown as "—" (Streamlit writes "None"); numbers and dates keep their blanks.
    Only columns whose values are all text are touched (a mixed column would not convert)."""
    text_cols = [c for c in df.columns if (df[c].dtype == object or pd.api.types.is_string_dtype(df[c].dtype))
                 and df[c].isna().any() and all(isinstance(v, str) for v in df[c].dropna())]  # fmt: skip
    if not text_cols:
        return df
    out = df.copy()
    for c in text_cols:
        out[c] = out[c].where(out[c].notna(), theme.BLANK)
    return out


def dates_as_dates(df: pd.DataFrame) -> pd.DataFrame:
    """DuckDB DATE columns arrive as datetime64: show them as dates, not 'YYYY-MM-DD 00:00:00'."""
    out = df
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_datetime64_any_dtype(s) and (s.dropna().dt.normalize() == s.dropna()).all():
            if out is df:
                out = df.copy()
            out[col] = [None if pd.isna(v) else v.date() for v in s]
    return out


def date_columns(df: pd.DataFrame) -> dict:
    """Column config showing date-only datetime columns as YYYY-MM-DD (blank when missing)."""
    out = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_datetime64_any_dtype(s) and (s.dropna().dt.normalize() == s.dropna()).all():
            out[col] = st.column_config.DateColumn(format="YYYY-MM-DD")
    return out


def inject_css(p: theme.Palette) -> None:
    st.markdown(f"<style>{theme.css(p)}\n{uploader_css()}</style>", unsafe_allow_html=True)


def _css_string(text: str) -> str:
    return '"' + "".join(ch if ch.isalnum() or ch in " ·，、（）.,()-" else f"\\{ord(ch):x} " for ch in text) + '"'


def uploader_css() -> str:
    """Streamlit's file uploader says "Upload" and "50MB per file" in English whatever the app's
    language and has no option to change it: in Chinese, the two texts are replaced by CSS."""
    if st.session_state.get("lang", "zh") != "zh":
        return ""
    mb = st.get_option("server.maxUploadSize")
    button, note = _css_string(t("uploader.button")), _css_string(t("uploader.note", mb=mb))
    return (
        "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p {font-size:0;}"
        f"[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p::after "
        f"{{content:{button};font-size:1rem;}}"
        "[data-testid='stFileUploaderDropzoneInstructions'] span {font-size:0;}"
        f"[data-testid='stFileUploaderDropzoneInstructions'] span::after {{content:{note};font-size:0.875rem;}}"
    )


# ---- page frame ----------------------------------------------------------------------------


def page_header(title_key: str, f: Filters, status: dict) -> bool:
    """Title, scope sentence and data freshness. Returns False (after saying why) when there
    is nothing to show: an empty warehouse."""
    st.title(t(title_key, area=area(f)))
    if not f.has_data:
        empty("empty.warehouse")
        return False
    st.markdown(f"<div class='scope-note'>{html_text(scope_caption(f))}</div>", unsafe_allow_html=True)
    st.caption(
        t_md(
            "caption.data_asof",
            month=theme.fmt_month(status.get("last_report_month"), f.lang),
            file=status.get("last_upload_file") or "—",
            at=theme.fmt_datetime(status.get("last_upload_at"), f.lang),
        )
    )
    last = status.get("last_report_month")
    if last is not None and not pd.isna(last):
        last_day = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)).date()
        if f.as_of > last_day + dt.timedelta(days=10):  # reports for a month arrive early the next month
            st.caption(":material/schedule: " + t("caption.asof_after_data", month=theme.fmt_month(last, f.lang)))
    return True
