"""File-level refusals (exceptions with a sentence) and row-level problems (data)."""

from __future__ import annotations

from dataclasses import dataclass


class RefusedFile(Exception):
    """The file as a whole cannot be loaded. The message says what is wrong and how to fix it."""

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class Problem:
    """One rejected cell/row: where it is, what it held, and why, in plain Chinese."""

    sheet: str
    row: int  # Excel row number, 1-based
    column: str  # the column's header as written in the file (or the contract label)
    raw_value: str
    reason: str
    reason_en: str


# --- the catalogue of refusals: one place, so the wording stays consistent ---


def not_a_spreadsheet(name: str) -> RefusedFile:
    return RefusedFile(
        f"“{name}”不是可识别的表格文件（应为 .xlsx、.xls 或 .csv），请用 Excel 另存为 .xlsx 后重新导入。",
        f"'{name}' is not a spreadsheet (.xlsx, .xls or .csv); save it from Excel as .xlsx and upload again.",
    )


def encrypted(name: str) -> RefusedFile:
    return RefusedFile(
        f"“{name}”设置了打开密码（已加密），无法读取；请在 Excel 中取消密码后另存再导入。",
        f"'{name}' is password-protected (encrypted); remove the password in Excel, save, and upload again.",
    )


def corrupt(name: str, detail: str) -> RefusedFile:
    return RefusedFile(
        f"“{name}”文件已损坏或格式不完整，无法读取（{detail}）；请重新从 Excel 另存后导入。",
        f"'{name}' is damaged or incomplete and cannot be read ({detail}); re-save it from Excel and upload again.",
    )


def empty_file(name: str) -> RefusedFile:
    return RefusedFile(
        f"“{name}”中没有任何数据（所有工作表都是空的），请检查是否发错了文件。",
        f"'{name}' contains no data (every sheet is empty); check that this is the right file.",
    )


def too_big(name: str, detail: str) -> RefusedFile:
    return RefusedFile(
        f"“{name}”过大，超出导入上限（{detail}）；请拆分为多个文件后再导入。",
        f"'{name}' is too large to load ({detail}); split it into smaller files.",
    )


def bad_encoding(name: str) -> RefusedFile:
    return RefusedFile(
        f"无法识别“{name}”的文字编码（不是 GBK/GB18030 或 UTF-8）；请用 Excel 打开后另存为 .xlsx 再导入。",
        f"Cannot tell the text encoding of '{name}' (not GBK/GB18030 or UTF-8); open it in Excel and save as .xlsx.",
    )


def no_header(name: str) -> RefusedFile:
    return RefusedFile(
        f"“{name}”中找不到可识别的表头（如“发现日期”“行业领域”“单位名称”“隐患描述”）；"
        "请确认这是隐患台账、检查记录或监管对象名录，或下载导入模板对照填写。",
        f"No recognisable header found in '{name}' (e.g. 发现日期, 行业领域, 单位名称, 隐患描述); make sure it is a "
        "hazard ledger, inspection log or registry, or use the import template.",
    )


def missing_columns(name: str, sheet: str, labels_zh: list[str], labels_en: list[str]) -> RefusedFile:
    return RefusedFile(
        f"“{name}”工作表“{sheet}”缺少必填列：{'、'.join(labels_zh)}；请补上这些列（列名可参照导入模板）后再导入。",
        f"Sheet '{sheet}' of '{name}' lacks required columns: {', '.join(labels_en)}; add them (see the template).",
    )
