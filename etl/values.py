"""What counts as a missing value, written once (formatters of the app and the briefing pack)."""

from __future__ import annotations

import pandas as pd

_MISSING_TEXT = ("NaT", "nan", "<NA>")  # how missing numbers read once a frame has been stringified


def is_missing(x: object) -> bool:
    """None, NaN, NaT, pandas' NA (and their text forms): shown as "—", never as 0."""
    if x is None:
        return True
    if isinstance(x, str):
        return x in _MISSING_TEXT
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):  # arrays and other non-scalars are values
        return False
