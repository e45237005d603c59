"""Global sidebar filters, persisted across pages and kept in the URL.

Every filter is a widget with a fixed key, and the key is the URL parameter, so a copied
link reproduces the view (``?period=2025-01&period=2025-06&town=城关镇&sector=school&level=major
&asof=2025-06-30&lang=en``); a value equal to its default is left out of the URL.

Two mechanisms, one rule (the URL holds language-independent values):
* widgets whose values are plain text (period months, towns, departments, as-of date,
  free-text search) use Streamlit's ``bind="query-params"``;
* widgets whose options are codes shown through a translated ``format_func`` (language,
  colours, sectors, level, and page-local choices) would be bound by their *label*
  (``?level=重大隐患``), which breaks when the language changes; they use ``url_state``
  instead: seeded from the URL (codes) when the session first sees them, written back by
  ``sync_url`` at the end of every run (dashboard.py calls it).

Pages read the state through ``current()`` (a ``Filters``); drill-downs write a key via
``widgets.drill`` (session state, in an ``on_select`` callback).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st

from etl.months import add_months, compared_as_of, month_end, shift_as_of, window_start  # noqa: F401 - pages import them from here
from etl.read import completeness, queries
from etl.values import is_missing

from . import data, theme, urlcheck
from .i18n import LANGS, department_label, level_label, sector_label, t

KEY_LANG, KEY_THEME = "lang", "theme"
KEY_PERIOD, KEY_TOWN, KEY_SECTOR, KEY_DEPT, KEY_LEVEL, KEY_ASOF = "period", "town", "sector", "dept", "level", "asof"
KEY_MONTH = "month"  # the headline month (统计月份): default the last complete month of the period
FILTER_KEYS = (KEY_PERIOD, KEY_TOWN, KEY_SECTOR, KEY_DEPT, KEY_LEVEL, KEY_ASOF, KEY_MONTH)
LEVELS = ("all", "general", "major")
LANG_NAMES = {"zh": "中文", "en": "English"}


def month_key(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def parse_month(s: str) -> dt.date:
    y, m = s.split("-")
    return dt.date(int(y), int(m), 1)


@dataclass(frozen=True)
class Filters:
    start_month: dt.date | None
    end_month: dt.date | None
    towns: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    level: str | None = None
    as_of: dt.date = field(default_factory=dt.date.today)
    lang: str = "zh"
    theme: str = "light"
    has_data: bool = True
    month: dt.date | None = None  # headline month (None = the period's end month)
    reports: tuple[completeness.MonthReport, ...] = ()  # reporting completeness of each month of the period
    # the data's horizon: last day of the latest month a hazard ledger reported (None = unknown)
    horizon: dt.date | None = None
    stock_as_of: dt.date | None = None  # the as-of date of the stock cards when it differs (a shifted view)

    def report(self, month: dt.date | None) -> completeness.MonthReport | None:
        """The reporting completeness of ``month`` (None when outside the period)."""
        return next((r for r in self.reports if r.month == month), None)

    def partial_months(self) -> set[dt.date]:
        return {r.month for r in self.reports if r.partial}

    def params(self) -> dict[str, Any]:
        """The common hazard filter params of etl/read/queries.py."""
        return queries.hazard_filters(start_month=self.start_month, end_month=self.end_month, towns=list(self.towns),
                                      sectors=list(self.sectors), departments=list(self.departments),
                                      level=self.level, as_of=self.as_of)  # fmt: skip

    @property
    def headline(self) -> dt.date | None:
        """The month the cards call 'this month': the chosen headline month, else the period's end."""
        return self.month or self.end_month

    def month_params(self) -> dict[str, Any]:
        """Hazards found in the headline month (status as of the as-of date)."""
        return {**self.params(), "start_month": self.headline, "end_month": self.headline}

    def card_params(self) -> dict[str, Any]:
        """Hazards found from the period's start to the headline month: the rate cards' window."""
        return {**self.params(), "end_month": self.headline}

    def stock_params(self) -> dict[str, Any]:
        """Every hazard found up to the headline month (累计): the overdue cards, as in the pack."""
        return {**self.params(), "start_month": None, "end_month": self.headline, "as_of": self.stock_as_of or self.as_of}

    def shifted(self, months: int) -> Filters:
        """The same view ``months`` earlier (negative = back), as the briefing pack compares:
        window and as-of move together. The month and window figures are measured at the same age
        of the data (``etl.months.compared_as_of``: the as-of date capped at the data's horizon, then
        shifted), so last year's month does not count rectifications from ledgers this year's month
        cannot have yet; the cumulative stock keeps its distance to the as-of date
        (``shift_as_of``), so 'overdue' compares like with like."""
        if self.start_month is None or self.end_month is None:
            return self
        return replace(
            self,
            start_month=add_months(self.start_month, months),
            end_month=add_months(self.end_month, months),
            month=add_months(self.month, months) if self.month else None,
            as_of=compared_as_of(self.as_of, months, self.horizon),
            stock_as_of=shift_as_of(self.as_of, months),
        )

    @property
    def palette(self) -> theme.Palette:
        return theme.palette(self.theme)

    @property
    def narrowed(self) -> bool:
        return bool(self.towns or self.sectors or self.departments or self.level)

    def filter_parts(self) -> list[str]:
        """Visible names of the narrowing filters (towns, sectors, departments, level)."""
        lang = self.lang
        sep = "、" if lang == "zh" else ", "
        parts = []
        if self.towns:
            parts.append(sep.join(self.towns))
        if self.sectors:
            parts.append(sep.join(sector_label(s, lang) for s in self.sectors))
        if self.departments:
            parts.append(sep.join(department_label(d, lang) for d in self.departments))
        if self.level:
            parts.append(level_label(self.level, lang))
        return parts

    def describe(self) -> str:
        """One line naming period, filters and as-of date (captions, exports)."""
        lang = self.lang
        parts = [f"{theme.fmt_month(self.start_month, lang)} – {theme.fmt_month(self.end_month, lang)}"]
        parts += self.filter_parts()
        parts.append(t("caption.asof_short", asof=theme.fmt_date(self.as_of, lang)))
        return ("；" if lang == "zh" else "; ").join(parts)


