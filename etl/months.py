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
