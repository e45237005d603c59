"""analyse() on every layout quirk of docs/DATA_CONTRACT.md §1.1: exact row accounting and values.

All tests here are pure (no warehouse): the fixture bytes go through ``etl.ingest.pipeline.analyse``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.fixtures import has_chinese
from tests.fixtures import ledgers as L

pipeline = pytest.importorskip("etl.ingest.pipeline", reason="etl.ingest.pipeline not written yet")
analyse = pipeline.analyse

MARCH = date(2025, 3, 1)
MAY = date(2025, 5, 1)


# ---------------------------------------------------------------- helpers


def as_date(v) -> date | None:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def run(data: bytes, file_name: str = "ledger.xlsx", **kw):
    """analyse() plus the invariants every successful analysis must satisfy."""
    a = analyse(data, file_name, **kw)
    assert a.rows_read == a.rows_loaded + a.rows_rejected + a.rows_skipped, (
        a.rows_read,
        a.rows_loaded,
        a.rows_rejected,
        a.rows_skipped,
    )
    assert len(a.frame) == a.rows_loaded
    for p in a.problems:
        assert has_chinese(p.reason), p
    for w in a.warnings:
        assert isinstance(w, str) and w
    return a


def counts(a) -> tuple[int, int, int, int]:
    return (a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped)


def by_id(a) -> dict[str, dict]:
    """Loaded rows keyed by source_hazard_id (ids are unique within every fixture)."""
    out = {}
    for rec in a.frame.to_dict("records"):
        key = rec["source_hazard_id"]
        assert key not in out, f"duplicate loaded id {key}"
        out[str(key)] = rec
    return out


def rejected_rows(a) -> set[int]:
    return {p.row for p in a.problems}


def data_sheets(a) -> list[str]:
    return [s.name for s in a.sheets if s.role == "data"]


def header_or_skipped_extra_row(a, n_data: int) -> None:
    """A units / column-number row is header furniture (not read) or a skipped non-data row."""
    assert (a.rows_loaded, a.rows_rejected) == (n_data, 0)
    assert (a.rows_read, a.rows_skipped) in {(n_data, 0), (n_data + 1, 1)}


# ---------------------------------------------------------------- banners and headers


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4])
def test_title_rows(n):
    kw = {"town": "东城街道"} if n == 0 else {}
    a = run(L.title_rows(n), "ledger.xlsx", **kw)
    assert a.kind == "hazard"
    assert counts(a) == (3, 3, 0, 0)
    assert a.towns == ["东城街道"]
    # title says March; the 填报日期 (April) must not win; with no title, latest found date
    assert a.report_month == MARCH
    assert set(a.frame["town"]) == {"东城街道"}
    assert {as_date(v) for v in a.frame["report_month"]} == {MARCH}
    sheet = next(s for s in a.sheets if s.name == "Sheet1")
    assert sheet.role == "data"
    assert sheet.header_row == n + 1
    rows = by_id(a)
    assert as_date(rows["DC-2025-001"]["found_date"]) == date(2025, 3, 3)
    assert rows["DC-2025-001"]["status"] == "rectified"
    assert as_date(rows["DC-2025-001"]["rectified_date"]) == date(2025, 3, 10)
    assert rows["DC-2025-002"]["level"] == "major"
    assert rows["DC-2025-003"]["status"] == "open"
    assert rows["DC-2025-001"]["sector"] == "school"
    assert rows["DC-2025-003"]["sector"] == "gas"


def test_title_rows_source_rows_are_excel_rows():
    a = run(L.title_rows(3))
    rows = by_id(a)
    assert [int(rows[k]["source_row"]) for k in ("DC-2025-001", "DC-2025-002", "DC-2025-003")] == [5, 6, 7]
    assert set(a.frame["source_sheet"]) == {"Sheet1"}


def test_month_only_in_period_line():
    a = run(L.month_only_in_period_line())
    assert counts(a) == (3, 3, 0, 0)
    assert a.sheets[0].header_row == 3
    assert a.report_month == MARCH
    assert a.towns == ["东城街道"]


def test_merged_two_row_header():
    a = run(L.merged_two_row_header())
    assert counts(a) == (4, 4, 0, 0)
    assert a.towns == ["南城街道"]
    assert a.report_month == date(2025, 4, 1)
    sheet = a.sheets[0]
    assert sheet.role == "data"
    assert sheet.header_row in (3, 4)
    mapped = set(sheet.mapping.values())
    for col in (
        "sector",
        "entity_name",
        "description",
        "level",
        "found_date",
        "deadline",
        "status",
        "rectified_date",
        "department",
    ):
        assert col in mapped, (col, sheet.mapping)
    rows = by_id(a)
    assert rows["NC-01"]["level"] == "major"
    assert rows["NC-01"]["department"] == "县住建局"
    assert as_date(rows["NC-01"]["deadline"]) == date(2025, 5, 1)
    assert rows["NC-04"]["status"] == "rectified"
    assert as_date(rows["NC-04"]["rectified_date"]) == date(2025, 4, 18)
    assert rows["NC-02"]["status"] == "open"
    assert rows["NC-02"]["sector"] == "special_equipment"
    assert [int(rows[f"NC-0{i}"]["source_row"]) for i in range(1, 5)] == [5, 6, 7, 8]


def test_units_row():
    a = run(L.units_row())
    header_or_skipped_extra_row(a, 3)
    assert a.towns == ["东城街道"]
    assert rejected_rows(a) == set()


def test_column_number_row():
    a = run(L.column_number_row())
    header_or_skipped_extra_row(a, 3)
    assert rejected_rows(a) == set()
    assert set(by_id(a)) == {"DC-2025-001", "DC-2025-002", "DC-2025-003"}


_SYN_CASES = [(canon, syn) for canon, syns in L.HEADER_SYNONYMS.items() for syn in syns]


@pytest.mark.parametrize(("canonical", "synonym"), _SYN_CASES, ids=[f"{c}-{s}" for c, s in _SYN_CASES])
def test_header_synonym(canonical, synonym):
    a = run(L.header_synonym(canonical, synonym))
    assert counts(a) == (2, 2, 0, 0), [(p.row, p.column, p.reason) for p in a.problems]
    first = a.frame.sort_values("found_date").iloc[0].to_dict()
    expected = {
        "source_hazard_id": "DC-001",
        "town": "东城街道",
        "sector": "fire",
        "entity_name": "东城商场",
        "description": "疏散通道堵塞",
        "level": "major",
        "found_date": date(2025, 3, 5),
        "deadline": date(2025, 3, 20),
        "status": "rectified",
        "rectified_date": date(2025, 3, 12),
        "department": "县消防救援大队",
        "inspection_method": "unannounced",
    }[canonical]
    got = first[canonical]
    if isinstance(expected, date):
        got = as_date(got)
    assert got == expected


def test_messy_header_text():
    a = run(L.messy_header_text())
    assert counts(a) == (2, 2, 0, 0), [(p.row, p.column, p.reason) for p in a.problems]
    mapped = set(a.sheets[0].mapping.values())
    for col in list(L.SYNONYM_BASE)[1:11]:
        assert col in mapped, (col, a.sheets[0].mapping)
    rows = by_id(a)
    assert rows["DC-001"]["level"] == "major"
    assert as_date(rows["DC-001"]["deadline"]) == date(2025, 3, 20)
    assert as_date(rows["DC-001"]["rectified_date"]) == date(2025, 3, 12)
    assert rows["DC-002"]["status"] == "open"


def test_header_not_on_row_1():
    a = run(L.header_not_on_row_1())
    assert counts(a) == (3, 3, 0, 0)
    assert a.sheets[0].header_row == 5
    assert a.towns == ["东城街道"]
    assert a.report_month == MARCH
    assert int(by_id(a)["DC-2025-001"]["source_row"]) == 6


# ---------------------------------------------------------------- dates


@pytest.fixture(scope="module")
def dates_analysis():
    return run(L.date_forms())


def test_date_forms_all_loaded(dates_analysis):
    assert counts(dates_analysis) == (len(L.DATE_FORMS), len(L.DATE_FORMS), 0, 0), [
        (p.row, p.raw_value, p.reason) for p in dates_analysis.problems
    ]


@pytest.mark.parametrize("hid", list(L.DATE_FORMS))
def test_date_form(dates_analysis, hid):
    rows = by_id(dates_analysis)
    assert hid in rows, f"{hid} ({L.DATE_FORMS[hid]!r}) not loaded"
    assert as_date(rows[hid]["found_date"]) == date(2025, 3, 5)


def test_date_system_1904():
    a = run(L.date_system_1904())
    assert counts(a) == (3, 3, 0, 0)
    rows = by_id(a)
    assert as_date(rows["DC-2025-001"]["found_date"]) == date(2025, 3, 3)
    assert as_date(rows["DC-2025-001"]["rectified_date"]) == date(2025, 3, 10)
    assert as_date(rows["DC-2025-003"]["found_date"]) == date(2025, 3, 21)
    assert as_date(rows["DC-2025-002"]["deadline"]) == date(2025, 4, 10)
    assert a.report_month == MARCH


# ---------------------------------------------------------------- data cells


def test_merged_down_data_cells():
    a = run(L.merged_down_data_cells())
    assert counts(a) == (4, 4, 0, 0), [(p.row, p.column, p.reason) for p in a.problems]
    rows = by_id(a)
    for hid in ("M-1", "M-2", "M-3"):
        assert rows[hid]["entity_name"] == "东城化工厂"
        assert rows[hid]["sector"] == "hazchem"
        assert rows[hid]["department"] == "县应急管理局"
    assert as_date(rows["M-2"]["found_date"]) == date(2025, 3, 4)
    assert as_date(rows["M-3"]["found_date"]) == date(2025, 3, 12)
    assert rows["M-4"]["entity_name"] == "东城小学"
    assert rows["M-4"]["department"] == "县教育局"


def test_status_booleans():
    a = run(L.status_booleans())
    assert counts(a) == (10, 10, 0, 0)
    rows = by_id(a)
    for v in ("是", "√", "有", "1", "Y"):
        assert rows[f"B-{v}"]["status"] == "rectified", v
    for v in ("否", "×", "无", "0", "N"):
        assert rows[f"B-{v}"]["status"] == "open", v


def test_status_words():
    a = run(L.status_words())
    n = len(L.STATUS_WORDS)
    assert counts(a) == (n, n, 0, 0)
    rows = by_id(a)
    assert {w: rows[f"S-{w}"]["status"] for w in L.STATUS_WORDS} == L.STATUS_WORDS


def test_levels_and_default_warning():
    a = run(L.levels())
    assert counts(a) == (10, 10, 0, 0)
    rows = by_id(a)
    assert {k: rows[k]["level"] for k in L.LEVEL_EXPECTED} == L.LEVEL_EXPECTED
    assert any("较大" in w for w in a.warnings), a.warnings
    assert any("3" in w and "一般" in w for w in a.warnings), a.warnings


def test_status_missing_with_rectified_date():
    a = run(L.status_missing_with_rectified_date())
    assert counts(a) == (2, 2, 0, 0)
    rows = by_id(a)
    assert rows["R-1"]["status"] == "rectified"
    assert as_date(rows["R-1"]["rectified_date"]) == date(2025, 3, 9)
    assert rows["R-2"]["status"] == "open"
    assert as_date(rows["R-2"]["rectified_date"]) is None


def test_numbers_stored_as_text():
    a = run(L.numbers_stored_as_text())
    assert counts(a) == (2, 2, 0, 0), [(p.row, p.column, p.reason) for p in a.problems]
    rows = by_id(a)
    assert set(rows) == {"20250001", "20250002"}
    assert rows["20250001"]["level"] == "major"
    assert rows["20250001"]["status"] == "rectified"
    assert as_date(rows["20250001"]["rectified_date"]) == date(2025, 3, 8)
    assert rows["20250002"]["level"] == "general"
    assert rows["20250002"]["status"] == "open"


def test_empty_rows_and_columns():
    a = run(L.empty_rows_and_columns())
    assert counts(a) == (3, 3, 0, 0)
    rows = by_id(a)
    assert [int(rows[k]["source_row"]) for k in ("DC-2025-001", "DC-2025-002", "DC-2025-003")] == [4, 7, 9]
    assert rows["DC-2025-002"]["description"] == "消防通道被货物占用"
    assert rows["DC-2025-002"]["entity_name"] == "东城商场"


def test_total_and_footer_rows():
    a = run(L.total_and_footer_rows())
    assert counts(a) == (10, 3, 0, 7), [(p.row, p.column, p.reason) for p in a.problems]
    assert set(by_id(a)) == {"DC-2025-001", "DC-2025-002", "DC-2025-003"}


def test_formula_cells_use_cached_values():
    a = run(L.formula_cells_cached())
    assert counts(a) == (2, 2, 0, 0), [(p.row, p.column, p.raw_value, p.reason) for p in a.problems]
    rows = by_id(a)
    assert rows["F-1"]["description"] == "配电箱未接地"
    assert rows["F-1"]["level"] == "major"
    assert as_date(rows["F-1"]["found_date"]) == date(2025, 3, 5)
    assert as_date(rows["F-2"]["rectified_date"]) == date(2025, 3, 8)


def test_error_cells():
    a = run(L.error_cells())
    rows = by_id(a)
    assert {"E-1", "E-4"} <= set(rows)
    assert "E-2" not in rows
    p2 = [p for p in a.problems if p.row == 4]
    assert p2 and any("发现日期" in p.reason or "发现日期" in (p.column or "") for p in p2), p2
    # the raw value is the error, not a blank ("发现日期为空" would mislead the clerk)
    assert any("#N/A" in str(p.raw_value) or "#N/A" in p.reason for p in p2), p2
    # #DIV/0! in 整改期限: rejected, or loaded with no deadline — never silently
    p3 = [p for p in a.problems if p.row == 5]
    assert p3, "the #DIV/0! deadline of row 5 was dropped without a reason"
    if "E-3" in rows:
        assert as_date(rows["E-3"]["deadline"]) is None
        assert a.rows_rejected == 1
    else:
        assert a.rows_rejected == 2
    assert a.rows_skipped == 0


# ---------------------------------------------------------------- bad rows


def test_bad_rows():
    a = run(L.bad_rows())
    assert counts(a) == (5, 2, 3, 0)
    assert set(by_id(a)) == {"BAD-1", "BAD-5"}
    assert rejected_rows(a) == {4, 5, 6}
    (p,) = [p for p in a.problems if p.row == 4]
    assert p.sheet == "Sheet1"
    assert "发现日期" in p.column
    assert str(p.raw_value) == "待定"
    assert "发现日期" in p.reason and "待定" in p.reason
    assert p.reason_en
    reasons5 = " ".join(p.reason for p in a.problems if p.row == 5)
    assert "单位" in reasons5 or "描述" in reasons5, reasons5
    reasons6 = " ".join(p.reason for p in a.problems if p.row == 6)
    assert "行业" in reasons6, reasons6


# ---------------------------------------------------------------- sheets, towns, months


def test_per_town_sheets():
    a = run(L.per_town_sheets(), "2025年3月各乡镇隐患台账.xlsx")
    assert counts(a) == (5, 5, 0, 0)
    assert a.report_month == MARCH
    assert sorted(a.towns) == ["东城街道", "西湖镇"]
    assert a.frame.groupby("town").size().to_dict() == {"东城街道": 2, "西湖镇": 3}
    roles = {s.name: s.role for s in a.sheets}
    assert roles == {
        "汇总": "summary",
        "东城街道": "data",
        "西湖镇": "data",
        "2月": "hidden",
        "填表说明": "instructions",
    }
    for s in a.sheets:
        if s.role != "data":
            assert s.reason, s
    assert not any(str(h).startswith("OLD") for h in a.frame["source_hazard_id"])
    assert set(a.frame["source_sheet"]) == {"东城街道", "西湖镇"}


@pytest.mark.parametrize(
    ("builder", "file_name", "town"),
    [
        ("town_only_in_title", "ledger.xlsx", "石桥镇"),
        ("town_only_in_filler_line", "ledger.xlsx", "西关街道"),
        ("town_only_in_file_name", "青山乡隐患台账.xlsx", "青山乡"),
        ("town_only_in_sheet_name", "ledger.xlsx", "龙泉镇"),
        ("town_sheet_name_beats_title", "ledger.xlsx", "龙泉镇"),
        ("town_title_beats_file_name", "青山乡2025年3月台账.xlsx", "石桥镇"),
    ],
)
def test_town_source(builder, file_name, town):
    a = run(getattr(L, builder)(), file_name)
    assert counts(a) == (3, 3, 0, 0), [(p.row, p.reason) for p in a.problems]
    assert a.towns == [town]
    assert set(a.frame["town"]) == {town}
    assert a.report_month == MARCH


def test_no_town_anywhere_rejects_rows_with_reason():
    a = run(L.no_town_anywhere(), "ledger.xlsx")
    assert counts(a) == (3, 0, 3, 0)
    assert rejected_rows(a) == {3, 4, 5}
    for p in a.problems:
        assert any(w in p.reason for w in ("乡镇", "街道")), p.reason


def test_no_town_anywhere_town_given():
    a = run(L.no_town_anywhere(), "ledger.xlsx", town="东城街道")
    assert counts(a) == (3, 3, 0, 0)
    assert set(a.frame["town"]) == {"东城街道"}


def test_month_from_sheet_name():
    a = run(L.month_only_in_sheet_name(), "ledger.xlsx")
    assert counts(a) == (2, 2, 0, 0)
    assert a.report_month == date(2025, 2, 1)


def test_title_month_beats_month_given():
    """Contract order: title/period line, sheet name, file name, then the analyst's month."""
    a = run(L.no_town_anywhere(), "ledger.xlsx", town="东城街道", month=date(2025, 4, 1))
    assert a.report_month == MARCH