def prepare_language_and_theme() -> None:
    """Seed the language and colours from the URL before any label is drawn (no widgets yet).
    Without ``?theme=`` the colours start as the browser's Streamlit theme."""
    url_state(KEY_LANG, LANGS, "zh")
    url_state(KEY_THEME, THEME_CHOICES, _browser_theme())


THEME_CHOICES = ("light", "dark")


def render_language_and_theme(container: Any) -> None:
    """The language and light/dark switches, drawn into ``container`` (top of the sidebar).
    Call after ``st.navigation`` (see dashboard.py).

    The colour switch is the app's own: changing it reruns the page, so its cards and charts
    are redrawn in the new palette at once, and ``theme.chrome_css`` restyles Streamlit's own
    parts (background, sidebar, inputs, tables) to match. Streamlit's menu theme (⋮ → Settings)
    only sets the starting value: the browser does not rerun the page when it changes."""
    prepare_language_and_theme()
    with container:
        st.segmented_control(t("filters.lang"), LANGS, key=KEY_LANG, format_func=LANG_NAMES.get, width="stretch",
                             on_change=_keep_coded_choices)  # fmt: skip
        st.segmented_control(t("filters.theme"), THEME_CHOICES, key=KEY_THEME, width="stretch",
                             format_func=lambda k: t(f"theme.{k}"))  # fmt: skip


_URL_KEYS: set[str] = set()  # every key ever registered with url_state (names only)
_RUN_KEYS = "_url_keys_run"


def url_state(key: str, options: list[str] | tuple[str, ...], default: object = None, multi: bool = False) -> None:
    """Prepare the session-state value of a coded widget (call just before creating it with
    ``key=key`` and no default/value): the first time in a session it comes from the URL
    (valid codes only), else the default. Registers the key for ``sync_url``."""
    _URL_KEYS.add(key)
    st.session_state.setdefault(_RUN_KEYS, {})[key] = (default, multi)
    if key in st.session_state:
        return
    raw = st.query_params.get_all(key)
    vals = list(dict.fromkeys(v for v in raw if v in options))
    urlcheck.notify(urlcheck.not_offered(key, raw, options))
    st.session_state[key] = vals if multi else (vals[0] if vals else default)


