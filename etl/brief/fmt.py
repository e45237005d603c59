"""Formatting for the pack (Chinese; the pack is a Chinese document)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import _date, _missing

# ---- formatting (Chinese; the pack is a Chinese document) --------------------------------


def fmt_month(d: dt.date) -> str:
    return f"{d.year}年{d.month}月"


def fmt_date(d: Any) -> str:
    x = _date(d)
    return "—" if x is None else f"{x.year}年{x.month}月{x.day}日"


def fmt_pct(x: Any, digits: int = 1) -> str:
    return "—" if _missing(x) else f"{float(x) * 100:.{digits}f}%"


def fmt_int(x: Any) -> str:
    return "—" if _missing(x) else f"{int(x):,}"


def dept_name(d: Any) -> str:
    return d if isinstance(d, str) and d else "未注明部门"


def owner_name(department: Any, source: Any) -> str:
    """The owning department of a hazard (view hazard_owner): an owner a 会商 agreed is marked so."""
    return f"{department}（会商明确）" if source == "agreed" and isinstance(department, str) else dept_name(department)
