"""One sheet's rows → typed records, rejected-row problems, non-data rows and warnings.

Every non-empty row below the header ends in exactly one of three counters: loaded,
rejected (with at least one Problem) or skipped (title repeat, units row, 合计, footer).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from etl.ingest import normalize as nz
from etl.ingest.dates import month_day, past_date
from etl.ingest.hazard_row import HAZARD_FIELDS, hazard_handler
from etl.ingest.headers import Header
from etl.ingest.legend import LevelCodes, code_key, decode, unexplained_params
from etl.ingest.marks import is_mark, mark_value
from etl.ingest.vocab import (
    clean_value,
    column_label,
    match_method,
    match_risk,
    match_sector,
    norm_label,
    norm_text,
    town_name,
)
from etl.problems import Notice, Problem, rejection

TOTAL_WORDS = ("合计", "总计", "小计", "共计", "累计", "总数")
FOOTER_PREFIXES = (
    "填表人", "审核人", "联系电话", "填表说明", "备注", "负责人", "制表人", "制表", "填报人", "单位负责人", "分管领导",
    "说明", "注:", "注：", "注1", "主要负责人", "统计人", "审核", "填表日期", "填报日期", "签字", "盖章", "经办人",
    "联系人", "领导签字", "核查人",
)
# what forms write under the last row so nothing can be added ("以下空白")
BLANK_MARKERS = frozenset(("以下空白", "以下无内容", "以下为空", "此栏空白", "以下无", "以下空白。", "空白"))
_UNIT_CELL = re.compile(r"^[(（][^)）]{0,8}[)）]$")

@dataclass
class SheetContext:
    sheet: str
    kind: str
    report_month: dt.date
    town: str | None  # default when the sheet has no town column
    sector: str | None  # default from a sector-named sheet
    penalty_factor: float = 1.0
    funds_factor: float = 1.0  # 整改资金（万元）: × 10,000
    deadline_days: bool = False  # 整改时限（天）: the deadline column holds a number of days
    department_from_supervisor: bool = False  # 督办单位 fills department (no responsible department named)
    level_codes: LevelCodes | None = None  # how the level column's bare codes read (legend / 1-2 rule)
    title_level: str | None = None  # the level every row has by the title or sheet name (no level column)
    legend_rows: frozenset[int] = frozenset()  # 0-based rows that are legends (注：1-一般 2-重大)
    field_codes: dict = field(default_factory=dict)  # coded field → ({code: meaning}, where the legend was read)
    marks: dict = field(default_factory=dict)  # field → check-mark group, when the field also has a plain column


@dataclass
class SheetResult:
    records: dict[str, list] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0
    rows_by_row: int = 0  # data rows read by the row reader (the rest of a hazard sheet: by column)
    skipped_reasons: Counter = field(default_factory=Counter)  # NON_DATA code → rows
    nothing_found: list[tuple[int, str | None, str | None, object]] = field(default_factory=list)  # row, town, unit, date
    nothing_rows: list[tuple[int, list]] = field(default_factory=list)  # (Excel row, cells) of the same rows
    visit_records: dict[str, list] = field(default_factory=dict)  # the visits among them (etl.nothing_visits)
    warnings: Counter = field(default_factory=Counter)  # Notice → rows
    examples: dict[Notice, list[str]] = field(default_factory=dict)
    sheet: str = ""

    def warn(self, code: str, example: str | None = None, **params) -> None:
        """Count a default or a free-text decision (a WARNINGS code of etl.problems)."""
        key = Notice(code, tuple(sorted(params.items())), self.sheet)
        self.warnings[key] += 1
        if example is not None:
            ex = self.examples.setdefault(key, [])
            if len(ex) < 3 and example not in ex:
                ex.append(example)


FIELDS = {
    "hazard": HAZARD_FIELDS,
    "inspection": ("inspection_date", "town", "sector", "sector_raw", "department", "entity_name", "inspection_method",
                   "inspectors", "hazards_found", "major_hazards_found", "penalty_yuan", "source_row"),
    "registry": ("entity_name", "town", "sector", "sector_raw", "department", "credit_code", "risk_level", "source_row"),
}


def _is_empty(row: list) -> bool:
    for v in row:
        if v is not None and v != "" and not (isinstance(v, str) and not v.strip()):
            return False
    return True


def _first_cells(row: list, n: int) -> list:
    out = []
    for v in row:
        if v != "" and v is not None and not (isinstance(v, str) and not v.strip()):
            out.append(v)
            if len(out) == n:
                break
    return out


def _has_date(row: list, date_col: int | None) -> bool:
    if date_col is None or date_col >= len(row):
        return False
    try:
        return nz.parse_date(row[date_col]) is not None
    except nz.DateError:
        return False


def _non_data_reason(row: list, header: Header, date_col: int | None) -> str | None:
    """Why a non-empty row is not a record, or None. Cheap checks first: this runs on every row."""
    if date_col is not None and date_col < len(row) and isinstance(row[date_col], dt.date):
        # a real date where the date belongs: a record, unless it repeats the total/footer words
        first = row[0]
        if not isinstance(first, str) or not first or first[0] not in "合总小共累填审联备负制说注主统签盖经领核":
            return None
    head = _first_cells(row, 4)
    texts = [norm_text(nz.cell_text(v)) for v in head]
    first = texts[0] if texts else ""
    for t in texts:
        if t in TOTAL_WORDS or any(t.startswith(w) and len(t) <= len(w) + 6 and not t[len(w):].isalpha() for w in TOTAL_WORDS):
            # "共计3处插座老化" is a hazard: a total row has no date where the found date goes
            if not _has_date(row, date_col):
                return "total_row"
            break
    if (any(first.startswith(p) for p in FOOTER_PREFIXES)
            or (first.startswith("注") and len(first) > 1 and first[1] in ":：1１、.")
            or any(w in first for w in ("签字", "签名", "盖章", "(章)"))
            or (first.endswith((":", "：")) and len(first) <= 12 and not _has_date(row, date_col))):
        return "footer"
    if first.strip("()（）") in BLANK_MARKERS:
        return "blank_marker"
    if isinstance(head[0], str) and _UNIT_CELL.match(first):
        cells = _first_cells(row, 10_000)
        if all(_UNIT_CELL.match(norm_text(nz.cell_text(v))) for v in cells):
            return "units_row"
    if len(head) >= 3 and texts[0] in ("0", "1") and texts[1] in ("1", "2"):
        cells = _first_cells(row, 10_000)
        ctexts = [norm_text(nz.cell_text(v)) for v in cells]
        if all(t.isdigit() for t in ctexts):
            nums = [int(t) for t in ctexts]
            if nums == list(range(nums[0], nums[0] + len(nums))):
                return "column_numbers"
    if not any(c < len(row) and row[c] not in ("", None) and not (isinstance(row[c], str) and not row[c].strip())
               for c, canon in header.columns.items() if canon not in ("seq", "remarks")):
        # only a 序号 (a pre-numbered blank line of a template) or text outside the table's columns
        return "blank_numbered"
    same = 0
    for c, label in header.labels.items():
        v = row[c] if c < len(row) else ""
        if isinstance(v, str) and v and norm_label(v) == norm_label(label.split("/")[-1]):
            same += 1
            if same >= max(2, len(header.labels) // 2):
                return "header_repeat"
    return None


NOTHING_TO_REPORT = frozenset(norm_text(w) for w in (
    "无隐患", "本月无隐患", "未发现隐患", "暂无隐患", "未发现安全隐患", "无安全隐患", "检查未发现隐患", "未发现问题",
    "无问题", "本月无", "零隐患", "无新增隐患", "本月未发现隐患", "本月无新增隐患", "未排查出隐患", "未查出隐患",
    "无安全生产隐患", "本月未排查出隐患", "经排查无隐患", "无事故隐患"))


# a short sentence ending so says nothing was found ("经检查，未发现隐患", "本月排查无隐患")
_NOTHING_ENDINGS = ("无隐患", "未发现隐患", "未发现安全隐患", "未发现问题", "无安全隐患", "未排查出隐患", "未查出隐患",
                    "无事故隐患", "无安全生产隐患")
_NOTHING_PUNCT = re.compile(r"[,，。.;；、!！]")


@lru_cache(maxsize=65536)
def _says_nothing(v: str) -> bool:
    t = _NOTHING_PUNCT.sub("", norm_text(v))
    return t in NOTHING_TO_REPORT or (len(t) <= 12 and t.endswith(_NOTHING_ENDINGS))


def _nothing_to_report(row: list, c_desc: int | None, seen: dict[str, bool] | None = None) -> bool:
    """A row saying the unit or town had nothing to report (无隐患, 本月无隐患; 无 in the description).
    ``seen``: the answers for descriptions already decided on this sheet (this runs on every row)."""
    if c_desc is not None and c_desc < len(row):
        v = row[c_desc]
        if isinstance(v, str) and v:
            if len(v) > 16:  # a real description (the cheap test first)
                return False
            hit = seen.get(v) if seen is not None else None
            if hit is None:
                hit = _says_nothing(v) or norm_text(v).rstrip("。.") == "无"
                if seen is not None:
                    seen[v] = hit
            return hit
    return any(isinstance(v, str) and v and len(v) <= 16 and _says_nothing(v) for v in row)


def process_sheet(rows: list[list], header: Header, ctx: SheetContext) -> SheetResult:
    res = SheetResult(records={f: [] for f in FIELDS[ctx.kind]}, sheet=ctx.sheet)
    col_of = {canon: c for c, canon in header.columns.items()}
    width_needed = max(col_of.values()) + 1 if col_of else 0
    # check-mark groups of a field with no plain column become one virtual column (the ticked label)
    virtual = [(f, g) for f, g in header.marks.items() if f not in col_of and f in _MARK_FIELDS[ctx.kind]]
    base_width = max([width_needed, *(c + 1 for _, g in header.marks.items() for c, _ in g[1])])
    for i, (f, g) in enumerate(virtual):
        col_of[f] = base_width + i
        header.labels.setdefault(base_width + i, g[0])  # problems name the group (治理状态)
    ctx.marks = {f: g for f, g in header.marks.items() if f in col_of and (f, g) not in virtual}
    if virtual:
        width_needed = base_width + len(virtual)
    c_desc = col_of.get("description") if ctx.kind == "hazard" else None
    c_town, c_ent = col_of.get("town"), col_of.get("entity_name")
    year_hint = ctx.report_month.year
    month_end = (ctx.report_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    date_col = col_of.get("found_date")
    if ctx.kind == "hazard":
        def make_problem(excel_row, canon, raw, code, **params):
            return _problem(ctx, excel_row, header, col_of, canon, raw, code, **params)

        reader = hazard_handler(col_of, header, ctx, res, year_hint, month_end, make_problem)
        handler = reader.row
    else:
        reader = None
        fn = {"inspection": _inspection_row, "registry": _registry_row}[ctx.kind]
        fields = FIELDS[ctx.kind]

        def handler(row, excel_row):
            rec, probs = fn(row, excel_row, col_of, header, ctx, res, year_hint, month_end)
            return (None, probs) if probs else (tuple(rec[f] for f in fields), probs)

    loaded: list[tuple] = []
    append = loaded.append
    problems = res.problems
    skipped = res.skipped_reasons
    n_read = n_rejected = 0
    # hazard rows are read column by column (etl.hazard_row): this loop only sorts the rows
    data_rows: list[list] | None = [] if reader is not None and not virtual else None
    seen_desc: dict[str, bool] = {}
    excel_rows: list[int] = []
    for r in range(header.bottom + 1, len(rows)):
        row = rows[r]
        if row.count("") == len(row) or _is_empty(row):
            continue
        n_read += 1
        reason = "legend_row" if r in ctx.legend_rows else _non_data_reason(row, header, date_col)
        if reason is None and ctx.kind == "hazard" and _nothing_to_report(row, c_desc, seen_desc):
            reason = "nothing_to_report"
            found = row[date_col] if date_col is not None and date_col < len(row) else None
            where = _cell(row, c_town) or ctx.town
            res.nothing_found.append((r + 1, town_name(where) if where else None, _cell(row, c_ent), found or None))
            res.nothing_rows.append((r + 1, row))
        if reason:
            skipped[reason] += 1
            continue
        if len(row) < width_needed:
            row = list(row) + [""] * (width_needed - len(row))
        if data_rows is not None:
            data_rows.append(row)
            excel_rows.append(r + 1)
            continue
        if virtual:
            row = list(row[:base_width]) + [""] * (base_width - len(row))
            conflict = None
            for f, g in virtual:
                value = mark_value(row, g)
                if value == "":
                    conflict = _problem(ctx, r + 1, header, col_of, f, "、".join(lbl for c, lbl in g[1] if is_mark(row[c])),
                                        "marks_conflict", group=g[0])
                row.append(value or "")
            if conflict is not None:
                n_rejected += 1
                problems.append(conflict)
                continue
        res.rows_by_row += 1
        rec, probs = handler(row, r + 1)
        if probs:
            n_rejected += 1
            problems.extend(probs)
        else:
            append(rec)
    by_columns = reader.columns(data_rows, excel_rows) if data_rows else None
    if by_columns is None and data_rows:  # a sheet the column reading leaves to the row path
        res.rows_by_row = len(data_rows)
        for row, excel_row in zip(data_rows, excel_rows, strict=True):
            rec, probs = handler(row, excel_row)
            if probs:
                n_rejected += 1
                problems.extend(probs)
            else:
                append(rec)
    res.rows_read = n_read
    res.rows_skipped = sum(skipped.values())
    if by_columns is not None:
        res.records, probs, n_rejected, res.rows_by_row = by_columns
        problems.extend(probs)
        res.rows_loaded = len(res.records["source_row"])
    else:
        res.rows_loaded = len(loaded)
        if loaded:
            res.records = dict(zip(FIELDS[ctx.kind], map(list, zip(*loaded, strict=True)), strict=True))
    res.rows_rejected = n_rejected
    return res


def _text(row, col_of, canon) -> str | None:
    c = col_of.get(canon)
    if c is None:
        return None
    v = row[c]
    if v.__class__ is str:
        return clean_value(v) or None if v else None
    if v is None:
        return None
    return clean_value(nz.cell_text(v)) or None


_MARK_FIELDS = {
    "hazard": ("status", "level", "verification_result", "supervision_level", "sector", "inspection_method",
               "hazard_category"),
    "inspection": ("sector", "inspection_method"),
    "registry": ("sector",),
}


def _cell(row, c) -> str | None:
    if c is None or c >= len(row) or row[c] in ("", None):
        return None
    return clean_value(nz.cell_text(row[c])) or None


def _raw_text(row, col_of, canon) -> str | None:
    """As written (docs/DATA_CONTRACT.md: 隐患编号 as written), only trimmed."""
    c = col_of.get(canon)
    if c is None or row[c] is None or row[c] == "":
        return None
    return nz.cell_text(row[c]).strip() or None


def _label(header: Header, col_of, canon) -> str:
    c = col_of.get(canon)
    return header.labels.get(c, column_label(canon)) if c is not None else column_label(canon)


def _problem(ctx, excel_row, header, col_of, canon, raw, code, **params) -> Problem:
    """A rejected row: where, the value as written, and the REJECTIONS sentence for ``code``."""
    value = "" if raw is None else nz.cell_text(raw)[:200]
    zh, en = rejection(code, value=value, **params)
    return Problem(ctx.sheet, excel_row, _label(header, col_of, canon), value, zh, en, code)


def _date(row, col_of, canon, year_hint):
    c = col_of.get(canon)
    if c is None:
        return None, None, None
    raw = row[c]
    if raw.__class__ is dt.date and nz.MIN_DATE <= raw <= nz.MAX_DATE:  # the common case, no parsing
        return raw, raw, None
    try:
        return nz.parse_date(raw, year_hint), raw, None
    except nz.DateError:
        return None, raw, "bad"


def _coded(row, excel_row, col_of, header, ctx, res, probs, canon):
    """A coded column's cell, a code read by the column's legend (counted) or rejected when unexplained."""
    raw = _text(row, col_of, canon)
    legend = ctx.field_codes.get(canon)
    text, how = decode(canon, raw, legend[0] if legend else None)
    if how == "legend":
        params = unexplained_params(canon)
        res.warn("codes_by_legend", f"{code_key(raw)}={text}", label_zh=params["label_zh"], label_en=params["label_en"],
                 source=legend[1])
    elif how == "unexplained":
        probs.append(_problem(ctx, excel_row, header, col_of, canon, raw, "code_unexplained_in",
                              **unexplained_params(canon)))
        return None
    return text


def _common_town_sector(row, excel_row, col_of, header, ctx, res, probs):
    written = _text(row, col_of, "town")
    town = written or ctx.town
    if town is None:
        probs.append(_problem(ctx, excel_row, header, col_of, "town", None, "town_unknown"))
    else:
        town = town_name(town)
        if written and town != norm_text(written):  # 城关镇人民政府 → 城关镇, counted
            res.warn("town_normalised", f"{written}→{town}")
    sector_raw = _text(row, col_of, "sector")
    raw_sector = _coded(row, excel_row, col_of, header, ctx, res, probs, "sector") if sector_raw else None
    sector = None
    if raw_sector:
        sector, known = match_sector(raw_sector)
        if not known:
            res.warn("sector_other", raw_sector)
    elif ctx.sector:
        sector = ctx.sector
    return town, sector, sector_raw


def _count(row, excel_row, col_of, header, ctx, res, canon, probs, label_zh, label_en):
    c = col_of.get(canon)
    if c is None:
        return None
    raw = row[c]
    try:
        n = nz.parse_number(raw)
    except nz.NumberError:
        probs.append(_problem(ctx, excel_row, header, col_of, canon, raw, "not_a_number", label_zh=label_zh,
                              label_en=label_en))
        return None
    if n is not None and n < 0:
        probs.append(_problem(ctx, excel_row, header, col_of, canon, raw, "negative_number", label_zh=label_zh,
                              label_en=label_en))
        return None
    return n


def _yuan(amount, row, col_of, ctx) -> float:
    """A unit written in the cell ("0.5万元", "3000元") wins over the column's unit."""
    if not amount:
        return 0.0
    raw = row[col_of["penalty"]]
    if isinstance(raw, str):
        t = norm_text(raw)
        if t.endswith("万元") or t.endswith("万"):
            return float(amount) * 10_000.0
        if t.endswith("元") or t.startswith("¥"):  # 3000元, ¥3000 (NFKC makes ￥ ¥): yuan
            return float(amount)
    return float(amount) * ctx.penalty_factor


