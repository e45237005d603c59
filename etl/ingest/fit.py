"""How well a column's values fit a field's vocabulary (the header contest and kind detection use
it): the share of non-empty cells that read as that field's values."""

from __future__ import annotations

import datetime as dt

from etl.ingest import normalize as nz
from etl.ingest.dates import deadline_phrase, month_day
from etl.ingest.vocab import (
    level_match,
    match_method,
    match_risk,
    match_status,
    match_supervision_level,
    match_verification,
    norm_text,
    sector_match,
    status_by_words,
)

DATE_FIELDS = ("found_date", "deadline", "rectified_date", "verified_date")
NUMBER_FIELDS = ("hazards_found", "major_hazards_found", "penalty", "funds")
_ANY_MONTH = dt.date(2025, 1, 1)


def _is_date(v) -> bool:
    if isinstance(v, dt.date):
        return True
    try:
        return nz.parse_date(v, None) is not None
    except nz.DateError:
        return month_day(v) is not None


def _fits(canon: str, v) -> bool:
    if canon in DATE_FIELDS:
        if _is_date(v):
            return True
        return canon == "deadline" and isinstance(v, str) and deadline_phrase(v, None, _ANY_MONTH) is not None
    if canon in NUMBER_FIELDS:
        try:
            return nz.parse_number(v) is not None
        except nz.NumberError:
            return False
    t = nz.cell_text(v)
    if canon == "level":
        return level_match(t)[1] != "unknown"
    if canon == "status":
        return match_status(t) is not None or status_by_words(t) is not None or _is_date(v)
    if canon == "sector":
        return sector_match(t)[1] is not None
    if canon == "inspection_method":
        return match_method(t) is not None
    if canon == "supervision_level":
        return match_supervision_level(t) is not None
    if canon == "verification_result":
        return match_verification(t) is not None
    if canon == "risk_level":
        return match_risk(t) is not None
    if canon == "hazard_category":
        # a category is text, never a level word (隐患类别 is never the level)
        return level_match(t)[1] not in ("exact", "between")
    return True


def value_fit(canon: str, values: list) -> float:
    """Share of the non-empty values that fit; 1.0 for a field with no vocabulary or no values."""
    vals = [v for v in values if v not in ("", None) and not (isinstance(v, str) and not norm_text(v))]
    if not vals:
        return 0.5
    return sum(1 for v in vals if _fits(canon, v)) / len(vals)
