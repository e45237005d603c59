"""会议投屏 meeting-room slide show (``?mode=present``).

``main()`` is called by ``dashboard.py`` when the URL has ``?mode=present``: a full-screen
slide show with no sidebar/toolbar/navigation. URL params: ``interval`` (seconds per slide,
default 20), ``slide`` (1-based start slide), ``month`` (YYYY-MM; default the latest reported
month), ``asof`` (YYYY-MM-DD; default that month's end), ``town``/``sector``/``dept``/``level``
(the same filter keys as the sidebar; sector/level accept codes or labels), ``lang``, ``county``.
Slides rotate in an ``st.fragment(run_every=interval)``; space pauses, arrows / PageUp /
PageDown step (a fixed script clicks hidden buttons). Every tick reads through
``data.query`` (keyed on the data version), so a new upload shows on the next slide; per
tick nothing accumulates (three session keys, figures are rebuilt and dropped).

Which slides a show has is ``slide_names``: the last meeting's assignments first when there are
any (``present_followup``), the six fixed slides (``present_slides``), 压力传导 · 层层递减 after
监管盲区 when the chain can be compared (``present_levels``) and 考核通报 last when the scorecard
ranks any unit (``present_score``). Numbers come from ``etl.brief.collect`` (the same model the
CLI's .pptx/.docx use).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace

import streamlit as st

from etl import brief
from pages._shared import charts_present as cp
from pages._shared import data, theme, urlcheck
from pages._shared.i18n import CATALOGUE, LANGS, t
from pages._shared.present_followup import slide_followup
from pages._shared.present_levels import slide_levels
from pages._shared.present_score import slide_score
from pages._shared.present_slides import RENDER, P, md_escape

SLIDES = brief.SLIDES
N = len(SLIDES)
DEFAULT_INTERVAL = 20.0
MIN_INTERVAL, MAX_INTERVAL = 1.0, 3600.0  # seconds per slide a link may ask for
MAX_COUNTY = 20  # characters, as the briefing page's field
KEY_IDX, KEY_PAUSED, KEY_LAST = "_present_idx", "_present_paused", "_present_last"


# ---- options from the URL -------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    interval: float = DEFAULT_INTERVAL
    start_slide: int = 0  # 0-based; wraps around this show's own number of slides (advance)
    month: dt.date | None = None
    as_of: dt.date | None = None
    towns: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    level: str | None = None
    lang: str = "zh"
    county: str | None = None
    extra: dict = field(default_factory=dict)
    notices: tuple[str, ...] = ()  # sentences about link parameters that were not valid


def _reverse(prefix: str, value: str) -> str | None:
    """A code from a code or a visible label (zh or en) of ``prefix.<code>``."""
    for key, pair in CATALOGUE.items():
        if key.startswith(prefix + ".") and (value == key[len(prefix) + 1 :] or value in pair):
            return key[len(prefix) + 1 :]
    return None


def parse_options(qp: dict[str, list[str]]) -> Options:
    """Options from query params (``{key: [values]}``); every value is checked by ``urlcheck``
    (finite, in range, known): a bad one falls back to its default and adds a sentence to
    ``notices`` (shown by ``slideshow``)."""

    def one(k: str) -> str | None:
        v = qp.get(k) or []
        return v[-1] if v else None

    lang, note_lang = urlcheck.choice("lang", one("lang"), LANGS, "zh")
    notes = [note_lang]
    interval, note = urlcheck.number("interval", one("interval"), DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL, lang)
    notes.append(note)
    slide, note = urlcheck.integer("slide", one("slide"), 1, lang)
    notes.append(note)
    month_key = "month" if one("month") else "period"
    month, note = urlcheck.month(month_key, one(month_key), lang)
    notes.append(note)
    as_of, note = urlcheck.date("asof", one("asof"), lang)
    notes.append(note)
    raw_sectors = qp.get("sector", [])
    sectors = tuple(dict.fromkeys(c for c in (_reverse("sector", s) for s in raw_sectors) if c))
    notes.append(urlcheck.not_offered("sector", [s for s in raw_sectors if not _reverse("sector", s)], (), lang))
    lv = one("level")
    level = _reverse("level", lv) if lv else None
    if lv and level not in ("general", "major"):
        level = None
        notes.append(urlcheck.not_offered("level", [lv], ("general", "major", "一般隐患", "重大隐患"), lang))
    county = one("county")
    if county is not None and len(county) > MAX_COUNTY:
        notes.append(urlcheck.bad("county", county, t("url.why.county", lang=lang, n=MAX_COUNTY),
                                  brief.DEFAULT_COUNTY, lang))  # fmt: skip
        county = None
    return Options(interval, slide - 1, month, as_of, tuple(qp.get("town", [])), sectors,
                   tuple(qp.get("dept", [])), level, lang, county, notices=tuple(n for n in notes if n))  # fmt: skip


def check_names(opts: Options) -> Options:
    """Towns and departments the data does not know are dropped, with a sentence (a link to a
    town that was renamed or rolled back would otherwise show empty slides without a word)."""
    if not (opts.towns or opts.departments):
        return opts
    try:
        fo = data.query("filter_options")
    except (data.WarehouseUnavailable, data.QueryFailed):
        return opts
    towns, n1 = urlcheck.known("town", opts.towns, set(fo.loc[fo["kind"] == "town", "value"]), opts.lang)
    depts, n2 = urlcheck.known("dept", opts.departments, set(fo.loc[fo["kind"] == "department", "value"]), opts.lang)
    notes = tuple(n for n in (n1, n2) if n)
    return replace(opts, towns=tuple(towns), departments=tuple(depts), notices=opts.notices + notes) if notes else opts


def _query_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}  # noqa: SIM118


# ---- data -----------------------------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _collect_cached(version: int, path: str, month: dt.date, as_of: dt.date, county: str | None,
                    towns: tuple, sectors: tuple, depts: tuple, level: str | None) -> brief.BriefData:  # fmt: skip
    # keyed on the data version: a new upload gives a new entry (the old one ages out)
    return brief.collect(data.query, month, as_of, county=county, towns=towns, sectors=sectors,
                         departments=depts, level=level, now=dt.datetime.now().replace(microsecond=0))  # fmt: skip


def load(opts: Options) -> brief.BriefData | None:
    """The meeting's data for these options (None: the warehouse has no hazards)."""
    version = data.data_version()
    month = opts.month or brief.default_month(data.query)
    if month is None:
        return None
    as_of = opts.as_of or brief.default_as_of(month)
    return _collect_cached(version, data.warehouse_path(), month, as_of, opts.county, opts.towns, opts.sectors,
                           opts.departments, opts.level)  # fmt: skip


