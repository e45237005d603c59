"""Tables → .xlsx bytes, the one writer of exports and reports (openpyxl): styled and frozen
header, sensible widths, and cell text that a spreadsheet would run as a formula neutralised.
Streamlit-free; the app's export buttons and the upload reports both use it."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from etl.ingest.textclean import clean_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF", name="Microsoft YaHei")
BODY_FONT = Font(name="Microsoft YaHei")
THIN = Side(style="thin", color="BFBFBF")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; control
    characters (which openpyxl cannot write) are dropped."""
    if isinstance(value, str):
        value = clean_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_value(v: object) -> object:
    """A value openpyxl can write: missing values (None, NaN, NaT, pandas' <NA>) become an empty
    cell, numpy scalars plain numbers, anything else openpyxl does not know its text."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        if pd.isna(v):
            return None
        v = v.tz_localize(None) if v.tzinfo else v
        return v.date() if v == v.normalize() else v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, str | dt.date):
        try:
            v = v.item()  # numpy scalar
        except (AttributeError, ValueError):
            pass
        if isinstance(v, float) and math.isnan(v):
            return None
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        v = v.replace(tzinfo=None)  # Excel has no time zones
    if isinstance(v, bool | int | float | dt.date | dt.time | dt.timedelta | str):
        return neutralise(v)
    return neutralise(str(v))  # lists, decimals, anything else: its text, never a failed export


def write_table(ws, df: pd.DataFrame, *, title: str | None = None, note: str | None = None) -> None:
    """Optional title and note lines, then the table with a styled, frozen, filterable header."""
    row = 1
    if title:
        ws.cell(row=row, column=1, value=neutralise(title)).font = Font(bold=True, size=14, name="Microsoft YaHei")
        row += 1
    if note:
        ws.cell(row=row, column=1, value=neutralise(note)).font = Font(
            italic=True, color="595959", name="Microsoft YaHei"
        )
        row += 1
    if title or note:
        row += 1
    header_row = row
    for j, col in enumerate(df.columns, start=1):
        c = ws.cell(row=header_row, column=j, value=neutralise(str(col)))
        c.fill, c.font, c.border = HEADER_FILL, HEADER_FONT, Border(bottom=THIN, top=THIN, left=THIN, right=THIN)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, rec in enumerate(df.itertuples(index=False, name=None), start=header_row + 1):
        for j, v in enumerate(rec, start=1):
            c = ws.cell(row=i, column=j, value=cell_value(v))
            if isinstance(c.value, str):
                c.data_type = "s"  # never a formula, whatever the text
            c.font = BODY_FONT
            if isinstance(c.value, dt.datetime):
                c.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(c.value, dt.date):
                c.number_format = "yyyy-mm-dd"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for j, col in enumerate(df.columns, start=1):
        sample = [str(col)] + [str(v) for v in df.iloc[:200, j - 1].tolist()]
        width = max(_display_width(s) for s in sample) + 2
        ws.column_dimensions[get_column_letter(j)].width = min(max(width, 8), 60)
    if len(df.columns):
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(df.columns))}{header_row + len(df)}"


def workbook_bytes(sheets: Sequence[tuple[str, pd.DataFrame]]) -> bytes:
    """Several tables, one sheet each (an empty workbook still has one sheet, 空)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets:
        write_table(wb.create_sheet(clean_text(name)[:31] or "Sheet1"), df)
    if not wb.worksheets:
        wb.create_sheet("空")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_xlsx(df: pd.DataFrame, *, sheet: str = "数据", title: str | None = None, note: str | None = None) -> bytes:
    """One sheet: optional title and note lines, then the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = clean_text(sheet)[:31] or "Sheet1"
    write_table(ws, df, title=title, note=note)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _display_width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)