def _keep_coded_choices() -> None:
    """On a language switch, pin every coded choice (the keys of ``url_state``) to its code.

    A drop-down travels from the browser as its shown label; after the switch the browser
    still sends the old language's label, which the new options do not hold, so Streamlit
    would fall back to the default. Read now (this callback runs before the page, with the
    previous run's options) each value is still the code; written back it wins over the
    browser's stale label."""
    for key in sorted(_URL_KEYS - {KEY_LANG}):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def sync_url() -> None:
    """Write this run's coded widget values to the URL; drop those not on this page."""
    run = st.session_state.pop(_RUN_KEYS, {})
    for key in sorted(_URL_KEYS):
        current = st.query_params.get_all(key)
        want: list[str] = []
        if key in run:
            default, multi = run[key]
            value = st.session_state.get(key)
            if multi:
                want = [str(v) for v in (value or [])]
            elif value is not None and value != default:
                want = [str(value)]
        if want == current:
            continue
        if want:
            st.query_params[key] = want if len(want) > 1 else want[0]
        elif key in st.query_params:
            del st.query_params[key]


def current_lang() -> str:
    """The chosen language ('zh' when none: a segmented control can be clicked off)."""
    return st.session_state.get(KEY_LANG) or "zh"


def _browser_theme() -> str:
    try:
        kind = st.context.theme.type
    except Exception:  # no browser context (AppTest, bare Python)
        kind = None
    return kind if kind in THEME_CHOICES else "light"


def current_theme() -> str:
    """'light' or 'dark': the sidebar switch (seeded from the URL, else the browser's theme)."""
    chosen = st.session_state.get(KEY_THEME)
    return chosen if chosen in THEME_CHOICES else _browser_theme()


def _reset() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
    st.session_state[KEY_LEVEL] = "all"
    st.session_state[KEY_SECTOR] = []


def _follow_data(months: list[str]) -> None:
    """Keep an untouched period on 'everything': when a load adds a month, a period that
    still equals the previous full range moves to the new full range; a period the user
    narrowed stays, unless the data no longer covers it."""
    default = (months[0], months[-1])
    previous = st.session_state.get("_period_default")
    current = st.session_state.get(KEY_PERIOD)
    if current is not None:
        current = tuple(current)
        if (previous and current == tuple(previous) and current != default) or not set(current) <= set(months):
            st.session_state[KEY_PERIOD] = default
    st.session_state["_period_default"] = default


def render_sidebar(status: dict[str, Any]) -> Filters:
    """Draw the global filters (after ``render_language_and_theme``) and return their state."""
    lang = current_lang()
    theme_name = current_theme()
    first, last = status.get("first_found"), status.get("last_found")
    ledger = status.get("last_hazard_month")
    horizon = None if is_missing(ledger) else month_end(dt.date(ledger.year, ledger.month, 1))
    has_data = bool(status.get("hazards"))
    opts = data.query("filter_options") if has_data else None

    def options(kind: str) -> list[str]:
        if opts is None or opts.empty:
            return []
        return opts.loc[opts["kind"] == kind, "value"].tolist()

    months: list[str] = []
    if has_data and first is not None and last is not None:
        m = dt.date(first.year, first.month, 1)
        while m <= dt.date(last.year, last.month, 1):
            months.append(month_key(m))
            m = add_months(m, 1)
    urlcheck.check_sidebar(months=months, towns=options("town"), departments=options("department"))
    with st.sidebar:
        st.subheader(t("filters.header"))
        start = end = None
        if months:
            if len(months) > 1:
                _follow_data(months)
                lo, hi = st.select_slider(
                    t("filters.period"), options=months, value=(months[0], months[-1]), key=KEY_PERIOD,
                    bind="query-params", help=t("filters.period.help"),
                    format_func=lambda s: theme.fmt_month(parse_month(s), lang, short=True),
                )  # fmt: skip
            else:
                lo = hi = months[0]
                st.caption(t("filters.one_month", month=theme.fmt_month(parse_month(lo), lang)))
            start, end = parse_month(lo), parse_month(hi)
        as_of = st.date_input(t("filters.asof"), value=dt.date.today(), key=KEY_ASOF, bind="query-params",
                              min_value=urlcheck.DATE_MIN, max_value=urlcheck.date_max(),
                              help=t("filters.asof.help"), format="YYYY-MM-DD")  # fmt: skip
        towns = st.multiselect(t("filters.town"), options("town"), key=KEY_TOWN, bind="query-params",
                               placeholder=t("filters.placeholder"))  # fmt: skip
        sector_codes = options("sector") or list(theme.SECTOR_ORDER)
        url_state(KEY_SECTOR, sector_codes, multi=True)
        sectors = st.multiselect(t("filters.sector"), sector_codes, key=KEY_SECTOR,
                                 format_func=lambda c: sector_label(c, lang), placeholder=t("filters.placeholder"))  # fmt: skip
        month, reports = _headline_month(start, end, towns, as_of, lang)
        depts = st.multiselect(t("filters.dept"), options("department"), key=KEY_DEPT, bind="query-params",
                               format_func=lambda d: department_label(d, lang), placeholder=t("filters.placeholder"))  # fmt: skip
        url_state(KEY_LEVEL, LEVELS, "all")
        level = st.segmented_control(
            t("filters.level"), LEVELS, key=KEY_LEVEL, width="stretch",
            format_func=lambda x: t("filters.all") if x == "all" else level_label(x, lang),
        )  # fmt: skip
        st.button(t("filters.reset"), on_click=_reset, width="stretch")
        st.caption(t("filters.share"))
    if isinstance(as_of, tuple):  # defensive: a range never comes from this widget
        as_of = as_of[-1] if as_of else dt.date.today()
    return Filters(
        start_month=start,
        end_month=end,
        towns=tuple(towns),
        sectors=tuple(sectors),
        departments=tuple(depts),
        level=None if level in (None, "all") else level,
        as_of=as_of or dt.date.today(),
        lang=lang,
        theme=theme_name,
        has_data=has_data,
        month=month,
        reports=reports,
        horizon=horizon,
    )


