"""How a sheet's columns and values are read, beyond the header itself: legends (字典 sheets and
note rows), bare level codes, a level stated by the title or sheet name — and the record of it
all that the reading report shows (source column → field and how it was decided)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.ingest import legend as lg
from etl.ingest.headers import Header
from etl.ingest.vocab import norm_text

# a title or sheet name that states the level of every row (重大事故隐患挂牌督办台账, 重大隐患清单)
_TITLE_MAJOR = re.compile(r"重大(?:事故|安全|生产安全事故)?隐患(?!数|[(（]?项|排查|整改率|统计|汇总)")
_TITLE_GENERAL = re.compile(r"一般(?:事故|安全)?隐患(?!数|[(（]?项|统计|汇总)")


def title_level(texts: list[str]) -> tuple[str, str] | None:
    """(level, the text that says so) when a title line or the sheet name states one level."""
    for t in texts:
        s = norm_text(t)
        major, general = _TITLE_MAJOR.search(s), _TITLE_GENERAL.search(s)
        if major and not general and "重大隐患数" not in s:
            return "major", t
        if general and not major:
            return "general", t
    return None


@dataclass
class SheetReading:
    """What the reading report shows for one data sheet (kept in upload_log.sheets as JSON)."""

    columns: list[list[str]] = field(default_factory=list)  # [source column, field, how]
    losers: list[list[str]] = field(default_factory=list)  # [source column, field, winning column]
    marks: list[list] = field(default_factory=list)  # [group, field, [value columns]]
    legends: list[list] = field(default_factory=list)  # [field, where, {code: meaning}]
    title: list[str] = field(default_factory=list)  # [level, the title or sheet name]
    nothing_found: list[list] = field(default_factory=list)  # [row, town, unit, date] of 无隐患 rows
    # for each of them: ['visit', its date] (stored as a visit that found nothing) or [why not, None]
    # (a code of problems.NOT_A_VISIT)
    nothing_outcome: list[list] = field(default_factory=list)


def legend_for_sheet(rows: list[list], header: Header, sheet: str, file_legend: lg.Legend) -> tuple[lg.Legend, set[int]]:
    """The file's legend (字典 sheets) plus this sheet's note rows; the note rows' indexes."""
    out = file_legend.copy()
    note_rows = lg.from_note_rows(rows, header.bottom + 1, sheet, out)
    # a note line in the title rows above the header counts too
    lg.from_note_rows(rows[: header.top], 0, sheet, out)
    return out, note_rows


# the fields read through a vocabulary whose columns may be written as codes (level has its own reading)
CODED_FIELDS = ("level", "status", "sector", "supervision_level", "verification_result", "inspection_method",
                "risk_level")


def distinct_values(rows: list[list], start: int, c: int) -> list:
    """The distinct cells of column ``c`` from row ``start`` on (the vocabulary work then runs once
    per value, not once per row). True, 1 and 1.0 are equal in a set but read differently, so a
    column holding several of them keeps each."""
    values = {r[c] for r in rows[start:] if c < len(r)}
    if 1 in values or 0 in values:
        return [v for _, v in {(v.__class__, v) for r in rows[start:] if c < len(r) for v in (r[c],)}]
    return list(values)


class ColumnValues:
    """``distinct_values`` of a sheet's columns below its header, each column scanned once (the
    coded-column scan and the level codes both want the level column's). Lives as long as the
    sheet's reading: it holds the rows."""

    def __init__(self, rows: list[list], header: Header) -> None:
        self._rows, self._start, self._seen = rows, header.bottom + 1, {}

    def __call__(self, c: int) -> list:
        if c not in self._seen:
            self._seen[c] = distinct_values(self._rows, self._start, c)
        return self._seen[c]


def column_codes(values: ColumnValues, header: Header) -> dict[str, set[str]]:
    """field → the distinct bare codes in its column (only fields whose column holds some)."""
    out = {}
    for c, canon in header.columns.items():
        if canon in CODED_FIELDS and canon not in out:
            codes = {lg.code_key(v) for v in values(c) if v not in ("", None) and lg.is_code(v)}
            if codes:
                out[canon] = codes
    return out


def level_column_codes(values: ColumnValues, header: Header, legend: lg.Legend) -> lg.LevelCodes | None:
    cols = [c for c, canon in header.columns.items() if canon == "level"]
    if not cols:
        return None
    c = cols[0]
    return lg.read_level_codes({lg.code_key(v) for v in values(c) if v not in ("", None)}, legend)


def describe(header: Header, reading: SheetReading, dept_from_supervisor: bool) -> None:
    """Fill the column part of the reading report from the header."""
    for c in sorted(header.columns):
        canon = header.columns[c]
        how = header.how.get(c, "synonym")
        reading.columns.append([header.labels[c], canon, how])
        if dept_from_supervisor and canon == "supervisor":
            reading.columns.append([header.labels[c], "department", "supervisor"])
    for c, (canon, winner) in sorted(header.losers.items()):
        reading.losers.append([header.ignored.get(c, str(c)), canon, header.labels.get(winner, str(winner))])
    for canon, (group, cols) in header.marks.items():
        reading.marks.append([group, canon, [label for _, label in cols]])
