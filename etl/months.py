"""Month arithmetic, written once. A month is named by the date of its first day."""

from __future__ import annotations

import datetime as dt


def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def add_months(d: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``d``'s month (negative = before)."""
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def month_end(d: dt.date) -> dt.date:
    """The last day of ``d``'s month."""
    return add_months(d, 1) - dt.timedelta(days=1)


def window_start(last: dt.date, months: int) -> dt.date:
    """The first month of the ``months`` months that end with ``last``'s month (the 12-month
    window ending June 2025 starts July 2024)."""
    return add_months(last, -(months - 1))


def shift_as_of(as_of: dt.date, months: int) -> dt.date:
    """The as-of date ``months`` later (negative = earlier). A month's last day stays a month's last
    day (30 April − 1 month = 31 March, 28 Feb 2025 + 1 = 31 March); any other day keeps its number,
    clamped to the month's length (31 March − 1 month = 28/29 February)."""
    first = add_months(as_of, months)
    if as_of == month_end(as_of):
        return month_end(first)
    return first.replace(day=min(as_of.day, month_end(first).day))


def compared_as_of(as_of: dt.date, months: int, horizon: dt.date | None = None) -> dt.date:
    """The as-of date of an earlier (or later) month compared with this one at the same age of the
    data: ``as_of`` capped at ``horizon`` — the last day of the latest month a hazard ledger
    reported, after which no status is known yet — then shifted by ``months``. Without the cap,
    last year's month would count the rectifications of ledgers this year's month cannot have
    yet. The overview's prev/yoy cards and the briefing pack's comparisons use it."""
    base = min(as_of, horizon) if horizon is not None else as_of
    return shift_as_of(base, months)
