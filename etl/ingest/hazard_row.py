"""One hazard-ledger row → the typed record of docs/DATA_CONTRACT.md §2 (v1 and v2 columns), or the
problems that reject it. Every default and every decision taken from free text is counted
as a warning with examples (the reading report lists them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from itertools import compress
from typing import NamedTuple

from etl.ingest import normalize as nz
from etl.ingest.dates import deadline_date, deadline_in_days, deadline_phrase, month_day, past_date
from etl.ingest.legend import code_key, decode, unexplained_params
from etl.ingest.marks import mark_value
from etl.ingest.vocab import (
    PLACEHOLDERS,
    SECTORS,
    clean_value,
    level_match,
    match_method,
    match_status,
    match_supervision_level,
    match_verification,
    norm_text,
    sector_match,
    status_by_words,
    status_on_the_spot,
    status_verifies,
    town_name,
)

# the record's fields, in the order the handler returns them (= the Arrow table's hazard columns)
HAZARD_FIELDS = (
    "source_hazard_id", "town", "sector", "sector_raw", "department", "entity_name", "description", "level",
    "found_date", "deadline", "status", "rectified_date", "inspection_method", "source_row",
    # data contract v2 (migration 006)
    "level_raw", "hazard_category", "supervisor", "supervision_level", "measures", "funds_yuan",
    "responsible_person", "contingency_plan", "verified_date", "verified_by", "verification_result",
)

EXCEL_ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"}


def is_excel_error(raw) -> bool:
    return isinstance(raw, str) and raw.strip().upper() in EXCEL_ERRORS


def hazard_handler(col_of, header, ctx, res, year_hint, month_end, make_problem):
    """One hazard row → (tuple in HAZARD_FIELDS order, []) or (None, problems). Built once per
    sheet so the hot loop works on local variables (this runs for every row of every ledger)."""
    g = col_of.get
    c_id, c_town, c_dept = g("source_hazard_id"), g("town"), g("department")
    c_ent, c_desc, c_level = g("entity_name"), g("description"), g("level")
    c_found, c_deadline, c_rect = g("found_date"), g("deadline"), g("rectified_date")
    c_status, c_method, c_sector = g("status"), g("inspection_method"), g("sector")
    c_cat, c_sup, c_suplvl, c_meas = g("hazard_category"), g("supervisor"), g("supervision_level"), g("measures")
    c_funds, c_person, c_plan = g("funds"), g("responsible_person"), g("contingency_plan")
    c_vdate, c_vby, c_vres = g("verified_date"), g("verified_by"), g("verification_result")
    c_major = g("is_major")
    # 督办单位 fills the department only when the sheet names no responsible department
    c_dept_fallback = c_sup if (c_dept is None and ctx.department_from_supervisor) else None
    # 验收/销号 dates fill the rectified date when the sheet has no rectified date column
    c_rect_fallback = c_vdate if c_rect is None else None
    has_v2 = any(c is not None for c in (c_cat, c_sup, c_suplvl, c_meas, c_funds, c_person, c_plan, c_vdate, c_vby, c_vres))
    default_town, default_sector = ctx.town, ctx.sector
    funds_factor = ctx.funds_factor
    deadline_days = ctx.deadline_days
    report_month = ctx.report_month
    level_codes = ctx.level_codes.codes if ctx.level_codes else {}
    field_codes = ctx.field_codes  # field → (code → meaning, where the legend was read)
    title_level = ctx.title_level if c_level is None and c_major is None else None
    marks = ctx.marks  # field → (group label, [(column, value)]) from check-mark sub-columns
    status_marks = marks.get("status") if marks else None
    date_cls, min_d, max_d = dt.date, nz.MIN_DATE, nz.MAX_DATE
    # where warnings and problems go: the sheet's result, or a probe asking whether a value is plain
    sink = [res.warn, None]
    cell_text = nz.cell_text

    def warn(code, example=None, **params):
        sink[0](code, example, **params)

    clean = clean_value  # cached; the column reading (once per distinct value) uses it uncached

    def txv(v):
        if v.__class__ is str:
            return (clean(v) or None) if v else None
        if v is None:
            return None
        return clean(cell_text(v)) or None

    def tx(row, c):
        return None if c is None else txv(row[c])

    def freev(v):
        """Free text; a placeholder (/, —, 无) is no value."""
        t = txv(v)
        return None if t in PLACEHOLDERS else t

    def free(row, c):
        return None if c is None else freev(row[c])

    def day(row, c, *, deadline=False, found=None):
        """(date or None, raw, error?). Month-and-day dates take their year by the contract's rules."""
        if c is None:
            return None, None, False
        return dayv(row[c], deadline=deadline, found=found)

    def dayv(v, *, deadline=False, found=None):
        if v.__class__ is date_cls and min_d <= v <= max_d:
            return v, v, False
        try:
            return nz.parse_date(v, None), v, False
        except nz.DateError:
            md = month_day(v)
            if md is None:
                return None, v, True
        try:
            d = deadline_date(md[0], md[1], found, report_month) if deadline else past_date(md[0], md[1], report_month)
        except nz.DateError:
            return None, v, True
        warn("date_without_year", cell_text(v))
        return d, v, False

    excel_row_box = [0]

    def prob(canon, raw, code, **params):
        if sink[1] is not None:
            return sink[1](canon, raw, code, **params)
        return make_problem(excel_row_box[0], canon, raw, code, **params)

    def funds(row):
        return fundsv(row[c_funds])

    def fundsv(raw):
        if raw is None or raw == "":
            return None
        try:
            n = nz.parse_number(raw)
        except nz.NumberError:
            warn("funds_not_number", cell_text(raw))
            return None
        if n is None:
            return None
        if isinstance(raw, str):
            t = norm_text(raw)
            if t.endswith(("万元", "万")):
                return n * 10_000.0
            if t.endswith("元") or t.startswith(("¥", "￥")):  # 3000元, ¥3000: yuan whatever the header says
                return n
        return n * funds_factor

    c_level_cell = c_major if c_level is None and c_major is not None else c_level

    def level_of(row, probs):
        return level_ofv(row[c_level_cell] if c_level_cell is not None else None, probs)

    def level_ofv(cell, probs):
        if c_level is None and c_major is not None:  # 是否重大隐患: 是 / 否
            raw = txv(cell)
            flag = match_status(raw) if raw else None  # the yes/no words: 是/√/1 → 'rectified', 否/×/0 → 'open'
            if flag is None:
                warn("level_blank" if raw is None else "level_unknown", raw)
                return "general", raw
            return ("major" if flag == "rectified" else "general"), raw
        raw_level = txv(cell) if c_level is not None else None
        if raw_level is None:
            if title_level is not None:
                return title_level, None
            warn("level_blank")
            return "general", None
        level, how = level_match(raw_level)
        if how == "code":
            hit = level_codes.get(code_key(raw_level))
            if hit is None:
                probs.append(prob("level", raw_level, "code_unexplained", label_zh="隐患等级", label_en="the level column"))
                return level, raw_level
            level, meaning = hit
            if level_match(meaning)[1] == "between":
                warn("level_between", f"{raw_level}={meaning}")
        elif how == "between":
            warn("level_between", raw_level)
        elif how == "words":
            warn("level_by_words", raw_level, level_zh=LEVEL_ZH[level], level_en=level)
        elif how == "unknown":
            warn("level_unknown", raw_level)
        return level, raw_level

    def coded(canon, raw, probs):
        """A coded cell read by its column's legend (counted), or rejected when no legend explains it."""
        legend = field_codes.get(canon)
        text, how = decode(canon, raw, legend[0] if legend else None)
        if how == "legend":
            params = unexplained_params(canon)
            warn("codes_by_legend", f"{code_key(raw)}={text}", label_zh=params["label_zh"], label_en=params["label_en"],
                 source=legend[1])
        elif how == "unexplained":
            probs.append(prob(canon, raw, "code_unexplained_in", **unexplained_params(canon)))
            return None
        return text

    def status_of(row, raw_status, rect, found):
        """(status or None, rect, verified?)"""
        if not raw_status:
            return None, rect, False
        status = match_status(raw_status)
        if status is None:
            # a rectified date in the status column, or free text decided by its words
            try:
                d = nz.parse_date(raw_status, year_hint)
            except nz.DateError:
                d = None
            if d is not None:
                return "rectified", rect or d, False
            status = status_by_words(raw_status)
            if status is None:
                warn("status_unknown", raw_status)
                return None, rect, False
            warn("status_by_words", raw_status, status_zh=STATUS_ZH[status], status_en=status)
            return status, rect, False
        verified = status == "rectified" and status_verifies(raw_status)
        if status == "rectified" and rect is None and status_on_the_spot(raw_status):
            warn("status_on_the_spot", raw_status)
            rect = found
        return status, rect, verified

    def town_of(cell, probs):
        written = txv(cell) if c_town is not None else None
        town = written or default_town
        if town is None:
            probs.append(prob("town", None, "town_unknown"))
            return None
        name = town_name(town)
        if written and name != norm_text(written):  # 城关镇人民政府 → 城关镇, counted
            warn("town_normalised", f"{written}→{name}")
        return name

    def sector_of(cell, probs):
        """(sector, the cell as written)"""
        sector_raw = txv(cell) if c_sector is not None else None
        raw_sector = coded("sector", sector_raw, probs) if sector_raw else None
        if sector_raw and raw_sector is None:
            sector = None  # an unexplained code: the row is rejected
        elif raw_sector:
            sector, how = sector_match(raw_sector)
            if how is None:
                warn("sector_other", raw_sector)
            elif how == "contains":
                warn("sector_by_words", f"{raw_sector}→{SECTOR_ZH.get(sector, sector)}")
        else:
            sector = default_sector
            if sector is None:
                probs.append(prob("sector", None, "sector_blank"))
        return sector, sector_raw

    def coded_word(field, match, unknown):
        """A coded column read by its legend, then matched to its vocabulary; an unknown word warns."""

        def read(cell, probs):
            raw = coded(field, txv(cell), probs)
            value = match(raw) if raw else None
            if raw and value is None:
                warn(unknown, raw)
            return value

        return read

    vres_of = coded_word("verification_result", match_verification, "verification_unknown")
    method_of = coded_word("inspection_method", match_method, "method_unknown")
    suplvl_of = coded_word("supervision_level", match_supervision_level, "supervision_level_unknown")

    def handle(row, excel_row):
        excel_row_box[0] = excel_row
        probs = []
        town = town_of(row[c_town] if c_town is not None else None, probs)
        sector, sector_raw = sector_of(row[c_sector] if c_sector is not None else None, probs)
        found, raw_found, err = day(row, c_found)
        if err:
            probs.append(prob("found_date", raw_found, "found_date_bad"))
        elif found is None:
            probs.append(prob("found_date", raw_found, "found_date_blank"))
        entity = free(row, c_ent)
        desc = free(row, c_desc)
        if entity is None and desc is None:
            probs.append(prob("entity_name" if c_ent is not None else "description", None, "unit_and_description_blank"))
        level, raw_level = level_of(row, probs)
        deadline, raw_deadline, err = day(row, c_deadline, deadline=True, found=found)
        if err and is_excel_error(raw_deadline):
            probs.append(prob("deadline", raw_deadline, "deadline_formula_error"))
        elif err and deadline_days and (in_days := deadline_in_days(raw_deadline, found)) is not None:
            deadline = in_days  # 整改时限（天）: a number of days from the found date
            warn("deadline_days", cell_text(raw_deadline))
        elif err:
            phrase = deadline_phrase(raw_deadline, found, report_month) if isinstance(raw_deadline, str) else None
            if phrase is None:
                warn("deadline_unrecognised", cell_text(raw_deadline))
            else:
                deadline = phrase[0]
                warn(DEADLINE_NOTICE[phrase[1]], cell_text(raw_deadline))
        rect, raw_rect, err = day(row, c_rect)
        if err and is_excel_error(raw_rect):
            probs.append(prob("rectified_date", raw_rect, "rectified_formula_error"))
            rect = None
        elif err:
            warn("rectified_unrecognised", cell_text(raw_rect))
            rect = None
        vdate = None
        if c_vdate is not None:
            vdate, raw_v, err = day(row, c_vdate)
            if err:
                warn("verified_date_unrecognised", cell_text(raw_v))
                vdate = None
        vres = vres_of(row[c_vres], probs) if c_vres is not None else None
        status_cell = tx(row, c_status)
        raw_status = coded("status", status_cell, probs) if status_cell is not None else None
        status, rect, verified = status_of(row, raw_status, rect, found)
        if status_marks is not None and status is not None:
            # a status column and ticks under 治理状态 both: the column is used, a disagreement listed
            marked = mark_value(row, status_marks)
            if marked and match_status(marked) not in (None, status):
                warn("status_contradicts_marks", f"第{excel_row}行：{raw_status} / {marked}")
        if verified and vres is None:
            vres = "passed"
        if rect is None and c_rect_fallback is not None and vdate is not None and status != "open":
            rect = vdate
            warn("rectified_from_verified", cell_text(vdate))
        if status is None and status_cell is not None and raw_status is None:
            status = "open"  # an unexplained code: the row is rejected, nothing defaulted
        elif status is None:
            warn("status_defaulted")
            status = "rectified" if rect else "open"
        method = method_of(row[c_method], probs) if c_method is not None else None
        suplvl = suplvl_of(row[c_suplvl], probs) if c_suplvl is not None else None
        if probs:
            return None, probs
        if rect is not None and status != "rectified":  # 未整改 with a 整改完成日期: the date is not stored, and said so
            warn("rectified_date_but_open", f"第{excel_row}行：{cell_text(raw_rect)}")
            rect = None
        if rect is not None and found is not None and rect < found:
            warn("rectified_before_found", f"第{excel_row}行")
        if vdate is not None and rect is not None and vdate < rect:
            warn("verified_before_rectified", f"第{excel_row}行")
        sid = row[c_id] if c_id is not None else None
        sid = (cell_text(sid).strip() or None) if sid not in (None, "") else None
        supervisor = free(row, c_sup) if c_sup is not None else None
        dept = free(row, c_dept) if c_dept is not None else (supervisor if c_dept_fallback is not None else None)
        if not has_v2:
            return (sid, town, sector, sector_raw, dept, entity, desc, level, found, deadline, status,
                    rect, method, excel_row, raw_level, None, None, None, None, None, None, None, None, None, vres), probs
        return (sid, town, sector, sector_raw, dept, entity, desc, level, found, deadline, status,
                rect, method, excel_row,
                raw_level, free(row, c_cat), supervisor, suplvl, free(row, c_meas),
                funds(row) if c_funds is not None else None, free(row, c_person), free(row, c_plan),
                vdate, free(row, c_vby), vres), probs

    def plain(values, read, quiet=False):
        """{value: read(value)} over a column's distinct values; SLOW for a value whose reading
        warns or rejects (its rows take the row path, where that is counted in row order).
        ``quiet``: a reading that never warns or rejects (text as written)."""
        with probing(read, quiet) as one:
            return {v: one(v) for v in values}

    @contextmanager
    def probing(read, quiet):
        """``read`` of one value as ``plain`` reads it, while the block runs: warnings and problems
        only mark the value SLOW, and each value is read once — the cache would only keep the
        sheet's cells alive."""
        nonlocal clean
        clean = clean_value.__wrapped__
        if quiet:
            try:
                yield lambda v: read(v, None)
            finally:
                clean = clean_value
            return
        hit = []
        saved = sink[:]
        sink[0] = sink[1] = lambda *a, **k: hit.append(1)

        def one(v):
            hit.clear()
            probs = []
            r = read(v, probs)
            return SLOW if hit or probs else r

        try:
            yield one
        finally:
            sink[:] = saved
            clean = clean_value

    def columns(rows, excel_rows):
        """The same reading, column by column: each column's distinct values are read once, and
        only the rows holding a value that warns or rejects (or whose columns disagree) go
        through ``handle``, in row order — so counts, examples, problems and their order are
        those of the row path. Returns (records by field, problems, rows rejected, rows read by
        ``handle``), or None when the sheet must be read row by row (a boolean cell beside 1/0,
        check-mark columns)."""
        if status_marks is not None:
            return None
        n = len(rows)
        slow = bytearray(n)

        def read(c, fn, quiet=False, pair=False):
            """The column's values read by ``fn``; rows whose value is SLOW are marked. ``pair``:
            ``fn`` gives two values (two lists back)."""
            if c is None:
                r = plain([None], fn)[None]
                if r is SLOW:
                    raise _RowPath
                return ([r[0]] * n, [r[1]] * n) if pair else [r] * n
            # one pass over the cells (each touched once: a 100,000-row sheet's cells are scattered
            # in memory), each distinct value read when first met
            m = _Distinct()
            with probing(fn, quiet) as m.read:
                col = [m[row[c]] for row in rows]  # every row is as wide as the columns read
            if (1 in m or 0 in m) and bool in {row[c].__class__ for row in rows}:
                raise _RowPath  # True == 1 in a dict, but they read differently
            if not quiet and SLOW in m.values():
                for i, r in enumerate(col):
                    if r is SLOW:
                        slow[i] = 1
            if pair:
                return ([r if r is SLOW else r[0] for r in col]), [r if r is SLOW else r[1] for r in col]
            return col

        def each(c, fn):
            """A quiet reading of a column whose values are mostly distinct (隐患编号): per cell."""
            if c is None:
                return [fn(None, None)] * n
            return [fn(row[c], None) for row in rows]

        def date_of(v, probs):
            d, _, err = dayv(v)
            return SLOW if err else d

        def text_of(v, probs):
            return freev(v)

        def sid_of(v, probs):
            if v.__class__ is str:
                return v.strip() or None
            return (cell_text(v).strip() or None) if v not in (None, "") else None

        def status_only(v, probs):
            status_cell = txv(v)
            raw_status = coded("status", status_cell, probs) if status_cell is not None else None
            status, rect, verified = status_of(None, raw_status, None, None)
            # a date in the status column, a 验收 word or a blank status depend on other columns
            return SLOW if status is None or rect is not None or verified else status

        try:
            town = read(c_town, town_of)
            sectors, sector_raws = read(c_sector, sector_of, pair=True)
            found = read(c_found, lambda v, p: date_of(v, p) or SLOW)  # a blank found date rejects
            entity = read(c_ent, text_of, quiet=True)
            desc = read(c_desc, text_of, quiet=True)
            levels, level_raws = read(c_level_cell, level_ofv, pair=True)
            deadline = read(c_deadline, date_of)
            rect = read(c_rect, date_of)
            vdate = read(c_vdate, date_of)
            vres = read(c_vres, vres_of)
            status = read(c_status, status_only)
            method = read(c_method, method_of)
            suplvl = read(c_suplvl, suplvl_of)
            sid = each(c_id, sid_of)
            supervisor = read(c_sup, text_of, quiet=True)
            dept = (read(c_dept, text_of, quiet=True) if c_dept is not None
                    else supervisor if c_dept_fallback is not None else [None] * n)
            v2 = [read(c, text_of, quiet=True) for c in (c_cat, c_meas)] if has_v2 else None
            funds_col = read(c_funds, lambda v, p: fundsv(v)) if has_v2 and c_funds is not None else [None] * n
            v2b = [read(c, text_of, quiet=True) for c in (c_person, c_plan, c_vby)] if has_v2 else None
        except (_RowPath, TypeError):  # TypeError: an unhashable cell
            return None
        # what depends on several columns: unit or description, the rectified date kept only for
        # rectified hazards, the 验收 date standing in for it, dates out of order
        for i, (r, s) in enumerate(zip(rect, status, strict=True)):
            if r is not None and s != "rectified":
                slow[i] = 1  # a rectified date beside an open status: the row path lists the contradiction
        rect = [r if s == "rectified" else None for r, s in zip(rect, status, strict=True)]
        if None in entity and None in desc:
            for i, (e, d) in enumerate(zip(entity, desc, strict=True)):
                if e is None and d is None:
                    slow[i] = 1
        for i, (r, f) in enumerate(zip(rect, found, strict=True)):
            if r is not None and not slow[i] and r < f:
                slow[i] = 1
        if c_vdate is not None:
            for i, (r, vd, s) in enumerate(zip(rect, vdate, status, strict=True)):
                if vd is not None and not slow[i] and (
                        (r is not None and vd < r) or (c_rect_fallback is not None and r is None and s != "open")):
                    slow[i] = 1
        nones = [None] * n
        cat, meas = v2 if v2 else (nones, nones)
        person, plan, vby = v2b if v2b else (nones, nones, nones)
        if not has_v2:  # (已验收 in the status column still sets the acceptance result: a row-path row)
            supervisor = vdate = suplvl = nones
        records = [sid, town, sectors, sector_raws, dept, entity, desc, levels, found, deadline, status, rect,
                   method, list(excel_rows), level_raws, cat, supervisor, suplvl, meas, funds_col, person, plan,
                   vdate, vby, vres]
        # the row reader's values are written into these lists: no two fields may share one
        shared = set()
        for j, col in enumerate(records):
            if id(col) in shared:
                records[j] = list(col)
            shared.add(id(records[j]))
        problems = []
        keep = None
        i = slow.find(1)
        while i != -1:
            rec, probs = handle(rows[i], excel_rows[i])
            if probs:
                problems.extend(probs)
                if keep is None:
                    keep = bytearray(b"\x01") * n
                keep[i] = 0
            else:
                for col, value in zip(records, rec, strict=True):
                    col[i] = value
            i = slow.find(1, i + 1)
        if keep is not None:
            records = [list(compress(col, keep)) for col in records]
        rejected = 0 if keep is None else n - sum(keep)
        return dict(zip(HAZARD_FIELDS, records, strict=True)), problems, rejected, slow.count(1)

    return HazardReader(handle, columns)


class _Distinct(dict):
    """value → its reading, read (by ``read``) when the value is first looked up."""

    __slots__ = ("read",)

    def __missing__(self, v):
        r = self[v] = self.read(v)
        return r


class _RowPath(Exception):
    """The sheet is read row by row."""


SLOW = object()  # a value whose reading the row path must do (it warns, rejects or depends on other columns)


class HazardReader(NamedTuple):
    row: Callable  # (row, excel row) → (record tuple or None, problems)
    columns: Callable  # (rows, excel rows) → (records by field, problems, rows rejected, rows by row) or None


LEVEL_ZH = {"general": "一般", "major": "重大"}
STATUS_ZH = {"open": "未整改", "rectified": "已整改"}
SECTOR_ZH = {code: words[0] for code, words in SECTORS.items()}
DEADLINE_NOTICE = {"immediate": "deadline_immediate", "long_term": "deadline_long_term", "phrase": "deadline_phrase"}
