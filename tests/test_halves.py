"""A large sheet read as two halves on two threads (etl/ingest/halves.py) gives exactly the cells,
merged ranges and analysis that one parse of the whole sheet gives, and falls back to that parse
whenever the halves cannot be joined exactly. Fixtures are built in code; the split threshold is
lowered so that small sheets split (``halves.SPLIT_MIN_BYTES``)."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from datetime import date, datetime

import pytest

from etl import problems
from etl.ingest import halves, pipeline
from etl.ingest import workbook as wb
from etl.ingest import zipcheck as zc
from tests.fixtures import ledgers as L
from tests.fixtures.hostile_shapes import declared_grid
from tests.fixtures.ledgers import Sheet, xlsx

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.fixture
def split(monkeypatch):
    """Split every sheet (on any machine) and record which reads used the halves."""
    monkeypatch.setattr(halves, "SPLIT_MIN_BYTES", 1)
    monkeypatch.setattr(halves, "cores", lambda: 2)
    joined: list[str] = []
    real = halves.read

    def spy(paths, sheet, limit):
        out = real(paths, sheet, limit)
        if out is not None:
            joined.append(sheet)
        return out

    monkeypatch.setattr(halves, "read", spy)
    return joined


def whole(data: bytes) -> list[wb.RawSheet]:
    saved = halves.SPLIT_MIN_BYTES
    halves.SPLIT_MIN_BYTES = 10**15
    try:
        return wb.read_workbook(data, "t.xlsx")
    finally:
        halves.SPLIT_MIN_BYTES = saved


def same(a: list[wb.RawSheet], b: list[wb.RawSheet]) -> None:
    assert [(s.name, s.visible) for s in a] == [(s.name, s.visible) for s in b]
    for x, y in zip(a, b, strict=True):
        assert len(x.rows) == len(y.rows), x.name
        assert x.rows == y.rows, x.name
        # same values and same types (a date stays a date, 1 stays an int)
        assert [[type(v) for v in r] for r in x.rows] == [[type(v) for v in r] for r in y.rows], x.name
        assert sorted(x.merged) == sorted(y.merged), x.name


def mixed_rows(n: int, width_first: int, width_second: int, start_col_second: int = 0) -> list[list]:
    rows: list[list] = [["安宁县隐患台账"], ["序号", "编号", "单位", "描述", "等级", "发现日期"]]
    for i in range(n):
        width = width_first if i < n // 2 else width_second
        row: list = [None] * width
        for c in range(start_col_second if i >= n // 2 else 0, width):
            k = (i + c) % 7
            row[c] = [i, f"文字{i}-{c}", 2.5 * i, datetime(2025, 1 + i % 12, 1 + i % 28), True, None, f"<b>{c}</b>&"][k]
        rows.append(row)
    return rows


SHAPES = {
    "second half wider": lambda: xlsx([Sheet("台账", mixed_rows(300, 6, 11), merges=["A1:F1", "C120:C200"])]),
    "first half wider": lambda: xlsx([Sheet("台账", mixed_rows(300, 11, 5), merges=["B140:D170"])]),
    "second half starts at column C": lambda: xlsx([Sheet("台账", mixed_rows(300, 8, 8, start_col_second=2))]),
    "empty rows at the middle": lambda: xlsx([Sheet("台账", mixed_rows(120, 8, 8) + [[None]] * 200
                                                    + mixed_rows(120, 8, 9))]),
    "two large sheets and a hidden one": lambda: xlsx([
        Sheet("一月", mixed_rows(200, 9, 9)), Sheet("隐藏", mixed_rows(150, 4, 7), state="hidden"),
        Sheet("二月", mixed_rows(250, 7, 7), merges=["A50:B52"])]),
    "1904 dates": lambda: xlsx([Sheet("台账", mixed_rows(200, 8, 8))], epoch_1904=True),
    "a real ledger with merged cells": L.merged_down_data_cells,
    "total and footer rows": L.total_and_footer_rows,
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("piece", [zc.SCAN_CHUNK, 97])
def test_halves_give_the_whole_sheet(split, monkeypatch, shape, piece):
    data = SHAPES[shape]()
    expected = whole(data)
    monkeypatch.setattr(zc, "SCAN_CHUNK", piece)  # the XML inflated in many small pieces too
    got = wb.read_workbook(data, "t.xlsx")
    same(got, expected)
    assert split, "the halves were not used"


def _xml_workbook(rows_xml: str) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(L.title_rows(1)))
    out = io.BytesIO()
    sheet = f'<?xml version="1.0"?><worksheet {NS}><dimension ref="A1:D9"/><sheetData>{rows_xml}</sheetData>' \
            '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            body = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else base.read(info)
            z.writestr(info.filename, body)
    return out.getvalue()


def _row(r: int, cells: str) -> str:
    return f'<row r="{r}">{cells}</row>'


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_error_cells_and_cells_without_references(split):
    body = "".join(
        _row(r, _inline(f"A{r}", f"第{r}行") + f'<c r="B{r}"><v>{r}</v></c>'
             + (f'<c r="C{r}" t="e"><v>#N/A</v></c>' if r % 17 == 0 else "")
             + ("<c><v>7</v></c><c t=\"inlineStr\"><is><t>无引用</t></is></c>" if r % 5 == 0 else ""))
        for r in range(1, 301))
    data = _xml_workbook(body)
    got = wb.read_workbook(data, "t.xlsx")
    same(got, whole(data))
    assert split
    assert got[0].rows[16][2] == "#N/A" and got[0].rows[288][2] == "#N/A"  # restored in both halves


def test_shared_formulas_across_the_cut(split):
    """A shared formula defined in the first half and used in the second: the cached values are
    what both reads give (the reader reads values, not formulas)."""
    body = "".join(
        _row(r, f'<c r="A{r}"><v>{r}</v></c>'
             + (f'<c r="B{r}"><f t="shared" ref="B1:B300" si="0">A1*2</f><v>{2 * r}</v></c>' if r == 1
                else f'<c r="B{r}"><f t="shared" si="0"/><v>{2 * r}</v></c>')
             + f'<c r="C{r}"><f>A{r}+1</f><v>{r + 1}</v></c>')
        for r in range(1, 301))
    data = _xml_workbook(body)
    got = wb.read_workbook(data, "t.xlsx")
    same(got, whole(data))
    assert split
    assert [int(r[1]) for r in got[0].rows] == [2 * r for r in range(1, 301)]


def shared_strings_workbook(rows: int) -> bytes:
    """An xlsx as Excel and WPS write it: text in the shared-string table (``t="s"``), dates as
    serial numbers with a date style, written part by part (openpyxl writes inline strings)."""
    strings = ["序号", "单位名称", "隐患描述", "发现日期"] + [f"单位{i}" for i in range(50)] + [f"描述{i}" for i in range(70)]
    index = {t: i for i, t in enumerate(strings)}

    def row(r: int) -> str:
        if r == 1:
            cells = "".join(f'<c r="{c}1" t="s"><v>{index[t]}</v></c>' for c, t in zip("ABCD", strings[:4], strict=True))
        else:
            cells = (f'<c r="A{r}"><v>{r - 1}</v></c><c r="B{r}" t="s"><v>{index[f"单位{r % 50}"]}</v></c>'
                     f'<c r="C{r}" t="s"><v>{index[f"描述{r % 70}"]}</v></c><c r="D{r}" s="1"><v>{45600 + r % 300}</v></c>')
        return f'<row r="{r}">{cells}</row>'

    sst = "".join(f"<si><t>{t}</t></si>" for t in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": f'<?xml version="1.0"?><styleSheet xmlns="{main}"><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{main}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{sst}</sst>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>'
        + "".join(row(r) for r in range(1, rows + 1)) + "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return out.getvalue()


def test_shared_strings_and_date_styles(split):
    """Text in the shared-string table and dates told by their style resolve in both halves."""
    data = shared_strings_workbook(400)
    got = wb.read_workbook(data, "t.xlsx")
    same(got, whole(data))
    assert split
    rows = got[0].rows
    assert rows[0][:4] == ["序号", "单位名称", "隐患描述", "发现日期"]
    assert rows[399][1] == "单位0" and rows[399][2] == f"描述{400 % 70}"
    assert all(isinstance(r[3], (date, datetime)) for r in rows[1:])


def test_rows_without_numbers_are_read_whole(split):
    """No row tag carries a number, so no cut can be made: the sheet is parsed whole."""
    data = _xml_workbook("".join(f'<row><c t="inlineStr"><is><t>x{r}</t></is></c><c><v>{r}</v></c></row>'
                                 for r in range(300)))
    same(wb.read_workbook(data, "t.xlsx"), whole(data))
    assert not split


def test_rows_out_of_order_across_the_cut_are_read_whole(split):
    """A row of the first half written again after the cut: the halves overlap, so they are not
    joined and the whole sheet is parsed."""
    body = "".join(_row(r, _inline(f"A{r}", f"v{r}")) for r in range(1, 301)) + _row(5, _inline("B5", "late"))
    data = _xml_workbook(body)
    got = wb.read_workbook(data, "t.xlsx")
    same(got, whole(data))
    assert got[0].rows[4][:2] == ["v5", "late"]
    assert not split


def test_one_core_reads_whole(split, monkeypatch):
    monkeypatch.setattr(halves, "cores", lambda: 1)
    data = SHAPES["second half wider"]()
    same(wb.read_workbook(data, "t.xlsx"), whole(data))
    assert not split


def test_no_room_for_the_halves_reads_whole(split, monkeypatch):
    """A temporary folder that cannot be made, or a half that cannot be written (a full disk),
    never refuses the file: the sheet is read whole."""
    data = SHAPES["first half wider"]()
    expected = whole(data)

    def no_folder(*a, **k):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(tempfile, "mkdtemp", no_folder)
        same(wb.read_workbook(data, "t.xlsx"), expected)
    assert not split
    calls = []

    def full_disk(self, xml):
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(halves.Splitter, "_feed", full_disk)
    same(wb.read_workbook(data, "t.xlsx"), expected)
    assert calls and not split


def test_the_halves_folder_is_removed_after_a_read_and_a_refusal(split, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    wb.read_workbook(SHAPES["second half wider"](), "t.xlsx")
    assert split and os.listdir(tmp_path) == []
    # a first sheet split as it is checked, then a second sheet whose far cell refuses the file
    far = declared_grid(rows=1_048_576, last_col="XFD", sheets=2)
    with pytest.raises(problems.RefusedFile):
        wb.read_workbook(far, "far.xlsx")
    assert os.listdir(tmp_path) == []


def test_a_half_over_the_cell_limit_is_refused_before_its_lists(split, monkeypatch):
    """The reader's own size check applies to each half before its cells become Python lists."""
    data = SHAPES["second half wider"]()
    monkeypatch.setattr(wb, "MAX_CELLS", 10_000_000)
    real = halves.read
    monkeypatch.setattr(halves, "read", lambda paths, sheet, limit: real(paths, sheet, 50))
    with pytest.raises(problems.RefusedFile) as exc:
        wb.read_workbook(data, "t.xlsx")
    assert exc.value.code == "too_big" and exc.value.params["detail"] == "sheet_size"


