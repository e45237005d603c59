"""The v2 date rules of docs/DATA_CONTRACT.md §1.1: month-and-day dates without a year (4.15, 4.3,
4月3日, as text or as a number) and deadline phrases (2025年4月30日前, 6月底前, 立即, 长期)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from functools import lru_cache

from etl.ingest.normalize import DateError, date_core, parse_date
from etl.ingest.vocab import norm_text

_MONTH_DAY = re.compile(r"^(\d{1,2})\s*(?:月|[./-])\s*(\d{1,2})\s*[日号]?$")
_FLOAT_MONTH_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})$")


@lru_cache(maxsize=4096)
def _month_day_text(text: str) -> tuple[int, int] | None:
    s = unicodedata.normalize("NFKC", text).strip()
    m = _MONTH_DAY.match(date_core(s))
    if not m:
        return None
    month, day = int(m[1]), int(m[2])
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def month_day(value) -> tuple[int, int] | None:
    """(month, day) of a date written without a year: "4.15", "4月3日", "4/3", or the number 4.15
    (Excel keeps what a clerk typed as a decimal). None for anything else."""
    if isinstance(value, float) and not isinstance(value, bool):
        if not 1 <= value < 13 or value.is_integer():
            return None
        m = _FLOAT_MONTH_DAY.match(repr(value))
        if not m:
            return None
        month, day = int(m[1]), int(m[2])
        return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None
    if isinstance(value, str):
        return _month_day_text(value)
    return None


def _make(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:  # 2.30
        raise DateError(f"{month}.{day}") from exc


def past_date(month: int, day: int, report_month: dt.date) -> dt.date:
    """A found / rectified / verified date: the report month's year, unless that would fall after
    the report month — then the year before ("12.28" in January's ledger)."""
    end = last_day(report_month)
    d = _make(report_month.year, month, day)
    if d > end:
        d = _make(report_month.year - 1, month, day)
    return d


def deadline_date(month: int, day: int, found: dt.date | None, report_month: dt.date) -> dt.date:
    """A deadline: the next such date on or after the found date."""
    base = found or report_month
    d = _make(base.year, month, day)
    if d < base:
        d = _make(base.year + 1, month, day)
    return d


def last_day(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


IMMEDIATE = frozenset(norm_text(w) for w in (
    "立即", "立即整改", "立行立改", "当场整改", "现场整改", "当即整改", "马上整改", "即查即改", "立查立改", "当场",
    "立即停用", "立即停止使用", "当天", "当日", "当日整改", "即时整改"))
LONG_TERM = frozenset(norm_text(w) for w in (
    "长期", "长期坚持", "长期整改", "持续整改", "持续", "长期治理", "常态化", "长期有效"))

_BEFORE = re.compile(r"(?:之前|以前|前|止|为止|截止)(?:完成整改|整改完成|完成|整改|完成销号|销号)?$")
_MONTH_END = re.compile(r"^(?:(\d{4})年)?(本|下|次)?(\d{1,2})?(?:个)?月(?:底|末)$")
_YEAR_END = re.compile(r"^(?:(\d{4})年)?(?:年底|年末|底)$")
_WITHIN = re.compile(r"^(?:限期)?(\d{1,3}|[一二两三四五六七八九十半]{1,3})(个)?(天|日|周|星期|月|个月)内?"
                     r"(?:完成|整改|整改完成|完成整改)?$")
_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _count(text: str) -> int | None:
    """3, 十五, 二十, 两: a small count written in digits or Chinese numerals (半 is not a whole count)."""
    if text.isdigit():
        return int(text)
    if "半" in text:
        return None
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_NUM.get(text[1:], 0) if len(text) == 2 else None
    if len(text) == 1:
        return _CN_NUM.get(text)
    if len(text) == 2 and text[1] == "十":
        return _CN_NUM.get(text[0], 0) * 10
    if len(text) == 3 and text[1] == "十":
        return _CN_NUM.get(text[0], 0) * 10 + _CN_NUM.get(text[2], 0)
    return None


_DAYS_TEXT = re.compile(r"^(\d{1,3})(?:\.0)?$")


def deadline_in_days(value, found: dt.date | None) -> dt.date | None:
    """A deadline column whose header says (天) holds a number of days: the found date plus that many days.
    None when the cell is not a whole number from 1 to 366 or there is no found date."""
    if found is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        n = value if float(value).is_integer() else None
    else:
        m = _DAYS_TEXT.match(norm_text(str(value)))
        n = int(m[1]) if m else None
    if n is None or not 1 <= n <= 366:
        return None
    return found + dt.timedelta(days=int(n))


def deadline_phrase(text: str, found: dt.date | None, report_month: dt.date) -> tuple[dt.date | None, str] | None:
    """(deadline, how) for a phrase, or None when the text is not one.

    how: 'immediate' (the found date), 'long_term' (no deadline), 'phrase' (a date read from words).
    """
    s = norm_text(text)
    if s in IMMEDIATE:
        return found, "immediate"
    if s in LONG_TERM:
        return None, "long_term"
    core = _BEFORE.sub("", s)
    if core != s and core:
        try:
            d = parse_date(core, None)
            if d is not None:
                return d, "phrase"
        except DateError:
            pass
        md = month_day(core)
        if md:
            return deadline_date(md[0], md[1], found, report_month), "phrase"
    m = _MONTH_END.match(core)
    if m and not (m[2] and m[3]):
        base = found or report_month
        if m[2] in ("下", "次"):  # 下月底 / 下个月底: the end of the month after the found date's
            nxt = last_day(base) + dt.timedelta(days=1)
            return last_day(nxt), "phrase"
        month = int(m[3]) if m[3] else base.month  # 本月底 / 月底: this month's end
        year = int(m[1]) if m[1] else base.year
        d = last_day(dt.date(year, month, 1)) if 1 <= month <= 12 else None
        if d is None:
            return None
        if not m[1] and d < base:
            d = last_day(dt.date(year + 1, month, 1))
        return d, "phrase"
    m = _YEAR_END.match(core)
    if m and core:
        base = found or report_month
        return dt.date(int(m[1]) if m[1] else base.year, 12, 31), "phrase"
    m = _WITHIN.match(s)
    if m and found is not None:
        n = _count(m[1])
        if n is None:  # 半个月: not a whole count, not guessed
            return None
        if m[3] in ("天", "日"):
            return found + dt.timedelta(days=n), "phrase"
        if m[3] in ("周", "星期"):
            return found + dt.timedelta(days=7 * n), "phrase"
        month = found.month - 1 + n
        year = found.year + month // 12
        month = month % 12 + 1
        day = min(found.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day), "phrase"
    return None
