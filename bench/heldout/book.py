"""The held-out set's building blocks: a sheet written row by row with the truth of every row, the
workbook writers (.xlsx through openpyxl, .csv as GB18030) and the canonical hazard whose fields are
the expected load.

The truth is written here from the data contract (docs/DATA_CONTRACT.md), never from the loader's
output: a row is loaded (with every contract field's value), rejected (with the column at fault) or
non-data (title, footer, 合计, 无隐患 …); and a loaded row lists the decisions the load report must
count for it (a default applied, a value decided from free text).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field

import openpyxl
from openpyxl.utils import get_column_letter

# the hazard fields the scorer compares (docs/DATA_CONTRACT.md §2 hazards, plus the side column
# sector_raw: the sector as written)
FIELDS = (
    "source_hazard_id", "town", "sector", "sector_raw", "department", "entity_name", "description", "level",
    "found_date", "deadline", "status", "rectified_date", "inspection_method", "level_raw", "hazard_category",
    "supervisor", "supervision_level", "measures", "funds_yuan", "responsible_person", "contingency_plan",
    "verified_date", "verified_by", "verification_result",
)
# the fields compared for the other two kinds (docs/DATA_CONTRACT.md §2 inspections, entities)
INSPECTION_FIELDS = ("inspection_date", "town", "sector", "sector_raw", "department", "entity_name", "inspection_method",
                     "inspectors", "hazards_found", "major_hazards_found", "penalty_yuan")
REGISTRY_FIELDS = ("entity_name", "town", "sector", "sector_raw", "department", "credit_code", "risk_level")
KIND_FIELDS = {"hazard": FIELDS, "inspection": INSPECTION_FIELDS, "registry": REGISTRY_FIELDS}


def clean(text) -> str | None:
    """A stored text value as the contract describes it: width-normalised (NFKC), white space collapsed."""
    if text is None:
        return None
    s = " ".join(unicodedata.normalize("NFKC", str(text)).split())
    return s or None


@dataclass
class Expect:
    outcome: str  # loaded | rejected | non_data
    fields: dict | None = None  # loaded: every FIELDS value
    decisions: tuple[str, ...] = ()  # load-report codes this row must be counted under
    column: str | None = None  # rejected: the column at fault (as a hint for the reader)


@dataclass
class Hz:
    """One hazard as it truly is; a shape renders it into cells its own way."""

    town: str
    sector: str
    found: dt.date
    entity: str | None = None
    description: str | None = None
    sid: str | None = None
    sector_raw: str | None = None
    department: str | None = None
    level: str = "general"
    level_raw: str | None = None
    deadline: dt.date | None = None
    status: str = "open"
    rectified: dt.date | None = None
    method: str | None = None
    category: str | None = None
    supervisor: str | None = None
    supervision_level: str | None = None
    measures: str | None = None
    funds_yuan: float | None = None
    person: str | None = None
    plan: str | None = None
    verified: dt.date | None = None
    verified_by: str | None = None
    verification: str | None = None

    def expected(self) -> dict:
        return {
            "source_hazard_id": self.sid, "town": self.town, "sector": self.sector, "sector_raw": clean(self.sector_raw),
            "department": clean(self.department), "entity_name": clean(self.entity),
            "description": clean(self.description), "level": self.level, "found_date": self.found,
            "deadline": self.deadline, "status": self.status,
            "rectified_date": self.rectified if self.status == "rectified" else None,
            "inspection_method": self.method, "level_raw": clean(self.level_raw), "hazard_category": clean(self.category),
            "supervisor": clean(self.supervisor), "supervision_level": self.supervision_level,
            "measures": clean(self.measures), "funds_yuan": self.funds_yuan, "responsible_person": clean(self.person),
            "contingency_plan": clean(self.plan), "verified_date": self.verified, "verified_by": clean(self.verified_by),
            "verification_result": self.verification,
        }


def visit(**kw) -> dict:
    """The expected record of one inspection visit (every INSPECTION_FIELDS value; text cleaned)."""
    out = {f: kw.get(f) for f in INSPECTION_FIELDS}
    for f in ("sector_raw", "department", "entity_name", "inspectors"):
        out[f] = clean(out[f])
    out["hazards_found"] = out["hazards_found"] or 0
    out["major_hazards_found"] = out["major_hazards_found"] or 0
    out["penalty_yuan"] = out["penalty_yuan"] or 0.0
    return out


def unit(**kw) -> dict:
    """The expected record of one registry unit (every REGISTRY_FIELDS value; text cleaned)."""
    out = {f: kw.get(f) for f in REGISTRY_FIELDS}
    for f in ("sector_raw", "department", "entity_name"):
        out[f] = clean(out[f])
    return out


@dataclass
class SheetSpec:
    name: str
    rows: list[list] = field(default_factory=list)
    truth: dict[int, Expect] = field(default_factory=dict)  # Excel row number → what must become of it
    merges: list[str] = field(default_factory=list)
    state: str = "visible"
    formats: dict[str, str] = field(default_factory=dict)

    def add(self, cells: list, expect: Expect | None = None) -> int:
        """Append a row; ``expect`` None for rows above the data (title, header)."""
        self.rows.append(list(cells))
        n = len(self.rows)
        if expect is not None:
            self.truth[n] = expect
        return n

    def hazard(self, cells: list, hz: Hz, *decisions: str) -> int:
        return self.add(cells, Expect("loaded", hz.expected(), tuple(decisions)))

    def record(self, cells: list, expected: dict, *decisions: str) -> int:
        """A row of an inspection log or a registry that must load as ``expected``."""
        return self.add(cells, Expect("loaded", expected, tuple(decisions)))

    def non_data(self, cells: list) -> int:
        return self.add(cells, Expect("non_data"))

    def rejected(self, cells: list, column: str) -> int:
        return self.add(cells, Expect("rejected", column=column))

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        self.merges.append(f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}")


@dataclass
class Case:
    shape: str
    file_name: str
    data: bytes
    sheets: list[SheetSpec]
    source: str  # where the shape comes from (research notes in shapes.py)
    kwargs: dict = field(default_factory=dict)  # what an analyst gives when loading (town, month)
    kind: str = "hazard"  # what the file must be read as


DATE_FMT = "yyyy-mm-dd"


def xlsx(sheets: list[SheetSpec]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        ws.sheet_state = sh.state
        for r, row in enumerate(sh.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm" if (value.hour or value.minute) else DATE_FMT
                elif isinstance(value, dt.date):
                    cell.number_format = DATE_FMT
        for ref, fmt in sh.formats.items():
            ws[ref].number_format = fmt
        for ref in sh.merges:
            ws.merge_cells(ref)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_gb18030(sheet: SheetSpec) -> bytes:
    """What Excel on Chinese Windows writes for "CSV (逗号分隔)": GB18030, CRLF, every row as wide as the widest."""
    width = max(len(r) for r in sheet.rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in sheet.rows:
        w.writerow([("" if v is None else v) for v in r] + [""] * (width - len(r)))
    return buf.getvalue().encode("gb18030")


def serial(d: dt.date) -> int:
    """The Excel (1900 system) serial number of a date."""
    return (d - dt.date(1899, 12, 30)).days


def html_xls(sheet: SheetSpec, title_rows: int = 1) -> bytes:
    """What a hazard system's "导出Excel" sends when it is a JSP/ASP page with an Excel content type
    (ColinYu25/yhpc bigTrouble/trouble_list_excel.jsp): a comment, the title in a one-cell table with a
    colspan, then a bordered table whose first row is <th> and whose cells wrap text in <p>…&nbsp;</p>."""
    from html import escape

    width = max(len(r) for r in sheet.rows)
    out = ["\n<!-- 以上这行设定本网页为excel格式的网页 -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
           "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" /></head>",
           "<title>导出</title>\n<body>"]
    for r in sheet.rows[:title_rows]:
        out.append(f"<table width=\"98%\" border=\"0\"><tr><td colspan=\"{width}\" align=\"center\"><strong>"
                   f"{escape(str(r[0]))}</strong></td></tr></table>")
    out.append("<table width=\"98%\" border=\"1\" cellpadding=\"0\" cellspacing=\"0\">")
    for i, r in enumerate(sheet.rows[title_rows:]):
        tag = "th" if i == 0 else "td"
        cells = "".join(f"<{tag}><p>{escape('' if v is None else str(v))}&nbsp;</p></{tag}>" for v in r)
        out.append(f"\t<tr>{cells}</tr>")
    out.append("</table>\n</body>\n</html>")
    return "\n".join(out).encode("utf-8")


def xls(sheets: list[SheetSpec]) -> bytes:
    """An Excel 97-2003 .xls (what older offices still save), written with xlwt: merges, date cells."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for sh in sheets:
        ws = wb.add_sheet(sh.name)
        merged = {}
        for ref in sh.merges:
            (c1, r1), (c2, r2) = (openpyxl.utils.cell.coordinate_from_string(p) for p in ref.split(":"))
            top, left = r1 - 1, openpyxl.utils.column_index_from_string(c1) - 1
            merged[(top, left)] = (r2 - 1, openpyxl.utils.column_index_from_string(c2) - 1)
        covered = {(r, c) for (t, lft), (b, rgt) in merged.items() for r in range(t, b + 1) for c in range(lft, rgt + 1)
                   if (r, c) != (t, lft)}
        for r, row in enumerate(sh.rows):
            for c, value in enumerate(row):
                if (r, c) in covered:
                    continue
                style = date_style if isinstance(value, dt.date) else xlwt.Style.default_style
                if (r, c) in merged:
                    b, rgt = merged[(r, c)]
                    ws.write_merge(r, b, c, rgt, value, style)
                elif value is not None:
                    ws.write(r, c, value, style)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def spreadsheet_xml(sheets: list[SheetSpec]) -> bytes:
    """Excel 2003 XML Spreadsheet, as older Java/.NET systems export it: typed Data cells, ss:Index to skip empty
    cells, ss:MergeAcross / ss:MergeDown for merged ranges, a hidden sheet's <Visible>SheetHidden</Visible>."""
    from xml.sax.saxutils import escape

    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<?mso-application progid="Excel.Sheet"?>',
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"'
           ' xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">']
    for sh in sheets:
        spans = {}
        for ref in sh.merges:
            (c1, r1), (c2, r2) = (openpyxl.utils.cell.coordinate_from_string(p) for p in ref.split(":"))
            left, right = openpyxl.utils.column_index_from_string(c1), openpyxl.utils.column_index_from_string(c2)
            spans[(r1, left)] = (r2 - r1, right - left)
        covered = {(r, c) for (t, lft), (down, across) in spans.items() for r in range(t, t + down + 1)
                   for c in range(lft, lft + across + 1) if (r, c) != (t, lft)}
        out.append(f'<Worksheet ss:Name="{escape(sh.name)}"><Table>')
        for r, row in enumerate(sh.rows, start=1):
            cells = []
            last = 0
            for c, value in enumerate(row, start=1):
                if (r, c) in covered or (value is None and (r, c) not in spans):
                    continue
                attrs = f' ss:Index="{c}"' if c != last + 1 else ""
                down, across = spans.get((r, c), (0, 0))
                attrs += (f' ss:MergeAcross="{across}"' if across else "") + (f' ss:MergeDown="{down}"' if down else "")
                last = c + across
                if value is None:
                    cells.append(f"<Cell{attrs}/>")
                    continue
                if isinstance(value, dt.date):
                    kind, text = "DateTime", (value if isinstance(value, dt.datetime) else
                                              dt.datetime(value.year, value.month, value.day)).strftime("%Y-%m-%dT%H:%M:%S.000")
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    kind, text = "Number", repr(value)
                else:
                    kind, text = "String", escape(str(value))
                cells.append(f'<Cell{attrs}><Data ss:Type="{kind}">{text}</Data></Cell>')
            out.append(f"<Row ss:Index=\"{r}\">{''.join(cells)}</Row>" if cells else "")
        out.append("</Table>")
        if sh.state != "visible":
            out.append('<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>'
                       "</WorksheetOptions>")
        out.append("</Worksheet>")
    out.append("</Workbook>")
    return "\n".join(out).encode("utf-8")
