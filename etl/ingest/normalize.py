"""Typed values from raw cells: dates in every form towns write them, numbers, identity keys."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from functools import lru_cache

from etl.ingest.vocab import norm_text

_EPOCH_1900 = dt.date(1899, 12, 30)
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)

# 日 or the spoken 号 ("4月3号"); a trailing full stop ("2025.04.03.")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号.]?(?:[T\s]*\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\.0)?$")
_MD = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_SERIAL = re.compile(r"^\d{4,5}(?:\.\d+)?$")
# what Excel's Chinese long date format and a clerk add after a date: the weekday, the half of the day, the hour
# ("2025年4月3日（星期四）", "2025年4月3日 上午 10时"): dropped before reading the date
_CN_TAIL = re.compile(r"\s*(?:\(?(?:星期|周|礼拜)[一二三四五六日天]\)?)?\s*(?:上午|下午|中午|晚上|凌晨)?\s*"
                      r"(?:\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?)?$")


def date_core(s: str) -> str:
    """``s`` (NFKC, stripped) without a weekday, half-day or hour written after the date."""
    return _CN_TAIL.sub("", s) if s and s[-1] in ")一二三四五六天午时点分" else s


class DateError(ValueError):
    pass


def serial_to_date(serial: float) -> dt.date:
    """Excel 1900 system, keeping Lotus's phantom 1900-02-29 (serial 60)."""
    days = int(serial)
    if days < 1:
        raise DateError("serial out of range")
    if days < 60:
        return dt.date(1899, 12, 31) + dt.timedelta(days=days)
    return _EPOCH_1900 + dt.timedelta(days=days)


def _checked(d: dt.date) -> dt.date:
    if not (MIN_DATE <= d <= MAX_DATE):
        raise DateError("out of range")
    return d


@lru_cache(maxsize=65536)
def _parse_text_date(text: str, year_hint: int | None) -> dt.date:
    s = unicodedata.normalize("NFKC", text).strip()
    s = date_core(s)
    m = _YMD.match(s)
    if m:
        return _checked(dt.date(int(m[1]), int(m[2]), int(m[3])))
    m = _COMPACT.match(s)
    if m:
        return _checked(dt.date(int(m[1]), int(m[2]), int(m[3])))
    m = _MD.match(s)
    if m and year_hint:
        return _checked(dt.date(year_hint, int(m[1]), int(m[2])))
    if _SERIAL.match(s):
        return _checked(serial_to_date(float(s)))
    # "2025-03-05 14:30:00" and ISO forms with time
    try:
        return _checked(dt.datetime.fromisoformat(s.replace("/", "-")).date())
    except ValueError:
        pass
    raise DateError(text)


def parse_date(value, year_hint: int | None = None) -> dt.date | None:
    """None for a blank cell; raises DateError for a value that is not a date (incl. 2025-02-30)."""
    try:
        return _parse_date(value, year_hint)
    except DateError:
        raise
    except (ValueError, OverflowError, TypeError) as exc:
        raise DateError(str(value)) from exc


def _parse_date(value, year_hint: int | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.date())
    if isinstance(value, dt.date):
        return _checked(value)
    if isinstance(value, bool):
        raise DateError(str(value))
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 21001231:
            return _parse_text_date(str(int(value)), None)
        if 1 <= value < 2958466:
            return _checked(serial_to_date(value))
        raise DateError(str(value))
    if isinstance(value, dt.timedelta):  # a 1904-system time-only cell
        raise DateError(str(value))
    text = str(value).strip()
    if not text or text in ("-", "—", "/", "无", "－"):
        return None
    return _parse_text_date(text, year_hint)


def cell_text(value) -> str:
    """Raw cell → display text (for messages, text columns). Integral floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


class NumberError(ValueError):
    pass


def parse_number(value) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    s = norm_text(str(value)).replace(",", "").replace("，", "").lstrip("¥￥")  # ¥3000: yuan, as 元 is
    s = re.sub(r"(万元|元|万|项|个|处|家|次)$", "", s)  # the caller applies a 万元 unit
    if s in ("", "-", "—", "/", "无"):
        return None
    try:
        return float(s)
    except ValueError:
        raise NumberError(str(value)) from None


_KEY_STRIP = re.compile(r"[\W_]+", re.UNICODE)
# the same for ASCII text (NFKC leaves it alone; [\W_] is every character but a-z, A-Z, 0-9)
_ASCII_NOT_ALNUM = {i: None for i in range(128) if not chr(i).isalnum()}


def key_part(text: str | None) -> str:
    """Identity normalisation: half-width, no white space or punctuation, lower case."""
    if not text:
        return ""
    if text.isascii():
        # 隐患编号 such as AN-2025-0001: one C call, and not cached — a ledger's 100,000 distinct
        # numbers in a cache would keep the memory of the whole parsed sheet from being freed
        return text.translate(_ASCII_NOT_ALNUM).lower()
    return _key_part_text(text)


@lru_cache(maxsize=131072)
def _key_part_text(text: str) -> str:
    return _KEY_STRIP.sub("", unicodedata.normalize("NFKC", text)).lower()


def hazard_key(town: str, source_id: str | None, entity: str | None, description: str | None,
               found: dt.date) -> str:
    """docs/DATA_CONTRACT.md §1.3: 隐患编号 + town when present, else town + unit + description + date."""
    return hazard_keys([town], [source_id], [entity], [description], [found])[0]


def key_parts(texts: list) -> list[str]:
    """``key_part`` of each text. A column of ASCII 隐患编号 (AN-2025-0001 …) is one ``translate``
    over the joined column: the newline that joins them is the one character it keeps, and it is
    used only when no text holds one, so each text comes back as ``key_part`` gives it."""
    plain = [t or "" for t in texts]
    joined = "\n".join(plain)
    if plain and joined.isascii() and joined.count("\n") == len(plain) - 1:
        return joined.translate(_ASCII_NOT_ALNUM_BUT_NEWLINE).lower().split("\n")
    return [key_part(t) for t in texts]


_ASCII_NOT_ALNUM_BUT_NEWLINE = {i: None for i in _ASCII_NOT_ALNUM if i != ord("\n")}


def hazard_keys(towns: list, source_ids: list, entities: list, descriptions: list, founds: list) -> list[str]:
    """``hazard_key`` of each row of a table's columns (a ledger has 100,000 rows: the bases are built
    in one comprehension, then hashed in another; towns are few, so each is normalised once)."""
    kp, sha1 = key_part, hashlib.sha1
    town_part = {t: kp(t) for t in set(towns)}
    tparts = list(map(town_part.__getitem__, towns))
    sids = key_parts(source_ids)
    if all(sids):  # every row numbered (隐患编号): the usual ledger
        bases = ["id\x1f" + t + "\x1f" + s for t, s in zip(tparts, sids, strict=True)]
    else:
        bases = ["id\x1f" + t + "\x1f" + s if s else "\x1f".join(("nk", t, kp(e), kp(d), f.isoformat()))
                 for t, s, e, d, f in zip(tparts, sids, entities, descriptions, founds, strict=True)]
    return [sha1(b.encode("utf-8")).hexdigest()[:20] for b in bases]


def simple_key(*parts) -> str:
    basis = "\x1f".join(key_part(p) if isinstance(p, str) or p is None else str(p) for p in parts)
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:20]


def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)
