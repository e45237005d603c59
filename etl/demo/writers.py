"""Cell formatting and the xlsx/xls/csv writers (pinned timestamps, so the bytes are deterministic)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from openpyxl.utils import get_column_letter

from .vocab import COUNTY

# ---------------------------------------------------------------- cell formatting


class Formula(str):
    """A formula cell; written without a cached value."""


FW = str.maketrans("0123456789-/:", "０１２３４５６７８９－／：")


def fmt_date(kind: str, d: date | None, report_month: date, minute: int = 0) -> Any:
    if d is None:
        return None
    if kind == "dt":
        return datetime(d.year, d.month, d.day)
    if kind == "serial":
        return (d - date(1899, 12, 30)).days
    if kind == "iso":
        return d.isoformat()
    if kind == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if kind == "slash0":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if kind == "dot":
        return f"{d.year}.{d.month}.{d.day}"
    if kind == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if kind == "compact":
        return f"{d.year}{d.month:02d}{d.day:02d}"
    if kind == "isotime":
        return f"{d.isoformat()} {minute // 60:02d}:{minute % 60:02d}"
    if kind == "fw":
        return f"{d.year}年{d.month}月{d.day}日".translate(FW)
    if kind == "md":
        return f"{d.month}月{d.day}日" if d.year == report_month.year else f"{d.year}年{d.month}月{d.day}日"
    raise ValueError(kind)


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (0-based)
    hidden: bool = False
    date_format: str = "yyyy-mm-dd"
    widths: dict[int, float] = field(default_factory=dict)


@dataclass
class Layout:
    """How one reporting body lays out a sheet: columns (field, label, group), banners and extras."""

    cols: list[tuple[str, str, str | None]]
    banners: list[str] = field(default_factory=list)
    subrow: str | None = None  # 'numbers' | 'units'
    units: dict[str, str] = field(default_factory=dict)
    merge_field: str | None = None  # merge equal consecutive values of this field downwards
    formula_seq: bool = False
    seq_text: bool = False
    blank_every: int = 0
    total_label: str | None = None
    total_values: dict[str, Any] = field(default_factory=dict)
    footer: list[list[Any]] = field(default_factory=list)
    group_row_first: bool = True
    date_format: str = "yyyy-mm-dd"


def build_sheet(name: str, lay: Layout, records: list[dict[str, Any]], ctx: dict[str, Any]) -> Sheet:
    sh = Sheet(name, date_format=lay.date_format)
    width = len(lay.cols)
    for b in lay.banners:
        r = len(sh.rows)
        sh.rows.append([b.format(**ctx)] + [None] * (width - 1))
        if width > 1:
            sh.merges.append((r, 0, r, width - 1))
    groups = any(g for _, _, g in lay.cols)
    h0 = len(sh.rows)
    if groups:
        top: list[Any] = [None] * width
        bottom: list[Any] = [None] * width
        c = 0
        while c < width:
            f, label, g = lay.cols[c]
            if g is None:
                top[c] = label
                sh.merges.append((h0, c, h0 + 1, c))
                c += 1
                continue
            end = c
            while end + 1 < width and lay.cols[end + 1][2] == g:
                end += 1
            top[c] = g
            if end > c:
                sh.merges.append((h0, c, h0, end))
            for k in range(c, end + 1):
                bottom[k] = lay.cols[k][1]
            c = end + 1
        sh.rows += [top, bottom]
    else:
        sh.rows.append([label if f != "blank" else None for f, label, _ in lay.cols])
    if lay.subrow == "numbers":
        sh.rows.append([i + 1 for i in range(width)])
    elif lay.subrow == "units":
        sh.rows.append([lay.units.get(f) for f, _, _ in lay.cols])
    data_start = len(sh.rows)
    fields = [f for f, _, _ in lay.cols]
    prev: Any = object()
    run_start = None
    mcol = fields.index(lay.merge_field) if lay.merge_field in fields else None
    for i, rec in enumerate(records):
        if lay.blank_every and i and i % lay.blank_every == 0:
            sh.rows.append([None] * width)
            prev = object()
        r = len(sh.rows)
        row = []
        for f in fields:
            if f == "seq":
                if lay.formula_seq:
                    row.append(Formula(f"=ROW()-{data_start}"))
                else:
                    row.append(str(i + 1) if lay.seq_text else i + 1)
            elif f == "blank":
                row.append(None)
            else:
                row.append(rec.get(f))
        if mcol is not None:
            val = row[mcol]
            if val == prev and val is not None:
                row[mcol] = None
                if run_start is not None:
                    sh.merges = [mg for mg in sh.merges if mg != (run_start, mcol, r - 1, mcol)]
                    sh.merges.append((run_start, mcol, r, mcol))
            else:
                run_start = r
            prev = val
        sh.rows.append(row)
    if lay.total_label:
        row = [None] * width
        row[0] = lay.total_label
        for f, v in lay.total_values.items():
            if f in fields:
                row[fields.index(f)] = v
        sh.rows.append(row)
    if lay.footer:
        sh.rows.append([None] * width)
        for frow in lay.footer:
            sh.rows.append(
                [(x.format(**ctx) if isinstance(x, str) else x) for x in frow] + [None] * max(0, width - len(frow))
            )
    return sh


# ---------------------------------------------------------------- writers

_STAMP = datetime(2020, 1, 1)


def _xlsx_bytes(sheets: list[Sheet], created: datetime) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = COUNTY
    wb.properties.lastModifiedBy = COUNTY
    wb.properties.created = created
    wb.properties.modified = created
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        for r, row in enumerate(sh.rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is None or v == "":
                    continue
                cell = ws.cell(row=r, column=c, value=str(v) if isinstance(v, Formula) else v)
                if isinstance(v, datetime):
                    cell.number_format = sh.date_format
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for c, w in sh.widths.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = w
        if sh.hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps docProps/core.xml 'modified' with now() and zip entries with the wall clock:
    # rewrite both so the bytes depend on the inputs only.
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data
                )
            zi = zipfile.ZipInfo(info.filename, date_time=_STAMP.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return out.getvalue()


def _xls_bytes(sheets: list[Sheet]) -> bytes:
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    plain = xlwt.Style.default_style
    for sh in sheets:
        ws = wb.add_sheet(sh.name)
        covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for mg in sh.merges:
            r1, c1, r2, c2 = mg
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    covered[(r, c)] = mg
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row):
                if (r, c) in covered:
                    continue
                if v is None or v == "":
                    continue
                ws.write(r, c, v, date_style if isinstance(v, datetime) else plain)
        for r1, c1, r2, c2 in sh.merges:
            v = sh.rows[r1][c1]
            ws.write_merge(r1, r2, c1, c2, "" if v is None else v, date_style if isinstance(v, datetime) else plain)
        if sh.hidden:
            ws.visibility = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_bytes(sheet: Sheet, encoding: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in sheet.rows:
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(encoding)


# ---------------------------------------------------------------- ledgers


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _created(fill: date) -> datetime:
    return datetime(fill.year, fill.month, fill.day, 9, 0, 0)