def test_each_half_is_unlinked_once_the_reader_has_it(split, monkeypatch):
    """Once opened, a half's bytes go with the reader's handle, even if the process is killed."""
    left = []
    real = halves.read

    def check(paths, sheet, limit):
        out = real(paths, sheet, limit)
        left.extend(p for p in paths if p.exists())
        return out

    monkeypatch.setattr(halves, "read", check)
    same(wb.read_workbook(SHAPES["first half wider"](), "t.xlsx"), whole(SHAPES["first half wider"]()))
    assert split and left == []


def test_the_cut_is_before_a_numbered_row_past_the_cut_share(split, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kept = {}
    real = halves.read

    def keep(paths, sheet, limit):
        kept.update({p.name: zipfile.ZipFile(p).read("xl/worksheets/sheet1.xml") for p in paths})
        return real(paths, sheet, limit)

    monkeypatch.setattr(halves, "read", keep)
    body = "".join(_row(r, _inline(f"A{r}", "x" * 20)) for r in range(1, 201))
    wb.read_workbook(_xml_workbook(body), "t.xlsx")
    first, second = kept["0a.xlsx"], kept["0b.xlsx"]
    assert first.endswith(b"</sheetData></worksheet>") and b"mergeCell" not in first
    assert re.match(rb'<\?xml[^>]*\?><worksheet [^>]*><dimension ref="A1:D9"/><sheetData><row r="(\d+)"', second)
    cut = int(re.search(rb'<sheetData><row r="(\d+)"', second).group(1))
    share = halves.CUT_SHARE * 200  # of 200 rows of equal length (the opening moves it a little)
    assert share - 5 <= cut <= share + 10
    assert second.endswith(b"</mergeCells></worksheet>")


@pytest.mark.parametrize("fixture", ["merged_down_data_cells", "bad_rows", "total_and_footer_rows", "per_town_sheets",
                                     "date_forms", "status_words", "empty_rows_and_columns"])
def test_the_loader_reads_the_same_analysis(split, fixture):
    data = getattr(L, fixture)()
    a = pipeline.analyse(data, f"{fixture}.xlsx")
    assert split
    saved = halves.SPLIT_MIN_BYTES
    halves.SPLIT_MIN_BYTES = 10**15
    try:
        b = pipeline.analyse(data, f"{fixture}.xlsx")
    finally:
        halves.SPLIT_MIN_BYTES = saved
    assert a.table.equals(b.table)
    assert [vars(p) for p in a.problems] == [vars(p) for p in b.problems]
    assert a.warnings == b.warnings
    assert (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped) == \
           (b.rows_read, b.rows_loaded, b.rows_rejected, b.rows_skipped)


def test_dates_stay_dates_across_the_cut(split):
    rows = [["发现日期", "数量"]] + [[date(2025, 1, 1 + i % 28), i] for i in range(400)]
    got = wb.read_workbook(xlsx([Sheet("台账", rows)]), "t.xlsx")[0].rows
    assert split
    assert all(isinstance(r[0], (date, datetime)) for r in got[1:])
    assert [int(r[1]) for r in got[1:]] == list(range(400))
