"""A large sheet read as two halves on two cores.

python-calamine parses a sheet's XML in Rust without holding Python's lock, but one sheet is one
call on one core: on a 100,000-row ledger that is 0.74 of the reader's 0.9 s. The zip check
(``etl.ingest.zipcheck.check_zip``) inflates every sheet's XML anyway; for a sheet of at least
``SPLIT_MIN_BYTES`` it also writes the XML as two workbooks of its own (uncompressed, in a
private temporary folder): the first holds the rows up to a row tag past ``CUT_SHARE`` of the XML,
the second the rest, and both hold the sheet's opening (everything up to ``<sheetData>``), the styles (dates
are told by their number formats), the shared strings and the workbook part. The second half
keeps the sheet's closing (merged ranges). The halves are parsed on two threads and joined by
their cell positions, and the result is the grid one parse of the whole sheet gives
(``tests/test_halves.py`` compares the two on every shape that matters: gaps and width changes
at the cut, merged ranges, dates, rows and cells without references).

Nothing is guessed: the sheet is read whole, as before, whenever the halves cannot be joined
exactly — the XML has no plain ``<sheetData>``, no row tag with a row number past the cut point,
a half fails to parse, or the second half starts at or above the first half's last row (rows
out of order). The cut is made only before a ``<row … r="N">`` tag, so the second half's
first row is placed where one parse places it.

The halves are written as the check inflates the XML (no copy of it is held). Each half file is
unlinked as soon as the reader has opened it, and the folder is removed when the read ends,
refused or not; a reading worker's whole temporary folder goes when the worker is stopped
(``etl.ingest.sandbox``). Only a machine with two or more cores splits.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine as pc

# Sheets with at least this much XML are split (about 1,400 ledger rows); below it a thread and two
# workbooks gain a few milliseconds at most. Reading a ledger's sheet, split against whole (idle, two
# cores): 1.4 MB of XML 15 against 19 ms; 3.6 MB 38 against 52; 7.1 MB 73 against 104; 14 MB 132 against 200.
SPLIT_MIN_BYTES = 1_000_000
_OPEN = b"<sheetData>"
_CLOSE = b"</sheetData></worksheet>"
_HEAD_LIMIT = 1 << 20  # bytes before <sheetData> (sheet properties, views, columns)
# Where the cut falls, as a share of the sheet's XML. The halves' reader calls run at once, but
# turning each into Python lists holds the interpreter's lock, so the smaller second half finishes
# and converts while the first is still parsing (100,000 rows: 0.665–0.67 s at 55 %, 0.69–0.71 at 50 %).
CUT_SHARE = 0.55
# a row tag that carries its row number: the second half starts at one, so its rows sit where
# one parse of the whole sheet puts them
_ROW_TAG = re.compile(rb'<row\b[^>]*?\sr="\d+"')
# parts the reader does not need for cell values (pictures, charts, macros, pivot caches, the
# formula chain, external links): each half would only carry a copy. A part missed here costs a copy;
# a part the reader needed and missed makes that half fail, and the sheet is then read whole.
_SKIP = ("xl/media/", "xl/drawings/", "xl/charts/", "xl/embeddings/", "xl/printerSettings/", "xl/pivotCache/",
         "xl/pivotTables/", "xl/externalLinks/", "xl/activeX/", "xl/ctrlProps/", "xl/richData/", "xl/slicers/",
         "xl/slicerCaches/", "xl/timelines/", "xl/queryTables/", "xl/vbaProject.bin", "xl/calcChain.xml",
         "customXml/", "docProps/")  # fmt: skip


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Workspace:
    """The private folder the halves of one file's sheets are written to; removed on exit."""

    def __init__(self) -> None:
        self.dir: Path | None = None
        self.splits: dict[str, tuple[Path, Path]] = {}  # sheet part → its two halves
        self._pending: list[Splitter] = []

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        for s in self._pending:
            s.discard()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)

    def splitter(self, part: str, declared: int) -> Splitter | None:
        """A splitter for a sheet part of ``declared`` bytes, or None when it is not worth it."""
        if declared < SPLIT_MIN_BYTES or cores() < 2:
            return None
        try:
            if self.dir is None:
                self.dir = Path(tempfile.mkdtemp(prefix="halves-"))  # 0700
            n = len(self._pending)
            s = Splitter(part, declared, (self.dir / f"{n}a.xlsx", self.dir / f"{n}b.xlsx"))
        except (OSError, ValueError):
            return None  # no room for the halves: the sheet is read whole
        self._pending.append(s)
        return s

    def finish(self, zf: zipfile.ZipFile) -> None:
        """After the whole file passed the check: add the parts a reader needs to every pair of
        halves (never before: a part not yet checked might be a bomb)."""
        shared = None
        for s in self._pending:
            if not s.cut_made():
                s.discard()
                continue
            if shared is None:
                shared = [(i.filename, zf.read(i)) for i in zf.infolist() if _needed(i.filename)]
            s.complete(shared)
            self.splits[s.part] = s.paths
        self._pending = []


def _needed(name: str) -> bool:
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return False  # every sheet: each pair of halves holds only its own, written as it was checked
    return not name.startswith(_SKIP) and not name.endswith("/")