# ---- the slide show -------------------------------------------------------------------------------


COMMANDS = {"present_prev": -1, "present_next": 1, "present_pause": 0}  # hidden counter key -> step (0 = pause)


def slide_names(d: brief.BriefData | None) -> tuple[str, ...]:
    """This show's slides: the last meeting's assignments first when there are any (issue 12);
    压力传导 · 层层递减 after 监管盲区 when two adjacent levels had enough visits to compare; 考核通报
    last when the scorecard ranks any unit."""
    fb = getattr(d, "follow", None) if d is not None else None
    names = list(SLIDES)
    if fb is not None and fb.has_chain:
        names.insert(names.index("gaps") + 1, "levels")
    sb = getattr(d, "score", None) if d is not None else None
    if sb is not None and sb.has_ranking:
        names.append("score")
    return ("followup", *names) if fb is not None and fb.has_items else tuple(names)


def apply_commands(n: int = N) -> bool:
    """Apply key presses since the last run: each hidden counter only ever counts up (the
    script clicks its '+'), the server remembers what it has applied. True if anything moved."""
    s = st.session_state
    seen = s.setdefault("_present_seen", {})
    moved = False
    for key, step in COMMANDS.items():
        value = int(s.get(key) or 0)
        new = value - int(seen.get(key, 0))
        seen[key] = value
        if new <= 0:
            continue
        moved = True
        if step == 0:
            if new % 2:
                s[KEY_PAUSED] = not s.get(KEY_PAUSED, False)
        else:
            s[KEY_IDX] = (s.get(KEY_IDX, 0) + step * new) % n
    if moved:
        s[KEY_LAST] = time.monotonic()
    return moved


def advance(opts: Options, now: float, n: int = N) -> int:
    """The slide to show on this run: key presses first, else the timer moves on once
    ``interval`` has passed since the last change (75 % slack: timer ticks and manual steps
    need not line up)."""
    s = st.session_state
    if KEY_IDX not in s:
        s[KEY_IDX], s[KEY_LAST], s[KEY_PAUSED] = opts.start_slide % n, now, False
    s[KEY_IDX] %= n  # the number of slides changes when assignments are recorded
    if apply_commands(n):
        return s[KEY_IDX]
    if not s.get(KEY_PAUSED) and now - s.get(KEY_LAST, now) >= opts.interval * 0.75:
        s[KEY_IDX] = (s[KEY_IDX] + 1) % n
        s[KEY_LAST] = now
    return s[KEY_IDX]