def _headline_month(start: dt.date | None, end: dt.date | None, towns: list[str], as_of: object,
                    lang: str) -> tuple[dt.date | None, tuple[completeness.MonthReport, ...]]:
    """The headline-month picker (统计月份): every month of the period, marked when the towns'
    ledgers are not all in; default (and followed while untouched) the last complete month."""
    if start is None or end is None:
        return None, ()
    as_of_day = as_of[-1] if isinstance(as_of, tuple) and as_of else as_of
    try:
        share = completeness.complete_share()
    except completeness.ConfigError as exc:
        st.warning(str(exc))
        share = completeness.DEFAULT_SHARE
    frame = data.query("month_reporting", start_month=start, end_month=end, towns=list(towns) or None,
                       as_of=as_of_day or dt.date.today())  # fmt: skip
    reports = completeness.months(frame, share)
    options = [month_key(m) for m in sorted(reports, reverse=True)]
    default = month_key(completeness.headline_month(reports, end))
    previous = st.session_state.get("_month_default")
    current = st.session_state.get(KEY_MONTH)
    if current is not None and (current not in options or (current == previous and current != default)):
        st.session_state[KEY_MONTH] = default  # untouched (or out of the period): follow the data
    st.session_state["_month_default"] = default
    url_state(KEY_MONTH, options, default)

    def label(key: str) -> str:
        r = reports[parse_month(key)]
        name = theme.fmt_month(r.month, lang)
        return name if r.complete else t("filters.month.partial", lang=lang, month=name, n=r.reported, of=r.expected)

    chosen = st.selectbox(t("filters.month"), options, key=KEY_MONTH, format_func=label,
                          help=t("filters.month.help", share=f"{share:.0%}"))  # fmt: skip
    return parse_month(chosen or default), tuple(reports[m] for m in sorted(reports))


def current() -> Filters:
    """The filters of this run (set by dashboard.py before the page runs, removed after).

    Streamlit 1.67 quirk: because a ``pages/`` folder sits beside the entrypoint, the very
    first run after the server starts uses the legacy multipage mode until some run calls
    ``st.navigation``; a deep link (``/trends?...``) then runs the page file alone. In that
    case we run the shell here (which calls ``st.navigation`` and runs this page properly)
    and stop the legacy run."""
    f = st.session_state.get("_filters")
    if f is None:
        import dashboard  # the entry script's folder is on sys.path (streamlit run puts it there)

        dashboard.main()
        st.stop()
    return f
