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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zlib import error as zlib_error

import python_calamine as pc

from etl import problems, stages
from etl.ingest import halves
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
MAX_UNZIPPED = 400_000_000  # bytes, sum over the xlsx parts
MAX_RATIO = 200  # uncompressed ÷ compressed for any part (zip bombs)

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
            error_cells = _check_zip(data, name, ws)
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


# literal prefixes ('<row ', 'r="') let the regex engine skip ahead quickly on big sheets
_ROW_NUM = re.compile(rb'<row [^>]*?r="(\d{1,9})"')
# one pass over the cell references that can widen the grid: two or more column letters, or a
# row number of six digits or more (what r="[A-Z]{1,3}(\d{6,9})", r="([A-Z]{2})\d" and
# r="([A-Z]{3,})\d" find, sorted out in Python from the few matches of an ordinary sheet)
_CELL_WIDE_OR_FAR = re.compile(rb'r="(?:([A-Z]{2,})(\d*)("?)|[A-Z](\d{6,})("?))')
# where _CELL_WIDE_OR_FAR matches at all (two letters, or a letter and six digits): a search that
# stops at the first hit, cheaper than collecting groups, so most pieces of XML skip the findall
_ANY_WIDE_OR_FAR = re.compile(rb'r="[A-Z](?:[A-Z]|\d{6})')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def sheet_xml_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) that a reader will allocate for this sheet XML, from the cell references.

    python-calamine builds a dense grid from the furthest cell; one stray cell at XFD1048576
    asks for 17 billion cells and aborts the process. Cheap scans: most sheets have no
    two- or three-letter columns and no six-digit rows, so those regexes find nothing."""
    extent = _Extent()
    extent.feed(xml)
    return extent.result()


class _Extent:
    """``sheet_xml_extent`` of a sheet's XML fed piece by piece as it is inflated. Every piece but
    the last ends just after a ``>``: nothing the scans look for (``<row … r="9"``, ``r="AB12"``,
    ``<c ``) can hold a ``>``, so each match lies within one piece and the pieces together find
    exactly what one scan of the whole finds."""

    __slots__ = ("rows", "cols2", "cols3", "cells")

    def __init__(self) -> None:
        self.rows = 0
        self.cols2: set[bytes] = set()
        self.cols3: set[bytes] = set()
        self.cells = 0  # cells counted while no row number has been seen (only then is it needed)

    def feed(self, xml: bytes) -> None:
        numbers = _ROW_NUM.findall(xml)
        rows = max(self.rows, max(map(int, numbers))) if numbers else self.rows
        wide_or_far = _CELL_WIDE_OR_FAR.findall(xml) if _ANY_WIDE_OR_FAR.search(xml) else ()
        for letters, digits, quote, far, far_quote in wide_or_far:
            if letters:
                if digits:
                    (self.cols3 if len(letters) >= 3 else self.cols2).add(letters)
                if len(letters) <= 3 and 6 <= len(digits) <= 9 and quote:
                    rows = max(rows, int(digits))
            elif len(far) <= 9 and far_quote:
                rows = max(rows, int(far))
        self.rows = rows
        if rows == 0:  # rows only grow: when the result needs the count, every piece was counted
            # a cell with attributes, and a bare <c> or <c/> (a reader places those one after another)
            self.cells += xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")

    def result(self) -> tuple[int, int]:
        if self.cols3:
            cols = max(_col_number(c) for c in self.cols3)
        else:
            cols = max(_col_number(c) for c in self.cols2) if self.cols2 else 26
        rows = self.rows
        if rows == 0 and self.cells:
            rows = 1_048_576  # cells without row numbers: assume the worst, let the cell count decide
            rows = min(rows, max(1, self.cells))
        return rows, cols


# bytes of sheet XML inflated at a time by the zip check: a piece this size is still in the CPU's
# cache when it is scanned (on a 72 MB sheet: 0.175 CPU s; 1 MB pieces 0.20; one read of the whole 0.235)
SCAN_CHUNK = 1 << 18


def _scan_sheet_part(fh, declared: int, chunk: int | None = None,
                     sink: Callable[[bytes], None] | None = None) -> tuple[bool, tuple[int, int], list[ErrorCell]]:
    """Inflate a sheet part piece by piece, never more than one byte past its ``declared`` size,
    and scan each piece while it is fresh (``_Extent``, ``_ErrorCells``): the whole XML is never
    held (72 MB for a 100k-row sheet, inflated in 0.11 CPU s by one big read into a growing
    buffer, 0.06 in pieces). Returns (more than declared?, the grid's extent, the error cells).
    ``sink`` receives the same pieces as the scan (``etl.ingest.halves.Splitter.feed``)."""
    extent = _Extent()
    errors = _ErrorCells()

    def feed(xml: bytes) -> None:
        extent.feed(xml)
        errors.feed(xml)
        if sink is not None:
            sink(xml)

    pending: list[bytes] = []  # inflated bytes not scanned yet: no ">" among them
    size = 0
    while size <= declared:
        block = fh.read(min(chunk or SCAN_CHUNK, declared + 1 - size))
        if not block:
            break
        size += len(block)
        cut = block.rfind(b">") + 1
        if not cut:
            pending.append(block)
            continue
        if pending or cut < len(block):
            pending.append(block[:cut])
            feed(b"".join(pending))
            pending = [block[cut:]] if cut < len(block) else []
        else:
            feed(block)
    if pending:
        feed(b"".join(pending))
    return size > declared, extent.result(), errors.found


def _check_zip(data: bytes, name: str, ws: halves.Workspace | None = None) -> dict[str, list[ErrorCell]]:
    """Refuse zip bombs and sheets too large to read; return the error cells of each sheet part
    that has any (``_restore_error_cells``).
    With ``ws``, a large sheet's XML is also written as two halves as it is inflated (``halves``)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise problems.corrupt(name, "zip_structure") from exc
    total = 0
    for info in infos:
        total += info.file_size
        if info.compress_size and info.file_size / max(info.compress_size, 1) > MAX_RATIO and info.file_size > 10_000_000:
            raise problems.too_big(name, "zip_ratio")
    if total > MAX_UNZIPPED:
        raise problems.too_big(name, "unzipped_size", mb=total // 1_000_000)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise problems.not_a_spreadsheet(name)
        raise problems.corrupt(name, "no_workbook")
    with_errors: dict[str, list[ErrorCell]] = {}
    budget = MAX_TOTAL_CELLS
    for info in infos:
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        # Inflate every part at most one byte past its declared size: a bomb that declares
        # 1 KB for 1 GB of XML is caught here, before the reader inflates it for real.
        try:
            with zf.open(info) as fh:
                if is_sheet:
                    splitter = ws.splitter(info.filename, info.file_size) if ws is not None else None
                    extra, (rows, cols), errors = _scan_sheet_part(
                        fh, info.file_size, sink=splitter.feed if splitter is not None else None)
                else:
                    extra = False
                    left = info.file_size + 1
                    while left > 0:
                        chunk = fh.read(min(left, 1 << 20))
                        if not chunk:
                            break
                        left -= len(chunk)
                    extra = left <= 0
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib_error, NotImplementedError,
                RuntimeError) as exc:  # RuntimeError: a part flagged as encrypted
            raise problems.corrupt(name, "zip_data") from exc
        if extra:
            raise problems.too_big(name, "inflates_past_declared")
        if not is_sheet:
            continue
        if rows * cols > MAX_CELLS:
            raise problems.too_big(name, "used_range", rows=rows, cols=cols)
        budget -= rows * cols
        if budget < 0:
            raise _over_budget(name)
        if errors:
            with_errors[info.filename] = errors
    if ws is not None:
        try:
            ws.finish(zf)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib_error, NotImplementedError, RuntimeError):
            ws.splits.clear()  # every part passed the check above: read the sheets whole
    return with_errors


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


