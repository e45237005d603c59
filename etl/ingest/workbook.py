"""File bytes → sheets of raw cells. xlsx/xls through python-calamine (Rust; ~5× faster than
openpyxl on large sheets and reads formulas' cached values), CSV through the csv module after
encoding detection. The file's kind is decided by its bytes, not its name.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import gc
import html
import io
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from zlib import error as zlib_error

import python_calamine as pc

from etl import problems, stages
from etl.ingest import halves, zipcheck
from etl.ingest.html_table import looks_like_html, read_html_tables
from etl.ingest.spreadsheet_xml import looks_like_spreadsheet_xml, read_spreadsheet_xml
from etl.ingest.textclean import clean_name, clean_rows

# Limits that keep a hostile or broken file from taking the machine down.
MAX_CELLS = 10_000_000  # per sheet, rows × columns of the used range (calamine allocates it densely)
# All sheets together, counted from the sheet XML's cell references before any cell is built:
# a cell read costs ~55 bytes in the reader's grid and Python's lists (a 1.5 KB file declaring
# 384,000 × 26 cells took 537 MB), so 4M cells ≈ 220 MB. A county's month is ~10k rows × 30.
MAX_TOTAL_CELLS = 4_000_000
MAX_CSV_LINES = 200_000  # a CSV of 20 MB of blank lines was 20M rows (1.7 GB)
MAX_CSV_LINE = 100_000  # characters in one line (a ledger row is a few hundred)
MAX_FILL = 20_000_000  # cells written while filling merged ranges, per file

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class RawSheet:
    name: str
    visible: bool
    rows: list[list]  # absolute: rows[i] is Excel row i+1; merged ranges already filled
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def release_memory() -> None:
    """Give the memory of sheets already dropped back to the system (glibc keeps freed blocks
    for reuse: after a 100,000-row sheet that is ~40 MB the warehouse write then adds to).
    Does nothing where the C library has no ``malloc_trim``."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