def test_no_town_no_month_uses_what_is_given():
    a = run(L.no_town_no_month(), "ledger.xlsx", town="东城街道", month=date(2025, 4, 1))
    assert counts(a) == (3, 3, 0, 0)
    assert (a.towns, a.report_month) == (["东城街道"], date(2025, 4, 1))
    b = run(L.no_town_no_month(), "ledger.xlsx", town="东城街道")
    assert b.report_month == MARCH  # latest found date 2025-03-21


def test_month_given_overrides_nothing_else_needed():
    a = run(L.town_only_in_sheet_name(), "ledger.xlsx", month=date(2025, 4, 1))
    assert a.report_month == date(2025, 4, 1)
    assert {as_date(v) for v in a.frame["report_month"]} == {date(2025, 4, 1)}


# ---------------------------------------------------------------- CSV and .xls


def test_gbk_csv_with_quoted_newline():
    a = run(L.gbk_csv(), "北坪镇隐患排查202505.csv")
    assert counts(a) == (3, 3, 0, 0)
    assert a.report_month == MAY
    assert a.towns == ["北坪镇"]
    desc = set(a.frame["description"])
    assert any(d.startswith("消防栓被遮挡") and d.endswith("无法使用") for d in desc), desc


def test_utf8_bom_csv():
    a = run(L.utf8_bom_csv(), "ledger.csv")
    assert counts(a) == (2, 2, 0, 0)
    assert a.towns == ["北坪镇"]
    assert a.report_month == MAY
    gas = a.frame[a.frame["entity_name"] == "北坪加油站"].iloc[0]
    assert gas["status"] == "rectified"
    assert as_date(gas["rectified_date"]) == date(2025, 5, 9)
    assert gas["sector"] == "hazchem"


