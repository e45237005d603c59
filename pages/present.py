"""会议投屏 meeting-room slide show, and the 会议材料 briefing page.

Two entry points:
* ``main()`` — called by ``dashboard.py`` when the URL has ``?mode=present``: a full-screen
  slide show with no sidebar/toolbar/navigation. URL params: ``interval`` (seconds per slide,
  default 20), ``slide`` (1-based start slide), ``month`` (YYYY-MM; default the latest reported
  month), ``asof`` (YYYY-MM-DD; default that month's end), ``town``/``sector``/``dept``/``level``
  (the same filter keys as the sidebar; sector/level accept codes or labels), ``lang``, ``county``.
  Slides rotate in an ``st.fragment(run_every=interval)``; space pauses, arrows / PageUp /
  PageDown step (a fixed script clicks hidden buttons). Every tick reads through
  ``data.query`` (keyed on the data version), so a new upload shows on the next slide; per
  tick nothing accumulates (three session keys, figures are rebuilt and dropped).
* run as a navigation page (``st.Page("pages/present.py")``) — the briefing page: pick the
  month, edit the generated report text, download .pptx / .docx / both, start the slide show.

Numbers come from ``etl.brief.collect`` (the same model the CLI's .pptx/.docx use).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from etl import brief
from pages._shared import charts_present as cp
from pages._shared import data, theme
from pages._shared.i18n import CATALOGUE, LANGS, sector_label, t

SLIDES = brief.SLIDES
N = len(SLIDES)
DEFAULT_INTERVAL = 20.0
KEY_IDX, KEY_PAUSED, KEY_LAST = "_present_idx", "_present_paused", "_present_last"
P = theme.palette("projector")
_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md_escape(text: object) -> str:
    """Plain text for st.markdown (no markup, no HTML: st.markdown is never given unsafe HTML)."""
    return _MD.sub(r"\\\1", str(text))


# ---- options from the URL -------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    interval: float = DEFAULT_INTERVAL
    start_slide: int = 0
    month: dt.date | None = None
    as_of: dt.date | None = None
    towns: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    level: str | None = None
    lang: str = "zh"
    county: str | None = None
    extra: dict = field(default_factory=dict)


def _reverse(prefix: str, value: str) -> str | None:
    """A code from a code or a visible label (zh or en) of ``prefix.<code>``."""
    for key, pair in CATALOGUE.items():
        if key.startswith(prefix + ".") and (value == key[len(prefix) + 1 :] or value in pair):
            return key[len(prefix) + 1 :]
    return None


def parse_options(qp: dict[str, list[str]]) -> Options:
    """Options from query params (``{key: [values]}``); bad values fall back to defaults."""

    def one(k: str) -> str | None:
        v = qp.get(k) or []
        return v[-1] if v else None

    try:
        interval = min(max(float(one("interval") or DEFAULT_INTERVAL), 1.0), 3600.0)
    except ValueError:
        interval = DEFAULT_INTERVAL
    try:
        start = (int(one("slide") or 1) - 1) % N
    except ValueError:
        start = 0
    month = as_of = None
    m = one("month") or (qp.get("period") or [None])[-1]
    if m:
        try:
            month = brief.parse_month(m)
        except ValueError:
            month = None
    if one("asof"):
        try:
            as_of = dt.date.fromisoformat(one("asof"))
        except ValueError:
            as_of = None
    sectors = tuple(c for c in (_reverse("sector", s) for s in qp.get("sector", [])) if c)
    lv = one("level")
    level = _reverse("level", lv) if lv else None
    lang = one("lang") if one("lang") in LANGS else "zh"
    return Options(interval, start, month, as_of, tuple(qp.get("town", [])), sectors, tuple(qp.get("dept", [])),
                   level if level in ("general", "major") else None, lang, one("county"))  # fmt: skip


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


# ---- slides ---------------------------------------------------------------------------------------


def _delta(cur, ref, *, kind: str, better: str | None, label: str, lang: str) -> str:
    """'较上月 ▲ 上升 12 项 · 变差' — arrow and words, never colour alone."""
    if brief._missing(cur) or brief._missing(ref):
        return f"{label}：{t('present.no_compare', lang=lang)}"
    diff = float(cur) - float(ref)
    sep = "：" if lang == "zh" else ": "
    if abs(diff) < 1e-9:
        return f"{label}{sep}{t('present.flat', lang=lang)}"
    word = t("present.up" if diff > 0 else "present.down", lang=lang)
    amount = t("present.pp", lang=lang, v=f"{abs(diff) * 100:.1f}") if kind == "rate" else t(
        "present.items", lang=lang, v=f"{abs(diff):,.0f}")  # fmt: skip
    verdict = ""
    if better:
        verdict = " · " + t("present.better" if (diff > 0) == (better == "up") else "present.worse", lang=lang)
    return f"{label}{sep}{word} {amount}{verdict}"


def _kpi_card(i: int, label: str, value: str, deltas: list[str]) -> None:
    with st.container(key=f"pcard_{i}"):
        with st.container(key=f"plabel_{i}"):
            st.markdown(md_escape(label))
        with st.container(key=f"pvalue_{i}"):
            st.markdown(md_escape(value))
        with st.container(key=f"pdelta_{i}"):
            st.markdown("  \n".join(md_escape(x) for x in deltas))


def slide_kpi(d: brief.BriefData, lang: str) -> None:
    c, pv, y, s, sp = (d.kpi[k] for k in ("cur", "prev", "yoy", "stock", "stock_prev"))
    vp, vy = t("present.vs_prev", lang=lang), t("present.vs_yoy", lang=lang)

    def cmp(row, col):
        return None if int(row["total"]) == 0 else row[col]

    cards = [
        ("present.kpi.found", c["total"], "count", None, [(vp, cmp(pv, "total")), (vy, cmp(y, "total"))]),
        ("present.kpi.major", c["major_total"], "count", None,
         [(vp, cmp(pv, "major_total")), (vy, cmp(y, "major_total"))]),
        ("present.kpi.rect_rate", c["rect_rate"], "rate", "up",
         [(vp, cmp(pv, "rect_rate")), (vy, cmp(y, "rect_rate"))]),
        ("present.kpi.major_rect_rate", c["major_rect_rate"], "rate", "up",
         [(vp, cmp(pv, "major_rect_rate")), (vy, cmp(y, "major_rect_rate"))]),
        ("present.kpi.overdue", s["overdue"], "count", "down", [(vp, cmp(sp, "overdue"))]),
        ("present.kpi.overdue_major", s["overdue_major"], "count", "down", [(vp, cmp(sp, "overdue_major"))]),
    ]  # fmt: skip
    for row in range(2):
        cols = st.columns(3, gap="medium")
        for j, col in enumerate(cols):
            i = row * 3 + j
            key, value, kind, better, refs = cards[i]
            shown = theme.fmt_pct(value, lang) if kind == "rate" else theme.fmt_int(value, lang)
            deltas = [_delta(value, ref, kind=kind, better=better, label=lab, lang=lang) for lab, ref in refs]
            with col:
                _kpi_card(i, t(key, lang=lang), shown, deltas)


def _month_label(m: dt.date, lang: str) -> str:
    return theme.fmt_month(m, lang, short=True)


def slide_trend(d: brief.BriefData, lang: str) -> None:
    w = d.trend
    if w.empty or w.shape[1] == 0 or int(w.to_numpy().sum()) == 0:
        _note(t("present.empty", lang=lang))
        return
    names = [t("present.rest_sectors", lang=lang) if c == brief.REST else sector_label(c, lang) for c in w.columns]
    fig = cp.trend_by_sector(w, names=names, month_labels=[_month_label(m, lang) for m in w.index], p=P,
                             axis_title=t("present.axis.found", lang=lang))  # fmt: skip
    _chart(fig, "trend")


def slide_towns(d: brief.BriefData, lang: str) -> None:
    towns = d.towns[d.towns["total"] > 0].sort_values(["rect_rate", "key"], ascending=[False, True])
    if towns.empty:
        _note(t("present.empty", lang=lang))
        return
    avg = None if brief._missing(d.window["rect_rate"]) else float(d.window["rect_rate"])
    labels = [t("present.bar_label", lang=lang, rate=theme.fmt_pct(r, lang), done=f"{int(a):,}", total=f"{int(b):,}")
              for r, a, b in zip(towns["rect_rate"], towns["rectified"], towns["total"], strict=True)]  # fmt: skip
    fig = cp.town_rates(towns, p=P, avg=avg, avg_label=t("present.avg", lang=lang, v=theme.fmt_pct(avg, lang)),
                        bar_labels=labels, below_label=t("present.below_avg", lang=lang))  # fmt: skip
    _chart(fig, "towns")


def _days(n: object, lang: str) -> str:
    return t("present.days", lang=lang, n=f"{int(n):,}")


def slide_overdue(d: brief.BriefData, lang: str) -> None:
    o = d.overdue
    if o.empty:
        _note(t("present.board.none", lang=lang))
        return
    with st.container(key="phead_board"):
        extra = d.overdue_total - len(o)
        line = t("present.board.total", lang=lang, n=d.overdue_total)
        if extra > 0:
            line += " · " + t("present.board.more", lang=lang, n=extra)
        st.markdown(md_escape(line))
    dept_none = t("present.dept_none", lang=lang)
    board = pd.DataFrame({
        t("present.col.unit", lang=lang): o["entity_name"].fillna("—"),
        t("present.col.town", lang=lang): o["town"],
        t("present.col.dept", lang=lang): [x if x else dept_none for x in o["department"]],
        t("present.col.desc", lang=lang): o["description"].fillna("—"),
        t("present.col.days", lang=lang): [_days(x, lang) for x in o["days_overdue"]],
    })  # fmt: skip
    _chart(cp.table(board, p=P, widths=[2.4, 1.3, 1.9, 3.4, 1.0], height=60 + 52 * len(board) + 20,
                    align=["left", "left", "left", "left", "right"]), "overdue")  # fmt: skip


def slide_gaps(d: brief.BriefData, lang: str) -> None:
    if d.coverage.empty:
        _note(t("present.gaps.none", lang=lang))
        return
    left, right = st.columns([1.25, 1], gap="large")
    cov_town = d.coverage_by_town()
    with left:
        with st.container(key="phead_cov"):
            st.markdown(md_escape(t("present.coverage.title", lang=lang, v=theme.fmt_pct(d.coverage_total, lang))))
        sectors = _sector_order(list(pd.unique(d.coverage["sector"])))
        towns = cov_town.sort_values("town")["town"].tolist()
        fig = cp.coverage_heatmap(d.coverage, p=P, towns=towns, sectors=sectors,
                                  sector_names=[_wrap(sector_label(s, lang)) for s in sectors],
                                  colorbar_title=t("present.coverage.axis", lang=lang), height=760)  # fmt: skip
        _chart(fig, "coverage")
    with right:
        with st.container(key="phead_never"):
            st.markdown(md_escape(t("present.never.title", lang=lang, n=d.never_high_total)))
        n = d.never.head(8)
        if n.empty:
            _note(t("present.never.none", lang=lang))
            return
        never_rec = t("present.never_record", lang=lang)
        tbl = pd.DataFrame({
            t("present.col.unit", lang=lang): n["entity_name"],
            t("present.col.town", lang=lang): n["town"],
            t("present.col.risk", lang=lang): [t(f"present.risk.{r}", lang=lang) for r in n["risk_level"]],
            t("present.col.last", lang=lang): [never_rec if brief._date(x) is None else theme.fmt_date(x, lang)
                                               for x in n["last_inspection"]],
        })  # fmt: skip
        _chart(cp.table(tbl, p=P, widths=[2.3, 1.2, 1.7, 1.6], height=60 + 52 * len(tbl) + 20, font=21,
                        row_height=50), "never")  # fmt: skip


def _sector_order(codes: list[str]) -> list[str]:
    order = {c: i for i, c in enumerate(theme.LEADING_SECTORS + [c for c in theme.SECTOR_ORDER
                                                                  if c not in theme.LEADING_SECTORS])}  # fmt: skip
    return sorted(codes, key=lambda c: (order.get(c, 99), c))


def _wrap(label: str) -> str:
    """Two lines for long Chinese sector names on the heat map's top axis."""
    return label if len(label) <= 3 or " " in label else label[:2] + "<br>" + label[2:]


