"""The workbook reader's speed-ups keep what it reads and refuses: the cyclic collector paused
while a sheet's cells are built is always restored (after a load, a refusal, an exception, and
when loads overlap in threads)."""

from __future__ import annotations

import gc
import io
import threading
import zipfile

import pytest

from etl.ingest import pipeline
from etl.ingest import workbook as wb
from etl.ingest import zipcheck as zc
from etl.problems import RefusedFile
from tests.fixtures import ledgers as L


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    assert wb._gc_pauses == 0
    (gc.enable if was else gc.disable)()


def _watch_clean_rows(monkeypatch) -> list[bool]:
    """Record whether the collector was on each time the reader cleaned a sheet's cells (inside
    the read, after the cells were built)."""
    seen: list[bool] = []
    clean = wb.clean_rows

    def watching(rows):
        seen.append(gc.isenabled())
        return clean(rows)

    monkeypatch.setattr(wb, "clean_rows", watching)
    return seen


def test_the_collector_is_paused_during_the_read_and_back_on_after_a_load(monkeypatch):
    seen = _watch_clean_rows(monkeypatch)
    analysis = pipeline.analyse(L.title_rows(1), "ledger.xlsx")
    assert analysis.rows_loaded == 3
    assert seen and not any(seen)
    assert gc.isenabled()


@pytest.mark.parametrize("build", [lambda: L.far_stray_cell("XFD1048576"), lambda: b"PK\x03\x04 not a zip"],
                         ids=["far-stray-cell", "broken-zip"])
def test_the_collector_is_back_on_after_a_refused_file(build):
    with pytest.raises(RefusedFile):
        pipeline.analyse(build(), "ledger.xlsx")
    assert gc.isenabled()


def test_the_collector_is_back_on_after_an_unforeseen_failure(monkeypatch):
    def boom(rows):
        raise KeyError("unforeseen")

    monkeypatch.setattr(wb, "clean_rows", boom)
    with pytest.raises(RefusedFile):  # analyse turns it into a refusal
        pipeline.analyse(L.title_rows(1), "ledger.xlsx")
    assert gc.isenabled()
    with pytest.raises(KeyError), wb.gc_paused():
        raise KeyError("inside")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    pipeline.analyse(L.title_rows(1), "ledger.xlsx")
    assert not gc.isenabled()