def test_xls_ledger():
    a = run(L.xls_ledger(), "ledger.xls")
    assert counts(a) == (3, 3, 0, 0)
    assert a.towns == ["西湖镇"]
    assert a.report_month == MARCH
    rows = by_id(a)
    assert set(rows) == {"XH-1", "XH-2", "XH-3"}
    assert as_date(rows["XH-1"]["found_date"]) == date(2025, 3, 3)
    assert as_date(rows["XH-1"]["rectified_date"]) == date(2025, 3, 10)
    assert {s.name: s.role for s in a.sheets}.get("旧表") == "hidden"


# ---------------------------------------------------------------- the three shared examples


def test_example_chengguan():
    a = run(L.example_chengguan(), L.EXAMPLE_CHENGGUAN_NAME)
    assert a.kind == "hazard"
    assert counts(a) == (5, 3, 0, 2)
    assert a.towns == ["城关镇"]
    assert a.report_month == MAY
    rows = by_id(a)
    assert set(rows) == {"CG-2025-031", "CG-2025-032", "CG-2025-033"}
    assert (a.frame["level"] == "major").sum() == 1
    assert rows["CG-2025-033"]["level"] == "major"
    assert (a.frame["status"] == "open").sum() == 2
    assert as_date(rows["CG-2025-031"]["rectified_date"]) == date(2025, 5, 12)
    assert rows["CG-2025-031"]["department"] == "县教育局"
    assert rows["CG-2025-031"]["sector"] == "school"