def slide_changes(d: brief.BriefData, lang: str) -> None:
    c1, c2, c3 = st.columns(3, gap="medium")
    with c1:
        _kpi_card(10, t("present.changes.new_majors", lang=lang), theme.fmt_int(d.new_majors_total, lang), [])
    with c2:
        _kpi_card(11, t("present.changes.rectified", lang=lang), theme.fmt_int(d.rectified_total, lang),
                  [t("present.changes.rectified_major", lang=lang, n=d.rectified_major)])  # fmt: skip
    with c3:
        if not d.reporting_due:
            _kpi_card(12, t("present.changes.missing", lang=lang), "—", [t("present.changes.not_due", lang=lang)])
        elif d.missing_towns:
            _kpi_card(12, t("present.changes.missing", lang=lang), theme.fmt_int(len(d.missing_towns), lang),
                      ["、".join(d.missing_towns) if lang == "zh" else ", ".join(d.missing_towns)])  # fmt: skip
        else:
            _kpi_card(12, t("present.changes.missing", lang=lang), "0", [t("present.changes.all_reported", lang=lang)])
    n = d.new_majors.head(6)
    if not n.empty:
        st.write("")
        tbl = pd.DataFrame({
            t("present.col.unit", lang=lang): n["entity_name"].fillna("—"),
            t("present.col.town", lang=lang): n["town"],
            t("present.col.desc", lang=lang): n["description"].fillna("—"),
            t("present.col.found", lang=lang): [theme.fmt_date(x, lang) for x in n["found_date"]],
            t("present.col.status", lang=lang): [t("present.status.rect" if bool(x) else "present.status.open",
                                                   lang=lang) for x in n["is_rect"]],
        })  # fmt: skip
        _chart(cp.table(tbl, p=P, widths=[2.2, 1.2, 3.2, 1.6, 1.2], height=60 + 50 * len(tbl) + 10, font=22,
                        row_height=50), "new_majors")  # fmt: skip


