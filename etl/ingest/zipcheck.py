"""The zip check: an xlsx file's parts inflated once, piece by piece, before any reader sees them.

It refuses zip bombs (a part that inflates past its declared size, or far beyond its compressed
size), files whose parts add up to more than ``MAX_UNZIPPED``, and sheets whose cell references
ask the reader for more cells than the budget (python-calamine allocates the used range densely,
so one stray cell at XFD1048576 would ask for 17 billion). On the way it finds the error cells
(``#N/A``, ``#DIV/0!``) that the reader turns into blanks, and, given a ``halves.Workspace``,
writes a large sheet as two halves to be parsed on two cores (``etl.ingest.halves``).
``etl.ingest.workbook`` calls it first and reads the file only if it passes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from zlib import error as zlib_error

from etl import problems
from etl.ingest import halves

MAX_UNZIPPED = 400_000_000  # bytes, sum over the xlsx parts
MAX_RATIO = 200  # uncompressed ÷ compressed for any part (zip bombs)


def over_budget(name: str, total_cells: int) -> problems.RefusedFile:
    return problems.too_big(name, "cell_budget", wan=total_cells // 10_000, cells=total_cells)


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


def check_zip(data: bytes, name: str, ws: halves.Workspace | None = None, *, max_cells: int,
              total_cells: int) -> dict[str, list[ErrorCell]]:
    """Refuse zip bombs and sheets too large to read (``max_cells`` per sheet, ``total_cells`` for
    all together); return the error cells of each sheet part that has any.
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
    budget = total_cells
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
        if rows * cols > max_cells:
            raise problems.too_big(name, "used_range", rows=rows, cols=cols)
        budget -= rows * cols
        if budget < 0:
            raise over_budget(name, total_cells)
        if errors:
            with_errors[info.filename] = errors
    if ws is not None:
        try:
            ws.finish(zf)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib_error, NotImplementedError, RuntimeError):
            ws.splits.clear()  # every part passed the check above: read the sheets whole
    return with_errors


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