def render_slide(idx: int, d: brief.BriefData | None, opts: Options, names: tuple[str, ...] = SLIDES) -> None:
    lang = opts.lang
    name = names[idx]
    paused = st.session_state.get(KEY_PAUSED, False)
    head, meta = st.columns([3, 1.25], vertical_alignment="top")
    with head, st.container(key="present_title"):
        st.markdown(md_escape(t(f"present.slide.{name}", lang=lang)))
    with meta, st.container(key="present_meta"):
        asof = theme.fmt_date(d.as_of, lang) if d else "—"
        state = t("present.paused", lang=lang) if paused else t("present.playing", lang=lang, s=f"{opts.interval:g}")
        st.markdown("  \n".join(md_escape(x) for x in (
            t("present.counter", lang=lang, n=idx + 1, total=len(names)) + " · " + state,
            t("present.asof", lang=lang, asof=asof),
        )))  # fmt: skip
    with st.container(key="present_sub"):
        if d is None:
            st.markdown(md_escape(t("present.empty_warehouse", lang=lang)))
            return
        county = d.county if d.county != brief.DEFAULT_COUNTY or lang == "zh" else t("app.county", lang=lang)
        sub = t("present.scope", lang=lang, county=county, month=theme.fmt_month(d.month, lang))
        if name in ("trend", "towns"):
            sub += " · " + t("present.window", lang=lang, start=theme.fmt_month(d.scope.window_start, lang),
                             end=theme.fmt_month(d.month, lang))  # fmt: skip
        if d.scope.towns:
            sub += " · " + "、".join(d.scope.towns)
        if d.month_report is not None and d.month_report.expected:
            r = d.month_report
            sub += " · " + t("present.reached_partial" if r.partial else "present.reached", lang=lang, n=r.reported,
                             of=r.expected)  # fmt: skip
        sub += " · " + t("present.keys", lang=lang)
        st.markdown(md_escape(sub))
    {**RENDER, "followup": slide_followup, "levels": slide_levels, "score": slide_score}[name](d, lang)


def _controls(lang: str) -> None:
    """Hidden counters the keyboard script clicks (off-screen; also usable from AppTest)."""
    with st.container(key="present_controls"):
        for key, label in (("present_prev", "present.prev"), ("present_pause", "present.pause"),
                           ("present_next", "present.next")):  # fmt: skip
            st.number_input(t(label, lang=lang), min_value=0, step=1, key=key)


def _slide_fragment(opts: Options) -> None:
    try:
        d = load(opts)
    except (data.WarehouseUnavailable, data.QueryFailed) as exc:
        st.error(str(exc))
        return
    names = slide_names(d)
    idx = advance(opts, time.monotonic(), len(names))  # reads the key counters' values from session state
    render_slide(idx, d, opts, names)


def slideshow() -> None:
    opts = check_names(parse_options(_query_params()))
    urlcheck.notify(*opts.notices)
    st.markdown(f"<style>{cp.projector_css(P)}</style>", unsafe_allow_html=True)  # static CSS, no data
    with st.container(key="present_keys"):
        st.html(cp.KEYS_SCRIPT, unsafe_allow_javascript=True)  # fixed script, no data
    # The key counters live outside the timer fragment: inside it, a timer rerun could replace
    # the input while a key press was being sent and the press was lost now and then.
    _controls(opts.lang)
    st.fragment(run_every=opts.interval)(_slide_fragment)(opts)


def _require_login_if_closed() -> None:
    """A closed app (``require_login``) stays closed in projection mode: log in first."""
    from etl.admin import users
    from pages._shared import auth

    try:
        closed = users.load_accounts().settings.require_login
    except Exception:  # noqa: BLE001 - unreadable accounts file: the shell logs it; stay open as it does
        closed = False
    if closed and auth.session() is None:
        st.title(t("app.title"))
        auth.login_form(in_sidebar=False)
        st.stop()


def main() -> None:
    """``?mode=present``: page config, hidden navigation, the slide show."""
    st.set_page_config(page_title=t("present.page_title"), page_icon="🦺", layout="wide",
                       initial_sidebar_state="collapsed")  # fmt: skip
    _require_login_if_closed()
    nav = st.navigation([st.Page(slideshow, title=t("present.page_title"), url_path="present", default=True)],
                        position="hidden")  # fmt: skip
    nav.run()