_gc_lock = threading.Lock()
_gc_pauses = 0  # loads inside gc_paused() now, in any thread
_gc_resume = False  # whether the collector was on when the first of them paused it


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic collector off while the block builds and reads a sheet's cells. A 100,000-row
    sheet is 100,000 lists and a million cells, none in a reference cycle, alive from the parse
    to the Arrow table: with the collector on, its passes (one per few hundred new objects, the
    older generations ever more often) walk them again and again — 0.2–0.25 CPU s of a 100k-row
    load's parse, normalise and table building. Cyclic garbage made meanwhile waits until the
    block ends. Process-wide, so counted: loads overlapping in threads pause it once, and it comes
    back on when the last one leaves — after an exception or a refused file too — and only if it
    was on before the first one paused it."""
    global _gc_pauses, _gc_resume
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_resume = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_resume:
                gc.enable()


def sniff(data: bytes) -> str:
    if data[:4] == ZIP_MAGIC:
        return "xlsx"
    if data[:8] == OLE_MAGIC:
        return "ole"
    return "text"


def read_workbook(data: bytes, name: str) -> list[RawSheet]:
    """Every sheet of the file, hidden ones included (marked). Raises RefusedFile.
    Cell text and sheet names come back without control characters (``etl.ingest.textclean``)."""
    sheets = _read_sheets(data, name)
    with stages.stage("clean"):
        for s in sheets:
            s.name = clean_name(s.name)
            clean_rows(s.rows)
    return sheets


def _read_sheets(data: bytes, name: str) -> list[RawSheet]:
    if not data or not data.strip():
        raise problems.empty_file(name)
    kind = sniff(data)
    if kind == "xlsx":
        laps = stages.laps()
        with halves.Workspace() as ws:
            error_cells = zipcheck.check_zip(data, name, ws, max_cells=MAX_CELLS, total_cells=MAX_TOTAL_CELLS)
            laps.lap("zip check")
            sheets = _read_calamine(data, name, ws.splits)
        if error_cells:
            _restore_error_cells(data, sheets, error_cells)
        laps.lap("parse")
        _fill_all(sheets, name)
        laps.lap("clean")
        return sheets
    if kind == "ole":
        # An encrypted .xlsx is an OLE2 container holding an EncryptionInfo stream.
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data.replace(b"\x00", b""):
            raise problems.encrypted(name)
        sheets = _read_xls_isolated(data, name)
        _fill_all(sheets, name)
        return sheets
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise problems.not_a_spreadsheet(name)
    if looks_like_spreadsheet_xml(data):  # Excel 2003 XML, an older system's "Excel" export
        sheets = [RawSheet(n, v, rows, merged)
                  for n, v, rows, merged in read_spreadsheet_xml(data, name, MAX_TOTAL_CELLS)]
        _fill_all(sheets, name)
        return sheets
    if looks_like_html(data):  # a system's "Excel" export that is a web page (etl/ingest/html_table.py)
        rows = read_html_tables(decode_text(data, name), name, MAX_TOTAL_CELLS)
        return [RawSheet(name.rsplit(".", 1)[0], True, rows, [])]
    return [_read_csv(data, name)]


def _read_calamine(data: bytes, name: str, splits: dict[str, tuple] | None = None) -> list[RawSheet]:
    """Every worksheet's cells; a sheet the zip check wrote as two halves (``splits``: sheet part →
    halves) is parsed on two threads (``etl.ingest.halves``), any other whole."""
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError as exc:
        raise problems.encrypted(name) from exc
    except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError, OSError) as exc:
        raise problems.corrupt(name, "reader", error=type(exc).__name__) from exc
    except Exception as exc:  # calamine raises plain exceptions for some malformed files
        raise problems.corrupt(name, "reader", error=type(exc).__name__) from exc
    sheets: list[RawSheet] = []
    budget = MAX_TOTAL_CELLS
    splits = splits or {}
    parts = _sheet_parts(data) if splits else {}
    try:
        metas = wb.sheets_metadata
        for meta in metas:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet",) and "WorkSheet" not in str(meta.typ):
                continue  # chart sheets, macro sheets
            visible = "Visible" in str(meta.visible) and "Hidden" not in str(meta.visible)
            read = None
            if meta.name in parts and parts[meta.name] in splits:
                try:
                    with gc_paused():
                        read = halves.read(splits[parts[meta.name]], meta.name, min(MAX_CELLS, max(budget, 0)))
                except halves.HalfTooBig as exc:
                    raise problems.too_big(name, "sheet_size", sheet=meta.name, rows=exc.rows + 1,
                                           cols=exc.cols + 1) from None  # fmt: skip
            if read is not None:
                rows, merged, h, w = read
                _check_sheet_size(name, meta.name, h, w, budget)
            else:
                sh = wb.get_sheet_by_name(meta.name)
                h, w = sh.total_height, sh.total_width
                _check_sheet_size(name, meta.name, h, w, budget)  # before to_python builds the lists
                with gc_paused():
                    rows = sh.to_python(skip_empty_area=False)
                merged = list(sh.merged_cell_ranges or [])
            budget -= h * w
            sheets.append(RawSheet(meta.name, visible, rows, merged))
    except problems.RefusedFile:
        raise
    except pc.PasswordError as exc:
        raise problems.encrypted(name) from exc
    except Exception as exc:
        raise problems.corrupt(name, "reader", error=type(exc).__name__) from exc
    finally:
        try:
            wb.close()
        except Exception:
            pass
    return sheets


def _check_sheet_size(name: str, sheet: str, h: int, w: int, budget: int) -> None:
    if (h + 1) * (w + 1) > MAX_CELLS:
        raise problems.too_big(name, "sheet_size", sheet=sheet, rows=h + 1, cols=w + 1)
    if budget - h * w < 0:
        raise _over_budget(name)


def _sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name → the zip part holding its XML, from the workbook part and its relationships
    (empty when they cannot be read)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        wb_xml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib_error):
        return {}
    targets = dict(re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    parts = {}
    for sheet, rid in re.findall(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', wb_xml):
        target = targets.get(rid, "")
        parts[html.unescape(sheet)] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return parts


def _restore_error_cells(data: bytes, sheets: list[RawSheet], with_errors: dict[str, list[zipcheck.ErrorCell]]) -> None:
    """python-calamine turns error cells (#N/A, #DIV/0!) into blanks; a clerk needs to see the
    error, not "发现日期为空". Put the error text back (only sheets that have any)."""
    by_name = {s.name: s for s in sheets}
    for name, part in _sheet_parts(data).items():
        if part not in with_errors or name not in by_name:
            continue
        rows = by_name[name].rows
        for col, row, value in with_errors[part]:
            r, c = int(row) - 1, _col_index(col.decode())
            if r < len(rows) and c < len(rows[r]) and rows[r][c] == "":
                rows[r][c] = value.decode("utf-8", "replace")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _fill_all(sheets: list[RawSheet], name: str) -> None:
    budget = MAX_FILL
    for s in sheets:
        budget = _fill_merged(s, budget)
        if budget < 0:
            raise problems.too_big(name, "merged_ranges")


def _fill_merged(sheet: RawSheet, budget: int) -> int:
    """A value merged over a range belongs to every cell of it (headers and data alike).
    Returns the fill budget left (negative: a hostile file of huge merges)."""
    rows = sheet.rows
    for (r1, c1), (r2, c2) in sheet.merged:
        if r1 >= len(rows) or r1 > r2 or c1 > c2:
            continue
        row = rows[r1]
        if c1 >= len(row):
            continue
        value = row[c1]
        if value == "" or value is None:
            continue
        r_end = min(r2, len(rows) - 1)
        budget -= (r_end - r1 + 1) * (min(c2, len(row) - 1) - c1 + 1)
        if budget < 0:
            return budget
        for r in range(r1, r_end + 1):
            target = rows[r]
            for c in range(c1, min(c2, len(target) - 1) + 1):
                if target[c] == "" or target[c] is None:
                    target[c] = value
    return budget


# .xls (BIFF) has no cheap way to see a stray far cell before the reader allocates the
# dense grid, and a failed allocation aborts the process. Old offices' .xls files are
# small, so they are read in a child process with a memory cap; its failure is a refusal.
_XLS_CHILD = r"""
import pickle, resource, sys
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
sys.path.insert(0, sys.argv[2])
from etl.ingest.workbook import _read_calamine
from etl.problems import RefusedFile
data = sys.stdin.buffer.read()
try:
    out = ("ok", [(s.name, s.visible, s.rows, s.merged) for s in _read_calamine(data, sys.argv[3])])
except RefusedFile as e:
    out = ("refused", (e.message_zh, e.message_en, e.code, e.params))
sys.stdout.buffer.write(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
"""
XLS_CHILD_MEMORY = 1_500_000_000
XLS_CHILD_TIMEOUT = 30


def _read_xls_isolated(data: bytes, name: str) -> list[RawSheet]:
    import pickle
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    try:
        proc = subprocess.run([sys.executable, "-c", _XLS_CHILD, str(XLS_CHILD_MEMORY), root, name],
                              input=data, capture_output=True, timeout=XLS_CHILD_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise problems.too_big(name, "timeout", seconds=XLS_CHILD_TIMEOUT) from exc
    if proc.returncode != 0 or not proc.stdout:
        if b"memory allocation" in proc.stderr or b"MemoryError" in proc.stderr:
            raise problems.too_big(name, "xls_range")
        raise problems.corrupt(name, "xls_failed")
    status, payload = pickle.loads(proc.stdout)  # our own child's output, never user bytes
    if status == "refused":
        zh, en, code, params = payload
        raise problems.RefusedFile(zh, en, code, **params)
    return [RawSheet(n, v, rows, merged) for n, v, rows, merged in payload]


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) first — it rarely decodes by accident — then GB18030."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        pass
    raise problems.bad_encoding(name)


def _over_budget(name: str) -> problems.RefusedFile:
    return zipcheck.over_budget(name, MAX_TOTAL_CELLS)


def _check_csv_shape(text: str, name: str) -> None:
    """Row and line-length caps, checked on the decoded text before the csv module builds rows."""
    lines = max(text.count("\n"), text.count("\r")) + 1  # \r alone ends lines in old Mac files
    if lines > MAX_CSV_LINES:
        raise problems.too_big(name, "csv_lines", lines=lines, limit=MAX_CSV_LINES)
    if len(text) > MAX_CSV_LINE:
        start = 0
        for m in _NEWLINE.finditer(text):  # at most MAX_CSV_LINES of them
            if m.start() - start > MAX_CSV_LINE:
                break
            start = m.end()
        else:
            if len(text) - start <= MAX_CSV_LINE:
                return
        raise problems.too_big(name, "csv_line", limit=MAX_CSV_LINE)


_NEWLINE = re.compile("\r\n|\r|\n")


def _read_csv(data: bytes, name: str) -> RawSheet:
    text = decode_text(data, name)
    _check_csv_shape(text, name)
    sample = text[:20_000]
    delimiter = ","
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    if counts[best] > 0 and counts[best] > counts[","] * 1.5:
        delimiter = best
    rows = []
    cells = 0
    try:
        for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells += max(len(r), 1)
            if cells > MAX_TOTAL_CELLS:
                raise _over_budget(name)
            rows.append(r)
    except csv.Error as exc:
        raise problems.corrupt(name, "csv", error=str(exc)) from exc
    stem = name.rsplit(".", 1)[0]
    return RawSheet(stem, True, rows, [])
