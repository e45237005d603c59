"""A seeded mutator: hostile and broken spreadsheets made from valid fixtures built in code.

``mutants(seed, n)`` yields ``Mutant(kind, file_name, data)``; the same seed gives the same bytes.
Kinds (weights in ``MUTATORS``):

* cells      — cell values replaced in the sheet XML (long text, control characters, huge and
               odd numbers, wrong types, bad dates, formula-like text, shared-string index out of range)
* xml        — byte edits of a sheet / sharedStrings / workbook XML part (truncate, delete, insert,
               duplicate a tag, unclosed tags, non-UTF-8 bytes)
* zip        — truncation, a wrong CRC, duplicated entries, a missing part, a stored/unknown
               compression method, a path-traversal entry name, garbage appended
* dimension  — ``<dimension ref="A1:XFD1048576"/>`` and a far-away cell XFD1048576
* merges     — thousands of merges, a whole-sheet merge, overlapping and inverted ranges
* csv        — encodings (UTF-16 without BOM, Big5, Latin-1, mixed, invalid bytes, BOM + GBK),
               NUL bytes, a 1 MB line, 20,000 columns, unbalanced quotes, CR-only line ends
* bytes      — random byte flips / truncation of any file (xlsx, xls, csv)
* bomb       — a zip bomb (honest sizes, and one whose headers lie about the size)
* laughs     — a billion-laughs entity payload in a sheet part, sharedStrings and workbook.xml
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from tests.fixtures import ledgers as L


@dataclass(frozen=True)
class Mutant:
    kind: str
    detail: str
    file_name: str
    data: bytes


@cache
def seeds() -> dict[str, tuple[str, bytes]]:
    """Valid fixtures (name → (file name, bytes)); each loads on its own."""
    return {
        "march": ("东城街道2025年3月隐患台账.xlsx", L.march_ledger()),
        "chengguan": (L.EXAMPLE_CHENGGUAN_NAME, L.example_chengguan()),
        "hexi": (L.EXAMPLE_HEXI_NAME, L.example_hexi_nanshan()),
        "merged": ("东城街道2025年3月台账.xlsx", L.merged_two_row_header()),
        "towns": ("2025年3月各乡镇隐患台账.xlsx", L.per_town_sheets()),
        "formula": ("东城街道2025年3月台账.xlsx", L.formula_cells_cached()),
        "xls": ("东城街道2025年3月台账.xls", L.xls_ledger()),
        "beiping": (L.EXAMPLE_BEIPING_NAME, L.example_beiping_csv()),
        "gbk": ("东城街道2025年3月台账.csv", L.gbk_csv()),
    }


XLSX_SEEDS = ("march", "chengguan", "hexi", "merged", "towns", "formula")
CSV_SEEDS = ("beiping", "gbk")

HOSTILE_VALUES = [
    "", " ", "\u3000", "x" * 100_000, "隐" * 30_000, "\x01\x02\x1f", "\u202etxt.exe", "\ufeff", "\ud7ff",
    "9" * 400, "1e308", "-1e308", "NaN", "inf", "-0", "0x1F", "1,234.5", "４５７２１", "45721.999999",
    "99999999", "-45721", "2025-02-30", "2025-13-01", "0000-00-00", "9999-12-31", "1900-02-29", "3月32日",
    "2025年3月", "=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3",
    "'; DROP TABLE hazards; --", "<script>alert(1)</script>", "${jndi:ldap://x}", "%s%s%n", "\\x00",
    "合计", "合　计", "填表人：", "隐患编号", "发现日期", "TRUE", "#N/A", "#REF!", "是", "√", "重大", "较大",
]


# ---------------------------------------------------------------- zip helpers


def read_zip(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def write_zip(entries: list[tuple[str, bytes]], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some mutants
        with zipfile.ZipFile(out, "w", method) as zf:
            for name, payload in entries:
                # a fixed timestamp: the same seed must give the same bytes in any second
                zf.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), payload, compress_type=method)
    return out.getvalue()


def sheet_parts(entries) -> list[str]:
    return [i.filename for i, _ in entries if re.match(r"xl/worksheets/sheet\d+\.xml$", i.filename)]


def replace_part(data: bytes, part: str, fn: Callable[[bytes], bytes]) -> bytes:
    entries = read_zip(data)
    return write_zip([(i.filename, fn(b) if i.filename == part else b) for i, b in entries])


# ---------------------------------------------------------------- mutators (rnd, seed bytes) → (detail, bytes)


def m_cells(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    entries = read_zip(data)
    part = rnd.choice(sheet_parts(entries))
    n = rnd.randint(1, 6)
    details = []

    def edit(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        cells = list(re.finditer(r"<c r=\"([A-Z]+\d+)\"([^>]*)>(.*?)</c>", text))
        if not cells:
            return xml
        for m in sorted(rnd.sample(cells, min(n, len(cells))), key=lambda m: -m.start()):
            choice = rnd.random()
            ref = m.group(1)
            if choice < 0.55:
                v = rnd.choice(HOSTILE_VALUES)
                v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                v = "".join(ch for ch in v if ch in "\t\n\r" or ord(ch) >= 0x20)  # XML 1.0 chars
                new = f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
                details.append(f"{ref}=text")
            elif choice < 0.75:
                num = rnd.choice(["1e308", "-1e308", "NaN", "1E+400", "0", "-1", "45721.5", "2958466", "60",
                                  "1.7976931348623157e308", "abc", ""])
                new = f'<c r="{ref}"><v>{num}</v></c>'
                details.append(f"{ref}=num:{num}")
            elif choice < 0.85:
                new = f'<c r="{ref}" t="s"><v>{rnd.choice(["99999", "-1", "x", "4294967296"])}</v></c>'
                details.append(f"{ref}=bad shared string")
            elif choice < 0.93:
                typ = rnd.choice(["b", "e", "d", "str", "n", "zz"])
                val = rnd.choice(["1", "2", "#DIV/0!", "2025-03-05T00:00:00", "not-a-date", "TRUE"])
                new = f'<c r="{ref}" t="{typ}"><v>{val}</v></c>'
                details.append(f"{ref}=t:{typ}:{val}")
            else:
                new = f'<c r="{ref}"><f>1/0</f></c>'
                details.append(f"{ref}=formula without value")
            text = text[: m.start()] + new + text[m.end():]
        return text.encode("utf-8")

    out = write_zip([(i.filename, edit(b) if i.filename == part else b) for i, b in entries])
    return f"{part}: {', '.join(details)}", out


def m_xml(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    entries = read_zip(data)
    names = [i.filename for i, _ in entries if i.filename.endswith(".xml") or i.filename.endswith(".rels")]
    part = rnd.choice(names)
    op = rnd.choice(["truncate", "delete", "insert", "dup-tag", "unclose", "bad-utf8", "swap", "empty"])

    def edit(b: bytes) -> bytes:
        if not b:
            return b
        i = rnd.randrange(len(b))
        j = min(len(b), i + rnd.randint(1, 64))
        if op == "truncate":
            return b[:i]
        if op == "delete":
            return b[:i] + b[j:]
        if op == "insert":
            return b[:i] + rnd.choice([b"<", b">", b"&", b"\"", b"<row r=\"0\">", b"</sheetData>", b"&#0;",
                                       b"<c r=\"A0\"><v>1</v></c>", b"\x00"]) + b[i:]
        if op == "dup-tag":
            tags = list(re.finditer(rb"<(row|c|sheet|si|mergeCell)\b[^>]*?(/>|>.*?</\1>)", b, re.S))
            if tags:
                t = rnd.choice(tags)
                return b[: t.end()] + t.group(0) * rnd.randint(1, 50) + b[t.end():]
            return b + b
        if op == "unclose":
            return re.sub(rb"</(sheetData|worksheet|sst|workbook)>", b"", b, count=1)
        if op == "bad-utf8":
            return b[:i] + bytes(rnd.choice([0xC0, 0xFF, 0xFE, 0x80, 0xED])) + bytes([0xA0]) + b[i:]
        if op == "swap":
            return b[j:] + b[:j]
        return b""

    return f"{part}: {op}", write_zip([(i.filename, edit(b) if i.filename == part else b) for i, b in entries])


def m_zip(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    op = rnd.choice(["truncate", "crc", "duplicate", "missing", "stored", "method", "traversal", "append",
                     "eocd", "empty-zip"])
    entries = read_zip(data)
    if op == "truncate":
        cut = rnd.randrange(4, len(data))
        return f"truncate at {cut}/{len(data)}", data[:cut]
    if op == "crc":
        # flip a CRC in a local header and the central directory alike (a "wrong CRC" entry)
        b = bytearray(data)
        starts = [m.start() for m in re.finditer(rb"PK\x03\x04", data)]
        s = rnd.choice(starts)
        for k in range(4):
            b[s + 14 + k] ^= 0x5A
        cd = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
        name_len = struct.unpack("<H", data[s + 26:s + 28])[0]
        name = data[s + 30:s + 30 + name_len]
        for c in cd:
            if data[c + 46:c + 46 + len(name)] == name:
                for k in range(4):
                    b[c + 16 + k] ^= 0x5A
        return f"wrong CRC for {name.decode(errors='replace')}", bytes(b)
    if op == "duplicate":
        i, payload = rnd.choice(entries)
        alt = payload if rnd.random() < 0.5 else payload[: len(payload) // 2]
        items = [(e.filename, p) for e, p in entries] + [(i.filename, alt)]
        return f"duplicate entry {i.filename}", write_zip(items)
    if op == "missing":
        i, _ = rnd.choice(entries)
        return f"missing {i.filename}", write_zip([(e.filename, p) for e, p in entries if e is not i])
    if op == "stored":
        return "stored (no compression)", write_zip([(e.filename, p) for e, p in entries], method=zipfile.ZIP_STORED)
    if op == "method":
        b = bytearray(data)
        for m in re.finditer(rb"PK\x03\x04", data):
            b[m.start() + 8:m.start() + 10] = struct.pack("<H", 99)  # AES / unknown
            break
        return "unknown compression method in first local header", bytes(b)
    if op == "traversal":
        items = [(e.filename, p) for e, p in entries] + [("../../../../tmp/evil.xml", b"<x/>"),
                                                          ("/etc/passwd", b"root")]
        return "path traversal entry names", write_zip(items)
    if op == "append":
        return "garbage appended", data + bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 5000)))
    if op == "eocd":
        b = bytearray(data)
        e = data.rfind(b"PK\x05\x06")
        b[e + 10:e + 12] = struct.pack("<H", rnd.choice([0, 1, 65535]))  # total entries
        b[e + 16:e + 20] = struct.pack("<I", rnd.choice([0, len(data) + 100, 0xFFFFFFFF]))  # CD offset
        return "corrupt end-of-central-directory", bytes(b)
    return "empty zip", write_zip([])


def m_dimension(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    entries = read_zip(data)
    part = rnd.choice(sheet_parts(entries))
    op = rnd.choice(["dimension", "far-cell", "both", "far-row-only"])

    def edit(b: bytes) -> bytes:
        text = b.decode("utf-8")
        if op in ("dimension", "both"):
            if "<dimension" in text:
                text = re.sub(r"<dimension ref=\"[^\"]*\"\s*/>", '<dimension ref="A1:XFD1048576"/>', text)
            else:
                text = text.replace("<sheetData", '<dimension ref="A1:XFD1048576"/><sheetData', 1)
        if op in ("far-cell", "both"):
            text = text.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远</t></is>'
                                                "</c></row></sheetData>")
        if op == "far-row-only":
            text = text.replace("</sheetData>", '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>')
        return text.encode("utf-8")

    return f"{part}: {op}", write_zip([(i.filename, edit(b) if i.filename == part else b) for i, b in entries])


def m_merges(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    entries = read_zip(data)
    part = rnd.choice(sheet_parts(entries))
    op = rnd.choice(["many", "whole", "overlap", "inverted", "deep-column"])
    if op == "many":
        refs = [f"A{r}:K{r}" for r in range(1, rnd.choice([5000, 20000]))]
    elif op == "whole":
        refs = ["A1:XFD1048576"]
    elif op == "overlap":
        refs = [f"A{r}:C{r + 5}" for r in range(1, 200)]
    elif op == "inverted":
        refs = ["K9:A1", "B5:B1", "A1:A1"]
    else:
        refs = ["G3:G1048576", "A3:A1000000"]
    xml_merges = f'<mergeCells count="{len(refs)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in refs) + "</mergeCells>"

    def edit(b: bytes) -> bytes:
        text = re.sub(r"<mergeCells.*?</mergeCells>", "", b.decode("utf-8"), flags=re.S)
        return text.replace("</sheetData>", "</sheetData>" + xml_merges, 1).encode("utf-8")

    return f"{part}: {op} ({len(refs)} merges)", write_zip(
        [(i.filename, edit(b) if i.filename == part else b) for i, b in entries])


def m_csv(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    op = rnd.choice(["utf16-nobom", "utf16-bom", "big5", "latin1", "mixed", "invalid", "bom-gbk", "nul",
                     "long-line", "wide", "quotes", "cr-only", "utf32", "semicolon", "binary-tail"])
    if op == "utf16-nobom":
        return op, text.encode("utf-16-le")
    if op == "utf16-bom":
        return op, text.encode("utf-16")
    if op == "utf32":
        return op, text.encode("utf-32")
    if op == "big5":
        return op, text.encode("big5", errors="replace")
    if op == "latin1":
        return op, text.encode("gb18030").decode("latin-1").encode("utf-8")  # mojibake
    if op == "mixed":
        lines = text.splitlines(keepends=True)
        return op, b"".join(ln.encode("gb18030" if k % 2 else "utf-8") for k, ln in enumerate(lines))
    if op == "invalid":
        b = bytearray(text.encode("utf-8"))
        for _ in range(rnd.randint(1, 20)):
            b[rnd.randrange(len(b))] = rnd.choice([0x80, 0xFF, 0xC3, 0xFE])
        return op, bytes(b)
    if op == "bom-gbk":
        return op, b"\xef\xbb\xbf" + text.encode("gb18030")
    if op == "nul":
        b = text.encode("utf-8")
        i = rnd.randrange(len(b))
        return op, b[:i] + b"\x00" * rnd.randint(1, 10) + b[i:]
    if op == "long-line":
        return op, (text + "A" * 1_000_000 + "\r\n").encode("utf-8")
    if op == "wide":
        return op, (text + ",".join(["x"] * 20_000) + "\r\n").encode("utf-8")
    if op == "quotes":
        i = rnd.randrange(len(text))
        return op, (text[:i] + '"' + text[i:]).encode("utf-8")
    if op == "cr-only":
        return op, text.replace("\r\n", "\r").replace("\n", "\r").encode("utf-8")
    if op == "semicolon":
        return op, text.replace(",", ";").encode("gb18030")
    return op, text.encode("utf-8") + bytes(rnd.getrandbits(8) for _ in range(2000))


def m_bytes(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    b = bytearray(data)
    op = rnd.choice(["flip", "flip", "truncate", "zero-run"])
    if op == "flip":
        n = rnd.randint(1, 30)
        for _ in range(n):
            b[rnd.randrange(len(b))] = rnd.getrandbits(8)
        return f"{n} random bytes", bytes(b)
    if op == "truncate":
        cut = rnd.randrange(1, len(b))
        return f"truncate at {cut}", bytes(b[:cut])
    i = rnd.randrange(len(b))
    n = rnd.randint(1, 512)
    b[i:i + n] = bytes(min(n, len(b) - i))
    return f"zero run {n} at {i}", bytes(b)


def _raw_zip(entries: list[tuple[str, bytes, bytes, int, int, int]]) -> bytes:
    """entries: (name, compressed, _, crc, declared uncompressed size, method) → zip bytes."""
    out = io.BytesIO()
    central = []
    for name, comp, _, crc, size, method in entries:
        off = out.tell()
        nb = name.encode()
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(comp), size, len(nb), 0))
        out.write(nb)
        out.write(comp)
        central.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(comp), size,
                                   len(nb), 0, 0, 0, 0, 0, off) + nb)
    cd_off = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - cd_off, cd_off, 0))
    return out.getvalue()


@cache
def _bomb(lying: bool, payload: str) -> bytes:
    """march_ledger with ~1 GB of sheet XML inside (white space, or 45M copies of one cell);
    ``lying``: the zip headers declare 1,000 bytes, so only the inflater can tell."""
    entries = []
    for info, content in read_zip(L.march_ledger()):
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        if info.filename == "xl/worksheets/sheet1.xml":
            cut = content.index(b"</sheetData>")
            head, tail = content[:cut], content[cut:]
            unit = b" " * (1 << 20) if payload == "spaces" else b'<c r="B3"><v>1</v></c>' * 47662
            reps = 1_000_000_000 // len(unit)

            def segment(b: bytes) -> bytes:  # a self-contained, non-final deflate segment
                c = zlib.compressobj(9, zlib.DEFLATED, -15)
                return c.compress(b) + c.flush(zlib.Z_SYNC_FLUSH)

            unit_seg = segment(unit)
            comp = [segment(head), unit_seg * reps]
            crc = zlib.crc32(head)
            for _ in range(reps):
                crc = zlib.crc32(unit, crc)
            last = zlib.compressobj(9, zlib.DEFLATED, -15)
            comp.append(last.compress(tail) + last.flush())
            crc = zlib.crc32(tail, crc) & 0xFFFFFFFF
            size = len(head) + len(unit) * reps + len(tail)
            entries.append((info.filename, b"".join(comp), b"", crc, 1000 if lying else size, 8))
        else:
            comp = co.compress(content) + co.flush()
            entries.append((info.filename, comp, b"", zlib.crc32(content) & 0xFFFFFFFF, len(content), 8))
    return _raw_zip(entries)


def m_bomb(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    lying = rnd.random() < 0.5
    payload = rnd.choice(["spaces", "cells"])
    return f"zip bomb ({payload}, {'lying' if lying else 'honest'} sizes)", _bomb(lying, payload)


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def m_laughs(rnd: random.Random, data: bytes) -> tuple[str, bytes]:
    entries = read_zip(data)
    target = rnd.choice(["sheet", "sst", "workbook", "external"])
    part = {"sheet": sheet_parts(entries)[0], "sst": "xl/sharedStrings.xml", "workbook": "xl/workbook.xml",
            "external": sheet_parts(entries)[0]}[target]

    def edit(b: bytes) -> bytes:
        text = re.sub(r"^<\?xml[^>]*\?>", "", b.decode("utf-8")).lstrip()
        if target == "external":
            dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            text = dtd + re.sub(r"<v>[^<]*</v>", "<v>&xxe;</v>", text, count=1)
            return text.encode("utf-8")
        text = LAUGHS + text
        if target == "sst":
            text = re.sub(r"<t>[^<]*</t>", "<t>&lol9;</t>", text, count=3)
        elif target == "workbook":
            text = re.sub(r'name="[^"]*"', 'name="&lol9;"', text, count=1)
        else:
            text = re.sub(r"<v>[^<]*</v>", "<v>&lol9;</v>", text, count=1)
        return text.encode("utf-8")

    names = {i.filename for i, _ in entries}
    if part not in names:
        part = sheet_parts(entries)[0]
    return f"billion laughs in {part} ({target})", write_zip(
        [(i.filename, edit(b) if i.filename == part else b) for i, b in entries])


# kind → (mutator, seed pool, weight)
MUTATORS: dict[str, tuple[Callable, tuple[str, ...], int]] = {
    "cells": (m_cells, XLSX_SEEDS, 22),
    "xml": (m_xml, XLSX_SEEDS, 18),
    "zip": (m_zip, XLSX_SEEDS, 14),
    "dimension": (m_dimension, XLSX_SEEDS, 6),
    "merges": (m_merges, XLSX_SEEDS, 6),
    "csv": (m_csv, CSV_SEEDS, 14),
    "bytes": (m_bytes, (*XLSX_SEEDS, "xls", *CSV_SEEDS), 14),
    "bomb": (m_bomb, ("march",), 1),
    "laughs": (m_laughs, XLSX_SEEDS, 5),
}


def mutants(seed: int, n: int, *, always: tuple[str, ...] = ("bomb", "laughs")) -> Iterator[Mutant]:
    """``n`` mutants; the first ones cover ``always`` (each bomb/laughs variant at least once)."""
    rnd = random.Random(seed)
    pool = seeds()
    kinds = list(MUTATORS)
    weights = [MUTATORS[k][2] for k in kinds]
    forced = [k for k in always for _ in range(4)]
    for i in range(n):
        kind = forced[i] if i < len(forced) else rnd.choices(kinds, weights)[0]
        fn, seed_names, _ = MUTATORS[kind]
        sname = rnd.choice(seed_names)
        file_name, data = pool[sname]
        sub = random.Random(rnd.getrandbits(64))
        if kind == "bomb":
            variants = [(False, "spaces"), (True, "spaces"), (False, "cells"), (True, "cells")]
            lying, payload = variants[i % 4] if i < len(forced) else variants[sub.randrange(4)]
            detail, out = f"zip bomb ({payload}, {'lying' if lying else 'honest'} sizes)", _bomb(lying, payload)
        else:
            detail, out = fn(sub, data)
        yield Mutant(kind, f"{sname}: {detail}", file_name, out)
