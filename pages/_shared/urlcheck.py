"""URL parameters are input: every value a link carries is checked before it is used.

A link is typed, pasted or forwarded by anyone, so ``?mode=present&interval=nan`` (a slide
timer rerunning as fast as it can), ``asof=0001-01-01`` or ``month=9999-12`` (date arithmetic
past year 1 or 9999), a garbage date or an unknown town must never reach a query, a timer or a
traceback. The rule: a number is finite and in range, a date or month is well-formed and
within ``DATE_MIN``..``date_max()``, a name is one the data or the option list knows; anything
else falls back to the default (or is dropped from a list), and the user is told in one
sentence in their language (a toast, once per session for each bad value).

The parsers are pure (``(value, notice)`` pairs; ``notice`` None when the value is good) so
they are unit-tested without Streamlit; ``notify`` shows the sentences.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable
from typing import TypeVar

from .i18n import t
from .safe import md

DATE_MIN = dt.date(2000, 1, 1)
YEARS_AHEAD = 10  # as Streamlit's date_input offers by default
MAX_SHOWN = 40  # characters of a bad value quoted back to the user
_SEEN = "_url_notices_seen"

T = TypeVar("T")


def date_max(today: dt.date | None = None) -> dt.date:
    """The latest date a link may name: the end of the year ``YEARS_AHEAD`` years from today."""
    today = today or dt.date.today()
    return dt.date(today.year + YEARS_AHEAD, 12, 31)


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def bad(name: str, value: object, why: str, default: object, lang: str | None = None) -> str:
    """'链接参数 interval=nan 无效（应为 1–3600 之间的数），已改用默认值 20。' (value escaped)."""
    return t("url.bad", lang=lang, name=md(name), value=md(_shown(value)), why=why, default=md(default))


def dropped(name: str, values: Iterable[object], why: str, lang: str | None = None) -> str:
    """'链接参数 town=某某镇 不在可选范围内（数据中没有这一项），已忽略。' (values escaped)."""
    shown = "、".join(md(_shown(v)) for v in values)
    return t("url.dropped", lang=lang, name=md(name), value=shown, why=why)


def number(name: str, raw: str | None, default: float, lo: float, hi: float,
           lang: str | None = None) -> tuple[float, str | None]:  # fmt: skip
    """A finite float in ``[lo, hi]``; else ``default`` and a sentence."""
    if raw is None or raw == "":
        return default, None
    try:
        v = float(raw)
    except ValueError:
        v = math.nan
    if math.isfinite(v) and lo <= v <= hi:
        return v, None
    return default, bad(name, raw, t("url.why.number", lang=lang, lo=f"{lo:g}", hi=f"{hi:g}"), f"{default:g}", lang)


def integer(name: str, raw: str | None, default: int, lang: str | None = None) -> tuple[int, str | None]:
    """A whole number written as one (``3``, ``-2``); else ``default`` and a sentence."""
    if raw is None or raw == "":
        return default, None
    text = raw.strip()
    if text.lstrip("+-").isdigit() and len(text) <= 9:
        return int(text), None
    return default, bad(name, raw, t("url.why.integer", lang=lang), default, lang)


def date(name: str, raw: str | None, lang: str | None = None,
         today: dt.date | None = None) -> tuple[dt.date | None, str | None]:  # fmt: skip
    """A YYYY-MM-DD date within ``DATE_MIN``..``date_max()``; else None (the default) and a sentence."""
    if raw is None or raw == "":
        return None, None
    hi = date_max(today)
    try:
        d = dt.date.fromisoformat(raw.strip())
    except ValueError:
        d = None
    if d is not None and DATE_MIN <= d <= hi:
        return d, None
    why = t("url.why.date", lang=lang, lo=DATE_MIN.isoformat(), hi=hi.isoformat())
    return None, bad(name, raw, why, t("url.default.auto", lang=lang), lang)


def month(name: str, raw: str | None, lang: str | None = None,
          today: dt.date | None = None) -> tuple[dt.date | None, str | None]:  # fmt: skip
    """A YYYY-MM month within the date range (as its first day); else None and a sentence."""
    if raw is None or raw == "":
        return None, None
    hi = date_max(today)
    parts = raw.strip().split("-")
    d = None
    if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4 and 1 <= len(parts[1]) <= 2:
        y, m = int(parts[0]), int(parts[1])
        if 1 <= m <= 12 and DATE_MIN.year <= y <= hi.year:
            d = dt.date(y, m, 1)
    if d is not None:
        return d, None
    why = t("url.why.month", lang=lang, lo=f"{DATE_MIN:%Y-%m}", hi=f"{hi:%Y-%m}")
    return None, bad(name, raw, why, t("url.default.auto", lang=lang), lang)


def choice(name: str, raw: str | None, options: Collection[T], default: T,
           lang: str | None = None) -> tuple[T, str | None]:  # fmt: skip
    """One of ``options``; else ``default`` and a sentence listing the options."""
    if raw is None or raw == "":
        return default, None
    if raw in options:
        return raw, None  # type: ignore[return-value]
    why = t("url.why.choice", lang=lang, options=md(", ".join(str(o) for o in options)))
    return default, bad(name, raw, why, default, lang)


def known(name: str, raws: Iterable[str], options: Collection[str],
          lang: str | None = None) -> tuple[list[str], str | None]:  # fmt: skip
    """The values the data knows (order kept, duplicates dropped); a sentence naming the rest."""
    raws = list(dict.fromkeys(raws))
    keep = [v for v in raws if v in options]
    rest = [v for v in raws if v not in options]
    return keep, (dropped(name, rest, t("url.why.unknown", lang=lang), lang) if rest else None)


def not_offered(name: str, raws: Iterable[str], options: Collection[str], lang: str | None = None) -> str | None:
    """A sentence naming the values of ``raws`` a coded widget does not offer (None: all fine);
    a short option list is spelled out."""
    rest = list(dict.fromkeys(v for v in raws if v not in options))
    if not rest:
        return None
    why = (t("url.why.choice", lang=lang, options=md(", ".join(map(str, options)))) if 0 < len(options) <= 6
           else t("url.why.unknown", lang=lang))  # fmt: skip
    return dropped(name, rest, why, lang)


def notify(*notices: str | None) -> None:
    """Show each sentence as a toast, once per session (a timer rerun does not repeat it)."""
    import streamlit as st

    seen = st.session_state.setdefault(_SEEN, set())
    for text in notices:
        if text and text not in seen:
            seen.add(text)
            st.toast(text, icon=":material/link_off:")


def check_sidebar(*, months: Collection[str], towns: Collection[str], departments: Collection[str]) -> None:
    """Before the sidebar's URL-bound widgets are created: drop what ``check_filters`` rejects
    from the URL (the widget then starts from its default) and say so."""
    import streamlit as st

    qp = {k: st.query_params.get_all(k) for k in ("asof", "period", "town", "dept") if k in st.query_params}
    fixes, notices = check_filters(qp, months=months, towns=towns, departments=departments)
    for key, keep in fixes.items():
        if keep:
            st.query_params[key] = keep
        else:
            del st.query_params[key]
    notify(*notices)


def check_filters(query_params: dict[str, list[str]], *, months: Collection[str], towns: Collection[str],
                  departments: Collection[str], lang: str | None = None,
                  today: dt.date | None = None) -> tuple[dict[str, list[str]], list[str]]:  # fmt: skip
    """The sidebar's URL-bound filters: ``(fixes, notices)`` where ``fixes`` maps a parameter to
    the values to keep (an empty list: drop it) for every parameter that needs changing.
    Coded filters (sector, level, lang, the headline month and page choices) are checked by
    ``filters.url_state`` through ``not_offered``."""
    fixes: dict[str, list[str]] = {}
    notices: list[str] = []
    for raw in query_params.get("asof", [])[-1:]:
        _, note = date("asof", raw, lang, today)
        if note:
            fixes["asof"] = []
            notices.append(note)
    for key, options in (("period", months), ("town", towns), ("dept", departments)):
        raws = query_params.get(key, [])
        if not raws:
            continue
        keep, note = known(key, raws, options, lang)
        if note:
            fixes[key] = keep if key in ("town", "dept") else []
            notices.append(note)
    return fixes, notices