def test_example_hexi_nanshan():
    a = run(L.example_hexi_nanshan(), L.EXAMPLE_HEXI_NAME)
    assert counts(a) == (3, 3, 0, 0)
    assert a.report_month == MAY
    assert a.frame.groupby("town").size().to_dict() == {"南山乡": 1, "河西街道": 2}
    roles = {s.name: s for s in a.sheets}
    assert roles["汇总"].role != "data" and roles["汇总"].reason
    assert roles["填表说明"].role != "data" and roles["填表说明"].reason
    nanshan = a.frame[a.frame["town"] == "南山乡"].iloc[0]
    assert as_date(nanshan["found_date"]) == date(2025, 5, 6)
    assert as_date(nanshan["deadline"]) == date(2025, 5, 20)
    assert as_date(nanshan["rectified_date"]) == date(2025, 5, 13)
    assert nanshan["status"] == "rectified"
    hexi = a.frame[a.frame["town"] == "河西街道"].set_index("entity_name")
    assert as_date(hexi.loc["河西客运站", "found_date"]) == date(2025, 5, 3)
    assert hexi.loc["河西客运站", "status"] == "rectified"
    assert as_date(hexi.loc["河西客运站", "rectified_date"]) == date(2025, 5, 8)
    assert as_date(hexi.loc["河西安置房项目工地", "found_date"]) == date(2025, 5, 21)
    assert as_date(hexi.loc["河西安置房项目工地", "deadline"]) == date(2025, 5, 28)
    assert hexi.loc["河西安置房项目工地", "status"] == "open"


