"""An HTML table saved as .xls: what many hazard systems' "导出Excel" really sends (a web page with the
content type application/vnd.ms-excel — e.g. ColinYu25/yhpc's bigTrouble/trouble_list_excel.jsp writes
重大隐患.xls so). Excel opens it as one sheet holding the page's tables one under the other; so does this
reader: each <tr> a row, each <td>/<th> a cell, colspan/rowspan filled into every cell they cover (as a
merged range is), <br> kept as a line break. Parsed with lxml's HTML parser; sizes are capped like the
other readers'."""

from __future__ import annotations

import re

from etl import problems

MAX_SPAN = 200  # a colspan/rowspan beyond this is clamped (a hostile page cannot make a huge grid)
_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<", re.S)


def looks_like_html(data: bytes) -> bool:
    """A text file whose first character is "<" and that holds a <table> (not a CSV)."""
    return bool(_START.match(data[:64])) and b"<table" in data[:2_000_000].lower()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def read_html_tables(text: str, name: str, max_cells: int) -> list[list[str]]:
    """The rows of every top-level table of the page, in order. Raises RefusedFile when there is none
    or when the grid would exceed ``max_cells``."""
    from lxml import etree  # imported here: only such a file needs it
    from lxml import html as lhtml

    try:
        doc = lhtml.document_fromstring(text.encode("utf-8"), parser=lhtml.HTMLParser(encoding="utf-8"))
    except (ValueError, etree.ParserError) as exc:
        raise problems.corrupt(name, "html", error=type(exc).__name__) from exc
    for br in doc.iter("br"):
        br.tail = "\n" + (br.tail or "")
    rows: list[list[str]] = []
    cells = 0
    for table in doc.iter("table"):
        if table.xpath("ancestor::table"):
            continue  # a table inside a cell is that cell's text
        pending: dict[tuple[int, int], str] = {}  # (row offset, column) → text carried down by a rowspan
        for r, tr in enumerate(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")):
            out: list[str] = []
            c = 0
            for cell in tr.xpath("./td|./th"):
                while (r, c) in pending:
                    out.append(pending.pop((r, c)))
                    c += 1
                value = cell.text_content().strip()
                cols, down = _span(cell.get("colspan")), _span(cell.get("rowspan"))
                for k in range(cols):
                    out.append(value)
                    for d in range(1, down):
                        pending[(r + d, c + k)] = value
                c += cols
            while (r, c) in pending:
                out.append(pending.pop((r, c)))
                c += 1
            cells += max(len(out), 1)
            if cells > max_cells:
                raise problems.too_big(name, "cell_budget", wan=max_cells // 10_000, cells=max_cells)
            rows.append(out)
    if not rows:
        raise problems.no_header(name)
    return rows
