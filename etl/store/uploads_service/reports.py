"""Reports as .xlsx: the validation report of a preview and the error report of an upload."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.ingest.pipeline import Analysis
from etl.store.uploads_service.history import upload_errors
from etl.store.uploads_service.model import FilePreview
from etl.xlsx import workbook_bytes  # noqa: E402,F401 - re-exported by the package

PROBLEM_COLUMNS = {"sheet": "工作表", "row": "Excel行号", "column": "列", "raw_value": "原始值", "reason": "原因"}


def problems_frame(a: Analysis | None) -> pd.DataFrame:
    if a is None or not a.problems:
        return pd.DataFrame(columns=list(PROBLEM_COLUMNS.values()))
    return pd.DataFrame([{PROBLEM_COLUMNS[k]: getattr(p, k) for k in PROBLEM_COLUMNS} for p in a.problems])


# The check report goes back to a town's clerk: Chinese headers, words for codes, no internal keys.
DIFF_HEADERS = {"town": "乡镇（街道）", "entity_name": "单位名称", "description": "隐患描述", "found_date": "发现日期",
                "status": "本次台账状态", "current_status": "看板现有状态", "current_month": "现有状态的报送月份",
                "report_month": "报送月份", "source_row": "Excel行号"}  # fmt: skip
STATUS_ZH = {"open": "未整改", "rectified": "已整改"}
KIND_ZH = {"hazard": "隐患排查整改台账", "inspection": "安全检查记录", "registry": "监管对象名录"}


def clerk_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A diff table for the clerk: hazard keys dropped, statuses in words, headers in Chinese."""
    out = df.drop(columns=[c for c in ("hazard_key",) if c in df.columns]).copy()
    for col in ("status", "current_status"):
        if col in out.columns:
            out[col] = [STATUS_ZH.get(v, v) for v in out[col]]
    for col in ("current_month", "report_month"):
        if col in out.columns:
            out[col] = [f"{pd.Timestamp(v):%Y年%m月}" if pd.notna(v) else "" for v in out[col]]
    return out.rename(columns=DIFF_HEADERS)


def validation_report_xlsx(pv: FilePreview) -> bytes:
    """The report an analyst sends back to a town: summary, rejected rows, warnings, diff."""
    a = pv.analysis
    summary = [("文件", pv.file_name), ("状态", pv.message_zh or "可导入")]
    if a is not None:
        summary += [("类型", KIND_ZH.get(a.kind, a.kind)), ("报送月份", f"{a.report_month:%Y-%m}"), ("乡镇", "、".join(a.towns)),
                    ("读取行数", a.rows_read), ("将导入", a.rows_loaded), ("拒绝", a.rows_rejected), ("非数据行", a.rows_skipped),
                    ("其中“无隐患”行计为检查（未发现隐患）", a.visits_found)]
    sheets = [("概要", pd.DataFrame(summary, columns=["项目", "内容"])), ("被拒绝的行", problems_frame(a)),
              ("提示", pd.DataFrame({"提示": pv.warnings}))]
    if pv.diff is not None:
        sheets += [("新增隐患", clerk_frame(pv.diff.new)), ("状态变化", clerk_frame(pv.diff.status_changes))]
        if pv.diff.cumulative:
            sheets.append(("累计台账中缺少", clerk_frame(pv.diff.missing)))
    return workbook_bytes(sheets)


def error_report_xlsx(upload_id: int, *, con=None, db: Path | None = None) -> bytes:
    df = upload_errors(upload_id, con=con, db=db).rename(columns={
        "sheet": "工作表", "source_row": "Excel行号", "column_name": "列", "raw_value": "原始值", "reason": "原因"})
    return workbook_bytes([(f"上传{upload_id}被拒绝的行", df)])