class Splitter:
    """Receives a sheet's XML piece by piece (each piece ends just after a ``>``, so a tag is never
    cut) and writes the two halves."""

    def __init__(self, part: str, declared: int, paths: tuple[Path, Path]) -> None:
        self.part, self.paths, self.half = part, paths, int(declared * CUT_SHARE)
        self.state = "head"  # → "a" → "b"; "off" when the sheet is to be read whole
        self.head: list[bytes] = []
        self.seen = 0
        self._zips = [zipfile.ZipFile(p, "w", zipfile.ZIP_STORED, allowZip64=True) for p in paths]
        self._out = [z.open(part, "w", force_zip64=True) for z in self._zips]

    def feed(self, xml: bytes) -> None:
        """Never raises: a half that cannot be written (a full disk) means the sheet is read whole."""
        if self.state == "off":
            return
        try:
            self._feed(xml)
        except (OSError, ValueError):
            self._off()

    def _feed(self, xml: bytes) -> None:
        if self.state == "head":
            i = xml.find(_OPEN)
            if i < 0:
                self.head.append(xml)
                if sum(map(len, self.head)) > _HEAD_LIMIT:
                    self._off()
                return
            head = b"".join(self.head) + xml[: i + len(_OPEN)]
            self.head = []
            self._out[0].write(head)
            self._out[1].write(head)
            xml = xml[i + len(_OPEN):]
            self.state = "a"
        if self.state == "a":
            m = _ROW_TAG.search(xml, max(0, self.half - self.seen)) if self.seen + len(xml) >= self.half else None
            if m is None:
                self._out[0].write(xml)
                self.seen += len(xml)
                return
            self._out[0].write(xml[: m.start()])
            self._out[0].write(_CLOSE)
            self._out[0].close()
            xml = xml[m.start():]
            self.state = "b"
        self._out[1].write(xml)

    def cut_made(self) -> bool:
        return self.state == "b"

    def complete(self, shared: list[tuple[str, bytes]]) -> None:
        self._out[1].close()
        for z in self._zips:
            for name, body in shared:
                z.writestr(name, body)
            z.close()

    def _off(self) -> None:
        self.state = "off"
        self.discard()

    def discard(self) -> None:
        for f in self._out:
            try:
                f.close()
            except (OSError, ValueError):
                pass
        for z in self._zips:
            try:
                z.close()
            except (OSError, ValueError):
                pass
        for p in self.paths:
            p.unlink(missing_ok=True)


@dataclass
class _Half:
    rows: list[list]
    start: tuple[int, int] | None
    end: tuple[int, int] | None
    merged: list


class HalfTooBig(Exception):
    def __init__(self, rows: int, cols: int) -> None:
        super().__init__(rows, cols)
        self.rows, self.cols = rows, cols


def read(paths: tuple[Path, Path], sheet: str, limit: int) -> tuple[list[list], list, int, int] | None:
    """The sheet's cells from its two halves, parsed at once on two threads: (rows, merged ranges,
    height, width) exactly as ``to_python(skip_empty_area=False)`` of the whole sheet gives them,
    or None when they cannot be joined exactly (the caller then reads the whole sheet).

    Raises ``HalfTooBig`` when a half alone has more than ``limit`` cells (checked before its
    Python lists are built)."""
    out: list[_Half | None] = [None, None]
    errors: list[BaseException] = []

    def parse(i: int) -> None:
        try:
            wb = pc.CalamineWorkbook.from_path(str(paths[i]))
            # open now: its bytes go when the reader closes it, even if this process is killed
            with contextlib.suppress(OSError):
                paths[i].unlink()
            try:
                sh = wb.get_sheet_by_name(sheet)
                h, w = sh.total_height, sh.total_width
                if h * w > limit:
                    raise HalfTooBig(h, w)
                # the first half from A1, like one parse; the second from its first cell
                rows = sh.to_python(skip_empty_area=(i == 1))
                out[i] = _Half(rows, sh.start, sh.end, list(sh.merged_cell_ranges or []) if i else [])
            finally:
                wb.close()
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread
            errors.append(exc)

    worker = threading.Thread(target=parse, args=(0,), name="sheet-first-half")
    worker.start()
    parse(1)
    worker.join()
    for exc in errors:
        if isinstance(exc, HalfTooBig):
            raise exc
    if errors:
        return None  # the caller's parse of the whole sheet gives the file's own error, if any
    a, b = out
    assert a is not None and b is not None
    return join(a, b)


def join(a: _Half, b: _Half) -> tuple[list[list], list, int, int] | None:
    """The two halves as one grid from A1, or None when the second does not follow the first."""
    if b.start is None or b.end is None:  # nothing but empty rows after the cut
        width = a.end[1] + 1 if a.end else 0
        return a.rows, b.merged, len(a.rows), width
    if a.end is not None and b.start[0] <= a.end[0]:
        return None  # rows out of order across the cut
    width = max(a.end[1] + 1 if a.end else 0, b.end[1] + 1)
    rows = a.rows
    if a.end is not None and a.end[1] + 1 < width:
        pad = [""] * (width - a.end[1] - 1)
        for r in rows:
            r.extend(pad)
    rows.extend([""] * width for _ in range(b.start[0] - len(rows)))
    left, right = b.start[1], width - b.end[1] - 1
    if left or right:
        lpad, rpad = [""] * left, [""] * right
        rows.extend(lpad + r + rpad for r in b.rows)
    else:
        rows.extend(b.rows)
    return rows, b.merged, len(rows), width
