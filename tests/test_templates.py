"""etl.ingest.templates: blank .xlsx templates with contract headers, drop-downs, date formats and
instructions — and a filled-in template loads without a problem."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from etl.ingest import templates
from etl.ingest.pipeline import analyse
from etl.ingest.vocab import match_header

EXPECTED = {
    "hazard": {"town", "sector", "entity_name", "description", "level", "found_date", "deadline", "status",
               "rectified_date", "department", "inspection_method", "source_hazard_id"},
    "inspection": {"found_date", "town", "sector", "department", "entity_name", "inspection_method", "inspectors",
                   "hazards_found", "major_hazards_found", "penalty"},
    "registry": {"entity_name", "town", "sector", "department", "credit_code", "risk_level"},
}
LISTS = {"hazard": {"行业领域": "sector", "隐患等级": "level", "整改状态": "status", "检查方式": "method"},
         "inspection": {"行业领域": "sector", "检查方式": "method"},
         "registry": {"行业领域": "sector", "风险等级": "risk"}}
SAMPLE = {
    "hazard": [1, "A-1", "城关镇", "学校", "一中", "围墙开裂", "重大", dt.date(2025, 3, 2), dt.date(2025, 3, 20), "未整改",
               None, "县教育局", "四不两直", None],
    "inspection": [1, dt.date(2025, 3, 2), "城关镇", "消防", "县消防救援大队", "东城商场", "日常检查", "张三", 2, 1, 500, None],
    "registry": [1, "东城商场", "城关镇", "消防", "县消防救援大队", "91330000123456789X", "黄色", None],
}


def _open(kind):
    return openpyxl.load_workbook(io.BytesIO(templates.build_template(kind)))


@pytest.mark.parametrize("kind", templates.KINDS)
def test_headers_are_the_contract_columns(kind):
    ws = _open(kind).worksheets[0]
    header = [c.value for c in ws[templates.HEADER_ROW] if c.value]
    assert {match_header(h) for h in header} - {"seq", "remarks"} == EXPECTED[kind]
    assert ws.freeze_panes == f"A{templates.HEADER_ROW + 1}"


@pytest.mark.parametrize("kind", templates.KINDS)
def test_drop_downs_and_date_formats(kind):
    wb = _open(kind)
    ws = wb.worksheets[0]
    header = {c.value: c.column_letter for c in ws[templates.HEADER_ROW] if c.value}
    lists = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            lists[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    d = wb[templates.DICT_SHEET]
    assert d.sheet_state == "hidden"
    for col, list_name in LISTS[kind].items():
        dv = lists[header[col]]
        assert dv.type == "list"
        ref = dv.formula1.lstrip("=")
        sheet, cells = ref.split("!")
        values = [c.value for row in wb[sheet][cells.replace("$", "")] for c in row]
        assert values == templates.LISTS[list_name]
    assert "学校" in templates.LISTS["sector"] and templates.LISTS["level"] == ["一般", "重大"]
    date_cols = [c.header for c in templates.COLUMNS[kind] if c.kind == "date"]
    assert bool(date_cols) == (kind != "registry")  # the registry has no date column
    for col in date_cols:
        assert lists[header[col]].type == "date"
        assert ws[f"{header[col]}{templates.HEADER_ROW + 1}"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("kind", templates.KINDS)
def test_instructions_sheet(kind):
    wb = _open(kind)
    assert wb.sheetnames[1] == templates.INSTR_SHEET
    text = "\n".join(str(c.value) for c in wb[templates.INSTR_SHEET]["A"] if c.value)
    assert "下拉" in text and "日期" in text
    for c in templates.COLUMNS[kind]:
        assert c.header in text


@pytest.mark.parametrize("kind", templates.KINDS)
def test_blank_template_is_refused_politely_and_filled_template_loads_clean(kind):
    blank = templates.build_template(kind)
    wb = openpyxl.load_workbook(io.BytesIO(blank))
    ws = wb.worksheets[0]
    for j, v in enumerate(SAMPLE[kind], start=1):
        ws.cell(row=templates.HEADER_ROW + 1, column=j, value=v)
    ws["A1"] = "城关镇2025年3月" + ws.title
    buf = io.BytesIO()
    wb.save(buf)
    a = analyse(buf.getvalue(), "template.xlsx")
    assert a.kind == kind and a.report_month == dt.date(2025, 3, 1) and a.towns == ["城关镇"]
    assert (a.rows_read, a.rows_loaded, a.rows_rejected) == (1, 1, 0)
    assert not a.problems and not a.warnings
    roles = {s.name: s.role for s in a.sheets}
    assert roles[templates.INSTR_SHEET] == "instructions" and roles[templates.DICT_SHEET] == "hidden"
    row = a.frame.iloc[0]
    assert row["town"] == "城关镇" and row["sector"] in ("school", "fire")
    if kind == "hazard":
        assert row["level"] == "major" and row["inspection_method"] == "unannounced"


def test_unknown_kind():
    with pytest.raises(ValueError):
        templates.build_template("budget")