_ERR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*?t="e"[^>]*>(?:<f[^>]*?(?:/>|>.*?</f>))?<v>([^<]{1,20})</v>', re.S)
ErrorCell = tuple[bytes, bytes, bytes]  # (column letters, row number, the error text) as in the XML
ERROR_CARRY_MAX = 1 << 20  # bytes of one error cell held across pieces (Excel's formulas stop at 8,192 characters)


class _ErrorCells:
    """The error cells (``<c r="B7" t="e"><v>#N/A</v></c>``) of a sheet's XML fed piece by piece,
    as ``_Extent`` is: a sheet of any size, never held whole. A cell's opening tag holds no ``>``,
    so it lies within one piece; its formula and value may reach into the next ones. In well-formed
    XML a cell still open at the end of a piece is the piece's last ``<c ``: when that cell is an
    error cell, its bytes are carried over and read again with the next piece, so the pieces find
    exactly the cells one scan of the whole finds."""

    __slots__ = ("found", "carry")

    def __init__(self) -> None:
        self.found: list[ErrorCell] = []
        self.carry = b""

    def feed(self, xml: bytes) -> None:
        if self.carry:
            xml, self.carry = self.carry + xml, b""
        elif b't="e"' not in xml:  # most pieces of most sheets: one fast search
            return
        end = 0
        for m in _ERR_CELL.finditer(xml):
            self.found.append(m.groups())
            end = m.end()
        last = xml.rfind(b"<c ", end)
        if last >= 0:
            tag_end = xml.find(b">", last)
            if (tag_end < 0 or xml.find(b't="e"', last, tag_end) >= 0) and len(xml) - last <= ERROR_CARRY_MAX:
                self.carry = xml[last:]


def _restore_error_cells(data: bytes, sheets: list[RawSheet], with_errors: dict[str, list[ErrorCell]]) -> None:
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
    return problems.too_big(name, "cell_budget", wan=MAX_TOTAL_CELLS // 10_000, cells=MAX_TOTAL_CELLS)


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