RENDER = {
    "kpi": slide_kpi,
    "trend": slide_trend,
    "towns": slide_towns,
    "overdue": slide_overdue,
    "gaps": slide_gaps,
    "changes": slide_changes,
}


def _chart(fig, name: str) -> None:
    st.plotly_chart(fig, key=f"present_chart_{name}", theme=None, width="stretch",
                    config={"displayModeBar": False, "staticPlot": True})  # fmt: skip


def _note(text: str) -> None:
    with st.container(key="pnote_main"):
        st.markdown(md_escape(text))


# ---- the slide show -------------------------------------------------------------------------------


COMMANDS = {"present_prev": -1, "present_next": 1, "present_pause": 0}  # hidden counter key -> step (0 = pause)


def apply_commands() -> bool:
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
            s[KEY_IDX] = (s.get(KEY_IDX, 0) + step * new) % N
    if moved:
        s[KEY_LAST] = time.monotonic()
    return moved


def advance(opts: Options, now: float) -> int:
    """The slide to show on this run: key presses first, else the timer moves on once
    ``interval`` has passed since the last change (75 % slack: timer ticks and manual steps
    need not line up)."""
    s = st.session_state
    if KEY_IDX not in s:
        s[KEY_IDX], s[KEY_LAST], s[KEY_PAUSED] = opts.start_slide, now, False
    if apply_commands():
        return s[KEY_IDX]
    if not s.get(KEY_PAUSED) and now - s.get(KEY_LAST, now) >= opts.interval * 0.75:
        s[KEY_IDX] = (s[KEY_IDX] + 1) % N
        s[KEY_LAST] = now
    return s[KEY_IDX]


