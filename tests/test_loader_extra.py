"""Loader behaviours found on the demo files and by review (beyond the per-quirk suite)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from etl.ingest import pipeline
from etl.ingest.pipeline import RefusedFile, analyse
from etl.store.writes import ingest_many

HEADER = ["序号", "行业领域", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改期限", "整改状态"]


def _xlsx(rows: list[list], title: str = "Sheet1") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _counts(a):
    return a.rows_read, a.rows_loaded, a.rows_rejected, a.rows_skipped


def test_prenumbered_blank_template_rows_are_not_rejected():
    """Templates arrive with 序号 1..20 filled and only some lines used."""
    rows = [["城关镇2025年5月隐患排查整改台账"], HEADER,
            [1, "消防", "甲商场", "通道堵塞", "一般", dt.datetime(2025, 5, 3), dt.datetime(2025, 5, 10), "已整改"],
            [2, "学校", "乙小学", "护栏松动", "一般", dt.datetime(2025, 5, 4), dt.datetime(2025, 5, 11), "整改中"]]
    rows += [[n] for n in range(3, 8)]
    a = analyse(_xlsx(rows), "ledger.xlsx")
    assert _counts(a) == (7, 2, 0, 5)
    assert a.problems == []


def test_stray_text_outside_the_table_is_non_data():
    rows = [["城关镇2025年5月隐患排查整改台账"], HEADER,
            [1, "消防", "甲商场", "通道堵塞", "一般", dt.datetime(2025, 5, 3), dt.datetime(2025, 5, 10), "已整改"],
            [None] * 12 + ["草稿，勿删"]]
    a = analyse(_xlsx(rows), "ledger.xlsx")
    assert _counts(a) == (2, 1, 0, 1)


def test_signature_footer_with_colon_is_non_data():
    rows = [["县应急管理局2025年5月执法检查台账"],
            ["检查时间", "乡镇", "被检查单位", "行业类别", "检查方式", "执法人员", "查出隐患数", "其中重大隐患", "罚款（万元）"],
            [dt.datetime(2025, 5, 6), "城关镇", "甲厂", "工贸", "四不两直", "张某、李某", 2, 1, 1.5],
            ["执法人员签字：", None, None, "负责人：", None, None, "联系电话：", "0000-0000000"]]
    a = analyse(_xlsx(rows), "县应急管理局2025年5月执法检查台账.xlsx")
    assert a.kind == "inspection"
    assert _counts(a) == (2, 1, 0, 1)
    assert a.frame["penalty_yuan"].tolist() == [15000.0]
    assert a.frame["inspection_method"].tolist() == ["unannounced"]


def test_registry_dated_by_year_only():
    rows = [["安宁县监管对象名录（2025年版）"], ["单位名称", "乡镇", "行业领域", "监管部门", "统一社会信用代码", "风险等级"],
            ["甲厂", "城关镇", "工贸", "县应急管理局", "91000000MA0000000X", "橙"]]
    a = analyse(_xlsx(rows), "名录.xlsx")
    assert a.kind == "registry"
    assert a.report_month == dt.date(2025, 1, 1)
    assert a.frame["risk_level"].tolist() == ["orange"]


def test_impossible_calendar_date_is_rejected_not_crashing():
    rows = [["城关镇2025年5月隐患排查整改台账"], HEADER,
            [1, "消防", "甲商场", "通道堵塞", "一般", "2025/2/30", None, "整改中"]]
    a = analyse(_xlsx(rows), "ledger.xlsx")
    assert _counts(a) == (1, 0, 1, 0)
    assert "2025/2/30" in a.problems[0].reason


def test_unforeseen_failure_becomes_a_refusal_and_the_batch_goes_on(tmp_path, monkeypatch):
    good = tmp_path / "城关镇2025年5月台账.xlsx"
    good.write_bytes(_xlsx([["城关镇2025年5月隐患排查整改台账"], HEADER,
                            [1, "消防", "甲商场", "通道堵塞", "一般", dt.datetime(2025, 5, 3), None, "整改中"]]))
    odd = tmp_path / "odd.xlsx"
    odd.write_bytes(b"placeholder")
    real = pipeline._analyse

    def flaky(data, file_name, **kw):
        if file_name == "odd.xlsx":
            raise KeyError("something nobody foresaw")
        return real(data, file_name, **kw)

    monkeypatch.setattr(pipeline, "_analyse", flaky)
    with pytest.raises(RefusedFile) as exc:
        analyse(b"x", "odd.xlsx")
    assert "意外错误" in exc.value.message_zh
    reports = ingest_many([odd, good], db=tmp_path / "w.duckdb")
    assert [r.status for r in reports] == ["refused", "loaded"]


def test_zip_part_flagged_encrypted_is_refused_as_damaged():
    """Found by the long fuzz campaign: zipfile raises RuntimeError for a part whose
    'encrypted' flag is set; that must be the damaged-file sentence, not an unexpected error."""
    import struct

    data = bytearray(_xlsx([HEADER, [1, "消防", "甲商场", "通道堵塞", "一般", dt.datetime(2025, 5, 3), None, "整改中"]]))
    cd = data.find(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, cd + 8)[0]
    struct.pack_into("<H", data, cd + 8, flags | 0x1)  # central directory: general purpose bit 0 = encrypted
    with pytest.raises(RefusedFile) as exc:
        analyse(bytes(data), "城关镇2025年5月台账.xlsx")
    assert "意外错误" not in exc.value.message_zh
    assert "损坏" in exc.value.message_zh