def _visit_date(row, col_of, ctx, res):
    """The date of a visit (an inspection log's row, a ledger's 无隐患 row): (date, raw, err) as
    ``_date``; a date without a year (4.19, 4月19日) by the contract's rule, counted."""
    day, raw_day, err = _date(row, col_of, "found_date", None)  # no year hint: a date without one is counted below
    if err and (md := month_day(raw_day)) is not None:
        try:
            day, err = past_date(md[0], md[1], ctx.report_month), None
            res.warn("date_without_year", nz.cell_text(raw_day))
        except nz.DateError:
            pass
    return day, raw_day, err


def _inspection_row(row, excel_row, col_of, header, ctx, res, year_hint, month_end):
    probs: list[Problem] = []
    town, sector, sector_raw = _common_town_sector(row, excel_row, col_of, header, ctx, res, probs)
    day, raw_day, err = _visit_date(row, col_of, ctx, res)
    if err:
        probs.append(_problem(ctx, excel_row, header, col_of, "found_date", raw_day, "inspection_date_bad"))
    elif day is None:
        probs.append(_problem(ctx, excel_row, header, col_of, "found_date", raw_day, "inspection_date_blank"))
    entity = _text(row, col_of, "entity_name")
    if entity is None:
        probs.append(_problem(ctx, excel_row, header, col_of, "entity_name", None, "inspected_unit_blank"))
    found = _count(row, excel_row, col_of, header, ctx, res, "hazards_found", probs, "发现隐患数", "hazards found")
    major = _count(row, excel_row, col_of, header, ctx, res, "major_hazards_found", probs, "重大隐患数", "major hazards")
    penalty = _count(row, excel_row, col_of, header, ctx, res, "penalty", probs, "罚款金额", "penalty")
    method_raw = _coded(row, excel_row, col_of, header, ctx, res, probs, "inspection_method")
    method = match_method(method_raw) if method_raw else None
    if method_raw and method is None:
        res.warn("method_unknown", method_raw)
    if probs:
        return None, probs
    if found is None and "hazards_found" in col_of:
        res.warn("hazards_found_blank")
    if major is not None and found is not None and major > found:
        res.warn("major_exceeds_found")
        found = major
    return {
        "inspection_date": day, "town": town, "sector": sector, "sector_raw": sector_raw,
        "department": _text(row, col_of, "department"), "entity_name": entity,
        "inspection_method": method, "inspectors": _text(row, col_of, "inspectors"),
        "hazards_found": int(found or 0), "major_hazards_found": int(major or 0),
        "penalty_yuan": _yuan(penalty, row, col_of, ctx), "source_row": excel_row,
    }, probs


def _registry_row(row, excel_row, col_of, header, ctx, res, year_hint, month_end):
    probs: list[Problem] = []
    town, sector, sector_raw = _common_town_sector(row, excel_row, col_of, header, ctx, res, probs)
    entity = _text(row, col_of, "entity_name")
    if entity is None:
        probs.append(_problem(ctx, excel_row, header, col_of, "entity_name", None, "unit_blank"))
    raw_risk = _coded(row, excel_row, col_of, header, ctx, res, probs, "risk_level")
    risk = match_risk(raw_risk) if raw_risk else None
    if raw_risk and risk is None:
        res.warn("risk_unknown", raw_risk)
    if probs:
        return None, probs
    code = _text(row, col_of, "credit_code")
    return {
        "entity_name": entity, "town": town, "sector": sector, "sector_raw": sector_raw,
        "department": _text(row, col_of, "department"),
        "credit_code": norm_text(code).upper() if code else None,
        "risk_level": risk, "source_row": excel_row,
    }, probs
