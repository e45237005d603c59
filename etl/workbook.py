"""File bytes → sheets of raw cells. xlsx/xls through python-calamine (Rust; ~5× faster than
openpyxl on large sheets and reads formulas' cached values), CSV through the csv module after
encoding detection. The file's kind is decided by its bytes, not its name.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass, field

import python_calamine as pc

from . import problems

# Limits that keep a hostile or broken file from taking the machine down.
MAX_CELLS = 30_000_000  # per sheet, rows × columns of the used range
MAX_UNZIPPED = 1_000_000_000  # bytes, sum over the xlsx parts
MAX_RATIO = 200  # uncompressed ÷ compressed for any part (zip bombs)

ERROR_SCAN_LIMIT = 8_000_000  # bytes of sheet XML scanned for error cells (#N/A, #DIV/0!)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class RawSheet:
    name: str
    visible: bool
    rows: list[list]  # absolute: rows[i] is Excel row i+1; merged ranges already filled
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def sniff(data: bytes) -> str:
    if data[:4] == ZIP_MAGIC:
        return "xlsx"
    if data[:8] == OLE_MAGIC:
        return "ole"
    return "text"


def read_workbook(data: bytes, name: str) -> list[RawSheet]:
    """Every sheet of the file, hidden ones included (marked). Raises RefusedFile."""
    if not data or not data.strip():
        raise problems.empty_file(name)
    kind = sniff(data)
    if kind == "xlsx":
        _check_zip(data, name)
        return _read_calamine(data, name)
    if kind == "ole":
        # An encrypted .xlsx is an OLE2 container holding an EncryptionInfo stream.
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data.replace(b"\x00", b""):
            raise problems.encrypted(name)
        return _read_calamine(data, name)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise problems.not_a_spreadsheet(name)
    return [_read_csv(data, name)]


def _check_zip(data: bytes, name: str) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise problems.corrupt(name, "zip 结构损坏") from exc
    total = 0
    for info in infos:
        total += info.file_size
        if info.compress_size and info.file_size / max(info.compress_size, 1) > MAX_RATIO and info.file_size > 10_000_000:
            raise problems.too_big(name, "压缩比异常，疑似压缩炸弹")
    if total > MAX_UNZIPPED:
        raise problems.too_big(name, f"解压后 {total // 1_000_000} MB")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise problems.not_a_spreadsheet(name)
        raise problems.corrupt(name, "缺少工作簿内容")


def _read_calamine(data: bytes, name: str) -> list[RawSheet]:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError as exc:
        raise problems.encrypted(name) from exc
    except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError, OSError) as exc:
        raise problems.corrupt(name, type(exc).__name__) from exc
    except Exception as exc:  # calamine raises plain exceptions for some malformed files
        raise problems.corrupt(name, type(exc).__name__) from exc
    sheets: list[RawSheet] = []
    try:
        metas = wb.sheets_metadata
        for meta in metas:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet",) and "WorkSheet" not in str(meta.typ):
                continue  # chart sheets, macro sheets
            visible = "Visible" in str(meta.visible) and "Hidden" not in str(meta.visible)
            sh = wb.get_sheet_by_name(meta.name)
            h, w = sh.total_height, sh.total_width
            if (h + 1) * (w + 1) > MAX_CELLS:
                raise problems.too_big(name, f"工作表“{meta.name}”有 {h + 1} 行 × {w + 1} 列")
            rows = sh.to_python(skip_empty_area=False)
            merged = list(sh.merged_cell_ranges or [])
            sheets.append(RawSheet(meta.name, visible, rows, merged))
    except problems.RefusedFile:
        raise
    except pc.PasswordError as exc:
        raise problems.encrypted(name) from exc
    except Exception as exc:
        raise problems.corrupt(name, type(exc).__name__) from exc
    finally:
        try:
            wb.close()
        except Exception:
            pass
    if data[:4] == ZIP_MAGIC:
        _restore_error_cells(data, sheets)
    for s in sheets:
        _fill_merged(s)
    return sheets


_ERR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*?t="e"[^>]*>(?:<f[^>]*?(?:/>|>.*?</f>))?<v>([^<]{1,20})</v>', re.S)


def _restore_error_cells(data: bytes, sheets: list[RawSheet]) -> None:
    """python-calamine turns error cells (#N/A, #DIV/0!) into blanks; a clerk needs to see the
    error, not "发现日期为空". Put the error text back, reading only sheets that have any."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        parts = [i for i in zf.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
        with_errors = {}
        for info in parts:
            if info.file_size > ERROR_SCAN_LIMIT:
                continue  # hand-made ledgers with broken formulas are small; don't inflate big exports
            part = info.filename
            xml = zf.read(part)
            if b't="e"' in xml:
                with_errors[part] = xml
        if not with_errors:
            return
        wb_xml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return
    targets = dict(re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    by_name = {s.name: s for s in sheets}
    for name, rid in re.findall(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', wb_xml):
        name = html.unescape(name)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if part not in with_errors or name not in by_name:
            continue
        rows = by_name[name].rows
        for col, row, value in _ERR_CELL.findall(with_errors[part]):
            r, c = int(row) - 1, _col_index(col.decode())
            if r < len(rows) and c < len(rows[r]) and rows[r][c] == "":
                rows[r][c] = value.decode("utf-8", "replace")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _fill_merged(sheet: RawSheet) -> None:
    """A value merged over a range belongs to every cell of it (headers and data alike)."""
    rows = sheet.rows
    for (r1, c1), (r2, c2) in sheet.merged:
        if r1 >= len(rows) or r2 - r1 > 100_000 or c2 - c1 > 16_384:
            continue
        row = rows[r1]
        if c1 >= len(row):
            continue
        value = row[c1]
        if value == "" or value is None:
            continue
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            target = rows[r]
            for c in range(c1, min(c2, len(target) - 1) + 1):
                if target[c] == "" or target[c] is None:
                    target[c] = value


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


def _read_csv(data: bytes, name: str) -> RawSheet:
    text = decode_text(data, name)
    sample = text[:20_000]
    delimiter = ","
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    if counts[best] > 0 and counts[best] > counts[","] * 1.5:
        delimiter = best
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise problems.corrupt(name, f"CSV：{exc}") from exc
    stem = name.rsplit(".", 1)[0]
    return RawSheet(stem, True, rows, [])
