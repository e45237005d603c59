"""The reading report: what `etl load` (compact) and `etl load --explain` (full) print, and the
rows the upload page shows — every column with how it was read, legends, ticks, contest losers,
and every default or free-text decision with counts and examples, in either language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from etl.ingest.pipeline import analyse
from etl.ingest.reading_report import column_rows, sheet_lines, text_report
from tests.fixtures import ledgers_v2 as V

ROOT = Path(__file__).resolve().parent.parent


def test_compact_report_of_a_check_mark_ledger():
    a = analyse(V.yhpc_check_marks(), "城关镇台账.xlsx")
    assert text_report(a) == [
        "  读法 reading “隐患排查”: 8 列已识别 columns read; 勾选 ticks: 治理状态(未治理|已治理)",
        "    “无隐患”行 1 行（不作为隐患导入，计为已报送）：城关镇 城关小学 2025-04-12",
        "    其中 1 条无隐患记录计为检查（未发现隐患）：城关小学 2025-04-12",
        "  提示 warning: 表中无乡镇列，乡镇按标题定为“城关镇”",
        "  提示 warning: “无隐患”行：不作为隐患导入，计为该乡镇本月已报送：1 行",
        "  提示 warning: “无隐患”行写明了单位和日期：计为一次检查（未发现隐患）：1 行（如：城关小学 2025-04-12）",
    ]


def test_compact_report_names_contest_losers():
    a = analyse(V.level_contest(), "x.xlsx")
    assert text_report(a)[0] == "  读法 reading “Sheet1”: 7 列已识别 columns read; 落选 lost: 等级→隐患级别"


def test_column_rows_in_both_languages():
    a = analyse(V.level_contest(), "x.xlsx")
    zh = {r["column"]: (r["field"], r["how"]) for r in column_rows(a.sheets[0], "zh")}
    en = {r["column"]: (r["field"], r["how"]) for r in column_rows(a.sheets[0], "en")}
    assert zh["隐患级别"] == ("隐患等级", "同义列名")
    assert en["隐患级别"] == ("level", "a synonym")
    assert zh["等级"][0] == "—" and "落选" in zh["等级"][1] and "隐患级别" in zh["等级"][1]
    assert en["等级"][1].startswith("lost the contest to '隐患级别'")
    assert len(zh) == 8  # every source column appears once


def test_legend_and_title_lines():
    a = analyse(V.level_codes_with_dictionary(), "x.xlsx")
    assert sheet_lines(a.sheets[0], "zh") == ["隐患等级图例（“字典”工作表）：1=一般 2=较大 3=重大"]
    assert sheet_lines(a.sheets[0], "en") == ["legend for level (“字典”工作表): 1=一般 2=较大 3=重大"]
    b = analyse(V.major_by_title(), "x.xlsx")
    assert sheet_lines(b.sheets[0], "zh") == ["无隐患等级列：按标题“城关镇2025年4月重大事故隐患挂牌督办台账”全部定为重大"]


def test_supervisor_standing_for_the_department_is_a_reading_line():
    a = analyse(V.supervisor_without_department(), "x.xlsx")
    rows = [(r["column"], r["field"], r["how"]) for r in column_rows(a.sheets[0], "zh")]
    assert ("督办单位", "责任部门", "表中无责任部门列，督办单位兼作责任部门") in rows
    assert any(n.code == "department_from_supervisor" for n in a.notices)


def test_cli_explain_prints_every_column_and_bilingual_notices(tmp_path):
    f = tmp_path / "城关镇2025年4月隐患台账.xlsx"
    f.write_bytes(V.dates_and_phrases())
    proc = subprocess.run([sys.executable, "-m", "etl", "load", "--dry-run", "--explain", "--db",
                           str(tmp_path / "w.duckdb"), str(f)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Traceback" not in out + proc.stderr
    assert "  读法 reading “Sheet1”（表头第 2 行 header row 2）:" in out
    assert "    整改期限 → 整改期限 / deadline  [列名即字段名 / the field's own name]" in out
    assert ("  提示 warning: 整改期限为“长期”，按“无期限”导入：1 行（如：长期） / deadline 'long-term' (长期), "
            "loaded without a deadline: 1 rows (e.g. 长期)") in out
    compact = subprocess.run([sys.executable, "-m", "etl", "load", "--dry-run", "--db", str(tmp_path / "w.duckdb"),
                              str(f)], capture_output=True, text=True, cwd=ROOT, timeout=120).stdout
    assert "  读法 reading “Sheet1”: 9 列已识别 columns read" in compact
    assert "整改期限 → 整改期限" not in compact


def test_control_characters_in_a_header_never_reach_the_terminal():
    csv_text = ("隐患编号,行业领域,单位名称,隐患描述,发现日期,备\x1b[2J忘x\r\n"
                "Z-1,消防,甲,乙,2025-04-01,x\r\n")
    a = analyse(csv_text.encode("utf-8"), "城关镇2025年4月.csv")
    lines = text_report(a, full=True)
    assert any("[2J忘x" in line and "not recognised" in line for line in lines)  # the ignored column is listed
    assert all("\x1b" not in line for line in lines)


def test_sheet_reasons_follow_the_language():
    a = analyse(V.level_codes_with_dictionary(), "x.xlsx")
    dictionary = a.sheets[1]
    assert dictionary.reason_code == "instructions"
    assert dictionary.reason_text("zh") == dictionary.reason == "填表说明/字典类工作表，不是数据"
    assert dictionary.reason_text("en") == "instructions or dictionary sheet, not data"
    b = analyse(V.yhpc_check_marks(), "x.xlsx")
    assert b.sheets[0].reason_text("en") == "non-data rows: nothing to report (counts as a report received) 1"


def test_refusals_and_rejections_carry_codes():
    import pytest

    from etl.problems import RefusedFile
    from tests.fixtures import ledgers as L

    for data, code in ((L.encrypted_ooxml_package(), "encrypted"), (L.title_but_no_header(), "no_header"),
                       (L.only_sheet_empty(), "empty_file")):
        with pytest.raises(RefusedFile) as exc:
            analyse(data, "x.xlsx")
        assert exc.value.code == code and exc.value.params["name"] == "x.xlsx"
    a = analyse(V.level_codes_unexplained(), "x.xlsx")
    assert {p.code for p in a.problems} == {"code_unexplained"}