def test_example_beiping_csv():
    a = run(L.example_beiping_csv(), L.EXAMPLE_BEIPING_NAME)
    assert counts(a) == (2, 2, 0, 0)
    assert a.towns == ["北坪镇"]
    assert a.report_month == MAY
    f = a.frame.set_index("entity_name")
    assert f.loc["北坪加油站", "status"] == "rectified"
    assert as_date(f.loc["北坪加油站", "rectified_date"]) == date(2025, 5, 9)
    assert f.loc["北坪宾馆", "status"] == "open"
    assert as_date(f.loc["北坪宾馆", "found_date"]) == date(2025, 5, 19)
    assert f["source_hazard_id"].isna().all()
    assert f["hazard_key"].nunique() == 2


# ---------------------------------------------------------------- vocabularies and sheet kinds


@pytest.fixture(scope="module")
def sectors_analysis():
    return run(L.sector_variants())


def test_sector_variants_all_loaded(sectors_analysis):
    n = len(L.SECTOR_VARIANTS)
    assert counts(sectors_analysis) == (n, n, 0, 0)


@pytest.mark.parametrize("raw", list(L.SECTOR_VARIANTS))
def test_sector_variant(sectors_analysis, raw):
    assert by_id(sectors_analysis)[f"SEC-{raw}"]["sector"] == L.SECTOR_VARIANTS[raw]