def render_slide(idx: int, d: brief.BriefData | None, opts: Options) -> None:
    lang = opts.lang
    name = SLIDES[idx]
    paused = st.session_state.get(KEY_PAUSED, False)
    head, meta = st.columns([3, 1.25], vertical_alignment="top")
    with head, st.container(key="present_title"):
        st.markdown(md_escape(t(f"present.slide.{name}", lang=lang)))
    with meta, st.container(key="present_meta"):
        asof = theme.fmt_date(d.as_of, lang) if d else "—"
        state = t("present.paused", lang=lang) if paused else t("present.playing", lang=lang, s=f"{opts.interval:g}")
        st.markdown("  \n".join(md_escape(x) for x in (
            t("present.counter", lang=lang, n=idx + 1, total=N) + " · " + state,
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
        sub += " · " + t("present.keys", lang=lang)
        st.markdown(md_escape(sub))
    RENDER[name](d, lang)


def _controls(lang: str) -> None:
    """Hidden counters the keyboard script clicks (off-screen; also usable from AppTest)."""
    with st.container(key="present_controls"):
        for key, label in (("present_prev", "present.prev"), ("present_pause", "present.pause"),
                           ("present_next", "present.next")):  # fmt: skip
            st.number_input(t(label, lang=lang), min_value=0, step=1, key=key)


def _slide_fragment(opts: Options) -> None:
    idx = advance(opts, time.monotonic())  # reads the key counters' values from session state
    try:
        d = load(opts)
    except (data.WarehouseUnavailable, data.QueryFailed) as exc:
        st.error(str(exc))
        return
    render_slide(idx, d, opts)


def slideshow() -> None:
    opts = parse_options(_query_params())
    st.markdown(f"<style>{cp.projector_css(P)}</style>", unsafe_allow_html=True)  # static CSS, no data
    with st.container(key="present_keys"):
        st.html(cp.KEYS_SCRIPT, unsafe_allow_javascript=True)  # fixed script, no data
    # The key counters live outside the timer fragment: inside it, a timer rerun could replace
    # the input while a key press was being sent and the press was lost now and then.
    _controls(opts.lang)
    st.fragment(run_every=opts.interval)(_slide_fragment)(opts)


def _require_login_if_closed() -> None:
    """A closed app (``require_login``) stays closed in projection mode: log in first."""
    from etl import users
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
    st.set_page_config(page_title=t("present.page_title"), page_icon=":material/slideshow:", layout="wide",
                       initial_sidebar_state="collapsed")  # fmt: skip
    _require_login_if_closed()
    nav = st.navigation([st.Page(slideshow, title=t("present.page_title"), url_path="present", default=True)],
                        position="hidden")  # fmt: skip
    nav.run()


# ---- the briefing page (a navigation page) --------------------------------------------------------


def briefing_page() -> None:
    from pages._shared import filters

    f = filters.current()
    lang = f.lang
    st.title(t("brief.title"))
    st.caption(t("brief.intro"))
    default = brief.default_month(data.query)
    if default is None:
        st.info(t("brief.no_data"), icon="ℹ️")
        return
    months = [brief.add_months(default, -i) for i in range(24)]
    c1, c2, c3, c4 = st.columns([1, 1, 1, 1])
    month = c1.selectbox(t("brief.month"), months, format_func=lambda m: theme.fmt_month(m, lang), key="brief_month")
    as_of = c2.date_input(t("brief.asof"), value=brief.default_as_of(month), key=f"brief_asof_{month}",
                          format="YYYY-MM-DD")  # fmt: skip
    county = c3.text_input(t("brief.county"), value=brief.DEFAULT_COUNTY, key="brief_county", max_chars=20)
    interval = c4.number_input(t("brief.interval"), min_value=2, max_value=600, value=20, step=1, key="brief_interval")
    d = brief.collect(data.query, month, as_of, county=county.strip() or None, towns=f.towns, sectors=f.sectors,
                      departments=f.departments, level=f.level)  # fmt: skip
    k = d.kpi["cur"]
    st.markdown(md_escape(t("brief.numbers", found=theme.fmt_int(k["total"], lang), major=theme.fmt_int(k["major_total"], lang),
                            rate=theme.fmt_pct(k["rect_rate"], lang), overdue=d.overdue_total)))  # fmt: skip
    link = f"?mode=present&interval={int(interval)}&month={month:%Y-%m}&asof={as_of:%Y-%m-%d}&lang={lang}"
    st.link_button(t("brief.present_link"), link, icon=":material/slideshow:")

    from etl.brief import text as brief_text

    st.subheader(t("brief.text_header"))
    generated = brief_text.sections(d)
    sig = f"{data.data_version()}|{month}|{as_of}|{county}|{f.towns}|{f.sectors}|{f.departments}|{f.level}"
    if st.session_state.get("brief_sig") != sig:  # new scope or new data: start from the generated text
        st.session_state["brief_sig"] = sig
        for i, (_, text) in enumerate(generated):
            st.session_state[f"brief_text_{i}"] = text

    def _reset() -> None:
        for i, (_, text) in enumerate(generated):
            st.session_state[f"brief_text_{i}"] = text

    edited = []
    for i, (heading, _) in enumerate(generated):
        edited.append((heading, st.text_area(heading, key=f"brief_text_{i}", height=180)))
    st.button(t("brief.reset"), on_click=_reset, icon=":material/restart_alt:")
    stem = brief.file_stem(d)
    b1, b2, b3 = st.columns(3)
    b1.download_button(t("brief.download_zip"), data=lambda: brief.build_zip(d, edited), file_name=f"{stem}.zip",
                       mime="application/zip", icon=":material/download:", type="primary", key="brief_zip")  # fmt: skip
    b2.download_button(t("brief.download_pptx"), data=lambda: brief.build_pptx(d), file_name=f"{stem}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       icon=":material/slideshow:", key="brief_pptx")  # fmt: skip
    b3.download_button(t("brief.download_docx"), data=lambda: brief.build_docx(d, edited), file_name=f"{stem}.docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       icon=":material/description:", key="brief_docx")  # fmt: skip


if __name__ == "__main__":  # run by st.navigation as the 会议材料 page
    briefing_page()