def test_overlapping_loads_in_two_threads_switch_it_back_on_only_when_the_last_leaves():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states: dict[str, bool] = {}

    def first():
        with wb.gc_paused():
            first_in.set()
            second_in.wait(10)
        states["after first left"] = gc.isenabled()
        first_out.set()

    def second():
        first_in.wait(10)
        with wb.gc_paused():
            second_in.set()
            first_out.wait(10)
            states["second still inside"] = gc.isenabled()
        states["after second left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert states == {"after first left": False, "second still inside": False, "after second left": True}


# ---------------------------------------------------------------- the zip check, piece by piece


def _with_sheet_xml(xml: bytes) -> bytes:
    """A real workbook (``title_rows(1)``) whose first sheet's XML is replaced by ``xml``."""
    base = zipfile.ZipFile(io.BytesIO(L.title_rows(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            z.writestr(info.filename, xml if info.filename == "xl/worksheets/sheet1.xml" else base.read(info))
    return out.getvalue()


def _sheet(rows_xml: str) -> bytes:
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f"{rows_xml}</sheetData></worksheet>").encode()


ADVERSARIAL = {
    # rows out of order: the furthest row counts, wherever it stands
    "rows-out-of-order": (_sheet('<row r="7"><c r="A7"><v>1</v></c></row><row r="3"><c r="A3"><v>1</v></c></row>'
                                 '<row r="5"><c r="B5"><v>1</v></c></row>'), (7, 26)),
    # no row numbers and no cell references: every cell is assumed to be a row of its own
    "refs-without-row-numbers": (_sheet('<row><c t="n"><v>1</v></c><c s="1"><v>2</v></c></row>'
                                        '<row><c t="n"><v>3</v></c></row>'), (3, 26)),
    "three-letter-column": (_sheet('<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>1</v></c>'
                                   '<c r="AB2"><v>1</v></c></row>'), (2, 16_384)),
    "two-letter-column": (_sheet('<row r="2"><c r="ZZ2"><v>1</v></c><c r="AB2"><v>1</v></c></row>'), (2, 702)),
    "huge-row-in-a-cell": (_sheet('<row r="1"><c r="A1"><v>1</v></c><c r="C1048576"><v>1</v></c></row>'),
                           (1_048_576, 26)),
    "huge-row-number": (_sheet('<row r="999999999"><c r="A5"><v>1</v></c></row>'), (999_999_999, 26)),
    # attributes in an unusual order: r after s and t, spans before r
    "attributes-in-odd-order": (_sheet('<row spans="1:3" ht="20" r="12"><c s="1" t="n" r="AC12"><v>1</v></c>'
                                       '</row><row customHeight="1" r="4"><c t="s" s="2" r="A4"><v>0</v></c></row>'),
                                (12, 29)),
    "error-cell": (_sheet('<row r="2"><c r="B2" t="e"><v>#N/A</v></c></row>'), (2, 26)),
}


@pytest.mark.parametrize("case", list(ADVERSARIAL))
def test_the_check_reads_the_same_extent_whatever_the_pieces(case):
    xml, expected = ADVERSARIAL[case]
    assert zc.sheet_xml_extent(xml) == expected
    zf = zipfile.ZipFile(io.BytesIO(_with_sheet_xml(xml)))
    info = zf.getinfo("xl/worksheets/sheet1.xml")
    for chunk in (1, 2, 3, 5, 8, 13, 64, 1 << 20):
        with zf.open(info) as fh:
            assert zc._scan_sheet_part(fh, info.file_size, chunk) == (False, expected, zc._ERR_CELL.findall(xml)), chunk
    with zf.open(info) as fh:  # one byte more than declared: the bomb signal
        assert zc._scan_sheet_part(fh, info.file_size - 1, 3)[0] is True


def test_pieces_cut_anywhere_give_the_extent_of_the_whole():
    """Random XML from the pieces references are made of, read in random piece sizes."""
    import random

    parts = [b'<c r="', b'<row r="', b"<row ", b"A", b"Z", b"AB", b"XFD", b"ABCD", b"1", b"12", b"123456",
             b"1048576", b"1234567890", b'"', b">", b"> ", b" ", b'r="', b"<c ", b"99999", b't="e"', b"0"]
    rnd = random.Random(15)
    for _ in range(5_000):
        xml = b"".join(rnd.choice(parts) for _ in range(rnd.randrange(1, 30)))
        chunk = rnd.randrange(1, 12)
        got = zc._scan_sheet_part(io.BytesIO(xml), len(xml), chunk)
        assert got[:2] == (False, zc.sheet_xml_extent(xml)), (xml, chunk)


def _random_cells(rnd, n: int) -> bytes:
    """Well-formed sheet XML: rows of numbers, inline text, shared-string indices and error cells,
    some with formulas (short, long, self-closing, shared), as writers produce them."""
    out = []
    for r in range(1, n + 1):
        cells = []
        for col in rnd.sample(["A", "B", "C", "AB", "XF"], rnd.randrange(0, 5)):
            ref = f'r="{col}{r}"'
            f = rnd.choice(["", "", "<f>1/0</f>", '<f t="shared" si="0"/>', "<f>" + "A1+" * rnd.randrange(1, 200) + "1</f>"])
            kind = rnd.randrange(5)
            if kind == 0:
                cells.append(f'<c {ref} t="e">{f}<v>{rnd.choice(["#N/A", "#DIV/0!", "#REF!", "#VALUE!"])}</v></c>')
            elif kind == 1:
                cells.append(f'<c s="3" {ref} t="e"><v>#NAME?</v></c>')
            elif kind == 2:
                cells.append(f'<c {ref} t="inlineStr"><is><t>隐患&lt;{r}&gt;</t></is></c>')
            elif kind == 3:
                cells.append(f'<c {ref} t="s"><v>{r % 7}</v></c>')
            else:
                cells.append(f"<c {ref}>{f}<v>{r * 3}</v></c>")
        out.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    return "".join(out).encode()


def test_error_cells_are_found_whatever_the_pieces():
    """The error cells found piece by piece are exactly those one scan of the whole XML finds,
    for any piece size (a cell's formula and value reach across pieces)."""
    import random

    rnd = random.Random(7)
    for _ in range(300):
        xml = _random_cells(rnd, rnd.randrange(1, 12))
        whole = zc._ERR_CELL.findall(xml)
        for chunk in (1, 3, rnd.randrange(4, 40), rnd.randrange(40, 400), 1 << 18):
            assert zc._scan_sheet_part(io.BytesIO(xml), len(xml), chunk)[2] == whole, (xml, chunk)


def test_error_cells_are_restored_in_a_sheet_of_any_size():
    """A sheet far larger than one piece (here 12 MB of XML, split into halves on two cores) gets
    its error cells back in its first, middle and last rows: the scan holds no XML, so no size
    limit applies (it used to stop at 8 MB, and a big sheet's #N/A then read as a blank)."""
    errors = {3: "#N/A", 40_001: "#REF!", 79_999: "#DIV/0!"}
    rows = "".join(f'<row r="{i}">' + "".join(f'<c r="{col}{i}"><v>{i + k}</v></c>' for k, col in enumerate("ABCDE"))
                   + (f'<c r="F{i}" t="e"><f>1/0</f><v>{errors[i]}</v></c>' if i in errors else "") + "</row>"
                   for i in range(1, 80_001))
    xml = _sheet(rows)
    assert len(xml) > 12_000_000
    sheets = wb.read_workbook(_with_sheet_xml(xml), "ledger.xlsx")
    got = {i + 1: row[5] for i, row in enumerate(sheets[0].rows) if len(row) > 5 and row[5] != ""}
    assert got == errors


@pytest.mark.parametrize("ref", ["XFD1048576", "A1048576", "XFD10"])
def test_far_stray_cells_meet_the_same_verdict_in_small_pieces(monkeypatch, ref):
    data = L.far_stray_cell(ref)

    def verdict():
        try:
            return [len(s.rows) for s in wb.read_workbook(data, "ledger.xlsx")]
        except RefusedFile as exc:
            return exc.message_zh

    whole = verdict()
    monkeypatch.setattr(zc, "SCAN_CHUNK", 7)
    assert verdict() == whole
    if ref == "XFD1048576":
        assert "1048576 行 × 16384 列" in whole


def test_the_check_never_holds_a_big_sheets_whole_xml():
    """A 40 MB sheet XML is checked in pieces: the check's peak memory stays far below the
    XML's size (one read of the whole held it all, and more while its buffer grew)."""
    from tests.test_security_limits import PeakGrowth

    rows = "".join(f'<row r="{i}">' + "".join(f'<c r="{col}{i}" t="n"><v>{i * 7919 % 1000003 + k}</v></c>'
                                               for k, col in enumerate("ABCDEFGHIJ")) + "</row>"
                   for i in range(1, 150_001))  # 150,000 × 26 cells: within the cell budget
    xml = _sheet(rows)
    assert len(xml) > 40_000_000
    data = _with_sheet_xml(xml)
    del rows, xml
    with PeakGrowth() as growth:
        assert zc.check_zip(data, "ledger.xlsx", max_cells=wb.MAX_CELLS, total_cells=wb.MAX_TOTAL_CELLS) == {}
    assert growth.mb < 15, growth.mb


# ---------------------------------------------------------------- the clean stage


def test_every_character_the_clean_removes_is_unprintable():
    """clean_rows skips a chunk whose text ``str.isprintable`` clears: sound only if no character
    the cleaning removes is printable (checked over every code point)."""
    from etl.ingest.textclean import _CONTROLS

    removed = [chr(cp) for cp in range(0x110000) if _CONTROLS.match(chr(cp))]
    assert len(removed) == 29 + 33 + 2 + 2048  # C0 but tab/LF/CR, DEL + C1, U+FFFE/FFFF, surrogates
    assert not any(ch.isprintable() for ch in removed)


def test_clean_rows_removes_c1_controls_and_noncharacters_among_printable_text():
    from etl.ingest.textclean import clean_rows

    rows = [["城关镇", f"单位{i}", 1.0] for i in range(600)]
    rows[10][1], rows[300][0], rows[599][1] = "甲\x85", "\ufffe乙", "丙\uffff"
    rows[400][1] = "丁\u3000戊\n己"  # unprintable but text: stays
    assert clean_rows(rows) == 3
    assert (rows[10][1], rows[300][0], rows[599][1], rows[400][1]) == ("甲", "乙", "丙", "丁\u3000戊\n己")