@pytest.fixture(scope="module")
def methods_analysis():
    return run(L.inspection_method_variants())


@pytest.mark.parametrize("raw", list(L.METHOD_VARIANTS))
def test_inspection_method_variant(methods_analysis, raw):
    assert by_id(methods_analysis)[f"MTH-{raw}"]["inspection_method"] == L.METHOD_VARIANTS[raw]


def test_per_sector_sheets():
    a = run(L.per_sector_sheets())
    assert counts(a) == (4, 4, 0, 0), [(p.sheet, p.row, p.reason) for p in a.problems]
    assert a.towns == ["东城街道"]
    rows = by_id(a)
    assert {k: rows[k]["sector"] for k in rows} == {
        "FIRE-1": "fire",
        "FIRE-2": "fire",
        "CON-1": "construction",
        "CON-2": "construction",
    }


def test_very_hidden_sheet_is_skipped():
    a = run(L.very_hidden_sheet())
    assert counts(a) == (3, 3, 0, 0)
    assert {s.name: s.role for s in a.sheets} == {"台账": "data", "_backup": "hidden"}
    assert not any(str(h).startswith("BK-") for h in a.frame["source_hazard_id"])


def test_bad_rows_csv_row_numbers_are_line_numbers():
    a = run(L.bad_rows_csv(), "ledger.csv")
    assert counts(a) == (3, 2, 1, 0)
    (p,) = a.problems
    assert p.row == 3
    assert "发现日期" in p.column
    assert str(p.raw_value) == "待定"
    assert set(by_id(a)) == {"C-1", "C-3"}


def test_total_words_inside_a_description_are_data():
    a = run(L.total_word_inside_description_csv(), "东城街道2025年3月隐患.csv")
    assert counts(a) == (3, 3, 0, 0)
    assert set(a.frame["description"]) == {"共计3处插座老化", "小计量器具未检定", "消防通道堵塞"}


def test_utf16_tab_text_loaded_or_refused():
    try:
        a = run(L.utf16_tab_text_as_csv(), L.EXAMPLE_BEIPING_NAME)
    except pipeline.RefusedFile as e:
        assert has_chinese(e.message_zh)
        return
    assert counts(a) == (2, 2, 0, 0)
    assert set(a.frame["entity_name"]) == {"北坪加油站", "北坪宾馆"}
