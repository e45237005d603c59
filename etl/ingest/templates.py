"""Blank import templates (.xlsx): hazard ledger, inspection log, registry of units.

Each has the contract's column headers (docs/DATA_CONTRACT.md §3, canonical Chinese labels), drop-down
lists (data validation) for sector, level, status, inspection method and risk level, date-
formatted date columns with a date check, a 填表说明 instructions sheet and a hidden 字典 sheet
holding the lists. The loader skips both (instructions by name, hidden sheets), so a filled-in
template loads as it is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from etl.contract import KINDS
from etl.ingest.vocab import METHODS, SECTORS

ROWS = 1000  # rows prepared with formats and drop-downs
HEADER_ROW = 3  # title, 填报单位 line, header

SECTOR_NAMES = [vs[0] for vs in SECTORS.values()]
METHOD_NAMES = [vs[0] for vs in METHODS.values()]
LEVEL_NAMES = ["一般", "重大"]
STATUS_NAMES = ["未整改", "已整改"]
RISK_NAMES = ["红色", "橙色", "黄色", "蓝色"]
DICT_SHEET = "字典"
INSTR_SHEET = "填表说明"


@dataclass(frozen=True)
class Col:
    header: str
    width: int = 14
    kind: str = "text"  # text | date | int | money | list:<name>
    required: bool = False
    note: str = ""


COLUMNS: dict[str, list[Col]] = {
    "hazard": [
        Col("序号", 6, "int"),
        Col("隐患编号", 16, note="本单位的隐患编号；下月台账中同一隐患请沿用同一编号"),
        Col("乡镇（街道）", 14, required=True, note="也可在标题中写明，如“城关镇2025年3月隐患排查整改台账”"),
        Col("行业领域", 14, "list:sector", True, "从下拉列表选择"),
        Col("单位名称", 26, required=True, note="单位名称与隐患描述至少填一项"),
        Col("隐患描述", 40, required=True),
        Col("隐患等级", 10, "list:level", note="不填按一般隐患"),
        Col("发现日期", 12, "date", True, "日期格式，如 2025-03-05"),
        Col("整改期限", 12, "date"),
        Col("整改状态", 10, "list:status", note="已整改且填了完成日期，或未整改"),
        Col("整改完成日期", 14, "date"),
        Col("责任部门", 18),
        Col("检查方式", 12, "list:method"),
        Col("备注", 20),
    ],
    "inspection": [
        Col("序号", 6, "int"),
        Col("检查日期", 12, "date", True, "日期格式，如 2025-03-05"),
        Col("乡镇（街道）", 14, required=True),
        Col("行业领域", 14, "list:sector", True),
        Col("检查部门", 18),
        Col("被检查单位", 26, required=True),
        Col("检查方式", 12, "list:method"),
        Col("检查人员", 16),
        Col("发现隐患数", 10, "int"),
        Col("重大隐患数", 10, "int"),
        Col("罚款金额（元）", 14, "money", note="单位：元；没有罚款填 0 或不填"),
        Col("备注", 20),
    ],
    "registry": [
        Col("序号", 6, "int"),
        Col("单位名称", 30, required=True),
        Col("乡镇（街道）", 14, required=True),
        Col("行业领域", 14, "list:sector", True),
        Col("监管部门", 18),
        Col("统一社会信用代码", 22, note="18 位，按文本填写"),
        Col("风险等级", 10, "list:risk"),
        Col("备注", 20),
    ],
}

TITLES = {
    "hazard": "＿＿＿＿乡镇（街道）＿＿＿＿年＿＿月安全生产隐患排查整改台账",
    "inspection": "＿＿＿＿单位＿＿＿＿年＿＿月安全生产检查记录",
    "registry": "＿＿＿＿乡镇（街道）监管对象名录",
}
FILE_NAMES = {"hazard": "隐患排查整改台账_模板.xlsx", "inspection": "安全检查记录_模板.xlsx",
              "registry": "监管对象名录_模板.xlsx"}

LISTS = {"sector": SECTOR_NAMES, "level": LEVEL_NAMES, "status": STATUS_NAMES, "method": METHOD_NAMES,
         "risk": RISK_NAMES}

_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
_REQ_FILL = PatternFill("solid", fgColor="C00000")
_THIN = Side(style="thin", color="BFBFBF")


def _instructions(kind: str) -> list[str]:
    cols = COLUMNS[kind]
    lines = [
        "填表说明",
        "",
        "1. 请在第 1 行标题中填写乡镇（街道）名称和报送年月（如“城关镇2025年3月安全生产隐患排查整改台账”），"
        "或在文件名中写明（如“城关镇2025年3月隐患台账.xlsx”）。",
        f"2. 从第 {HEADER_ROW + 1} 行起每行填写一条记录；不要合并单元格，不要插入小计、合计行。",
        "3. 表头（深蓝色、红色为必填）请勿修改、删除或调换顺序；不需要的列留空即可。",
        "4. 带下拉箭头的列请从列表中选择；日期列请填写日期（如 2025-03-05），不要写“待定”等文字。",
        "5. 不要设置打开密码；请保存为 .xlsx 格式。",
    ]
    if kind == "hazard":
        lines.append("6. 上月未整改完的隐患，本月请继续列出并更新整改状态，隐患编号保持不变。")
    lines += ["", "各列说明："]
    for c in cols:
        lines.append(f"· {c.header}{'（必填）' if c.required else ''}{'：' + c.note if c.note else ''}")
    return lines


def build_template(kind: str) -> bytes:
    """A blank template of one kind as .xlsx bytes."""
    if kind not in KINDS:
        raise ValueError(f"unknown template kind {kind!r}")
    cols = COLUMNS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = {"hazard": "隐患台账", "inspection": "检查记录", "registry": "监管对象"}[kind]
    n = len(cols)
    last = get_column_letter(n)
    ws["A1"] = TITLES[kind]
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = "填报单位：　　　　　　　　填报日期：　　　　年　　月　　日"
    ws.merge_cells(f"A2:{last}2")
    for j, c in enumerate(cols, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=c.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _REQ_FILL if c.required else _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
        ws.column_dimensions[get_column_letter(j)].width = c.width
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)

    # the lists on a hidden dictionary sheet (a list over 255 characters cannot be inline)
    dws = wb.create_sheet(DICT_SHEET)
    for j, (name, values) in enumerate(LISTS.items(), start=1):
        dws.cell(row=1, column=j, value=name)
        for i, v in enumerate(values, start=2):
            dws.cell(row=i, column=j, value=v)
    dws.sheet_state = "hidden"
    list_ref = {name: f"{DICT_SHEET}!${get_column_letter(j)}$2:${get_column_letter(j)}${len(v) + 1}"
                for j, (name, v) in enumerate(LISTS.items(), start=1)}

    first, end = HEADER_ROW + 1, HEADER_ROW + ROWS
    date_dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                             allow_blank=True, showErrorMessage=True, errorTitle="日期格式",
                             error="请填写日期，如 2025-03-05。", promptTitle="日期", prompt="如 2025-03-05")
    int_dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, error="请填写不小于 0 的整数。")
    money_dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, error="请填写金额（元），不小于 0。")
    for dv in (date_dv, int_dv, money_dv):
        ws.add_data_validation(dv)
    for j, c in enumerate(cols, start=1):
        letter = get_column_letter(j)
        rng = f"{letter}{first}:{letter}{end}"
        if c.kind == "date":
            date_dv.add(rng)
            for r in range(first, end + 1):
                ws.cell(row=r, column=j).number_format = "yyyy-mm-dd"
        elif c.kind == "int" and c.header != "序号":
            int_dv.add(rng)
        elif c.kind == "money":
            money_dv.add(rng)
            for r in range(first, end + 1):
                ws.cell(row=r, column=j).number_format = "#,##0.00"
        elif c.kind.startswith("list:"):
            name = c.kind.split(":", 1)[1]
            dv = DataValidation(type="list", formula1=f"={list_ref[name]}", allow_blank=True, showErrorMessage=True,
                                errorTitle="请从列表选择", error=f"“{c.header}”请从下拉列表中选择。")
            ws.add_data_validation(dv)
            dv.add(rng)
        elif c.header == "统一社会信用代码" or c.header == "隐患编号":
            for r in range(first, end + 1):
                ws.cell(row=r, column=j).number_format = "@"  # text: keep leading zeros

    iws = wb.create_sheet(INSTR_SHEET, 1)
    for i, line in enumerate(_instructions(kind), start=1):
        iws.cell(row=i, column=1, value=line)
    iws["A1"].font = Font(bold=True, size=14)
    iws.column_dimensions["A"].width = 110
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
