"""Excel 2003 XML Spreadsheet ("XML 表格 2003"; <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">):
what many older Java/.NET systems write when they "export to Excel", often named .xls. Each Worksheet a sheet,
each Row a row (ss:Index skips rows), each Cell a cell (ss:Index skips columns; ss:MergeAcross / ss:MergeDown
become merged ranges, filled like a workbook's), Data typed by ss:Type (String, Number, DateTime, Boolean).
Parsed with lxml with entities, DTDs and the network off; a document declaring a DTD or entities is refused."""

from __future__ import annotations

import datetime as dt

from etl import problems

SS = "urn:schemas-microsoft-com:office:spreadsheet"
X = "urn:schemas-microsoft-com:office:excel"
MAX_INDEX = 16_384  # Excel's last column; a row index beyond MAX_ROWS is refused as too big
MAX_ROWS = 1_048_576


def looks_like_spreadsheet_xml(data: bytes) -> bool:
    """An XML text whose root names the Excel 2003 spreadsheet namespace."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" and SS.encode() in data[:8192]


def _value(cell_type: str | None, text: str):
    if cell_type == "Number":
        try:
            n = float(text)
        except ValueError:
            return text
        return int(n) if n.is_integer() and abs(n) < 1e15 else n
    if cell_type == "DateTime":
        try:
            t = dt.datetime.fromisoformat(text.rstrip("Z")[:19])
        except ValueError:
            return text
        return t.date() if (t.hour, t.minute, t.second) == (0, 0, 0) else t
    if cell_type == "Boolean":
        return text.strip() == "1"
    return text


def read_spreadsheet_xml(data: bytes, name: str, max_cells: int) -> list[tuple]:
    """[(sheet name, visible, rows, merged ranges ((r1, c1), (r2, c2)) 0-based inclusive)]."""
    from lxml import etree  # imported here: only such a file needs it

    if b"<!DOCTYPE" in data[:65_536] or b"<!ENTITY" in data[:65_536]:
        raise problems.corrupt(name, "xml_dtd")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise problems.corrupt(name, "xml", error=type(exc).__name__) from exc
    out = []
    cells = 0
    for ws in root.iter(f"{{{SS}}}Worksheet"):
        sheet_name = ws.get(f"{{{SS}}}Name") or f"Sheet{len(out) + 1}"
        visible = not any((v.text or "").strip() in ("SheetHidden", "SheetVeryHidden")
                          for v in ws.iter(f"{{{X}}}Visible"))
        grid: dict[int, dict[int, object]] = {}
        merged = []
        r = -1
        for row in ws.iter(f"{{{SS}}}Row"):
            r = int(row.get(f"{{{SS}}}Index") or r + 2) - 1
            if not 0 <= r < MAX_ROWS:
                raise problems.too_big(name, "cell_budget", wan=max_cells // 10_000, cells=max_cells)
            c = -1
            for cell in row.iter(f"{{{SS}}}Cell"):
                c = int(cell.get(f"{{{SS}}}Index") or c + 2) - 1
                if not 0 <= c < MAX_INDEX:
                    raise problems.too_big(name, "cell_budget", wan=max_cells // 10_000, cells=max_cells)
                data_el = cell.find(f"{{{SS}}}Data")
                if data_el is not None:
                    grid.setdefault(r, {})[c] = _value(data_el.get(f"{{{SS}}}Type"), "".join(data_el.itertext()))
                across = int(cell.get(f"{{{SS}}}MergeAcross") or 0)
                down = int(cell.get(f"{{{SS}}}MergeDown") or 0)
                if across or down:
                    merged.append(((r, c), (r + down, c + across)))
                c += across
        height = max(grid, default=-1) + 1
        width = max((max(cols) + 1 for cols in grid.values() if cols), default=0)
        cells += height * width
        if cells > max_cells:
            raise problems.too_big(name, "cell_budget", wan=max_cells // 10_000, cells=max_cells)
        rows = [[grid.get(i, {}).get(j, "") for j in range(width)] for i in range(height)]
        out.append((sheet_name, visible, rows, merged))
    if not out:
        raise problems.no_header(name)
    return out
