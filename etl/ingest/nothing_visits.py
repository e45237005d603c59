"""A hazard ledger's 无隐患 row as an inspection visit that found nothing (docs/DATA_CONTRACT.md §1.1).

A row saying the unit or the town had nothing to report (无隐患, 本月无隐患 …) is not a hazard: it is
non-data and counts as the town's report for the month (``etl.rows``). When it also names a unit
and a date, it records a visit to that unit on that day that found nothing, and the supervision-gap
pages must see it: stored as an inspection visit (hazards_found 0, major_hazards_found 0) under the
ledger's own upload. The date is the row's found date column (发现日期 / 检查日期 / 排查时间), read
as an inspection log's visit date (a date without a year by the contract's rule, counted). A day is never invented: a row with only a
month (2025年4月), no date or an unreadable one, no unit, no town, or a code nobody explains stays
non-data only, and the reading report says why for each row.
"""

from __future__ import annotations

import re

from etl.ingest import normalize as nz
from etl.ingest.rows import (
    FIELDS,
    NOTHING_TO_REPORT,
    SheetContext,
    SheetResult,
    _coded,
    _common_town_sector,
    _text,
    _visit_date,
)
from etl.ingest.vocab import match_method, norm_text

VISIT = "visit"
_MONTH_ONLY = re.compile(r"^(?:\d{4}\s*(?:年|[-./]))?\s*\d{1,2}\s*月?份?$")
_NO_UNIT = frozenset(("无", "/", "-", "—", "－", "本镇", "全镇", "辖区", "本月", "暂无"))


def _unit(row, col_of) -> str | None:
    unit = _text(row, col_of, "entity_name")
    if unit is None:
        return None
    t = norm_text(unit).rstrip("。.")
    if t in NOTHING_TO_REPORT or t in _NO_UNIT:
        return None
    return unit


def _day(row, col_of, ctx: SheetContext, res: SheetResult):
    """(date, None) or (None, reason code): the row's date read as an inspection log's visit date."""
    day, raw, err = _visit_date(row, col_of, ctx, res)
    if err:
        text = norm_text(nz.cell_text(raw))
        month_only = any(c in text for c in "月-./") and _MONTH_ONLY.match(text)
        return None, "month_only" if month_only else "bad_date"
    return (day, None) if day is not None else (None, "no_date")


def visit(row: list, excel_row: int, col_of: dict, header, ctx: SheetContext, res: SheetResult):
    """(record: FIELDS['inspection'] → value, VISIT) or (None, the reason code it is no visit)."""
    if len(row) <= max(col_of.values(), default=0):
        row = list(row) + [""] * (max(col_of.values()) + 1 - len(row))
    unit = _unit(row, col_of)
    if unit is None:
        return None, "no_unit"
    day, why = _day(row, col_of, ctx, res)
    if day is None:
        return None, why
    probs: list = []
    town, sector, sector_raw = _common_town_sector(row, excel_row, col_of, header, ctx, res, probs)
    if town is None:
        return None, "no_town"
    method_raw = _coded(row, excel_row, col_of, header, ctx, res, probs, "inspection_method")
    if probs:  # a code no legend explains (sector or method): not guessed
        return None, "unclear_code"
    method = match_method(method_raw) if method_raw else None
    if method_raw and method is None:
        res.warn("method_unknown", method_raw)
    department = _text(row, col_of, "department")
    if department is None and ctx.department_from_supervisor:
        department = _text(row, col_of, "supervisor")
    return {
        "inspection_date": day, "town": town, "sector": sector, "sector_raw": sector_raw, "department": department,
        "entity_name": unit, "inspection_method": method, "inspectors": _text(row, col_of, "inspectors"),
        "hazards_found": 0, "major_hazards_found": 0, "penalty_yuan": 0.0, "source_row": excel_row,
    }, VISIT


def visits(res: SheetResult, header, ctx: SheetContext) -> tuple[dict[str, list], list[list]]:
    """The visits among the sheet's 无隐患 rows (columns of FIELDS['inspection']) and, for each 无隐患
    row in order, [VISIT, the visit's date] or [the reason it is none (etl.problems.NOT_A_VISIT), None]."""
    col_of = {canon: c for c, canon in header.columns.items()}
    got, outcomes = [], []
    for excel_row, row in res.nothing_rows:
        rec, outcome = visit(row, excel_row, col_of, header, ctx, res)
        outcomes.append([outcome, rec["inspection_date"].isoformat() if rec else None])
        if rec is not None:
            got.append(rec)
            res.warn("nothing_visit", f"{rec['entity_name']} {rec['inspection_date'].isoformat()}")
        elif outcome in ("no_date", "month_only", "bad_date"):
            res.warn("nothing_no_visit_date", _unit(row, col_of))
    return {f: [r[f] for r in got] for f in FIELDS["inspection"]}, outcomes
